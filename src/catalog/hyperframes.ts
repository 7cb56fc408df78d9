import type { ToolDefinition } from './define-tool.ts';
import { jobKinds } from './job-kinds.ts';
import { pricing } from './pricing.ts';
import { v3Tool } from './v3-tool.ts';

const area = 'hyperframes';

/**
 * Tools for HyperFrames renders: an HTML/CSS/JS composition packed as a .zip turned into a video, separate
 * from `/v3/videos` (v3-additions.json; HeyGen documented it after the 85 operations).
 */
export const hyperframes: readonly ToolDefinition[] = [
  v3Tool('hyperframes_render_create', {
    title: 'Render HTML composition to video',
    description:
      'Render a HyperFrames project (a .zip with index.html or the `composition` file) to video. project: ' +
      "{type:'url'}, {type:'asset_id'} (upload the zip with asset_create) or {type:'base64', media_type:" +
      "'application/zip'}. fps 1-240, quality, format (webm/mov keep alpha), resolution (4k bills 1.5x), " +
      'aspect_ratio, variables (override data-composition-variables). Returns render_id; wait with ' +
      'hyperframes_render_wait, then read video_url. Costs money. Uncertain: 4k with webm/mov and url/base64 ' +
      'size caps are unconfirmed, so neither is refused here.',
    area,
    access: 'write',
    idempotent: false,
    idempotencyKey: true,
    job: jobKinds.hyperframes_render,
    portability: { accountScoped: ['project.asset_id'] },
    cost: pricing.hyperframes_render_create,
  }),
  v3Tool('hyperframes_render_get', {
    title: 'Get HyperFrames render',
    description:
      'Status (queued, rendering, completed, failed) of one render by render_id, with video_url, thumbnail_url, ' +
      'duration and failure_message. The links are short-lived: read the render again for fresh ones. Deleted ' +
      'renders answer 404. To block until it ends use hyperframes_render_wait. Uncertain: the fields come from ' +
      'HeyGen’s generated client, not a reference page.',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: ['render_id'] },
  }),
  v3Tool('hyperframes_render_list', {
    title: 'List HyperFrames renders',
    description:
      'One page of the account’s HyperFrames renders, newest first: data[] plus has_more and next_token (pass ' +
      'it back as token; limit 1-100, default 10). Uncertain: the limit bounds come from HeyGen’s CLI.',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: ['*'] },
  }),
  v3Tool('hyperframes_render_delete', {
    title: 'Delete HyperFrames render',
    description:
      'Soft-delete a render by render_id: afterwards hyperframes_render_get answers 404 and its video link stops ' +
      'working shortly after. Cannot be undone. Uncertain: documented by HeyGen’s HyperFrames client only.',
    area,
    access: 'destructive',
    idempotent: true,
    portability: { accountScoped: ['render_id'] },
  }),
];
