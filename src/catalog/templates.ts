import type { ToolDefinition } from './define-tool.ts';
import { jobKinds } from './job-kinds.ts';
import { pricing } from './pricing.ts';
import { v3Tool } from './v3-tool.ts';

const area = 'templates';

/** Tools for HeyGen v3 templates: videos designed in the web editor, filled with variables through the API. */
export const templates: readonly ToolDefinition[] = [
  v3Tool('template_list', {
    title: 'List templates',
    description:
      'One page of API-ready templates (made in the HeyGen editor, with variables). Returns data[], has_more, ' +
      'next_token (limit 1-100). Inspect one with template_get before generating.',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: ['*'] },
  }),
  v3Tool('template_get', {
    title: 'Get template',
    description:
      'A template’s variables (with current values, in the shape template_generate accepts) and scenes. Edit the ' +
      'variables you need and pass them to template_generate.',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: ['template_id'] },
  }),
  v3Tool('template_generate', {
    title: 'Generate video from template',
    description:
      'Render a video from a template: variables (from template_get) replace text, media, avatars and voices; ' +
      'scene_ids picks or reorders existing scenes. Returns the new video (id, status); wait with video_wait. ' +
      'Costs money.',
    area,
    access: 'write',
    idempotent: false,
    idempotencyKey: true,
    // HeyGen says replays of this call return the first request's snapshot, but the README lists it apart from
    // the endpoints that honour Idempotency-Key, so no key is relied on here: the gateway's ledger guards
    // against a paid double render instead.
    job: { ...jobKinds.video, resultIdPath: 'id' },
    portability: { accountScoped: ['template_id', 'folder_id', 'brand_voice_id', 'scene_ids[]'] },
    cost: pricing.template_generate,
  }),
];
