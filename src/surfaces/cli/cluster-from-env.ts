import type { Gateway } from '../../gateway/gateway.ts';
import type { RedisCluster } from '../http/redis-cluster.ts';

/**
 * This process's membership of the cluster of gateway processes sharing one Redis (ADRs 0056, 0061), when
 * `HEYGATE_REDIS_URL` is set; the Redis client is loaded only then. `sessionTtlMs`: how long a shared MCP session
 * lives after its last use.
 */
export async function clusterFromEnv(
  gateway: Gateway,
  env: Record<string, string | undefined>,
  sessionTtlMs: number,
): Promise<RedisCluster | undefined> {
  if (!env.HEYGATE_REDIS_URL) return undefined;
  const { openRedisCluster } = await import('../http/redis-cluster.ts');
  return openRedisCluster({
    gateway,
    url: env.HEYGATE_REDIS_URL,
    prefix: env.HEYGATE_REDIS_PREFIX,
    sessionTtlMs,
  });
}
