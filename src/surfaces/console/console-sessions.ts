import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Who a console session acts as: an admin persona (its token, re-checked on every request) or the operator. */
export type ConsoleIdentity = { kind: 'persona'; token: string } | { kind: 'operator' };

/** One signed-in browser. */
export interface ConsoleSession {
  /** Random id, the cookie's value (kept hashed as the map key). */
  id: string;
  identity: ConsoleIdentity;
  /** Per-session CSRF token, sent back by every form and script change. */
  csrf: string;
  createdAt: number;
  lastSeenAt: number;
  /** A secret to show once on the next page (a new persona token), then forgotten. */
  flash?: { title: string; secret: string };
  /** A notice for the next page (post/redirect/get). */
  notice?: { kind: 'ok' | 'error'; text: string };
}

/** Options of {@link createConsoleSessions}. */
export interface ConsoleSessionsOptions {
  /** Idle time after which a session ends (default 30 minutes). */
  idleMs?: number;
  /** Longest life of a session whatever its use (default 8 hours). */
  maxAgeMs?: number;
  clock?: { now(): number };
}

/** The console's sessions: in memory, so a restart signs every browser out (ADR 0050). */
export interface ConsoleSessions {
  create(identity: ConsoleIdentity): ConsoleSession;
  /** The live session of a cookie value; expired ones are dropped and answer undefined. */
  get(id: string | undefined): ConsoleSession | undefined;
  end(id: string | undefined): void;
  /** True when `token` is the session's CSRF token (constant time). */
  checkCsrf(session: ConsoleSession, token: string | undefined): boolean;
  readonly idleMs: number;
}

const hash = (value: string) => createHash('sha256').update(value).digest('hex');

/** Creates the in-memory session table of the console. */
export function createConsoleSessions(options: ConsoleSessionsOptions = {}): ConsoleSessions {
  const idleMs = options.idleMs ?? 30 * 60_000;
  const maxAgeMs = options.maxAgeMs ?? 8 * 3_600_000;
  const clock = options.clock ?? Date;
  const sessions = new Map<string, ConsoleSession>();

  function sweep(now: number): void {
    for (const [key, session] of sessions) {
      if (now - session.lastSeenAt > idleMs || now - session.createdAt > maxAgeMs) sessions.delete(key);
    }
  }

  return {
    idleMs,
    create(identity) {
      const now = clock.now();
      sweep(now);
      const session: ConsoleSession = {
        id: randomBytes(32).toString('base64url'),
        identity,
        csrf: randomBytes(24).toString('base64url'),
        createdAt: now,
        lastSeenAt: now,
      };
      sessions.set(hash(session.id), session);
      return session;
    },
    get(id) {
      if (!id) return undefined;
      const key = hash(id);
      const session = sessions.get(key);
      if (!session) return undefined;
      const now = clock.now();
      if (now - session.lastSeenAt > idleMs || now - session.createdAt > maxAgeMs) {
        sessions.delete(key);
        return undefined;
      }
      session.lastSeenAt = now;
      return session;
    },
    end(id) {
      if (id) sessions.delete(hash(id));
    },
    checkCsrf(session, token) {
      if (!token) return false;
      const expected = Buffer.from(session.csrf);
      const given = Buffer.from(token);
      return expected.length === given.length && timingSafeEqual(expected, given);
    },
  };
}
