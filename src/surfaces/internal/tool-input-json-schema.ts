import { z } from 'zod';
import type { ToolDefinition } from '../../catalog/define-tool.ts';
import { deepFreeze } from './deep-freeze.ts';
import { flattenUnionSchema } from './flatten-union-schema.ts';
import { isJsonObject, type JsonSchema } from './json-schema.ts';
import { simplifyJsonSchema } from './simplify-json-schema.ts';

const cache = new WeakMap<ToolDefinition, JsonSchema>();

/**
 * The JSON Schema an agent sees for a tool's input: the catalog's strict zod schema converted in `input`
 * mode (fields with defaults are optional), trimmed of token noise, a root union presented as one object
 * (see `flattenUnionSchema`), always `type: "object"` at the root. Built once per tool and frozen.
 */
export function toolInputJsonSchema(tool: ToolDefinition): JsonSchema {
  let schema = cache.get(tool);
  if (!schema) {
    const converted = z.toJSONSchema(tool.input(), { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    schema = flattenUnionSchema(simplifyJsonSchema(converted));
    if (schema.type !== 'object') schema = { ...schema, type: 'object' };
    if (!isJsonObject(schema.properties)) schema = { ...schema, properties: {} };
    cache.set(tool, deepFreeze(schema));
  }
  return schema;
}
