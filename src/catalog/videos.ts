import type { ToolDefinition } from './define-tool.ts';
import { jobKinds } from './job-kinds.ts';
import { pricing } from './pricing.ts';
import { v3Tool } from './v3-tool.ts';

const area = 'videos';

/** Account-scoped ids inside one `POST /v3/videos` body (any variant); `prefix` places them in a batch. */
function videoBodyIds(prefix = ''): { accountScoped: string[]; publicIdPaths: string[] } {
  // Avatar looks and voices may be HeyGen's public library (same id in every account); assets, engine
  // reference looks (an instant_avatar look of the caller's own group) and uploads never are.
  const publicIdPaths = [
    'avatar_id',
    'voice_id',
    'scenes[].input.avatar_id',
    'scenes[].input.voice_id',
    'scenes[].voice_id',
  ];
  const privateIds = [
    'audio_asset_id',
    'image.asset_id',
    'background.asset_id',
    'engine.reference_look_id',
    'watermark.image.asset_id',
    'references[].asset_id',
    'scenes[].input.audio_asset_id',
    'scenes[].input.engine.reference_look_id',
    'scenes[].audio_asset_id',
    'scenes[].source.asset_id',
  ];
  return {
    accountScoped: [...publicIdPaths, ...privateIds].map((path) => prefix + path),
    publicIdPaths: publicIdPaths.map((path) => prefix + path),
  };
}

/** Tools for HeyGen v3 videos: create (single and batch), read, list, delete. */
export const videos: readonly ToolDefinition[] = [
  v3Tool('video_create', {
    title: 'Create avatar video',
    description:
      'Render a video. Pick `type`: `avatar` (avatar_id look + script/voice_id or audio), `image` (animate an ' +
      'image with script or audio), `cinematic_avatar` (prompt + avatar_id list, 4-15 s, flat price) or `studio` ' +
      '(ordered scenes). Find avatar_id with avatar_look_list and voice_id with voice_list. Returns video_id and ' +
      'status at once; wait with video_wait (or pass wait), then read video_url from the result. Costs money.',
    area,
    access: 'write',
    idempotent: false,
    idempotencyKey: true,
    job: jobKinds.video,
    portability: { ...videoBodyIds(), publicIdsPortable: true },
    cost: pricing.video_create,
  }),
  v3Tool('video_get', {
    title: 'Get video',
    description:
      'Status and links of one video by video_id: status (pending, processing, completed, failed), video_url, ' +
      'thumbnail_url, captions, duration, failure_message. URLs expire after 7 days; call again for fresh ones. ' +
      'To block until a render ends use video_wait instead of polling this.',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: ['video_id'] },
  }),
  v3Tool('video_list', {
    title: 'List videos',
    description:
      'One page of the account’s videos, newest first, optionally filtered by folder_id or a title substring. ' +
      'Returns data[] plus has_more and next_token; pass next_token back as token for the next page (limit 1-100).',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: ['*', 'folder_id'] },
  }),
  v3Tool('video_delete', {
    title: 'Delete video',
    description:
      'Permanently delete a video and its files by video_id. Cannot be undone; links already shared stop working.',
    area,
    access: 'destructive',
    idempotent: true,
    portability: { accountScoped: ['video_id'] },
  }),
  v3Tool('video_batch_create', {
    title: 'Create video batch',
    description:
      'Submit up to 100 video_create bodies (`videos`, same variants) in one call. Returns batch_id at once; ' +
      'wait with video_batch_wait or read per-item video ids with video_batch_get. Use for bulk personalised ' +
      'videos; each item is billed like video_create.',
    area,
    access: 'write',
    idempotent: false,
    job: jobKinds.video_batch,
    portability: { ...videoBodyIds('videos[].'), publicIdsPortable: true },
    cost: pricing.video_batch_create,
  }),
  v3Tool('video_batch_get', {
    title: 'Get video batch',
    description:
      'Aggregate status (processing, completed, failed) and one page of items of a video batch: item_index, ' +
      'status and video_id per item. Page items with limit/token; fetch each finished video with video_get.',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: ['batch_id'] },
  }),
  v3Tool('video_statuses_list', {
    title: 'Get many video statuses',
    description:
      'Statuses of up to 100 videos in one call: video_ids and/or batch_ids as comma-separated strings. Unknown ' +
      'ids come back as not_found. Cheaper than calling video_get per video when tracking many renders.',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: ['*', 'video_ids', 'batch_ids'] },
  }),
];
