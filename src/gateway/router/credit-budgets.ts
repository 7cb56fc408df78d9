import { budgetPeriod, budgetPeriods } from './budget-period.ts';
import { BudgetExceededError } from './router-errors.ts';
import type {
  BudgetPeriod,
  BudgetRule,
  BudgetScope,
  RouterStore,
  UsageKey,
  UsageRow,
} from '../../store/router-store.ts';

/** A party whose spend is tracked for a call: the persona, or the account the call goes to. */
export interface BudgetParty {
  scope: BudgetScope;
  name: string;
  /** Its budget; without one, spend is still recorded (per day, week and month) but never refused. */
  rule?: { limit: number; period: BudgetPeriod };
}

/** Credits held for a call in flight, per party. */
export interface CreditReservation {
  holds: { key: UsageKey; amount: number }[];
  /** The estimate the holds were made for. */
  estimate: number;
}

/** Spend of one party in its current period, with its budget. */
export interface UsageReport extends UsageRow {
  /** Credits per period, when the party has a budget. */
  limit?: number;
  period: BudgetPeriod;
  /** `limit - spent - reserved`, when the party has a budget. */
  remaining?: number;
}

/** Options of {@link createCreditBudgets}. */
export interface CreditBudgetsOptions {
  store: RouterStore;
  clock?: { now(): number };
}

/** Per-persona and per-account credit budgets. */
export interface CreditBudgets {
  /**
   * Holds `estimate` credits for each party, or throws {@link BudgetExceededError} naming the first budget
   * the call would exceed (holds already made are returned). Nothing has been sent to HeyGen at this point.
   */
  reserve(parties: readonly BudgetParty[], estimate: number): Promise<CreditReservation>;
  /** The call finished and cost `actual` credits (HeyGen's report, else the estimate). */
  settle(reservation: CreditReservation, actual: number): Promise<void>;
  /** The call was never sent or made nothing: drop the holds. */
  release(reservation: CreditReservation): Promise<void>;
  /** Budget rules of accounts (persona budgets live on the persona). */
  accountRule(account: string): Promise<BudgetRule | undefined>;
  /** Current-period spend of parties, with their budgets. */
  usage(parties: readonly BudgetParty[]): Promise<UsageReport[]>;
}

/**
 * A reservation for a costed call whose estimate is unknown: holds almost nothing, but is refused once a
 * budget is fully spent (spent + this > limit).
 */
const minimumHold = 0.001;

/**
 * Credit budgets: the catalog's cost estimate is held before the call (an atomic conditional update, so
 * parallel calls cannot overspend together) and replaced by HeyGen's reported cost afterwards. A call that
 * would go over a budget is refused before anything reaches HeyGen.
 */
export function createCreditBudgets(options: CreditBudgetsOptions): CreditBudgets {
  const { store } = options;
  const clock = options.clock ?? Date;

  function keyFor(party: BudgetParty, period: BudgetPeriod, now: number): UsageKey {
    const { start, end } = budgetPeriod(period, now);
    return { scope: party.scope, name: party.name, period, periodStart: start, periodEnd: end };
  }

  async function release(reservation: CreditReservation): Promise<void> {
    for (const hold of reservation.holds) await store.settleCredits(hold.key, hold.amount, 0, false);
  }

  return {
    async reserve(parties, estimate) {
      const amount = estimate > 0 ? estimate : minimumHold;
      const reservation: CreditReservation = { holds: [], estimate };
      const now = clock.now();
      for (const party of parties) {
        // The budget's own period first (the conditional hold), then the other periods' rows unconditionally,
        // so the day, week and month totals stay complete whatever period a budget uses later.
        const limited = party.rule?.period;
        const periods = limited
          ? [limited, ...budgetPeriods.filter((period) => period !== limited)]
          : budgetPeriods;
        for (const period of periods) {
          const key = keyFor(party, period, now);
          const limit = party.rule && period === limited ? party.rule.limit : undefined;
          const { reserved, row } = await store.reserveCredits(key, amount, limit);
          if (!reserved && party.rule) {
            await release(reservation);
            throw new BudgetExceededError({
              scope: party.scope,
              name: party.name,
              limit: party.rule.limit,
              spent: row.spent + row.reserved,
              estimate,
              period: party.rule.period,
              periodEnd: new Date(key.periodEnd).toISOString(),
            });
          }
          reservation.holds.push({ key, amount });
        }
      }
      return reservation;
    },

    async settle(reservation, actual) {
      for (const hold of reservation.holds) await store.settleCredits(hold.key, hold.amount, actual, true);
    },

    release,

    async accountRule(account) {
      const rules = await store.listBudgets();
      return rules.find((rule) => rule.scope === 'account' && rule.name === account);
    },

    async usage(parties) {
      const now = clock.now();
      const reports: UsageReport[] = [];
      for (const party of parties) {
        const period = party.rule?.period ?? 'month';
        const key = keyFor(party, period, now);
        const rows = await store.listUsage({ scope: party.scope, name: party.name, period, since: now });
        const current: UsageRow = rows.find((row) => row.periodStart === key.periodStart) ?? {
          ...key,
          spent: 0,
          reserved: 0,
          calls: 0,
        };
        const report: UsageReport = { ...current, period };
        if (party.rule) {
          report.limit = party.rule.limit;
          report.remaining = Math.max(0, party.rule.limit - current.spent - current.reserved);
        }
        reports.push(report);
      }
      return reports;
    },
  };
}
