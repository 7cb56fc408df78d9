import type { BudgetPeriod } from '../../store/router-store.ts';

/** Every budget period, for input checks and help texts. */
export const budgetPeriods: readonly BudgetPeriod[] = ['day', 'week', 'month'];

/**
 * The calendar period (UTC) that contains `now`: a day from midnight, an ISO week from Monday, a month
 * from the 1st. Budgets reset at the start of each period, like HeyGen's monthly credit grants.
 */
export function budgetPeriod(period: BudgetPeriod, now: number): { start: number; end: number } {
  const date = new Date(now);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  const day = date.getUTCDate();
  if (period === 'month') return { start: Date.UTC(year, month, 1), end: Date.UTC(year, month + 1, 1) };
  if (period === 'day') return { start: Date.UTC(year, month, day), end: Date.UTC(year, month, day + 1) };
  const sinceMonday = (date.getUTCDay() + 6) % 7;
  return {
    start: Date.UTC(year, month, day - sinceMonday),
    end: Date.UTC(year, month, day - sinceMonday + 7),
  };
}
