import type { WebhookEndpointRecord } from '../account.ts';
import { EmulatorError } from '../emulator-error.ts';
import type { HandlerContext, HandlerMap } from './handler-context.ts';
import { isoTime, text, v3List } from './shared.ts';

/** The webhook endpoint object; the secret is shown on create and rotate only. */
export function endpointView(endpoint: WebhookEndpointRecord, withSecret: boolean): Record<string, unknown> {
  return {
    endpoint_id: endpoint.id,
    url: endpoint.url,
    events: [...endpoint.events],
    status: endpoint.status,
    created_at: isoTime(endpoint.createdAt),
    secret: withSecret ? endpoint.secret : null,
  };
}

/** Checks a webhook URL (http or https; HeyGen needs it reachable, the emulator only probes loopback URLs). */
export function checkWebhookUrl(url: unknown, param = 'url'): string {
  if (typeof url !== 'string' || !/^https?:\/\/[^\s]+$/i.test(url)) {
    throw EmulatorError.invalid(param, 'url must be an http(s) URL.');
  }
  try {
    new URL(url);
  } catch {
    throw EmulatorError.invalid(param, 'url must be an http(s) URL.');
  }
  return url;
}

/** Registers an endpoint (v3 create and legacy v1 endpoint.add) and probes it with OPTIONS like HeyGen. */
export function registerEndpoint(
  context: HandlerContext,
  input: { url: unknown; events?: string[] | null; entity_id?: string | null },
): WebhookEndpointRecord {
  const endpoint: WebhookEndpointRecord = {
    id: context.core.newId(),
    url: checkWebhookUrl(input.url),
    events: input.events ?? [],
    secret: context.core.newSecret(),
    entityId: text(input.entity_id),
    createdAt: context.now,
    status: 'enabled',
  };
  context.account.webhookEndpoints.set(endpoint.id, endpoint);
  context.core.webhooks.probe(endpoint.url);
  return endpoint;
}

/** Looks an endpoint up (404 with v1 code 400131 when missing). */
export function requireEndpoint(context: HandlerContext, id: string): WebhookEndpointRecord {
  const endpoint = context.account.webhookEndpoints.get(id);
  if (!endpoint) throw EmulatorError.notFound('Webhook endpoint', id, 400131);
  return endpoint;
}

const eventSubjects: Record<string, string> = {
  avatar_video: 'An avatar video render',
  avatar_video_gif: 'The preview GIF of a video',
  avatar_video_caption: 'The captions of a video',
  video_translate: 'A video translation',
  instant_avatar: 'A digital twin (instant avatar)',
  photo_avatar_generation: 'A photo avatar generation',
  photo_avatar_train: 'A photo avatar training',
  photo_avatar_add_motion: 'Adding motion to a photo avatar',
  proofread_creation: 'A translation proofread',
  live_avatar: 'A live avatar session',
  video_agent: 'A video agent session',
  hyperframes_video: 'A HyperFrames video',
  ai_clipping: 'An AI clipping job',
};

/** A short description of an event type (our own words). */
function describeEventType(type: string): string {
  if (type === 'batch.finished') return 'Every item of a batch has finished.';
  if (type === 'personalized_video') return 'A personalized video was generated for a contact.';
  if (type.startsWith('video_translate.preflight.'))
    return 'A video translation was rejected before it started.';
  const [subject, outcome] = type.split('.');
  const what = eventSubjects[subject ?? ''] ?? 'A job';
  return outcome === 'success' ? `${what} completed.` : `${what} failed.`;
}

/** Handlers of the v3 webhook endpoints. */
export const webhookHandlers: HandlerMap = {
  webhook_endpoint_create(context) {
    return { data: endpointView(registerEndpoint(context, context.input), true) };
  },

  webhook_endpoint_list(context) {
    const endpoints = [...context.account.webhookEndpoints.values()].sort(
      (left, right) => left.createdAt - right.createdAt,
    );
    return v3List(
      endpoints.map((endpoint) => endpointView(endpoint, false)),
      context.input,
      { limit: 10, max: 100 },
    );
  },

  webhook_endpoint_update(context) {
    const endpoint = requireEndpoint(context, context.input.endpoint_id);
    if (context.input.url !== undefined && context.input.url !== null)
      endpoint.url = checkWebhookUrl(context.input.url);
    if (Array.isArray(context.input.events)) endpoint.events = [...context.input.events];
    return { data: endpointView(endpoint, false) };
  },

  webhook_endpoint_delete(context) {
    const endpoint = requireEndpoint(context, context.input.endpoint_id);
    context.account.webhookEndpoints.delete(endpoint.id);
    return { data: { endpoint_id: endpoint.id, deleted: true } };
  },

  webhook_endpoint_rotate_secret(context) {
    const endpoint = requireEndpoint(context, context.input.endpoint_id);
    endpoint.secret = context.core.newSecret();
    return { data: { endpoint_id: endpoint.id, secret: endpoint.secret } };
  },

  webhook_event_type_list(context) {
    return {
      data: context.core.library.webhookEventTypes.map((type) => ({
        event_type: type,
        description: describeEventType(type),
      })),
      extra: { has_more: false, next_token: null },
    };
  },

  webhook_event_list(context) {
    const { event_type: type, entity_id: entityId } = context.input as Record<string, string | undefined>;
    const events = [...context.account.webhookEvents]
      .reverse()
      .filter((event) => (!type || event.type === type) && (!entityId || event.entityId === entityId))
      .map((event) => ({
        event_id: event.id,
        event_type: event.type,
        event_data: event.data,
        entity_id: event.entityId,
        created_at: isoTime(event.createdAt),
      }));
    return v3List(events, context.input, { limit: 10, max: 100 });
  },
};
