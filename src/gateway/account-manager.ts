import { HeyGateError, InvalidInputError } from '../catalog/errors.ts';
import type { HeyGenClient } from '../heygen/client.ts';
import type { AccountHealth, AccountRow, BillingPool, Store } from '../store/store.ts';
import type { Vault } from '../vault/vault.ts';
import { AccountNotFoundError, AccountVerificationError } from './errors.ts';
import { accountRecordId } from './store-vault-storage.ts';

/** What a HeyGen client is built from. The key exists only in memory, only while the client lives. */
export interface AccountCredentials {
  name: string;
  apiKey: string;
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

/** An account as operators see it: never the key. */
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
}

/** Options of {@link createAccountManager}. */
export interface AccountManagerOptions {
  store: Store;
  vault: Vault;
  /** Builds clients for verification and calls. */
  clientFactory: ClientFactory;
  /** The virtual `default` account, used when no account named `default` is stored. */
  defaultAccount?: VirtualAccount;
  /** Time source for timestamps (default `Date.now`). */
  clock?: { now(): number };
}

/** Options of `add`. */
export interface AddAccountOptions {
  billingPool?: BillingPool;
  baseUrl?: string;
  /** Skip the `user_me_get` check (offline setup); health stays `unknown`. Default false. */
  skipVerify?: boolean;
}

/** Named HeyGen accounts in the vault. */
export interface AccountManager {
  /** Verifies the key with HeyGen, then stores it sealed. Throws `AccountVerificationError` (nothing stored). */
  add(name: string, apiKey: string, options?: AddAccountOptions): Promise<AccountView>;
  list(): Promise<AccountView[]>;
  /** Account names in default routing order: `default` first, then by name. */
  names(): Promise<string[]>;
  /** Verifies one or every account and records health and last-verified time. */
  verify(name?: string): Promise<AccountVerification[]>;
  /** Verifies the new key first; only then replaces the old one (atomically). */
  rotate(name: string, apiKey: string): Promise<AccountView>;
  remove(name: string): Promise<void>;
  /** Changes billing pool or base URL. */
  update(name: string, changes: { billingPool?: BillingPool; baseUrl?: string | null }): Promise<AccountView>;
  /**
   * The client of an account, built once per stored key (the sealed record is re-read every call, so a key
   * rotated or removed by another process takes effect on the next call). Throws `AccountNotFoundError`.
   */
  client(name: string): Promise<{ client: HeyGenClient; apiKey: string }>;
  /**
   * The client already built for an account, if any — never builds one (the webhook receiver wakes waits,
   * which only exist on clients that were built).
   */
  cachedClient(name: string): HeyGenClient | undefined;
  /** The API keys this manager holds in memory (for scrubbing them from audit records and messages). */
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

function checkName(name: string): void {
  if (!namePattern.test(name)) {
    throw new InvalidInputError('accounts', [
      {
        field: 'name',
        expected: 'letters, digits, _ . - (1–64, starting with a letter or digit)',
        message: `Invalid account name "${name}".`,
      },
    ]);
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
    throw new InvalidInputError('accounts', [
      { field: 'base_url', expected: 'an http(s) URL', message: `Invalid base URL "${baseUrl}".` },
    ]);
  }
}

function checkKey(apiKey: string): string {
  const key = apiKey.trim();
  if (key === '' || /\s/.test(key)) {
    throw new InvalidInputError('accounts', [
      {
        field: 'api_key',
        expected: 'one HeyGen API key without spaces',
        message: 'The API key is empty or contains spaces.',
      },
    ]);
  }
  return key;
}

function view(row: AccountRow): AccountView {
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
  };
}

/** Creates the account manager over the store and vault. */
export function createAccountManager(options: AccountManagerOptions): AccountManager {
  const { store, vault, clientFactory, defaultAccount } = options;
  const clock = options.clock ?? Date;
  const now = () => new Date(clock.now()).toISOString();
  const clients = new Map<string, { fingerprint: string; client: HeyGenClient; apiKey: string }>();

  async function check(name: string, credentials: AccountCredentials): Promise<AccountVerification> {
    try {
      const result = await clientFactory(credentials).call('user_me_get', {});
      const identity = identityOf(result.data);
      return { name, ok: true, health: 'ok', ...(identity ? { identity } : {}) };
    } catch (error) {
      return { name, ok: false, ...healthOf(error) };
    }
  }

  async function verifyOrThrow(name: string, credentials: AccountCredentials): Promise<void> {
    try {
      await clientFactory(credentials).call('user_me_get', {});
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
    };
  }

  async function requireStored(name: string): Promise<AccountRow> {
    const row = await store.getAccount(name);
    if (!row) throw new AccountNotFoundError(name);
    return row;
  }

  return {
    async add(name, apiKey, addOptions = {}) {
      checkName(name);
      checkBaseUrl(addOptions.baseUrl);
      const key = checkKey(apiKey);
      const credentials: AccountCredentials = {
        name,
        apiKey: key,
        ...(addOptions.baseUrl ? { baseUrl: addOptions.baseUrl } : {}),
      };
      if (await store.getAccount(name)) {
        throw new InvalidInputError('accounts', [
          {
            field: 'name',
            expected: 'a new account name',
            message: `Account "${name}" exists; use \`heygate accounts rotate ${name}\` to change its key.`,
          },
        ]);
      }
      if (!addOptions.skipVerify) await verifyOrThrow(name, credentials);
      const at = now();
      const row: AccountRow = {
        name,
        billingPool: addOptions.billingPool ?? 'api',
        baseUrl: addOptions.baseUrl ?? null,
        keyRecord: await vault.seal(accountRecordId(name), key),
        lastVerifiedAt: addOptions.skipVerify ? null : at,
        health: addOptions.skipVerify ? 'unknown' : 'ok',
        healthDetail: null,
        createdAt: at,
        updatedAt: at,
      };
      await store.insertAccount(row);
      return view(row);
    },

    async list() {
      const rows = (await store.listAccounts()).map(view);
      const virtual = virtualView();
      const all = virtual && !rows.some((row) => row.name === 'default') ? [virtual, ...rows] : rows;
      return all.sort((a, b) =>
        a.name === 'default' ? -1 : b.name === 'default' ? 1 : a.name.localeCompare(b.name),
      );
    },

    async names() {
      return (await this.list()).map((account) => account.name);
    },

    async verify(name) {
      const targets = name === undefined ? await this.names() : [name];
      const results: AccountVerification[] = [];
      for (const target of targets) {
        const row = await store.getAccount(target);
        if (!row) {
          if (target === 'default' && defaultAccount) {
            results.push(
              await check(target, {
                name: target,
                apiKey: defaultAccount.apiKey,
                ...(defaultAccount.baseUrl ? { baseUrl: defaultAccount.baseUrl } : {}),
              }),
            );
            continue;
          }
          throw new AccountNotFoundError(target);
        }
        const apiKey = await vault.open(accountRecordId(target), row.keyRecord);
        const result = await check(target, {
          name: target,
          apiKey,
          ...(row.baseUrl ? { baseUrl: row.baseUrl } : {}),
        });
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

    async rotate(name, apiKey) {
      const key = checkKey(apiKey);
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const row = await requireStored(name);
        await verifyOrThrow(name, { name, apiKey: key, ...(row.baseUrl ? { baseUrl: row.baseUrl } : {}) });
        const sealed = await vault.seal(accountRecordId(name), key);
        const at = now();
        // Compare-and-swap: the old key is replaced only if nobody changed it since we read it.
        if (
          await store.replaceAccountKey(
            name,
            row.keyRecord,
            sealed,
            { health: 'ok', healthDetail: null, lastVerifiedAt: at },
            at,
          )
        ) {
          clients.delete(name);
          return view((await store.getAccount(name))!);
        }
      }
      throw new HeyGateError(`Account "${name}" kept changing while its key was being rotated.`, {
        code: 'conflict',
        retryable: true,
        hint: 'Run the rotation again.',
      });
    },

    async remove(name) {
      if (!(await store.deleteAccount(name))) {
        if (name === 'default' && defaultAccount) {
          throw new InvalidInputError('accounts', [
            {
              field: 'name',
              expected: 'a stored account',
              message: `The default account comes from ${defaultAccount.source}; unset it to remove the account.`,
            },
          ]);
        }
        throw new AccountNotFoundError(name);
      }
      clients.delete(name);
    },

    async update(name, changes) {
      checkBaseUrl(changes.baseUrl);
      await requireStored(name);
      await store.updateAccount(
        name,
        {
          ...(changes.billingPool ? { billingPool: changes.billingPool } : {}),
          ...(changes.baseUrl !== undefined ? { baseUrl: changes.baseUrl } : {}),
        },
        now(),
      );
      clients.delete(name);
      return view(await requireStored(name));
    },

    async client(name) {
      const row = await store.getAccount(name);
      let fingerprint: string;
      let credentials: () => Promise<AccountCredentials>;
      if (row) {
        fingerprint = `${row.keyRecord}\u0000${row.baseUrl ?? ''}`;
        credentials = async () => ({
          name,
          apiKey: await vault.open(accountRecordId(name), row.keyRecord),
          ...(row.baseUrl ? { baseUrl: row.baseUrl } : {}),
        });
      } else if (name === 'default' && defaultAccount) {
        fingerprint = 'virtual';
        credentials = async () => ({
          name,
          apiKey: defaultAccount.apiKey,
          ...(defaultAccount.baseUrl ? { baseUrl: defaultAccount.baseUrl } : {}),
        });
      } else {
        clients.delete(name);
        throw new AccountNotFoundError(name);
      }
      const cached = clients.get(name);
      if (cached && cached.fingerprint === fingerprint) return cached;
      const resolved = await credentials();
      const entry = { fingerprint, client: clientFactory(resolved), apiKey: resolved.apiKey };
      clients.set(name, entry);
      return entry;
    },

    cachedClient(name) {
      return clients.get(name)?.client;
    },

    knownSecrets() {
      const secrets = [...clients.values()].map((entry) => entry.apiKey);
      if (defaultAccount) secrets.push(defaultAccount.apiKey);
      return secrets;
    },

    async markHealth(name, health, detail) {
      const row = await store.getAccount(name);
      if (!row || (row.health === health && (row.healthDetail ?? null) === detail)) return;
      await store.updateAccount(name, { health, healthDetail: detail }, now());
    },
  };
}
