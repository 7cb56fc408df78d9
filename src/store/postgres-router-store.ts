import type { Sql } from 'postgres';
import type { RouterStore, UsageKey } from './router-store.ts';
import { ledgerFromRow, usageFromRow } from './router-store-rows.ts';

/** Options of {@link createPostgresRouterStore}. */
export interface PostgresRouterStoreOptions {
  /** The gateway store's Postgres connection; its migrations create the `router_*` tables. */
  sql: Sql;
}

/**
 * The router's tables in Postgres (`HEYGATE_DATABASE_URL`), for several gateway processes sharing one ledger
 * and one budget. Same statements as the SQLite store: every check-and-change is one conditional statement,
 * so two processes cannot both claim a create or both spend the last credits.
 */
export function createPostgresRouterStore(options: PostgresRouterStoreOptions): RouterStore {
  const { sql } = options;
  const ensureUsage = (key: UsageKey) => sql`
    INSERT INTO router_usage (scope, name, period, period_start, period_end, spent, reserved, calls)
    VALUES (${key.scope}, ${key.name}, ${key.period}, ${key.periodStart}, ${key.periodEnd}, 0, 0, 0)
    ON CONFLICT (scope, name, period, period_start) DO NOTHING`;
  const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

  return {
    async insertLedger(record) {
      const result = await sql`
        INSERT INTO router_ledger (key, persona, tool, request_key, status, owner, lease_until, account, fallback_from,
          result, request_id, cost_usd, attempts, revision, created_at, updated_at, expires_at)
        VALUES (${record.key}, ${record.persona}, ${record.tool}, ${record.requestKey}, ${record.status}, ${record.owner},
          ${record.leaseUntil}, ${record.account ?? null}, ${record.fallbackFrom ?? null}, ${json(record.result)},
          ${record.requestId ?? null}, ${record.costUsd ?? null}, ${JSON.stringify(record.attempts)},
          ${record.revision}, ${record.createdAt}, ${record.updatedAt}, ${record.expiresAt})
        ON CONFLICT (key) DO NOTHING`;
      return result.count === 1;
    },

    async getLedger(key) {
      const [row] = await sql`SELECT * FROM router_ledger WHERE key = ${key}`;
      return row ? ledgerFromRow(row as never) : undefined;
    },

    async replaceLedger(record, expectedRevision) {
      const result = await sql`
        UPDATE router_ledger SET persona = ${record.persona}, tool = ${record.tool}, request_key = ${record.requestKey},
          status = ${record.status}, owner = ${record.owner}, lease_until = ${record.leaseUntil},
          account = ${record.account ?? null}, fallback_from = ${record.fallbackFrom ?? null},
          result = ${json(record.result)}, request_id = ${record.requestId ?? null},
          cost_usd = ${record.costUsd ?? null}, attempts = ${JSON.stringify(record.attempts)},
          revision = ${record.revision}, created_at = ${record.createdAt}, updated_at = ${record.updatedAt},
          expires_at = ${record.expiresAt}
        WHERE key = ${record.key} AND revision = ${expectedRevision}`;
      return result.count === 1;
    },

    async deleteLedger(key, expectedRevision) {
      const result =
        await sql`DELETE FROM router_ledger WHERE key = ${key} AND revision = ${expectedRevision}`;
      return result.count === 1;
    },

    async pruneLedger(now) {
      const result = await sql`DELETE FROM router_ledger WHERE expires_at < ${now}`;
      return result.count;
    },

    async listBudgets() {
      const rows = await sql`SELECT scope, name, limit_usd, period FROM router_budgets ORDER BY scope, name`;
      return rows.map((row) => ({
        scope: row.scope,
        name: row.name,
        limit: Number(row.limit_usd),
        period: row.period,
      }));
    },

    async setBudget(rule) {
      await sql`
        INSERT INTO router_budgets (scope, name, limit_usd, period) VALUES (${rule.scope}, ${rule.name}, ${rule.limit}, ${rule.period})
        ON CONFLICT (scope, name) DO UPDATE SET limit_usd = excluded.limit_usd, period = excluded.period`;
    },

    async removeBudget(scope, name) {
      const result = await sql`DELETE FROM router_budgets WHERE scope = ${scope} AND name = ${name}`;
      return result.count === 1;
    },

    async reserveCredits(key, amount, limit) {
      await ensureUsage(key);
      const result =
        limit === undefined
          ? await sql`
              UPDATE router_usage SET reserved = reserved + ${amount}
              WHERE scope = ${key.scope} AND name = ${key.name} AND period = ${key.period} AND period_start = ${key.periodStart}`
          : await sql`
              UPDATE router_usage SET reserved = reserved + ${amount}
              WHERE scope = ${key.scope} AND name = ${key.name} AND period = ${key.period} AND period_start = ${key.periodStart}
                AND spent + reserved + ${amount} <= ${limit}`;
      const [row] = await sql`
        SELECT * FROM router_usage WHERE scope = ${key.scope} AND name = ${key.name} AND period = ${key.period} AND period_start = ${key.periodStart}`;
      return { reserved: result.count === 1, row: usageFromRow(row as never) };
    },

    async settleCredits(key, reservedAmount, actual, countCall) {
      await ensureUsage(key);
      await sql`
        UPDATE router_usage SET reserved = GREATEST(reserved - ${reservedAmount}, 0), spent = spent + ${actual},
          calls = calls + ${countCall ? 1 : 0}
        WHERE scope = ${key.scope} AND name = ${key.name} AND period = ${key.period} AND period_start = ${key.periodStart}`;
    },

    async listUsage(filter = {}) {
      const rows = await sql`
        SELECT * FROM router_usage
        WHERE (${filter.scope ?? null}::text IS NULL OR scope = ${filter.scope ?? null})
          AND (${filter.name ?? null}::text IS NULL OR name = ${filter.name ?? null})
          AND (${filter.period ?? null}::text IS NULL OR period = ${filter.period ?? null})
          AND period_end > ${filter.since ?? 0}
        ORDER BY period_start DESC, scope, name, period`;
      return rows.map((row) => usageFromRow(row as never));
    },
  };
}
