/**
 * Readers for what `context.call('<v3 tool>', …)` hands back to a compatibility tool.
 *
 * HeyGen's v3 bodies are `{ data: {...} }` for single resources and `{ data: [...], has_more, next_token }` for
 * lists. The client unwraps the envelope, but a list keeps its cursor next to the items, so the compat layer
 * accepts every form a v3 result can reach it in: the unwrapped object, the still-wrapped body, a bare array,
 * or `{ items, has_more, next_token }`. Being liberal here keeps the translations independent of the exact
 * unwrapping rule of the client.
 */

/** A plain JSON object. */
export type JsonObject = Record<string, unknown>;

/** One page of a v3 list, normalised. */
export interface V3Page {
  /** The page's items (objects; anything else is dropped). */
  items: JsonObject[];
  /** True when HeyGen reports more items after this page. */
  hasMore: boolean;
  /** Cursor for the next page (`token` input of the list tool), or null at the end. */
  nextToken: string | null;
}

const envelopeKeys = new Set(['data', 'error', 'has_more', 'next_token', 'code', 'message', 'msg']);

/** True for a non-null, non-array object. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The resource object of a v3 result: `{ data: {...} }` (only envelope keys around it) is unwrapped, an
 * already-unwrapped object is returned as is, anything else becomes `{}`.
 */
export function readV3Object(result: unknown): JsonObject {
  if (!isJsonObject(result)) return {};
  if (isJsonObject(result.data) && Object.keys(result).every((key) => envelopeKeys.has(key)))
    return result.data;
  return result;
}

/** The items and cursor of a v3 list result, whatever form it arrives in. */
export function readV3Page(result: unknown): V3Page {
  const items = (values: unknown[]): JsonObject[] => values.filter(isJsonObject);
  if (Array.isArray(result)) return { items: items(result), hasMore: false, nextToken: null };
  if (!isJsonObject(result)) return { items: [], hasMore: false, nextToken: null };
  const list = Array.isArray(result.data) ? result.data : Array.isArray(result.items) ? result.items : [];
  const nextToken =
    typeof result.next_token === 'string' && result.next_token !== '' ? result.next_token : null;
  // Some v3 lists omit has_more and only send next_token; treat a cursor as "more".
  const hasMore =
    typeof result.has_more === 'boolean' ? result.has_more && nextToken !== null : nextToken !== null;
  return { items: items(list), hasMore, nextToken };
}

/** A string field of an object, or null. */
export function stringField(object: JsonObject | undefined, key: string): string | null {
  const value = object?.[key];
  return typeof value === 'string' ? value : null;
}

/** A numeric field of an object, or null. */
export function numberField(object: JsonObject | undefined, key: string): number | null {
  const value = object?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Drops keys whose value is `undefined`, so translated inputs carry only what the caller set. */
export function compact<T extends JsonObject>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}
