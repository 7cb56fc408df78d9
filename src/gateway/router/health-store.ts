import type { OperationClass } from './operation-class.ts';

/**
 * Rate-limit and failure state of one (account, operation class). Times are epoch milliseconds from the
 * router's clock (the emulator's manual clock in tests), never from the store's own clock, so two gateway
 * processes sharing a store agree on what "cooling down until" means.
 */
export interface HealthState {
  /** No call of this class goes to the account before this time (429 + Retry-After, or stepped backoff). */
  cooldownUntil: number;
  /** 429s since the last success: picks the next step of the backoff when HeyGen sends no Retry-After. */
  rateLimitStreak: number;
  /** Circuit breaker for 5xx, timeouts and connection failures. */
  circuit: 'closed' | 'open' | 'half-open';
  /** While `open`: calls are refused until this time, then one probe is let through (`half-open`). */
  openUntil: number;
  /** Consecutive times the circuit opened without a successful probe: lengthens the next open period. */
  openCount: number;
  /** While `half-open`: the probe holds the slot until this time (a crashed probe frees it when it passes). */
  probeUntil: number;
  /** Start of the failure window: the window begins at a failure, so the happy path writes nothing. */
  windowStart: number;
  /** Calls that finished inside the window (successes and failures). */
  windowCalls: number;
  /** Failures inside the window. */
  windowFailures: number;
  /** Short reason of the last failure or 429 (`http_429`, `http_503`, `timeout`, `connection`), for status. */
  lastProblem?: string;
  /** When the state last changed. */
  updatedAt: number;
}

/** A state with the version a compare-and-set must name. Version 0 means "no state stored yet". */
export interface VersionedHealthState {
  state: HealthState;
  version: number;
}

/** One stored state, for status listings (`heygate accounts status`, the admin API). */
export interface HealthEntry {
  account: string;
  operationClass: OperationClass;
  state: HealthState;
}

/**
 * Where health state lives: in process by default, in Redis when `HEYGATE_REDIS_URL` is set so every
 * gateway process sees the same cooldowns. Implementations only store and compare versions; the
 * transitions are computed once, in `createAccountHealth`, so both stores behave identically.
 */
export interface HealthStore {
  /** The stored state, or `undefined` when the pair never had a problem. */
  load(account: string, operationClass: OperationClass): Promise<VersionedHealthState | undefined>;
  /**
   * Writes `state` if the stored version still equals `expectedVersion` (0 = nothing stored) and returns
   * whether it did. Losing the race means another call changed the state; the caller reloads and recomputes.
   */
  compareAndSet(
    account: string,
    operationClass: OperationClass,
    expectedVersion: number,
    state: HealthState,
  ): Promise<boolean>;
  /** Every stored state (for status displays). */
  list(): Promise<readonly HealthEntry[]>;
  /** Releases connections the store opened itself. */
  close(): Promise<void>;
}

/** The state of a pair that never had a problem. */
export function emptyHealthState(): HealthState {
  return {
    cooldownUntil: 0,
    rateLimitStreak: 0,
    circuit: 'closed',
    openUntil: 0,
    openCount: 0,
    probeUntil: 0,
    windowStart: 0,
    windowCalls: 0,
    windowFailures: 0,
    updatedAt: 0,
  };
}
