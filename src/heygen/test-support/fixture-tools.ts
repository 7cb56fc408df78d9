import { z } from 'zod';
import { defineTool, lazySchema, type JobKind, type ToolDefinition } from '../../catalog/define-tool.ts';
import { fileInput } from '../../catalog/schemas.ts';

/**
 * Small catalog entries for the client's unit tests. The client is generic over tool definitions, so these
 * exercise every shape it handles (envelopes, hosts, encodings, idempotency, jobs, composites) without
 * depending on the real catalog's content.
 */

const common = {
  area: 'things',
  portability: { accountScoped: [] },
  heygenAuth: ['api_key'],
  family: 'heygate',
  output: lazySchema(() => z.looseObject({})),
} as const;

/** The job `thing_create` starts. */
export const thingJob: JobKind = {
  kind: 'thing',
  statusTool: 'thing_get',
  idField: 'thing_id',
  resultIdPath: 'thing_id',
  statusField: 'status',
  success: ['completed'],
  failure: ['failed'],
  typicalSeconds: 60,
};

export const thingGet = defineTool({
  ...common,
  name: 'thing_get',
  title: 'Get thing',
  description: 'Reads one thing.',
  endpoint: { method: 'GET', path: '/v3/things/{thing_id}', host: 'api', envelope: 'v3' },
  access: 'read',
  idempotent: true,
  input: lazySchema(() =>
    z.strictObject({
      thing_id: z.string().min(1),
      include: z.array(z.string()).optional(),
      q: z.string().optional(),
    }),
  ),
  implementation: { kind: 'http', request: { path: ['thing_id'], query: ['include', 'q'] } },
});

export const thingList = defineTool({
  ...common,
  name: 'thing_list',
  title: 'List things',
  description: 'Lists things, one page.',
  endpoint: { method: 'GET', path: '/v3/things', host: 'api', envelope: 'v3' },
  access: 'read',
  idempotent: true,
  paginated: true,
  input: lazySchema(() =>
    z.strictObject({ limit: z.number().int().min(1).max(100).optional(), token: z.string().optional() }),
  ),
  output: lazySchema(() =>
    z.looseObject({ data: z.array(z.looseObject({})).nullish(), has_more: z.boolean().nullish() }),
  ),
  implementation: { kind: 'http', request: { query: ['limit', 'token'] } },
});

export const thingCreate = defineTool({
  ...common,
  name: 'thing_create',
  title: 'Create thing',
  description: 'Starts a thing job (paid).',
  endpoint: { method: 'POST', path: '/v3/things', host: 'api', envelope: 'v3' },
  access: 'write',
  idempotent: false,
  job: thingJob,
  input: lazySchema(() =>
    z.strictObject({ title: z.string().min(1), count: z.number().int().max(10).optional() }),
  ),
  implementation: { kind: 'http' },
});

export const thingBatchCreate = defineTool({
  ...common,
  name: 'thing_batch_create',
  title: 'Create things in a batch',
  description: 'Starts a batch; HeyGen honours Idempotency-Key here.',
  endpoint: { method: 'POST', path: '/v3/things/batches', host: 'api', envelope: 'v3' },
  access: 'write',
  idempotent: false,
  idempotencyKey: true,
  input: lazySchema(() => z.strictObject({ titles: z.array(z.string()).min(1) })),
  implementation: { kind: 'http' },
});

export const thingUpdate = defineTool({
  ...common,
  name: 'thing_update',
  title: 'Update thing',
  description: 'Renames a thing.',
  endpoint: { method: 'PATCH', path: '/v3/things/{thing_id}', host: 'api', envelope: 'v3' },
  access: 'write',
  idempotent: true,
  input: lazySchema(() => z.strictObject({ thing_id: z.string().min(1), title: z.string() })),
  implementation: { kind: 'http' },
});

export const assetUpload = defineTool({
  ...common,
  name: 'asset_upload',
  title: 'Upload asset',
  description: 'Uploads a file (v3 multipart).',
  endpoint: { method: 'POST', path: '/v3/assets', host: 'api', envelope: 'v3' },
  access: 'write',
  idempotent: false,
  input: lazySchema(() => z.strictObject({ file: fileInput })),
  implementation: { kind: 'http', request: { body: 'multipart', fileField: 'file' } },
});

export const legacyUpload = defineTool({
  ...common,
  name: 'legacy_upload',
  title: 'Upload asset (legacy)',
  description: 'Uploads raw bytes to the upload host.',
  endpoint: { method: 'POST', path: '/v1/asset', host: 'upload', envelope: 'v1' },
  access: 'write',
  idempotent: false,
  input: lazySchema(() => z.strictObject({ file: fileInput })),
  implementation: { kind: 'http', request: { body: 'raw', fileField: 'file' } },
});

export const legacyVideoStatus = defineTool({
  ...common,
  name: 'legacy_video_status',
  title: 'Video status (v1)',
  description: 'Reads a v1 video status.',
  endpoint: { method: 'GET', path: '/v1/video_status.get', host: 'api', envelope: 'v1' },
  access: 'read',
  idempotent: true,
  input: lazySchema(() => z.strictObject({ video_id: z.string().min(1) })),
  implementation: { kind: 'http', request: { query: ['video_id'] } },
});

export const legacyVideoList = defineTool({
  ...common,
  name: 'legacy_video_list',
  title: 'Video list (v1)',
  description: 'Lists v1 videos, one page.',
  endpoint: { method: 'GET', path: '/v1/video.list', host: 'api', envelope: 'v1' },
  access: 'read',
  idempotent: true,
  paginated: true,
  input: lazySchema(() => z.strictObject({ limit: z.number().optional(), token: z.string().optional() })),
  implementation: { kind: 'http' },
});

export const legacyWebhookDelete = defineTool({
  ...common,
  name: 'legacy_webhook_delete',
  title: 'Delete webhook endpoint (v1)',
  description: 'Deletes a webhook endpoint.',
  endpoint: { method: 'DELETE', path: '/v1/webhook/endpoint.delete', host: 'api', envelope: 'v1' },
  access: 'destructive',
  idempotent: true,
  input: lazySchema(() => z.strictObject({ endpoint_id: z.string().min(1) })),
  implementation: { kind: 'http' },
});

export const v2AvatarGet = defineTool({
  ...common,
  name: 'v2_avatar_get',
  title: 'Avatar details (v2)',
  description: 'Reads a v2 avatar.',
  endpoint: { method: 'GET', path: '/v2/avatar/{avatar_id}/details', host: 'api', envelope: 'v2' },
  access: 'read',
  idempotent: true,
  input: lazySchema(() => z.strictObject({ avatar_id: z.string().min(1) })),
  implementation: { kind: 'http' },
});

export const v2PhotoDelete = defineTool({
  ...common,
  name: 'v2_photo_delete',
  title: 'Delete photo avatar (v2)',
  description: 'A v2 delete that answers v1-style.',
  endpoint: { method: 'DELETE', path: '/v2/photo_avatar/{avatar_id}', host: 'api', envelope: 'v2' },
  access: 'destructive',
  idempotent: true,
  input: lazySchema(() => z.strictObject({ avatar_id: z.string().min(1) })),
  implementation: { kind: 'http' },
});

export const thingWait = defineTool({
  ...common,
  name: 'thing_wait',
  title: 'Wait for thing',
  description: 'Waits for a thing job.',
  endpoint: { method: 'GET', path: '/v3/things/{thing_id}', host: 'api', envelope: 'v3' },
  access: 'read',
  idempotent: true,
  input: lazySchema(() =>
    z.strictObject({ thing_id: z.string().min(1), timeout_seconds: z.number().min(1).max(3600).optional() }),
  ),
  implementation: { kind: 'wait', job: thingJob },
});

export const thingTitles = defineTool({
  ...common,
  name: 'thing_titles',
  title: 'Thing titles (composite)',
  description: 'Reads two things and returns their titles.',
  endpoint: { method: 'GET', path: '/v3/things/{thing_id}', host: 'api', envelope: 'v3' },
  access: 'read',
  idempotent: true,
  family: 'seed',
  input: lazySchema(() => z.strictObject({ first: z.string().min(1), second: z.string().min(1) })),
  implementation: {
    kind: 'composite',
    run: async (input: { first: string; second: string }, context) => {
      const first = await context.call('thing_get', { thing_id: input.first });
      const second = await context.call('thing_get', { thing_id: input.second });
      return { titles: [first.title, second.title] };
    },
  },
});

/** Every fixture tool, for `createHeyGenClient({ tools })`. */
export const fixtureTools: readonly ToolDefinition[] = [
  thingGet,
  thingList,
  thingCreate,
  thingBatchCreate,
  thingUpdate,
  assetUpload,
  legacyUpload,
  legacyVideoStatus,
  legacyVideoList,
  legacyWebhookDelete,
  v2AvatarGet,
  v2PhotoDelete,
  thingWait,
  thingTitles,
];
