import type { Store } from './store.ts';
import { createMemoryRouterStore } from './memory-router-store.ts';
import { createPostgresRouterStore } from './postgres-router-store.ts';
import type { RouterStore } from './router-store.ts';
import { createSqliteRouterStore } from './sqlite-router-store.ts';

/**
 * The router's ledger and budgets in the gateway's own database (the SQL lives here, in store/, beside the
 * rest; the router only sees the {@link RouterStore} interface) (the `router_*` tables of migration 2), so
 * they survive restarts and are shared by every process on that database. A store without a connection
 * (a test double) gets an in-memory router store.
 */
export function openRouterStore(store: Store): RouterStore {
  const connection = store.connection;
  if (connection?.kind === 'sqlite') return createSqliteRouterStore({ database: connection.database });
  if (connection?.kind === 'postgres') return createPostgresRouterStore({ sql: connection.sql });
  return createMemoryRouterStore();
}
