import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import postgres from 'postgres';
import { createPostgresStore } from './postgres-store.ts';
import { createSqliteStore } from './sqlite-store.ts';
import type { Store } from './store.ts';

/** A fresh, empty database for one test, plus the handles a test needs around it. */
export interface StoreFixture {
  store: Store;
  /** Opens the same database again, as a second heygate process would. */
  reopen(): Promise<Store>;
  /** Runs raw SQL against the database, bypassing the store (to play an attacker editing the audit log). */
  raw(sql: string): Promise<void>;
  /**
   * Everything the database holds, as text: the raw bytes of the SQLite file and its WAL, or every row of
   * every table in the Postgres schema — for tests that grep the database for secrets.
   */
  dump(): Promise<string>;
  /** Environment that makes `openStore` open this same database (`HEYGATE_HOME` or `HEYGATE_DATABASE_URL`). */
  env: Record<string, string>;
  /** Closes everything and deletes the database (file or schema). */
  cleanup(): Promise<void>;
}

/** One store implementation the shared suites run against. */
export interface StoreTestTarget {
  name: 'sqlite' | 'postgres';
  /** False when the database is unreachable and not required (the suite is skipped with `reason`). */
  enabled: boolean;
  /** Why the target is skipped. */
  reason?: string;
  create(): Promise<StoreFixture>;
}

/** Connection URL candidates for the test Postgres (trust auth on 127.0.0.1, database `test`). */
function postgresUrls(env: Record<string, string | undefined>): string[] {
  if (env.HEYGATE_TEST_DATABASE_URL) return [env.HEYGATE_TEST_DATABASE_URL];
  return ['postgres://postgres@127.0.0.1:5432/test', `postgres://${userInfo().username}@127.0.0.1:5432/test`];
}

async function probe(url: string): Promise<string | undefined> {
  const sql = postgres(url, { max: 1, connect_timeout: 3, idle_timeout: 1, onnotice: () => {} });
  try {
    await sql`SELECT 1`;
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

function sqliteTarget(): StoreTestTarget {
  return {
    name: 'sqlite',
    enabled: true,
    async create() {
      const home = mkdtempSync(join(tmpdir(), 'heygate-store-'));
      const path = join(home, 'heygate.db');
      const opened: Store[] = [];
      const open = () => {
        const store = createSqliteStore({ path });
        opened.push(store);
        return store;
      };
      return {
        store: open(),
        reopen: async () => open(),
        async raw(sql) {
          const database = new DatabaseSync(path);
          try {
            database.exec('PRAGMA busy_timeout = 5000');
            database.exec(sql);
          } finally {
            database.close();
          }
        },
        async dump() {
          return [path, `${path}-wal`, `${path}-shm`]
            .filter((file) => existsSync(file))
            .map((file) => readFileSync(file).toString('latin1'))
            .join('\n');
        },
        env: { HEYGATE_HOME: home },
        async cleanup() {
          for (const store of opened) await store.close();
          rmSync(home, { recursive: true, force: true });
        },
      };
    },
  };
}

/**
 * The stores the shared suites run against: SQLite always; Postgres when reachable at 127.0.0.1:5432
 * (database `test`), each fixture in its own schema that is dropped afterwards. With
 * `HEYGATE_REQUIRE_POSTGRES=1` an unreachable Postgres is not skipped: its fixtures fail to open.
 */
export async function storeTestTargets(
  env: Record<string, string | undefined> = process.env,
): Promise<StoreTestTarget[]> {
  const required = env.HEYGATE_REQUIRE_POSTGRES === '1';
  let url: string | undefined;
  const failures: string[] = [];
  for (const candidate of postgresUrls(env)) {
    const failure = await probe(candidate);
    if (failure === undefined) {
      url = candidate;
      break;
    }
    failures.push(failure);
  }
  const chosen = url ?? postgresUrls(env)[0]!;
  const reason = url
    ? undefined
    : `Postgres unreachable at 127.0.0.1:5432/test (${failures.at(-1)}); set HEYGATE_REQUIRE_POSTGRES=1 to fail instead`;
  const postgresTarget: StoreTestTarget = {
    name: 'postgres',
    enabled: url !== undefined || required,
    ...(reason ? { reason } : {}),
    async create() {
      const schema = `heygate_test_${process.pid}_${randomBytes(4).toString('hex')}`;
      const opened: Store[] = [];
      const open = async () => {
        const store = await createPostgresStore({ url: chosen, schema, max: 4 });
        opened.push(store);
        return store;
      };
      const store = await open();
      const admin = postgres(chosen, { max: 1, onnotice: () => {}, connection: { search_path: schema } });
      return {
        store,
        reopen: open,
        async raw(sql) {
          await admin.unsafe(sql);
        },
        async dump() {
          const tables =
            await admin`SELECT table_name FROM information_schema.tables WHERE table_schema = ${schema}`;
          const parts: string[] = [];
          for (const { table_name: table } of tables) {
            const rows = await admin.unsafe(`SELECT * FROM "${schema}"."${String(table)}"`);
            parts.push(`${String(table)}: ${JSON.stringify(rows)}`);
          }
          return parts.join('\n');
        },
        env: { HEYGATE_DATABASE_URL: chosen, HEYGATE_DATABASE_SCHEMA: schema },
        async cleanup() {
          for (const each of opened) await each.close();
          await admin.unsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
          await admin.end({ timeout: 1 });
        },
      };
    },
  };
  if (reason && !required) console.warn(`[heygate tests] skipping Postgres store suites: ${reason}`);
  return [sqliteTarget(), postgresTarget];
}
