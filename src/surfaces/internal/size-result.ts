import { InvalidInputError } from '../../catalog/errors.ts';
import type { ToolDefinition } from '../../catalog/define-tool.ts';
import { isJsonObject } from './json-schema.ts';
import { toolInputJsonSchema } from './tool-input-json-schema.ts';

/**
 * Largest default result an agent receives, in characters of compact JSON. Lists of ids, URLs and short names
 * run at ~2.5 characters per o200k token (bench/result-tokens.ts measured 2.5–3.0), so 9,600 characters stay
 * under the 4,000-token budget of issue 12 and one call leaves the context window for the work.
 */
export const maxResultCharacters = 9_600;

/** The sizing options an agent may add to any tool's arguments (announced once, like `max_wait_seconds`). */
export interface ResultSizing {
  /** `full: true`: the whole result, however large. */
  full?: boolean;
  /** Keep only these fields of each listed item (e.g. `["voice_id", "name"]`). */
  fields?: string[];
  /** Continue a truncated result: the `result_cursor` of its `_truncated` marker. */
  resultCursor?: string;
}

/** The names of the sizing options in tool arguments. */
export const resultSizingFields = ['full', 'fields', 'result_cursor'] as const;

/**
 * Takes the sizing options out of a tool's arguments (those the tool does not define itself) and checks
 * them; throws `InvalidInputError` naming the field.
 */
export function takeResultSizing(
  toolName: string,
  args: unknown,
  ownFields: ReadonlySet<string>,
): { sizing: ResultSizing; args: unknown } {
  if (!isJsonObject(args)) return { sizing: {}, args };
  const rest: Record<string, unknown> = { ...args };
  const sizing: ResultSizing = {};
  const take = (name: string) => {
    if (ownFields.has(name) || !(name in rest)) return undefined;
    const value = rest[name];
    delete rest[name];
    return value;
  };
  const full = take('full');
  if (full !== undefined && full !== null) {
    if (typeof full !== 'boolean') throw invalid(toolName, 'full', 'true or false');
    sizing.full = full;
  }
  const fields = take('fields');
  if (fields !== undefined && fields !== null) {
    if (!Array.isArray(fields) || !fields.every((field) => typeof field === 'string') || fields.length === 0)
      throw invalid(toolName, 'fields', 'a non-empty list of field names');
    sizing.fields = fields as string[];
  }
  const cursor = take('result_cursor');
  if (cursor !== undefined && cursor !== null) {
    if (typeof cursor !== 'string' || readCursor(cursor) === undefined)
      throw invalid(toolName, 'result_cursor', 'the result_cursor of a _truncated marker');
    sizing.resultCursor = cursor;
  }
  return { sizing, args: rest };
}

/** `takeResultSizing` for a catalog tool: the tool's own fields of those names are its arguments, not options. */
export function takeToolResultSizing(
  tool: ToolDefinition,
  args: unknown,
): { sizing: ResultSizing; args: unknown } {
  const ownFields = new Set(Object.keys(toolInputJsonSchema(tool).properties as object));
  return takeResultSizing(tool.name, args, ownFields);
}

/** Where a truncated list continues: the list's path in the result and the first item not returned. */
interface ResultCursor {
  path: (string | number)[];
  offset: number;
}

/**
 * Sizes a tool's result for a context window, in the one call path of agent surfaces (`runCatalogTool`, and
 * `POST /v1/tools`):
 * 1. `fields` keeps only those fields of each item of the result's lists of objects;
 * 2. `result_cursor` skips the items of the truncated list an earlier call returned;
 * 3. unless `full`, a result over `maxResultCharacters` keeps the items of its largest list that fit, and says
 *    so in `_truncated`: `{ path, returned, total, offset, result_cursor, hint }`. Calling the tool again with
 *    the same arguments and that `result_cursor` returns the next items (deterministic upstream order assumed:
 *    HeyGen's lists are). A result that is not an object is sized as `{ result: [...] }`.
 * Results under the budget are returned unchanged (the same object).
 */
export function sizeResult(data: unknown, sizing: ResultSizing = {}): unknown {
  let value = data;
  if (sizing.fields) value = project(value, new Set(sizing.fields), 0);
  const cursor = sizing.resultCursor === undefined ? undefined : readCursor(sizing.resultCursor);
  let offset = 0;
  let cursorPath: (string | number)[] | undefined;
  if (cursor) {
    const list = at(value, cursor.path);
    if (Array.isArray(list)) {
      value = replaceAt(value, cursor.path, list.slice(cursor.offset));
      offset = cursor.offset;
      cursorPath = cursor.path;
    }
  }
  if (sizing.full || JSON.stringify(value ?? null).length <= maxResultCharacters) {
    return cursorPath ? withMarker(value, cursorPath, undefined, offset) : value;
  }
  const wrapped = Array.isArray(value) ? { result: value } : value;
  const path = cursorPath ?? largestList(wrapped);
  if (!path) return value;
  const list = at(wrapped, path) as unknown[];
  const without = JSON.stringify(replaceAt(wrapped, path, [])).length + 400; // the marker's own size
  let budget = maxResultCharacters - without;
  let count = 0;
  for (const item of list) {
    budget -= JSON.stringify(item ?? null).length + 1;
    if (budget < 0) break;
    count += 1;
  }
  const kept = replaceAt(wrapped, path, list.slice(0, count));
  return withMarker(kept, path, { returned: count, total: list.length }, offset);
}

/** Adds `_truncated` (or, on a last page reached by cursor, `_truncated: false`-free data) to a sized result. */
function withMarker(
  value: unknown,
  path: (string | number)[],
  cut: { returned: number; total: number } | undefined,
  offset: number,
): unknown {
  if (!cut || cut.returned >= cut.total) return value;
  const next = offset + cut.returned;
  const marker = {
    path: path.join('.'),
    returned: cut.returned,
    total: offset + cut.total,
    offset,
    result_cursor: Buffer.from(JSON.stringify({ path, offset: next })).toString('base64url'),
    hint: 'Result cut to fit a context window. Call again with the same arguments plus result_cursor for the next items, fields: [...] to keep only some fields, or full: true for everything.',
  };
  return { ...(value as Record<string, unknown>), _truncated: marker };
}

function readCursor(text: string): ResultCursor | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
    if (
      isJsonObject(parsed) &&
      Array.isArray(parsed.path) &&
      parsed.path.every((part) => typeof part === 'string' || typeof part === 'number') &&
      Number.isInteger(parsed.offset) &&
      (parsed.offset as number) >= 0
    )
      return { path: parsed.path as (string | number)[], offset: parsed.offset as number };
  } catch {
    // not a cursor
  }
  return undefined;
}

/** Keeps only `fields` in the objects of every list of objects (three levels deep: `{data: {voices: [...]}}`). */
function project(value: unknown, fields: ReadonlySet<string>, depth: number): unknown {
  if (depth > 3) return value;
  if (Array.isArray(value)) {
    if (!value.some(isJsonObject)) return value;
    return value.map((item) =>
      isJsonObject(item) ? Object.fromEntries(Object.entries(item).filter(([key]) => fields.has(key))) : item,
    );
  }
  if (!isJsonObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [key, project(field, fields, depth + 1)]),
  );
}

/** The path of the list with the most characters (three levels deep), or undefined. */
function largestList(value: unknown): (string | number)[] | undefined {
  let best: { path: (string | number)[]; size: number } | undefined;
  const visit = (node: unknown, path: (string | number)[]) => {
    if (path.length > 3) return;
    if (Array.isArray(node)) {
      const size = JSON.stringify(node).length;
      if (node.length > 1 && (!best || size > best.size)) best = { path, size };
      return;
    }
    if (isJsonObject(node)) for (const [key, field] of Object.entries(node)) visit(field, [...path, key]);
  };
  visit(value, []);
  return best?.path;
}

function at(value: unknown, path: readonly (string | number)[]): unknown {
  let node = Array.isArray(value) && path[0] === 'result' ? { result: value } : value;
  for (const part of path) {
    if (!isJsonObject(node) && !Array.isArray(node)) return undefined;
    node = (node as Record<string | number, unknown>)[part];
  }
  return node;
}

function replaceAt(value: unknown, path: readonly (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value) && head === 'result') return { result: replaceAt(value, rest, replacement) };
  if (!isJsonObject(value)) return value;
  return { ...value, [head!]: replaceAt(value[head!], rest, replacement) };
}

function invalid(toolName: string, field: string, expected: string): InvalidInputError {
  return new InvalidInputError(toolName, [
    { field, expected, message: `\`${field}\`: expected ${expected}` },
  ]);
}
