import type { AuditEntry } from './store.ts';

/** True when the text can be stored and read back exactly as hashed. */
function storable(text: string): boolean {
  return text.isWellFormed() && !text.includes('\u0000');
}

/**
 * The entry with every text field (columns and JSON alike) made storable, so that what is hashed is exactly what every store keeps:
 * a lone UTF-16 surrogate becomes U+FFFD (UTF-8 cannot encode it, so both stores would read back a different
 * string and the record would fail verification), and so does U+0000 (Postgres `text` refuses it, which
 * would fail the append). Entries that need no change are returned as they are (the common case).
 */
export function wellFormedAuditEntry<T extends AuditEntry>(entry: T): T {
  let copy: Record<string, unknown> | undefined;
  for (const [field, value] of Object.entries(entry)) {
    if (typeof value !== 'string' || storable(value)) continue;
    copy ??= { ...entry } as Record<string, unknown>;
    copy[field] = value.toWellFormed().replaceAll('\u0000', '\uFFFD');
  }
  return (copy as T | undefined) ?? entry;
}
