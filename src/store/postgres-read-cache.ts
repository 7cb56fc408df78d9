import type postgres from 'postgres';
import type { RememberedReads, StoreReads } from './store.ts';

/** Most reads remembered at once (unknown tokens are remembered too); past it, the cache starts over. */
const maxRemembered = 10_000;

/** What the cache remembers between calls, all read while the change counter stood at `counter`. */
interface Remembered {
  counter: number;
  values: Map<string, Promise<unknown>>;
}

/**
 * Persona and account reads served from this process's memory, as fresh as the database (ADR 0060).
 *
 * Every change to `personas` or `accounts` moves `store_changes.counter` in its own transaction (a statement
 * trigger, migration 9). `freshReads()` reads the counter with a query issued after it was called; when the
 * counter moved, everything remembered is dropped. So a change committed by any process before `freshReads()`
 * was called — a revocation, a new key — is seen by the reads it returns. Calls that ask while a counter read
 * is in flight share the next one, so a busy process pays one small query per round trip, not per call.
 *
 * `remembered()` skips the counter read: its reads belong to the last counter value read, and a call using them
 * has its audit record appended only if the counter still stands there (ADR 0062).
 */
export function createPostgresReadCache(
  sql: postgres.Sql,
  reads: StoreReads,
): { fresh(): Promise<StoreReads>; remembered(): RememberedReads | undefined; forget(): void } {
  let remembered: Remembered = { counter: -1, values: new Map() };
  let running: Promise<number> | undefined;
  let queued: Promise<number> | undefined;

  function readCounter(): Promise<number> {
    const reading = sql`SELECT counter FROM store_changes WHERE id = 1`.then((rows) =>
      Number(rows[0]!.counter),
    );
    running = reading;
    const settled = () => {
      if (running === reading) running = undefined;
    };
    reading.then(settled, settled);
    return reading;
  }

  /** The counter as read by a query issued after this call (one in flight at a time). */
  function counterNow(): Promise<number> {
    if (!running) return readCounter();
    queued ??= running
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        return readCounter();
      });
    return queued;
  }

  /** Reads through the cache while it still belongs to `counter`; a read that fails is not remembered. */
  function remember<T>(counter: number, key: string, read: () => Promise<T>): Promise<T> {
    const current = remembered;
    if (current.counter !== counter) return read();
    const known = current.values.get(key) as Promise<T> | undefined;
    if (known) return known;
    const value = read();
    if (current.values.size >= maxRemembered) current.values.clear();
    current.values.set(key, value);
    value.catch(() => current.values.delete(key));
    return value;
  }

  /** The reads as of `counter`: remembered ones, or read and remembered while the cache belongs to it. */
  function readsAt(counter: number): StoreReads {
    return {
      getPersona: (id) => remember(counter, `persona:${id}`, () => reads.getPersona(id)),
      getPersonaByTokenHash: (hash) =>
        remember(counter, `token:${hash}`, () => reads.getPersonaByTokenHash(hash)),
      listAccounts: () => remember(counter, 'accounts', () => reads.listAccounts()),
      getAccount: (name) => remember(counter, `account:${name}`, () => reads.getAccount(name)),
    };
  }

  return {
    async fresh() {
      const counter = await counterNow();
      // A newer counter replaces what is remembered; an older one (a slower call) reads the database directly.
      if (counter > remembered.counter) remembered = { counter, values: new Map() };
      return readsAt(counter);
    },
    /** Drops everything remembered: the next call reads the counter again (after a change of this process). */
    forget() {
      remembered = { counter: -1, values: new Map() };
    },
    remembered() {
      // A row read now may be newer than the counter it is remembered under; the append's check catches that
      // (the counter moved), and the next `fresh()` drops it.
      const { counter } = remembered;
      return counter < 0 ? undefined : { reads: readsAt(counter), asOf: counter };
    },
  };
}
