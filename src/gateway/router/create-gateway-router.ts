import type { ToolDefinition } from '../../catalog/define-tool.ts';
import type { PriceTable } from '../../catalog/price-table.ts';
import type { Store } from '../../store/store.ts';
import { createRouter, type Router, type RouterOptions } from './create-router.ts';
import { healthStoreFromEnvironment } from './health-store-from-environment.ts';
import { openRouterStore } from './open-router-store.ts';

/** Options of {@link createGatewayRouter}: what the gateway knows, plus router tunables. */
export interface GatewayRouterOptions extends Partial<
  Omit<RouterOptions, 'accounts' | 'tools' | 'store' | 'prices'>
> {
  /** Every account in default routing order (`default` first). */
  accounts: () => Promise<readonly string[]>;
  /** The catalog (the list tools that reconcile creates are found in it). */
  tools: readonly ToolDefinition[];
  /** The gateway's store: the router keeps its ledger and budgets in the same database. */
  store: Store;
  /** The prices in force. */
  prices?: () => PriceTable;
  /**
   * Environment: `HEYGATE_REDIS_URL` shares cooldowns across processes through Redis
   * (`HEYGATE_REDIS_PREFIX` namespaces the keys). Ignored when `health` is given. Default `process.env`.
   */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The full router wired to a gateway: ledger and budgets in the gateway's database, cooldowns in process or
 * in Redis. `createGateway` uses it unless given another router.
 */
export function createGatewayRouter(options: GatewayRouterOptions): Router {
  const { accounts, tools, store, env, prices, ...tunables } = options;
  return createRouter({
    ...tunables,
    accounts,
    tools,
    ...(prices ? { prices } : {}),
    store: openRouterStore(store),
    health: tunables.health ?? healthStoreFromEnvironment(env ?? process.env),
  });
}
