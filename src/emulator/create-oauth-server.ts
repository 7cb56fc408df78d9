import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Account } from './account.ts';
import type { EmulatorClock } from './emulator-clock.ts';

/** Options of the emulator's OAuth provider (`EmulatorOptions.oauth`). */
export interface EmulatorOAuthOptions {
  /**
   * Approve every authorization at once: `GET /oauth/authorize` redirects straight to the client's
   * `redirect_uri` with a code, for the first account (`heygate emulator --oauth-auto-approve`). Default false:
   * a consent page with Approve and Deny.
   */
  autoApprove?: boolean;
  /** Lifetime of access tokens in seconds of emulator time. Default 864000 (10 days, HeyGen's example). */
  accessTokenSeconds?: number;
  /** Lifetime of authorization codes in seconds. Default 600. */
  codeSeconds?: number;
  /**
   * Issue a new refresh token on every refresh (the old one stops working). Default false: the answer omits
   * `refresh_token` and the old one stays valid — HeyGen's CLI expects refreshes that may omit it.
   */
  rotateRefreshTokens?: boolean;
  /** Client ids that exist besides those registered with `POST /v1/oauth/register`. Default `['heygate-emulator']`. */
  clients?: readonly string[];
}

/** One consent: the account it grants, and its tokens. */
interface Grant {
  id: string;
  account: Account;
  clientId: string;
  scope: string | null;
  refreshToken: string;
  revoked: boolean;
  refreshes: number;
}

interface PendingCode {
  grantAccount: Account;
  clientId: string;
  redirectUri: string;
  challenge: string;
  scope: string | null;
  expiresAt: number;
  used: boolean;
}

/** What tests can see of the OAuth provider. */
export interface EmulatorOAuthSnapshot {
  /** Client ids that exist (configured and registered). */
  clients: string[];
  /** Consents given, oldest first. */
  grants: { id: string; clientId: string; keyHash: string; revoked: boolean; refreshes: number }[];
  /** Access tokens issued (codes exchanged plus refreshes). */
  accessTokensIssued: number;
  /** Successful refreshes. */
  refreshes: number;
  /** Revocation requests answered. */
  revocations: number;
}

/** The result of checking an OAuth bearer token on an API request. */
export type BearerCheck =
  { kind: 'ok'; account: Account } | { kind: 'expired' } | { kind: 'revoked' } | { kind: 'unknown' };

/** The emulator's OAuth provider: HeyGen's consent page and OAuth endpoints, on the emulator's origin. */
export interface EmulatorOAuthServer {
  /** Answers `/oauth/authorize`, `/oauth/authorize/decision` and `/v1/oauth/{token,revoke,register}`; else undefined. */
  handle(request: Request, pathname: string): Promise<Response | undefined>;
  /** The account behind an access token, or why there is none. */
  checkBearer(token: string): BearerCheck;
  /** Makes every access token (of one account, or all) invalid at once, as a password change would. */
  invalidateAccessTokens(account?: Account): number;
  snapshot(): EmulatorOAuthSnapshot;
}

/** Options of {@link createOAuthServer}. */
export interface OAuthServerOptions extends EmulatorOAuthOptions {
  clock: EmulatorClock;
  /** The accounts in creation order (the consent page offers them; auto-approve picks the first). */
  accounts: () => Account[];
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (character) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character] as string,
  );

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  });
}

/** An RFC 6749 §5.2 error answer of the token endpoint. */
function oauthError(status: number, error: string, description: string): Response {
  return json(status, { error, error_description: description });
}

function html(status: number, body: string): Response {
  return new Response(
    `<!doctype html><html><head><title>HeyGen (emulator)</title></head><body>${body}</body></html>`,
    {
      status,
      headers: { 'content-type': 'text/html; charset=utf-8' },
    },
  );
}

function sameText(left: string, right: string): boolean {
  const a = Buffer.from(left);
  const b = Buffer.from(right);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A redirect URI the emulator accepts: https anywhere, http on loopback (RFC 8252 native apps). */
function acceptableRedirect(uri: string): boolean {
  try {
    const url = new URL(uri);
    if (url.hash) return false;
    if (url.protocol === 'https:') return true;
    const host = url.hostname.replace(/^\[|\]$/g, '');
    return url.protocol === 'http:' && (host === 'localhost' || host === '::1' || /^127\./.test(host));
  } catch {
    return false;
  }
}

/** Reads a form body (the token, revoke and decision endpoints are form-encoded). */
async function readForm(request: Request): Promise<URLSearchParams> {
  const type = request.headers.get('content-type') ?? '';
  const text = await request.text();
  if (type.includes('application/json') && text.trim().startsWith('{')) {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    return new URLSearchParams(
      Object.entries(parsed).flatMap(([key, value]): [string, string][] =>
        typeof value === 'string' ? [[key, value]] : [],
      ),
    );
  }
  return new URLSearchParams(text);
}

/**
 * Creates the OAuth provider: authorization code with PKCE (S256 only), refresh (rotating or not), RFC 7009
 * revocation (of the whole consent, whichever of its tokens is presented) and dynamic client registration with an
 * empty-body POST. Access tokens expire on the emulator clock.
 */
export function createOAuthServer(options: OAuthServerOptions): EmulatorOAuthServer {
  const { clock } = options;
  const accessTokenMs = (options.accessTokenSeconds ?? 864_000) * 1000;
  const codeMs = (options.codeSeconds ?? 600) * 1000;
  const clients = new Set(options.clients ?? ['heygate-emulator']);
  const codes = new Map<string, PendingCode>();
  const accessTokens = new Map<string, { grant: Grant; expiresAt: number }>();
  const refreshTokens = new Map<string, Grant>();
  const grants: Grant[] = [];
  /** Access tokens of revoked consents, so a call with one is told why it fails (bounded). */
  const revokedTokens = new Set<string>();
  let accessTokensIssued = 0;
  let refreshes = 0;
  let revocations = 0;

  const token = (prefix: string) => `${prefix}${randomBytes(24).toString('base64url')}`;

  function issueAccess(grant: Grant): { access_token: string; expires_in: number } {
    const accessToken = token('hgat_');
    accessTokens.set(accessToken, { grant, expiresAt: clock.now() + accessTokenMs });
    accessTokensIssued += 1;
    return { access_token: accessToken, expires_in: Math.round(accessTokenMs / 1000) };
  }

  function revokeGrant(grant: Grant): void {
    grant.revoked = true;
    refreshTokens.delete(grant.refreshToken);
    for (const [accessToken, entry] of accessTokens) {
      if (entry.grant !== grant) continue;
      accessTokens.delete(accessToken);
      revokedTokens.add(accessToken);
    }
    if (revokedTokens.size > 10_000) revokedTokens.clear();
  }

  /** The authorize request's parameters, checked; an error page for a bad client or redirect (no redirect then). */
  function readAuthorize(params: URLSearchParams):
    | {
        ok: true;
        clientId: string;
        redirectUri: string;
        state: string;
        challenge: string;
        scope: string | null;
      }
    | { ok: false; response: Response } {
    const clientId = params.get('client_id') ?? '';
    const redirectUri = params.get('redirect_uri') ?? '';
    if (!clients.has(clientId)) {
      return {
        ok: false,
        response: html(
          400,
          `<h1>Unknown application</h1><p>client_id "${escapeHtml(clientId)}" is not registered.</p>`,
        ),
      };
    }
    if (!acceptableRedirect(redirectUri)) {
      return {
        ok: false,
        response: html(400, '<h1>Invalid redirect_uri</h1><p>Use https, or http on a loopback address.</p>'),
      };
    }
    const state = params.get('state') ?? '';
    const back = (error: string, description: string) => {
      const url = new URL(redirectUri);
      url.searchParams.set('error', error);
      url.searchParams.set('error_description', description);
      if (state) url.searchParams.set('state', state);
      return { ok: false as const, response: Response.redirect(url.toString(), 302) };
    };
    if (params.get('response_type') !== 'code')
      return back('unsupported_response_type', 'response_type must be code.');
    if (params.get('code_challenge_method') !== 'S256')
      return back('invalid_request', 'code_challenge_method must be S256.');
    const challenge = params.get('code_challenge') ?? '';
    if (!/^[A-Za-z0-9_-]{43}$/.test(challenge))
      return back('invalid_request', 'code_challenge must be a base64url SHA-256.');
    if (!state) return back('invalid_request', 'state is required.');
    return { ok: true, clientId, redirectUri, state, challenge, scope: params.get('scope') };
  }

  function approve(
    request: {
      clientId: string;
      redirectUri: string;
      state: string;
      challenge: string;
      scope: string | null;
    },
    account: Account,
  ): Response {
    const code = token('hgac_');
    codes.set(code, {
      grantAccount: account,
      clientId: request.clientId,
      redirectUri: request.redirectUri,
      challenge: request.challenge,
      scope: request.scope,
      expiresAt: clock.now() + codeMs,
      used: false,
    });
    const url = new URL(request.redirectUri);
    url.searchParams.set('code', code);
    url.searchParams.set('state', request.state);
    return Response.redirect(url.toString(), 302);
  }

  function consentPage(request: {
    clientId: string;
    redirectUri: string;
    state: string;
    challenge: string;
    scope: string | null;
  }): Response {
    const hidden = Object.entries({
      client_id: request.clientId,
      redirect_uri: request.redirectUri,
      state: request.state,
      code_challenge: request.challenge,
      code_challenge_method: 'S256',
      response_type: 'code',
      ...(request.scope ? { scope: request.scope } : {}),
    })
      .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`)
      .join('');
    const choices = options
      .accounts()
      .map(
        (account, index) =>
          `<label><input type="radio" name="account" value="${account.keyHash}"${index === 0 ? ' checked' : ''}> ${escapeHtml(account.username)}</label><br>`,
      )
      .join('');
    return html(
      200,
      `<h1>Connect to HeyGen</h1><p>The application <code>${escapeHtml(request.clientId)}</code> asks to use your HeyGen account ` +
        `and will be sent back to <code>${escapeHtml(request.redirectUri)}</code>.</p>` +
        `<form method="post" action="/oauth/authorize/decision">${hidden}<fieldset><legend>Account</legend>${choices}</fieldset>` +
        `<button type="submit" name="decision" value="approve">Approve</button> ` +
        `<button type="submit" name="decision" value="deny">Deny</button></form>`,
    );
  }

  async function tokenEndpoint(request: Request): Promise<Response> {
    const form = await readForm(request);
    const clientId = form.get('client_id') ?? '';
    if (!clients.has(clientId)) return oauthError(401, 'invalid_client', 'Unknown client_id.');
    const grantType = form.get('grant_type');
    if (grantType === 'authorization_code') {
      const code = codes.get(form.get('code') ?? '');
      if (!code || code.used || code.expiresAt <= clock.now()) {
        return oauthError(
          400,
          'invalid_grant',
          'The authorization code is invalid, expired or already used.',
        );
      }
      if (code.clientId !== clientId || code.redirectUri !== (form.get('redirect_uri') ?? '')) {
        return oauthError(400, 'invalid_grant', 'The code was issued to another client or redirect_uri.');
      }
      const verifier = form.get('code_verifier') ?? '';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      if (!sameText(challenge, code.challenge)) {
        return oauthError(400, 'invalid_grant', 'The code_verifier does not match the code_challenge.');
      }
      code.used = true;
      const grant: Grant = {
        id: token('grant_'),
        account: code.grantAccount,
        clientId,
        scope: code.scope,
        refreshToken: token('hgrt_'),
        revoked: false,
        refreshes: 0,
      };
      grants.push(grant);
      refreshTokens.set(grant.refreshToken, grant);
      return json(200, {
        token_type: 'Bearer',
        ...issueAccess(grant),
        refresh_token: grant.refreshToken,
        ...(grant.scope ? { scope: grant.scope } : {}),
      });
    }
    if (grantType === 'refresh_token') {
      const grant = refreshTokens.get(form.get('refresh_token') ?? '');
      if (!grant || grant.revoked || grant.clientId !== clientId) {
        return oauthError(400, 'invalid_grant', 'The refresh token is invalid or revoked.');
      }
      grant.refreshes += 1;
      refreshes += 1;
      let rotated: string | undefined;
      if (options.rotateRefreshTokens) {
        refreshTokens.delete(grant.refreshToken);
        rotated = token('hgrt_');
        grant.refreshToken = rotated;
        refreshTokens.set(rotated, grant);
      }
      return json(200, {
        token_type: 'Bearer',
        ...issueAccess(grant),
        ...(rotated ? { refresh_token: rotated } : {}),
        ...(grant.scope ? { scope: grant.scope } : {}),
      });
    }
    return oauthError(
      400,
      'unsupported_grant_type',
      'grant_type must be authorization_code or refresh_token.',
    );
  }

  async function revokeEndpoint(request: Request): Promise<Response> {
    const form = await readForm(request);
    if (!clients.has(form.get('client_id') ?? ''))
      return oauthError(401, 'invalid_client', 'Unknown client_id.');
    const presented = form.get('token') ?? '';
    if (!presented) return oauthError(400, 'invalid_request', 'token is required.');
    revocations += 1;
    // RFC 7009: an unknown or already revoked token is answered with success too.
    const grant = refreshTokens.get(presented) ?? accessTokens.get(presented)?.grant;
    if (grant) revokeGrant(grant);
    return json(200, {});
  }

  return {
    async handle(request, pathname) {
      if (pathname === '/oauth/authorize' && request.method === 'GET') {
        const checked = readAuthorize(new URL(request.url).searchParams);
        if (!checked.ok) return checked.response;
        const first = options.accounts()[0];
        if (options.autoApprove && first) return approve(checked, first);
        return consentPage(checked);
      }
      if (pathname === '/oauth/authorize/decision' && request.method === 'POST') {
        const form = await readForm(request);
        const checked = readAuthorize(form);
        if (!checked.ok) return checked.response;
        if (form.get('decision') !== 'approve') {
          const url = new URL(checked.redirectUri);
          url.searchParams.set('error', 'access_denied');
          url.searchParams.set('error_description', 'The user denied the request.');
          url.searchParams.set('state', checked.state);
          return Response.redirect(url.toString(), 302);
        }
        const account = options.accounts().find((candidate) => candidate.keyHash === form.get('account'));
        if (!account) return html(400, '<h1>Choose an account</h1>');
        return approve(checked, account);
      }
      if (request.method !== 'POST') return undefined;
      if (pathname === '/v1/oauth/token') return tokenEndpoint(request);
      if (pathname === '/v1/oauth/revoke') return revokeEndpoint(request);
      if (pathname === '/v1/oauth/register') {
        // HeyGen's n8n node registers with an empty body; a JSON body (RFC 7591) is accepted and ignored.
        const clientId = `hgc_${randomBytes(12).toString('hex')}`;
        clients.add(clientId);
        return json(201, {
          client_id: clientId,
          client_id_issued_at: Math.floor(clock.now() / 1000),
          token_endpoint_auth_method: 'none',
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
        });
      }
      return undefined;
    },

    checkBearer(presented) {
      const entry = accessTokens.get(presented);
      if (!entry) return { kind: revokedTokens.has(presented) ? 'revoked' : 'unknown' };
      if (entry.expiresAt <= clock.now()) return { kind: 'expired' };
      return { kind: 'ok', account: entry.grant.account };
    },

    invalidateAccessTokens(account) {
      let count = 0;
      for (const [accessToken, entry] of accessTokens) {
        if (account && entry.grant.account !== account) continue;
        accessTokens.delete(accessToken);
        count += 1;
      }
      return count;
    },

    snapshot() {
      return {
        clients: [...clients],
        grants: grants.map((grant) => ({
          id: grant.id,
          clientId: grant.clientId,
          keyHash: grant.account.keyHash,
          revoked: grant.revoked,
          refreshes: grant.refreshes,
        })),
        accessTokensIssued,
        refreshes,
        revocations,
      };
    },
  };
}
