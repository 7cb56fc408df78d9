/**
 * A JSON Schema document or sub-schema as plain data. The agent surfaces (MCP, AI SDK, OpenAI) present the
 * catalog's zod schemas to models as JSON Schema; this is the loose type they pass around.
 */
export type JsonSchema = { [keyword: string]: unknown };

/** True when `value` is a JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Merges `allOf` parts (zod emits them for intersections): properties and required lists are unioned. */
export function mergeAll(parts: readonly JsonSchema[]): JsonSchema {
  const merged: JsonSchema = {};
  for (const part of parts) {
    for (const [keyword, value] of Object.entries(part)) {
      if (keyword === 'properties' && isJsonObject(value)) {
        merged.properties = { ...(isJsonObject(merged.properties) ? merged.properties : {}), ...value };
      } else if (keyword === 'required' && Array.isArray(value)) {
        merged.required = [
          ...new Set([...(Array.isArray(merged.required) ? merged.required : []), ...value]),
        ];
      } else {
        merged[keyword] = value;
      }
    }
  }
  return merged;
}
