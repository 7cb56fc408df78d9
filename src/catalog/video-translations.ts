import type { ToolDefinition } from './define-tool.ts';
import { jobKinds } from './job-kinds.ts';
import { pricing } from './pricing.ts';
import { v3Tool } from './v3-tool.ts';

const area = 'video-translations';

/** Account-scoped ids of one translation body; stock voices are HeyGen's public library. */
function translationIds(prefix = ''): { accountScoped: string[]; publicIdPaths: string[] } {
  const paths = [
    'video.asset_id',
    'audio.asset_id',
    'srt.asset_id',
    'folder_id',
    'brand_glossary_id',
    'brand_voice_id',
    'stock_voice_config.preferred_stock_voice_ids[]',
  ];
  return {
    accountScoped: paths.map((path) => prefix + path),
    publicIdPaths: [`${prefix}stock_voice_config.preferred_stock_voice_ids[]`],
  };
}

/** Tools for HeyGen v3 video translation (dubbing with voice clone and lip-sync) and proofreading. */
export const videoTranslations: readonly ToolDefinition[] = [
  v3Tool('video_translation_create', {
    title: 'Translate video',
    description:
      'Dub a video (video: {type:url,url} or {type:asset_id,asset_id}) into output_languages with voice cloning and ' +
      'lip-sync; names come from video_translation_language_list. mode speed (default) or precision. Returns one ' +
      'video_translation_id per language; wait with video_translation_wait. Scale/Enterprise plans only. Costs money.',
    area,
    access: 'write',
    idempotent: false,
    idempotencyKey: true,
    job: jobKinds.video_translation,
    portability: { ...translationIds(), publicIdsPortable: true },
    cost: pricing.video_translation_create,
  }),
  v3Tool('video_translation_get', {
    title: 'Get video translation',
    description:
      'Status (pending, running, completed, failed) and outputs of one translation by video_translation_id: ' +
      'video_url, audio_url, caption URLs, failure_message. Use video_translation_wait to block until it ends.',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: ['video_translation_id'] },
  }),
  v3Tool('video_translation_list', {
    title: 'List video translations',
    description:
      'One page of the account’s translation jobs with status and output links. Returns data[], has_more and ' +
      'next_token; pass next_token as token for the next page.',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: ['*'] },
  }),
  v3Tool('video_translation_update', {
    title: 'Rename video translation',
    description:
      'Change the title of a translation job (video_translation_id, title). Returns the updated job.',
    area,
    access: 'write',
    idempotent: true,
    portability: { accountScoped: ['video_translation_id'] },
  }),
  v3Tool('video_translation_delete', {
    title: 'Delete video translation',
    description: 'Permanently delete a translation job and its output files. Cannot be undone.',
    area,
    access: 'destructive',
    idempotent: true,
    portability: { accountScoped: ['video_translation_id'] },
  }),
  v3Tool('video_translation_language_list', {
    title: 'List translation languages',
    description:
      'All target language names video_translation_create accepts in output_languages. Call before translating ' +
      'when unsure of the exact spelling.',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: [] },
  }),
  v3Tool('video_translation_batch_create', {
    title: 'Create video translation batch',
    description:
      'Submit up to 100 translation bodies (video_translations, same shape as video_translation_create) at once; ' +
      'each language becomes one item. Returns batch_id; wait with video_translation_batch_wait. Safe to retry: ' +
      'the gateway sends an Idempotency-Key HeyGen honours here.',
    area,
    access: 'write',
    idempotent: false,
    idempotencyKey: true,
    job: jobKinds.video_translation_batch,
    portability: { ...translationIds('video_translations[].'), publicIdsPortable: true },
    cost: pricing.video_translation_batch_create,
  }),
  v3Tool('video_translation_batch_get', {
    title: 'Get video translation batch',
    description:
      'Aggregate status and one page of items of a translation batch; each item’s id is returned as video_id ' +
      '(it is a video_translation_id). Read results with video_translation_get.',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: ['batch_id'] },
  }),
  v3Tool('video_translation_statuses_list', {
    title: 'Get many translation statuses',
    description:
      'Statuses of up to 100 translations: video_translation_ids and/or batch_ids as comma-separated strings. ' +
      'Unknown ids come back as not_found; each entry’s id is in video_id.',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: ['*', 'video_translation_ids', 'batch_ids'] },
  }),
  v3Tool('video_translation_proofread_create', {
    title: 'Start translation proofread',
    description:
      'Translate subtitles first so a person can review them before rendering: returns proofread_ids (one per ' +
      'output language). Wait with video_translation_proofread_wait, fetch subtitles with ' +
      'video_translation_proofread_srt_get, upload edits with ..._srt_update, then render with ..._generate.',
    area,
    access: 'write',
    idempotent: false,
    idempotencyKey: true,
    job: jobKinds.video_translation_proofread,
    portability: {
      accountScoped: ['video.asset_id', 'srt.asset_id', 'folder_id', 'brand_glossary_id', 'brand_voice_id'],
    },
    cost: pricing.video_translation_proofread_create,
  }),
  v3Tool('video_translation_proofread_get', {
    title: 'Get translation proofread',
    description:
      'Status (processing, completed, failed) and languages of a proofread session by proofread_id.',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: ['proofread_id'] },
  }),
  v3Tool('video_translation_proofread_srt_get', {
    title: 'Download proofread subtitles',
    description:
      'Download links for the edited (srt_url) and original (original_srt_url) subtitle files of a completed ' +
      'proofread session.',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: ['proofread_id'] },
  }),
  v3Tool('video_translation_proofread_srt_update', {
    title: 'Upload proofread subtitles',
    description:
      'Replace a proofread session’s subtitles with an edited SRT (srt: {type:url,url} or {type:asset_id,asset_id}; ' +
      'upload the file with asset_create first). Then render with video_translation_proofread_generate.',
    area,
    access: 'write',
    idempotent: true,
    portability: { accountScoped: ['proofread_id', 'srt.asset_id'] },
  }),
  v3Tool('video_translation_proofread_generate', {
    title: 'Render proofread translation',
    description:
      'Render the translated video from an approved proofread session. Returns video_translation_id; wait with ' +
      'video_translation_wait. Costs money.',
    area,
    access: 'write',
    idempotent: false,
    idempotencyKey: true,
    job: { ...jobKinds.video_translation, resultIdPath: 'video_translation_id' },
    portability: { accountScoped: ['proofread_id'] },
    cost: pricing.video_translation_proofread_generate,
  }),
];
