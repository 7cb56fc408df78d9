import { afterAll, describe, expect, it } from 'vitest';
import { createAccountHealth, defaultHealthPolicy } from './account-health.ts';
import type { HealthStore } from './health-store.ts';
import { createMemoryHealthStore } from './memory-health-store.ts';
import { createRedisHealthStore } from './redis-health-store.ts';
import { redisTestTarget } from './redis-test-target.ts';

const redis = await redisTestTarget();
const prefixes: string[] = [];

afterAll(async () => {
  if (redis.enabled) for (const prefix of prefixes) await redis.cleanup(prefix);
});

const targets: {
  name: string;
  enabled: boolean;
  open(): { stores: [HealthStore, HealthStore]; close(): Promise<void> };
}[] = [
  {
    name: 'memory',
    enabled: true,
    open() {
      const store = createMemoryHealthStore();
      // Two routers in one process share one in-memory store.
      return { stores: [store, store], close: async () => {} };
    },
  },
  {
    name: 'redis',
    enabled: redis.enabled,
    open() {
      const prefix = redis.prefix();
      prefixes.push(prefix);
      // Two separate connections: what two gateway processes would have.
      const first = createRedisHealthStore({ url: redis.url, prefix });
      const second = createRedisHealthStore({ url: redis.url, prefix });
      return { stores: [first, second], close: async () => (await first.close(), await second.close()) };
    },
  },
];

function manualClock(start = Date.UTC(2026, 0, 1)) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

for (const target of targets) {
  describe.runIf(target.enabled)(`account health on ${target.name}`, () => {
    it('cools down only the operation class that got the 429, for Retry-After', async () => {
      const { stores, close } = target.open();
      const clock = manualClock();
      const health = createAccountHealth({ store: stores[0], clock });
      await health.recordRateLimited('work', 'render', 30_000);
      expect(await health.admit('work', 'render')).toEqual({
        admitted: false,
        reason: 'cooling_down',
        retryAfterMs: 30_000,
      });
      expect(await health.admit('work', 'read')).toEqual({ admitted: true, probe: false });
      expect(await health.admit('default', 'render')).toEqual({ admitted: true, probe: false });
      clock.advance(29_999);
      expect(await health.admit('work', 'render')).toMatchObject({ admitted: false, retryAfterMs: 1 });
      clock.advance(1);
      expect(await health.admit('work', 'render')).toEqual({ admitted: true, probe: false });
      await close();
    });

    it('steps the backoff when a 429 has no Retry-After, and resets it after a success', async () => {
      const { stores, close } = target.open();
      const clock = manualClock();
      const health = createAccountHealth({ store: stores[0], clock });
      const waits: number[] = [];
      for (let index = 0; index < 7; index += 1) {
        const state = await health.recordRateLimited('a', 'write', undefined);
        waits.push(state.cooldownUntil - clock.now());
        clock.advance(state.cooldownUntil - clock.now());
      }
      expect(waits).toEqual([...defaultHealthPolicy.backoffStepsMs, 60_000]);
      await health.recordSuccess('a', 'write', false);
      const state = await health.recordRateLimited('a', 'write', undefined);
      expect(state.cooldownUntil - clock.now()).toBe(1_000);
      await close();
    });

    it('caps an absurd Retry-After', async () => {
      const { stores, close } = target.open();
      const clock = manualClock();
      const health = createAccountHealth({ store: stores[0], clock });
      const state = await health.recordRateLimited('a', 'read', 86_400_000);
      expect(state.cooldownUntil - clock.now()).toBe(defaultHealthPolicy.maxRetryAfterMs);
      await close();
    });

    it('opens the circuit on a failure rate, lets one probe through, and closes on its success', async () => {
      const { stores, close } = target.open();
      const clock = manualClock();
      const health = createAccountHealth({ store: stores[0], clock });
      for (let index = 0; index < 4; index += 1) await health.recordFailure('a', 'render', 'http_503', false);
      expect(await health.admit('a', 'render')).toEqual({ admitted: true, probe: false });
      const opened = await health.recordFailure('a', 'render', 'http_503', false);
      expect(opened.circuit).toBe('open');
      expect(await health.admit('a', 'render')).toEqual({
        admitted: false,
        reason: 'circuit_open',
        retryAfterMs: 30_000,
      });
      expect(await health.admit('a', 'read')).toEqual({ admitted: true, probe: false });
      clock.advance(30_000);
      const admissions = await Promise.all(Array.from({ length: 6 }, () => health.admit('a', 'render')));
      expect(admissions.filter((admission) => admission.admitted)).toEqual([{ admitted: true, probe: true }]);
      expect(admissions.filter((admission) => !admission.admitted)[0]).toMatchObject({
        reason: 'probe_in_flight',
      });
      await health.recordSuccess('a', 'render', true);
      expect(await health.admit('a', 'render')).toEqual({ admitted: true, probe: false });
      const [status] = await health.status();
      expect(status).toMatchObject({ account: 'a', operationClass: 'render', condition: 'ok' });
      await close();
    });

    it('does not open while successes keep the failure rate under the threshold', async () => {
      const { stores, close } = target.open();
      const clock = manualClock();
      const health = createAccountHealth({ store: stores[0], clock });
      for (let index = 0; index < 6; index += 1) {
        await health.recordFailure('a', 'read', 'timeout', false);
        await health.recordSuccess('a', 'read', false);
        await health.recordSuccess('a', 'read', false);
      }
      expect(await health.admit('a', 'read')).toEqual({ admitted: true, probe: false });
      await close();
    });

    it('re-opens for twice as long when the probe fails', async () => {
      const { stores, close } = target.open();
      const clock = manualClock();
      const health = createAccountHealth({ store: stores[0], clock });
      for (let index = 0; index < 5; index += 1)
        await health.recordFailure('a', 'upload', 'connection', false);
      clock.advance(30_000);
      expect(await health.admit('a', 'upload')).toEqual({ admitted: true, probe: true });
      const reopened = await health.recordFailure('a', 'upload', 'timeout', true);
      expect(reopened).toMatchObject({ circuit: 'open', openCount: 2, openUntil: clock.now() + 60_000 });
      await close();
    });

    it('frees a probe slot whose call never reached HeyGen', async () => {
      const { stores, close } = target.open();
      const clock = manualClock();
      const health = createAccountHealth({ store: stores[0], clock });
      for (let index = 0; index < 5; index += 1) await health.recordFailure('a', 'write', 'http_500', false);
      clock.advance(30_000);
      expect(await health.admit('a', 'write')).toEqual({ admitted: true, probe: true });
      await health.releaseProbe('a', 'write');
      expect(await health.admit('a', 'write')).toEqual({ admitted: true, probe: true });
      await close();
    });

    it('shares cooldowns between two router instances on the same store', async () => {
      const { stores, close } = target.open();
      const clock = manualClock();
      const first = createAccountHealth({ store: stores[0], clock });
      const second = createAccountHealth({ store: stores[1], clock });
      await first.recordRateLimited('shared', 'render', 12_000);
      expect(await second.admit('shared', 'render')).toEqual({
        admitted: false,
        reason: 'cooling_down',
        retryAfterMs: 12_000,
      });
      // Concurrent updates from both instances are all counted (compare-and-set, no lost update).
      await Promise.all(
        Array.from({ length: 10 }, (_, index) =>
          (index % 2 ? first : second).recordFailure('shared', 'read', 'http_502', false),
        ),
      );
      const [state] = (await second.status()).filter((entry) => entry.operationClass === 'read');
      expect(state?.state.circuit).toBe('open');
      expect(state?.state.openCount).toBe(1);
      await close();
    });
  });
}
