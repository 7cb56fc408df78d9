import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type {
  BudgetRule,
  BudgetScope,
  LedgerRecord,
  RouterStore,
  UsageKey,
  UsageRow,
} from './router-store.ts';
import { ledgerFromRow, usageFromRow, type LedgerRow, type UsageDatabaseRow } from './router-store-rows.ts';

/** Options of {@link createSqliteRouterStore}. */
export interface SqliteRouterStoreOptions {
  /**
   * The open embedded database (the gateway store's). Its migrations create the `router_*` tables; see
   * `routerSqliteMigration` for the statements.
   */
  database: DatabaseSync;
}

/** The values of a ledger record in column order (after the key). */
function ledgerValues(record: LedgerRecord): (string | number | null)[] {
  return [
    record.persona,
    record.tool,
    record.requestKey,
    record.status,
    record.owner,
    record.leaseUntil,
    record.account ?? null,
    record.fallbackFrom ?? null,
    record.result === undefined ? null : JSON.stringify(record.result),
    record.requestId ?? null,
    record.costUsd ?? null,
    JSON.stringify(record.attempts),
    record.revision,
    record.createdAt,
    record.updatedAt,
    record.expiresAt,
  ];
}

/**
 * The router's tables in the embedded SQLite database. Every check-and-change is one SQL statement
 * (conditional UPDATE, INSERT … ON CONFLICT DO NOTHING), so concurrent gateway processes on one database
 * file cannot both reserve the last credits or both claim a create.
 */
export function createSqliteRouterStore(options: SqliteRouterStoreOptions): RouterStore {
  const { database } = options;
  const statements = new Map<string, StatementSync>();
  const prepare = (sql: string): StatementSync => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = database.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const ensureUsage = (key: UsageKey) =>
    prepare(
      `INSERT INTO router_usage (scope, name, period, period_start, period_end, spent, reserved, calls)
       VALUES (?, ?, ?, ?, ?, 0, 0, 0) ON CONFLICT (scope, name, period, period_start) DO NOTHING`,
    ).run(key.scope, key.name, key.period, key.periodStart, key.periodEnd);
  const readUsage = (key: UsageKey): UsageRow =>
    usageFromRow(
      prepare(
        `SELECT * FROM router_usage WHERE scope = ? AND name = ? AND period = ? AND period_start = ?`,
      ).get(key.scope, key.name, key.period, key.periodStart) as unknown as UsageDatabaseRow,
    );

  return {
    async insertLedger(record) {
      const result = prepare(
        `INSERT INTO router_ledger (key, persona, tool, request_key, status, owner, lease_until, account, fallback_from,
           result, request_id, cost_usd, attempts, revision, created_at, updated_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
      ).run(record.key, ...ledgerValues(record));
      return Number(result.changes) === 1;
    },

    async getLedger(key) {
      const row = prepare(`SELECT * FROM router_ledger WHERE key = ?`).get(key) as unknown as
        LedgerRow | undefined;
      return row ? ledgerFromRow(row) : undefined;
    },

    async replaceLedger(record, expectedRevision) {
      const result = prepare(
        `UPDATE router_ledger SET persona = ?, tool = ?, request_key = ?, status = ?, owner = ?, lease_until = ?,
           account = ?, fallback_from = ?, result = ?, request_id = ?, cost_usd = ?, attempts = ?, revision = ?,
           created_at = ?, updated_at = ?, expires_at = ?
         WHERE key = ? AND revision = ?`,
      ).run(...ledgerValues(record), record.key, expectedRevision);
      return Number(result.changes) === 1;
    },

    async deleteLedger(key, expectedRevision) {
      const result = prepare(`DELETE FROM router_ledger WHERE key = ? AND revision = ?`).run(
        key,
        expectedRevision,
      );
      return Number(result.changes) === 1;
    },

    async pruneLedger(now) {
      return Number(prepare(`DELETE FROM router_ledger WHERE expires_at < ?`).run(now).changes);
    },

    async listBudgets() {
      const rows = prepare(
        `SELECT scope, name, limit_usd, period FROM router_budgets ORDER BY scope, name`,
      ).all() as unknown as {
        scope: BudgetScope;
        name: string;
        limit_usd: number;
        period: BudgetRule['period'];
      }[];
      return rows.map((row) => ({
        scope: row.scope,
        name: row.name,
        limit: Number(row.limit_usd),
        period: row.period,
      }));
    },

    async setBudget(rule) {
      prepare(
        `INSERT INTO router_budgets (scope, name, limit_usd, period) VALUES (?, ?, ?, ?)
         ON CONFLICT (scope, name) DO UPDATE SET limit_usd = excluded.limit_usd, period = excluded.period`,
      ).run(rule.scope, rule.name, rule.limit, rule.period);
    },

    async removeBudget(scope, name) {
      return (
        Number(
          prepare(`DELETE FROM router_budgets WHERE scope = ? AND name = ?`).run(scope, name).changes,
        ) === 1
      );
    },

    async reserveCredits(key, amount, limit) {
      ensureUsage(key);
      const result =
        limit === undefined
          ? prepare(
              `UPDATE router_usage SET reserved = reserved + ? WHERE scope = ? AND name = ? AND period = ? AND period_start = ?`,
            ).run(amount, key.scope, key.name, key.period, key.periodStart)
          : prepare(
              `UPDATE router_usage SET reserved = reserved + ?
               WHERE scope = ? AND name = ? AND period = ? AND period_start = ? AND spent + reserved + ? <= ?`,
            ).run(amount, key.scope, key.name, key.period, key.periodStart, amount, limit);
      return { reserved: Number(result.changes) === 1, row: readUsage(key) };
    },

    async settleCredits(key, reservedAmount, actual, countCall) {
      ensureUsage(key);
      prepare(
        `UPDATE router_usage SET reserved = MAX(reserved - ?, 0), spent = spent + ?, calls = calls + ?
         WHERE scope = ? AND name = ? AND period = ? AND period_start = ?`,
      ).run(reservedAmount, actual, countCall ? 1 : 0, key.scope, key.name, key.period, key.periodStart);
    },

    async listUsage(filter = {}) {
      const rows = prepare(
        `SELECT * FROM router_usage
         WHERE (? IS NULL OR scope = ?) AND (? IS NULL OR name = ?) AND (? IS NULL OR period = ?) AND period_end > ?
         ORDER BY period_start DESC, scope, name, period`,
      ).all(
        filter.scope ?? null,
        filter.scope ?? null,
        filter.name ?? null,
        filter.name ?? null,
        filter.period ?? null,
        filter.period ?? null,
        filter.since ?? 0,
      ) as unknown as UsageDatabaseRow[];
      return rows.map(usageFromRow);
    },
  };
}
