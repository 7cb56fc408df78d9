import { z } from 'zod';
import type { ToolDefinition } from '../../catalog/define-tool.ts';
import { deepFreeze } from './deep-freeze.ts';
import { flattenUnionSchema } from './flatten-union-schema.ts';
import { isJsonObject, type JsonSchema } from './json-schema.ts';
import { simplifyJsonSchema } from './simplify-json-schema.ts';
import { toolJsonSchemaSnapshot } from './tool-json-schema-snapshot.ts';

/** A tool's output presented as an object schema. */
export interface ToolOutputJsonSchema {
  /** Object-rooted, tolerant JSON Schema of the result. */
  schema: JsonSchema;
  /**
   * True when the tool's result is not an object (an array, a string, null) and is therefore presented
   * wrapped as `{ result: <value> }` — MCP's `structuredContent` must be an object.
   */
  wrapped: boolean;
}

const cache = new WeakMap<ToolDefinition, ToolOutputJsonSchema>();

/**
 * The JSON Schema of a tool's result as surfaces publish it (MCP `outputSchema`, `describe_tool`).
 *
 * Tolerant on purpose (STYLE.md: outputs tolerant — HeyGen adds fields): `additionalProperties: false` is
 * dropped everywhere, and the root lists no `required` fields, because a failed call answers with
 * `{ error: {...} }` in the same place and some MCP clients (TypeScript SDK ≤ 1.32, issue #1943 of
 * modelcontextprotocol/typescript-sdk) validate even error results against the output schema; for the
 * same reason a result field named `error` that could not hold an object is widened to allow one.
 */
export function toolOutputJsonSchema(tool: ToolDefinition): ToolOutputJsonSchema {
  let presented = cache.get(tool);
  if (!presented) {
    presented = deepFreeze(toolJsonSchemaSnapshot(tool)?.output ?? convertToolOutputJsonSchema(tool));
    cache.set(tool, presented);
  }
  return presented;
}

/** Converts a tool's zod output schema to its published JSON Schema (no snapshot, no cache). */
export function convertToolOutputJsonSchema(tool: ToolDefinition): ToolOutputJsonSchema {
  const converted = z.toJSONSchema(tool.output(), { io: 'output', unrepresentable: 'any' }) as JsonSchema;
  const schema = tolerate(flattenUnionSchema(simplifyJsonSchema(converted))) as JsonSchema;
  const isObject = schema.type === 'object' || (schema.type === undefined && isJsonObject(schema.properties));
  if (isObject) {
    delete schema.required;
    const properties = schema.properties as Record<string, unknown> | undefined;
    // A result with its own `error` field (background removals: a string) must still accept ours.
    if (properties?.error !== undefined && !allowsObject(properties.error)) {
      properties.error = {
        anyOf: [properties.error, { type: 'object', description: 'heygate tool error (isError).' }],
      };
    }
    return { schema: { ...schema, type: 'object' }, wrapped: false };
  }
  const { $defs, definitions, ...inner } = schema;
  const wrapper: JsonSchema = { type: 'object', properties: { result: inner } };
  if ($defs !== undefined) wrapper.$defs = $defs;
  if (definitions !== undefined) wrapper.definitions = definitions;
  return { schema: wrapper, wrapped: true };
}

/** Drops `additionalProperties: false` at every level. */
function tolerate(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tolerate);
  if (!isJsonObject(node)) return node;
  const result: Record<string, unknown> = {};
  for (const [keyword, value] of Object.entries(node)) {
    if (keyword === 'additionalProperties' && value === false) continue;
    result[keyword] = tolerate(value);
  }
  return result;
}

/** True when a schema admits some object (so it admits heygate's `{code, message, …}` error object). */
function allowsObject(schema: unknown): boolean {
  if (!isJsonObject(schema)) return schema === true;
  if (Object.keys(schema).length === 0) return true;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes('object')) return true;
  const branches = schema.anyOf ?? schema.oneOf;
  return Array.isArray(branches) && branches.some(allowsObject);
}
