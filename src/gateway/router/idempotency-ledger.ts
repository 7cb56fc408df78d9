import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';
import type {
  LedgerAttempt,
  LedgerAttemptOutcome,
  LedgerRecord,
  RouterStore,
} from '../../store/router-store.ts';

/** Options of {@link createIdempotencyLedger}. */
export interface IdempotencyLedgerOptions {
  store: RouterStore;
  /** Time source (router clock). */
  clock?: { now(): number };
  /**
   * How long a call owns a pending record before another call may take it over (default 150 s: longer than
   * the client's 120 s write timeout, so a live owner is never overtaken).
   */
  leaseMs?: number;
  /**
   * How long a finished create is remembered (default 24 h, HeyGen's own Idempotency-Key replay window):
   * within it, the same persona calling the same tool with the same arguments and request key gets the first
   * job back. To render the same thing twice on purpose, pass a different idempotency key.
   */
  ttlMs?: number;
  /** Identifies this router instance in lease owners (default: random). */
  instanceId?: string;
}

/** What claiming a create gives the caller. */
export type LedgerClaim =
  /** This call owns the record: it may send (after reconciling `record.attempts`, if any are left open). */
  | { kind: 'owned'; handle: LedgerHandle }
  /** The create already happened: replay `record.result` instead of sending. */
  | { kind: 'replay'; record: LedgerRecord }
  /** Another call (maybe in another process) is working on it and its lease is live. */
  | { kind: 'busy'; record: LedgerRecord };

/** The owner's view of a ledger record; every change is a compare-and-set on the record's revision. */
export interface LedgerHandle {
  /** The record as last written by this handle. */
  readonly record: LedgerRecord;
  /** Records a new attempt before it is sent (so a crash after sending leaves a trace to reconcile). */
  addAttempt(account: string, stamp: Record<string, string>): Promise<number>;
  /** Sets the outcome of attempt `index`. */
  setOutcome(index: number, outcome: LedgerAttemptOutcome): Promise<void>;
  /** The create succeeded: remember the job so retries replay it. */
  complete(done: {
    result: unknown;
    account: string;
    fallbackFrom?: string;
    requestId?: string;
    costUsd?: number;
  }): Promise<void>;
  /** The outcome could not be established: keep the record so nothing is re-sent before it is. */
  markUnknown(): Promise<void>;
  /** Nothing was created: forget the record so a retry sends again. */
  release(): Promise<void>;
}

/** The ledger of non-repeatable creates. */
export interface IdempotencyLedger {
  /** The record key: sha256 of (persona, tool, canonical arguments, request key). */
  keyFor(persona: string, tool: string, input: unknown, requestKey: string | undefined): string;
  /** Claims the record for a create, or reports that it is done or busy. */
  claim(request: {
    key: string;
    persona: string;
    tool: string;
    requestKey: string | undefined;
  }): Promise<LedgerClaim>;
}

/** Lost the record to another owner (the lease expired while this call was still working). */
export class LedgerLeaseLostError extends Error {
  constructor(key: string) {
    super(`ledger record ${key.slice(0, 12)}… was taken over by another call`);
    this.name = 'LedgerLeaseLostError';
  }
}

/**
 * Remembers every paid create so it happens once. HeyGen honours `Idempotency-Key` on most v3 creates since May
 * 2026, but a key protects one account only, and some creates (video agents, AI clipping, video batches, speech)
 * have none: a retried request there renders and charges again. The ledger closes that gap on our side: a retry
 * by the router, the client or the agent itself finds the record and gets the first job back, whichever account
 * made it; an attempt whose answer was lost stays in the record until it is recovered (ADR 0018). Records are
 * claimed with an atomic insert and changed with compare-and-set, so concurrent identical calls in several
 * processes produce one job.
 */
export function createIdempotencyLedger(options: IdempotencyLedgerOptions): IdempotencyLedger {
  const { store } = options;
  const clock = options.clock ?? Date;
  const leaseMs = options.leaseMs ?? 150_000;
  const ttlMs = options.ttlMs ?? 24 * 60 * 60 * 1000;
  const instanceId =
    options.instanceId ?? createHash('sha256').update(String(Math.random())).digest('hex').slice(0, 12);
  let callSequence = 0;

  function createHandle(initial: LedgerRecord): LedgerHandle {
    let record = initial;
    const write = async (change: (current: LedgerRecord) => LedgerRecord): Promise<void> => {
      const next = change(structuredClone(record));
      next.revision = record.revision + 1;
      next.updatedAt = clock.now();
      if (!(await store.replaceLedger(next, record.revision))) throw new LedgerLeaseLostError(record.key);
      record = next;
    };
    return {
      get record() {
        return record;
      },
      async addAttempt(account, stamp) {
        const attempt: LedgerAttempt = { account, stamp, outcome: 'sent', at: clock.now() };
        await write((current) => ({
          ...current,
          leaseUntil: clock.now() + leaseMs,
          attempts: [...current.attempts, attempt],
        }));
        return record.attempts.length - 1;
      },
      async setOutcome(index, outcome) {
        await write((current) => {
          const attempts = current.attempts.map((attempt, position) =>
            position === index ? { ...attempt, outcome, at: clock.now() } : attempt,
          );
          return { ...current, attempts };
        });
      },
      async complete(done) {
        await write((current) => {
          const next: LedgerRecord = {
            ...current,
            status: 'done',
            leaseUntil: 0,
            result: done.result,
            account: done.account,
          };
          if (done.fallbackFrom !== undefined) next.fallbackFrom = done.fallbackFrom;
          if (done.requestId !== undefined) next.requestId = done.requestId;
          if (done.costUsd !== undefined) next.costUsd = done.costUsd;
          return next;
        });
      },
      async markUnknown() {
        await write((current) => ({ ...current, status: 'unknown', leaseUntil: 0 }));
      },
      async release() {
        await store.deleteLedger(record.key, record.revision);
      },
    };
  }

  return {
    keyFor(persona, tool, input, requestKey) {
      return createHash('sha256')
        .update([persona, tool, canonicalJson(input), requestKey ?? ''].join('\u0000'))
        .digest('hex');
    },

    async claim(request) {
      for (let round = 0; round < 8; round += 1) {
        const now = clock.now();
        callSequence += 1;
        const fresh: LedgerRecord = {
          key: request.key,
          persona: request.persona,
          tool: request.tool,
          requestKey: request.requestKey ?? 'derived',
          status: 'pending',
          owner: `${instanceId}:${callSequence}`,
          leaseUntil: now + leaseMs,
          attempts: [],
          revision: 1,
          createdAt: now,
          updatedAt: now,
          expiresAt: now + ttlMs,
        };
        if (await store.insertLedger(fresh)) return { kind: 'owned', handle: createHandle(fresh) };
        const existing = await store.getLedger(request.key);
        if (!existing) continue; // released between our insert and read: try again
        if (existing.expiresAt <= now) {
          await store.deleteLedger(existing.key, existing.revision);
          continue;
        }
        if (existing.status === 'done') return { kind: 'replay', record: existing };
        if (existing.status === 'pending' && existing.leaseUntil > now)
          return { kind: 'busy', record: existing };
        // A dead owner's pending record, or an unknown outcome: take it over. The new owner reconciles the
        // open attempts before sending anything.
        const takeover: LedgerRecord = {
          ...existing,
          status: 'pending',
          owner: fresh.owner,
          leaseUntil: now + leaseMs,
          revision: existing.revision + 1,
          updatedAt: now,
        };
        if (await store.replaceLedger(takeover, existing.revision))
          return { kind: 'owned', handle: createHandle(takeover) };
      }
      // Constant contention on one key: report it as busy rather than loop forever.
      const existing = await store.getLedger(request.key);
      if (existing) return { kind: 'busy', record: existing };
      throw new Error('idempotency ledger: could not claim a record');
    },
  };
}
