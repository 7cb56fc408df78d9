/**
 * What the router keeps in the database (SQLite embedded, Postgres when `HEYGATE_DATABASE_URL` is set): the
 * idempotency ledger of paid creates and the credit budgets with their spend. Cooldowns are not here —
 * they are short-lived and hot, and live in memory or Redis (see gateway/router/health-store.ts).
 */

/** What happened to one attempt of a create on one account. */
export type LedgerAttemptOutcome =
  /** Sent; no answer yet (the process may have died here: reconcile before sending again). */
  | 'sent'
  /** HeyGen accepted it and returned the job. */
  | 'accepted'
  /** HeyGen refused it (4xx, 429): nothing was created. */
  | 'rejected'
  /** No answer (timeout, reset, 5xx): HeyGen may or may not have created the job. */
  | 'unknown'
  /** Reconciliation looked for the job and HeyGen has none: nothing was created. */
  | 'absent';

/** One attempt of a ledgered create. */
export interface LedgerAttempt {
  /** Account the attempt went to. */
  account: string;
  /** Markers heygate stamped into the request (`callback_id`, `title`) so the job can be found again. */
  stamp: Record<string, string>;
  outcome: LedgerAttemptOutcome;
  /** Router-clock time of the last change. */
  at: number;
}

/** A ledger record: one logical create, however many attempts and retries it took. */
export interface LedgerRecord {
  /** sha256 of (persona, tool, canonical arguments, request key). */
  key: string;
  /** Persona id, or `operator` for the local operator. */
  persona: string;
  tool: string;
  /** The caller's idempotency key, or `derived` when the key came from the arguments alone. */
  requestKey: string;
  /**
   * `pending`: a call owns it and is working on it; `done`: the job exists and `result` is the create's
   * answer; `unknown`: the outcome could not be established and nothing will be sent until it is.
   */
  status: 'pending' | 'done' | 'unknown';
  /** The call that holds the lease (instance id + call id). */
  owner: string;
  /** The owner's lease ends here (router clock); after it another call may take the record over. */
  leaseUntil: number;
  /** Account of the accepted attempt. */
  account?: string;
  /** Account the accepted attempt fell back from. */
  fallbackFrom?: string;
  /** The create's answer (the job), replayed to retries. */
  result?: unknown;
  /** HeyGen's request id of the accepted attempt. */
  requestId?: string;
  /** Credits HeyGen charged (or the estimate), replayed so a retry is not charged twice in budgets. */
  costUsd?: number;
  attempts: LedgerAttempt[];
  /** Bumped on every write; writers name the revision they read (optimistic concurrency). */
  revision: number;
  createdAt: number;
  updatedAt: number;
  /** After this time the record is forgotten and the same arguments make a new job. */
  expiresAt: number;
}

/** Which kind of party a budget limits. */
export type BudgetScope = 'persona' | 'account';

/** Budget periods: calendar periods in UTC. */
export type BudgetPeriod = 'day' | 'week' | 'month';

/** A credit budget: at most `limit` credits per `period` for one persona or account. */
export interface BudgetRule {
  scope: BudgetScope;
  /** Persona name or account name. */
  name: string;
  /** Credits per period. */
  limit: number;
  period: BudgetPeriod;
}

/**
 * Spend of one persona or account in one calendar period. Every costed call is booked in its day, week and
 * month rows alike, so a budget whose period changes still sees the whole period's spend.
 */
export interface UsageRow {
  scope: BudgetScope;
  name: string;
  period: BudgetPeriod;
  /** Period bounds, epoch milliseconds (UTC calendar period). */
  periodStart: number;
  periodEnd: number;
  /** Credits charged by finished calls (HeyGen's reported cost, else the estimate). */
  spent: number;
  /** Credits held by calls in flight (their estimate). */
  reserved: number;
  /** Finished calls that cost credits. */
  calls: number;
}

/** Identifies one usage row. */
export interface UsageKey {
  scope: BudgetScope;
  name: string;
  period: BudgetPeriod;
  periodStart: number;
  periodEnd: number;
}

/** Persistence of the router: one implementation per database, one shared test suite. */
export interface RouterStore {
  /** Inserts a new ledger record; false when one with the key exists. */
  insertLedger(record: LedgerRecord): Promise<boolean>;
  getLedger(key: string): Promise<LedgerRecord | undefined>;
  /** Writes `record` if the stored revision is `expectedRevision`; the record's revision must be one more. */
  replaceLedger(record: LedgerRecord, expectedRevision: number): Promise<boolean>;
  /** Deletes a record if it still has `expectedRevision` (a create that definitely made nothing). */
  deleteLedger(key: string, expectedRevision: number): Promise<boolean>;
  /** Deletes records that expired before `now`; returns how many. */
  pruneLedger(now: number): Promise<number>;

  listBudgets(): Promise<BudgetRule[]>;
  setBudget(rule: BudgetRule): Promise<void>;
  /** Removes a budget; true when there was one. */
  removeBudget(scope: BudgetScope, name: string): Promise<boolean>;
  /**
   * Atomically adds `amount` to the reserved credits of the row if spent + reserved + amount stays within
   * `limit` (no limit: always). Returns the row as it is after the attempt and whether it reserved.
   */
  reserveCredits(
    key: UsageKey,
    amount: number,
    limit: number | undefined,
  ): Promise<{ reserved: boolean; row: UsageRow }>;
  /** Drops a reservation and books the actual cost (`actual` 0 and `countCall` false for a call never sent). */
  settleCredits(key: UsageKey, reservedAmount: number, actual: number, countCall: boolean): Promise<void>;
  /** Usage rows, optionally of one scope/name/period kind, ending after `since`; newest period first. */
  listUsage(filter?: {
    scope?: BudgetScope;
    name?: string;
    period?: BudgetPeriod;
    since?: number;
  }): Promise<UsageRow[]>;
}
