import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createHarness, harnessOrigin, type Harness } from './emulator-harness.ts';

/** HeyGen's OAuth as the emulator plays it: consent, code + PKCE, tokens on the clock, refresh, revoke, register. */

const redirectUri = 'http://127.0.0.1:53682/oauth/callback';

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeUrl(options: { clientId?: string; challenge: string; state?: string; redirect?: string }) {
  const url = new URL('/oauth/authorize', harnessOrigin);
  url.searchParams.set('client_id', options.clientId ?? 'heygate-emulator');
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('redirect_uri', options.redirect ?? redirectUri);
  url.searchParams.set('state', options.state ?? 'state-1');
  url.searchParams.set('code_challenge', options.challenge);
  url.searchParams.set('code_challenge_method', 'S256');
  return url.toString();
}

async function form(harness: Harness, path: string, fields: Record<string, string>) {
  const response = await harness.emulator.fetch(`${harnessOrigin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/** Runs the auto-approved flow and exchanges the code: an access and a refresh token. */
async function connect(harness: Harness, clientId = 'heygate-emulator') {
  const { verifier, challenge } = pkce();
  const redirect = await harness.emulator.fetch(authorizeUrl({ clientId, challenge }), {
    redirect: 'manual',
  });
  const code = new URL(redirect.headers.get('location')!).searchParams.get('code')!;
  const tokens = await form(harness, '/v1/oauth/token', {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    client_id: clientId,
    code_verifier: verifier,
  });
  expect(tokens.status).toBe(200);
  return tokens.body as {
    access_token: string;
    refresh_token: string;
    expires_in: number;
    token_type: string;
  };
}

const bearer = (token: string) => ({ key: null, headers: { authorization: `Bearer ${token}` } });

describe('OAuth consent', () => {
  it('shows a consent page naming the client; Approve redirects with a code and the state, Deny with access_denied', async () => {
    const harness = createHarness({ keys: ['key-a', 'key-b'] });
    const { challenge } = pkce();
    const page = await harness.emulator.fetch(authorizeUrl({ challenge, state: 'xyz' }));
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('heygate-emulator');
    expect(html).toContain('value="approve"');
    expect(html).toContain(harness.emulator.inspect.account('key-b')!.username);
    expect(html).not.toContain('key-a');

    const fields = {
      client_id: 'heygate-emulator',
      redirect_uri: redirectUri,
      state: 'xyz',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      response_type: 'code',
      account: harness.emulator.inspect.account('key-b')!.keyHash,
    };
    const approved = await form(harness, '/oauth/authorize/decision', { ...fields, decision: 'approve' });
    expect(approved.status).toBe(302);
    const back = new URL(approved.headers.get('location')!);
    expect(`${back.origin}${back.pathname}`).toBe(redirectUri);
    expect(back.searchParams.get('state')).toBe('xyz');
    expect(back.searchParams.get('code')).toMatch(/^hgac_/);

    const denied = await form(harness, '/oauth/authorize/decision', { ...fields, decision: 'deny' });
    const refused = new URL(denied.headers.get('location')!);
    expect(refused.searchParams.get('error')).toBe('access_denied');
    expect(refused.searchParams.get('state')).toBe('xyz');
    expect(refused.searchParams.has('code')).toBe(false);
  });

  it('refuses unknown clients and non-loopback http redirects with a page, never a redirect', async () => {
    const harness = createHarness();
    const { challenge } = pkce();
    const unknown = await harness.emulator.fetch(authorizeUrl({ challenge, clientId: 'nope' }), {
      redirect: 'manual',
    });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('not registered');
    const plain = await harness.emulator.fetch(
      authorizeUrl({ challenge, redirect: 'http://attacker.example/cb' }),
      { redirect: 'manual' },
    );
    expect(plain.status).toBe(400);
    // A plain-method challenge is bounced back to the client with an error.
    const url = new URL(authorizeUrl({ challenge }));
    url.searchParams.set('code_challenge_method', 'plain');
    const bounced = await harness.emulator.fetch(url, { redirect: 'manual' });
    expect(new URL(bounced.headers.get('location')!).searchParams.get('error')).toBe('invalid_request');
  });

  it('approves at once with oauth.autoApprove, for the first account', async () => {
    const harness = createHarness({ keys: ['key-a', 'key-b'], oauth: { autoApprove: true } });
    const tokens = await connect(harness);
    const me = await harness.request('GET', '/v3/users/me', bearer(tokens.access_token));
    expect(me.body.data.username).toBe(harness.emulator.inspect.account('key-a')!.username);
  });
});

describe('OAuth tokens', () => {
  it('exchanges a code once, with the matching PKCE verifier, before it expires', async () => {
    const harness = createHarness({ oauth: { autoApprove: true } });
    const grant = async () => {
      const { verifier, challenge } = pkce();
      const redirect = await harness.emulator.fetch(authorizeUrl({ challenge }), { redirect: 'manual' });
      return { verifier, code: new URL(redirect.headers.get('location')!).searchParams.get('code')! };
    };
    const exchange = (code: string, verifier: string) =>
      form(harness, '/v1/oauth/token', {
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        client_id: 'heygate-emulator',
        code_verifier: verifier,
      });

    const first = await grant();
    expect((await exchange(first.code, pkce().verifier)).body).toMatchObject({ error: 'invalid_grant' });
    const ok = await exchange(first.code, first.verifier);
    expect(ok.body).toMatchObject({ token_type: 'Bearer', expires_in: 864000 });
    expect(ok.body.refresh_token).toMatch(/^hgrt_/);
    expect((await exchange(first.code, first.verifier)).body.error).toBe('invalid_grant');

    const late = await grant();
    harness.advance(601_000);
    expect((await exchange(late.code, late.verifier)).body.error).toBe('invalid_grant');
  });

  it('takes the bearer on v3 (billed to the plan), refuses it on legacy endpoints, and expires it on the clock', async () => {
    const harness = createHarness({ oauth: { autoApprove: true } });
    const tokens = await connect(harness);
    const me = await harness.request('GET', '/v3/users/me', bearer(tokens.access_token));
    expect(me.status).toBe(200);
    expect(me.body.data).toMatchObject({ billing_type: 'subscription', wallet: null });
    expect(me.body.data.subscription.credits.premium_credits.remaining).toBe(1000);
    const viaKey = await harness.request('GET', '/v3/users/me');
    expect(viaKey.body.data).toMatchObject({ billing_type: 'wallet', subscription: null });

    const legacy = await harness.request('GET', '/v1/folders', bearer(tokens.access_token));
    expect(legacy.status).toBe(401);
    expect(legacy.body.message).toContain('does not accept OAuth access tokens');

    harness.advance(864_000_000);
    const expired = await harness.request('GET', '/v3/users/me', bearer(tokens.access_token));
    expect(expired.status).toBe(401);
    expect(expired.body.error.message).toContain('expired');

    const refreshed = await form(harness, '/v1/oauth/token', {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      client_id: 'heygate-emulator',
    });
    expect(refreshed.status).toBe(200);
    // By default a refresh omits refresh_token: the old one stays valid.
    expect(refreshed.body.refresh_token).toBeUndefined();
    expect((await harness.request('GET', '/v3/users/me', bearer(refreshed.body.access_token))).status).toBe(
      200,
    );
    expect(harness.emulator.inspect.oauth()).toMatchObject({ refreshes: 1, accessTokensIssued: 2 });
  });

  it('rotates refresh tokens when asked, invalidating the old one', async () => {
    const harness = createHarness({ oauth: { autoApprove: true, rotateRefreshTokens: true } });
    const tokens = await connect(harness);
    const refresh = (token: string) =>
      form(harness, '/v1/oauth/token', {
        grant_type: 'refresh_token',
        refresh_token: token,
        client_id: 'heygate-emulator',
      });
    const next = await refresh(tokens.refresh_token);
    expect(next.body.refresh_token).toMatch(/^hgrt_/);
    expect(next.body.refresh_token).not.toBe(tokens.refresh_token);
    expect((await refresh(tokens.refresh_token)).body.error).toBe('invalid_grant');
    expect((await refresh(next.body.refresh_token)).status).toBe(200);
  });

  it('revokes the whole consent per RFC 7009 and answers success for unknown tokens', async () => {
    const harness = createHarness({ oauth: { autoApprove: true } });
    const tokens = await connect(harness);
    const revoked = await form(harness, '/v1/oauth/revoke', {
      token: tokens.refresh_token,
      token_type_hint: 'refresh_token',
      client_id: 'heygate-emulator',
    });
    expect(revoked.status).toBe(200);
    const call = await harness.request('GET', '/v3/users/me', bearer(tokens.access_token));
    expect(call.status).toBe(401);
    expect(call.body.error.message).toContain('revoked');
    const refresh = await form(harness, '/v1/oauth/token', {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      client_id: 'heygate-emulator',
    });
    expect(refresh.body.error).toBe('invalid_grant');
    const again = await form(harness, '/v1/oauth/revoke', {
      token: 'hgrt_unknown',
      client_id: 'heygate-emulator',
    });
    expect(again.status).toBe(200);
    expect(harness.emulator.inspect.oauth().grants[0]).toMatchObject({ revoked: true });
  });

  it('invalidates access tokens early on request (a 401 the client must recover from)', async () => {
    const harness = createHarness({ oauth: { autoApprove: true } });
    const tokens = await connect(harness);
    expect(harness.emulator.invalidateAccessTokens()).toBe(1);
    expect((await harness.request('GET', '/v3/users/me', bearer(tokens.access_token))).status).toBe(401);
  });
});

describe('OAuth client registration', () => {
  it('registers a public client with an empty-body POST; the new client id works for the flow', async () => {
    const harness = createHarness({ oauth: { autoApprove: true } });
    const response = await harness.emulator.fetch(`${harnessOrigin}/v1/oauth/register`, { method: 'POST' });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { client_id: string; token_endpoint_auth_method: string };
    expect(body).toMatchObject({ token_endpoint_auth_method: 'none' });
    const tokens = await connect(harness, body.client_id);
    expect((await harness.request('GET', '/v3/users/me', bearer(tokens.access_token))).status).toBe(200);
    expect(harness.emulator.inspect.oauth().clients).toContain(body.client_id);
    const wrongClient = await form(harness, '/v1/oauth/token', {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      client_id: 'heygate-emulator',
    });
    expect(wrongClient.body.error).toBe('invalid_grant');
  });
});
