import { createHash } from 'node:crypto';
import type { AuditRecord } from './store.ts';

/** `prevHash` of the first record. */
export const genesisHash = '0'.repeat(64);

/**
 * The fields covered by a record's hash, in a fixed list: a column added by a later migration does not
 * silently change old hashes (it would get its own chain version).
 */
const hashedFields = [
  'seq',
  'time',
  'user',
  'personaId',
  'personaName',
  'surface',
  'prompt',
  'tool',
  'account',
  'fallbackFrom',
  'arguments',
  'response',
  'error',
  'outcome',
  'requestId',
  'latencyMs',
  'credits',
  'prevHash',
] as const satisfies readonly (keyof AuditRecord)[];

/** Sorts field names the way `canonicalJson` sorts object keys. */
const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The hashed field names plus the chain version `v`, in canonical (sorted) order (chain version 1). */
const sortedFields: readonly string[] = ['v', ...hashedFields].sort(byCodeUnit);

/**
 * Chain version 2: version 1's fields plus `routing` (migration 3). Used only for records that carry routing,
 * so records written before the column existed, and unrouted ones, keep their version-1 hashes.
 */
const sortedFieldsV2: readonly string[] = ['v', ...hashedFields, 'routing'].sort(byCodeUnit);

/**
 * Chain version 3: version 2's fields plus `kind`, `context` and `costUsd` (migration 4). Used only for records
 * that carry one of them (an admin action, a call in a flow run or task, a cost in USD), so every record written
 * before keeps its version-1 or version-2 hash.
 */
const sortedFieldsV3: readonly string[] = [
  'v',
  ...hashedFields,
  'routing',
  'kind',
  'context',
  'costUsd',
].sort(byCodeUnit);

/** The chain version of a record: the oldest whose fields cover everything it carries. */
function chainVersion(record: Omit<AuditRecord, 'hash'>): 1 | 2 | 3 {
  const present = (value: unknown) => value !== undefined && value !== null;
  if (
    (record.kind !== undefined && record.kind !== 'call') ||
    present(record.context) ||
    present(record.costUsd)
  )
    return 3;
  return present(record.routing) ? 2 : 1;
}

const fieldsByVersion = { 1: sortedFields, 2: sortedFieldsV2, 3: sortedFieldsV3 } as const;

/**
 * Canonical JSON: object keys sorted, no whitespace, `undefined` as `null`. Stable across processes and
 * stores, so a record read back from SQLite or Postgres hashes to the same value it was written with.
 */
export function canonicalJson(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Hash of an audit record: SHA-256 (hex) of the canonical JSON of its fields, which include the previous
 * record's hash — so changing any record, or removing one, breaks every later link (ADR 0005).
 */
export function auditHash(record: Omit<AuditRecord, 'hash'>): string {
  // Equivalent to canonicalJson({ v, ...fields }) for these flat scalar fields, without sorting per call.
  const version = chainVersion(record);
  let json = '{';
  for (const field of fieldsByVersion[version]) {
    const value =
      field === 'v'
        ? version
        : field === 'kind'
          ? (record.kind ?? 'call')
          : record[field as keyof typeof record];
    json += `${JSON.stringify(field)}:${canonicalJson(value)},`;
  }
  json = `${json.slice(0, -1)}}`;
  return createHash('sha256').update(json).digest('hex');
}
