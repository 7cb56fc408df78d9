import { createHmac } from 'node:crypto';
import type { Account } from './account.ts';
import type { EmulatorClock } from './emulator-clock.ts';

/** One delivery attempt series of one event to one URL. */
export interface WebhookDelivery {
  id: string;
  keyHash: string;
  /** Registered endpoint, or null for a per-job `callback_url` delivery (unsigned, per the v3 spec). */
  endpointId: string | null;
  url: string;
  eventId: string;
  eventType: string;
  /** Raw JSON body sent (`{event_type, event_data}`). */
  body: string;
  /** Attempts made so far. */
  attempts: number;
  status: 'pending' | 'delivered' | 'failed' | 'skipped';
  /** HTTP status of the last attempt. */
  lastStatus: number | null;
  lastError: string | null;
  /** When the next attempt is due (ms), while pending. */
  nextAttemptAt: number | null;
  /** `Signature` header of the last attempt (hex HMAC-SHA256 of the body), null for callback_url deliveries. */
  signature: string | null;
}

/**
 * Retry schedule after a failed attempt (ms): HeyGen retries failed deliveries with backoff; its exact
 * schedule is not published, so the emulator uses 30 s, 2 min, 10 min, 1 h, 6 h (6 attempts in total).
 */
export const webhookRetryDelaysMs = [30_000, 120_000, 600_000, 3_600_000, 21_600_000] as const;

/** Options of {@link createWebhookDispatcher}. */
export interface WebhookDispatcherOptions {
  clock: EmulatorClock;
  /** How deliveries are sent; default: the global fetch, loopback targets only. */
  fetch?: typeof fetch;
  /**
   * Deliver to non-loopback URLs with the global fetch. Default false: the emulator is an offline tool, so
   * deliveries to other hosts are recorded as `skipped` unless a `fetch` is injected.
   */
  allowExternal?: boolean;
  nextId: () => string;
}

/** Sends signed webhook deliveries and keeps their history. */
export interface WebhookDispatcher {
  /**
   * Records an event in the account's history and schedules deliveries to every enabled endpoint subscribed
   * to it (and to `callbackUrl`, unsigned).
   */
  emit(
    account: Account,
    type: string,
    data: Record<string, unknown>,
    options?: { entityId?: string | null; callbackUrl?: string | null },
  ): void;
  /** Sends the deliveries that are due at `now`. */
  runDue(now: number): void;
  /** Probes a newly registered URL with OPTIONS, as HeyGen does; best effort, never blocks registration. */
  probe(url: string): void;
  /** Resolves when no delivery request is in flight. */
  idle(): Promise<void>;
  deliveries: WebhookDelivery[];
}

/** Hex HMAC-SHA256 of a raw body with an endpoint secret: the `Signature` header HeyGen sends. */
export function signWebhookBody(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

function isLoopback(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}

/** Creates the dispatcher. */
export function createWebhookDispatcher(options: WebhookDispatcherOptions): WebhookDispatcher {
  const deliveries: WebhookDelivery[] = [];
  const secrets = new Map<WebhookDelivery, () => string | null>();
  const inFlight = new Set<Promise<void>>();
  const canDeliver = (url: string) => Boolean(options.fetch) || options.allowExternal || isLoopback(url);
  const send = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  const attempt = (delivery: WebhookDelivery) => {
    const secret = secrets.get(delivery)?.() ?? null;
    delivery.attempts += 1;
    delivery.nextAttemptAt = null;
    delivery.signature = secret === null ? null : signWebhookBody(delivery.body, secret);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'heygate-emulator',
    };
    if (delivery.signature) headers.signature = delivery.signature;
    const done = (ok: boolean, status: number | null, error: string | null) => {
      delivery.lastStatus = status;
      delivery.lastError = error;
      if (ok) {
        delivery.status = 'delivered';
        return;
      }
      const delay = webhookRetryDelaysMs[delivery.attempts - 1];
      if (delay === undefined) {
        delivery.status = 'failed';
      } else {
        delivery.nextAttemptAt = options.clock.now() + delay;
      }
    };
    const request = Promise.resolve()
      .then(() =>
        send(delivery.url, {
          method: 'POST',
          headers,
          body: delivery.body,
          signal: AbortSignal.timeout(10_000),
        }),
      )
      .then(
        async (response) => {
          await response.body?.cancel().catch(() => undefined);
          done(response.ok, response.status, response.ok ? null : `HTTP ${response.status}`);
        },
        (error: unknown) => done(false, null, error instanceof Error ? error.message : String(error)),
      )
      .finally(() => inFlight.delete(request));
    inFlight.add(request);
  };

  const schedule = (delivery: WebhookDelivery, secret: () => string | null) => {
    deliveries.push(delivery);
    secrets.set(delivery, secret);
    if (!canDeliver(delivery.url)) {
      delivery.status = 'skipped';
      delivery.nextAttemptAt = null;
      delivery.lastError = 'delivery to non-loopback hosts is disabled in the emulator (inject webhookFetch)';
      return;
    }
    attempt(delivery);
  };

  return {
    deliveries,
    emit(account, type, data, emitOptions = {}) {
      const now = options.clock.now();
      const event = {
        id: options.nextId(),
        type,
        data,
        createdAt: now,
        entityId: emitOptions.entityId ?? null,
      };
      account.webhookEvents.push(event);
      const body = JSON.stringify({ event_type: type, event_data: data });
      const base = {
        keyHash: account.keyHash,
        eventId: event.id,
        eventType: type,
        body,
        attempts: 0,
        status: 'pending' as const,
        lastStatus: null,
        lastError: null,
        nextAttemptAt: now,
        signature: null,
      };
      for (const endpoint of account.webhookEndpoints.values()) {
        if (endpoint.status !== 'enabled') continue;
        if (endpoint.events.length > 0 && !endpoint.events.includes(type)) continue;
        if (endpoint.entityId && endpoint.entityId !== emitOptions.entityId) continue;
        const endpointId = endpoint.id;
        schedule({ ...base, id: options.nextId(), endpointId, url: endpoint.url }, () => {
          const current = account.webhookEndpoints.get(endpointId);
          return current ? current.secret : endpoint.secret;
        });
      }
      if (emitOptions.callbackUrl) {
        schedule(
          { ...base, id: options.nextId(), endpointId: null, url: emitOptions.callbackUrl },
          () => null,
        );
      }
    },
    runDue(now) {
      for (const delivery of deliveries) {
        if (
          delivery.status === 'pending' &&
          delivery.nextAttemptAt !== null &&
          delivery.nextAttemptAt <= now
        ) {
          attempt(delivery);
        }
      }
    },
    probe(url) {
      if (!canDeliver(url)) return;
      const request = Promise.resolve()
        .then(() => send(url, { method: 'OPTIONS', signal: AbortSignal.timeout(5_000) }))
        .then(
          (response) => response.body?.cancel().catch(() => undefined),
          () => undefined,
        )
        .finally(() => inFlight.delete(request)) as Promise<void>;
      inFlight.add(request);
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
