import { z } from 'zod';
import type { ToolDefinition } from '../define-tool.ts';
import { defineSeedTool, looseResult, strictInput } from './define-seed-tool.ts';
import { collectPages, drainMaxPages } from './collect-pages.ts';
import { compact, readV3Object, readV3Page, stringField } from './v3-result.ts';
import { webhookEventTypes } from '../generated/v3-operations.ts';

/** Seed tools for webhook endpoints (v1 `/v1/webhook/*`, carried on `/v3/webhooks/*`). */

const events = () =>
  z
    .array(z.enum(webhookEventTypes))
    .optional()
    .describe('Event types to receive (see v1_webhook_webhook_list); omit for all');

const endpointPath = {
  method: 'PATCH',
  path: '/v3/webhooks/endpoints/{endpoint_id}',
  host: 'api',
  envelope: 'v3',
} as const;

const v1WebhookEndpointAdd = defineSeedTool({
  name: 'v1_webhook_endpoint_add',
  title: 'Register a webhook endpoint',
  description:
    'Register an HTTPS URL to receive HeyGen events (video done/failed, translation done, …). HeyGen probes the ' +
    'URL with OPTIONS first, so it must answer. Returns endpoint_id, status and `secret` (whsec_…) used to ' +
    'verify the `Signature` header: store it now, v3 shows it only on create and rotate. Runs on ' +
    'POST /v3/webhooks/endpoints.',
  area: 'webhooks',
  endpoint: { method: 'POST', path: '/v3/webhooks/endpoints', host: 'api', envelope: 'v3' },
  access: 'write',
  idempotent: false,
  portability: { accountScoped: ['entity_id'] },
  input: strictInput({
    url: z.string().min(1).describe('HTTPS URL that will receive POSTs'),
    events: events(),
    entity_id: z.string().optional().describe('Only events of this entity (e.g. a video_id)'),
  }),
  output: looseResult({
    endpoint_id: z.string().nullish(),
    secret: z.string().nullish(),
    status: z.string().nullish(),
  }),
  implementation: {
    kind: 'composite',
    async run(input, context) {
      const endpoint = readV3Object(
        await context.call(
          'webhook_endpoint_create',
          compact({ url: input.url, events: input.events, entity_id: input.entity_id }),
        ),
      );
      return { ...endpoint, username: stringField(endpoint, 'username') };
    },
  },
});

const updateWebhookEndpoint = defineSeedTool({
  name: 'update_webhook_endpoint',
  title: 'Update a webhook endpoint',
  description:
    'Change a webhook endpoint’s URL and/or events. `events` replaces the whole list (it is not merged). Runs ' +
    'on PATCH /v3/webhooks/endpoints/{endpoint_id} (the id moves from the v1 body to the path).',
  area: 'webhooks',
  endpoint: endpointPath,
  access: 'write',
  idempotent: true,
  portability: { accountScoped: ['endpoint_id'] },
  input: strictInput({ endpoint_id: z.string().min(1), url: z.string().min(1).optional(), events: events() }),
  output: looseResult({ endpoint_id: z.string().nullish(), url: z.string().nullish() }),
  implementation: {
    kind: 'composite',
    async run(input, context) {
      return readV3Object(
        await context.call(
          'webhook_endpoint_update',
          compact({ endpoint_id: input.endpoint_id, url: input.url, events: input.events }),
        ),
      );
    },
  },
});

const deleteWebhookEndpoint = defineSeedTool({
  name: 'delete_webhook_endpoint',
  title: 'Delete a webhook endpoint',
  description:
    'Stop and remove a webhook endpoint for good. Runs on DELETE /v3/webhooks/endpoints/{endpoint_id} (the id ' +
    'moves from the v1 query string to the path). Returns `{endpoint_id, deleted}`.',
  area: 'webhooks',
  endpoint: { ...endpointPath, method: 'DELETE' },
  access: 'destructive',
  idempotent: true,
  portability: { accountScoped: ['endpoint_id'] },
  input: strictInput({ endpoint_id: z.string().min(1) }),
  output: looseResult({ endpoint_id: z.string().nullish(), deleted: z.boolean().nullish() }),
  implementation: {
    kind: 'composite',
    async run(input, context) {
      const deleted = readV3Object(
        await context.call('webhook_endpoint_delete', { endpoint_id: input.endpoint_id }),
      );
      return { ...deleted, endpoint_id: input.endpoint_id, deleted: true };
    },
  },
});

const v1WebhookEndpointList = defineSeedTool({
  name: 'v1_webhook_endpoint_list',
  title: 'List webhook endpoints',
  description:
    'List the registered webhook endpoints: `endpoints[]` with endpoint_id, url, events, status and created_at. ' +
    'v1 answered a bare array; this wraps it as `endpoints`. Runs on GET /v3/webhooks/endpoints, reading up to ' +
    `${drainMaxPages} pages of 100. v3 may omit \`secret\` (it is shown on create and rotate only).`,
  area: 'webhooks',
  endpoint: { method: 'GET', path: '/v3/webhooks/endpoints', host: 'api', envelope: 'v3' },
  access: 'read',
  idempotent: true,
  portability: { accountScoped: ['*'] },
  input: strictInput({}),
  output: looseResult({ endpoints: z.array(z.looseObject({})).nullish() }),
  implementation: {
    kind: 'composite',
    async run(_input, context) {
      const pages = await collectPages(context, {
        tool: 'webhook_endpoint_list',
        pageSize: 100,
        maxPages: drainMaxPages,
      });
      return { endpoints: pages.items, has_more: pages.hasMore };
    },
  },
});

const v1WebhookWebhookList = defineSeedTool({
  name: 'v1_webhook_webhook_list',
  title: 'List webhook event types',
  description:
    'List the event types a webhook endpoint can subscribe to: `events` (names, as v1 returned them) and ' +
    '`event_types` (v3 objects with a description). Runs on GET /v3/webhooks/event-types. Next: ' +
    '`v1_webhook_endpoint_add` with the events you need.',
  area: 'webhooks',
  endpoint: { method: 'GET', path: '/v3/webhooks/event-types', host: 'api', envelope: 'v3' },
  access: 'read',
  idempotent: true,
  portability: { accountScoped: [] },
  input: strictInput({}),
  output: looseResult({
    events: z.array(z.string()).nullish(),
    event_types: z.array(z.looseObject({})).nullish(),
  }),
  implementation: {
    kind: 'composite',
    async run(_input, context) {
      // GET /v3/webhooks/event-types takes no limit/token: the whole list comes in one answer.
      const page = readV3Page(await context.call('webhook_event_type_list', {}));
      return {
        events: page.items
          .map((item) => stringField(item, 'event_type'))
          .filter((name): name is string => name !== null),
        event_types: page.items,
      };
    },
  },
});

/** Seed tools for webhook endpoints. */
export const seedWebhookTools: readonly ToolDefinition[] = [
  deleteWebhookEndpoint,
  updateWebhookEndpoint,
  v1WebhookEndpointAdd,
  v1WebhookEndpointList,
  v1WebhookWebhookList,
];
