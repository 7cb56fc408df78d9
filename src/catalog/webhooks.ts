import type { ToolDefinition } from './define-tool.ts';
import { v3Tool } from './v3-tool.ts';

const area = 'webhooks';

/** Tools for HeyGen v3 webhooks: registered endpoints, their signing secrets and the delivery history. */
export const webhooks: readonly ToolDefinition[] = [
  v3Tool('webhook_endpoint_create', {
    title: 'Register webhook endpoint',
    description:
      'Register a public HTTPS url to receive events (events: list from webhook_event_type_list; omit for all). ' +
      'Returns endpoint_id and the signing secret, shown only now and on rotation: store it, events are signed ' +
      'with it (Signature header, HMAC-SHA256 of the body).',
    area,
    access: 'write',
    idempotent: false,
    idempotencyKey: true,
    portability: { accountScoped: ['entity_id'] },
  }),
  v3Tool('webhook_endpoint_list', {
    title: 'List webhook endpoints',
    description:
      'One page of registered webhook endpoints: url, events, status. Returns data[], has_more, next_token.',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: ['*'] },
  }),
  v3Tool('webhook_endpoint_update', {
    title: 'Update webhook endpoint',
    description:
      'Change an endpoint’s url and/or events. events replaces the whole list: include every type to keep.',
    area,
    access: 'write',
    idempotent: true,
    portability: { accountScoped: ['endpoint_id'] },
  }),
  v3Tool('webhook_endpoint_delete', {
    title: 'Delete webhook endpoint',
    description:
      'Remove a webhook endpoint; events stop being delivered to its url at once. Cannot be undone.',
    area,
    access: 'destructive',
    idempotent: true,
    portability: { accountScoped: ['endpoint_id'] },
  }),
  v3Tool('webhook_endpoint_rotate_secret', {
    title: 'Rotate webhook secret',
    description:
      'Issue a new signing secret for an endpoint. The old secret stops working immediately, so receivers reject ' +
      'events until they are given the new one (returned once, here).',
    area,
    // Destructive, not write: the old secret is invalidated at once and every receiver breaks until updated.
    access: 'destructive',
    idempotent: false,
    idempotencyKey: true,
    portability: { accountScoped: ['endpoint_id'] },
  }),
  v3Tool('webhook_event_type_list', {
    title: 'List webhook event types',
    description:
      'Every event type an endpoint can subscribe to (e.g. avatar_video.success), with a short explanation.',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: [] },
  }),
  v3Tool('webhook_event_list', {
    title: 'List webhook events',
    description:
      'One page of delivered webhook events, filterable by event_type and entity_id (e.g. a video_id). Use it to ' +
      'recover events a receiver missed. Returns data[], has_more, next_token.',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: ['*', 'entity_id'] },
  }),
];
