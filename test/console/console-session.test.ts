import { afterEach, describe, expect, it } from 'vitest';
import { createConsoleApp } from '../../src/surfaces/console/create-console-app.ts';
import { createConsoleSessions } from '../../src/surfaces/console/console-sessions.ts';
import { storeTestTargets } from '../../src/store/store-test-targets.ts';
import { createGatewayFixture, type GatewayFixture } from '../gateway/gateway-fixture.ts';

/**
 * The console's session rules without a browser: sign-in with an admin token only, the cookie's attributes, CSRF
 * and Origin on changes, expiry after idle time, and a revoked admin persona signed out on its next request.
 */

const [target] = (await storeTestTargets()).filter((candidate) => candidate.name.includes('sqlite'));
const origin = 'http://localhost';

describe.runIf(target?.enabled)('console sessions', () => {
  let fixture: GatewayFixture;
  afterEach(async () => {
    await fixture.cleanup();
  });

  async function setup() {
    fixture = await createGatewayFixture(target!);
    let now = Date.parse('2026-12-06T12:00:00Z');
    const clock = { now: () => now };
    const app = createConsoleApp({
      gateway: fixture.gateway,
      sessions: createConsoleSessions({ store: fixture.gateway.store, clock, idleMs: 60_000 }),
      clock,
    });
    const admin = await fixture.gateway.personas.create({ name: 'ops', scopes: ['admin'] });
    const request = (path: string, init: RequestInit & { cookie?: string } = {}) =>
      app.request(`${origin}${path}`, {
        ...init,
        headers: {
          host: 'localhost',
          ...(init.method === 'POST' ? { origin, 'content-type': 'application/x-www-form-urlencoded' } : {}),
          ...(init.cookie ? { cookie: init.cookie } : {}),
          ...init.headers,
        },
      });
    async function signIn(token: string) {
      const response = await request('/console/sign-in', {
        method: 'POST',
        body: new URLSearchParams({ token }),
      });
      const setCookie = response.headers.get('set-cookie') ?? '';
      return { response, setCookie, cookie: setCookie.split(';')[0] ?? '' };
    }
    async function csrfOf(cookie: string) {
      const page = await (await request('/console/integrations', { cookie })).text();
      return page.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';
    }
    return { app, request, signIn, csrfOf, admin, clock, advance: (ms: number) => (now += ms) };
  }

  it('signs in with an admin token into an HttpOnly SameSite=Strict cookie; others are refused', async () => {
    const { request, signIn, admin } = await setup();
    const reader = await fixture.gateway.personas.create({ name: 'reader', scopes: ['read'] });
    expect((await signIn(reader.token)).response.status).toBe(401);
    expect((await signIn('hg_unknown')).response.status).toBe(401);
    // No operator session unless the server offers it (sandbox on loopback).
    const operator = await request('/console/sign-in', {
      method: 'POST',
      body: new URLSearchParams({ operator: '1' }),
    });
    expect(operator.status).toBe(401);
    const { response, setCookie, cookie } = await signIn(admin.token);
    expect(response.status).toBe(303);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).not.toContain(admin.token);
    const page = await request('/console/personas', { cookie });
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(await page.text()).not.toContain(admin.token);
  });

  it('refuses changes without the CSRF token or from another origin', async () => {
    const { request, signIn, csrfOf, admin } = await setup();
    const { cookie } = await signIn(admin.token);
    const csrf = await csrfOf(cookie);
    const body = () => new URLSearchParams({ name: 'agent', scopes: 'read', _csrf: csrf });
    const noToken = await request('/console/personas', {
      method: 'POST',
      cookie,
      body: new URLSearchParams({ name: 'agent', scopes: 'read' }),
    });
    expect(noToken.status).toBe(403);
    const crossOrigin = await request('/console/personas', {
      method: 'POST',
      cookie,
      body: body(),
      headers: { origin: 'https://evil.example' },
    });
    expect(crossOrigin.status).toBe(403);
    expect((await fixture.gateway.personas.list()).map((persona) => persona.name)).not.toContain('agent');
    const ok = await request('/console/personas', { method: 'POST', cookie, body: body() });
    expect(ok.status).toBe(303);
    expect((await fixture.gateway.personas.list()).map((persona) => persona.name)).toContain('agent');
    // The token is shown on the next page only.
    const first = await (await request('/console/personas', { cookie })).text();
    const token = first.match(/id="new-token" class="secret">(hg_[^<]+)</)?.[1];
    expect(token).toMatch(/^hg_/);
    expect(await (await request('/console/personas', { cookie })).text()).not.toContain(token);
  });

  it('expires an idle session, and signs out a revoked admin persona at once', async () => {
    const { request, signIn, admin, advance } = await setup();
    const first = await signIn(admin.token);
    advance(30_000);
    expect((await request('/console/integrations', { cookie: first.cookie })).status).toBe(200);
    advance(61_000);
    const expired = await request('/console/integrations', { cookie: first.cookie });
    expect(expired.status).toBe(303);
    expect(expired.headers.get('location')).toBe('/console/sign-in');

    const second = await signIn(admin.token);
    expect((await request('/console/integrations', { cookie: second.cookie })).status).toBe(200);
    await fixture.gateway.personas.revoke(admin.persona.id);
    const revoked = await request('/console/integrations', { cookie: second.cookie });
    expect(revoked.status).toBe(303);
    expect(revoked.headers.get('location')).toBe('/console/sign-in');
  });

  it('keeps sessions in the store (hashed ids only): a second server process knows the cookie', async () => {
    const { signIn, admin, clock } = await setup();
    const { cookie } = await signIn(admin.token);
    const id = decodeURIComponent(cookie.split('=')[1] ?? '');
    const connection = fixture.gateway.store.connection;
    if (connection?.kind === 'sqlite') {
      const stored = JSON.stringify(connection.database.prepare('SELECT * FROM console_sessions').all());
      expect(stored).not.toContain(id);
      expect(stored).not.toContain(admin.token);
    }
    // A new app (a restarted server) on the same store: the session still works.
    const restarted = createConsoleApp({
      gateway: fixture.gateway,
      sessions: createConsoleSessions({ store: fixture.gateway.store, clock, idleMs: 60_000 }),
      clock,
    });
    const page = await restarted.request(`${origin}/console/jobs`, {
      headers: { host: 'localhost', cookie },
    });
    expect(page.status).toBe(200);
  });

  it("shows an account's cooldown, circuit and last error from the router, and jobs from any surface", async () => {
    const { request, signIn, admin } = await setup();
    const { cookie } = await signIn(admin.token);
    const router = fixture.gateway.router as unknown as {
      health: { recordRateLimited(account: string, cls: string, ms: number): Promise<unknown> };
    };
    const [account] = await fixture.gateway.accounts.names();
    await router.health.recordRateLimited(account!, 'create', 90_000);
    const integrations = await (await request('/console/integrations', { cookie })).text();
    expect(integrations).toMatch(
      /create: <span class="bad">cooling down for \d+ s<\/span>; circuit\s+closed; last error http_429/,
    );
    // A render an agent started (no wait) is listed from the store, running, with a check button.
    const started = await fixture.gateway.execute({
      tool: 'video_create',
      input: {
        type: 'avatar',
        avatar_id: fixture.heygen.started.emulator.inspect.library().avatarId,
        script: 'Hello.',
      },
      surface: 'mcp',
    });
    expect(started.ok).toBe(true);
    const jobs = await (await request('/console/jobs', { cookie })).text();
    expect(jobs).toContain('video_create');
    expect(jobs).toMatch(/operator<br \/><span class="muted">mcp<\/span>/);
    expect(jobs).toContain('Check now');
  });
});
