import { afterEach, describe, expect, it } from 'vitest';
import { createGatewayFixture } from '../../../test/gateway/gateway-fixture.ts';
import type { GatewayFixture } from '../../../test/gateway/gateway-fixture.ts';
import { storeTestTargets } from '../../store/store-test-targets.ts';
import { createAdminRoutes } from './admin-routes.ts';
import { createHttpApp } from './create-http-app.ts';
import { createOAuthRoutes } from './oauth-routes.ts';
import { createCookieSessionBinding } from './oauth-session-binding.ts';

/**
 * What the web console will drive (issue 16), over `heygate serve`'s HTTP app: accounts by API key and by OAuth
 * (browser redirect bound to the session), rotation, removal, webhooks per account and rotation schedules — each
 * change an admin action in the audit chain naming the admin persona.
 */

const targets = await storeTestTargets();
const origin = 'https://gateway.example.test';

for (const target of targets) {
  describe.runIf(target.enabled)(
    `account admin routes on ${target.name}${target.reason ? ` [${target.reason}]` : ''}`,
    () => {
      let fixture: GatewayFixture;
      afterEach(async () => {
        await fixture.cleanup();
      });

      async function setup() {
        fixture = await createGatewayFixture(target, { oauth: { autoApprove: true }, emulatorClock: true });
        const oauthSession = createCookieSessionBinding();
        const app = createHttpApp({
          executor: fixture.gateway,
          // The public name HeyGen and the browser use (`heygate serve --public-url` adds it the same way).
          allowedHosts: [new URL(origin).hostname],
          mounts: {
            '/admin': createAdminRoutes({ gateway: fixture.gateway, oauthSession }),
            '/oauth': createOAuthRoutes({ gateway: fixture.gateway, oauthSession }),
          },
        });
        const admin = (await fixture.gateway.personas.create({ name: 'ops', scopes: ['admin'] })).token;
        const agent = (await fixture.gateway.personas.create({ name: 'agent', scopes: ['read'] })).token;
        const request = (path: string, token: string | undefined, init: RequestInit = {}) =>
          app.request(`${origin}${path}`, {
            ...init,
            headers: {
              ...(token ? { authorization: `Bearer ${token}` } : {}),
              'content-type': 'application/json',
              ...init.headers,
            },
          });
        const json = async (response: Response | Promise<Response>) =>
          (await (await response).json()) as Record<string, any>;
        return { request, json, admin, agent };
      }

      it('adds an account by API key verified before storing, rotates it, updates and removes it', async () => {
        const { request, json, admin, agent } = await setup();
        const refused = await request('/admin/accounts', admin, {
          method: 'POST',
          body: JSON.stringify({ name: 'work', api_key: 'hg-not-a-key-0000' }),
        });
        expect(refused.status).toBe(422);
        expect(await refused.json()).toMatchObject({ code: 'account_verification_failed' });
        const missing = await json(
          request('/admin/accounts', admin, { method: 'POST', body: '{"name":"x"}' }),
        );
        expect(missing).toMatchObject({ code: 'invalid_input', issues: [{ field: 'api_key' }] });
        expect(
          (
            await request('/admin/accounts', agent, {
              method: 'POST',
              body: JSON.stringify({ name: 'work', api_key: fixture.keys[1] }),
            })
          ).status,
        ).toBe(403);

        const added = await request('/admin/accounts', admin, {
          method: 'POST',
          body: JSON.stringify({ name: 'work', api_key: fixture.keys[1] }),
        });
        expect(added.status).toBe(201);
        const body = await added.text();
        expect(body).not.toContain(fixture.keys[1]!);
        expect(JSON.parse(body)).toMatchObject({
          name: 'work',
          authKind: 'api_key',
          billingPool: 'api',
          health: 'ok',
        });

        const verified = await json(request('/admin/accounts/work/verify', admin, { method: 'POST' }));
        expect(verified).toMatchObject({
          ok: true,
          billingPool: 'api',
          balance: { unit: 'credits', billingType: 'wallet' },
        });

        const rotated = await json(
          request('/admin/accounts/work/rotate', admin, {
            method: 'POST',
            body: JSON.stringify({ api_key: fixture.keys[2], grace_ms: 3_600_000 }),
          }),
        );
        expect(rotated).toMatchObject({ state: 'rotated', account: { pendingKey: null } });
        const patched = await json(
          request('/admin/accounts/work', admin, {
            method: 'PATCH',
            body: JSON.stringify({ billing_pool: 'plan' }),
          }),
        );
        expect(patched.billingPool).toBe('plan');
        expect(await json(request('/admin/accounts/work', admin))).toMatchObject({
          name: 'work',
          webhook: null,
        });
        expect(await json(request('/admin/accounts/work', admin, { method: 'DELETE' }))).toMatchObject({
          revocation: 'not_revocable',
        });
        expect((await request('/admin/accounts/work', admin)).status).toBe(404);

        const actions = (await fixture.gateway.queryAudit({ kind: 'admin', order: 'asc' })).records
          .filter((record) => record.tool.startsWith('account.'))
          .map((record) => [record.tool, record.outcome, record.personaName, record.surface]);
        expect(actions).toEqual([
          ['account.add', 'error', 'ops', 'http'],
          ['account.add', 'ok', 'ops', 'http'],
          ['account.rotate', 'ok', 'ops', 'http'],
          ['account.update', 'ok', 'ops', 'http'],
          ['account.remove', 'ok', 'ops', 'http'],
        ]);
        const all = JSON.stringify((await fixture.gateway.queryAudit({ kind: 'admin' })).records);
        for (const key of fixture.keys) expect(all).not.toContain(key);
      });

      it('connects by OAuth with the browser redirect, bound to the session that started it', async () => {
        const { request, json, admin } = await setup();
        const start = await request('/admin/accounts/studio/oauth/start', admin, {
          method: 'POST',
          body: JSON.stringify({ return_to: '/console/accounts' }),
        });
        expect(start.status).toBe(200);
        expect(start.headers.get('cache-control')).toBe('no-store');
        const cookie = start.headers.get('set-cookie')!;
        expect(cookie).toMatch(
          /^heygate_oauth=[A-Za-z0-9_-]+; Path=\/oauth; Max-Age=600; HttpOnly; SameSite=Lax; Secure$/,
        );
        const started = (await start.json()) as { authorization_url: string; state: string };
        const authorize = new URL(started.authorization_url);
        expect(authorize.searchParams.get('redirect_uri')).toBe(`${origin}/oauth/callback`);

        // HeyGen sends the browser back to the callback; the browser carries the cookie.
        const redirect = await fixture.heygen.fetch(started.authorization_url, { redirect: 'manual' });
        const callback = new URL(redirect.headers.get('location')!);
        expect(`${callback.origin}${callback.pathname}`).toBe(`${origin}/oauth/callback`);
        const path = `${callback.pathname}${callback.search}`;

        // The same callback in another browser (no or another cookie) completes nothing.
        const foreign = await request(path, undefined, { headers: { cookie: 'heygate_oauth=someone-else' } });
        expect(foreign.status).toBe(400);
        expect(await foreign.text()).toContain('another session');

        const done = await request(path, undefined, { headers: { cookie: cookie.split(';')[0]! } });
        expect(done.status).toBe(303);
        expect(done.headers.get('location')).toBe('/console/accounts?oauth=connected&account=studio');
        expect(await json(request('/admin/accounts/studio', admin))).toMatchObject({
          authKind: 'oauth',
          billingPool: 'plan',
          health: 'ok',
        });
        const replay = await request(path, undefined, { headers: { cookie: cookie.split(';')[0]! } });
        expect(replay.status).toBe(400);
        // Started by the admin persona, finished by its browser: the connect is recorded as the persona's.
        const [connect] = (
          await fixture.gateway.queryAudit({ kind: 'admin', tool: 'account.connect', outcome: 'ok' })
        ).records;
        expect(connect).toMatchObject({ personaName: 'ops', surface: 'http', account: 'studio' });

        for (const returnTo of ['https://evil.example/', '//evil.example/', '/\\evil.example/']) {
          const refused = await request('/admin/accounts/studio/oauth/start', admin, {
            method: 'POST',
            body: JSON.stringify({ return_to: returnTo }),
          });
          expect(refused.status, returnTo).toBe(400);
        }
      });

      it('sets up, shows, rotates and removes the webhook of an account, and manages rotation schedules', async () => {
        const { request, json, admin } = await setup();
        expect((await request('/admin/accounts/default/webhook', admin)).status).toBe(404);
        const setUp = await json(
          request('/admin/accounts/default/webhook', admin, { method: 'PUT', body: '{}' }),
        );
        expect(setUp).toMatchObject({ account: 'default', url: `${origin}/webhooks/heygen/default` });
        expect(await json(request('/admin/accounts/default/webhook', admin))).toMatchObject({
          endpointId: setUp.endpointId,
        });
        const rotated = await json(
          request('/admin/accounts/default/webhook/rotate', admin, {
            method: 'POST',
            body: JSON.stringify({ overlap_ms: 60_000 }),
          }),
        );
        expect(rotated.previousSecretUntil).toBe(
          new Date(fixture.heygen.started.emulator.clock.now() + 60_000).toISOString(),
        );
        expect(JSON.stringify(rotated)).not.toContain('whsec_');

        const policies = await json(
          request('/admin/rotation/policies', admin, {
            method: 'PUT',
            body: JSON.stringify({ subject: 'webhook_secret', account: 'default', every_ms: 86_400_000 }),
          }),
        );
        expect(policies.policies).toEqual([
          { subject: 'webhook_secret', account: 'default', everyMs: 86_400_000 },
        ]);
        expect(
          (
            await request('/admin/rotation/policies', admin, {
              method: 'PUT',
              body: '{"subject":"master_key"}',
            })
          ).status,
        ).toBe(400);
        const rotation = await json(request('/admin/rotation', admin));
        expect(rotation.items).toContainEqual(
          expect.objectContaining({ kind: 'webhook_secret', name: 'default', state: 'ok' }),
        );
        fixture.heygen.started.emulator.clock.advance(86_400_000 + 1);
        const run = await json(request('/admin/rotation/run', admin, { method: 'POST' }));
        expect(run.actions).toContainEqual({ kind: 'webhook_secret', name: 'default', outcome: 'done' });
        expect(await json(request('/admin/accounts/default/webhook', admin, { method: 'DELETE' }))).toEqual({
          deleted: true,
        });
        const tools = (await fixture.gateway.queryAudit({ kind: 'admin', order: 'asc' })).records.map(
          (record) => record.tool,
        );
        expect(tools).toEqual([
          'persona.create',
          'persona.create',
          'webhook.setup',
          'webhook.rotate',
          'vault.schedule',
          'webhook.rotate',
          'webhook.remove',
        ]);
      });
    },
  );
}
