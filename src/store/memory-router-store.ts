import type { BudgetRule, LedgerRecord, RouterStore, UsageKey, UsageRow } from './router-store.ts';

/**
 * The router's ledger and budgets in process memory: for library use without a database and for tests.
 * Same contract as the SQLite and Postgres stores (one shared test suite), but forgotten on exit — a
 * gateway with a store uses the database implementations.
 */
export function createMemoryRouterStore(): RouterStore {
  const ledger = new Map<string, LedgerRecord>();
  const budgets = new Map<string, BudgetRule>();
  const usage = new Map<string, UsageRow>();
  const usageKey = (key: UsageKey) =>
    `${key.scope}\u0000${key.name}\u0000${key.period}\u0000${key.periodStart}`;
  const ensureUsage = (key: UsageKey): UsageRow => {
    const id = usageKey(key);
    let row = usage.get(id);
    if (!row) {
      row = { ...key, spent: 0, reserved: 0, calls: 0 };
      usage.set(id, row);
    }
    return row;
  };

  return {
    async insertLedger(record) {
      if (ledger.has(record.key)) return false;
      ledger.set(record.key, structuredClone(record));
      return true;
    },
    async getLedger(key) {
      const record = ledger.get(key);
      return record ? structuredClone(record) : undefined;
    },
    async replaceLedger(record, expectedRevision) {
      const current = ledger.get(record.key);
      if (!current || current.revision !== expectedRevision) return false;
      ledger.set(record.key, structuredClone(record));
      return true;
    },
    async deleteLedger(key, expectedRevision) {
      const current = ledger.get(key);
      if (!current || current.revision !== expectedRevision) return false;
      ledger.delete(key);
      return true;
    },
    async pruneLedger(now) {
      let removed = 0;
      for (const [key, record] of ledger) {
        if (record.expiresAt < now) {
          ledger.delete(key);
          removed += 1;
        }
      }
      return removed;
    },
    async listBudgets() {
      return [...budgets.values()]
        .map((rule) => ({ ...rule }))
        .sort((a, b) => a.scope.localeCompare(b.scope) || a.name.localeCompare(b.name));
    },
    async setBudget(rule) {
      budgets.set(`${rule.scope}\u0000${rule.name}`, { ...rule });
    },
    async removeBudget(scope, name) {
      return budgets.delete(`${scope}\u0000${name}`);
    },
    async reserveCredits(key, amount, limit) {
      const row = ensureUsage(key);
      const fits = limit === undefined || row.spent + row.reserved + amount <= limit;
      if (fits) row.reserved += amount;
      return { reserved: fits, row: { ...row } };
    },
    async settleCredits(key, reservedAmount, actual, countCall) {
      const row = ensureUsage(key);
      row.reserved = Math.max(row.reserved - reservedAmount, 0);
      row.spent += actual;
      if (countCall) row.calls += 1;
    },
    async listUsage(filter = {}) {
      return [...usage.values()]
        .filter(
          (row) =>
            (filter.scope === undefined || row.scope === filter.scope) &&
            (filter.name === undefined || row.name === filter.name) &&
            (filter.period === undefined || row.period === filter.period) &&
            row.periodEnd > (filter.since ?? 0),
        )
        .map((row) => ({ ...row }))
        .sort(
          (a, b) =>
            b.periodStart - a.periodStart || a.scope.localeCompare(b.scope) || a.name.localeCompare(b.name),
        );
    },
  };
}
