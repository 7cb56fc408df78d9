import type { FlowStore } from './flow-store.ts';
import { createPostgresFlowStore } from './postgres-flow-store.ts';
import { createSqliteFlowStore } from './sqlite-flow-store.ts';
import type { Store } from './store.ts';

/**
 * The flow store in the gateway store's own database (the tables of migration 8), so flows, runs and
 * connections live beside personas and the audit log and are shared by every process on that database.
 */
export function openFlowStore(store: Store): FlowStore {
  const connection = store.connection;
  if (connection?.kind === 'sqlite') return createSqliteFlowStore(connection.database);
  if (connection?.kind === 'postgres') return createPostgresFlowStore(connection.sql);
  throw new Error(
    `Flows need a SQLite or Postgres store; ${store.kind} store at ${store.location} has no connection.`,
  );
}
