import type { ToolDefinition } from './define-tool.ts';
import { jobKinds } from './job-kinds.ts';
import { pricing } from './pricing.ts';
import { v3Tool } from './v3-tool.ts';

const area = 'ai-clipping';

/** Tools for HeyGen AI clipping: cut short social clips out of a long video. */
export const aiClipping: readonly ToolDefinition[] = [
  v3Tool('ai_clipping_create', {
    title: 'Create AI clips',
    description:
      'Cut short highlight clips from a long video (video: {type:url,url} or {type:asset_id,asset_id}). ' +
      'output_settings picks durations (30, 60, 180, long), aspect ratio, captions and an editorial prompt. ' +
      'Returns the job id; wait with ai_clipping_wait, then read clips from the result.',
    area,
    access: 'write',
    idempotent: false,
    job: jobKinds.ai_clipping,
    portability: { accountScoped: ['video.asset_id'] },
    cost: pricing.ai_clipping_create,
  }),
  v3Tool('ai_clipping_get', {
    title: 'Get AI clipping job',
    description:
      'Status (pending, running, completed, failed, cancelled), progress and the produced clips with download ' +
      'URLs of one AI clipping job (job_id).',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: ['job_id'] },
  }),
  v3Tool('ai_clipping_list', {
    title: 'List AI clipping jobs',
    description:
      'One page of AI clipping jobs with their clips, newest first. Returns data[], has_more, next_token ' +
      '(limit 1-100, default 10 because items are large).',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: ['*'] },
  }),
  v3Tool('ai_clipping_delete', {
    title: 'Delete AI clipping job',
    description: 'Delete an AI clipping job and its clips. Cannot be undone through the API.',
    area,
    access: 'destructive',
    idempotent: true,
    portability: { accountScoped: ['job_id'] },
  }),
];
