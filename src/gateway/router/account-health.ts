import { emptyHealthState, type HealthEntry, type HealthState, type HealthStore } from './health-store.ts';
import type { OperationClass } from './operation-class.ts';

/** Tunables of the cooldown and circuit-breaker rules. Defaults in {@link defaultHealthPolicy}. */
export interface HealthPolicy {
  /**
   * Cooldown steps when a 429 carries no usable Retry-After: the n-th 429 in a row waits the n-th step
   * (the last step repeats). HeyGen documents Retry-After on 429, so this is the fallback, not the rule.
   */
  backoffStepsMs: readonly number[];
  /** Upper bound for a Retry-After (a buggy or hostile header must not park an account for days). */
  maxRetryAfterMs: number;
  /** Length of the failure window that starts at a failure. */
  failureWindowMs: number;
  /** Failures inside the window before the circuit may open (a single 502 never opens it). */
  minimumFailures: number;
  /** Share of failed calls inside the window that opens the circuit (0..1). */
  failureRateThreshold: number;
  /** How long the circuit stays open the first time; doubles on every failed probe. */
  openMs: number;
  /** Upper bound of the open period. */
  maxOpenMs: number;
  /** How long a half-open probe holds its slot before another call may probe (a probe that crashed). */
  probeLeaseMs: number;
  /** `retry_after_ms` reported while another call is probing. */
  probeRetryMs: number;
}

/** Defaults: stepped 1 s → 60 s backoff, circuit opens at ≥5 failures and ≥50 % in a minute, for 30 s → 5 min. */
export const defaultHealthPolicy: HealthPolicy = {
  backoffStepsMs: [1_000, 2_000, 5_000, 10_000, 30_000, 60_000],
  maxRetryAfterMs: 10 * 60_000,
  failureWindowMs: 60_000,
  minimumFailures: 5,
  failureRateThreshold: 0.5,
  openMs: 30_000,
  maxOpenMs: 5 * 60_000,
  probeLeaseMs: 60_000,
  probeRetryMs: 1_000,
};

/** The answer to "may this account take a call of this class now?". */
export type Admission =
  | {
      admitted: true;
      /** True when this call is the half-open probe: its outcome closes or re-opens the circuit. */
      probe: boolean;
    }
  | {
      admitted: false;
      /** `cooling_down` after a 429, `circuit_open` after repeated failures, `probe_in_flight` while half-open. */
      reason: 'cooling_down' | 'circuit_open' | 'probe_in_flight';
      /** When the account may take the call again. */
      retryAfterMs: number;
    };

/** Status of one (account, operation class), for displays. */
export interface HealthStatus extends HealthEntry {
  /** `ok`, `cooling_down`, `circuit_open`, `half_open`. */
  condition: 'ok' | 'cooling_down' | 'circuit_open' | 'half_open';
  /** Milliseconds until the account takes calls of this class again (0 when it does now). */
  retryAfterMs: number;
}

/** Options of {@link createAccountHealth}. */
export interface AccountHealthOptions {
  /** Where the state lives (memory or Redis). */
  store: HealthStore;
  /** Time source; the emulator's manual clock in tests. */
  clock?: { now(): number };
  /** Overrides of {@link defaultHealthPolicy}. */
  policy?: Partial<HealthPolicy>;
}

/** Per-(account, operation class) cooldowns and circuit breakers. */
export interface AccountHealth {
  /** Decides whether a call may go to the account now; takes the half-open probe slot when one is due. */
  admit(account: string, operationClass: OperationClass): Promise<Admission>;
  /** The call got an answer from HeyGen that is not a 429 or a server failure (4xx included: HeyGen is up). */
  recordSuccess(account: string, operationClass: OperationClass, probe: boolean): Promise<void>;
  /** HeyGen answered 429: cool the pair down for Retry-After, or for the next backoff step. */
  recordRateLimited(
    account: string,
    operationClass: OperationClass,
    retryAfterMs: number | undefined,
  ): Promise<HealthState>;
  /** 5xx, timeout or connection failure: counts toward the circuit breaker; a failed probe re-opens it. */
  recordFailure(
    account: string,
    operationClass: OperationClass,
    problem: string,
    probe: boolean,
  ): Promise<HealthState>;
  /** Frees a probe slot whose call never reached HeyGen (refused by budget, cancelled). */
  releaseProbe(account: string, operationClass: OperationClass): Promise<void>;
  /** Every stored state with its condition now. */
  status(): Promise<readonly HealthStatus[]>;
}

/** How many times a compare-and-set is retried before giving up on recording (the call itself never fails). */
const maxCasAttempts = 32;

/**
 * Creates the cooldown and circuit-breaker logic over a {@link HealthStore}. Every transition is a pure
 * function of (state, now) applied with compare-and-set, so the in-process store and the Redis store
 * behave the same and concurrent calls in several processes never lose an update.
 */
export function createAccountHealth(options: AccountHealthOptions): AccountHealth {
  const { store } = options;
  const clock = options.clock ?? Date;
  const policy: HealthPolicy = { ...defaultHealthPolicy, ...options.policy };

  /** Applies `change` until the compare-and-set wins; `change` returns undefined when nothing changes. */
  async function update(
    account: string,
    operationClass: OperationClass,
    change: (state: HealthState, now: number) => HealthState | undefined,
  ): Promise<HealthState> {
    let last = emptyHealthState();
    for (let attempt = 0; attempt < maxCasAttempts; attempt += 1) {
      const loaded = await store.load(account, operationClass);
      const current = loaded?.state ?? emptyHealthState();
      const now = clock.now();
      const next = change(current, now);
      if (next === undefined) return current;
      next.updatedAt = now;
      if (await store.compareAndSet(account, operationClass, loaded?.version ?? 0, next)) return next;
      last = next;
    }
    return last;
  }

  function openPeriod(openCount: number): number {
    return Math.min(policy.openMs * 2 ** Math.max(0, openCount - 1), policy.maxOpenMs);
  }

  async function admit(account: string, operationClass: OperationClass): Promise<Admission> {
    const loaded = await store.load(account, operationClass);
    const state = loaded?.state;
    const now = clock.now();
    if (!state) return { admitted: true, probe: false };
    if (state.cooldownUntil > now) {
      return { admitted: false, reason: 'cooling_down', retryAfterMs: state.cooldownUntil - now };
    }
    if (state.circuit === 'closed') return { admitted: true, probe: false };
    if (state.circuit === 'open' && state.openUntil > now) {
      return { admitted: false, reason: 'circuit_open', retryAfterMs: state.openUntil - now };
    }
    if (state.circuit === 'half-open' && state.probeUntil > now) {
      return {
        admitted: false,
        reason: 'probe_in_flight',
        retryAfterMs: Math.min(policy.probeRetryMs, state.probeUntil - now),
      };
    }
    // Open period over (or a probe's lease lapsed): try to become the one probe. Losing the race means
    // another call is probing.
    let won = false;
    await update(account, operationClass, (current, at) => {
      won = false;
      const due =
        (current.circuit === 'open' && current.openUntil <= at) ||
        (current.circuit === 'half-open' && current.probeUntil <= at);
      if (!due) return undefined;
      won = true;
      return { ...current, circuit: 'half-open', probeUntil: at + policy.probeLeaseMs };
    });
    if (won) return { admitted: true, probe: true };
    return admit(account, operationClass);
  }

  return {
    admit,

    async recordSuccess(account, operationClass, probe) {
      await update(account, operationClass, (state, now) => {
        const windowOpen = state.windowStart > 0 && now - state.windowStart <= policy.failureWindowMs;
        if (probe || state.circuit === 'half-open') {
          return { ...emptyHealthState(), cooldownUntil: state.cooldownUntil };
        }
        if (!windowOpen && state.rateLimitStreak === 0 && state.windowStart === 0) return undefined;
        return {
          ...state,
          rateLimitStreak: 0,
          windowStart: windowOpen ? state.windowStart : 0,
          windowCalls: windowOpen ? state.windowCalls + 1 : 0,
          windowFailures: windowOpen ? state.windowFailures : 0,
        };
      });
    },

    async recordRateLimited(account, operationClass, retryAfterMs) {
      return update(account, operationClass, (state, now) => {
        const step =
          policy.backoffStepsMs[Math.min(state.rateLimitStreak, policy.backoffStepsMs.length - 1)] ?? 1_000;
        const wait =
          retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs >= 0
            ? Math.min(retryAfterMs, policy.maxRetryAfterMs)
            : step;
        return {
          ...state,
          cooldownUntil: Math.max(state.cooldownUntil, now + wait),
          rateLimitStreak: state.rateLimitStreak + 1,
          // A 429 answers the probe: HeyGen is up, so the probe slot is free again for after the cooldown.
          probeUntil: state.circuit === 'half-open' ? 0 : state.probeUntil,
          lastProblem: 'http_429',
        };
      });
    },

    async recordFailure(account, operationClass, problem, probe) {
      return update(account, operationClass, (state, now) => {
        if (probe || state.circuit === 'half-open') {
          const openCount = state.openCount + 1;
          return {
            ...state,
            circuit: 'open',
            openCount,
            openUntil: now + openPeriod(openCount),
            probeUntil: 0,
            lastProblem: problem,
          };
        }
        const windowOpen = state.windowStart > 0 && now - state.windowStart <= policy.failureWindowMs;
        const windowStart = windowOpen ? state.windowStart : now;
        const windowCalls = (windowOpen ? state.windowCalls : 0) + 1;
        const windowFailures = (windowOpen ? state.windowFailures : 0) + 1;
        const trips =
          state.circuit === 'closed' &&
          windowFailures >= policy.minimumFailures &&
          windowFailures / windowCalls >= policy.failureRateThreshold;
        if (trips) {
          const openCount = state.openCount + 1;
          return {
            ...state,
            circuit: 'open',
            openCount,
            openUntil: now + openPeriod(openCount),
            windowStart: 0,
            windowCalls: 0,
            windowFailures: 0,
            lastProblem: problem,
          };
        }
        return { ...state, windowStart, windowCalls, windowFailures, lastProblem: problem };
      });
    },

    async releaseProbe(account, operationClass) {
      await update(account, operationClass, (state) =>
        state.circuit === 'half-open' && state.probeUntil > 0 ? { ...state, probeUntil: 0 } : undefined,
      );
    },

    async status() {
      const now = clock.now();
      const entries = await store.list();
      return entries.map((entry): HealthStatus => {
        const { state } = entry;
        if (state.cooldownUntil > now)
          return { ...entry, condition: 'cooling_down', retryAfterMs: state.cooldownUntil - now };
        if (state.circuit === 'open' && state.openUntil > now) {
          return { ...entry, condition: 'circuit_open', retryAfterMs: state.openUntil - now };
        }
        if (state.circuit !== 'closed') return { ...entry, condition: 'half_open', retryAfterMs: 0 };
        return { ...entry, condition: 'ok', retryAfterMs: 0 };
      });
    },
  };
}
