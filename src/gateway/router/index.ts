/**
 * The router (issue 7, ADR 0008): rate-limit routing and fallback across accounts, duplicate-free creates
 * (idempotency keys and a ledger) and per-persona / per-account credit budgets.
 */
export {
  createAccountHealth,
  defaultHealthPolicy,
  type AccountHealth,
  type AccountHealthOptions,
  type Admission,
  type HealthPolicy,
  type HealthStatus,
} from './account-health.ts';
export { budgetPeriod, budgetPeriods } from './budget-period.ts';
export { canonicalJson } from './canonical-json.ts';
export { checkPortability, type PortabilityVerdict } from './check-portability.ts';
export { classifyFailure, type FailureClass } from './classify-failure.ts';
export {
  createCreditBudgets,
  type BudgetParty,
  type CreditBudgets,
  type CreditBudgetsOptions,
  type CreditReservation,
  type UsageReport,
} from './credit-budgets.ts';
export {
  createRouter,
  type RouteAttempt,
  type RouteCallResult,
  type RoutePersona,
  type RouteRequest,
  type RouteBeforeSend,
  type RouteResult,
  type RouteSend,
  type RouteSendOptions,
  type Router,
  type RouterOptions,
} from './create-router.ts';
export { createGatewayRouter, type GatewayRouterOptions } from './create-gateway-router.ts';
export {
  emptyHealthState,
  type HealthEntry,
  type HealthState,
  type HealthStore,
  type VersionedHealthState,
} from './health-store.ts';
export { healthStoreFromEnvironment } from './health-store-from-environment.ts';
export {
  createIdempotencyLedger,
  type IdempotencyLedger,
  type IdempotencyLedgerOptions,
  type LedgerClaim,
  type LedgerHandle,
} from './idempotency-ledger.ts';
export { createMemoryHealthStore } from './memory-health-store.ts';
export { createMemoryRouterStore } from '../../store/memory-router-store.ts';
export { openRouterStore } from './open-router-store.ts';
export { operationClass, operationClasses, type OperationClass } from './operation-class.ts';
export {
  createPostgresRouterStore,
  type PostgresRouterStoreOptions,
} from '../../store/postgres-router-store.ts';
export {
  reconcileCreate,
  reconcilePlan,
  stampField,
  stampInput,
  type ReconcileOutcome,
  type ReconcilePlan,
} from './reconcile-create.ts';
export { honoursKey, recoveryPath, type RecoveryPath } from './recovery-path.ts';
export { createRedisHealthStore, type RedisHealthStoreOptions } from './redis-health-store.ts';
export {
  BudgetExceededError,
  OutcomeUnknownError,
  RequestInProgressError,
  RouteRateLimitedError,
  type BudgetExceededDetails,
} from './router-errors.ts';
export { createCallReservation, type CallReservation } from './call-reservation.ts';
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
export { createSqliteRouterStore, type SqliteRouterStoreOptions } from '../../store/sqlite-router-store.ts';
export { usageReport, type UsageLine, type UsageReportOptions } from './usage-report.ts';
