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
  const version = record.routing === undefined || record.routing === null ? 1 : 2;
  let json = '{';
  for (const field of version === 1 ? sortedFields : sortedFieldsV2) {
    json += `${JSON.stringify(field)}:${canonicalJson(field === 'v' ? version : record[field as keyof typeof record])},`;
  }
  json = `${json.slice(0, -1)}}`;
  return createHash('sha256').update(json).digest('hex');
}
