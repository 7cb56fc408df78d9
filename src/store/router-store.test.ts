import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeTestTargets, type StoreFixture } from './store-test-targets.ts';
import { createMemoryRouterStore } from './memory-router-store.ts';
import { openRouterStore } from './open-router-store.ts';
import type { LedgerRecord, RouterStore, UsageKey } from './router-store.ts';

const targets = await storeTestTargets();

/** One router store per target: the database ones through the gateway store's migrations. */
const routerTargets = [
  {
    name: 'memory',
    enabled: true,
    reason: undefined as string | undefined,
    open: async () => ({ router: createMemoryRouterStore(), cleanup: async () => {} }),
  },
  ...targets.map((target) => ({
    name: target.name,
    enabled: target.enabled,
    reason: target.reason,
    open: async () => {
      const fixture: StoreFixture = await target.create();
      return { router: openRouterStore(fixture.store), cleanup: () => fixture.cleanup() };
    },
  })),
];

function record(key: string, overrides: Partial<LedgerRecord> = {}): LedgerRecord {
  return {
    key,
    persona: 'ps_1',
    tool: 'video_create',
    requestKey: 'derived',
    status: 'pending',
    owner: 'a:1',
    leaseUntil: 1_000,
    attempts: [],
    revision: 1,
    createdAt: 0,
    updatedAt: 0,
    expiresAt: 10_000,
    ...overrides,
  };
}

const period: UsageKey = {
  scope: 'persona',
  name: 'marketing',
  period: 'day',
  periodStart: 0,
  periodEnd: 1_000,
};

for (const target of routerTargets) {
  if (!target.enabled)
    console.warn(`[heygate tests] skipping router store suite on ${target.name}: ${target.reason}`);

  describe.runIf(target.enabled)(`router store on ${target.name}`, () => {
    let store: RouterStore;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      const opened = await target.open();
      store = opened.router;
      cleanup = opened.cleanup;
    });
    afterAll(async () => {
      await cleanup?.();
    });

    it('inserts a ledger record once and reads it back with its JSON fields', async () => {
      const first = record('k-insert', {
        result: { video_id: 'v1', nested: [1, 2] },
        attempts: [{ account: 'a', stamp: { title: 't' }, outcome: 'sent', at: 5 }],
        account: 'a',
        costUsd: 1.5,
      });
      expect(await store.insertLedger(first)).toBe(true);
      expect(await store.insertLedger(record('k-insert', { owner: 'b:1' }))).toBe(false);
      expect(await store.getLedger('k-insert')).toEqual(first);
      expect(await store.getLedger('k-missing')).toBeUndefined();
    });

    it('replaces and deletes only at the expected revision', async () => {
      await store.insertLedger(record('k-cas'));
      const next = record('k-cas', { status: 'done', revision: 2, result: { id: 'x' } });
      expect(await store.replaceLedger(next, 5)).toBe(false);
      expect(await store.replaceLedger(next, 1)).toBe(true);
      expect(await store.replaceLedger({ ...next, revision: 3 }, 1)).toBe(false);
      expect((await store.getLedger('k-cas'))?.status).toBe('done');
      expect(await store.deleteLedger('k-cas', 1)).toBe(false);
      expect(await store.deleteLedger('k-cas', 2)).toBe(true);
      expect(await store.getLedger('k-cas')).toBeUndefined();
    });

    it('lets exactly one of many concurrent claims insert the record', async () => {
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, index) =>
          store.insertLedger(record('k-race', { owner: `o:${index}` })),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('prunes expired records only', async () => {
      await store.insertLedger(record('k-old', { expiresAt: 50 }));
      await store.insertLedger(record('k-new', { expiresAt: 5_000_000 }));
      expect(await store.pruneLedger(100)).toBeGreaterThanOrEqual(1);
      expect(await store.getLedger('k-old')).toBeUndefined();
      expect(await store.getLedger('k-new')).toBeDefined();
    });

    it('sets, lists and removes budgets', async () => {
      await store.setBudget({ scope: 'account', name: 'work', limit: 5_000, period: 'month' });
      await store.setBudget({ scope: 'account', name: 'work', limit: 7_500, period: 'week' });
      await store.setBudget({ scope: 'persona', name: 'agent', limit: 10, period: 'day' });
      expect(await store.listBudgets()).toEqual([
        { scope: 'account', name: 'work', limit: 7_500, period: 'week' },
        { scope: 'persona', name: 'agent', limit: 10, period: 'day' },
      ]);
      expect(await store.removeBudget('persona', 'agent')).toBe(true);
      expect(await store.removeBudget('persona', 'agent')).toBe(false);
      expect(await store.listBudgets()).toHaveLength(1);
    });

    it('reserves atomically: concurrent holds never exceed the limit', async () => {
      const key: UsageKey = { ...period, name: 'race' };
      const outcomes = await Promise.all(Array.from({ length: 25 }, () => store.reserveCredits(key, 1, 10)));
      expect(outcomes.filter((outcome) => outcome.reserved)).toHaveLength(10);
      const [row] = await store.listUsage({ scope: 'persona', name: 'race' });
      expect(row).toMatchObject({ reserved: 10, spent: 0, calls: 0 });
    });

    it('settles a hold into spend and releases unused holds', async () => {
      const key: UsageKey = { ...period, name: 'settle' };
      expect((await store.reserveCredits(key, 4, 10)).reserved).toBe(true);
      expect((await store.reserveCredits(key, 4, 10)).reserved).toBe(true);
      const refused = await store.reserveCredits(key, 4, 10);
      expect(refused).toMatchObject({ reserved: false, row: { reserved: 8, spent: 0 } });
      await store.settleCredits(key, 4, 2.5, true);
      await store.settleCredits(key, 4, 0, false);
      const [row] = await store.listUsage({ name: 'settle' });
      expect(row).toMatchObject({
        spent: 2.5,
        reserved: 0,
        calls: 1,
        period: 'day',
        periodStart: 0,
        periodEnd: 1_000,
      });
      expect((await store.reserveCredits(key, 7.5, 10)).reserved).toBe(true);
      expect((await store.reserveCredits(key, 0.001, 10)).reserved).toBe(false);
    });

    it('reserves without a limit and filters usage by scope, name and period end', async () => {
      const key: UsageKey = {
        scope: 'account',
        name: 'unlimited',
        period: 'month',
        periodStart: 2_000,
        periodEnd: 3_000,
      };
      expect((await store.reserveCredits(key, 1e6, undefined)).reserved).toBe(true);
      // Rows of different period kinds with the same start are separate.
      expect((await store.reserveCredits({ ...key, period: 'day' }, 5, undefined)).reserved).toBe(true);
      expect(await store.listUsage({ scope: 'account', name: 'unlimited' })).toHaveLength(2);
      expect(await store.listUsage({ scope: 'account', name: 'unlimited', period: 'day' })).toEqual([
        { ...key, period: 'day', spent: 0, reserved: 5, calls: 0 },
      ]);
      expect(await store.listUsage({ scope: 'account', name: 'unlimited', since: 3_000 })).toHaveLength(0);
      expect(await store.listUsage({ scope: 'persona', name: 'unlimited' })).toHaveLength(0);
    });
  });
}
