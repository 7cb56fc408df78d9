import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, createManualClock, type Emulator } from '../../src/emulator/index.ts';
import { openGateway } from '../../src/gateway/open-gateway.ts';
import { storeTestTargets, type StoreFixture } from '../../src/store/store-test-targets.ts';
import { createCliRuntime } from '../../src/surfaces/cli/cli-runtime.ts';
import { exitCodes } from '../../src/surfaces/cli/exit-codes.ts';
import { main } from '../../src/surfaces/cli/main.ts';
import { createAdminRoutes } from '../../src/surfaces/http/admin-routes.ts';

const targets = await storeTestTargets();

for (const target of targets) {
  describe.runIf(target.enabled)(
    `spend reports (CLI and admin API) on ${target.name}${target.reason ? ` [${target.reason}]` : ''}`,
    () => {
      let emulator: Emulator;
      let fixture: StoreFixture;
      let home: string;
      let env: Record<string, string>;
      let token: string;
      let adminToken: string;
      let charged: number;

      async function run(argv: string[]) {
        let stdout = '';
        let stderr = '';
        const runtime = createCliRuntime({
          stdout: (text) => (stdout += text),
          stderr: (text) => (stderr += text),
          env,
          interactive: false,
        });
        const code = await main(argv, runtime);
        return { code, stdout, stderr };
      }

      beforeAll(async () => {
        emulator = createEmulator({ keys: ['k1'], clock: createManualClock({ start: Date.now() }) });
        const { url } = await emulator.listen(0);
        fixture = await target.create();
        home = mkdtempSync(join(tmpdir(), 'heygate-usage-'));
        env = { HEYGATE_HOME: home, ...fixture.env, HEYGEN_API_KEY: 'k1', HEYGEN_BASE_URL: url };
        const opened = await openGateway({ env });
        try {
          ({ token } = await opened.gateway.personas.create({
            name: 'marketing',
            scopes: ['read', 'write'],
            budgetUsd: 5,
          }));
          ({ token: adminToken } = await opened.gateway.personas.create({ name: 'ops', scopes: ['admin'] }));
          const library = emulator.inspect.library();
          const created = await opened.gateway.execute({
            tool: 'video_create',
            input: {
              type: 'avatar',
              avatar_id: library.avatarId,
              voice_id: library.voiceId,
              script: 'A short spend report video.',
            },
            surface: 'library',
            personaToken: token,
          });
          expect(created.ok).toBe(true);
          charged = created.costUsd ?? 0;
          expect(charged).toBeGreaterThan(0);
        } finally {
          await opened.close();
        }
      });

      afterAll(async () => {
        await emulator.close();
        await fixture.cleanup();
        rmSync(home, { recursive: true, force: true });
      });

      it('`heygate personas usage NAME` shows the persona’s spend against its budget', async () => {
        const result = await run(['personas', 'usage', 'marketing', '--json']);
        expect(result.code).toBe(exitCodes.ok);
        const [line] = JSON.parse(result.stdout) as Record<string, unknown>[];
        expect(line).toMatchObject({
          scope: 'persona',
          name: 'marketing',
          period: 'month',
          spentUsd: charged,
          calls: 1,
          limitUsd: 5,
        });
        expect(line?.remainingUsd).toBeCloseTo(5 - charged, 6);
        const text = await run(['personas', 'usage']);
        expect(text.stdout).toMatch(/^SCOPE\s+NAME\s+PERIOD\s+SPENT/);
        expect(text.stdout).toMatch(/persona\s+marketing\s+month/);
        expect(text.stdout).not.toContain('account');
      });

      it('`heygate usage` reports accounts too, and `usage budget` sets an account budget', async () => {
        expect(await run(['usage', 'budget', 'default', '--limit', '250', '--period', 'week'])).toMatchObject(
          {
            code: exitCodes.ok,
            stdout: 'account default: budget $250 per week\n',
          },
        );
        const all = JSON.parse((await run(['usage', '--json'])).stdout) as Record<string, unknown>[];
        expect(all.find((line) => line.scope === 'account')).toMatchObject({
          name: 'default',
          period: 'week',
          spentUsd: charged,
          limitUsd: 250,
        });
        const bad = await run(['usage', 'budget', 'default', '--limit', 'lots']);
        expect(bad.code).toBe(exitCodes.usage);
        expect(bad.stderr).toContain('--limit');
        expect((await run(['usage', 'budget', 'nowhere', '--limit', '1'])).code).toBe(exitCodes.usage);
        expect((await run(['usage', 'budget', 'default', '--remove'])).stdout).toBe(
          'removed the budget of account default\n',
        );
      });

      it('the admin API shows spend: everything to an admin, its own line to a persona', async () => {
        const opened = await openGateway({ env });
        try {
          const app = createAdminRoutes({ gateway: opened.gateway });
          const get = (path: string, bearer: string) =>
            app.request(`/admin${path}`, { headers: { authorization: `Bearer ${bearer}` } });
          const all = (await (await get('/usage', adminToken)).json()) as {
            usage: Record<string, unknown>[];
          };
          expect(all.usage.map((line) => `${line.scope}:${line.name}`).sort()).toEqual([
            'account:default',
            'persona:marketing',
            'persona:ops',
          ]);
          expect(all.usage.find((line) => line.name === 'marketing')).toMatchObject({
            spent_usd: charged,
            limit_usd: 5,
            calls: 1,
            period: 'month',
          });
          const own = (await (await get('/usage?account=default', token)).json()) as {
            usage: Record<string, unknown>[];
          };
          expect(own.usage).toEqual([
            expect.objectContaining({ scope: 'persona', name: 'marketing', spent_usd: charged }),
          ]);
          expect((await app.request('/admin/usage')).status).toBe(401);
        } finally {
          await opened.close();
        }
      });
    },
  );
}
