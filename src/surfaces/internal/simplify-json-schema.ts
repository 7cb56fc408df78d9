import { isJsonObject, type JsonSchema } from './json-schema.ts';

/** JavaScript's safe-integer bounds, which zod writes on every `z.number().int()`. */
const SAFE_INTEGER_BOUNDS = new Set([Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]);

/**
 * Removes what zod's JSON Schema output carries that tells a model nothing and costs tokens on every
 * tools/list: the `$schema` URI, the safe-integer `minimum`/`maximum` of every integer and the
 * `propertyNames: {type: "string"}` of every record. Returns a new schema; the input is not changed.
 */
export function simplifyJsonSchema(schema: JsonSchema): JsonSchema {
  const simplified = simplifyNode(schema) as JsonSchema;
  delete simplified.$schema;
  return simplified;
}

function simplifyNode(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(simplifyNode);
  if (!isJsonObject(node)) return node;
  const result: JsonSchema = {};
  for (const [keyword, value] of Object.entries(node)) {
    if ((keyword === 'minimum' || keyword === 'maximum') && SAFE_INTEGER_BOUNDS.has(value as number))
      continue;
    if (
      keyword === 'propertyNames' &&
      isJsonObject(value) &&
      value.type === 'string' &&
      Object.keys(value).length === 1
    ) {
      continue;
    }
    // `properties`, `$defs` and `definitions` map names to schemas: walk the values, keep every name.
    result[keyword] = simplifyNode(value);
  }
  return result;
}
