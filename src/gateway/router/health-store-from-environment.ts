import type { HealthStore } from './health-store.ts';
import { createMemoryHealthStore } from './memory-health-store.ts';
import { createRedisHealthStore } from './redis-health-store.ts';

/**
 * The cooldown store the environment asks for: Redis when `HEYGATE_REDIS_URL` is set (shared by every
 * gateway process; `HEYGATE_REDIS_PREFIX` namespaces the keys), else in process.
 */
export function healthStoreFromEnvironment(
  env: Readonly<Record<string, string | undefined>> = process.env,
): HealthStore {
  const url = env.HEYGATE_REDIS_URL;
  if (!url) return createMemoryHealthStore();
  return createRedisHealthStore({
    url,
    ...(env.HEYGATE_REDIS_PREFIX ? { prefix: env.HEYGATE_REDIS_PREFIX } : {}),
  });
}
