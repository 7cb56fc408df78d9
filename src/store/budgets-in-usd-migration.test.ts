import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { openRouterStore } from './open-router-store.ts';
import { migrations } from './migrations.ts';
import { createSqliteStore } from './sqlite-store.ts';

/**
 * Migration 5 renames the budget columns to US dollars. The old "credits" were the USD estimates converted
 * 1:1, so a database written before it must come out with the same amounts, now named in dollars.
 */
describe('migration 6: budgets in US dollars', () => {
  const home = mkdtempSync(join(tmpdir(), 'heygate-migration-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('keeps persona budgets, account budgets and booked costs, now in USD columns', async () => {
    const path = join(home, 'heygate.db');
    const database = new DatabaseSync(path);
    database.exec(
      'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    for (const migration of migrations.filter((entry) => entry.version <= 4)) {
      database.exec(migration.sqlite);
      database
        .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
        .run(migration.version, migration.name, '2026-11-30T00:00:00.000Z');
    }
    const now = '2026-11-30T00:00:00.000Z';
    database.exec(`
      INSERT INTO personas (id, name, token_hash, scopes, accounts, budget_credits, budget_period, status, created_at, updated_at)
        VALUES ('ps_1', 'marketing', 'hash', '["write"]', '[]', 12.5, 'week', 'active', '${now}', '${now}');
      INSERT INTO router_budgets (scope, name, limit_credits, period) VALUES ('account', 'default', 40, 'month');
      INSERT INTO router_ledger (key, persona, tool, request_key, status, owner, lease_until, account, result,
          credits_charged, attempts, revision, created_at, updated_at, expires_at)
        VALUES ('k1', 'ps_1', 'video_create', 'derived', 'done', 'x', 0, 'default', '{}', 1.25, '[]', 1, 0, 0, 9e15);
    `);
    database.close();

    const store = createSqliteStore({ path });
    try {
      expect(await store.migrations()).toEqual(migrations.map((migration) => migration.version));
      expect(await store.getPersona('ps_1')).toMatchObject({ budgetUsd: 12.5, budgetPeriod: 'week' });
      const router = openRouterStore(store);
      expect(await router.listBudgets()).toEqual([
        { scope: 'account', name: 'default', limit: 40, period: 'month' },
      ]);
      expect(await router.getLedger('k1')).toMatchObject({ costUsd: 1.25, status: 'done' });
    } finally {
      await store.close();
    }
  });
});
