import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** Redis for the tests that share cooldowns across gateways: reachable or skipped with a reason. */
export interface RedisTestTarget {
  /** False when Redis is unreachable and not required (suites skip with `reason`). */
  enabled: boolean;
  reason?: string;
  url: string;
  /** A key prefix unique to this test run. */
  prefix(): string;
  /** Deletes every key under the prefix. */
  cleanup(prefix: string): Promise<void>;
}

/**
 * Probes Redis at `HEYGATE_TEST_REDIS_URL` or 127.0.0.1:6379. With `HEYGATE_REQUIRE_REDIS=1` an unreachable
 * Redis is not skipped: the suites run and fail.
 */
export async function redisTestTarget(
  env: Record<string, string | undefined> = process.env,
): Promise<RedisTestTarget> {
  const url = env.HEYGATE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
  const required = env.HEYGATE_REQUIRE_REDIS === '1';
  let reason: string | undefined;
  const probe = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 2_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on('error', () => {});
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    reason = `Redis unreachable at ${url} (${error instanceof Error ? error.message : String(error)}); set HEYGATE_REQUIRE_REDIS=1 to fail instead`;
  } finally {
    probe.disconnect();
  }
  if (reason && !required) console.warn(`[heygate tests] skipping Redis suites: ${reason}`);
  return {
    enabled: reason === undefined || required,
    ...(reason ? { reason } : {}),
    url,
    prefix: () => `heygate-test:${process.pid}:${randomBytes(4).toString('hex')}:`,
    async cleanup(prefix) {
      const redis = new Redis(url, { maxRetriesPerRequest: 1 });
      try {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 200);
          cursor = next;
          if (keys.length > 0) await redis.del(...keys);
        } while (cursor !== '0');
      } finally {
        redis.disconnect();
      }
    },
  };
}
