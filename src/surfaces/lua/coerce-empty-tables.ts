import type { JsonSchema } from '../internal/json-schema.ts';

/**
 * Lua has one table type, so an empty `{}` could mean `[]` or `{}`; read from Lua it is `{}`. Before a tool
 * input is validated, this turns every empty object into an empty array where the tool's JSON Schema
 * expects an array (and only an array), so `tags = {}` works as the script author meant.
 * Returns the input unchanged when nothing needs coercion.
 */
export function coerceEmptyTables(value: unknown, schema: JsonSchema | undefined): unknown {
  if (schema === undefined || typeof value !== 'object' || value === null) return value;
  if (!Array.isArray(value) && Object.keys(value).length === 0) {
    return acceptsArray(schema) && !acceptsObject(schema) ? [] : value;
  }
  if (Array.isArray(value)) {
    const items = arrayItems(schema);
    if (!items) return value;
    let changed = false;
    const next = value.map((element) => {
      const coerced = coerceEmptyTables(element, items);
      if (coerced !== element) changed = true;
      return coerced;
    });
    return changed ? next : value;
  }
  const properties = objectProperties(schema);
  if (!properties) return value;
  let result: Record<string, unknown> | undefined;
  for (const [key, member] of Object.entries(value)) {
    const coerced = coerceEmptyTables(member, properties[key]);
    if (coerced !== member) {
      result ??= { ...(value as Record<string, unknown>) };
      result[key] = coerced;
    }
  }
  return result ?? value;
}

/** The alternatives of a schema: itself, or its `anyOf`/`oneOf` branches. */
function branches(schema: JsonSchema): JsonSchema[] {
  const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  return Array.isArray(alternatives) ? alternatives.flatMap(branches) : [schema];
}

function hasType(schema: JsonSchema, type: string): boolean {
  const declared = schema.type;
  return declared === type || (Array.isArray(declared) && declared.includes(type));
}

function acceptsArray(schema: JsonSchema): boolean {
  return branches(schema).some((branch) => hasType(branch, 'array'));
}

function acceptsObject(schema: JsonSchema): boolean {
  return branches(schema).some(
    (branch) => hasType(branch, 'object') || (branch.type === undefined && branch.properties !== undefined),
  );
}

function arrayItems(schema: JsonSchema): JsonSchema | undefined {
  const branch = branches(schema).find((candidate) => hasType(candidate, 'array'));
  const items = branch?.items;
  return typeof items === 'object' && items !== null && !Array.isArray(items)
    ? (items as JsonSchema)
    : undefined;
}

function objectProperties(schema: JsonSchema): Record<string, JsonSchema> | undefined {
  const merged: Record<string, JsonSchema> = {};
  let found = false;
  for (const branch of branches(schema)) {
    const properties = branch.properties;
    if (typeof properties === 'object' && properties !== null) {
      found = true;
      for (const [key, member] of Object.entries(properties as Record<string, JsonSchema>))
        merged[key] ??= member;
    }
  }
  return found ? merged : undefined;
}
