import { randomUUID } from 'node:crypto';
import { HeyGateError, InvalidInputError } from '../catalog/errors.ts';
import type { SecretRow, Store } from '../store/store.ts';
import type { Vault } from '../vault/vault.ts';
import type { AccountManager } from './account-manager.ts';
import type { AdminActor, AdminAudit } from './admin-audit.ts';
import { webhookPreviousSecretId, webhookSecretId } from './secret-ids.ts';
import type { ExecuteRequest, ExecuteResult } from './types.ts';
import { waitedWebhookEventTypes } from './webhook-event-jobs.ts';

/** An account's webhook endpoint as heygate set it up (never the secret). */
export interface WebhookStatus {
  account: string;
  /** HeyGen's endpoint id. */
  endpointId: string;
  /** The receiver URL HeyGen delivers to. */
  url: string;
  /** Subscribed event types. */
  events: string[];
  /** When heygate set it up. */
  createdAt: string;
  /** When its signing secret was last replaced (setup or rotation). */
  rotatedAt: string;
  /** Until when the previous secret is still accepted after a rotation; null when none is. */
  previousSecretUntil: string | null;
}

/** Options of `setup`. */
export interface WebhookSetupOptions {
  /**
   * The public origin (and optional path prefix) where HeyGen reaches this gateway, e.g.
   * `https://gateway.example.com`. The endpoint is `<publicUrl>/webhooks/heygen/<account>`.
   */
  publicUrl: string;
  /** Event types to subscribe; default the ones heygate waits on (`waitedWebhookEventTypes`). */
  events?: readonly string[];
}

/** Options of {@link createWebhookManager}. */
export interface WebhookManagerOptions {
  store: Store;
  vault: Vault;
  accounts: AccountManager;
  audit: AdminAudit;
  /** Calls HeyGen through the gateway's one call path, as the operator (audited as tool calls). */
  execute: (request: ExecuteRequest) => Promise<ExecuteResult>;
  clock?: { now(): number };
  /** How long the receiver trusts its cached secrets before reading the vault again (default 5 s). */
  cacheMs?: number;
}

/** Per-account webhook endpoints at HeyGen, their signing secrets in the vault, and rotation with overlap. */
export interface WebhookManager {
  /**
   * Registers (or updates, or adopts) the account's endpoint at HeyGen for the receiver URL and stores its signing
   * secret sealed. Running it again is safe: an endpoint heygate knows is updated in place, one registered by hand
   * for the same URL is adopted (its secret rotated so heygate learns it).
   */
  setup(account: string, options: WebhookSetupOptions, actor?: AdminActor): Promise<WebhookStatus>;
  /**
   * Rotates the endpoint's signing secret at HeyGen. HeyGen invalidates the old secret at once, so deliveries
   * already signed with it are still accepted for `overlapMs` (default 15 minutes).
   */
  rotate(account: string, options?: { overlapMs?: number }, actor?: AdminActor): Promise<WebhookStatus>;
  /**
   * Deletes the endpoint at HeyGen (a missing one is fine) and its secrets here; with `remote: false` only the
   * secrets here (HeyGen unreachable, the account is being removed anyway).
   */
  remove(account: string, options?: { remote?: boolean }, actor?: AdminActor): Promise<{ deleted: boolean }>;
  /** Endpoints set up by heygate, one or every account. */
  status(account?: string): Promise<WebhookStatus[]>;
  /**
   * The secrets a delivery to `account` may be signed with: the current one and, during a rotation's overlap, the
   * previous one. Cached briefly; `fresh` reads the vault again (the receiver does after a mismatch, so a
   * rotation made by another process is picked up at once).
   */
  secretsFor(account: string, options?: { fresh?: boolean }): Promise<string[]>;
}

/** What a stored webhook secret keeps next to it. */
interface WebhookMeta {
  endpoint_id: string;
  url: string;
  events: string[];
  created_at: string;
  rotated_at: string;
}

function readMeta(row: SecretRow | undefined): WebhookMeta | undefined {
  return row?.meta ? (JSON.parse(row.meta) as WebhookMeta) : undefined;
}

/** The endpoint object fields heygate reads from HeyGen's answers. */
interface EndpointData {
  endpoint_id?: string | null;
  url?: string | null;
  secret?: string | null;
  events?: string[] | null;
}

/** Creates the webhook manager. */
export function createWebhookManager(options: WebhookManagerOptions): WebhookManager {
  const { store, vault, accounts, audit } = options;
  const clock = options.clock ?? Date;
  const cacheMs = options.cacheMs ?? 5_000;
  const iso = (ms: number = clock.now()) => new Date(ms).toISOString();
  const cache = new Map<string, { secrets: string[]; until: number }>();

  /** Calls a webhook tool on the account, as the operator acting for `actor`; throws a HeyGen refusal. */
  async function call(
    account: string,
    tool: string,
    input: Record<string, unknown>,
    actor: AdminActor | undefined,
  ): Promise<unknown> {
    const result = await options.execute({
      tool,
      input,
      account,
      surface: actor?.surface ?? 'library',
      prompt: `admin action by ${actor?.persona ? `persona ${actor.persona.name}` : (actor?.user ?? 'the operator')}`,
      // A fresh key each time: a second rotation must rotate again, not replay the first one's answer.
      idempotencyKey: randomUUID(),
    });
    if (!result.ok) {
      throw new HeyGateError(`HeyGen refused ${tool} for account "${account}": ${result.error.message}`, {
        code: result.error.code,
        retryable: result.error.retryable,
        ...(result.error.hint ? { hint: result.error.hint } : {}),
      });
    }
    return result.data;
  }

  async function listEndpoints(account: string, actor: AdminActor | undefined): Promise<EndpointData[]> {
    const endpoints: EndpointData[] = [];
    let token: string | undefined;
    for (let page = 0; page < 10; page += 1) {
      const data = (await call(
        account,
        'webhook_endpoint_list',
        { limit: 100, ...(token ? { token } : {}) },
        actor,
      )) as {
        data?: EndpointData[] | null;
        next_token?: string | null;
        has_more?: boolean | null;
      };
      endpoints.push(...(data.data ?? []));
      if (!data.has_more || !data.next_token) break;
      token = data.next_token;
    }
    return endpoints;
  }

  function receiverUrl(publicUrl: string, account: string): string {
    let parsed: URL | undefined;
    try {
      parsed = new URL(publicUrl);
    } catch {
      parsed = undefined;
    }
    if (
      !parsed ||
      (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') ||
      parsed.search ||
      parsed.hash
    ) {
      throw new InvalidInputError('webhooks', [
        {
          field: 'public_url',
          expected: 'the http(s) origin HeyGen reaches this gateway at, without query or fragment',
          message: `Invalid public URL "${publicUrl}".`,
        },
      ]);
    }
    return `${parsed.toString().replace(/\/+$/, '')}/webhooks/heygen/${encodeURIComponent(account)}`;
  }

  function checkEvents(events: readonly string[] | undefined): string[] {
    if (events === undefined) return waitedWebhookEventTypes();
    const unique = [...new Set(events)];
    if (unique.length === 0) {
      throw new InvalidInputError('webhooks', [
        { field: 'events', expected: 'at least one event type', message: 'No event types given.' },
      ]);
    }
    return unique;
  }

  async function saveSecret(account: string, secret: string, meta: WebhookMeta): Promise<void> {
    const id = webhookSecretId(account);
    await store.putSecret({
      id,
      sealed: await vault.seal(id, secret),
      meta: JSON.stringify(meta),
      expiresAt: null,
      createdAt: meta.created_at,
      updatedAt: iso(),
    });
    cache.delete(account);
  }

  async function statusOf(account: string): Promise<WebhookStatus | undefined> {
    const meta = readMeta(await store.getSecret(webhookSecretId(account)));
    if (!meta) return undefined;
    const previous = await store.getSecret(webhookPreviousSecretId(account));
    const previousUntil =
      previous?.expiresAt && Date.parse(previous.expiresAt) > clock.now() ? previous.expiresAt : null;
    return {
      account,
      endpointId: meta.endpoint_id,
      url: meta.url,
      events: meta.events,
      createdAt: meta.created_at,
      rotatedAt: meta.rotated_at,
      previousSecretUntil: previousUntil,
    };
  }

  async function requireStatus(account: string): Promise<{ status: WebhookStatus; row: SecretRow }> {
    const row = await store.getSecret(webhookSecretId(account));
    const status = await statusOf(account);
    if (!row || !status) {
      throw new HeyGateError(`Account "${account}" has no webhook endpoint set up by heygate.`, {
        code: 'webhook_not_set_up',
        hint: `Set one up: heygate webhooks setup ${account} --public-url https://…`,
      });
    }
    return { status, row };
  }

  return {
    async setup(account, setupOptions, actor) {
      const url = receiverUrl(setupOptions.publicUrl, account);
      const events = checkEvents(setupOptions.events);
      return audit
        .run({
          action: 'webhook.setup',
          actor,
          account,
          details: { account, url, events },
          work: async () => {
            await accounts.get(account);
            const known = readMeta(await store.getSecret(webhookSecretId(account)));
            const remote = await listEndpoints(account, actor);
            const now = iso();
            const mine = known
              ? remote.find((endpoint) => endpoint.endpoint_id === known.endpoint_id)
              : undefined;
            if (known && mine) {
              // Known endpoint: update it in place; the stored secret stays valid.
              await call(
                account,
                'webhook_endpoint_update',
                { endpoint_id: known.endpoint_id, url, events },
                actor,
              );
              const row = (await store.getSecret(webhookSecretId(account)))!;
              await store.putSecret({
                ...row,
                meta: JSON.stringify({ ...known, url, events }),
                updatedAt: now,
              });
              cache.delete(account);
              return { action: 'updated' as const, status: (await statusOf(account))! };
            }
            const adoptable = remote.find((endpoint) => endpoint.url === url && endpoint.endpoint_id);
            let endpointId: string;
            let secret: string | null | undefined;
            let action: 'created' | 'adopted';
            if (adoptable?.endpoint_id) {
              // Registered for this URL before (by hand, or by a heygate that lost its store): learn a secret.
              endpointId = adoptable.endpoint_id;
              await call(account, 'webhook_endpoint_update', { endpoint_id: endpointId, url, events }, actor);
              secret = (
                (await call(
                  account,
                  'webhook_endpoint_rotate_secret',
                  { endpoint_id: endpointId },
                  actor,
                )) as EndpointData
              ).secret;
              action = 'adopted';
            } else {
              const created = (await call(
                account,
                'webhook_endpoint_create',
                { url, events },
                actor,
              )) as EndpointData;
              endpointId = created.endpoint_id ?? '';
              secret = created.secret;
              action = 'created';
            }
            if (!endpointId || !secret) {
              throw new HeyGateError(
                `HeyGen's answer for account "${account}" holds no endpoint id or secret.`,
                {
                  code: 'invalid_response',
                },
              );
            }
            await saveSecret(account, secret, {
              endpoint_id: endpointId,
              url,
              events,
              created_at: now,
              rotated_at: now,
            });
            return { action, status: (await statusOf(account))! };
          },
          changes: ({ action, status }) => ({ action, endpoint_id: status.endpointId }),
        })
        .then((result) => result.status);
    },

    async rotate(account, rotateOptions = {}, actor) {
      const overlapMs = rotateOptions.overlapMs ?? 15 * 60_000;
      if (!Number.isFinite(overlapMs) || overlapMs < 0) {
        throw new InvalidInputError('webhooks', [
          { field: 'overlap', expected: 'a duration ≥ 0', message: `Invalid overlap ${overlapMs}.` },
        ]);
      }
      return audit.run({
        action: 'webhook.rotate',
        actor,
        account,
        details: { account, overlap_ms: overlapMs },
        work: async () => {
          const { status, row } = await requireStatus(account);
          const answer = (await call(
            account,
            'webhook_endpoint_rotate_secret',
            { endpoint_id: status.endpointId },
            actor,
          )) as EndpointData;
          if (!answer.secret) {
            throw new HeyGateError(`HeyGen's rotation for account "${account}" returned no secret.`, {
              code: 'invalid_response',
            });
          }
          // Keep the old secret for deliveries HeyGen signed before the rotation and that are still in flight.
          const previousId = webhookPreviousSecretId(account);
          const old = await vault.open(webhookSecretId(account), row.sealed);
          const now = iso();
          await store.putSecret({
            id: previousId,
            sealed: await vault.seal(previousId, old),
            meta: null,
            expiresAt: iso(clock.now() + overlapMs),
            createdAt: now,
            updatedAt: now,
          });
          const meta = readMeta(row)!;
          await saveSecret(account, answer.secret, { ...meta, rotated_at: now });
          return (await statusOf(account))!;
        },
        changes: (status) => ({
          endpoint_id: status.endpointId,
          previous_secret_until: status.previousSecretUntil,
        }),
      });
    },

    async remove(account, removeOptions = {}, actor) {
      const remote = removeOptions.remote ?? true;
      return audit.run({
        action: 'webhook.remove',
        actor,
        account,
        details: { account, remote },
        work: async () => {
          const status = await statusOf(account);
          if (!status) return { deleted: false };
          const result = !remote
            ? undefined
            : await options.execute({
                tool: 'webhook_endpoint_delete',
                input: { endpoint_id: status.endpointId },
                account,
                surface: actor?.surface ?? 'library',
              });
          // Gone already at HeyGen is as good as deleted.
          if (result && !result.ok && result.error.status !== 404) {
            throw new HeyGateError(
              `HeyGen refused to delete the webhook endpoint of "${account}": ${result.error.message}`,
              { code: result.error.code },
            );
          }
          await store.deleteSecret(webhookSecretId(account));
          await store.deleteSecret(webhookPreviousSecretId(account));
          cache.delete(account);
          return { deleted: remote };
        },
        changes: (result) => result,
      });
    },

    async status(account) {
      if (account !== undefined) {
        const one = await statusOf(account);
        return one ? [one] : [];
      }
      const all: WebhookStatus[] = [];
      for (const row of await store.listSecrets(webhookSecretId(''))) {
        const status = await statusOf(row.id.slice(webhookSecretId('').length));
        if (status) all.push(status);
      }
      return all;
    },

    async secretsFor(account, secretOptions = {}) {
      const cached = cache.get(account);
      if (cached && !secretOptions.fresh && cached.until > clock.now()) return cached.secrets;
      const secrets: string[] = [];
      const current = await store.getSecret(webhookSecretId(account));
      if (current) secrets.push(await vault.open(current.id, current.sealed));
      const previous = await store.getSecret(webhookPreviousSecretId(account));
      let until = clock.now() + cacheMs;
      if (previous?.expiresAt && Date.parse(previous.expiresAt) > clock.now()) {
        secrets.push(await vault.open(previous.id, previous.sealed));
        // Stop trusting the cached copy when the overlap ends.
        until = Math.min(until, Date.parse(previous.expiresAt));
      }
      // Only accounts that have secrets are cached (and few of them): names made up by strangers are not kept.
      if (secrets.length > 0) {
        if (cache.size > 1000) cache.clear();
        cache.set(account, { secrets, until });
      }
      return secrets;
    },
  };
}
