/**
 * Reads a dotted path (`data.video_id`, `items.0.id`) from a JSON value; `undefined` when any step is missing.
 * Used for job ids in create results (`JobKind.resultIdPath`) and statuses (`JobKind.statusField`).
 */
export function getPath(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
