import { afterEach, describe, expect, it } from 'vitest';
import { createEmulator, createManualClock, type Emulator } from '../../src/emulator/index.ts';
import { createGateway, type Gateway } from '../../src/gateway/gateway.ts';
import { usageReport } from '../../src/gateway/router/usage-report.ts';
import { createStoreVaultStorage } from '../../src/gateway/store-vault-storage.ts';
import { createHeyGenClient } from '../../src/heygen/index.ts';
import { storeTestTargets, type StoreFixture } from '../../src/store/store-test-targets.ts';
import { createKeyring } from '../../src/vault/keyring.ts';
import { generateMasterKey } from '../../src/vault/master-key.ts';
import { openVault } from '../../src/vault/vault.ts';

const targets = await storeTestTargets();

interface Setup {
  gateway: Gateway;
  emulator: Emulator;
  store: StoreFixture;
  /** A second gateway on the same database, with its own router, memory and clients (a second process). */
  reopen(): Promise<Gateway>;
}

/** The gateway as `openGateway` builds it (default router), over two emulator accounts: `default` and `work`. */
async function setup(
  target: (typeof targets)[number],
  rateLimit?: { requestsPerMinute: number },
): Promise<Setup> {
  const clock = createManualClock();
  const emulator = createEmulator({ keys: ['k1', 'k2'], clock, ...(rateLimit ? { rateLimit } : {}) });
  const store = await target.create();
  const masterKey = generateMasterKey().key.toString('base64');
  const open = async (database: StoreFixture['store']) =>
    createGateway({
      store: database,
      vault: await openVault({
        keyring: createKeyring({ env: { HEYGATE_MASTER_KEY: masterKey } }),
        storage: createStoreVaultStorage(database),
      }),
      clock,
      defaultAccount: { apiKey: 'k1', source: 'test' },
      clientFactory: (account) =>
        createHeyGenClient({
          apiKey: account.apiKey,
          baseUrl: 'http://emulator.local',
          fetch: emulator.fetch,
          clock,
          retry: { maxRetryAfterMs: 0 },
          env: {},
        }),
    });
  const gateway = await open(store.store);
  await gateway.accounts.add('work', 'k2', { skipVerify: true });
  const reopened: Gateway[] = [];
  return {
    gateway,
    emulator,
    store: {
      ...store,
      async cleanup() {
        for (const other of reopened) await other.close();
        await store.cleanup();
      },
    },
    async reopen() {
      const other = await open(await store.reopen());
      reopened.push(other);
      return other;
    },
  };
}

for (const target of targets) {
  describe.runIf(target.enabled)(
    `routing through the gateway on ${target.name}${target.reason ? ` [${target.reason}]` : ''}`,
    () => {
      let running: Setup | undefined;
      afterEach(async () => {
        await running?.gateway.close();
        await running?.emulator.close();
        await running?.store.cleanup();
        running = undefined;
      });

      it('shows the account and the fallback in the result and in the audit record', async () => {
        running = await setup(target, { requestsPerMinute: 2 });
        const { gateway } = running;
        const results = [];
        for (let index = 0; index < 3; index += 1)
          results.push(await gateway.execute({ tool: 'voice_list', input: {}, surface: 'library' }));
        expect(results.map((result) => [result.ok, result.account, result.fallbackFrom])).toEqual([
          [true, 'default', undefined],
          [true, 'default', undefined],
          [true, 'work', 'default'],
        ]);
        const records = (await gateway.queryAudit({ order: 'asc', kind: 'call' })).records;
        expect(records.map((record) => [record.outcome, record.account, record.fallbackFrom])).toEqual([
          ['ok', 'default', null],
          ['ok', 'default', null],
          ['ok', 'work', 'default'],
        ]);
        // The attempts behind the fallback: the 429 on `default`, then `work` answered.
        expect(results[0]?.routing).toEqual({ attempts: [{ account: 'default', outcome: 'ok' }] });
        const moved = results[2]?.routing;
        expect(moved?.attempts.map((attempt) => [attempt.account, attempt.outcome])).toEqual([
          ['default', 'rate_limited'],
          ['work', 'ok'],
        ]);
        expect(moved?.attempts[0]?.retryAfterMs).toBeGreaterThan(0);
        expect(moved?.replayed).toBeUndefined();
        const audited = JSON.parse(records[2]?.routing ?? 'null') as {
          attempts: { account: string; outcome: string; reason?: string; retry_after_ms?: number }[];
        };
        expect(audited.attempts).toEqual([
          {
            account: 'default',
            outcome: 'rate_limited',
            reason: 'http_429',
            retry_after_ms: moved?.attempts[0]?.retryAfterMs,
          },
          { account: 'work', outcome: 'ok' },
        ]);
        // Routing is part of the hashed record: the chain (versions 1 and 2 mixed) still verifies.
        expect((await gateway.verifyAudit()).ok).toBe(true);
      });

      it('answers rate_limited with retry_after_ms for a call that cannot move, and audits it as rate_limited', async () => {
        running = await setup(target, { requestsPerMinute: 1 });
        const { gateway } = running;
        await gateway.execute({ tool: 'voice_list', input: {}, surface: 'library', account: 'default' });
        const result = await gateway.execute({
          tool: 'video_get',
          input: { video_id: 'abc' },
          surface: 'library',
        });
        expect(result).toMatchObject({ ok: false, account: 'default' });
        if (result.ok) return;
        expect(result.error).toMatchObject({ code: 'rate_limited', retryable: true, account: 'default' });
        expect(result.error.retry_after_ms).toBeGreaterThan(0);
        const [, record] = (await gateway.queryAudit({ order: 'asc', kind: 'call' })).records;
        expect(record).toMatchObject({ outcome: 'rate_limited', account: 'default', fallbackFrom: null });
      });

      it('replays an identical create from the ledger in the database, across gateway instances', async () => {
        running = await setup(target);
        const { gateway, emulator } = running;
        const library = emulator.inspect.library();
        const input = {
          type: 'avatar',
          avatar_id: library.avatarId,
          voice_id: library.voiceId,
          script: 'Once only, please.',
        };
        const first = await gateway.execute({ tool: 'video_create', input, surface: 'mcp' });
        expect(first.ok).toBe(true);
        const other = await running.reopen();
        const retry = await other.execute({ tool: 'video_create', input, surface: 'cli' });
        expect(retry).toMatchObject({ ok: true, account: 'default', costUsd: 0 });
        expect(first.routing?.replayed).toBeUndefined();
        expect(retry.routing).toEqual({ attempts: [], replayed: true, replayedFrom: expect.any(String) });
        expect(Date.parse(retry.routing!.replayedFrom!)).toBeLessThanOrEqual(Date.now());
        expect((retry as { data: { video_id: string } }).data.video_id).toBe(
          (first as { data: { video_id: string } }).data.video_id,
        );
        expect(emulator.inspect.renders()).toBe(1);
        // The audit record of the retry says it was a replay, not a second render.
        const records = (await other.queryAudit({ order: 'asc', tool: 'video_create' })).records;
        expect(
          records.map((record) => [
            record.kind ?? 'call',
            record.surface,
            JSON.parse(record.routing ?? 'null'),
          ]),
        ).toEqual([
          // The first call was announced before it was sent; the replay sent nothing, so it has no intent.
          ['intent', 'mcp', null],
          ['call', 'mcp', { attempts: [{ account: 'default', outcome: 'ok' }] }],
          ['call', 'cli', { attempts: [], replayed: true }],
        ]);
        expect((await other.verifyAudit()).ok).toBe(true);
      });

      it('refuses a create over the persona’s budget before sending, audits it as denied, and reports spend', async () => {
        running = await setup(target);
        const { gateway, emulator, store } = running;
        const { token } = await gateway.personas.create({
          name: 'marketing',
          scopes: ['read', 'write'],
          budgetUsd: 0.2,
        });
        const library = emulator.inspect.library();
        const video = (script: string) => ({
          type: 'avatar',
          avatar_id: library.avatarId,
          voice_id: library.voiceId,
          script,
        });
        const first = await gateway.execute({
          tool: 'video_create',
          input: video('Hello from the routing suite.'),
          surface: 'mcp',
          personaToken: token,
        });
        expect(first.ok).toBe(true);
        const sent = emulator.inspect.requests().length;
        const refused = await gateway.execute({
          tool: 'video_create',
          input: video('Hello again from the routing suite.'),
          surface: 'mcp',
          personaToken: token,
        });
        expect(refused.ok).toBe(false);
        if (refused.ok) return;
        expect(refused.error.code).toBe('budget_exceeded');
        expect(refused.error.message).toMatch(
          /Persona "marketing" would exceed its budget of \$0\.2 per month/,
        );
        expect(emulator.inspect.requests()).toHaveLength(sent);
        const records = (await gateway.queryAudit({ order: 'asc', kind: 'call' })).records;
        expect(records.at(-1)).toMatchObject({
          outcome: 'denied',
          personaName: 'marketing',
          tool: 'video_create',
        });

        const lines = await usageReport({
          store: store.store,
          accounts: await gateway.accounts.names(),
          clock: { now: () => Date.UTC(2026, 0, 1) },
        });
        expect(lines.find((line) => line.scope === 'persona')).toMatchObject({
          name: 'marketing',
          period: 'month',
          spentUsd: first.costUsd,
          calls: 1,
          limitUsd: 0.2,
          periodEnd: '2026-02-01T00:00:00.000Z',
        });
        expect(
          lines.filter((line) => line.scope === 'account').map((line) => [line.name, line.spentUsd]),
        ).toEqual([
          ['default', first.costUsd],
          ['work', 0],
        ]);
      });
    },
  );
}
