import {
  AbortedError,
  ConflictError,
  HeyGenClientError,
  HeyGenConnectionError,
  HeyGenTimeoutError,
  InternalServerError,
  RateLimitError,
} from './errors.ts';
import { sleepWithAbort, type Sleep } from './sleep-with-abort.ts';

/** Tuning of the retry policy (all optional). */
export interface RetryPolicyOptions {
  /** Most HTTP attempts per call, the first included. Default 3; 1 disables retries. */
  maxAttempts?: number;
  /** First back-off delay before jitter. Default 500 ms. */
  baseDelayMs?: number;
  /** Longest back-off delay before jitter. Default 8 s. */
  maxDelayMs?: number;
  /**
   * Longest `Retry-After` the client waits out itself. Default 60 s. When HeyGen asks for longer, the
   * `RateLimitError` is thrown at once (with `retryAfterMs`) so the router can cool the account down and
   * fall back, or the agent can decide, instead of a call hanging for minutes.
   */
  maxRetryAfterMs?: number;
  /**
   * How long one call waits in all for a request HeyGen reports as still running (409 `request_in_progress`:
   * an earlier request with the same Idempotency-Key has not finished). The policy re-asks with the same key,
   * with back-off, until HeyGen replays the first answer or this much time has been spent waiting; these
   * re-asks do not count against `maxAttempts`. Default 60 s.
   */
  inProgressWaitMs?: number;
  /** Random source in [0, 1) for jitter (injectable for tests). Default `Math.random`. */
  random?: () => number;
  /** Sleep between attempts (injectable for tests). Default a real timer. */
  sleep?: Sleep;
}

/** What the policy needs to know about a call. */
export interface RetryCallContext {
  /** The catalog's hint: repeating the call has no further effect (`tool.idempotent`). */
  idempotent: boolean;
  /** True when the request carries an Idempotency-Key HeyGen honours (`tool.idempotencyKey`). */
  idempotencyKey: boolean;
  /** Cancels the call, including a back-off sleep. */
  signal?: AbortSignal;
  /** Catalog tool name (messages). */
  tool?: string;
  /** Told about each retry before its back-off sleep (logging, router cooldowns). */
  onRetry?: (event: RetryEvent) => void;
}

/** One retry about to happen. */
export interface RetryEvent {
  /** The attempt that failed (1-based). */
  attempt: number;
  /** Why it failed. */
  error: unknown;
  /** How long the policy sleeps before the next attempt. */
  delayMs: number;
}

/** The retry policy: decides whether a failed attempt is retried and runs the attempts. */
export interface RetryPolicy {
  /** Most HTTP attempts per call. */
  readonly maxAttempts: number;
  /** The delay before retrying after `error` on attempt number `attempt`, or `undefined` for "do not retry". */
  delayBeforeRetry(error: unknown, attempt: number, context: RetryCallContext): number | undefined;
  /**
   * Runs `operation` until it succeeds or the policy gives up. The last error is thrown as it is (not
   * wrapped), with `attempts` set, so a single failure surfaces exactly as it happened.
   */
  run<T>(
    operation: (attempt: number) => Promise<T>,
    context: RetryCallContext,
  ): Promise<{ value: T; attempts: number }>;
}

/**
 * The one retry policy of the HeyGen client. The catalog's idempotency hint decides, never the call site:
 *
 * - 429 is retried on any method: HeyGen rejected the request before doing anything. `Retry-After` (integer
 *   seconds per HeyGen's spec, or an HTTP date) is honoured up to `maxRetryAfterMs`; without it, back-off.
 * - 5xx and connection errors are retried only when the call is idempotent or carries an Idempotency-Key:
 *   HeyGen may have acted on a POST before failing, and a second create would render (and bill) twice.
 *   The official HeyGen CLI likewise retries 5xx only for idempotent methods.
 * - 409 `request_in_progress` (same Idempotency-Key still being processed) is re-asked with the same key until
 *   HeyGen replays the first result, for at most `inProgressWaitMs` in all (cancellable like every wait).
 * - A timeout is retried for idempotent calls and for calls with an Idempotency-Key (HeyGen answers the repeat
 *   with the first result, or with 409 while it still runs). Any other write that timed out may have reached
 *   HeyGen; it is never re-sent silently — the transport throws `HeyGenTimeoutError` with `retryable: false`.
 * - Aborts are never retried; everything else (4xx, invalid responses) is final.
 *
 * Back-off is exponential with "equal jitter" (half fixed, half random) so parallel agents spread out.
 */
export function retryPolicy(options: RetryPolicyOptions = {}): RetryPolicy {
  const maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? 3));
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 8_000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
  const inProgressWaitMs = options.inProgressWaitMs ?? 60_000;
  const random = options.random ?? Math.random;

  function backoff(attempt: number): number {
    const exponential = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
    return Math.round(exponential / 2 + (random() * exponential) / 2);
  }

  /** The server's `Retry-After` when it sent one (and it is within the cap), else back-off. */
  function serverDelay(retryAfterMs: number | undefined, attempt: number): number | undefined {
    if (retryAfterMs === undefined) return backoff(attempt);
    return retryAfterMs <= maxRetryAfterMs ? retryAfterMs : undefined;
  }

  function delayBeforeRetry(error: unknown, attempt: number, context: RetryCallContext): number | undefined {
    if (context.signal?.aborted || error instanceof AbortedError) return undefined;
    // Bounded by time in `run`, not by attempts: the first request is running and will be replayed.
    if (inProgress(error, context)) return backoff(Math.min(attempt, 5));
    if (attempt >= maxAttempts) return undefined;
    if (error instanceof RateLimitError) return serverDelay(error.retryAfterMs, attempt);
    const replaySafe = context.idempotent || context.idempotencyKey;
    if (error instanceof ConflictError) return undefined;
    // A 503 may carry Retry-After too (maintenance); it is honoured like a 429's.
    if (error instanceof InternalServerError)
      return replaySafe ? serverDelay(error.retryAfterMs, attempt) : undefined;
    if (error instanceof HeyGenConnectionError) return replaySafe ? backoff(attempt) : undefined;
    if (error instanceof HeyGenTimeoutError) return replaySafe ? backoff(attempt) : undefined;
    return undefined;
  }

  async function run<T>(
    operation: (attempt: number) => Promise<T>,
    context: RetryCallContext,
  ): Promise<{ value: T; attempts: number }> {
    let waitedInProgress = 0;
    for (let attempt = 1; ; attempt++) {
      try {
        return { value: await operation(attempt), attempts: attempt };
      } catch (error) {
        let delayMs = delayBeforeRetry(error, attempt, context);
        if (delayMs !== undefined && inProgress(error, context)) {
          delayMs = Math.min(delayMs, inProgressWaitMs - waitedInProgress);
          waitedInProgress += delayMs;
          if (delayMs <= 0) delayMs = undefined;
        }
        if (delayMs === undefined) {
          if (error instanceof HeyGenClientError) error.attempts = attempt;
          throw error;
        }
        context.onRetry?.({ attempt, error, delayMs });
        try {
          await sleepWithAbort(delayMs, context.signal, options.sleep, callName(context));
        } catch (abort) {
          if (abort instanceof HeyGenClientError) abort.attempts = attempt;
          throw abort;
        }
      }
    }
  }

  return { maxAttempts, delayBeforeRetry, run };
}

/** HeyGen's 409 for a repeated Idempotency-Key whose first request has not finished. */
function inProgress(error: unknown, context: RetryCallContext): boolean {
  return (
    context.idempotencyKey && error instanceof ConflictError && error.heygenCode === 'request_in_progress'
  );
}

function callName(context: RetryCallContext): string {
  return context.tool ? `The call to ${context.tool}` : 'The call';
}
