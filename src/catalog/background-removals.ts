import type { ToolDefinition } from './define-tool.ts';
import { jobKinds } from './job-kinds.ts';
import { pricing } from './pricing.ts';
import { v3Tool } from './v3-tool.ts';

const area = 'background-removals';

/** Tools for HeyGen video background removal. */
export const backgroundRemovals: readonly ToolDefinition[] = [
  v3Tool('background_removal_create', {
    title: 'Remove video background',
    description:
      'Remove the background of a video (video: url, asset_id or base64). layers picks outputs: foreground ' +
      '(subject on transparency), mask, background. Retries are safe: heygate sets request_id from the ' +
      'request when you leave it out (the same id returns the same job, charged once). Returns the job (id); wait ' +
      'with background_removal_wait.',
    area,
    access: 'write',
    idempotent: false,
    idempotencyField: 'request_id',
    job: jobKinds.background_removal,
    portability: { accountScoped: ['video.asset_id'] },
    cost: pricing.background_removal_create,
  }),
  v3Tool('background_removal_get', {
    title: 'Get background removal',
    description:
      'Status (pending, processing, completed, failed) of a background removal job (job_id) and, when completed, ' +
      'download URLs of the requested layers.',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: ['job_id'] },
  }),
  v3Tool('background_removal_list', {
    title: 'List background removals',
    description: 'One page of background removal jobs, newest first. Returns data[], has_more, next_token.',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: ['*'] },
  }),
  v3Tool('background_removal_delete', {
    title: 'Delete background removal',
    description: 'Delete a background removal job and its outputs. Cannot be undone through the API.',
    area,
    access: 'destructive',
    idempotent: true,
    portability: { accountScoped: ['job_id'] },
  }),
];
