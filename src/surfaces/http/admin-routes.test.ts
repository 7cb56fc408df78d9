import { afterEach, describe, expect, it } from 'vitest';
import { createGatewayFixture } from '../../../test/gateway/gateway-fixture.ts';
import type { GatewayFixture } from '../../../test/gateway/gateway-fixture.ts';
import { storeTestTargets } from '../../store/store-test-targets.ts';
import { createAdminRoutes } from './admin-routes.ts';

const targets = await storeTestTargets();

for (const target of targets) {
  describe.runIf(target.enabled)(
    `admin REST API on ${target.name}${target.reason ? ` [${target.reason}]` : ''}`,
    () => {
      let fixture: GatewayFixture;
      afterEach(async () => {
        await fixture.cleanup();
      });

      async function setup() {
        fixture = await createGatewayFixture(target);
        const app = createAdminRoutes({ gateway: fixture.gateway });
        const admin = (await fixture.gateway.personas.create({ name: 'ops', scopes: ['admin', 'read'] }))
          .token;
        const agent = (await fixture.gateway.personas.create({ name: 'agent', scopes: ['read'] })).token;
        const request = (path: string, token?: string, init: RequestInit = {}) =>
          app.request(`/admin${path}`, {
            ...init,
            headers: {
              ...(token ? { authorization: `Bearer ${token}` } : {}),
              'content-type': 'application/json',
              ...init.headers,
            },
          });
        return { request, admin, agent };
      }

      it('requires a valid persona token and the admin grant', async () => {
        const { request, agent } = await setup();
        const anonymous = await request('/personas');
        expect(anonymous.status).toBe(401);
        expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
        expect(await anonymous.json()).toMatchObject({ code: 'unauthenticated' });
        expect((await request('/personas', `hg_${'x'.repeat(43)}`)).status).toBe(401);
        const forbidden = await request('/personas', agent);
        expect(forbidden.status).toBe(403);
        expect(await forbidden.json()).toMatchObject({ code: 'scope_denied' });
        expect(await (await request('/whoami', agent)).json()).toMatchObject({
          name: 'agent',
          scopes: ['read'],
        });
      });

      it('manages personas: create answers the token once, revoke takes effect on the next request', async () => {
        const { request, admin } = await setup();
        const created = await request('/personas', admin, {
          method: 'POST',
          body: JSON.stringify({ name: 'bot', scopes: ['read', 'video_*'], accounts: ['default'] }),
        });
        expect(created.status).toBe(201);
        expect(created.headers.get('cache-control')).toBe('no-store');
        const { persona, token } = (await created.json()) as {
          persona: { id: string; scopes: string[] };
          token: string;
        };
        expect(token).toMatch(/^hg_/);
        expect(persona.scopes).toEqual(['read', 'video_*']);
        const listed = JSON.stringify(await (await request('/personas', admin)).json());
        expect(listed).not.toContain(token);
        expect(listed).not.toContain('token_hash');

        const bad = await request('/personas', admin, {
          method: 'POST',
          body: JSON.stringify({ name: 'x', scopes: ['area:nowhere'] }),
        });
        expect(bad.status).toBe(400);
        expect(await bad.json()).toMatchObject({ code: 'invalid_scope' });
        expect(
          (await request('/personas', admin, { method: 'POST', body: JSON.stringify({ name: 'bot' }) }))
            .status,
        ).toBe(409);
        expect((await request('/personas/nobody', admin)).status).toBe(404);

        const patched = await request(`/personas/${persona.id}`, admin, {
          method: 'PATCH',
          body: JSON.stringify({ add_scopes: ['write'], budget_usd: 100 }),
        });
        expect(await patched.json()).toMatchObject({
          scopes: ['read', 'video_*', 'write'],
          budget_usd: 100,
          budget_period: 'month',
        });

        expect((await request('/whoami', token)).status).toBe(200);
        expect((await request(`/personas/${persona.id}/revoke`, admin, { method: 'POST' })).status).toBe(200);
        const revoked = await request('/whoami', token);
        expect(revoked.status).toBe(401);
        expect(await revoked.json()).toMatchObject({ code: 'persona_revoked' });
      });

      it('serves the audit log paginated; a non-admin persona sees only its own records', async () => {
        const { request, admin, agent } = await setup();
        for (let index = 0; index < 3; index += 1) {
          await fixture.gateway.execute({
            tool: 'user_me_get',
            input: {},
            surface: 'http',
            personaToken: agent,
          });
          await fixture.gateway.execute({ tool: 'user_me_get', input: {}, surface: 'cli' });
        }
        const seen: number[] = [];
        let cursor: string | null = null;
        do {
          const response: Response = await request(
            `/audit?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
            admin,
          );
          const page = (await response.json()) as {
            records: Array<{ seq: number }>;
            next_cursor: string | null;
          };
          seen.push(...page.records.map((record) => record.seq));
          cursor = page.next_cursor;
        } while (cursor);
        // Two admin records (the personas created by setup), then six calls.
        expect(seen).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);

        const own = (await (await request('/audit?persona=ops', agent)).json()) as {
          records: Array<{ persona_name: string; response: unknown }>;
        };
        expect(own.records).toHaveLength(3);
        expect(own.records.every((record) => record.persona_name === 'agent')).toBe(true);
        expect(own.records[0]!.response).toMatchObject({ username: expect.stringMatching(/^user_/) });

        const filtered = (await (
          await request('/audit?outcome=ok&since=1h&order=asc&limit=1&kind=call', admin)
        ).json()) as { records: Array<{ seq: number }> };
        expect(filtered.records.map((record) => record.seq)).toEqual([3]);
        const admins = (await (await request('/audit?kind=admin&order=asc', admin)).json()) as {
          records: Array<{ tool: string; kind: string }>;
        };
        expect(admins.records.map((record) => [record.kind, record.tool])).toEqual([
          ['admin', 'persona.create'],
          ['admin', 'persona.create'],
        ]);
        expect((await request('/audit?kind=other', admin)).status).toBe(400);
        const invalid = await request('/audit?since=whenever', admin);
        expect(invalid.status).toBe(400);
        expect(await invalid.json()).toMatchObject({
          code: 'invalid_input',
          issues: [expect.objectContaining({ field: 'since' })],
        });

        expect(await (await request('/audit/verify', admin)).json()).toMatchObject({ ok: true, records: 8 });
        expect((await request('/audit/verify', agent)).status).toBe(403);
      });

      it('lists and verifies accounts without keys, and shows the vault', async () => {
        const { request, admin } = await setup();
        await fixture.gateway.accounts.add('work', 'hg-test-work-key-0002');
        const accounts = await (await request('/accounts', admin)).text();
        expect(accounts).toContain('"work"');
        expect(accounts).not.toContain('hg-test-work-key-0002');
        expect(
          await (await request('/accounts/work/verify', admin, { method: 'POST' })).json(),
        ).toMatchObject({ name: 'work', ok: true });
        expect((await request('/accounts/nope/verify', admin, { method: 'POST' })).status).toBe(404);
        expect(await (await request('/vault', admin)).json()).toMatchObject({ activeVersion: 1 });
      });
    },
  );
}
