import type { AuditKind, AuditRecord } from './store.ts';

/** A row of `audit` as either driver returns it, keyed by column. */
type AuditRow = Record<string, unknown>;

/** The columns of `audit`, in the order a record fills them. */
export const auditColumns = [
  'seq',
  'time',
  'user_name',
  'persona_id',
  'persona_name',
  'surface',
  'prompt',
  'tool',
  'account',
  'fallback_from',
  'arguments',
  'response',
  'error',
  'outcome',
  'request_id',
  'latency_ms',
  'credits',
  'routing',
  'kind',
  'context',
  'cost_usd',
  'prev_hash',
  'hash',
] as const;

/** A record as a row of `audit`, keyed by column (both stores write it; Postgres as JSON). */
export function auditRow(record: AuditRecord): Record<(typeof auditColumns)[number], string | number | null> {
  return {
    seq: record.seq,
    time: record.time,
    user_name: record.user,
    persona_id: record.personaId,
    persona_name: record.personaName,
    surface: record.surface,
    prompt: record.prompt,
    tool: record.tool,
    account: record.account,
    fallback_from: record.fallbackFrom,
    arguments: record.arguments,
    response: record.response,
    error: record.error,
    outcome: record.outcome,
    request_id: record.requestId,
    latency_ms: record.latencyMs,
    credits: record.credits,
    routing: record.routing ?? null,
    kind: record.kind ?? 'call',
    context: record.context ?? null,
    cost_usd: record.costUsd ?? null,
    prev_hash: record.prevHash,
    hash: record.hash,
  };
}

const text = (value: unknown): string | null =>
  value === null || value === undefined ? null : String(value);
const number = (value: unknown): number | null =>
  value === null || value === undefined ? null : Number(value);

/**
 * A row of `audit` read back as the record it was written from. `time` is the store's own conversion (SQLite
 * keeps the ISO text, Postgres a `timestamptz`); optional fields stay absent when empty, so the record hashes as
 * it did when written.
 */
export function auditFromRow(row: AuditRow, time: (value: unknown) => string): AuditRecord {
  const routing = text(row.routing);
  const context = text(row.context);
  const costUsd = number(row.cost_usd);
  return {
    seq: Number(row.seq),
    time: time(row.time),
    user: text(row.user_name),
    personaId: text(row.persona_id),
    personaName: text(row.persona_name),
    surface: String(row.surface),
    prompt: text(row.prompt),
    tool: String(row.tool),
    account: text(row.account),
    fallbackFrom: text(row.fallback_from),
    arguments: text(row.arguments),
    response: text(row.response),
    error: text(row.error),
    outcome: row.outcome as AuditRecord['outcome'],
    requestId: text(row.request_id),
    latencyMs: Number(row.latency_ms),
    credits: number(row.credits),
    ...(routing === null ? {} : { routing }),
    ...(row.kind === 'admin' || row.kind === 'intent' ? { kind: row.kind as AuditKind } : {}),
    ...(context === null ? {} : { context }),
    ...(costUsd === null ? {} : { costUsd }),
    prevHash: String(row.prev_hash),
    hash: String(row.hash),
  };
}
