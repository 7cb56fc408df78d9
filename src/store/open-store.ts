import { join } from 'node:path';
import type { Store } from './store.ts';

/** Options of {@link openStore}. */
export interface OpenStoreOptions {
  /** `$HEYGATE_HOME`: the SQLite file is `heygate.db` in it. */
  home: string;
  /**
   * Environment: `HEYGATE_DATABASE_URL` selects Postgres (`HEYGATE_DATABASE_SCHEMA` its schema);
   * `HEYGATE_SQLITE_SYNCHRONOUS=full` makes SQLite fsync every commit (default `normal`, ADR 0005);
   * `HEYGATE_POSTGRES_SYNC_COMMIT=on` makes Postgres flush every audit record before the call returns
   * (default `changes`: records of calls that changed something at HeyGen, intents and admin actions; ADR 0060).
   */
  env?: Record<string, string | undefined>;
}

/** Opens the configured store: Postgres when `HEYGATE_DATABASE_URL` is set, else SQLite in `$HEYGATE_HOME`. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const env = options.env ?? process.env;
  if (env.HEYGATE_DATABASE_URL) {
    // Loaded only when configured: the Postgres driver is not needed (nor paid for at start-up) on SQLite.
    const { createPostgresStore } = await import('./postgres-store.ts');
    return createPostgresStore({
      url: env.HEYGATE_DATABASE_URL,
      ...(env.HEYGATE_DATABASE_SCHEMA ? { schema: env.HEYGATE_DATABASE_SCHEMA } : {}),
      synchronousCommit: env.HEYGATE_POSTGRES_SYNC_COMMIT?.toLowerCase() === 'on' ? 'on' : 'changes',
    });
  }
  const synchronous = env.HEYGATE_SQLITE_SYNCHRONOUS?.toLowerCase() === 'full' ? 'full' : 'normal';
  // Loaded on demand too: `node:sqlite` is needed only to open a store, so the catalog, client, emulator and
  // surfaces import on a Node without it (ADR 0038).
  const { createSqliteStore } = await import('./sqlite-store.ts');
  return createSqliteStore({ path: join(options.home, 'heygate.db'), synchronous });
}
