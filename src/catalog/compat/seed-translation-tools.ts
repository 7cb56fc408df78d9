import { z } from 'zod';
import { lazySchema, type JobKind, type ToolDefinition } from '../define-tool.ts';
import type { PriceTable } from '../price-table.ts';
import { pricing } from '../pricing.ts';
import { defineSeedTool, looseResult, strictInput } from './define-seed-tool.ts';
import { compact, readV3Object, stringField } from './v3-result.ts';

/** Seed tools for video translation (v2 `/v2/video_translate*`, carried on `/v3/video-translations`). */

/**
 * v2 translation statuses are `pending | running | success | failed`; v3 says `completed` where v2 said
 * `success`. Other values pass through.
 */
export function toLegacyTranslationStatus(status: unknown): string {
  if (status === 'completed') return 'success';
  return typeof status === 'string' ? status : 'pending';
}

const translationJob: JobKind = {
  kind: 'video_translation',
  statusTool: 'v2_video_translate_id_status',
  idField: 'video_translate_id',
  resultIdPath: 'video_translate_id',
  statusField: 'status',
  success: ['success'],
  failure: ['failed'],
  typicalSeconds: 900,
};

/**
 * `v2_video_translate` input → `video_translation_create` input: the URL fields become v3 sources
 * (`video`, `audio`, `srt` as `{type: url, url}`) and `output_language` / `output_languages` merge into the
 * required `output_languages`. Everything else has the same name in v3.
 */
export function translateV2VideoTranslate(input: Record<string, any>): Record<string, unknown> {
  const {
    video_url: videoUrl,
    output_language: one,
    output_languages: many,
    audio_url: audioUrl,
    srt_url: srtUrl,
    ...rest
  } = input;
  const languages = [...new Set([one, ...(Array.isArray(many) ? many : [])].filter(Boolean))];
  return compact({
    ...rest,
    video: { type: 'url', url: videoUrl },
    output_languages: languages,
    audio: audioUrl ? { type: 'url', url: audioUrl } : undefined,
    srt: srtUrl ? { type: 'url', url: srtUrl } : undefined,
  });
}

const v2VideoTranslate = defineSeedTool({
  name: 'v2_video_translate',
  title: 'Translate a video (v2 compatible)',
  description:
    'Translate a video (voice, lip-sync, optional captions) from a public `video_url` into one or more ' +
    'languages (names from `v2_video_translate_target_languages`, e.g. "Spanish"). Runs on ' +
    'POST /v3/video-translations: v3 makes one job per language, so `video_translate_ids` lists them all and ' +
    '`video_translate_id` is the first. Poll `v2_video_translate_id_status` per id until success or failed.',
  area: 'video-translations',
  endpoint: { method: 'POST', path: '/v3/video-translations', host: 'api', envelope: 'v3' },
  access: 'write',
  idempotent: false,
  job: translationJob,
  cost: {
    note: `Billed like video_translation_create. ${pricing.video_translation_create.note}`,
    estimate: (input: Record<string, any>, prices: PriceTable) =>
      pricing.video_translation_create.estimate(translateV2VideoTranslate(input), prices),
  },
  portability: { accountScoped: ['brand_voice_id', 'folder_id'] },
  input: lazySchema(() =>
    z
      .strictObject({
        video_url: z.string().min(1).describe('Public URL of the video to translate'),
        output_language: z.string().min(1).optional().describe('One target language name'),
        output_languages: z.array(z.string().min(1)).optional().describe('Several target language names'),
        title: z.string().optional(),
        translate_audio_only: z.boolean().optional(),
        speaker_num: z.number().int().min(1).optional(),
        callback_id: z.string().optional(),
        callback_url: z.string().optional(),
        enable_dynamic_duration: z.boolean().optional(),
        brand_voice_id: z.string().optional(),
        keep_the_same_format: z.boolean().optional(),
        mode: z.enum(['speed', 'precision']).optional(),
        audio_url: z.string().optional().describe('Replacement audio track URL'),
        input_language: z.string().optional(),
        enable_caption: z.boolean().optional(),
        disable_music_track: z.boolean().optional(),
        enable_speech_enhancement: z.boolean().optional(),
        enable_watermark: z.boolean().optional(),
        start_time: z.number().min(0).optional(),
        end_time: z.number().min(0).optional(),
        srt_url: z.string().optional().describe('SRT subtitles URL'),
        srt_role: z.enum(['input', 'output']).optional(),
        fps_mode: z.enum(['vfr', 'cfr', 'passthrough']).optional(),
        folder_id: z.string().optional(),
      })
      .superRefine((input, context) => {
        if (!input.output_language && !input.output_languages?.length) {
          context.addIssue({
            code: 'custom',
            path: ['output_language'],
            message: '`output_language` or `output_languages` is required',
          });
        }
      }),
  ),
  output: looseResult({
    video_translate_id: z.string().nullish(),
    video_translate_ids: z.array(z.string()).nullish(),
  }),
  implementation: {
    kind: 'composite',
    async run(input, context) {
      const created = readV3Object(
        await context.call('video_translation_create', translateV2VideoTranslate(input)),
      );
      const ids = Array.isArray(created.video_translation_ids)
        ? created.video_translation_ids.filter((id): id is string => typeof id === 'string')
        : [];
      return { video_translate_id: ids[0] ?? null, video_translate_ids: ids };
    },
  },
});

const v2VideoTranslateIdStatus = defineSeedTool({
  name: 'v2_video_translate_id_status',
  title: 'Get video translation status (v2 compatible)',
  description:
    'Check a translation job: status pending, running, success or failed; on success `url` is the translated ' +
    'video (also `video_url`, `audio_url`, `srt_caption_url`, `vtt_caption_url`); on failure `message` says why. ' +
    'Runs on GET /v3/video-translations/{id} (v3 says completed, reported here as success).',
  area: 'video-translations',
  endpoint: {
    method: 'GET',
    path: '/v3/video-translations/{video_translation_id}',
    host: 'api',
    envelope: 'v3',
  },
  access: 'read',
  idempotent: true,
  portability: { accountScoped: ['video_translate_id'] },
  input: strictInput({ video_translate_id: z.string().min(1) }),
  output: looseResult({
    status: z.string().nullish(),
    url: z.string().nullish(),
    message: z.string().nullish(),
  }),
  implementation: {
    kind: 'composite',
    async run(input, context) {
      const job = readV3Object(
        await context.call('video_translation_get', { video_translation_id: input.video_translate_id }),
      );
      return {
        ...job,
        video_translate_id: stringField(job, 'id') ?? input.video_translate_id,
        title: stringField(job, 'title'),
        status: toLegacyTranslationStatus(job.status),
        url: stringField(job, 'video_url'),
        message: stringField(job, 'failure_message'),
      };
    },
  },
});

const v2VideoTranslateTargetLanguages = defineSeedTool({
  name: 'v2_video_translate_target_languages',
  title: 'List translation languages',
  description:
    'List the languages videos can be translated into, as display names (e.g. "English", "Spanish (Mexico)"); ' +
    'pass them verbatim as output_language. Runs on GET /v3/video-translations/languages.',
  area: 'video-translations',
  endpoint: { method: 'GET', path: '/v3/video-translations/languages', host: 'api', envelope: 'v3' },
  access: 'read',
  idempotent: true,
  portability: { accountScoped: [] },
  input: strictInput({}),
  output: looseResult({ languages: z.array(z.string()).nullish() }),
  implementation: {
    kind: 'composite',
    async run(_input, context) {
      const result = readV3Object(await context.call('video_translation_language_list', {}));
      return { ...result, languages: Array.isArray(result.languages) ? result.languages : [] };
    },
  },
});

/** Seed tools for video translation. */
export const seedTranslationTools: readonly ToolDefinition[] = [
  v2VideoTranslate,
  v2VideoTranslateIdStatus,
  v2VideoTranslateTargetLanguages,
];
