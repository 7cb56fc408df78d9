import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { hashPersonaToken } from '../../gateway/persona-token.ts';
import { createConsoleSessionStore, type ConsoleSessionStore } from '../../store/console-session-store.ts';
import type { Store } from '../../store/store.ts';

/**
 * Who a console session acts as: an admin persona (its id and the SHA-256 of its token, re-checked on every
 * request) or the operator. The token itself is never kept.
 */
export type ConsoleIdentity =
  { kind: 'persona'; personaId: string; tokenHash: string } | { kind: 'operator' };

/** One signed-in browser. */
export interface ConsoleSession {
  /** Random id, the cookie's value (stored only as its SHA-256). */
  id: string;
  identity: ConsoleIdentity;
  /** Per-session CSRF token (derived from the id, so it is never stored), sent back by every form. */
  csrf: string;
  createdAt: number;
  lastSeenAt: number;
  /** A secret to show once on the next page (a new persona token): in this process's memory only, never stored. */
  flash?: { title: string; secret: string };
  /** A notice for the next page (post/redirect/get), in memory. */
  notice?: { kind: 'ok' | 'error'; text: string };
}

/** Options of {@link createConsoleSessions}. */
export interface ConsoleSessionsOptions {
  /** Where sessions live (the gateway's store, `console_sessions`): they survive a restart. */
  store: Store;
  /** Idle time after which a session ends (default 30 minutes). */
  idleMs?: number;
  /** Longest life of a session whatever its use (default 8 hours). */
  maxAgeMs?: number;
  clock?: { now(): number };
}

/** The console's sessions (ADR 0050, stored since ADR 0059). */
export interface ConsoleSessions {
  /** Starts a session; for an admin persona give its token (only its hash is kept). */
  create(
    identity: { kind: 'persona'; personaId: string; token: string } | { kind: 'operator' },
  ): Promise<ConsoleSession>;
  /** The live session of a cookie value; expired ones answer undefined. */
  get(id: string | undefined): Promise<ConsoleSession | undefined>;
  end(id: string | undefined): Promise<void>;
  /** True when `token` is the session's CSRF token (constant time). */
  checkCsrf(session: ConsoleSession, token: string | undefined): boolean;
  readonly idleMs: number;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const csrfOf = (id: string) => createHmac('sha256', id).update('heygate console csrf').digest('base64url');
const iso = (ms: number) => new Date(ms).toISOString();

/** Creates the session table of the console over the store. */
export function createConsoleSessions(options: ConsoleSessionsOptions): ConsoleSessions {
  const idleMs = options.idleMs ?? 30 * 60_000;
  const maxAgeMs = options.maxAgeMs ?? 8 * 3_600_000;
  const clock = options.clock ?? Date;
  let table: ConsoleSessionStore | undefined;
  const rows = () => (table ??= createConsoleSessionStore(options.store));
  /** Per-session state of this process (notice, one-time secret), by id hash; the stored row is the session. */
  const memory = new Map<string, ConsoleSession>();
  /** How often a session's last use is written (not on every request), well inside the idle limit. */
  const touchEveryMs = Math.min(60_000, idleMs / 10);
  const expiry = (createdAt: number, now: number) => iso(Math.min(now + idleMs, createdAt + maxAgeMs));

  function remember(hash: string, session: Omit<ConsoleSession, 'flash' | 'notice'>): ConsoleSession {
    const kept = memory.get(hash);
    if (kept) return Object.assign(kept, session);
    if (memory.size > 1000) memory.clear();
    memory.set(hash, session);
    return session;
  }

  return {
    idleMs,
    async create(who) {
      const now = clock.now();
      await rows().deleteExpired(iso(now));
      const id = randomBytes(32).toString('base64url');
      const identity: ConsoleIdentity =
        who.kind === 'operator'
          ? { kind: 'operator' }
          : { kind: 'persona', personaId: who.personaId, tokenHash: hashPersonaToken(who.token) };
      const hash = sha256(id);
      await rows().insert({
        idHash: hash,
        identity: JSON.stringify(identity),
        createdAt: iso(now),
        lastSeenAt: iso(now),
        expiresAt: expiry(now, now),
      });
      return remember(hash, { id, identity, csrf: csrfOf(id), createdAt: now, lastSeenAt: now });
    },
    async get(id) {
      if (!id) return undefined;
      const hash = sha256(id);
      const now = clock.now();
      const row = await rows().get(hash, iso(now));
      if (!row) {
        memory.delete(hash);
        return undefined;
      }
      const createdAt = Date.parse(row.createdAt);
      let lastSeenAt = Date.parse(row.lastSeenAt);
      if (now - lastSeenAt >= touchEveryMs) {
        lastSeenAt = now;
        await rows().touch(hash, iso(now), expiry(createdAt, now));
      }
      const identity = JSON.parse(row.identity) as ConsoleIdentity;
      return remember(hash, { id, identity, csrf: csrfOf(id), createdAt, lastSeenAt });
    },
    async end(id) {
      if (!id) return;
      const hash = sha256(id);
      memory.delete(hash);
      await rows().delete(hash);
    },
    checkCsrf(session, token) {
      if (!token) return false;
      const expected = Buffer.from(session.csrf);
      const given = Buffer.from(token);
      return expected.length === given.length && timingSafeEqual(expected, given);
    },
  };
}
