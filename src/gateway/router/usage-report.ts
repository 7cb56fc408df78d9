import type { Store } from '../../store/store.ts';
import { budgetPeriods } from './budget-period.ts';
import { createCreditBudgets, type BudgetParty } from './credit-budgets.ts';
import { openRouterStore } from './open-router-store.ts';
import type { BudgetPeriod, BudgetScope } from '../../store/router-store.ts';

/** One line of a spend report: a persona or an account in its current budget period. */
export interface UsageLine {
  scope: BudgetScope;
  name: string;
  period: BudgetPeriod;
  /** ISO times of the current period's bounds (UTC calendar period). */
  periodStart: string;
  periodEnd: string;
  /** US dollars spent by finished calls (HeyGen's reported cost converted, else the estimate). */
  spentUsd: number;
  /** US dollars held by calls in flight (their estimates). */
  reservedUsd: number;
  /** Finished calls that cost money. */
  calls: number;
  /** The budget per period in US dollars, when there is one. */
  limitUsd?: number;
  /** What is left of the budget in US dollars, when there is one. */
  remainingUsd?: number;
}

/** Options of {@link usageReport}. */
export interface UsageReportOptions {
  /** The gateway's store (personas, and the router's spend tables). */
  store: Store;
  /** Account names to report (the gateway's `accounts.names()`). */
  accounts: readonly string[];
  /** Only this persona (name). */
  persona?: string;
  /** Only this account. */
  account?: string;
  /** Time source (default `Date.now`). */
  clock?: { now(): number };
}

/**
 * Current-period spend in US dollars of every persona and account with their budgets, for `heygate usage`,
 * `heygate personas usage` and the
 * admin API. Persona budgets live on the persona (`budgetUsd`/`budgetPeriod`); account budgets in the
 * router's `router_budgets` table.
 */
export async function usageReport(options: UsageReportOptions): Promise<UsageLine[]> {
  const routerStore = openRouterStore(options.store);
  const budgets = createCreditBudgets({
    store: routerStore,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const parties: BudgetParty[] = [];
  const onlyAccount = options.account !== undefined && options.persona === undefined;
  const onlyPersona = options.persona !== undefined && options.account === undefined;
  if (!onlyAccount) {
    for (const persona of await options.store.listPersonas()) {
      if (options.persona !== undefined && persona.name !== options.persona) continue;
      const party: BudgetParty = { scope: 'persona', name: persona.name };
      if (typeof persona.budgetUsd === 'number') {
        const period = budgetPeriods.includes(persona.budgetPeriod as BudgetPeriod)
          ? (persona.budgetPeriod as BudgetPeriod)
          : 'month';
        party.rule = { limit: persona.budgetUsd, period };
      }
      parties.push(party);
    }
  }
  if (!onlyPersona) {
    const rules = await routerStore.listBudgets();
    for (const account of options.accounts) {
      if (options.account !== undefined && account !== options.account) continue;
      const rule = rules.find((candidate) => candidate.scope === 'account' && candidate.name === account);
      parties.push(
        rule
          ? { scope: 'account', name: account, rule: { limit: rule.limit, period: rule.period } }
          : { scope: 'account', name: account },
      );
    }
  }
  const reports = await budgets.usage(parties);
  return reports.map((report) => {
    const line: UsageLine = {
      scope: report.scope,
      name: report.name,
      period: report.period,
      periodStart: new Date(report.periodStart).toISOString(),
      periodEnd: new Date(report.periodEnd).toISOString(),
      spentUsd: round(report.spent),
      reservedUsd: round(report.reserved),
      calls: report.calls,
    };
    if (report.limit !== undefined) line.limitUsd = report.limit;
    if (report.remaining !== undefined) line.remainingUsd = round(report.remaining);
    return line;
  });
}

/** Rounds dollars to 4 decimals (the estimates are fractional; floating sums should not show noise). */
function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
