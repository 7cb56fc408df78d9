import type { Store } from './store.ts';
import { createRunSql } from './run-sql.ts';

/**
 * One signed-in console browser (issue 16): the `console_sessions` table of migration 10. Only the SHA-256 of the
 * cookie's session id is stored, and for an admin persona the SHA-256 of its token, so a copy of the database
 * opens no session.
 */
export interface ConsoleSessionRow {
  /** SHA-256 (hex) of the session id the cookie carries. */
  idHash: string;
  /** Who the session acts as, as JSON (`{"kind":"operator"}` or `{"kind":"persona","personaId","tokenHash"}`). */
  identity: string;
  createdAt: string;
  lastSeenAt: string;
  /** When it ends unless used again (idle limit), capped by its longest life. */
  expiresAt: string;
}

/** Storage of console sessions. */
export interface ConsoleSessionStore {
  insert(row: ConsoleSessionRow): Promise<void>;
  /** The session, unless it expired by `now` (ISO). */
  get(idHash: string, now: string): Promise<ConsoleSessionRow | undefined>;
  /** Records a use: a new last-seen time and expiry. */
  touch(idHash: string, lastSeenAt: string, expiresAt: string): Promise<void>;
  delete(idHash: string): Promise<void>;
  /** Deletes the sessions expired by `now`; returns how many. */
  deleteExpired(now: string): Promise<number>;
}

/** The session store on the database behind `store` (SQLite or Postgres). */
export function createConsoleSessionStore(store: Store): ConsoleSessionStore {
  const run = createRunSql(store, 'Console sessions');
  return {
    async insert(row) {
      await run(
        'INSERT INTO console_sessions (id_hash, identity, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)',
        [row.idHash, row.identity, row.createdAt, row.lastSeenAt, row.expiresAt],
      );
    },
    async get(idHash, now) {
      const [row] = await run('SELECT * FROM console_sessions WHERE id_hash = ? AND expires_at > ?', [
        idHash,
        now,
      ]);
      if (!row) return undefined;
      return {
        idHash: String(row.id_hash),
        identity: String(row.identity),
        createdAt: String(row.created_at),
        lastSeenAt: String(row.last_seen_at),
        expiresAt: String(row.expires_at),
      };
    },
    async touch(idHash, lastSeenAt, expiresAt) {
      await run('UPDATE console_sessions SET last_seen_at = ?, expires_at = ? WHERE id_hash = ?', [
        lastSeenAt,
        expiresAt,
        idHash,
      ]);
    },
    async delete(idHash) {
      await run('DELETE FROM console_sessions WHERE id_hash = ?', [idHash]);
    },
    async deleteExpired(now) {
      return (await run('DELETE FROM console_sessions WHERE expires_at <= ? RETURNING id_hash', [now]))
        .length;
    },
  };
}
