import { createRequire } from 'node:module';
import type { Redis as RedisClient } from 'ioredis';
import type { HealthEntry, HealthState, HealthStore, VersionedHealthState } from './health-store.ts';
import { operationClasses, type OperationClass } from './operation-class.ts';

/** Options of {@link createRedisHealthStore}. */
export interface RedisHealthStoreOptions {
  /** Redis URL (`HEYGATE_REDIS_URL`), e.g. `redis://127.0.0.1:6379/0`. Ignored when `redis` is given. */
  url?: string;
  /** An existing connection to use (not closed by `close()`). */
  redis?: RedisClient;
  /**
   * Prefix of every key (default `heygate:router:`). Gateways that should share cooldowns use the same
   * prefix; tests use one per run and delete their keys afterwards.
   */
  prefix?: string;
  /**
   * How long a state is kept after its last change, in real milliseconds (default 24 h). Only for cleanup:
   * decisions compare the stored router-clock times, never Redis' own expiry.
   */
  retentionMs?: number;
}

/** Reads the version and the state of one key in one round trip. */
const loadScript = `
local values = redis.call('HMGET', KEYS[1], 'v', 's')
if not values[1] then return nil end
return values
`;

/**
 * Writes a state only when the version still matches (optimistic concurrency across processes), so two
 * gateways recording a 429 at the same moment both land: the loser reloads and recomputes.
 */
const compareAndSetScript = `
local current = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
if current ~= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'v', current + 1, 's', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('SADD', KEYS[2], ARGV[4])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return 1
`;

/**
 * Loads the Redis client on first use: processes without `HEYGATE_REDIS_URL` never pay for it at start-up
 * (MCP cold start, bench/mcp-cold-start.ts).
 */
function loadRedis(): typeof RedisClient {
  return (createRequire(import.meta.url)('ioredis') as { Redis: typeof RedisClient }).Redis;
}

/**
 * Health state in Redis, shared by every gateway process that uses the same Redis and prefix: a 429 seen by
 * one process cools the (account, class) down for all of them, so a fleet does not hammer an account that
 * HeyGen already told to wait.
 */
export function createRedisHealthStore(options: RedisHealthStoreOptions): HealthStore {
  const owned = options.redis === undefined;
  const redis =
    options.redis ??
    new (loadRedis())(options.url ?? 'redis://127.0.0.1:6379', {
      // Fail fast instead of queueing forever: a router that cannot reach Redis must answer, not hang.
      maxRetriesPerRequest: 2,
      enableOfflineQueue: true,
      lazyConnect: false,
    });
  const prefix = options.prefix ?? 'heygate:router:';
  const retentionMs = String(options.retentionMs ?? 24 * 60 * 60 * 1000);
  const indexKey = `${prefix}health-index`;
  const keyOf = (account: string, operationClass: OperationClass) =>
    `${prefix}health:${operationClass}:${encodeURIComponent(account)}`;

  async function load(
    account: string,
    operationClass: OperationClass,
  ): Promise<VersionedHealthState | undefined> {
    const values = (await redis.eval(loadScript, 1, keyOf(account, operationClass))) as
      [string, string] | null;
    if (!values) return undefined;
    return { version: Number(values[0]), state: JSON.parse(values[1]) as HealthState };
  }

  return {
    load,

    async compareAndSet(account, operationClass, expectedVersion, state) {
      const member = `${operationClass}:${encodeURIComponent(account)}`;
      const written = await redis.eval(
        compareAndSetScript,
        2,
        keyOf(account, operationClass),
        indexKey,
        String(expectedVersion),
        JSON.stringify(state),
        retentionMs,
        member,
      );
      return written === 1;
    },

    async list(): Promise<readonly HealthEntry[]> {
      const members = await redis.smembers(indexKey);
      const entries: HealthEntry[] = [];
      for (const member of members) {
        const separator = member.indexOf(':');
        const operationClass = member.slice(0, separator) as OperationClass;
        if (!operationClasses.includes(operationClass)) continue;
        const account = decodeURIComponent(member.slice(separator + 1));
        const loaded = await load(account, operationClass);
        if (loaded) entries.push({ account, operationClass, state: loaded.state });
      }
      return entries;
    },

    async close() {
      if (owned) await redis.quit().catch(() => redis.disconnect());
    },
  };
}
