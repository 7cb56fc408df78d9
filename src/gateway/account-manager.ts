import { HeyGateError, InvalidInputError } from '../catalog/errors.ts';
import { accountBalance, type AccountBalance } from '../catalog/compat/account-balance.ts';
import type { HeyGenClient } from '../heygen/client.ts';
import type { HeyGenCredentials } from '../heygen/heygen-credentials.ts';
import type { OAuthClient, OAuthTokens } from '../heygen/oauth-client.ts';
import type {
  AccountAuthKind,
  AccountHealth,
  AccountRow,
  BillingPool,
  Store,
  StoreReads,
} from '../store/store.ts';
import type { Vault } from '../vault/vault.ts';
import { createAdminAudit, type AdminActor, type AdminAudit } from './admin-audit.ts';
import { AccountNotFoundError, AccountVerificationError } from './errors.ts';
import { createOAuthTokenSource, storedTokens, type OAuthTokenSource } from './oauth-token-source.ts';
import { accountPendingKeyId } from './secret-ids.ts';
import { accountRecordId } from './store-vault-storage.ts';

/** What a HeyGen client is built from. Keys and tokens exist only in memory, only while the client lives. */
export interface AccountCredentials {
  name: string;
  /** The API key, for API-key accounts. */
  apiKey?: string;
  /** What the client authenticates with: the API key, or the OAuth connection's token source. */
  credentials?: HeyGenCredentials;
  /** Base URL override stored with the account (emulator, proxy). */
  baseUrl?: string;
}

/** Builds the HeyGen client of one account (tests inject the emulator's fetch here). */
export type ClientFactory = (account: AccountCredentials) => HeyGenClient;

/** The `default` account that exists without being stored: `HEYGEN_API_KEY`, or the sandbox emulator's key. */
export interface VirtualAccount {
  apiKey: string;
  baseUrl?: string;
  billingPool?: BillingPool;
  /** What to show as its source, e.g. `HEYGEN_API_KEY` or `sandbox`. */
  source: string;
}

/** An account as operators see it: never the key or a token. */
export interface AccountView {
  name: string;
  billingPool: BillingPool;
  baseUrl: string | null;
  lastVerifiedAt: string | null;
  health: AccountHealth;
  healthDetail: string | null;
  /** `vault` for stored accounts; the variable name (or `sandbox`) for the virtual default. */
  source: string;
  createdAt: string | null;
  updatedAt: string | null;
  /** `api_key` or `oauth`. */
  authKind: AccountAuthKind;
  /** When the OAuth access token expires (refreshed before then); null for API keys. */
  credentialExpiresAt: string | null;
  /** When the key was last rotated or the account last connected. */
  credentialRotatedAt: string | null;
  /** Who the credential belongs to at HeyGen (username or email), when known. */
  identity: string | null;
  /** A new API key waiting to be verified before it replaces the current one (see `rotate`). */
  pendingKey: { stagedAt: string; expiresAt: string | null } | null;
}

/** Result of verifying one account's key against HeyGen (`user_me_get`). */
export interface AccountVerification {
  name: string;
  ok: boolean;
  health: AccountHealth;
  /** Error code when not ok. */
  detail?: string;
  /** Who the key belongs to (HeyGen username or email), when HeyGen says. */
  identity?: string;
  /** The billing pool HeyGen reports for this credential (`wallet` → api, `subscription` → plan). */
  billingPool?: BillingPool;
  /** The balance HeyGen reports (`users/me`): wallet, plan credits or usage, with its unit. */
  balance?: AccountBalance;
}

/** Options of {@link createAccountManager}. */
export interface AccountManagerOptions {
  store: Store;
  vault: Vault;
  /** Builds clients for verification and calls. */
  clientFactory: ClientFactory;
  /** The virtual `default` account, used when no account named `default` is stored. */
  defaultAccount?: VirtualAccount;
  /** Time source for timestamps and token expiry (default `Date.now`). */
  clock?: { now(): number };
  /** HeyGen's OAuth endpoints for an account's base URL (null: the configured hosts). Needed for OAuth accounts. */
  oauthClient?: (baseUrl: string | null) => OAuthClient;
  /** Where adds, connections, rotations, updates and removals are recorded (default: the store's audit chain). */
  audit?: AdminAudit;
  /**
   * Runs before an account is removed (the gateway removes its webhook endpoint there); `remote: false` when the
   * operator chose not to reach HeyGen.
   */
  beforeRemove?: (
    name: string,
    options: { remote: boolean },
    actor: AdminActor | undefined,
  ) => Promise<Record<string, unknown>>;
}

/** Options of `add`. */
export interface AddAccountOptions {
  /** Default: what HeyGen reports for the key (`users/me`: a wallet bills API credits), else `api`. */
  billingPool?: BillingPool;
  baseUrl?: string;
  /** Skip the `user_me_get` check (offline setup); health stays `unknown`. Default false. */
  skipVerify?: boolean;
}

/** What `connectOAuth` stores: tokens from a completed authorization. */
export interface ConnectOAuthOptions {
  tokens: OAuthTokens;
  /** The OAuth client the tokens were issued to. */
  clientId: string;
  /** HeyGen base URL for this account (emulator, proxy); default the configured hosts. */
  baseUrl?: string | null;
  /** Default: what HeyGen reports (`users/me`: a subscription bills the web plan), else `plan`. */
  billingPool?: BillingPool;
  /** Replace an account that authenticates with an API key (a reconnect of an OAuth account needs no flag). */
  replace?: boolean;
}

/** Options of `rotate`. */
export interface RotateAccountKeyOptions {
  /**
   * How long the new key may wait to be verified (ms) while the current key keeps working. Default 0: the new
   * key must verify now or nothing changes. With a grace period a key HeyGen does not accept yet is staged and
   * re-verified in the background (and at once when the current key is refused); once verified it replaces the
   * current key, and when the period ends unverified it is dropped.
   */
  graceMs?: number;
}

/** What `rotate` did. */
export interface RotateAccountKeyResult {
  account: AccountView;
  /** `rotated`: the new key is in use; `staged`: it waits to be verified while the current key keeps working. */
  state: 'rotated' | 'staged';
  /** Why a staged key was not accepted yet. */
  detail?: string;
}

/** What `remove` did at HeyGen. */
export interface RemoveAccountResult {
  name: string;
  /**
   * `revoked` (OAuth tokens revoked at HeyGen), `skipped` (`revoke: false`), or `not_revocable` (HeyGen has no API
   * to revoke an API key: delete it in HeyGen's settings).
   */
  revocation: 'revoked' | 'skipped' | 'not_revocable';
  /** What the pre-removal hook reported (the webhook endpoint). */
  cleanup?: Record<string, unknown>;
}

/** Named HeyGen accounts in the vault: API keys and OAuth connections. */
export interface AccountManager {
  /** Verifies the key with HeyGen, then stores it sealed. Throws `AccountVerificationError` (nothing stored). */
  add(name: string, apiKey: string, options?: AddAccountOptions, actor?: AdminActor): Promise<AccountView>;
  /**
   * Stores an OAuth connection (after the authorization code was exchanged, see oauth-flows.ts): verifies the
   * token with `users/me` first; a refused token is revoked and nothing is stored.
   */
  connectOAuth(name: string, options: ConnectOAuthOptions, actor?: AdminActor): Promise<AccountView>;
  list(): Promise<AccountView[]>;
  /** One account (stored or the virtual default). Throws `AccountNotFoundError`. */
  get(name: string): Promise<AccountView>;
  /** Account names in default routing order: `default` first, then by name. */
  names(reads?: StoreReads): Promise<string[]>;
  /** Verifies one or every account and records health and last-verified time. */
  verify(name?: string): Promise<AccountVerification[]>;
  /** Replaces an API key; the new key is verified first (see `RotateAccountKeyOptions` for the grace period). */
  rotate(
    name: string,
    apiKey: string,
    options?: RotateAccountKeyOptions,
    actor?: AdminActor,
  ): Promise<RotateAccountKeyResult>;
  /** Verifies a staged key: promotes it when HeyGen accepts it, drops it when its grace period is over. */
  verifyPending(name: string, actor?: AdminActor): Promise<'rotated' | 'waiting' | 'expired' | 'none'>;
  /**
   * Refreshes OAuth accounts whose access token is within its refresh window (`refreshWindowMs`); per account
   * what happened. `heygate serve` runs it in the background so calls never wait for a refresh.
   */
  refreshDue(): Promise<{ name: string; refreshed: boolean; error?: string }[]>;
  /** Deletes an account and its key; revokes OAuth tokens at HeyGen first (unless `revoke: false`). */
  remove(name: string, options?: { revoke?: boolean }, actor?: AdminActor): Promise<RemoveAccountResult>;
  /** Changes billing pool or base URL. */
  update(
    name: string,
    changes: { billingPool?: BillingPool; baseUrl?: string | null },
    actor?: AdminActor,
  ): Promise<AccountView>;
  /**
   * The client of an account, built once per stored credential (the row is re-read every call, so a key
   * rotated or removed by another process takes effect on the next call; an OAuth account keeps its client
   * and adopts refreshed tokens). `reads` is the call's (`Store.freshReads`; default the store). Throws
   * `AccountNotFoundError`.
   */
  client(name: string, reads?: StoreReads): Promise<{ client: HeyGenClient; apiKey?: string }>;
  /**
   * The client already built for an account, if any — never builds one (the webhook receiver wakes waits,
   * which only exist on clients that were built).
   */
  cachedClient(name: string): HeyGenClient | undefined;
  /** The API keys and OAuth tokens this manager holds in memory (scrubbed from audit records and messages). */
  knownSecrets(): string[];
  /** Records the health of an account after a call (e.g. HeyGen answered 401). */
  markHealth(name: string, health: AccountHealth, detail: string | null): Promise<void>;
}

const namePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

function healthOf(error: unknown): { health: AccountHealth; detail: string } {
  const code = HeyGateError.isInstance(error) ? error.code : 'internal_error';
  const status = (error as { status?: number } | null)?.status;
  if (code === 'authentication_failed' || code === 'permission_denied' || status === 401 || status === 403) {
    return { health: 'unauthorized', detail: code };
  }
  if (code === 'connection_error' || code === 'timeout') return { health: 'unreachable', detail: code };
  return { health: 'error', detail: code };
}

function identityOf(data: unknown): string | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const record = data as Record<string, unknown>;
  const value = record.username ?? record.email ?? record.user_name;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The pool HeyGen bills the credential from, as `users/me` reports it. */
function billingPoolOf(data: unknown): BillingPool | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const billing = accountBalance(data as Record<string, unknown>).billingType;
  if (billing === 'wallet') return 'api';
  if (billing === 'subscription' || billing === 'usage_based') return 'plan';
  return undefined;
}

/**
 * How long before expiry an OAuth access token is refreshed in the background: a fifth of its lifetime (from
 * when it was obtained, `lastVerifiedAt`), at least a minute and at most a day — about every 9 days for
 * HeyGen's 10-day tokens, and still ahead of time for short-lived ones.
 */
export function refreshWindowMs(row: Pick<AccountRow, 'credentialExpiresAt' | 'lastVerifiedAt'>): number {
  const expires = row.credentialExpiresAt ? Date.parse(row.credentialExpiresAt) : Number.NaN;
  const obtained = row.lastVerifiedAt ? Date.parse(row.lastVerifiedAt) : Number.NaN;
  const lifetime = expires - obtained;
  const fifth = Number.isFinite(lifetime) && lifetime > 0 ? lifetime / 5 : 86_400_000;
  return Math.min(86_400_000, Math.max(60_000, fifth));
}

/** Routing order of account names: `default` first, then by name. */
function defaultFirst(a: string, b: string): number {
  return a === 'default' ? -1 : b === 'default' ? 1 : a.localeCompare(b);
}

function invalid(field: string, expected: string, message: string): InvalidInputError {
  return new InvalidInputError('accounts', [{ field, expected, message }]);
}

/** Refuses an account name that is not 1–64 letters, digits, `_ . -` (starting with a letter or digit). */
export function checkAccountName(name: string): void {
  if (!namePattern.test(name)) {
    throw invalid(
      'name',
      'letters, digits, _ . - (1–64, starting with a letter or digit)',
      `Invalid account name "${name}".`,
    );
  }
}

function checkBaseUrl(baseUrl: string | undefined | null): void {
  if (baseUrl === undefined || baseUrl === null) return;
  let parsed: URL | undefined;
  try {
    parsed = new URL(baseUrl);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
    throw invalid('base_url', 'an http(s) URL', `Invalid base URL "${baseUrl}".`);
  }
}

function checkKey(apiKey: string): string {
  const key = apiKey.trim();
  if (key === '' || /\s/.test(key)) {
    throw invalid('api_key', 'one HeyGen API key without spaces', 'The API key is empty or contains spaces.');
  }
  return key;
}

function view(row: AccountRow, pending?: { stagedAt: string; expiresAt: string | null } | null): AccountView {
  return {
    name: row.name,
    billingPool: row.billingPool,
    baseUrl: row.baseUrl ?? null,
    lastVerifiedAt: row.lastVerifiedAt ?? null,
    health: row.health,
    healthDetail: row.healthDetail ?? null,
    source: 'vault',
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    authKind: row.authKind ?? 'api_key',
    credentialExpiresAt: row.credentialExpiresAt ?? null,
    credentialRotatedAt: row.credentialRotatedAt ?? null,
    identity: row.identity ?? null,
    pendingKey: pending ?? null,
  };
}

const apiKeyCredentials = (name: string, apiKey: string, baseUrl?: string | null): AccountCredentials => ({
  name,
  apiKey,
  credentials: { kind: 'api_key', apiKey },
  ...(baseUrl ? { baseUrl } : {}),
});

/** Creates the account manager over the store and vault. */
export function createAccountManager(options: AccountManagerOptions): AccountManager {
  const { store, vault, clientFactory, defaultAccount } = options;
  const clock = options.clock ?? Date;
  const now = () => new Date(clock.now()).toISOString();
  const audit = options.audit ?? createAdminAudit({ store, clock });
  const clients = new Map<
    string,
    { fingerprint: string; client: HeyGenClient; apiKey?: string; tokens?: OAuthTokenSource }
  >();

  function oauthClient(baseUrl: string | null | undefined): OAuthClient {
    if (!options.oauthClient) {
      throw new HeyGateError('This gateway was built without OAuth support.', { code: 'oauth_unavailable' });
    }
    return options.oauthClient(baseUrl ?? null);
  }

  /** A successful verification from HeyGen's `users/me` answer. */
  function verified(name: string, data: unknown): AccountVerification {
    const identity = identityOf(data);
    const billingPool = billingPoolOf(data);
    return {
      name,
      ok: true,
      health: 'ok',
      ...(identity ? { identity } : {}),
      ...(billingPool ? { billingPool } : {}),
      ...(data && typeof data === 'object'
        ? { balance: accountBalance(data as Record<string, unknown>) }
        : {}),
    };
  }

  async function check(name: string, credentials: AccountCredentials): Promise<AccountVerification> {
    try {
      return verified(name, (await clientFactory(credentials).call('user_me_get', {})).data);
    } catch (error) {
      return { name, ok: false, ...healthOf(error) };
    }
  }

  async function verifyOrThrow(name: string, credentials: AccountCredentials): Promise<AccountVerification> {
    try {
      return verified(name, (await clientFactory(credentials).call('user_me_get', {})).data);
    } catch (error) {
      throw new AccountVerificationError(name, error);
    }
  }

  function virtualView(): AccountView | undefined {
    if (!defaultAccount) return undefined;
    return {
      name: 'default',
      billingPool: defaultAccount.billingPool ?? 'api',
      baseUrl: defaultAccount.baseUrl ?? null,
      lastVerifiedAt: null,
      health: 'unknown',
      healthDetail: null,
      source: defaultAccount.source,
      createdAt: null,
      updatedAt: null,
      authKind: 'api_key',
      credentialExpiresAt: null,
      credentialRotatedAt: null,
      identity: null,
      pendingKey: null,
    };
  }

  async function requireStored(name: string): Promise<AccountRow> {
    const row = await store.getAccount(name);
    if (!row) throw new AccountNotFoundError(name);
    return row;
  }

  async function pendingOf(name: string) {
    const pending = await store.getSecret(accountPendingKeyId(name));
    return pending ? { stagedAt: pending.createdAt, expiresAt: pending.expiresAt } : null;
  }

  async function viewOf(name: string): Promise<AccountView> {
    return view(await requireStored(name), await pendingOf(name));
  }

  /** The token source of an OAuth account (one per account and base URL, shared by every call). */
  function tokenSource(row: AccountRow, existing?: OAuthTokenSource): OAuthTokenSource {
    return (
      existing ??
      createOAuthTokenSource({
        name: row.name,
        store,
        vault,
        oauth: oauthClient(row.baseUrl),
        clock,
        markHealth: (health, detail) => markHealth(row.name, health, detail),
      })
    );
  }

  async function markHealth(name: string, health: AccountHealth, detail: string | null): Promise<void> {
    const row = await store.getAccount(name);
    if (!row) return;
    let recorded = detail;
    if (health === 'unauthorized' && detail === 'authentication_failed' && row.authKind === 'oauth') {
      recorded = 'oauth_token_rejected: HeyGen refused a freshly refreshed access token';
    }
    if (row.health !== health || (row.healthDetail ?? null) !== recorded) {
      await store.updateAccount(name, { health, healthDetail: recorded }, now());
    }
    // The current key was refused while a new one waits: try the new one now rather than at the next sweep.
    if (health === 'unauthorized' && row.authKind !== 'oauth')
      void manager.verifyPending(name).catch(() => {});
  }

  /** Revokes an OAuth connection's tokens at HeyGen (the refresh token ends the whole consent). */
  async function revokeTokens(
    clientId: string,
    baseUrl: string | null | undefined,
    tokens: {
      access_token: string;
      refresh_token: string | null;
    },
  ): Promise<void> {
    const oauth = oauthClient(baseUrl);
    if (tokens.refresh_token)
      await oauth.revoke({ clientId, token: tokens.refresh_token, tokenTypeHint: 'refresh_token' });
    await oauth.revoke({ clientId, token: tokens.access_token, tokenTypeHint: 'access_token' });
  }

  async function promote(
    name: string,
    row: AccountRow,
    key: string,
    pendingSealed: string,
  ): Promise<boolean> {
    const sealed = await vault.seal(accountRecordId(name), key);
    const at = now();
    // Compare-and-swap: the old key is replaced only if nobody changed it since we read it.
    const replaced = await store.replaceAccountKey(
      name,
      row.keyRecord,
      sealed,
      { health: 'ok', healthDetail: null, lastVerifiedAt: at, credentialRotatedAt: at },
      at,
    );
    if (replaced) {
      await store.deleteSecret(accountPendingKeyId(name), pendingSealed);
      clients.delete(name);
    }
    return replaced;
  }

  const manager: AccountManager = {
    async add(name, apiKey, addOptions = {}, actor) {
      checkAccountName(name);
      checkBaseUrl(addOptions.baseUrl);
      const key = checkKey(apiKey);
      return audit.run({
        action: 'account.add',
        actor,
        account: name,
        details: {
          name,
          auth_kind: 'api_key',
          billing_pool: addOptions.billingPool ?? null,
          base_url: addOptions.baseUrl ?? null,
          verify: !addOptions.skipVerify,
        },
        work: async () => {
          if (await store.getAccount(name)) {
            throw invalid(
              'name',
              'a new account name',
              `Account "${name}" exists; use \`heygate accounts rotate ${name}\` to change its key.`,
            );
          }
          const verified = addOptions.skipVerify
            ? undefined
            : await verifyOrThrow(name, apiKeyCredentials(name, key, addOptions.baseUrl));
          const at = now();
          const row: AccountRow = {
            name,
            billingPool: addOptions.billingPool ?? verified?.billingPool ?? 'api',
            baseUrl: addOptions.baseUrl ?? null,
            keyRecord: await vault.seal(accountRecordId(name), key),
            lastVerifiedAt: verified ? at : null,
            health: verified ? 'ok' : 'unknown',
            healthDetail: null,
            createdAt: at,
            updatedAt: at,
            authKind: 'api_key',
            credentialRotatedAt: at,
            identity: verified?.identity ?? null,
          };
          await store.insertAccount(row);
          return view(row);
        },
        changes: (account) => ({ billing_pool: account.billingPool, health: account.health }),
      });
    },

    async connectOAuth(name, connect, actor) {
      checkAccountName(name);
      checkBaseUrl(connect.baseUrl);
      const baseUrl = connect.baseUrl ?? null;
      return audit
        .run({
          action: 'account.connect',
          actor,
          account: name,
          details: {
            name,
            auth_kind: 'oauth',
            client_id: connect.clientId,
            base_url: baseUrl,
            replace: connect.replace === true,
          },
          work: async () => {
            const existing = await store.getAccount(name);
            const fresh = storedTokens(connect.tokens);
            const revokeNew = () => revokeTokens(connect.clientId, baseUrl, fresh).catch(() => {});
            if (existing && existing.authKind !== 'oauth' && !connect.replace) {
              await revokeNew();
              throw invalid(
                'name',
                'a new account name, or --replace',
                `Account "${name}" uses an API key; pass --replace to switch it to OAuth.`,
              );
            }
            let verified: AccountVerification;
            try {
              verified = await verifyOrThrow(name, {
                name,
                credentials: {
                  kind: 'oauth',
                  accessToken: async () => fresh.access_token,
                  refresh: async () => fresh.access_token,
                },
                ...(baseUrl ? { baseUrl } : {}),
              });
            } catch (error) {
              // Leave nothing behind at HeyGen either: a connection heygate does not store is revoked.
              await revokeNew();
              throw error;
            }
            const at = now();
            const sealed = await vault.seal(accountRecordId(name), JSON.stringify(fresh));
            const fields = {
              billingPool: connect.billingPool ?? verified.billingPool ?? 'plan',
              baseUrl,
              lastVerifiedAt: at,
              health: 'ok' as const,
              healthDetail: null,
              authKind: 'oauth' as const,
              credentialExpiresAt: fresh.expires_at,
              credentialRotatedAt: at,
              oauthClientId: connect.clientId,
              identity: verified.identity ?? null,
            };
            if (!existing) {
              await store.insertAccount({ name, keyRecord: sealed, createdAt: at, updatedAt: at, ...fields });
            } else {
              if (!(await store.replaceAccountKey(name, existing.keyRecord, sealed, fields, at))) {
                await revokeNew();
                throw new HeyGateError(`Account "${name}" changed while it was being connected.`, {
                  code: 'conflict',
                  retryable: true,
                  hint: 'Connect it again.',
                });
              }
              await store.deleteSecret(accountPendingKeyId(name));
              if (existing.authKind === 'oauth') {
                // A reconnect replaces the old consent: end it at HeyGen too.
                const old = JSON.parse(await vault.open(accountRecordId(name), existing.keyRecord)) as {
                  access_token: string;
                  refresh_token: string | null;
                };
                await revokeTokens(existing.oauthClientId ?? connect.clientId, existing.baseUrl, old).catch(
                  () => {},
                );
              }
            }
            return { account: await viewOf(name), replaced: existing?.authKind ?? null };
          },
          changes: ({ account, replaced }) => ({
            billing_pool: account.billingPool,
            token_expires_at: account.credentialExpiresAt,
            identity: account.identity,
            replaced_auth_kind: replaced,
          }),
        })
        .then((result) => result.account);
    },

    async list() {
      const pending = new Map(
        (await store.listSecrets(accountPendingKeyId(''))).map((secret) => [
          secret.id,
          { stagedAt: secret.createdAt, expiresAt: secret.expiresAt },
        ]),
      );
      const rows = (await store.listAccounts()).map((row) =>
        view(row, pending.get(accountPendingKeyId(row.name))),
      );
      const virtual = virtualView();
      const all = virtual && !rows.some((row) => row.name === 'default') ? [virtual, ...rows] : rows;
      return all.sort((a, b) => defaultFirst(a.name, b.name));
    },

    async get(name) {
      const row = await store.getAccount(name);
      if (row) return view(row, await pendingOf(name));
      const virtual = name === 'default' ? virtualView() : undefined;
      if (!virtual) throw new AccountNotFoundError(name);
      return virtual;
    },

    async names(reads = store) {
      // On every routed call: the account rows only (no staged-key lookup).
      const names = (await reads.listAccounts()).map((row) => row.name);
      if (defaultAccount && !names.includes('default')) names.push('default');
      return names.sort(defaultFirst);
    },

    async verify(name) {
      const targets = name === undefined ? await manager.names() : [name];
      const results: AccountVerification[] = [];
      for (const target of targets) {
        const row = await store.getAccount(target);
        if (!row) {
          if (target === 'default' && defaultAccount) {
            results.push(
              await check(target, apiKeyCredentials(target, defaultAccount.apiKey, defaultAccount.baseUrl)),
            );
            continue;
          }
          throw new AccountNotFoundError(target);
        }
        let result: AccountVerification;
        if (row.authKind === 'oauth') {
          try {
            const { client } = await manager.client(target);
            result = verified(target, (await client.call('user_me_get', {})).data);
          } catch (error) {
            result = { name: target, ok: false, ...healthOf(error) };
          }
        } else {
          const apiKey = await vault.open(accountRecordId(target), row.keyRecord);
          result = await check(target, apiKeyCredentials(target, apiKey, row.baseUrl));
        }
        const at = now();
        await store.updateAccount(
          target,
          result.ok
            ? { health: 'ok', healthDetail: null, lastVerifiedAt: at }
            : { health: result.health, healthDetail: result.detail ?? null },
          at,
        );
        results.push(result);
      }
      return results;
    },

    async rotate(name, apiKey, rotateOptions = {}, actor) {
      const key = checkKey(apiKey);
      const graceMs = rotateOptions.graceMs ?? 0;
      if (!Number.isFinite(graceMs) || graceMs < 0) {
        throw invalid('grace', 'a duration ≥ 0', `Invalid grace period ${graceMs}.`);
      }
      return audit.run({
        action: 'account.rotate',
        actor,
        account: name,
        details: { name, grace_ms: graceMs },
        work: async (): Promise<RotateAccountKeyResult> => {
          const first = await requireStored(name);
          if (first.authKind === 'oauth') {
            throw invalid(
              'name',
              'an account that uses an API key',
              `Account "${name}" is connected with OAuth: its tokens refresh by themselves; connect it again with \`heygate accounts connect ${name} --oauth\` to replace the connection.`,
            );
          }
          let verification: AccountVerification | undefined;
          let refusal: unknown;
          try {
            verification = await verifyOrThrow(name, apiKeyCredentials(name, key, first.baseUrl));
          } catch (error) {
            if (graceMs === 0) throw error;
            refusal = error;
          }
          const at = now();
          const staged = await vault.seal(accountPendingKeyId(name), key);
          await store.putSecret({
            id: accountPendingKeyId(name),
            sealed: staged,
            meta: null,
            expiresAt: graceMs > 0 ? new Date(clock.now() + graceMs).toISOString() : null,
            createdAt: at,
            updatedAt: at,
          });
          if (!verification) {
            const detail = HeyGateError.isInstance(refusal) ? refusal.message : 'not verified yet';
            return { account: await viewOf(name), state: 'staged', detail };
          }
          for (let attempt = 0; attempt < 3; attempt += 1) {
            const row = await requireStored(name);
            if (await promote(name, row, key, staged)) {
              if (verification.identity)
                await store.updateAccount(name, { identity: verification.identity }, now());
              return { account: await viewOf(name), state: 'rotated' };
            }
          }
          throw new HeyGateError(`Account "${name}" kept changing while its key was being rotated.`, {
            code: 'conflict',
            retryable: true,
            hint: 'Run the rotation again.',
          });
        },
        changes: (result) => ({
          state: result.state,
          pending_until: result.account.pendingKey?.expiresAt ?? null,
          ...(result.detail ? { detail: result.detail } : {}),
        }),
      });
    },

    async verifyPending(name, actor) {
      const pending = await store.getSecret(accountPendingKeyId(name));
      if (!pending) return 'none';
      const row = await store.getAccount(name);
      if (!row) {
        await store.deleteSecret(pending.id);
        return 'none';
      }
      const key = await vault.open(pending.id, pending.sealed);
      const result = await check(name, apiKeyCredentials(name, key, row.baseUrl));
      if (result.ok) {
        return audit.run({
          action: 'account.rotate',
          actor,
          account: name,
          details: { name, phase: 'promote_staged_key' },
          work: async () => ((await promote(name, row, key, pending.sealed)) ? 'rotated' : 'waiting'),
          changes: (state) => ({ state }),
        });
      }
      if (pending.expiresAt !== null && Date.parse(pending.expiresAt) > clock.now()) return 'waiting';
      return audit.run({
        action: 'account.rotate',
        actor,
        account: name,
        details: { name, phase: 'drop_expired_staged_key' },
        work: async () => {
          await store.deleteSecret(pending.id, pending.sealed);
          await store.updateAccount(
            name,
            { healthDetail: `key_rotation_expired: the staged key was never accepted (${result.detail})` },
            now(),
          );
          return 'expired' as const;
        },
        changes: (state) => ({ state }),
      });
    },

    async refreshDue() {
      const results: { name: string; refreshed: boolean; error?: string }[] = [];
      for (const row of await store.listAccounts()) {
        if (row.authKind !== 'oauth') continue;
        const aheadMs = refreshWindowMs(row);
        const due =
          row.credentialExpiresAt !== null &&
          row.credentialExpiresAt !== undefined &&
          Date.parse(row.credentialExpiresAt) - clock.now() <= aheadMs;
        if (!due) continue;
        try {
          await manager.client(row.name);
          const source = clients.get(row.name)?.tokens;
          results.push({ name: row.name, refreshed: (await source?.refreshIfDue(aheadMs)) ?? false });
        } catch (error) {
          results.push({
            name: row.name,
            refreshed: false,
            error: HeyGateError.isInstance(error) ? error.code : 'internal_error',
          });
        }
      }
      return results;
    },

    async remove(name, removeOptions = {}, actor) {
      const revoke = removeOptions.revoke ?? true;
      return audit.run({
        action: 'account.remove',
        actor,
        account: name,
        details: { name, revoke },
        work: async (): Promise<RemoveAccountResult> => {
          const row = await store.getAccount(name);
          if (!row) {
            if (name === 'default' && defaultAccount) {
              throw invalid(
                'name',
                'a stored account',
                `The default account comes from ${defaultAccount.source}; unset it to remove the account.`,
              );
            }
            throw new AccountNotFoundError(name);
          }
          const cleanup = options.beforeRemove
            ? await options.beforeRemove(name, { remote: revoke }, actor)
            : undefined;
          let revocation: RemoveAccountResult['revocation'] = 'not_revocable';
          if (row.authKind === 'oauth') {
            revocation = 'skipped';
            if (revoke) {
              const tokens = JSON.parse(await vault.open(accountRecordId(name), row.keyRecord)) as {
                access_token: string;
                refresh_token: string | null;
              };
              // A failed revocation keeps the account: the operator decides (retry, or --no-revoke).
              await revokeTokens(row.oauthClientId ?? '', row.baseUrl, tokens);
              revocation = 'revoked';
            }
          }
          await store.deleteSecret(accountPendingKeyId(name));
          await store.deleteAccount(name);
          clients.delete(name);
          return { name, revocation, ...(cleanup ? { cleanup } : {}) };
        },
        changes: (result) => ({ revocation: result.revocation, ...(result.cleanup ?? {}) }),
      });
    },

    async update(name, changes, actor) {
      checkBaseUrl(changes.baseUrl);
      const before = await requireStored(name);
      return audit.run({
        action: 'account.update',
        actor,
        account: name,
        details: {
          name,
          ...(changes.billingPool ? { billing_pool: changes.billingPool } : {}),
          ...(changes.baseUrl !== undefined ? { base_url: changes.baseUrl } : {}),
        },
        work: async () => {
          await store.updateAccount(
            name,
            {
              ...(changes.billingPool ? { billingPool: changes.billingPool } : {}),
              ...(changes.baseUrl !== undefined ? { baseUrl: changes.baseUrl } : {}),
            },
            now(),
          );
          clients.delete(name);
          return viewOf(name);
        },
        changes: (account) => ({
          billing_pool: { from: before.billingPool, to: account.billingPool },
          base_url: { from: before.baseUrl ?? null, to: account.baseUrl },
        }),
      });
    },

    async client(name, reads = store) {
      const row = await reads.getAccount(name);
      if (!row) {
        if (name === 'default' && defaultAccount) {
          const cached = clients.get(name);
          if (cached?.fingerprint === 'virtual') return cached;
          const entry = {
            fingerprint: 'virtual',
            client: clientFactory(apiKeyCredentials(name, defaultAccount.apiKey, defaultAccount.baseUrl)),
            apiKey: defaultAccount.apiKey,
          };
          clients.set(name, entry);
          return entry;
        }
        clients.delete(name);
        throw new AccountNotFoundError(name);
      }
      const cached = clients.get(name);
      if (row.authKind === 'oauth') {
        // One client per connection and base URL: refreshed tokens are adopted by its token source, so job
        // waits on the client stay reachable by webhook wake-ups across refreshes.
        const fingerprint = `oauth\u0000${row.baseUrl ?? ''}`;
        if (cached && cached.fingerprint === fingerprint && cached.tokens) {
          cached.tokens.observe(row);
          return cached;
        }
        const tokens = tokenSource(row);
        tokens.observe(row);
        const entry = {
          fingerprint,
          tokens,
          client: clientFactory({
            name,
            credentials: tokens.credentials,
            ...(row.baseUrl ? { baseUrl: row.baseUrl } : {}),
          }),
        };
        clients.set(name, entry);
        return entry;
      }
      const fingerprint = `${row.keyRecord}\u0000${row.baseUrl ?? ''}`;
      if (cached && cached.fingerprint === fingerprint) return cached;
      const apiKey = await vault.open(accountRecordId(name), row.keyRecord);
      const entry = {
        fingerprint,
        client: clientFactory(apiKeyCredentials(name, apiKey, row.baseUrl)),
        apiKey,
      };
      clients.set(name, entry);
      return entry;
    },

    cachedClient(name) {
      return clients.get(name)?.client;
    },

    knownSecrets() {
      const secrets: string[] = [];
      for (const entry of clients.values()) {
        if (entry.apiKey) secrets.push(entry.apiKey);
        if (entry.tokens) secrets.push(...entry.tokens.secrets());
      }
      if (defaultAccount) secrets.push(defaultAccount.apiKey);
      return secrets;
    },

    markHealth,
  };
  return manager;
}
