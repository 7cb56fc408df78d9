import { z } from 'zod';
import type { ToolDefinition } from '../../catalog/define-tool.ts';
import { deepFreeze } from './deep-freeze.ts';
import { flattenUnionSchema } from './flatten-union-schema.ts';
import { isJsonObject, type JsonSchema } from './json-schema.ts';
import { simplifyJsonSchema } from './simplify-json-schema.ts';
import { toolJsonSchemaSnapshot } from './tool-json-schema-snapshot.ts';

const cache = new WeakMap<ToolDefinition, JsonSchema>();

/**
 * The JSON Schema an agent sees for a tool's input: the catalog's strict zod schema converted in `input`
 * mode (fields with defaults are optional), trimmed of token noise, a root union presented as one object
 * (see `flattenUnionSchema`), always `type: "object"` at the root. Built once per tool and frozen; catalog
 * tools come from the generated snapshot (tool-json-schema-snapshot.ts) instead of being converted.
 */
export function toolInputJsonSchema(tool: ToolDefinition): JsonSchema {
  let schema = cache.get(tool);
  if (!schema) {
    schema = deepFreeze(toolJsonSchemaSnapshot(tool)?.input ?? convertToolInputJsonSchema(tool));
    cache.set(tool, schema);
  }
  return schema;
}

/** Converts a tool's zod input schema to the JSON Schema agents see (no snapshot, no cache). */
export function convertToolInputJsonSchema(tool: ToolDefinition): JsonSchema {
  const converted = z.toJSONSchema(tool.input(), { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  let schema = flattenUnionSchema(simplifyJsonSchema(converted));
  if (schema.type !== 'object') schema = { ...schema, type: 'object' };
  if (!isJsonObject(schema.properties)) schema = { ...schema, properties: {} };
  return schema;
}
