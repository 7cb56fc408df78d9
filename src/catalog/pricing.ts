import type { CostEstimate } from './define-tool.ts';
import { priceOf, shippedPrices, type PriceTable } from './price-table.ts';

/**
 * Cost estimates of the paid v3 creates, in US dollars, from the price table in force (price-table.ts: the
 * shipped HeyGen prices, plus the operator's overrides). An API key bills HeyGen's USD wallet per second of
 * output; OAuth calls bill the web plan instead. Output length is not known before the render, so every
 * figure here is an ESTIMATE for budgets: scripts count 150 words a minute, media of unknown length counts as
 * `unknownMediaSeconds`, and where HeyGen's rate depends on something the input does not say (a photo avatar,
 * a digital twin or a studio avatar behind an `avatar_id`) the highest of those rates is used. The notes
 * quote the shipped prices; `heygate pricing show` lists the ones in force.
 */

/** Seconds assumed for audio, video or templates whose length the input does not tell. */
const unknownMediaSeconds = 60;

/** Avatar kinds whose rates differ; an `avatar_id` does not say which it is. */
const avatarKinds = ['photo_avatar', 'digital_twin', 'studio_avatar'] as const;

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

/** A shipped price as text for a note, e.g. `$0.0667/s`. */
function shown(key: string, per = '/s'): string {
  const usd = shippedPrices.prices[key]?.usd;
  return typeof usd === 'number' ? `$${usd}${per}` : 'unpublished';
}

/** The highest rate over the avatar kinds of an engine (`avatar_iv`, `avatar_iii`, `avatar_v`). */
function highestRate(prices: PriceTable, engine: string, suffix = ''): number {
  return Math.max(...avatarKinds.map((kind) => priceOf(prices, `video.${engine}.${kind}${suffix}`)));
}

/** Per-second rate of an avatar render from its engine and resolution. */
function avatarRate(prices: PriceTable, engine: unknown, resolution: unknown): number {
  const type = isRecord(engine) && typeof engine['type'] === 'string' ? engine['type'] : 'avatar_iv';
  if (resolution !== '4k') return highestRate(prices, type) || highestRate(prices, 'avatar_iv');
  // 4K: Avatar III has one 4K rate; Avatar V (digital twins only) is billed at Avatar IV rates.
  if (type === 'avatar_iii') return priceOf(prices, 'video.avatar_iii.4k');
  return highestRate(prices, 'avatar_iv', '.4k');
}

/** Per-second rate of animating an image (a photo avatar) at a resolution. */
function photoRate(prices: PriceTable, resolution: unknown): number {
  return priceOf(prices, `video.avatar_iv.photo_avatar${resolution === '4k' ? '.4k' : ''}`);
}

/** Estimated USD of one `POST /v3/videos` body (any variant). */
function videoUsd(video: Record<string, any>, prices: PriceTable): number {
  const resolution = video['resolution'];
  switch (video['type']) {
    case 'cinematic_avatar':
      return priceOf(prices, 'video.cinematic_avatar');
    case 'image':
      return (scriptSeconds(video['script']) ?? unknownMediaSeconds) * photoRate(prices, resolution);
    case 'studio': {
      const scenes: unknown[] = Array.isArray(video['scenes']) ? video['scenes'] : [];
      return scenes.reduce<number>((total, scene) => {
        if (!isRecord(scene)) return total;
        if (scene['type'] === 'avatar_video' && isRecord(scene['input'])) {
          const input = scene['input'];
          const seconds = scriptSeconds(input['script']) ?? unknownMediaSeconds;
          return total + seconds * avatarRate(prices, input['engine'], resolution);
        }
        const seconds =
          (typeof scene['duration'] === 'number' ? scene['duration'] : undefined) ??
          scriptSeconds(scene['script']) ??
          unknownMediaSeconds;
        return total + seconds * photoRate(prices, resolution);
      }, 0);
    }
    default:
      return (
        (scriptSeconds(video['script']) ?? unknownMediaSeconds) *
        avatarRate(prices, video['engine'], resolution)
      );
  }
}

/** Seconds of source media from `start_time`/`end_time` when both are given. */
function clipSeconds(input: Record<string, any>): number {
  const start = typeof input['start_time'] === 'number' ? input['start_time'] : undefined;
  const end = typeof input['end_time'] === 'number' ? input['end_time'] : undefined;
  return start !== undefined && end !== undefined && end > start ? end - start : unknownMediaSeconds;
}

/** How many output languages a translation makes (one job each). */
function languageCount(input: Record<string, any>): number {
  return Array.isArray(input['output_languages']) ? Math.max(1, input['output_languages'].length) : 1;
}

function translationUsd(input: Record<string, any>, prices: PriceTable): number {
  const key =
    input['mode'] === 'precision'
      ? 'video_translation.precision'
      : input['translate_audio_only'] === true
        ? 'video_translation.speed_audio_only'
        : 'video_translation.speed';
  return clipSeconds(input) * priceOf(prices, key) * languageCount(input);
}

function lipsyncUsd(input: Record<string, any>, prices: PriceTable): number {
  const key = input['mode'] === 'precision' ? 'lipsync.precision' : 'lipsync.speed';
  return clipSeconds(input) * priceOf(prices, key);
}

/** Seconds an Avatar Realtime session is expected to run from its create input. */
function realtimeSeconds(input: unknown): number {
  if (!isRecord(input)) return 0;
  if (input['type'] === 'audio') return unknownMediaSeconds;
  const speech = scriptSeconds(input['text']) ?? 1;
  // A text_stream session stays open for 30 s after its last words unless closed (HeyGen's idle limit).
  return input['type'] === 'text_stream' ? speech + 30 : speech;
}

/** HeyGen bills 4k HyperFrames renders at 1.5× the 1080p rate (create-hyperframes-render reference page). */
const hyperframes4kFactor = 1.5;

/** Sums an estimate over the items of a batch field. */
function batchOf(
  field: string,
  each: (item: Record<string, any>, prices: PriceTable) => number,
): (input: any, prices: PriceTable) => number {
  return (input, prices) => {
    const items: unknown[] = isRecord(input) && Array.isArray(input[field]) ? input[field] : [];
    return round(items.reduce<number>((total, item) => total + (isRecord(item) ? each(item, prices) : 0), 0));
  };
}

const unpublished =
  'Charged by HeyGen; no published API rate in our sources, so no estimate. Check the wallet with user_me_get.';

/** Cost notes and estimates of the paid v3 tools, by tool. */
export const pricing = {
  video_create: {
    note:
      `Estimate in USD (API wallet): Avatar IV/V ${shown('video.avatar_iv.digital_twin')} (4K ` +
      `${shown('video.avatar_iv.digital_twin.4k')}; photo avatars ${shown('video.avatar_iv.photo_avatar')}), ` +
      `Avatar III up to ${shown('video.avatar_iii.photo_avatar')}, image animation ` +
      `${shown('video.avatar_iv.photo_avatar')}, Cinematic Avatar ${shown('video.cinematic_avatar', '')} per ` +
      'video. Length estimated from the script.',
    estimate: (input: any, prices: PriceTable) => round(isRecord(input) ? videoUsd(input, prices) : 0),
  },
  video_batch_create: {
    note: 'Estimate in USD: the sum of each video at video_create rates.',
    estimate: batchOf('videos', videoUsd),
  },
  template_generate: {
    note: `Estimate in USD: template length is unknown before render; counted as ${unknownMediaSeconds} s at the Avatar IV rate (${shown('video.avatar_iv.digital_twin')}).`,
    estimate: (_input: any, prices: PriceTable) =>
      round(unknownMediaSeconds * highestRate(prices, 'avatar_iv')),
  },
  video_translation_create: {
    note:
      `Estimate in USD per output language: speed ${shown('video_translation.speed')}, precision ` +
      `${shown('video_translation.precision')}, audio only ${shown('video_translation.speed_audio_only')} of ` +
      `source video (start_time..end_time, else ${unknownMediaSeconds} s assumed).`,
    estimate: (input: any, prices: PriceTable) => round(isRecord(input) ? translationUsd(input, prices) : 0),
  },
  video_translation_batch_create: {
    note: 'Estimate in USD: the sum of each translation at video_translation_create rates.',
    estimate: batchOf('video_translations', translationUsd),
  },
  video_translation_proofread_create: {
    note:
      `Estimate in USD per output language: proofreading ${shown('video_translation.proofread')} of source ` +
      `video (HeyGen's 2026-04 price; proofreads are now an Enterprise feature; ${unknownMediaSeconds} s assumed without start_time..end_time).`,
    estimate: (input: any, prices: PriceTable) =>
      round(
        isRecord(input)
          ? clipSeconds(input) * priceOf(prices, 'video_translation.proofread') * languageCount(input)
          : 0,
      ),
  },
  video_translation_proofread_generate: {
    note: `Renders the translated video: billed like a translation of the source (speed ${shown('video_translation.speed')}, precision ${shown('video_translation.precision')}).`,
  },
  lipsync_create: {
    note: `Estimate in USD: speed ${shown('lipsync.speed')}, precision ${shown('lipsync.precision')} of video (start_time..end_time, else ${unknownMediaSeconds} s assumed).`,
    estimate: (input: any, prices: PriceTable) => round(isRecord(input) ? lipsyncUsd(input, prices) : 0),
  },
  lipsync_batch_create: {
    note: 'Estimate in USD: the sum of each lipsync at lipsync_create rates.',
    estimate: batchOf('lipsyncs', lipsyncUsd),
  },
  voice_speech_create: {
    note: `Estimate in USD: Starfish text-to-speech ${shown('speech.starfish')} of audio (150 words a minute assumed).`,
    estimate: (input: any, prices: PriceTable) =>
      round(
        (scriptSeconds(isRecord(input) ? input['text'] : undefined) ?? 1) *
          priceOf(prices, 'speech.starfish'),
      ),
  },
  avatar_create: {
    note: `Estimate in USD: ${shown('avatar.photo_avatar', '')} per digital twin or photo avatar creation (prompt avatars assumed the same).`,
    estimate: (input: any, prices: PriceTable) =>
      priceOf(
        prices,
        isRecord(input) && input['type'] === 'digital_twin' ? 'avatar.digital_twin' : 'avatar.photo_avatar',
      ),
  },
  video_agent_create: {
    note: `Estimate in USD: ${shown('video_agent.video')} of the produced video; length unknown before the agent runs, counted as ${unknownMediaSeconds} s.`,
    estimate: (_input: any, prices: PriceTable) =>
      round(unknownMediaSeconds * priceOf(prices, 'video_agent.video')),
  },
  video_agent_send: {
    note: `A revision may render a new video at ${shown('video_agent.video')} (Video Agent rate); no estimate before the agent decides.`,
  },
  hyperframes_render_create: {
    note:
      'Estimate in USD: the hyperframes.render price per minute of output (4k at 1.5×), length counted as ' +
      `${unknownMediaSeconds} s. HeyGen's rate table is not in our sources, so nothing is estimated until the operator sets it (heygate pricing set).`,
    estimate: (input: any, prices: PriceTable) =>
      round(
        (unknownMediaSeconds / 60) *
          priceOf(prices, 'hyperframes.render') *
          (isRecord(input) && input['resolution'] === '4k' ? hyperframes4kFactor : 1),
      ),
  },
  avatar_realtime_create: {
    note:
      `Estimate in USD: ${shown('avatar_realtime.session')} of session — the spoken text (150 words a minute) ` +
      `plus the 30 s idle window for text_stream; audio sessions counted as ${unknownMediaSeconds} s.`,
    estimate: (input: any, prices: PriceTable) =>
      round(realtimeSeconds(input) * priceOf(prices, 'avatar_realtime.session')),
  },
  avatar_realtime_text_append: {
    note: `Estimate in USD: ${shown('avatar_realtime.session')} of session for the appended words (150 words a minute).`,
    estimate: (input: any, prices: PriceTable) =>
      round(
        (scriptSeconds(isRecord(input) ? input['delta'] : undefined) ?? 0) *
          priceOf(prices, 'avatar_realtime.session'),
      ),
  },
  voice_clone_create: { note: unpublished },
  voice_create: { note: unpublished },
  ai_clipping_create: { note: unpublished },
  background_removal_create: {
    note: `${unpublished} Re-sending the same request_id returns the original job without a second charge.`,
  },
} as const satisfies Record<string, CostEstimate>;
