import type { VoiceRecord } from '../account.ts';
import type { LibraryVoice } from '../create-public-library.ts';
import { createRandom } from '../create-random.ts';
import { EmulatorError } from '../emulator-error.ts';
import { jobPhase } from '../job.ts';
import { creditsFor, creditsPerMinute, speechSeconds } from '../pricing.ts';
import type { HandlerContext, HandlerMap } from './handler-context.ts';
import { requireVoice } from './lookups.ts';
import { newestFirst, resolveSource, seconds, text, v3List, wantsFailure, withoutFields } from './shared.ts';

function publicVoiceView(context: HandlerContext, voice: LibraryVoice): Record<string, unknown> {
  return {
    voice_id: voice.id,
    name: voice.name,
    language: voice.language,
    gender: voice.gender,
    preview_audio_url: context.url(`voices/${voice.id}/preview.mp3`),
    support_pause: voice.supportPause,
    support_locale: voice.supportLocale,
    type: 'public',
  };
}

/** v3 voice status: processing | complete | failed (HeyGen spells it `complete` here). */
function voiceStatus(context: HandlerContext, voice: VoiceRecord): 'processing' | 'complete' | 'failed' {
  if (!voice.job) return 'complete';
  const { state } = jobPhase(voice.job, context.now);
  return state === 'succeeded' ? 'complete' : state === 'failed' ? 'failed' : 'processing';
}

function privateVoiceView(context: HandlerContext, voice: VoiceRecord): Record<string, unknown> {
  const ready = voiceStatus(context, voice) === 'complete';
  return {
    voice_id: voice.id,
    name: voice.name,
    language: voice.language,
    gender: voice.gender,
    preview_audio_url: ready ? context.url(`voices/${voice.id}/preview.mp3`) : null,
    support_pause: true,
    support_locale: false,
    type: 'private',
  };
}

function matchesLanguage(voice: { language: string; locale?: string }, language: string): boolean {
  const wanted = language.toLowerCase();
  return (
    voice.language.toLowerCase() === wanted ||
    (voice.locale ?? '').toLowerCase() === wanted ||
    (voice.locale ?? '').toLowerCase().startsWith(`${wanted}-`)
  );
}

/** Synthesises speech: stores an MP3 and returns HeyGen's speech result (shared with the legacy TTS routes). */
export function synthesize(
  context: HandlerContext,
  input: { text: string; voice_id: string; speed?: number | null },
  voiceParam = 'voice_id',
): Record<string, unknown> {
  requireVoice(context, input.voice_id, voiceParam);
  const speed = input.speed && input.speed > 0 ? input.speed : 1;
  const duration = Math.round((speechSeconds(input.text) / speed) * 100) / 100;
  const credits = creditsFor(duration, creditsPerMinute.speech);
  if (credits > context.account.credits) {
    throw new EmulatorError({
      status: 402,
      code: 'insufficient_credits',
      message: `Insufficient credits: speech needs ${credits}, the account has ${context.account.credits}.`,
    });
  }
  context.account.credits -= credits;
  context.account.creditsSpent += credits;
  const requestId = context.core.newId();
  const words = input.text.split(/\s+/).filter(Boolean);
  const step = words.length > 0 ? duration / words.length : 0;
  return {
    audio_url: context.url(`speech/${requestId}.mp3`),
    duration,
    request_id: requestId,
    word_timestamps: words.map((word, index) => ({
      word,
      start: Math.round(index * step * 1000) / 1000,
      end: Math.round((index + 1) * step * 1000) / 1000,
    })),
  };
}

/** Handlers of the v3 voice endpoints. */
export const voiceHandlers: HandlerMap = {
  voice_list(context) {
    const { type, engine, language, gender } = context.input as Record<string, string | undefined>;
    if ((type ?? 'public') === 'private') {
      const voices = newestFirst(context.account.voices.values()).filter(
        (voice) => (!language || matchesLanguage(voice, language)) && (!gender || voice.gender === gender),
      );
      return v3List(
        voices.map((voice) => privateVoiceView(context, voice)),
        context.input,
        { limit: 20, max: 100 },
      );
    }
    const voices = context.core.library.voices.filter(
      (voice) =>
        (!engine || voice.engine === engine) &&
        (!language || matchesLanguage(voice, language)) &&
        (!gender || voice.gender === gender),
    );
    return v3List(
      voices.map((voice) => publicVoiceView(context, voice)),
      context.input,
      { limit: 20, max: 100 },
    );
  },

  voice_get(context) {
    const id = context.input.voice_id;
    const own = context.account.voices.get(id);
    if (own) {
      const status = voiceStatus(context, own);
      return {
        data: {
          ...withoutFields(privateVoiceView(context, own), 'support_locale', 'type'),
          status,
          created_at: seconds(own.createdAt),
          support_interactive_avatar: false,
          failure_message: status === 'failed' && own.job ? own.job.failure.message : null,
        },
      };
    }
    const voice = context.core.library.voicesById.get(id);
    if (!voice) throw EmulatorError.notFound('Voice', id);
    return {
      data: {
        ...withoutFields(publicVoiceView(context, voice), 'support_locale', 'type'),
        status: 'complete',
        created_at: null,
        support_interactive_avatar: voice.supportInteractiveAvatar,
        failure_message: null,
      },
    };
  },

  voice_create(context) {
    const { prompt, gender, locale } = context.input as { prompt: string; gender?: string; locale?: string };
    const seed = typeof context.input.seed === 'number' ? context.input.seed : 0;
    // Same prompt + seed → the same candidate voices, as HeyGen's voice design promises for a fixed seed.
    const random = createRandom(
      `${context.core.settings.seed}:design:${context.account.keyHash}:${prompt}:${seed}`,
    );
    const language = locale ? (locale.split('-')[0] ?? 'en') : 'en';
    const voices = [0, 1, 2].map((index) => {
      const id = random.id();
      const record: VoiceRecord = {
        id,
        name: `Designed voice ${index + 1}`,
        language: language === 'en' ? 'English' : language,
        gender: gender ?? (index % 2 === 0 ? 'female' : 'male'),
        createdAt: context.now,
        job: null,
      };
      context.account.voices.set(id, record);
      return {
        voice_id: id,
        name: record.name,
        language: record.language,
        gender: record.gender,
        preview_audio_url: context.url(`voices/${id}/preview.mp3`),
        support_pause: true,
        support_locale: Boolean(locale),
        type: 'private',
      };
    });
    return { data: { seed, voices } };
  },

  voice_clone_create(context) {
    resolveSource(context, context.input.audio, 'audio');
    const job = context.core.startJob(context.account, {
      kind: 'voice_clone',
      credits: 0,
      render: false,
      forceFailure: wantsFailure(context, context.input.voice_name),
      failure: {
        code: 'voice_clone_failed',
        message: 'Voice cloning failed (simulated by the heygate emulator).',
      },
    });
    const voice: VoiceRecord = {
      id: context.core.newId(),
      name: context.input.voice_name,
      language: text(context.input.language) ?? 'English',
      gender: 'unknown',
      createdAt: context.now,
      job,
    };
    context.account.voices.set(voice.id, voice);
    return { data: { voice_clone_id: voice.id } };
  },

  voice_delete(context) {
    const id = context.input.voice_id;
    if (!context.account.voices.delete(id)) throw EmulatorError.notFound('Voice', id);
    return { data: { voice_id: id } };
  },

  voice_speech_create(context) {
    return { data: synthesize(context, context.input) };
  },
};
