/** The router's storage types; the interface and its SQL live in `src/store/` (all SQL lives in store/). */
export type {
  BudgetPeriod,
  BudgetRule,
  BudgetScope,
  LedgerAttempt,
  LedgerAttemptOutcome,
  LedgerRecord,
  RouterStore,
  UsageKey,
  UsageRow,
} from '../../store/router-store.ts';
