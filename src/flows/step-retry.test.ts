import { describe, expect, it } from 'vitest';
import { retryDelayMs, retryPolicyOf } from './step-retry.ts';

describe('step retry policy', () => {
  it('doubles from 2 s up to its cap and honours a longer retry_after_ms', () => {
    const policy = retryPolicyOf(undefined);
    expect(policy.attempts).toBe(3);
    expect([1, 2, 3].map((tried) => retryDelayMs(policy, tried))).toEqual([2_000, 4_000, 8_000]);
    const custom = retryPolicyOf({ attempts: 5, backoff: '1s', factor: 3, max_backoff: '5s' });
    expect([1, 2, 3].map((tried) => retryDelayMs(custom, tried))).toEqual([1_000, 3_000, 5_000]);
    expect(retryDelayMs(custom, 1, 4_000)).toBe(4_000);
    expect(retryDelayMs(custom, 1, 60_000)).toBe(5_000);
    expect(retryPolicyOf(1).attempts).toBe(1);
  });
});
