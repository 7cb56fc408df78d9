import { durationMs, type FlowStep } from './flow-definition.ts';

/** A step's retry policy, defaults filled in. */
export interface StepRetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** Pause before the second try, ms. */
  backoffMs: number;
  factor: number;
  maxBackoffMs: number;
}

/** The policy of a step's `retry` field: 3 tries, 2 s doubling up to 5 min unless it says otherwise. */
export function retryPolicyOf(retry: FlowStep['retry']): StepRetryPolicy {
  const defaults: StepRetryPolicy = { attempts: 3, backoffMs: 2_000, factor: 2, maxBackoffMs: 300_000 };
  if (retry === undefined) return defaults;
  if (typeof retry === 'number') return { ...defaults, attempts: retry };
  return {
    attempts: retry.attempts,
    backoffMs: retry.backoff === undefined ? defaults.backoffMs : durationMs(retry.backoff),
    factor: retry.factor ?? defaults.factor,
    maxBackoffMs: retry.max_backoff === undefined ? defaults.maxBackoffMs : durationMs(retry.max_backoff),
  };
}

/**
 * The pause after try number `tried` failed: exponential, capped, and never shorter than what the service
 * asked for (`retry_after_ms` of a rate limit), itself capped at the policy's longest pause.
 */
export function retryDelayMs(policy: StepRetryPolicy, tried: number, retryAfterMs?: number): number {
  const exponential = Math.min(policy.maxBackoffMs, policy.backoffMs * policy.factor ** (tried - 1));
  return Math.max(exponential, Math.min(retryAfterMs ?? 0, policy.maxBackoffMs));
}
