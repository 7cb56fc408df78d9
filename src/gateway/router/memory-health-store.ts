import type { HealthEntry, HealthState, HealthStore, VersionedHealthState } from './health-store.ts';
import type { OperationClass } from './operation-class.ts';

/**
 * Health state in this process only: the default when no Redis is configured. One gateway process sees
 * its own 429s; a second process would learn about a cooldown from its own 429 (see the Redis store).
 */
export function createMemoryHealthStore(): HealthStore {
  const states = new Map<
    string,
    { account: string; operationClass: OperationClass } & VersionedHealthState
  >();
  const keyOf = (account: string, operationClass: OperationClass) => `${operationClass}\u0000${account}`;

  return {
    async load(account, operationClass) {
      const entry = states.get(keyOf(account, operationClass));
      return entry ? { state: entry.state, version: entry.version } : undefined;
    },
    async compareAndSet(account, operationClass, expectedVersion, state: HealthState) {
      const key = keyOf(account, operationClass);
      const current = states.get(key)?.version ?? 0;
      if (current !== expectedVersion) return false;
      states.set(key, { account, operationClass, state: { ...state }, version: current + 1 });
      return true;
    },
    async list(): Promise<readonly HealthEntry[]> {
      return [...states.values()].map(({ account, operationClass, state }) => ({
        account,
        operationClass,
        state,
      }));
    },
    async close() {},
  };
}
