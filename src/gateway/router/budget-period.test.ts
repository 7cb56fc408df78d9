import { describe, expect, it } from 'vitest';
import { budgetPeriod } from './budget-period.ts';

describe('budgetPeriod', () => {
  const now = Date.UTC(2026, 1, 18, 15, 30); // Wednesday 18 February 2026, 15:30 UTC

  it('finds the UTC calendar month, day and ISO week around a time', () => {
    expect(budgetPeriod('month', now)).toEqual({ start: Date.UTC(2026, 1, 1), end: Date.UTC(2026, 2, 1) });
    expect(budgetPeriod('day', now)).toEqual({ start: Date.UTC(2026, 1, 18), end: Date.UTC(2026, 1, 19) });
    expect(budgetPeriod('week', now)).toEqual({ start: Date.UTC(2026, 1, 16), end: Date.UTC(2026, 1, 23) });
  });

  it('starts a week on Monday even from a Sunday, and rolls months over the year end', () => {
    const sunday = Date.UTC(2026, 1, 22, 23, 59);
    expect(budgetPeriod('week', sunday).start).toBe(Date.UTC(2026, 1, 16));
    expect(budgetPeriod('month', Date.UTC(2026, 11, 31, 12))).toEqual({
      start: Date.UTC(2026, 11, 1),
      end: Date.UTC(2027, 0, 1),
    });
  });
});
