import { HeyGenConnectionError, HeyGenTimeoutError } from './errors.ts';
import { resolveHeyGenHosts, type HeyGenHosts } from './heygen-hosts.ts';
import { OAuthError, oauthErrorCode } from './oauth-error.ts';
import { redactSecrets } from './redact-secrets.ts';
import { userAgent } from './user-agent.ts';

/** Tokens from HeyGen's token endpoint. */
export interface OAuthTokens {
  /** Sent as `Authorization: Bearer` on v3 calls. */
  accessToken: string;
  /**
   * Exchanges for a new access token. A refresh answer may omit it (HeyGen's CLI notes this): the old refresh
   * token then stays valid, so callers keep it.
   */
  refreshToken?: string;
  /** `Bearer`. */
  tokenType: string;
  /** When the access token expires (ms, the client's clock), from `expires_in`; null when HeyGen gave none. */
  expiresAt: number | null;
  /** Scopes granted, when HeyGen says. */
  scope?: string;
}

/** What `authorizationUrl` puts into HeyGen's authorize URL. */
export interface AuthorizationRequest {
  clientId: string;
  /** Where HeyGen sends the browser back with `code` and `state`. */
  redirectUri: string;
  /** Opaque, unguessable, single use: the callback must return it unchanged. */
  state: string;
  /** PKCE S256 challenge. */
  codeChallenge: string;
  /** Space-separated scopes; omitted when undefined (HeyGen's documented URL names none). */
  scope?: string;
}

/** Options of {@link createOAuthClient}. */
export interface OAuthClientOptions {
  /** Hosts (`app` for the consent page, `oauth` for the endpoints); default from `baseUrl`/`env`. */
  hosts?: Pick<HeyGenHosts, 'app' | 'oauth'>;
  /** One origin for every host (emulator, proxy). */
  baseUrl?: string | null;
  /** Environment for the host variables (see `resolveHeyGenHosts`). Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Default the global fetch. */
  fetch?: typeof globalThis.fetch;
  /** Clock for `expiresAt` (the emulator's clock in tests). Default `Date.now`. */
  clock?: { now(): number };
  /** Per-request timeout (default 30 s). */
  timeoutMs?: number;
}

/** HeyGen's OAuth endpoints: authorization code with PKCE, refresh, revocation and client registration. */
export interface OAuthClient {
  readonly hosts: Pick<HeyGenHosts, 'app' | 'oauth'>;
  /** The consent page URL the user's browser opens. */
  authorizationUrl(request: AuthorizationRequest): string;
  /** Exchanges an authorization code (with the PKCE verifier) for tokens. */
  exchangeCode(request: {
    clientId: string;
    code: string;
    redirectUri: string;
    codeVerifier: string;
    signal?: AbortSignal;
  }): Promise<OAuthTokens>;
  /** Exchanges a refresh token for a new access token (and maybe a new refresh token). */
  refresh(request: { clientId: string; refreshToken: string; signal?: AbortSignal }): Promise<OAuthTokens>;
  /** Revokes a token (RFC 7009): HeyGen answers success for a token it no longer knows, too. */
  revoke(request: {
    clientId: string;
    token: string;
    tokenTypeHint?: 'access_token' | 'refresh_token';
    signal?: AbortSignal;
  }): Promise<void>;
  /** Registers a public client dynamically (an empty-body POST, as HeyGen's n8n node does). */
  register(request?: { signal?: AbortSignal }): Promise<{ clientId: string }>;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** HeyGen's answers may come bare (RFC 6749) or in its `{data: …}` envelope; both are read. */
function unwrap(body: unknown): Json {
  if (isObject(body) && isObject(body.data)) return body.data;
  return isObject(body) ? body : {};
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The OAuth error string and description of a refusal, in RFC 6749 form or HeyGen's envelopes. */
function readRefusal(body: unknown): { error?: string; description?: string } {
  if (!isObject(body)) return {};
  if (typeof body.error === 'string') {
    return { error: body.error, description: text(body.error_description) ?? text(body.message) };
  }
  if (isObject(body.error)) {
    return { error: text(body.error.code), description: text(body.error.message) };
  }
  return { error: text(body.code), description: text(body.message) };
}

/** Creates the OAuth client for HeyGen's endpoints (or the emulator's, which answers them on one origin). */
export function createOAuthClient(options: OAuthClientOptions = {}): OAuthClient {
  const resolved = resolveHeyGenHosts({
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  const hosts = options.hosts ?? { app: resolved.app, oauth: resolved.oauth };
  const fetchFunction = options.fetch ?? globalThis.fetch;
  const clock = options.clock ?? Date;
  const timeoutMs = options.timeoutMs ?? 30_000;

  async function post(
    path: string,
    label: string,
    form: Record<string, string | undefined> | undefined,
    secrets: readonly string[],
    signal: AbortSignal | undefined,
  ): Promise<{ status: number; body: unknown }> {
    const url = `${hosts.oauth}${path}`;
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': userAgent };
    let body: string | undefined;
    if (form) {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(form)) if (value !== undefined) params.set(key, value);
      body = params.toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    let response: Response;
    let raw: string;
    try {
      response = await fetchFunction(url, { method: 'POST', headers, body, signal: combined });
      raw = await response.text();
    } catch (error) {
      if (timeout.aborted && !signal?.aborted) {
        throw new HeyGenTimeoutError(
          `HeyGen did not answer the OAuth ${label} within ${timeoutMs / 1000} s.`,
          {
            timeoutMs,
            retryable: true,
          },
        );
      }
      const reason = redactSecrets(error instanceof Error ? error.message : String(error), secrets);
      throw new HeyGenConnectionError(
        `Could not reach HeyGen's OAuth endpoint at ${new URL(url).host} for the ${label}: ${reason}.`,
        { cause: error },
      );
    }
    let parsed: unknown = raw;
    try {
      parsed = raw === '' ? {} : (JSON.parse(raw) as unknown);
    } catch {
      // Not JSON (an HTML error page): described below only by status.
    }
    if (!response.ok) {
      const refusal = readRefusal(parsed);
      const said = refusal.description
        ? `: ${redactSecrets(refusal.description, secrets).slice(0, 200)}`
        : '';
      throw new OAuthError(
        `HeyGen refused the OAuth ${label} (HTTP ${response.status}${refusal.error ? `, ${refusal.error}` : ''})${said}.`,
        {
          code: oauthErrorCode(refusal.error),
          status: response.status,
          retryable: response.status >= 500 || response.status === 429,
          ...(refusal.error ? { oauthError: refusal.error } : {}),
        },
      );
    }
    return { status: response.status, body: parsed };
  }

  function tokensFrom(body: unknown, label: string): OAuthTokens {
    const data = unwrap(body);
    const accessToken = text(data.access_token);
    if (!accessToken) {
      throw new OAuthError(`HeyGen's answer to the OAuth ${label} holds no access_token.`, {
        code: 'oauth_error',
      });
    }
    const expiresIn = Number(data.expires_in);
    const tokens: OAuthTokens = {
      accessToken,
      tokenType: text(data.token_type) ?? 'Bearer',
      expiresAt: Number.isFinite(expiresIn) && expiresIn > 0 ? clock.now() + expiresIn * 1000 : null,
    };
    const refreshToken = text(data.refresh_token);
    if (refreshToken) tokens.refreshToken = refreshToken;
    const scope = text(data.scope);
    if (scope) tokens.scope = scope;
    return tokens;
  }

  return {
    hosts,

    authorizationUrl(request) {
      const url = new URL('/oauth/authorize', hosts.app);
      url.searchParams.set('client_id', request.clientId);
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('redirect_uri', request.redirectUri);
      url.searchParams.set('state', request.state);
      url.searchParams.set('code_challenge', request.codeChallenge);
      url.searchParams.set('code_challenge_method', 'S256');
      if (request.scope) url.searchParams.set('scope', request.scope);
      return url.toString();
    },

    async exchangeCode(request) {
      const { body } = await post(
        '/v1/oauth/token',
        'code exchange',
        {
          grant_type: 'authorization_code',
          code: request.code,
          redirect_uri: request.redirectUri,
          client_id: request.clientId,
          code_verifier: request.codeVerifier,
        },
        [request.code, request.codeVerifier],
        request.signal,
      );
      return tokensFrom(body, 'code exchange');
    },

    async refresh(request) {
      const { body } = await post(
        '/v1/oauth/token',
        'token refresh',
        { grant_type: 'refresh_token', refresh_token: request.refreshToken, client_id: request.clientId },
        [request.refreshToken],
        request.signal,
      );
      return tokensFrom(body, 'token refresh');
    },

    async revoke(request) {
      await post(
        '/v1/oauth/revoke',
        'revocation',
        { token: request.token, token_type_hint: request.tokenTypeHint, client_id: request.clientId },
        [request.token],
        request.signal,
      );
    },

    async register(request = {}) {
      const { body } = await post('/v1/oauth/register', 'client registration', undefined, [], request.signal);
      const clientId = text(unwrap(body).client_id);
      if (!clientId) {
        throw new OAuthError("HeyGen's answer to the client registration holds no client_id.", {
          code: 'oauth_error',
        });
      }
      return { clientId };
    },
  };
}
