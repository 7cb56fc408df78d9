import { auditHash, genesisHash } from './audit-hash.ts';
import type { Store } from './store.ts';

/** One problem found in the audit chain. */
export interface AuditChainProblem {
  /**
   * `changed`: the record's content no longer matches its hash; `missing`: records in `seq`…`toSeq` were
   * deleted; `broken-link`: the record's `prevHash` is not the previous record's hash; `head-mismatch`: the
   * newest record is not the one the chain head recorded (newest records deleted or replaced).
   */
  kind: 'changed' | 'missing' | 'broken-link' | 'head-mismatch';
  /** The record concerned (first missing seq for `missing`). */
  seq: number;
  /** Last missing seq for `missing`. */
  toSeq?: number;
  /** Human description. */
  message: string;
}

/** Result of {@link verifyAuditChain}. */
export interface AuditChainReport {
  ok: boolean;
  /** Records checked. */
  records: number;
  /** Seq and hash the chain head records (publish the hash to anchor the log externally). */
  head: { seq: number; hash: string };
  problems: AuditChainProblem[];
  /**
   * Intent records no call record names (ADR 0017): calls sent to HeyGen whose outcome was never recorded — the
   * process died or the store failed after the send — or that are still running. Not a chain problem: the chain
   * holds the call; look its job up (the intent has the arguments as sent and the Idempotency-Key). Ascending,
   * at most 1,000 listed.
   */
  openIntents: number[];
}

/** Options of {@link verifyAuditChain}. */
export interface VerifyAuditChainOptions {
  /** Records read per query (default 1000). */
  batchSize?: number;
  /** Stop after this many problems (default 100). */
  maxProblems?: number;
}

/**
 * Walks the whole audit log in seq order and recomputes every hash: a changed record fails its own hash,
 * a deleted one leaves a gap in seq and a broken `prevHash` link, and deleting the newest records is caught
 * by the separately stored chain head. (Rewriting the entire chain and the head is only detectable against
 * a head hash kept elsewhere — ADR 0005.)
 */
export async function verifyAuditChain(
  store: Store,
  options: VerifyAuditChainOptions = {},
): Promise<AuditChainReport> {
  const batchSize = options.batchSize ?? 1000;
  const maxProblems = options.maxProblems ?? 100;
  const problems: AuditChainProblem[] = [];
  const head = (await store.getAuditHead()) ?? { seq: 0, hash: genesisHash };
  let previous = { seq: 0, hash: genesisHash };
  let records = 0;
  const intents = new Set<number>();
  const report = (ok: boolean) => ({ ok, records, head, problems, openIntents: [...intents].slice(0, 1000) });

  for (;;) {
    const batch = await store.scanAudit(previous.seq, batchSize);
    for (const record of batch) {
      records += 1;
      if (record.seq !== previous.seq + 1) {
        problems.push({
          kind: 'missing',
          seq: previous.seq + 1,
          toSeq: record.seq - 1,
          message:
            record.seq - 1 === previous.seq + 1
              ? `record ${previous.seq + 1} was deleted`
              : `records ${previous.seq + 1}–${record.seq - 1} were deleted`,
        });
      } else if (record.prevHash !== previous.hash) {
        problems.push({
          kind: 'broken-link',
          seq: record.seq,
          message: `record ${record.seq} does not link to record ${previous.seq} (prevHash differs)`,
        });
      }
      const { hash, ...unsigned } = record;
      if (auditHash(unsigned) !== hash) {
        problems.push({
          kind: 'changed',
          seq: record.seq,
          message: `record ${record.seq} was modified after it was written`,
        });
      }
      if (record.kind === 'intent') intents.add(record.seq);
      else if (record.context) intents.delete(intentOf(record.context) ?? -1);
      previous = { seq: record.seq, hash: record.hash };
      if (problems.length >= maxProblems) return report(false);
    }
    if (batch.length < batchSize) break;
  }

  if (head.seq !== previous.seq || head.hash !== previous.hash) {
    problems.push(
      head.seq > previous.seq
        ? {
            kind: 'missing',
            seq: previous.seq + 1,
            toSeq: head.seq,
            message:
              head.seq === previous.seq + 1
                ? `record ${head.seq} (the newest) was deleted`
                : `records ${previous.seq + 1}–${head.seq} (the newest) were deleted`,
          }
        : {
            kind: 'head-mismatch',
            seq: previous.seq,
            message: `the newest record ${previous.seq} is not the one the chain head recorded (head: ${head.seq})`,
          },
    );
  }
  return report(problems.length === 0);
}

/** The intent a call record names in its context (`{"intent": seq}`), if any. */
function intentOf(context: string): number | undefined {
  try {
    const value = (JSON.parse(context) as { intent?: unknown } | null)?.intent;
    return typeof value === 'number' ? value : undefined;
  } catch {
    return undefined;
  }
}
