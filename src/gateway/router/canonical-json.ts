/**
 * Serialises a JSON value with object keys sorted at every level, so two inputs that differ only in key
 * order (or in `undefined` members, which JSON drops) give the same text. The idempotency ledger keys
 * requests by this text: an agent that retries a create with its arguments reordered must still get the
 * first job back, not a second render.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalise(value)) ?? 'null';
}

/** Rebuilds a value with sorted object keys; drops `undefined` members and functions like JSON does. */
function normalise(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : normalise(item)));
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return normalise((value as { toJSON(): unknown }).toJSON());
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const member = (value as Record<string, unknown>)[key];
    if (member === undefined || typeof member === 'function') continue;
    sorted[key] = normalise(member);
  }
  return sorted;
}
