import { HeyGateError } from '../catalog/errors.ts';
import type { OAuthCredentials } from '../heygen/heygen-credentials.ts';
import type { OAuthClient, OAuthTokens } from '../heygen/oauth-client.ts';
import { OAuthError } from '../heygen/oauth-error.ts';
import type { AccountHealth, AccountRow, Store } from '../store/store.ts';
import type { Vault } from '../vault/vault.ts';
import { AccountNotFoundError } from './errors.ts';
import { accountRecordId } from './store-vault-storage.ts';

/** What the vault holds for an OAuth account (sealed as JSON in the account's key record). */
export interface StoredOAuthTokens {
  access_token: string;
  refresh_token: string | null;
  token_type: string;
  /** Expiry of the access token, ISO time; null when HeyGen gave none. */
  expires_at: string | null;
  scope: string | null;
}

/** The sealed form of fresh tokens (keeping the old refresh token when a refresh omitted it). */
export function storedTokens(tokens: OAuthTokens, previousRefreshToken?: string | null): StoredOAuthTokens {
  return {
    access_token: tokens.accessToken,
    refresh_token: tokens.refreshToken ?? previousRefreshToken ?? null,
    token_type: tokens.tokenType,
    expires_at: tokens.expiresAt === null ? null : new Date(tokens.expiresAt).toISOString(),
    scope: tokens.scope ?? null,
  };
}

/** The connection of an account can no longer be refreshed: it must be connected again. */
export class OAuthRefreshError extends HeyGateError {
  readonly account: string;
  constructor(account: string, reason: string, cause?: unknown) {
    super(`The OAuth connection of account "${account}" could not be refreshed (${reason}).`, {
      code: 'oauth_refresh_failed',
      hint: `Connect it again: heygate accounts connect ${account} --oauth`,
      cause,
    });
    this.name = 'OAuthRefreshError';
    this.account = account;
  }
}

/** Options of {@link createOAuthTokenSource}. */
export interface OAuthTokenSourceOptions {
  /** The account name. */
  name: string;
  store: Store;
  vault: Vault;
  /** HeyGen's OAuth endpoints for this account. */
  oauth: OAuthClient;
  /** The gateway's clock (expiry decisions). */
  clock: { now(): number };
  /** Refresh when the token has less than this left (default 60 s), so a call never goes out with a dying token. */
  skewMs?: number;
  /** Records the account's health after a refresh (ok, or why it failed). */
  markHealth: (health: AccountHealth, detail: string | null) => Promise<void>;
}

/** The tokens of one OAuth account, refreshed on demand and shared by every call of this process. */
export interface OAuthTokenSource {
  /** What the HeyGen client authenticates with. */
  readonly credentials: OAuthCredentials;
  /** Tells the source the stored row (read on every call): a changed key record is adopted on next use. */
  observe(row: AccountRow): void;
  /** Refreshes when the access token expires within `aheadMs` (background refresh); true when it refreshed. */
  refreshIfDue(aheadMs: number): Promise<boolean>;
  /** The tokens held in memory (to scrub from audit records). */
  secrets(): string[];
}

/**
 * Creates the token source of an OAuth account. Refreshes are shared: concurrent calls that need one wait for
 * the same request to HeyGen. A refresh re-reads the account first — another process may have refreshed
 * already — and stores the new tokens with a compare-and-swap on the sealed record. A refresh HeyGen refuses
 * (`invalid_grant`: revoked, expired) marks the account `unauthorized` with the reason and fails every later call
 * at once with `oauth_refresh_failed` (the router moves portable calls to another account) until the account is
 * connected again; a refresh that cannot reach HeyGen marks it `unreachable` and is tried again by the next call.
 */
export function createOAuthTokenSource(options: OAuthTokenSourceOptions): OAuthTokenSource {
  const { name, store, vault, oauth, clock } = options;
  const skewMs = options.skewMs ?? 60_000;
  const recordId = accountRecordId(name);
  let record: string | undefined;
  let tokens: StoredOAuthTokens | undefined;
  let clientId = '';
  let observed: AccountRow | undefined;
  /** A record HeyGen refused to refresh: calls fail fast until the record changes (reconnect). */
  let deadRecord: string | undefined;
  let inflight: Promise<string> | undefined;

  async function adopt(row: AccountRow): Promise<void> {
    if (row.keyRecord === record && tokens) return;
    const opened = JSON.parse(await vault.open(recordId, row.keyRecord)) as StoredOAuthTokens;
    record = row.keyRecord;
    tokens = opened;
    clientId = row.oauthClientId ?? '';
  }

  async function current(): Promise<StoredOAuthTokens> {
    if (observed) {
      const row = observed;
      observed = undefined;
      await adopt(row);
    }
    if (!tokens || record === undefined) {
      const row = await store.getAccount(name);
      if (!row) throw new AccountNotFoundError(name);
      await adopt(row);
    }
    if (record === deadRecord) throw new OAuthRefreshError(name, 'HeyGen refused the refresh token earlier');
    return tokens!;
  }

  const expiresWithin = (held: StoredOAuthTokens, ms: number) =>
    held.expires_at !== null && Date.parse(held.expires_at) - clock.now() <= ms;

  /**
   * One refresh: re-read the account (another process may have refreshed it), and refresh at HeyGen only if the
   * token still held is the rejected one or expires within `aheadMs`.
   */
  async function refreshNow(rejected: string | undefined, aheadMs: number): Promise<string> {
    const row = await store.getAccount(name);
    if (!row || row.authKind !== 'oauth') throw new AccountNotFoundError(name);
    await adopt(row);
    const held = tokens!;
    if (held.access_token !== rejected && !expiresWithin(held, aheadMs)) return held.access_token;
    if (row.keyRecord === deadRecord)
      throw new OAuthRefreshError(name, 'HeyGen refused the refresh token earlier');
    if (!held.refresh_token) {
      await options.markHealth('unauthorized', 'oauth_refresh_failed: no refresh token');
      deadRecord = row.keyRecord;
      throw new OAuthRefreshError(name, 'HeyGen gave no refresh token');
    }
    let next: OAuthTokens;
    try {
      next = await oauth.refresh({ clientId, refreshToken: held.refresh_token });
    } catch (error) {
      const again = await store.getAccount(name);
      if (again && again.keyRecord !== row.keyRecord) {
        // Another process refreshed (and maybe rotated the refresh token) meanwhile: use its tokens.
        await adopt(again);
        return tokens!.access_token;
      }
      const refused =
        error instanceof OAuthError &&
        error.status !== undefined &&
        error.status < 500 &&
        error.status !== 429;
      if (refused) {
        deadRecord = row.keyRecord;
        const reason = error.oauthError ?? error.code;
        await options.markHealth('unauthorized', `oauth_refresh_failed: ${reason}`);
        throw new OAuthRefreshError(name, `HeyGen answered ${reason}`, error);
      }
      await options.markHealth('unreachable', 'oauth_refresh_unreachable');
      throw error;
    }
    const fresh = storedTokens(next, held.refresh_token);
    const sealed = await vault.seal(recordId, JSON.stringify(fresh));
    const at = new Date(clock.now()).toISOString();
    const stored = await store.replaceAccountKey(
      name,
      row.keyRecord,
      sealed,
      { credentialExpiresAt: fresh.expires_at, health: 'ok', healthDetail: null, lastVerifiedAt: at },
      at,
    );
    if (stored) {
      record = sealed;
      tokens = fresh;
      return fresh.access_token;
    }
    // The record changed under us (a reconnect, another process's refresh): the stored one wins.
    const latest = await store.getAccount(name);
    if (!latest) throw new AccountNotFoundError(name);
    await adopt(latest);
    return tokens!.access_token;
  }

  function shared(rejected: string | undefined, aheadMs: number): Promise<string> {
    inflight ??= refreshNow(rejected, aheadMs).finally(() => {
      inflight = undefined;
    });
    return inflight;
  }

  return {
    credentials: {
      kind: 'oauth',
      async accessToken() {
        const held = await current();
        return expiresWithin(held, skewMs) ? shared(undefined, skewMs) : held.access_token;
      },
      async refresh(rejected) {
        const held = await current();
        // Another call already replaced the rejected token: retry with that one.
        if (held.access_token !== rejected) return held.access_token;
        return shared(rejected, skewMs);
      },
    },
    observe(row) {
      if (row.keyRecord !== record) observed = row;
    },
    async refreshIfDue(aheadMs) {
      const held = await current();
      if (!expiresWithin(held, aheadMs)) return false;
      const before = held.access_token;
      return (await shared(undefined, aheadMs)) !== before;
    },
    secrets() {
      return tokens ? [tokens.access_token, tokens.refresh_token ?? ''].filter(Boolean) : [];
    },
  };
}
