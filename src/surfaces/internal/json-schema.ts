/**
 * A JSON Schema document or sub-schema as plain data. The agent surfaces (MCP, AI SDK, OpenAI) present the
 * catalog's zod schemas to models as JSON Schema; this is the loose type they pass around.
 */
export type JsonSchema = { [keyword: string]: unknown };

/** True when `value` is a JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
