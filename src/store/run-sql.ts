import type { SQLInputValue } from 'node:sqlite';
import type { Store } from './store.ts';

/** Runs one statement with `?` placeholders on either store and returns its rows (RETURNING included). */
export type RunSql = (
  sql: string,
  values: readonly (string | number | null)[],
) => Promise<Record<string, unknown>[]>;

/**
 * The statement runner of the database behind `store`, for stores that keep small tables of their own (jobs,
 * console sessions): `?` placeholders become `$n` on Postgres. `what` names the caller in the error thrown by a
 * store without a connection.
 */
export function createRunSql(store: Store, what: string): RunSql {
  const connection = store.connection;
  if (!connection) throw new Error(`${what} need a store with a database connection (SQLite or Postgres).`);
  if (connection.kind === 'sqlite') {
    const db = connection.database;
    return async (sql, values) => {
      const statement = db.prepare(sql);
      const args = values as SQLInputValue[];
      if (/^\s*select\b|\breturning\b/i.test(sql)) return statement.all(...args) as Record<string, unknown>[];
      statement.run(...args);
      return [];
    };
  }
  const { sql: postgres } = connection;
  return async (text, values) => {
    let n = 0;
    return (await postgres.unsafe(
      text.replace(/\?/g, () => `$${++n}`),
      values as never[],
    )) as unknown as Record<string, unknown>[];
  };
}
