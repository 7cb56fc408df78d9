import type { AuditEntry } from './store.ts';

/** The text columns of an audit entry (JSON columns included: they are text too). */
const textFields = [
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
  'routing',
  'kind',
  'context',
] as const satisfies readonly (keyof AuditEntry)[];

/** True when the text can be stored and read back exactly as hashed. */
function storable(text: string): boolean {
  return text.isWellFormed() && !text.includes('\u0000');
}

/**
 * The entry with every text field made storable, so that what is hashed is exactly what every store keeps:
 * a lone UTF-16 surrogate becomes U+FFFD (UTF-8 cannot encode it, so both stores would read back a different
 * string and the record would fail verification), and so does U+0000 (Postgres `text` refuses it, which
 * would fail the append). Entries that need no change are returned as they are (the common case).
 */
export function wellFormedAuditEntry<T extends AuditEntry>(entry: T): T {
  let copy: T | undefined;
  for (const field of textFields) {
    const value = entry[field];
    if (typeof value !== 'string' || storable(value)) continue;
    copy ??= { ...entry };
    (copy as Record<string, unknown>)[field] = value.toWellFormed().replaceAll('\u0000', '\uFFFD');
  }
  return copy ?? entry;
}
