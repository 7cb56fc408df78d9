import type { ToolDefinition } from './define-tool.ts';
import { jobKinds } from './job-kinds.ts';
import { pricing } from './pricing.ts';
import { v3Tool } from './v3-tool.ts';

const area = 'lipsyncs';

const lipsyncIds = ['video.asset_id', 'audio.asset_id', 'folder_id'];

/** Tools for HeyGen v3 lipsync: replace a video's audio and re-animate the speaker's lips. */
export const lipsyncs: readonly ToolDefinition[] = [
  v3Tool('lipsync_create', {
    title: 'Create lipsync',
    description:
      'Put new audio on an existing video and re-animate the lips to match: video and audio each {type:url,url} ' +
      'or {type:asset_id,asset_id}; mode speed (default) or precision; optional start_time/end_time. Returns ' +
      'lipsync_id; wait with lipsync_wait. Costs money.',
    area,
    access: 'write',
    idempotent: false,
    idempotencyKey: true,
    job: jobKinds.lipsync,
    portability: { accountScoped: lipsyncIds },
    cost: pricing.lipsync_create,
  }),
  v3Tool('lipsync_get', {
    title: 'Get lipsync',
    description:
      'Status (pending, running, completed, failed), video_url, caption_url and failure_message of one lipsync job.',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: ['lipsync_id'] },
  }),
  v3Tool('lipsync_list', {
    title: 'List lipsyncs',
    description:
      'One page of lipsync jobs with status and links. Returns data[], has_more, next_token (limit 1-100).',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: ['*'] },
  }),
  v3Tool('lipsync_update', {
    title: 'Rename lipsync',
    description: 'Change the title of a lipsync job (lipsync_id, title). Returns the updated job.',
    area,
    access: 'write',
    idempotent: true,
    portability: { accountScoped: ['lipsync_id'] },
  }),
  v3Tool('lipsync_delete', {
    title: 'Delete lipsync',
    description: 'Permanently delete a lipsync job and its files. Cannot be undone.',
    area,
    access: 'destructive',
    idempotent: true,
    portability: { accountScoped: ['lipsync_id'] },
  }),
  v3Tool('lipsync_batch_create', {
    title: 'Create lipsync batch',
    description:
      'Submit up to 100 lipsync bodies (lipsyncs, same shape as lipsync_create) at once. Returns batch_id; wait ' +
      'with lipsync_batch_wait. Safe to retry: the gateway sends an Idempotency-Key HeyGen honours here.',
    area,
    access: 'write',
    idempotent: false,
    idempotencyKey: true,
    job: jobKinds.lipsync_batch,
    portability: { accountScoped: lipsyncIds.map((path) => `lipsyncs[].${path}`) },
    cost: pricing.lipsync_batch_create,
  }),
  v3Tool('lipsync_batch_get', {
    title: 'Get lipsync batch',
    description:
      'Aggregate status and one page of items of a lipsync batch; each item’s lipsync_id is returned as video_id.',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: ['batch_id'] },
  }),
  v3Tool('lipsync_statuses_list', {
    title: 'Get many lipsync statuses',
    description:
      'Statuses of up to 100 lipsyncs: lipsync_ids and/or batch_ids as comma-separated strings; unknown ids come ' +
      'back as not_found and each entry’s id is in video_id.',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: ['*', 'lipsync_ids', 'batch_ids'] },
  }),
];
