import { afterEach, describe, expect, it } from 'vitest';
import { storeTestTargets } from '../../src/store/store-test-targets.ts';
import type { AuditRecord } from '../../src/store/store.ts';
import { createGatewayFixture, type GatewayFixture } from '../gateway/gateway-fixture.ts';

/**
 * OAuth accounts end to end against the emulator (issue 14): connect through the gateway's flows, call with the
 * connection, refresh on the fake clock without a failed call, fall back when a refresh is refused, revoke on
 * removal — on SQLite and Postgres.
 */

const targets = await storeTestTargets();
const redirectUri = 'http://127.0.0.1:45123/oauth/callback';
const day = 86_400_000;

/** Follows the authorization URL on the emulator (auto-approve) and returns what HeyGen sent back. */
async function approve(fixture: GatewayFixture, authorizationUrl: string) {
  const redirect = await fixture.heygen.fetch(authorizationUrl, { redirect: 'manual' });
  const back = new URL(redirect.headers.get('location')!);
  return { state: back.searchParams.get('state')!, code: back.searchParams.get('code') ?? undefined };
}

/** Connects `name` by OAuth through the gateway's flow, as `heygate serve` or the CLI would. */
async function connect(fixture: GatewayFixture, name: string, extra: { replace?: boolean } = {}) {
  const started = await fixture.gateway.oauth.start({
    account: name,
    redirectUri,
    binding: 'session-1',
    ...extra,
  });
  const back = await approve(fixture, started.authorizationUrl);
  return fixture.gateway.oauth.complete({ ...back, binding: 'session-1' });
}

function tokenRequests(fixture: GatewayFixture): number {
  return fixture.heygen.seen.filter((request) => request.path === '/v1/oauth/token').length;
}

async function adminRecords(fixture: GatewayFixture): Promise<AuditRecord[]> {
  return (await fixture.gateway.queryAudit({ kind: 'admin', order: 'asc', limit: 1000 })).records;
}

for (const target of targets) {
  describe.runIf(target.enabled)(
    `OAuth accounts on ${target.name}${target.reason ? ` [${target.reason}]` : ''}`,
    () => {
      const fixtures: GatewayFixture[] = [];
      afterEach(async () => {
        for (const fixture of fixtures.splice(0)) await fixture.cleanup();
      });
      async function setup(oauth: { rotateRefreshTokens?: boolean } = {}) {
        const fixture = await createGatewayFixture(target, {
          oauth: { autoApprove: true, ...oauth },
          emulatorClock: true,
        });
        fixtures.push(fixture);
        return fixture;
      }

      it('connects an account, stores its tokens only sealed, and calls v3 with them (billed to the plan)', async () => {
        const fixture = await setup();
        const started = await fixture.gateway.oauth.start({ account: 'studio', redirectUri, binding: 'b1' });
        const url = new URL(started.authorizationUrl);
        expect(url.pathname).toBe('/oauth/authorize');
        expect(url.searchParams.get('code_challenge_method')).toBe('S256');
        // No client id configured: heygate registered one at HeyGen (an empty-body POST) and reuses it.
        const clientId = url.searchParams.get('client_id');
        expect(fixture.heygen.started.emulator.inspect.oauth().clients).toContain(clientId);
        const completed = await fixture.gateway.oauth.complete({
          ...(await approve(fixture, started.authorizationUrl)),
          binding: 'b1',
        });
        expect(completed.account).toMatchObject({
          name: 'studio',
          authKind: 'oauth',
          billingPool: 'plan',
          health: 'ok',
          identity: expect.stringMatching(/^user_/),
          credentialExpiresAt: new Date(fixture.heygen.started.emulator.clock.now() + 10 * day).toISOString(),
        });
        const second = await fixture.gateway.oauth.start({ account: 'other', redirectUri, binding: 'b1' });
        expect(new URL(second.authorizationUrl).searchParams.get('client_id')).toBe(clientId);

        const me = await fixture.gateway.execute({
          tool: 'user_me_get',
          input: {},
          account: 'studio',
          surface: 'library',
        });
        expect(me).toMatchObject({ ok: true, account: 'studio', data: { billing_type: 'subscription' } });

        const dump = await fixture.store.dump();
        expect(dump).not.toMatch(/hgat_[A-Za-z0-9_-]{20}/);
        expect(dump).not.toMatch(/hgrt_[A-Za-z0-9_-]{20}/);
        const [record] = await adminRecords(fixture);
        expect(record).toMatchObject({
          kind: 'admin',
          tool: 'account.connect',
          outcome: 'ok',
          account: 'studio',
        });
        expect(record!.response).toContain('"billing_pool":"plan"');
        expect((await fixture.gateway.verifyAudit()).ok).toBe(true);
      });

      it('refuses declined consent, a foreign session, a reused or expired flow and an expired code — storing nothing', async () => {
        const fixture = await setup();
        const gateway = fixture.gateway;
        const clock = fixture.heygen.started.emulator.clock;

        const declined = await gateway.oauth.start({ account: 'a1', redirectUri, binding: 'me' });
        const back = await approve(fixture, declined.authorizationUrl);
        await expect(
          gateway.oauth.complete({ state: back.state, error: 'access_denied', binding: 'me' }),
        ).rejects.toMatchObject({
          code: 'oauth_access_denied',
          message: expect.stringContaining('declined'),
        });

        const foreign = await gateway.oauth.start({ account: 'a2', redirectUri, binding: 'me' });
        const foreignBack = await approve(fixture, foreign.authorizationUrl);
        await expect(
          gateway.oauth.complete({ ...foreignBack, binding: 'someone-else' }),
        ).rejects.toMatchObject({
          code: 'oauth_state_mismatch',
          message: expect.stringContaining('another session'),
        });
        // The rightful session can still finish it; after that the state is spent.
        await gateway.oauth.complete({ ...foreignBack, binding: 'me' });
        await expect(gateway.oauth.complete({ ...foreignBack, binding: 'me' })).rejects.toMatchObject({
          code: 'oauth_state_mismatch',
        });
        await expect(
          gateway.oauth.complete({ state: 'made-up', code: 'hgac_x', binding: 'me' }),
        ).rejects.toMatchObject({ code: 'oauth_state_mismatch' });

        const late = await gateway.oauth.start({ account: 'a3', redirectUri, binding: 'me' });
        const lateBack = await approve(fixture, late.authorizationUrl);
        clock.advance(11 * 60_000);
        await expect(gateway.oauth.complete({ ...lateBack, binding: 'me' })).rejects.toMatchObject({
          code: 'oauth_flow_expired',
        });

        expect((await gateway.accounts.list()).map((account) => account.name)).toEqual(['default', 'a2']);
        const outcomes = (await adminRecords(fixture)).map((record) => [record.tool, record.outcome]);
        // Declined, foreign session, the rightful completion, expired. Unknown or spent states are not recorded:
        // the callback needs no credentials, so anyone could otherwise fill the audit log.
        expect(outcomes).toEqual([
          ['account.connect', 'error'],
          ['account.connect', 'error'],
          ['account.connect', 'ok'],
          ['account.connect', 'error'],
        ]);
      });

      it('reports an expired authorization code from HeyGen clearly', async () => {
        const fixture = await createGatewayFixture(target, {
          oauth: { autoApprove: true },
          emulatorClock: true,
          extra: { oauth: { flowTtlMs: 3_600_000 } },
        });
        fixtures.push(fixture);
        const gateway = fixture.gateway;
        const started = await gateway.oauth.start({ account: 'slow', redirectUri, binding: 'me' });
        const back = await approve(fixture, started.authorizationUrl);
        fixture.heygen.started.advance(11 * 60_000);
        await expect(gateway.oauth.complete({ ...back, binding: 'me' })).rejects.toMatchObject({
          code: 'oauth_invalid_grant',
          message: expect.stringContaining('expired or was already used'),
        });
        expect((await gateway.accounts.list()).map((account) => account.name)).toEqual(['default']);
      });

      it('refuses to turn an API-key account into OAuth without replace, and replaces it when asked', async () => {
        const fixture = await setup();
        await fixture.gateway.accounts.add('work', fixture.keys[1]!);
        await expect(
          fixture.gateway.oauth.start({ account: 'work', redirectUri, binding: 'me' }),
        ).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('--replace') });
        const replaced = await connect(fixture, 'work', { replace: true });
        expect(replaced.account).toMatchObject({ authKind: 'oauth', billingPool: 'plan' });
      });

      it('refreshes the token on the fake clock — lazily, in the background and after a 401 — without a failed call', async () => {
        const fixture = await setup();
        await connect(fixture, 'studio');
        const call = () =>
          fixture.gateway.execute({ tool: 'user_me_get', input: {}, account: 'studio', surface: 'library' });
        const emulator = fixture.heygen.started.emulator;
        const refreshes = () => emulator.inspect.oauth().refreshes;

        expect((await call()).ok).toBe(true);
        // Within a minute of expiry: the next call refreshes first, then goes out with the new token.
        emulator.clock.advance(10 * day - 30_000);
        const results = await Promise.all(Array.from({ length: 8 }, call));
        expect(results.every((result) => result.ok)).toBe(true);
        // Eight concurrent calls shared one refresh.
        expect(refreshes()).toBe(1);
        const account = await fixture.gateway.accounts.get('studio');
        expect(Date.parse(account.credentialExpiresAt!)).toBe(emulator.clock.now() + 10 * day);

        // The background sweep refreshes once the token is in its refresh window (a fifth of its life, at most
        // a day).
        expect(await fixture.gateway.rotation.runDue()).not.toContainEqual(
          expect.objectContaining({ kind: 'oauth_token', outcome: 'done' }),
        );
        emulator.clock.advance(9 * day + 1000);
        expect(await fixture.gateway.rotation.runDue()).toContainEqual({
          kind: 'oauth_token',
          name: 'studio',
          outcome: 'done',
        });
        expect(refreshes()).toBe(2);

        // HeyGen invalidates the token early: the 401 is answered by one refresh and the same call succeeds.
        emulator.invalidateAccessTokens();
        expect((await call()).ok).toBe(true);
        expect(refreshes()).toBe(3);
        const calls = (await fixture.gateway.queryAudit({ kind: 'call', tool: 'user_me_get' })).records;
        expect(calls.every((record) => record.outcome === 'ok')).toBe(true);
        // Tokens never reach the audit log.
        expect(JSON.stringify(calls)).not.toMatch(/hgat_|hgrt_/);
      });

      it('adopts a refresh token HeyGen rotated', async () => {
        const fixture = await setup({ rotateRefreshTokens: true });
        await connect(fixture, 'studio');
        const emulator = fixture.heygen.started.emulator;
        for (let round = 0; round < 3; round += 1) {
          emulator.clock.advance(10 * day);
          const result = await fixture.gateway.execute({
            tool: 'user_me_get',
            input: {},
            account: 'studio',
            surface: 'library',
          });
          expect(result.ok).toBe(true);
        }
        expect(emulator.inspect.oauth().refreshes).toBe(3);
        // A second gateway process on the same database picks up the stored tokens.
        const other = await fixture.reopen({ clock: emulator.clock });
        expect(
          (await other.execute({ tool: 'user_me_get', input: {}, account: 'studio', surface: 'library' })).ok,
        ).toBe(true);
      });

      it('marks the account unhealthy when HeyGen refuses the refresh, and moves portable calls to another account', async () => {
        const fixture = await setup();
        await connect(fixture, 'studio');
        const { token } = await fixture.gateway.personas.create({
          name: 'agent',
          scopes: ['read'],
          accounts: ['studio', 'default'],
        });
        // The user disconnects heygate in HeyGen's settings: the consent and all its tokens die.
        await revokeConsentAtHeyGen(fixture);
        expect(fixture.heygen.started.emulator.inspect.oauth().grants[0]).toMatchObject({ revoked: true });

        const before = tokenRequests(fixture);
        const moved = await fixture.gateway.execute({
          tool: 'voice_list',
          input: { limit: 1 },
          personaToken: token,
          surface: 'library',
        });
        expect(moved).toMatchObject({ ok: true, account: 'default', fallbackFrom: 'studio' });
        const unhealthy = await fixture.gateway.accounts.get('studio');
        expect(unhealthy).toMatchObject({
          health: 'unauthorized',
          healthDetail: 'oauth_refresh_failed: invalid_grant',
        });
        expect(tokenRequests(fixture)).toBe(before + 1);

        // Later calls fail fast on the dead connection (no new refresh at HeyGen) and keep moving.
        const again = await fixture.gateway.execute({
          tool: 'voice_list',
          input: { limit: 1 },
          personaToken: token,
          surface: 'library',
        });
        expect(again).toMatchObject({ ok: true, account: 'default' });
        expect(tokenRequests(fixture)).toBe(before + 1);
        const pinned = await fixture.gateway.execute({
          tool: 'voice_list',
          input: { limit: 1 },
          account: 'studio',
          surface: 'library',
        });
        expect(pinned).toMatchObject({ ok: false, error: { code: 'oauth_refresh_failed' } });
        expect(pinned.ok ? '' : pinned.error.hint).toContain('heygate accounts connect studio --oauth');
        const status = await fixture.gateway.rotation.status();
        expect(status).toContainEqual(
          expect.objectContaining({ kind: 'oauth_token', name: 'studio', state: 'failing' }),
        );
      });

      it('sends legacy calls, which take no OAuth token, to an API-key account instead', async () => {
        const fixture = await setup();
        await connect(fixture, 'studio');
        const { token } = await fixture.gateway.personas.create({
          name: 'locales',
          scopes: ['read'],
          accounts: ['studio', 'default'],
        });
        const result = await fixture.gateway.execute({
          tool: 'list_voice_locales',
          input: {},
          personaToken: token,
          surface: 'library',
        });
        expect(result).toMatchObject({ ok: true, account: 'default', fallbackFrom: 'studio' });
        expect(result.routing?.attempts[0]).toMatchObject({
          account: 'studio',
          reason: 'oauth_not_accepted',
        });
        const pinned = await fixture.gateway.execute({
          tool: 'list_voice_locales',
          input: {},
          account: 'studio',
          surface: 'library',
        });
        expect(pinned).toMatchObject({ ok: false, error: { code: 'oauth_not_accepted' } });
        expect(fixture.heygen.seen.filter((request) => request.path === '/v2/voices/locales')).toEqual([
          expect.objectContaining({ apiKey: fixture.apiKey }),
        ]);
      });

      it('revokes the connection at HeyGen when the account is removed (unless told not to)', async () => {
        const fixture = await setup();
        await connect(fixture, 'studio');
        const emulator = fixture.heygen.started.emulator;
        const removed = await fixture.gateway.accounts.remove('studio');
        expect(removed).toMatchObject({ name: 'studio', revocation: 'revoked' });
        expect(emulator.inspect.oauth().grants[0]).toMatchObject({ revoked: true });
        await expect(fixture.gateway.accounts.get('studio')).rejects.toMatchObject({
          code: 'unknown_account',
        });

        await connect(fixture, 'kept');
        expect(await fixture.gateway.accounts.remove('kept', { revoke: false })).toMatchObject({
          revocation: 'skipped',
        });
        expect(emulator.inspect.oauth().grants[1]).toMatchObject({ revoked: false });
        const removals = (await adminRecords(fixture)).filter((record) => record.tool === 'account.remove');
        expect(removals.map((record) => JSON.parse(record.response!).revocation)).toEqual([
          'revoked',
          'skipped',
        ]);
        expect((await fixture.gateway.verifyAudit()).ok).toBe(true);
      });

      it('re-wraps OAuth tokens and secrets when the master key rotates', async () => {
        const fixture = await setup();
        await connect(fixture, 'studio');
        await fixture.gateway.oauth.start({ account: 'pending', redirectUri, binding: 'me' });
        const before = await fixture.gateway.vault.status();
        const { generateMasterKey } = await import('../../src/vault/master-key.ts');
        const next = generateMasterKey();
        const report = await fixture.gateway.rotation.rotateMasterKey({ newKey: next });
        // The account's tokens and the pending authorization's sealed PKCE verifier.
        expect(report).toMatchObject({ total: 2, rewrapped: 2 });
        const after = await fixture.gateway.vault.status();
        expect(after.recordsByKeyId).toEqual({ [report.toKeyId]: 2 });
        expect(before.activeKeyId).not.toBe(after.activeKeyId);
        expect(
          (
            await fixture.gateway.execute({
              tool: 'user_me_get',
              input: {},
              account: 'studio',
              surface: 'library',
            })
          ).ok,
        ).toBe(true);
        expect((await adminRecords(fixture)).at(-1)).toMatchObject({
          tool: 'vault.rotate-master-key',
          outcome: 'ok',
        });
      });
    },
  );
}

/** Revokes the newest consent from HeyGen's side (the user disconnects heygate in HeyGen's settings). */
async function revokeConsentAtHeyGen(fixture: GatewayFixture): Promise<void> {
  const { createOAuthClient } = await import('../../src/heygen/oauth-client.ts');
  const row = await fixture.gateway.store.getAccount('studio');
  const tokens = JSON.parse(await fixture.gateway.vault.open('account:studio', row!.keyRecord)) as {
    refresh_token: string;
  };
  const oauth = createOAuthClient({ baseUrl: fixture.heygen.started.baseUrl, fetch: fixture.heygen.fetch });
  await oauth.revoke({ clientId: row!.oauthClientId!, token: tokens.refresh_token });
}
