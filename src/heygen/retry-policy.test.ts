import { describe, expect, it } from 'vitest';
import {
  AbortedError,
  BadRequestError,
  ConflictError,
  HeyGenConnectionError,
  HeyGenTimeoutError,
  InternalServerError,
  InvalidResponseError,
  RateLimitError,
} from './errors.ts';
import { retryPolicy, type RetryCallContext } from './retry-policy.ts';

const read: RetryCallContext = { idempotent: true, idempotencyKey: false };
const create: RetryCallContext = { idempotent: false, idempotencyKey: false };
const keyedCreate: RetryCallContext = { idempotent: false, idempotencyKey: true };

const rateLimited = (retryAfterMs?: number) => new RateLimitError('429', { status: 429, retryAfterMs });
const unavailable = (retryAfterMs?: number) => new InternalServerError('503', { status: 503, retryAfterMs });
const reset = () => new HeyGenConnectionError('reset');
const timedOut = () => new HeyGenTimeoutError('timeout', { timeoutMs: 1000 });

describe('retryPolicy.delayBeforeRetry', () => {
  const policy = retryPolicy({ random: () => 0.5 });

  it.each([
    ['429 on a create', rateLimited(), create, true],
    ['429 on a read', rateLimited(), read, true],
    ['503 on a read', unavailable(), read, true],
    ['503 on a create', unavailable(), create, false],
    ['503 on a keyed create', unavailable(), keyedCreate, true],
    ['reset on a read', reset(), read, true],
    ['reset on a create', reset(), create, false],
    ['reset on a keyed create', reset(), keyedCreate, true],
    ['timeout on a read', timedOut(), read, true],
    ['timeout on a create', timedOut(), create, false],
    // HeyGen answers a repeated key with the first result (or 409 while it runs): safe to ask again.
    ['timeout on a keyed create', timedOut(), keyedCreate, true],
    ['abort', new AbortedError('x'), read, false],
    ['400', new BadRequestError('x', { status: 400 }), read, false],
    ['invalid response', new InvalidResponseError('x', { status: 200 }), read, false],
    [
      'request_in_progress with a key',
      new ConflictError('x', { status: 409, heygenCode: 'request_in_progress' }),
      keyedCreate,
      true,
    ],
    [
      'request_in_progress without a key',
      new ConflictError('x', { status: 409, heygenCode: 'request_in_progress' }),
      create,
      false,
    ],
    ['a programming error', new TypeError('bug'), read, false],
  ] as const)('%s → retry: %s', (_name, error, context, retried) => {
    expect(policy.delayBeforeRetry(error, 1, context) !== undefined).toBe(retried);
  });

  it('stops at maxAttempts', () => {
    const three = retryPolicy();
    expect(three.delayBeforeRetry(unavailable(), 2, read)).toBeDefined();
    expect(three.delayBeforeRetry(unavailable(), 3, read)).toBeUndefined();
    const one = retryPolicy({ maxAttempts: 1 });
    expect(one.delayBeforeRetry(rateLimited(), 1, read)).toBeUndefined();
  });

  it('honours Retry-After up to the cap (also on 503)', () => {
    expect(policy.delayBeforeRetry(rateLimited(5000), 1, create)).toBe(5000);
    expect(policy.delayBeforeRetry(unavailable(4000), 1, read)).toBe(4000);
    expect(policy.delayBeforeRetry(rateLimited(60_000), 1, create)).toBe(60_000);
    expect(policy.delayBeforeRetry(rateLimited(60_001), 1, create)).toBeUndefined();
    expect(
      retryPolicy({ maxRetryAfterMs: 1000 }).delayBeforeRetry(rateLimited(1001), 1, read),
    ).toBeUndefined();
  });

  it('never retries once the signal is aborted', () => {
    expect(
      policy.delayBeforeRetry(unavailable(), 1, { ...read, signal: AbortSignal.abort() }),
    ).toBeUndefined();
  });

  it('backs off exponentially with jitter inside [half, full] of the step, capped', () => {
    const low = retryPolicy({ random: () => 0, baseDelayMs: 1000, maxDelayMs: 4000 });
    const high = retryPolicy({
      random: () => 0.999999,
      baseDelayMs: 1000,
      maxDelayMs: 4000,
      maxAttempts: 10,
    });
    expect(low.delayBeforeRetry(reset(), 1, read)).toBe(500);
    expect(low.delayBeforeRetry(reset(), 2, read)).toBe(1000);
    expect(high.delayBeforeRetry(reset(), 1, read)).toBe(1000);
    expect(high.delayBeforeRetry(reset(), 3, read)).toBe(4000);
    expect(high.delayBeforeRetry(reset(), 6, read)).toBe(4000);
  });
});

describe('retryPolicy.run', () => {
  it('returns the value and the attempt count', async () => {
    const sleeps: number[] = [];
    const policy = retryPolicy({ random: () => 0.5, sleep: async (ms) => void sleeps.push(ms) });
    let calls = 0;
    const result = await policy.run(async () => {
      calls += 1;
      if (calls < 3) throw unavailable();
      return 'done';
    }, read);
    expect(result).toEqual({ value: 'done', attempts: 3 });
    expect(sleeps).toHaveLength(2);
  });

  it('re-asks a request HeyGen reports in progress past maxAttempts, for at most inProgressWaitMs', async () => {
    const sleeps: number[] = [];
    const policy = retryPolicy({
      random: () => 0.5,
      inProgressWaitMs: 10_000,
      sleep: async (ms) => void sleeps.push(ms),
    });
    const conflict = () => new ConflictError('409', { status: 409, heygenCode: 'request_in_progress' });
    let calls = 0;
    const replayed = await policy.run(async () => {
      calls += 1;
      if (calls < 6) throw conflict();
      return 'first answer';
    }, keyedCreate);
    expect(replayed).toEqual({ value: 'first answer', attempts: 6 });

    sleeps.length = 0;
    const stuck = conflict();
    await expect(policy.run(async () => Promise.reject(stuck), keyedCreate)).rejects.toBe(stuck);
    expect(sleeps.reduce((total, ms) => total + ms, 0)).toBe(10_000);
    expect(stuck.attempts).toBe(sleeps.length + 1);
  });

  it('stops waiting for a request in progress when the call is cancelled', async () => {
    const controller = new AbortController();
    const policy = retryPolicy({ sleep: async () => controller.abort() });
    let calls = 0;
    const error = await policy
      .run(
        async () => {
          calls += 1;
          throw new ConflictError('409', { status: 409, heygenCode: 'request_in_progress' });
        },
        { ...keyedCreate, signal: controller.signal },
      )
      .catch((reason: unknown) => reason);
    // Cancelled during the first wait: no second request.
    expect(error).toBeInstanceOf(AbortedError);
    expect(calls).toBe(1);
  });

  it('throws the original error (not a wrapper) with attempts set', async () => {
    const policy = retryPolicy({ sleep: async () => {} });
    const error = unavailable();
    await expect(policy.run(async () => Promise.reject(error), create)).rejects.toBe(error);
    expect(error.attempts).toBe(1);
    const again = reset();
    await expect(policy.run(async () => Promise.reject(again), read)).rejects.toBe(again);
    expect(again.attempts).toBe(3);
  });
});
