/**
 * The JSON Schema dialects heygate can publish tool input schemas in (ADR 0023):
 * - `mcp` (default): the presented schema as it is (JSON Schema 2020-12, an object at the root);
 * - `openai-strict`: OpenAI's strict-mode subset (`strictJsonSchema`);
 * - `gemini`: the OpenAPI subset of Gemini function declarations (`geminiJsonSchema`);
 * - `anthropic`: the presented schema, which Anthropic's tool API accepts as it is (checked, not converted).
 */
export const schemaDialects = ['mcp', 'openai-strict', 'gemini', 'anthropic'] as const;

/** One of `schemaDialects`. */
export type SchemaDialect = (typeof schemaDialects)[number];

/** Reads a dialect name (`--dialect`); throws an error listing the dialects for anything else. */
export function parseSchemaDialect(name: string): SchemaDialect {
  if ((schemaDialects as readonly string[]).includes(name)) return name as SchemaDialect;
  throw new Error(`Unknown schema dialect "${name}": use one of ${schemaDialects.join(', ')}.`);
}
