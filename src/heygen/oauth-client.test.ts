import { describe, expect, it } from 'vitest';
import { startEmulator } from '../test/index.ts';
import { createHeyGenClient } from './client.ts';
import { HeyGenConnectionError } from './errors.ts';
import type { OAuthCredentials } from './heygen-credentials.ts';
import { defaultHeyGenHosts, resolveHeyGenHosts } from './heygen-hosts.ts';
import { createOAuthClient } from './oauth-client.ts';
import { OAuthError } from './oauth-error.ts';
import { createOAuthState, createPkcePair, pkceChallenge } from './pkce.ts';

const redirectUri = 'http://127.0.0.1:41999/oauth/callback';

/** Runs HeyGen's authorization code flow against an auto-approving emulator and returns the tokens. */
async function connected(options: { rotateRefreshTokens?: boolean } = {}) {
  const started = await startEmulator({ oauth: { autoApprove: true, ...options } });
  const oauth = createOAuthClient({
    baseUrl: started.baseUrl,
    fetch: started.fetch,
    clock: started.emulator.clock,
  });
  const { clientId } = await oauth.register();
  const pkce = createPkcePair();
  const state = createOAuthState();
  const url = oauth.authorizationUrl({ clientId, redirectUri, state, codeChallenge: pkce.challenge });
  const redirect = await started.fetch(url, { redirect: 'manual' });
  const back = new URL(redirect.headers.get('location')!);
  expect(back.searchParams.get('state')).toBe(state);
  const code = back.searchParams.get('code')!;
  const tokens = await oauth.exchangeCode({ clientId, code, redirectUri, codeVerifier: pkce.verifier });
  return { started, oauth, clientId, tokens, code, verifier: pkce.verifier };
}

describe('HeyGen hosts', () => {
  it('uses HeyGen’s hosts by default, one origin for all with a base URL, and per-host variables over HEYGEN_BASE_URL', () => {
    expect(resolveHeyGenHosts({ env: {} })).toEqual(defaultHeyGenHosts);
    expect(resolveHeyGenHosts({ baseUrl: 'http://127.0.0.1:4010/', env: {} })).toEqual({
      api: 'http://127.0.0.1:4010',
      upload: 'http://127.0.0.1:4010',
      app: 'http://127.0.0.1:4010',
      oauth: 'http://127.0.0.1:4010',
    });
    expect(
      resolveHeyGenHosts({
        env: { HEYGEN_BASE_URL: 'http://emu', HEYGEN_OAUTH_BASE_URL: 'https://auth.example/' },
      }),
    ).toEqual({ api: 'http://emu', upload: 'http://emu', app: 'http://emu', oauth: 'https://auth.example' });
  });
});

describe('PKCE', () => {
  it('makes a 43-character verifier and its S256 challenge (RFC 7636 appendix B)', () => {
    const pair = createPkcePair();
    expect(pair.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(pair.challenge).toBe(pkceChallenge(pair.verifier));
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
    expect(createOAuthState()).not.toBe(createOAuthState());
  });
});

describe('createOAuthClient', () => {
  it('builds HeyGen’s authorize URL on the app host with PKCE S256', () => {
    const oauth = createOAuthClient({ env: {} });
    const url = new URL(
      oauth.authorizationUrl({
        clientId: 'c1',
        redirectUri,
        state: 's',
        codeChallenge: 'x',
        scope: 'openid',
      }),
    );
    expect(`${url.origin}${url.pathname}`).toBe('https://app.heygen.com/oauth/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'c1',
      response_type: 'code',
      redirect_uri: redirectUri,
      state: 's',
      code_challenge: 'x',
      code_challenge_method: 'S256',
      scope: 'openid',
    });
  });

  it('registers a client, exchanges a code, refreshes (keeping an omitted refresh token) and revokes', async () => {
    const { started, oauth, clientId, tokens } = await connected();
    expect(tokens).toMatchObject({
      tokenType: 'Bearer',
      expiresAt: started.emulator.clock.now() + 864_000_000,
    });
    expect(tokens.refreshToken).toMatch(/^hgrt_/);
    started.advance(1000);
    const refreshed = await oauth.refresh({ clientId, refreshToken: tokens.refreshToken! });
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    expect(refreshed.refreshToken).toBeUndefined();
    await oauth.revoke({ clientId, token: tokens.refreshToken!, tokenTypeHint: 'refresh_token' });
    expect(started.emulator.inspect.oauth()).toMatchObject({ refreshes: 1, revocations: 1 });
    const after = oauth.refresh({ clientId, refreshToken: tokens.refreshToken! });
    await expect(after).rejects.toBeInstanceOf(OAuthError);
    await expect(after).rejects.toMatchObject({ code: 'oauth_invalid_grant', oauthError: 'invalid_grant' });
  });

  it('names a refused code without echoing it, and an unknown client as such', async () => {
    const { oauth, clientId, code, verifier } = await connected();
    const reused = await oauth
      .exchangeCode({ clientId, code, redirectUri, codeVerifier: verifier })
      .then(() => new OAuthError('not refused', { code: 'none' }))
      .catch((error: unknown) => error as OAuthError);
    expect(reused).toMatchObject({ code: 'oauth_invalid_grant', status: 400 });
    expect(reused.message).toContain('code exchange');
    expect(reused.message).not.toContain(code);
    expect(reused.message).not.toContain(verifier);
    await expect(oauth.refresh({ clientId: 'unknown', refreshToken: 'hgrt_x' })).rejects.toMatchObject({
      code: 'oauth_invalid_client',
    });
  });

  it('reports an unreachable OAuth host as a connection error', async () => {
    const oauth = createOAuthClient({ baseUrl: 'http://127.0.0.1:1', env: {} });
    await expect(oauth.register()).rejects.toBeInstanceOf(HeyGenConnectionError);
  });
});

describe('the client with OAuth credentials', () => {
  it('sends the bearer on v3, refreshes once after a 401 and retries, and refuses legacy tools before sending', async () => {
    const { started, oauth, clientId, tokens } = await connected();
    let current = tokens.accessToken;
    let refreshes = 0;
    const credentials: OAuthCredentials = {
      kind: 'oauth',
      accessToken: async () => current,
      async refresh(rejected) {
        expect(rejected).toBe(current);
        refreshes += 1;
        current = (await oauth.refresh({ clientId, refreshToken: tokens.refreshToken! })).accessToken;
        return current;
      },
    };
    // Legacy calls on (the operator switch): the OAuth refusal is what is tested, not the sunset.
    const client = createHeyGenClient({
      ...started.clientOptions,
      apiKey: undefined,
      credentials,
      legacyCalls: 'send',
    });
    const me = await client.call('user_me_get', {});
    expect(me.data).toMatchObject({ billing_type: 'subscription' });
    expect(refreshes).toBe(0);

    started.emulator.invalidateAccessTokens();
    expect((await client.call('user_me_get', {})).status).toBe(200);
    expect(refreshes).toBe(1);

    const before = started.emulator.inspect.requests().length;
    await expect(client.call('list_folders', {})).rejects.toMatchObject({
      code: 'oauth_not_accepted',
      message: expect.stringContaining('accepts API keys only'),
    });
    expect(started.emulator.inspect.requests().length).toBe(before);
  });

  it('gives up after one refresh: a second 401 is the authentication error', async () => {
    const { started } = await connected();
    let refreshes = 0;
    const client = createHeyGenClient({
      ...started.clientOptions,
      apiKey: undefined,
      retry: { maxAttempts: 3 },
      credentials: {
        kind: 'oauth',
        accessToken: async () => 'hgat_never_valid',
        refresh: async () => {
          refreshes += 1;
          return 'hgat_still_not_valid';
        },
      },
    });
    const failure = await client.call('user_me_get', {}).then(
      () => new Error('not refused'),
      (error: unknown) => error as Error,
    );
    expect(failure).toMatchObject({ code: 'authentication_failed', status: 401 });
    expect(failure.message).not.toContain('hgat_still_not_valid');
    expect(refreshes).toBe(1);
  });
});
