import { isJsonObject, type JsonSchema } from './json-schema.ts';

/**
 * Presents a union of object schemas (`oneOf`/`anyOf` at the root, e.g. the four variants of
 * `POST /v3/videos` chosen by `type`) as ONE object schema.
 *
 * Why: MCP requires `type: "object"` at the root of a tool's `inputSchema`, Anthropic's API rejects
 * `oneOf`/`anyOf`/`allOf` at the top level of a tool schema, and OpenAI strict mode needs an object root.
 * The merged schema keeps every property (a property whose schema differs between variants becomes an
 * `anyOf` of the distinct schemas), requires only what every variant requires, turns the discriminator's
 * constants into an `enum`, and says in descriptions which property belongs to which variant. The exact
 * union is still enforced: the gateway validates every call against the catalog's zod schema and names the
 * offending field.
 *
 * A schema that is not a root union of objects is returned unchanged.
 */
export function flattenUnionSchema(schema: JsonSchema): JsonSchema {
  const variantList = schema.oneOf ?? schema.anyOf;
  if (schema.type !== undefined || !Array.isArray(variantList) || variantList.length === 0) return schema;
  const variants = variantList.map((variant) => resolveReference(variant, schema));
  if (!variants.every(isObjectSchema)) return schema;

  const discriminator = findDiscriminator(variants);
  const labels = variants.map((variant, index) =>
    discriminator === undefined
      ? `variant ${index + 1}`
      : String(constantOf(propertiesOf(variant)[discriminator])),
  );

  const names: string[] = [];
  for (const variant of variants) {
    for (const name of Object.keys(propertiesOf(variant))) if (!names.includes(name)) names.push(name);
  }
  if (discriminator !== undefined)
    names.sort((left, right) => Number(right === discriminator) - Number(left === discriminator));

  const properties: Record<string, JsonSchema> = {};
  for (const name of names) {
    const owners = variants.flatMap((variant, index) => (name in propertiesOf(variant) ? [index] : []));
    const schemas = owners.map((index) => propertiesOf(variants[index]!)[name]!);
    let merged: JsonSchema;
    if (name === discriminator) {
      const values = schemas.map(constantOf);
      merged = { type: typeof values[0] === 'number' ? 'number' : 'string', enum: values };
      merged.description = `Selects the variant; other fields depend on it.`;
    } else {
      merged = mergeAlternatives(schemas);
      if (owners.length < variants.length) {
        const which = owners.map((index) => labels[index]).join('|');
        const only =
          discriminator === undefined ? `Only in ${which}.` : `Only for ${discriminator}=${which}.`;
        merged.description = typeof merged.description === 'string' ? `${only} ${merged.description}` : only;
      }
    }
    properties[name] = merged;
  }

  const required = names.filter((name) => variants.every((variant) => requiredOf(variant).includes(name)));
  const summary = variants
    .map((variant, index) => {
      const own = requiredOf(variant).filter((name) => name !== discriminator && !required.includes(name));
      return own.length > 0 ? `${labels[index]} (requires ${own.join(', ')})` : labels[index];
    })
    .join('; ');
  const intro =
    discriminator === undefined
      ? 'Provide the fields of exactly one variant'
      : `Variants by \`${discriminator}\``;
  const description = [
    typeof schema.description === 'string' ? schema.description : undefined,
    `${intro}: ${summary}.`,
  ]
    .filter(Boolean)
    .join(' ');

  const flattened: JsonSchema = { type: 'object', description, properties };
  if (required.length > 0) flattened.required = required;
  if (variants.every((variant) => variant.additionalProperties === false))
    flattened.additionalProperties = false;
  for (const keyword of ['$defs', 'definitions'])
    if (schema[keyword] !== undefined) flattened[keyword] = schema[keyword];
  return flattened;
}

/** Follows a local `#/$defs/Name` reference of a root variant. */
function resolveReference(variant: unknown, root: JsonSchema): unknown {
  if (!isJsonObject(variant) || typeof variant.$ref !== 'string') return variant;
  const match = /^#\/(\$defs|definitions)\/(.+)$/.exec(variant.$ref);
  const definitions = match ? root[match[1]!] : undefined;
  return isJsonObject(definitions) ? (definitions[match![2]!] ?? variant) : variant;
}

function isObjectSchema(value: unknown): value is JsonSchema {
  return isJsonObject(value) && (value.type === 'object' || isJsonObject(value.properties));
}

function propertiesOf(schema: JsonSchema): Record<string, JsonSchema> {
  return isJsonObject(schema.properties) ? (schema.properties as Record<string, JsonSchema>) : {};
}

function requiredOf(schema: JsonSchema): string[] {
  return Array.isArray(schema.required) ? (schema.required as string[]) : [];
}

/** The single constant a property schema allows (`const` or a one-value `enum`), else undefined. */
function constantOf(schema: JsonSchema | undefined): string | number | boolean | undefined {
  if (!schema) return undefined;
  const value =
    schema.const ?? (Array.isArray(schema.enum) && schema.enum.length === 1 ? schema.enum[0] : undefined);
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? value
    : undefined;
}

/** A property present and required in every variant whose values are distinct constants. */
function findDiscriminator(variants: readonly JsonSchema[]): string | undefined {
  if (variants.length < 2) return undefined;
  for (const name of Object.keys(propertiesOf(variants[0]!))) {
    const values = variants.map((variant) => constantOf(propertiesOf(variant)[name]));
    if (values.some((value) => value === undefined)) continue;
    if (!variants.every((variant) => requiredOf(variant).includes(name))) continue;
    if (new Set(values).size === values.length) return name;
  }
  return undefined;
}

/**
 * One schema when all alternatives are the same, else an `anyOf` of the distinct ones (alternatives that are
 * themselves bare `anyOf`s are opened up first, so `A|null` and `A` merge into `A|null`).
 */
function mergeAlternatives(schemas: readonly JsonSchema[]): JsonSchema {
  if (schemas.every((schema) => JSON.stringify(schema) === JSON.stringify(schemas[0])))
    return { ...schemas[0]! };
  const distinct = new Map<string, JsonSchema>();
  const descriptions = new Set<string>();
  for (const schema of schemas) {
    const { description, ...rest } = schema;
    if (typeof description === 'string') descriptions.add(description);
    const branches =
      Array.isArray(rest.anyOf) && Object.keys(rest).length === 1 ? (rest.anyOf as JsonSchema[]) : [rest];
    for (const branch of branches) distinct.set(JSON.stringify(branch), branch);
  }
  const merged: JsonSchema =
    distinct.size === 1 ? { ...[...distinct.values()][0]! } : { anyOf: [...distinct.values()] };
  if (descriptions.size > 0) merged.description = [...descriptions].join(' ');
  return merged;
}
