import { createHash } from 'node:crypto';
import { HeyGateError, InvalidInputError } from '../catalog/errors.ts';
import type { OAuthClient } from '../heygen/oauth-client.ts';
import { OAuthError } from '../heygen/oauth-error.ts';
import { createOAuthState, createPkcePair } from '../heygen/pkce.ts';
import type { BillingPool, Store } from '../store/store.ts';
import type { Vault } from '../vault/vault.ts';
import { checkAccountName, type AccountManager, type AccountView } from './account-manager.ts';
import type { AdminActor, AdminAudit } from './admin-audit.ts';
import { oauthFlowId } from './secret-ids.ts';

/** What starts an OAuth connection. */
export interface StartOAuthOptions {
  /** The account to store the connection as (new, or an OAuth account to reconnect). */
  account: string;
  /** Where HeyGen sends the browser back: the CLI's loopback listener, or `heygate serve`'s callback route. */
  redirectUri: string;
  /**
   * Opaque binding of the flow to whoever started it — the CLI process's nonce, the console's session id. It is
   * stored hashed, and `complete` must present the same value: a callback carried into another session fails.
   */
  binding: string;
  /** Client id to use; default the configured one, else the client registered dynamically (once per host). */
  clientId?: string;
  /** Scopes to ask for (space-separated); default the configured ones, else none. */
  scope?: string;
  /** HeyGen base URL for this account (emulator, proxy). */
  baseUrl?: string | null;
  billingPool?: BillingPool;
  /** Replace an account that uses an API key. */
  replace?: boolean;
  /** A path on this server to send the browser to afterwards (the console's page); must start with `/`. */
  returnTo?: string;
  actor?: AdminActor;
}

/** A started flow: the URL the user opens. */
export interface StartedOAuthFlow {
  authorizationUrl: string;
  /** The flow's `state` (also inside the URL). */
  state: string;
  /** When the flow stops being completable. */
  expiresAt: string;
}

/** What HeyGen sent back to the redirect URI. */
export interface CompleteOAuthOptions {
  state: string;
  code?: string;
  /** OAuth `error` (e.g. `access_denied`) when the user did not approve. */
  error?: string;
  errorDescription?: string;
  /** The same binding the flow was started with. */
  binding: string;
  /** Who completes it; default whoever started the flow. */
  actor?: AdminActor;
}

/** A completed connection. */
export interface CompletedOAuthFlow {
  account: AccountView;
  /** The `returnTo` the flow was started with. */
  returnTo?: string;
}

/** Options of {@link createOAuthFlows}. */
export interface OAuthFlowsOptions {
  store: Store;
  vault: Vault;
  accounts: AccountManager;
  audit: AdminAudit;
  /** HeyGen's OAuth endpoints for an account's base URL (null: the configured hosts). */
  oauthClient: (baseUrl: string | null) => OAuthClient;
  /** Client id from configuration (`HEYGATE_OAUTH_CLIENT_ID`); else registered dynamically. */
  clientId?: string;
  /** Scopes from configuration (`HEYGATE_OAUTH_SCOPE`). */
  scope?: string;
  clock?: { now(): number };
  /** How long a started flow can be completed (default 10 minutes). */
  ttlMs?: number;
}

/** Authorization code + PKCE flows, started by the CLI or `heygate serve` and completed by their callback. */
export interface OAuthFlows {
  start(options: StartOAuthOptions): Promise<StartedOAuthFlow>;
  /**
   * Completes a flow: checks state, binding and expiry, exchanges the code (with the PKCE verifier) and stores
   * the account. Each failure — declined consent, unknown or reused state, another session, an expired flow or
   * code — is a clear `OAuthError` and stores nothing.
   */
  complete(options: CompleteOAuthOptions): Promise<CompletedOAuthFlow>;
  /** Deletes flows that can no longer complete; returns how many. */
  prune(): Promise<number>;
}

/** What a pending flow keeps besides its sealed verifier. */
interface FlowMeta {
  account: string;
  redirect_uri: string;
  binding: string;
  client_id: string;
  base_url: string | null;
  billing_pool: BillingPool | null;
  replace: boolean;
  return_to: string | null;
  /** Who started the flow: completing it is their action (the browser's callback carries no identity). */
  actor: AdminActor | null;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function flowError(code: string, message: string, hint: string): OAuthError {
  return new OAuthError(message, { code, hint });
}

/**
 * Creates the OAuth flows. A pending flow lives in the store (so any `heygate serve` process can complete it),
 * under the hash of its state, with the PKCE verifier sealed by the vault and the binding hashed; completing it
 * deletes it first (compare-and-swap), so a state works once.
 */
export function createOAuthFlows(options: OAuthFlowsOptions): OAuthFlows {
  const { store, vault, accounts, audit } = options;
  const clock = options.clock ?? Date;
  const ttlMs = options.ttlMs ?? 10 * 60_000;
  const iso = (ms: number) => new Date(ms).toISOString();

  /** The client id: given, configured, or registered once per OAuth host and remembered in the settings. */
  async function clientIdFor(oauth: OAuthClient, given: string | undefined): Promise<string> {
    const configured = given ?? options.clientId;
    if (configured) return configured;
    const key = `oauth:registered-client:${oauth.hosts.oauth}`;
    const stored = await store.getSetting(key);
    if (stored) return JSON.parse(stored) as string;
    try {
      const { clientId } = await oauth.register();
      await store.putSetting(key, JSON.stringify(clientId), iso(clock.now()));
      return clientId;
    } catch (error) {
      throw new HeyGateError(
        `HeyGen did not register an OAuth client for heygate (${HeyGateError.isInstance(error) ? error.message : 'unexpected error'}).`,
        {
          code: 'oauth_client_unavailable',
          hint: 'Set HEYGATE_OAUTH_CLIENT_ID (or --client-id) to the client id HeyGen issued for your integration.',
          cause: error,
        },
      );
    }
  }

  function checkStart(start: StartOAuthOptions): void {
    const issues = [];
    try {
      const url = new URL(start.redirectUri);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('scheme');
    } catch {
      issues.push({ field: 'redirect_uri', expected: 'an http(s) URL', message: 'Invalid redirect_uri.' });
    }
    if (start.binding === '') {
      issues.push({
        field: 'binding',
        expected: 'a non-empty session binding',
        message: 'No session binding.',
      });
    }
    // A path on this server only: not `//host` or `/\host`, which browsers treat as another origin.
    if (start.returnTo !== undefined && !/^\/(?![/\\])[^\s]*$/.test(start.returnTo)) {
      issues.push({
        field: 'return_to',
        expected: 'a path on this server starting with one /',
        message: `Invalid return_to "${start.returnTo}".`,
      });
    }
    if (issues.length > 0) throw new InvalidInputError('oauth', issues);
  }

  return {
    async start(start) {
      checkAccountName(start.account);
      checkStart(start);
      // Refuse early what completing would refuse, before the user goes through HeyGen's consent page.
      const existing = await store.getAccount(start.account);
      if (existing && existing.authKind !== 'oauth' && !start.replace) {
        throw new InvalidInputError('accounts', [
          {
            field: 'name',
            expected: 'a new account name, or --replace',
            message: `Account "${start.account}" uses an API key; pass --replace to switch it to OAuth.`,
          },
        ]);
      }
      const baseUrl = start.baseUrl ?? null;
      const oauth = options.oauthClient(baseUrl);
      const clientId = await clientIdFor(oauth, start.clientId);
      const pkce = createPkcePair();
      const state = createOAuthState();
      const now = clock.now();
      const meta: FlowMeta = {
        account: start.account,
        redirect_uri: start.redirectUri,
        binding: sha256(start.binding),
        client_id: clientId,
        base_url: baseUrl,
        billing_pool: start.billingPool ?? null,
        replace: start.replace === true,
        return_to: start.returnTo ?? null,
        actor: start.actor ?? null,
      };
      const id = oauthFlowId(sha256(state));
      await store.putSecret({
        id,
        sealed: await vault.seal(id, pkce.verifier),
        meta: JSON.stringify(meta),
        expiresAt: iso(now + ttlMs),
        createdAt: iso(now),
        updatedAt: iso(now),
      });
      const scope = start.scope ?? options.scope;
      return {
        authorizationUrl: oauth.authorizationUrl({
          clientId,
          redirectUri: start.redirectUri,
          state,
          codeChallenge: pkce.challenge,
          ...(scope ? { scope } : {}),
        }),
        state,
        expiresAt: iso(now + ttlMs),
      };
    },

    async complete(callback) {
      const id = oauthFlowId(sha256(callback.state));
      const flow = await store.getSecret(id);
      const meta = flow?.meta ? (JSON.parse(flow.meta) as FlowMeta) : undefined;
      const actor = callback.actor ?? meta?.actor ?? undefined;
      /** Failures before the account is stored are recorded as a failed `account.connect`. */
      const refuse = (error: HeyGateError) =>
        audit.run({
          action: 'account.connect',
          actor,
          account: meta?.account ?? null,
          details: { name: meta?.account ?? null, auth_kind: 'oauth', phase: 'callback' },
          work: async () => {
            throw error;
          },
        });
      if (!flow || !meta) {
        // Not recorded: no flow was touched, and anyone can send this (the callback needs no credentials).
        throw flowError(
          'oauth_state_mismatch',
          'The OAuth callback carries a state heygate did not issue, or one already used; nothing was stored.',
          'Start the connection again and finish it in the browser that opened it.',
        );
      }
      if (sha256(callback.binding) !== meta.binding) {
        return refuse(
          flowError(
            'oauth_state_mismatch',
            'The OAuth callback belongs to a connection started in another session; nothing was stored.',
            'Finish the connection in the browser session that started it.',
          ),
        );
      }
      // Single use: whoever deletes the flow completes it.
      if (!(await store.deleteSecret(id, flow.sealed))) {
        return refuse(
          flowError(
            'oauth_state_mismatch',
            'This OAuth callback was already used; nothing was stored.',
            'Start the connection again.',
          ),
        );
      }
      if (flow.expiresAt !== null && Date.parse(flow.expiresAt) <= clock.now()) {
        return refuse(
          flowError(
            'oauth_flow_expired',
            `The OAuth connection of account "${meta.account}" was not completed in time; nothing was stored.`,
            'Start it again and approve within 10 minutes.',
          ),
        );
      }
      if (callback.error !== undefined || !callback.code) {
        const denied = callback.error === 'access_denied';
        return refuse(
          new OAuthError(
            denied
              ? `The HeyGen consent for account "${meta.account}" was declined; nothing was stored.`
              : `HeyGen returned no authorization code for account "${meta.account}" (${callback.error ?? 'no code'}${callback.errorDescription ? `: ${callback.errorDescription.slice(0, 200)}` : ''}); nothing was stored.`,
            {
              code: denied ? 'oauth_access_denied' : 'oauth_error',
              ...(callback.error ? { oauthError: callback.error } : {}),
              hint: 'Start the connection again and approve it on HeyGen’s page.',
            },
          ),
        );
      }
      const verifier = await vault.open(id, flow.sealed);
      const oauth = options.oauthClient(meta.base_url);
      let tokens;
      try {
        tokens = await oauth.exchangeCode({
          clientId: meta.client_id,
          code: callback.code,
          redirectUri: meta.redirect_uri,
          codeVerifier: verifier,
        });
      } catch (error) {
        if (error instanceof OAuthError && error.code === 'oauth_invalid_grant') {
          return refuse(
            flowError(
              'oauth_invalid_grant',
              `HeyGen refused the authorization code for account "${meta.account}": it expired or was already used; nothing was stored.`,
              'Start the connection again.',
            ),
          );
        }
        if (HeyGateError.isInstance(error)) return refuse(error);
        throw error;
      }
      const account = await accounts.connectOAuth(
        meta.account,
        {
          tokens,
          clientId: meta.client_id,
          ...(meta.base_url ? { baseUrl: meta.base_url } : {}),
          ...(meta.billing_pool ? { billingPool: meta.billing_pool } : {}),
          replace: meta.replace,
        },
        actor,
      );
      return { account, ...(meta.return_to ? { returnTo: meta.return_to } : {}) };
    },

    async prune() {
      let pruned = 0;
      for (const flow of await store.listSecrets(oauthFlowId(''))) {
        if (flow.expiresAt !== null && Date.parse(flow.expiresAt) <= clock.now()) {
          if (await store.deleteSecret(flow.id, flow.sealed)) pruned += 1;
        }
      }
      return pruned;
    },
  };
}
