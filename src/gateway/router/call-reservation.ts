import type { BudgetParty, CreditBudgets, CreditReservation } from './credit-budgets.ts';

/**
 * Everything one routed call holds against budgets, as one object: the router adds holds (the persona's once,
 * then one per account it tries), drops an account's hold when it moves on, settles what is held when the call
 * happened (or may have), and releases whatever is still held in a `finally` — so no path, thrown errors
 * included, leaves a hold behind (issue 10 item 7).
 */
export interface CallReservation {
  /**
   * Holds `estimate` for the parties, or throws `BudgetExceededError` naming the first budget it would exceed
   * (then nothing is held for these parties). Returns the hold, to `drop` it later.
   */
  hold(parties: readonly BudgetParty[]): Promise<CreditReservation>;
  /** Releases one hold made by `hold` (the call moves to another account). */
  drop(hold: CreditReservation): Promise<void>;
  /** Books `actual` on every hold still open: the call happened, or may have (an unknown outcome). */
  settle(actual: number): Promise<void>;
  /** Releases every hold still open; a no-op once settled. Call it in a `finally`. */
  release(): Promise<void>;
}

/** Creates the reservation of one call whose estimate is `estimate`. */
export function createCallReservation(budgets: CreditBudgets, estimate: number): CallReservation {
  const open = new Set<CreditReservation>();
  return {
    async hold(parties) {
      const hold = await budgets.reserve(parties, estimate);
      open.add(hold);
      return hold;
    },
    async drop(hold) {
      if (!open.delete(hold)) return;
      await budgets.release(hold);
    },
    async settle(actual) {
      const holds = [...open];
      open.clear();
      for (const hold of holds) await budgets.settle(hold, actual);
    },
    async release() {
      const holds = [...open];
      open.clear();
      for (const hold of holds) await budgets.release(hold);
    },
  };
}
