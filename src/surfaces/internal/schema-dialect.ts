import type { ToolDefinition } from '../../catalog/define-tool.ts';
import { deepFreeze } from './deep-freeze.ts';
import { geminiJsonSchema } from './gemini-json-schema.ts';
import type { JsonSchema } from './json-schema.ts';
import { maxWaitInputSchema } from './max-wait-input-schema.ts';
import { presentedInputSchema } from './presented-input-schema.ts';
import type { SchemaDialect } from './schema-dialect-name.ts';
import { strictJsonSchema } from './strict-json-schema.ts';

export { parseSchemaDialect, schemaDialects, type SchemaDialect } from './schema-dialect-name.ts';

/** A schema in some dialect, and the way back from the arguments a model sends to the presented input. */
export interface DialectSchema {
  /** The schema to publish. */
  schema: JsonSchema;
  /** Maps arguments that match `schema` back to input for the presented schema (identity for `mcp`). */
  decode(value: unknown): unknown;
}

const caches = new Map<SchemaDialect, WeakMap<JsonSchema, DialectSchema>>();

/**
 * Any published JSON Schema (a tool's presented schema, a meta-tool's, a Lua tool's) in a dialect, built once
 * per schema object and frozen. `mcp` and `anthropic` return the schema itself.
 */
export function dialectJsonSchema(schema: JsonSchema, dialect: SchemaDialect): DialectSchema {
  if (dialect === 'mcp' || dialect === 'anthropic') return { schema, decode: (value) => value };
  let cache = caches.get(dialect);
  if (!cache) caches.set(dialect, (cache = new WeakMap()));
  let converted = cache.get(schema);
  if (!converted) {
    const result = dialect === 'gemini' ? geminiJsonSchema(schema) : strictJsonSchema(schema);
    converted = { schema: deepFreeze(result.schema), decode: result.decode };
    cache.set(schema, converted);
  }
  return converted;
}

/**
 * A catalog tool's input schema as published in a dialect: `presentedInputSchema` (with `wait` on
 * job-starting tools), or with `maxWait: true` the `max_wait_seconds` variant compact `describe_tool` shows.
 */
export function dialectToolSchema(
  tool: ToolDefinition,
  dialect: SchemaDialect,
  options: { maxWait?: boolean } = {},
): DialectSchema {
  return dialectJsonSchema(options.maxWait ? maxWaitInputSchema(tool) : presentedInputSchema(tool), dialect);
}

/**
 * Maps a model's arguments for a catalog tool back to presented input, before the gateway validates them.
 * Decodes with the `max_wait_seconds` variant: it covers every field any surface published for the tool.
 */
export function decodeToolArguments(
  tool: ToolDefinition,
  args: unknown,
  dialect: SchemaDialect | undefined,
): unknown {
  if (dialect === undefined || dialect === 'mcp' || dialect === 'anthropic') return args;
  return dialectToolSchema(tool, dialect, { maxWait: true }).decode(args);
}
