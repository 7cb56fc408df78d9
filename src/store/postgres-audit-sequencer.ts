import type postgres from 'postgres';
import { auditHash } from './audit-hash.ts';
import { auditRow } from './audit-rows.ts';
import { StaleReadsError } from './errors.ts';
import type { AppendAuditOptions, AuditEntry, AuditRecord } from './store.ts';
import { wellFormedAuditEntry } from './well-formed-audit-entry.ts';

/** The chain's last record as this process last wrote or read it. */
interface Head {
  seq: number;
  hash: string;
}

interface Waiting {
  entry: AuditEntry;
  /** Whether the append waits for the database to flush the record to disk (`AppendAuditOptions.flush`). */
  flush: boolean;
  /** The change counter the call's reads belong to (`AppendAuditOptions.readsAsOf`), checked by the statement. */
  readsAsOf: number | undefined;
  resolve(record: AuditRecord): void;
  reject(error: unknown): void;
}

/** Most records one statement appends; a burst larger than this is written in several statements. */
const maxBatch = 256;
/** Compare-and-swap attempts before an append gives up (each lost attempt means another writer appended). */
const maxAttempts = 100;

/** The entries chained after `head`, in order. */
function chain(entries: readonly AuditEntry[], head: Head): AuditRecord[] {
  const records: AuditRecord[] = [];
  let previous = head;
  for (const entry of entries) {
    const unsigned = { ...wellFormedAuditEntry(entry), seq: previous.seq + 1, prevHash: previous.hash };
    const record: AuditRecord = { ...unsigned, hash: auditHash(unsigned) };
    records.push(record);
    previous = record;
  }
  return records;
}

/**
 * Appends to the one audit chain that every gateway process shares, without a lock held across round trips
 * (ADR 0055). Each append is one statement: it moves `audit_head` from the head this process knows to the
 * last new record (a compare-and-swap on `seq`) and inserts the records only when the head moved. When another
 * process appended first, nothing is written, the head is read again and the records are chained after it. Appends that arrive while a statement is in flight are written together by the next one (group
 * commit), so a busy process pays one round trip per burst, not per call. A record is returned only once its
 * statement has committed.
 */
export function createPostgresAuditSequencer(
  sql: postgres.Sql,
  /** A connection with `synchronous_commit = off`, for batches none of whose records asks to be flushed. */
  lazySql: postgres.Sql = sql,
): (entry: AuditEntry, options?: AppendAuditOptions) => Promise<AuditRecord> {
  let head: Head | undefined;
  const waiting: Waiting[] = [];
  let writing = false;

  async function readHead(): Promise<Head> {
    const [row] = await sql`SELECT seq, hash FROM audit_head WHERE id = 1`;
    return { seq: Number(row!.seq), hash: String(row!.hash) };
  }

  /**
   * Appends `entries` in one statement; `'stale'` when `readsAsOf` is set and the change counter no longer
   * stands there (nothing was appended).
   */
  async function appendBatch(
    entries: readonly AuditEntry[],
    flush: boolean,
    readsAsOf = -1,
  ): Promise<AuditRecord[] | 'stale'> {
    const writer = flush ? sql : lazySql;
    for (let attempt = 1; ; attempt += 1) {
      head ??= await readHead();
      const records = chain(entries, head);
      const last = records.at(-1)!;
      // On any error the head is forgotten: the statement may or may not have committed.
      const expected: Head = head;
      head = undefined;
      // When the swap fails, the same statement returns the head that won (a locking read sees the newest
      // version), so the next attempt needs no separate read. With `readsAsOf`, the swap also requires the
      // change counter to stand there, and the statement returns where it stands.
      const [outcome] = await writer`WITH moved AS (
          UPDATE audit_head SET seq = ${last.seq}, hash = ${last.hash} WHERE id = 1 AND seq = ${expected.seq}
            AND (${readsAsOf}::bigint < 0 OR (SELECT counter FROM store_changes WHERE id = 1) = ${readsAsOf}::bigint)
          RETURNING 1),
        inserted AS (
          INSERT INTO audit SELECT row.* FROM moved, jsonb_populate_recordset(NULL::audit, ${writer.json(records.map(auditRow))}) AS row
          RETURNING 1),
        winner AS (SELECT seq, hash FROM audit_head WHERE id = 1 AND NOT EXISTS (SELECT 1 FROM moved) FOR SHARE)
        SELECT (SELECT count(*) FROM inserted) AS inserted, winner.seq, winner.hash,
          CASE WHEN ${readsAsOf}::bigint < 0 THEN NULL ELSE (SELECT counter FROM store_changes WHERE id = 1) END AS counter
        FROM (SELECT 1) AS one LEFT JOIN winner ON true`;
      if (Number(outcome!.inserted) === records.length) {
        head = { seq: last.seq, hash: last.hash };
        return records;
      }
      if (outcome!.seq !== null) head = { seq: Number(outcome!.seq), hash: String(outcome!.hash) };
      if (outcome!.counter !== null && Number(outcome!.counter) !== readsAsOf) return 'stale';
      if (attempt >= maxAttempts)
        throw new Error(`audit append lost ${maxAttempts} races for the chain head`);
    }
  }

  /**
   * Writes one batch (whose checked entries all name the same counter); when it fails as a whole, each entry is
   * tried alone so one bad entry fails alone. When the counter moved, the checked entries are refused with
   * `StaleReadsError` and the rest written again.
   */
  async function write(batch: readonly Waiting[]): Promise<void> {
    try {
      const flush = batch.some((item) => item.flush);
      const readsAsOf = batch.find((item) => item.readsAsOf !== undefined)?.readsAsOf;
      const records = await appendBatch(
        batch.map((item) => item.entry),
        flush,
        readsAsOf,
      );
      if (records !== 'stale') return batch.forEach((item, index) => item.resolve(records[index]!));
      for (const item of batch) if (item.readsAsOf !== undefined) item.reject(new StaleReadsError());
      const unchecked = batch.filter((item) => item.readsAsOf === undefined);
      if (unchecked.length > 0) await write(unchecked);
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      for (const item of batch) await write([item]);
    }
  }

  /** The next batch: in order, up to `maxBatch` entries, the checked ones among them naming one counter. */
  function nextBatch(): Waiting[] {
    const batch: Waiting[] = [];
    let readsAsOf: number | undefined;
    for (let index = 0; index < waiting.length && batch.length < maxBatch;) {
      const item = waiting[index]!;
      if (item.readsAsOf !== undefined && readsAsOf !== undefined && item.readsAsOf !== readsAsOf) {
        index += 1;
        continue;
      }
      readsAsOf ??= item.readsAsOf;
      batch.push(...waiting.splice(index, 1));
    }
    return batch;
  }

  async function drain(): Promise<void> {
    writing = true;
    try {
      while (waiting.length > 0) await write(nextBatch());
    } finally {
      writing = false;
    }
  }

  return (entry, options) =>
    new Promise<AuditRecord>((resolve, reject) => {
      const { flush = true, readsAsOf } = options ?? {};
      waiting.push({ entry, flush, readsAsOf, resolve, reject });
      if (!writing) void drain();
    });
}
