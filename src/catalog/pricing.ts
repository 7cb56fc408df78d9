import type { CostEstimate } from './define-tool.ts';

/**
 * Cost estimates for paid v3 creates, in USD. An API key bills HeyGen's Pay-As-You-Go USD wallet per second of
 * output (developers.heygen.com/docs/pricing, checked 2026); OAuth calls bill the web plan instead. Output
 * length is not known before the render, so every figure here is an ESTIMATE for budgets: scripts count
 * 150 words a minute, media of unknown length counts as `unknownMediaSeconds`, and where HeyGen's rate
 * depends on something the input does not say (photo avatar or digital twin) the higher rate is used.
 * HeyGen's reported usage corrects the estimate afterwards.
 */

/** USD per second of output, from HeyGen's API price list. */
const usdPerSecond = {
  /** Avatar IV/V (the v3 default engine): digital twin and studio avatars; photo avatars cost 0.05. */
  avatarIv: 0.0667,
  avatarIv4k: 0.0833,
  /** Avatar IV animating a photo/image. */
  photo: 0.05,
  photo4k: 0.0667,
  /** Avatar III (existing customers only). */
  avatarIii: 0.0167,
  avatarIii4k: 0.02,
  videoAgent: 0.0333,
  translationAudioOnly: 0.0167,
  translationSpeed: 0.0333,
  translationPrecision: 0.0667,
  lipsyncSpeed: 0.0333,
  lipsyncPrecision: 0.0667,
  /** Starfish text-to-speech. */
  speech: 0.000667,
  /** Avatar Realtime, per second of session. */
  avatarRealtime: 0.05,
} as const;

/** Flat USD prices per call or per video. */
const usdFlat = {
  /** Cinematic Avatar: per video (4-15 s), not per second. */
  cinematicAvatar: 7,
  /** Digital twin or photo avatar creation. */
  avatarCreation: 1,
} as const;

/** Seconds assumed for audio, video or templates whose length the input does not tell. */
const unknownMediaSeconds = 60;

/** Seconds a script takes to speak at about 150 words a minute (at least one second). */
function scriptSeconds(script: unknown): number | undefined {
  if (typeof script !== 'string' || script.trim() === '') return undefined;
  const words = script.trim().split(/\s+/).length;
  return Math.max(1, Math.round(words / 2.5));
}

function round(usd: number): number {
  return Math.round(usd * 10000) / 10000;
}

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null;
}

/** Per-second rate of an avatar render from its engine and resolution. */
function avatarRate(engine: unknown, resolution: unknown): number {
  const is4k = resolution === '4k';
  if (isRecord(engine) && engine['type'] === 'avatar_iii')
    return is4k ? usdPerSecond.avatarIii4k : usdPerSecond.avatarIii;
  return is4k ? usdPerSecond.avatarIv4k : usdPerSecond.avatarIv;
}

/** Estimated USD of one `POST /v3/videos` body (any variant). */
function videoUsd(video: Record<string, any>): number {
  const resolution = video['resolution'];
  switch (video['type']) {
    case 'cinematic_avatar':
      return usdFlat.cinematicAvatar;
    case 'image':
      return (
        (scriptSeconds(video['script']) ?? unknownMediaSeconds) *
        (resolution === '4k' ? usdPerSecond.photo4k : usdPerSecond.photo)
      );
    case 'studio': {
      const scenes: unknown[] = Array.isArray(video['scenes']) ? video['scenes'] : [];
      return scenes.reduce<number>((total, scene) => {
        if (!isRecord(scene)) return total;
        if (scene['type'] === 'avatar_video' && isRecord(scene['input'])) {
          const input = scene['input'];
          const seconds = scriptSeconds(input['script']) ?? unknownMediaSeconds;
          return total + seconds * avatarRate(input['engine'], resolution);
        }
        const seconds =
          (typeof scene['duration'] === 'number' ? scene['duration'] : undefined) ??
          scriptSeconds(scene['script']) ??
          unknownMediaSeconds;
        return total + seconds * (resolution === '4k' ? usdPerSecond.photo4k : usdPerSecond.photo);
      }, 0);
    }
    default:
      return (
        (scriptSeconds(video['script']) ?? unknownMediaSeconds) * avatarRate(video['engine'], resolution)
      );
  }
}

/** Seconds of source media from `start_time`/`end_time` when both are given. */
function clipSeconds(input: Record<string, any>): number {
  const start = typeof input['start_time'] === 'number' ? input['start_time'] : undefined;
  const end = typeof input['end_time'] === 'number' ? input['end_time'] : undefined;
  return start !== undefined && end !== undefined && end > start ? end - start : unknownMediaSeconds;
}

function translationUsd(input: Record<string, any>): number {
  const rate =
    input['mode'] === 'precision'
      ? usdPerSecond.translationPrecision
      : input['translate_audio_only'] === true
        ? usdPerSecond.translationAudioOnly
        : usdPerSecond.translationSpeed;
  const languages = Array.isArray(input['output_languages'])
    ? Math.max(1, input['output_languages'].length)
    : 1;
  return clipSeconds(input) * rate * languages;
}

function lipsyncUsd(input: Record<string, any>): number {
  return (
    clipSeconds(input) *
    (input['mode'] === 'precision' ? usdPerSecond.lipsyncPrecision : usdPerSecond.lipsyncSpeed)
  );
}

/** Seconds an Avatar Realtime session is expected to run from its create input. */
function realtimeSeconds(input: unknown): number {
  if (!isRecord(input)) return 0;
  if (input['type'] === 'audio') return unknownMediaSeconds;
  const speech = scriptSeconds(input['text']) ?? 1;
  return input['type'] === 'text_stream' ? speech + 30 : speech;
}

/** Sums an estimate over the items of a batch field. */
function batchOf(field: string, each: (item: Record<string, any>) => number): (input: any) => number {
  return (input) => {
    const items: unknown[] = isRecord(input) && Array.isArray(input[field]) ? input[field] : [];
    return round(items.reduce<number>((total, item) => total + (isRecord(item) ? each(item) : 0), 0));
  };
}

const unpublished =
  'Charged by HeyGen; no published API rate in our sources, so no estimate. Check the wallet with user_me_get.';

/** Cost notes and estimates of the paid v3 tools, by tool. */
export const pricing = {
  video_create: {
    note:
      'Estimate in USD (API wallet): Avatar IV/V $0.0667/s ($0.0833/s 4K; photo avatars $0.05/s), Avatar III ' +
      '$0.0167/s, image animation $0.05/s, Cinematic Avatar $7 per video. Length estimated from the script.',
    estimate: (input: any) => round(isRecord(input) ? videoUsd(input) : 0),
    unit: 'usd',
  },
  video_batch_create: {
    note: 'Estimate in USD: the sum of each video at video_create rates.',
    estimate: batchOf('videos', videoUsd),
    unit: 'usd',
  },
  template_generate: {
    note: `Estimate in USD: template length is unknown before render; counted as ${unknownMediaSeconds} s at the Avatar IV rate ($0.0667/s).`,
    estimate: () => round(unknownMediaSeconds * usdPerSecond.avatarIv),
    unit: 'usd',
  },
  video_translation_create: {
    note:
      'Estimate in USD per output language: speed $0.0333/s, precision $0.0667/s, audio only $0.0167/s of source ' +
      `video (start_time..end_time, else ${unknownMediaSeconds} s assumed).`,
    estimate: (input: any) => round(isRecord(input) ? translationUsd(input) : 0),
    unit: 'usd',
  },
  video_translation_batch_create: {
    note: 'Estimate in USD: the sum of each translation at video_translation_create rates.',
    estimate: batchOf('video_translations', translationUsd),
    unit: 'usd',
  },
  video_translation_proofread_create: {
    note: `Proofread sessions are an Enterprise feature. ${unpublished}`,
  },
  video_translation_proofread_generate: {
    note: 'Renders the translated video: billed like a translation of the source (speed $0.0333/s, precision $0.0667/s).',
  },
  lipsync_create: {
    note: `Estimate in USD: speed $0.0333/s, precision $0.0667/s of video (start_time..end_time, else ${unknownMediaSeconds} s assumed).`,
    estimate: (input: any) => round(isRecord(input) ? lipsyncUsd(input) : 0),
    unit: 'usd',
  },
  lipsync_batch_create: {
    note: 'Estimate in USD: the sum of each lipsync at lipsync_create rates.',
    estimate: batchOf('lipsyncs', lipsyncUsd),
    unit: 'usd',
  },
  voice_speech_create: {
    note: 'Estimate in USD: Starfish text-to-speech $0.000667 per second of audio (150 words a minute assumed).',
    estimate: (input: any) =>
      round((scriptSeconds(isRecord(input) ? input['text'] : undefined) ?? 1) * usdPerSecond.speech),
    unit: 'usd',
  },
  avatar_create: {
    note: 'Estimate in USD: $1.00 per digital twin or photo avatar creation (prompt avatars assumed the same).',
    estimate: () => usdFlat.avatarCreation,
    unit: 'usd',
  },
  video_agent_create: {
    note: `Estimate in USD: $0.0333 per second of the produced video; length unknown before the agent runs, counted as ${unknownMediaSeconds} s.`,
    estimate: () => round(unknownMediaSeconds * usdPerSecond.videoAgent),
    unit: 'usd',
  },
  video_agent_send: {
    note: 'A revision may render a new video at $0.0333/s (Video Agent rate); no estimate before the agent decides.',
  },
  hyperframes_render_create: {
    note: 'Billed per minute of output (4k at 1.5x); HeyGen’s rate table is not in our sources, so no estimate.',
  },
  avatar_realtime_create: {
    note:
      'Estimate in USD: $0.05 per second of session — the spoken text (150 words a minute) plus the 30 s idle ' +
      `window for text_stream; audio sessions counted as ${unknownMediaSeconds} s.`,
    estimate: (input: any) => round(realtimeSeconds(input) * usdPerSecond.avatarRealtime),
    unit: 'usd',
  },
  avatar_realtime_text_append: {
    note: 'Estimate in USD: $0.05 per second of session for the appended words (150 words a minute).',
    estimate: (input: any) =>
      round((scriptSeconds(isRecord(input) ? input['delta'] : undefined) ?? 0) * usdPerSecond.avatarRealtime),
    unit: 'usd',
  },
  voice_clone_create: { note: unpublished },
  voice_create: { note: unpublished },
  ai_clipping_create: { note: unpublished },
  background_removal_create: {
    note: `${unpublished} Re-sending the same request_id returns the original job without a second charge.`,
  },
} as const satisfies Record<string, CostEstimate>;
