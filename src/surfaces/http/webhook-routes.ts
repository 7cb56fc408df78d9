import { createHmac, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import type { Gateway } from '../../gateway/gateway.ts';
import { readBodyBytes } from '../internal/read-json-body.ts';
import { problem } from './create-http-app.ts';
import { webhookEventJobs } from '../../gateway/webhook-event-jobs.ts';

/** The webhook secrets (`whsec_…`) that may have signed an account's events; several while one is rotated. */
export type WebhookSecrets =
  readonly string[] | ((account: string) => readonly string[] | Promise<readonly string[]>);

/** Options of {@link createWebhookRoutes}. */
export interface WebhookRoutesOptions {
  /** The gateway whose accounts receive events and whose waits are woken. */
  gateway: Gateway;
  /**
   * Secrets accepted besides each account's own: one list for every account (`HEYGATE_WEBHOOK_SECRET`, the
   * override for endpoints set up outside heygate), or a lookup per account. The account's own secrets — the
   * one `heygate webhooks setup` stored in the vault, and during a rotation's overlap the previous one — are
   * always accepted too. Default none.
   */
  secrets?: WebhookSecrets;
  /**
   * Path prefix the routes answer under (default `/webhooks`): `createHttpApp` forwards the whole request to
   * a mount, so the routes see the full path.
   */
  basePath?: string;
  /** Largest body accepted in bytes (default 1 MiB; HeyGen's events are a few hundred bytes). */
  maxBodyBytes?: number;
  /**
   * Told of every verified event after its waits are woken (flows start event-triggered runs here). Awaited
   * before the 200, so a delivery HeyGen retries after a failure here is seen again; it must be quick.
   */
  onEvent?: (account: string, event: { event_type: string; event_data?: unknown }) => void | Promise<void>;
}

/** Reads comma-separated secrets from `HEYGATE_WEBHOOK_SECRET` (blank entries dropped). */
export function webhookSecretsFromEnv(env: Readonly<Record<string, string | undefined>>): string[] {
  return (env.HEYGATE_WEBHOOK_SECRET ?? '')
    .split(',')
    .map((secret) => secret.trim())
    .filter((secret) => secret !== '');
}

/** The `Signature` header as bytes: hex of a SHA-256 HMAC (32 bytes), else undefined. */
function signatureBytes(header: string | null): Buffer | undefined {
  const hex = header?.trim() ?? '';
  return /^[0-9a-fA-F]{64}$/.test(hex) ? Buffer.from(hex, 'hex') : undefined;
}

/**
 * True when `signature` is the HMAC-SHA256 of `body` under one of `secrets`. Every secret is checked with a
 * constant-time comparison (no early exit), so the response time tells nothing about how close a guess was.
 */
function signedByAny(body: Buffer, signature: Buffer, secrets: readonly string[]): boolean {
  let matched = false;
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(body).digest();
    if (timingSafeEqual(expected, signature)) matched = true;
  }
  return matched;
}

/**
 * The webhook receiver of `heygate serve`: `POST /webhooks/heygen/:account`, one URL per HeyGen account (each
 * account registers its own endpoint, e.g. with `webhook_endpoint_create`). HeyGen POSTs
 * `{event_type, event_data}` with `Signature` = hex HMAC-SHA256(raw body, endpoint secret). The receiver checks
 * it over the raw bytes, then wakes every wait for the job the event is about (`gateway.wakeJob`), so
 * `*_wait` tools and `wait: true` calls poll at once instead of sleeping out their back-off. The wait still
 * reads the final state from HeyGen; the event only says "look now".
 *
 * Each account's secrets come from the vault (`heygate webhooks setup`, ADR 0032): the current one and, for a
 * short window after a rotation, the previous one, so deliveries HeyGen signed before it rotated are not lost.
 * `HEYGATE_WEBHOOK_SECRET` is accepted for every account as well (`secrets`).
 *
 * Answers: 200 quickly for a verified event (HeyGen retries non-2xx deliveries), also for events no wait
 * needs; 401 for an unsigned or wrongly signed request — checked before the account, with one message
 * whatever the account, so strangers cannot probe account names; 404 for a verified event to an unknown
 * account; 200 to `OPTIONS` (HeyGen probes a new URL with OPTIONS). Per-job `callback_url` deliveries are
 * unsigned and therefore refused: register an endpoint instead. Nothing here logs or echoes a secret or the
 * signature.
 */
export function createWebhookRoutes(options: WebhookRoutesOptions): Hono {
  const { gateway } = options;
  const basePath = options.basePath ?? '/webhooks';
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  /** When each account's secrets were last read past the cache (bounded: at most once a second each). */
  const freshReads = new Map<string, number>();
  const overrides = async (account: string): Promise<readonly string[]> =>
    typeof options.secrets === 'function' ? await options.secrets(account) : (options.secrets ?? []);
  const secretsOf = async (account: string, fresh: boolean): Promise<readonly string[]> => [
    ...(await overrides(account)),
    ...(await gateway.webhooks.secretsFor(account, { fresh })),
  ];
  /**
   * After a mismatch, read the vault again once: another gateway process may have rotated the secret a moment
   * ago. Limited to once a second per account, so wrongly signed requests cannot make every request a read.
   */
  const mayReadFresh = (account: string): boolean => {
    const now = Date.now();
    if ((freshReads.get(account) ?? 0) > now - 1000) return false;
    if (freshReads.size > 1000) freshReads.clear();
    freshReads.set(account, now);
    return true;
  };
  const app = new Hono().basePath(basePath);

  app.options('/heygen/:account', (context) => context.body(null, 200));

  app.post('/heygen/:account', async (context) => {
    const account = context.req.param('account');
    // No Signature header, no body read: the header is what a bearer token is elsewhere.
    const signature = signatureBytes(context.req.header('signature') ?? null);
    if (!signature) {
      return problem(
        401,
        'invalid_signature',
        'The request has no valid Signature header (hex HMAC-SHA256 of the body with the endpoint secret).',
      );
    }
    // The signature covers the exact bytes HeyGen sent: verify before parsing, never a re-serialised copy.
    let body: Buffer;
    try {
      body = await readBodyBytes(context.req.raw, { maxBytes: maxBodyBytes });
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'payload_too_large') throw error;
      return problem(413, 'payload_too_large', `Webhook bodies are limited to ${maxBodyBytes} bytes.`);
    }
    let verified = signedByAny(body, signature, await secretsOf(account, false));
    if (!verified && mayReadFresh(account))
      verified = signedByAny(body, signature, await secretsOf(account, true));
    if (!verified) {
      // One answer whether the account has no secret or another one, so it tells strangers nothing.
      return problem(
        401,
        'invalid_signature',
        "The Signature does not match this account's webhook secret. Set the endpoint up with `heygate webhooks " +
          'setup ACCOUNT --public-url URL` (or give its whsec_ secret in HEYGATE_WEBHOOK_SECRET).',
      );
    }
    if (!(await gateway.accounts.names()).includes(account)) {
      return problem(404, 'unknown_account', `No HeyGen account named "${account}" in this gateway.`);
    }

    let event: unknown;
    try {
      event = JSON.parse(body.toString('utf8'));
    } catch {
      return problem(400, 'invalid_json', 'The webhook body must be JSON: {"event_type", "event_data"}.');
    }
    const eventType = (event as { event_type?: unknown } | null)?.event_type;
    if (typeof eventType !== 'string' || eventType === '') {
      return problem(400, 'invalid_event', 'The webhook body has no event_type string.');
    }
    const jobs = webhookEventJobs(eventType, (event as { event_data?: unknown }).event_data);
    let woken = 0;
    for (const job of jobs) if (gateway.wakeJob(account, job.kind, job.id)) woken += 1;
    await options.onEvent?.(account, event as { event_type: string; event_data?: unknown });
    return context.json({ received: true, event_type: eventType, woken });
  });

  return app;
}
