import { isJsonObject, mergeAll, type JsonSchema } from './json-schema.ts';
import { describe, identity, strictFormats, withDescription, type Decoder } from './schema-description.ts';

/** A JSON Schema rewritten for OpenAI strict mode, and the way back for the arguments a model sends. */
export interface StrictJsonSchema {
  /** Schema inside the strict-mode subset. */
  schema: JsonSchema;
  /**
   * Turns arguments that match `schema` back into input for the original schema: drops the `null`s strict
   * mode forced on optional fields, rebuilds maps sent as `{key, value}` lists and parses JSON-encoded
   * free-form values.
   */
  decode(value: unknown): unknown;
}

/** Keywords kept per kind of schema; everything else is dropped or moved into the description. */
const NUMBER_KEYWORDS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'];
const ARRAY_KEYWORDS = ['minItems', 'maxItems'];

/** Object nesting OpenAI accepts; deeper values are taken as JSON-encoded strings. */
const MAX_DEPTH = 10;

const PRIMITIVES = new Set(['string', 'number', 'integer', 'boolean', 'null']);

/**
 * Rewrites an object JSON Schema into the subset OpenAI accepts with `strict: true`:
 * every object lists all its properties in `required` and has `additionalProperties: false`; an optional
 * property instead allows `null`; `oneOf` becomes `anyOf`; `const` becomes a one-value `enum`; `$ref`s are
 * inlined; keywords strict mode rejects (`default`, `minLength`/`maxLength`, `pattern`, unsupported `format`s,
 * `uniqueItems`, …) are dropped, the informative ones restated in the description. What strict mode cannot
 * express at all is carried another way, reversibly: a free-form map becomes a list of `{key, value}` pairs
 * and an any-typed value a JSON-encoded string (objects nested deeper than OpenAI allows too).
 *
 * The gateway still validates the decoded arguments against the catalog's exact schema.
 */
export function strictJsonSchema(root: JsonSchema): StrictJsonSchema {
  const definitions = {
    ...(isJsonObject(root.$defs) ? root.$defs : {}),
    ...(isJsonObject(root.definitions) ? root.definitions : {}),
  };
  const converter = new Converter(definitions as Record<string, JsonSchema>);
  const { schema, decode } = converter.convert(root, 0, []);
  return { schema, decode };
}

interface Converted {
  schema: JsonSchema;
  decode: Decoder;
  /** True when the schema already allows null. */
  nullable: boolean;
}

class Converter {
  readonly definitions: Record<string, JsonSchema>;

  constructor(definitions: Record<string, JsonSchema>) {
    this.definitions = definitions;
  }

  convert(node: unknown, depth: number, references: readonly string[]): Converted {
    if (node === true || (isJsonObject(node) && isUnconstrained(node)))
      return jsonEncoded(node === true ? {} : node);
    if (!isJsonObject(node)) return jsonEncoded({});

    if (typeof node.$ref === 'string') {
      const name = /^#\/(?:\$defs|definitions)\/(.+)$/.exec(node.$ref)?.[1];
      const target = name === undefined ? undefined : this.definitions[name];
      if (!target || references.includes(name!)) return jsonEncoded(node);
      const { $ref: _ref, ...siblings } = node;
      return this.convert({ ...target, ...siblings }, depth, [...references, name!]);
    }

    if (Array.isArray(node.allOf)) {
      const { allOf, ...rest } = node;
      return this.convert(mergeAll([rest, ...(allOf as JsonSchema[])]), depth, references);
    }

    const alternatives = node.anyOf ?? node.oneOf;
    if (Array.isArray(alternatives)) return this.convertAlternatives(node, alternatives, depth, references);

    if (Array.isArray(node.type)) {
      const types = node.type as string[];
      if (types.every((type) => PRIMITIVES.has(type)) && node.enum === undefined) {
        return this.convertPrimitive(node, types);
      }
      const { type: _type, ...rest } = node;
      return this.convertAlternatives(
        rest,
        types.map((type) => ({ ...rest, type })),
        depth,
        references,
      );
    }

    if (node.const !== undefined || Array.isArray(node.enum)) return this.convertEnum(node);

    const type =
      node.type ??
      (isJsonObject(node.properties) ? 'object' : node.items !== undefined ? 'array' : undefined);
    if (type === 'object') return this.convertObject(node, depth, references);
    if (type === 'array') return this.convertArray(node, depth, references);
    if (typeof type === 'string' && PRIMITIVES.has(type)) return this.convertPrimitive(node, [type]);
    return jsonEncoded(node);
  }

  convertAlternatives(
    node: JsonSchema,
    alternatives: unknown[],
    depth: number,
    references: readonly string[],
  ): Converted {
    const { anyOf: _anyOf, oneOf: _oneOf, ...rest } = node;
    const branches: Converted[] = [];
    for (const alternative of alternatives) {
      const merged = isJsonObject(alternative)
        ? { ...withoutAnnotations(rest), ...alternative }
        : alternative;
      const converted = this.convert(merged, depth, references);
      // Nested anyOf are flattened: strict mode accepts them but they cost tokens and help no one.
      if (Array.isArray(converted.schema.anyOf) && Object.keys(converted.schema).length === 1) {
        const nested = converted.schema.anyOf as JsonSchema[];
        for (const schema of nested)
          branches.push({ schema, decode: converted.decode, nullable: schema.type === 'null' });
      } else {
        branches.push(converted);
      }
    }
    const unique = new Map<string, Converted>();
    for (const branch of branches)
      if (!unique.has(JSON.stringify(branch.schema))) unique.set(JSON.stringify(branch.schema), branch);
    const distinct = [...unique.values()];
    const description = describe(rest, []);
    if (distinct.length === 1) {
      const only = distinct[0]!;
      return { ...only, schema: withDescription(only.schema, description) };
    }
    const schema: JsonSchema = { anyOf: distinct.map((branch) => branch.schema) };
    if (description) schema.description = description;
    return {
      schema,
      nullable: distinct.some((branch) => branch.nullable),
      decode: (value) => {
        const branch = distinct.find((candidate) => matches(candidate.schema, value));
        return branch ? branch.decode(value) : value;
      },
    };
  }

  convertEnum(node: JsonSchema): Converted {
    const values = node.const !== undefined ? [node.const] : (node.enum as unknown[]);
    const schema: JsonSchema = {};
    const types = [...new Set(values.map(jsonType))];
    schema.type = types.length === 1 ? types[0] : types;
    schema.enum = values;
    return finish(schema, describe(node, []), identity, values.includes(null));
  }

  convertPrimitive(node: JsonSchema, types: string[]): Converted {
    const schema: JsonSchema = { type: types.length === 1 ? types[0] : types };
    const notes: string[] = [];
    if (types.includes('string')) {
      if (typeof node.format === 'string') {
        if (strictFormats.has(node.format)) schema.format = node.format;
        else
          notes.push(node.format === 'uri' || node.format === 'url' ? 'A URL.' : `Format: ${node.format}.`);
      }
      if (typeof node.minLength === 'number' && node.minLength > 1)
        notes.push(`At least ${node.minLength} characters.`);
      if (typeof node.maxLength === 'number') notes.push(`At most ${node.maxLength} characters.`);
    }
    if (types.includes('number') || types.includes('integer')) {
      for (const keyword of NUMBER_KEYWORDS)
        if (typeof node[keyword] === 'number') schema[keyword] = node[keyword];
    }
    return finish(schema, describe(node, notes), identity, types.includes('null'));
  }

  convertArray(node: JsonSchema, depth: number, references: readonly string[]): Converted {
    const itemSource = node.items ?? (Array.isArray(node.prefixItems) ? { anyOf: node.prefixItems } : {});
    const items = this.convert(itemSource, depth + 1, references);
    const schema: JsonSchema = { type: 'array', items: items.schema };
    for (const keyword of ARRAY_KEYWORDS)
      if (typeof node[keyword] === 'number') schema[keyword] = node[keyword];
    const notes = node.uniqueItems === true ? ['Items must be unique.'] : [];
    const decode: Decoder = (value) => (Array.isArray(value) ? value.map(items.decode) : value);
    return finish(schema, describe(node, notes), decode, false);
  }

  convertObject(node: JsonSchema, depth: number, references: readonly string[]): Converted {
    if (depth >= MAX_DEPTH) return jsonEncoded(node);
    const properties = isJsonObject(node.properties) ? (node.properties as Record<string, unknown>) : {};
    const extra = node.additionalProperties;
    // No declared properties and not closed: a free-form object (a record, or "any object").
    if (Object.keys(properties).length === 0 && extra !== false)
      return this.convertMap(node, depth, references);

    const required = new Set(Array.isArray(node.required) ? (node.required as string[]) : []);
    const strictProperties: Record<string, JsonSchema> = {};
    const decoders: Record<string, Decoder> = {};
    const optional = new Set<string>();
    for (const [name, property] of Object.entries(properties)) {
      const converted = this.convert(property, depth + 1, references);
      decoders[name] = converted.decode;
      if (required.has(name)) {
        strictProperties[name] = converted.schema;
      } else {
        optional.add(name);
        strictProperties[name] = converted.nullable ? converted.schema : allowNull(converted.schema);
      }
    }
    const schema: JsonSchema = {
      type: 'object',
      properties: strictProperties,
      required: Object.keys(strictProperties),
      additionalProperties: false,
    };
    const decode: Decoder = (value) => {
      if (!isJsonObject(value)) return value;
      const result: Record<string, unknown> = {};
      for (const [name, field] of Object.entries(value)) {
        // Strict mode makes the model send every property; null on an optional one means "not given".
        if (field === null && optional.has(name)) continue;
        result[name] = decoders[name] ? decoders[name](field) : field;
      }
      return result;
    };
    return finish(schema, describe(node, []), decode, false);
  }

  /** A free-form map (`record<string, V>`): a list of `{key, value}` pairs, or a JSON string if V is anything. */
  convertMap(node: JsonSchema, depth: number, references: readonly string[]): Converted {
    const valueSource = isJsonObject(node.additionalProperties) ? node.additionalProperties : {};
    if (isUnconstrained(valueSource)) return jsonEncoded(node);
    const value = this.convert(valueSource, depth + 2, references);
    const schema: JsonSchema = {
      type: 'array',
      items: {
        type: 'object',
        properties: { key: { type: 'string' }, value: value.schema },
        required: ['key', 'value'],
        additionalProperties: false,
      },
    };
    const decode: Decoder = (entries) => {
      if (!Array.isArray(entries)) return entries;
      const result: Record<string, unknown> = {};
      for (const entry of entries) {
        if (isJsonObject(entry) && typeof entry.key === 'string')
          result[entry.key] = value.decode(entry.value);
      }
      return result;
    };
    return finish(schema, describe(node, ['A map, given as a list of {key, value} pairs.']), decode, false);
  }
}

/** A value strict mode cannot type, carried as a JSON-encoded string. */
function jsonEncoded(node: JsonSchema): Converted {
  const schema: JsonSchema = { type: 'string' };
  const decode: Decoder = (value) => {
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  };
  return finish(schema, describe(node, ['JSON-encoded value.']), decode, false);
}

function finish(
  schema: JsonSchema,
  description: string | undefined,
  decode: Decoder,
  nullable: boolean,
): Converted {
  return { schema: withDescription(schema, description), decode, nullable };
}

function withoutAnnotations(node: JsonSchema): JsonSchema {
  const { description: _description, default: _default, title: _title, ...rest } = node;
  return rest;
}

/** An optional property: the same schema, also allowing null. */
function allowNull(schema: JsonSchema): JsonSchema {
  if (typeof schema.type === 'string' && PRIMITIVES.has(schema.type) && schema.enum === undefined) {
    return { ...schema, type: [schema.type, 'null'] };
  }
  if (Array.isArray(schema.anyOf)) return { ...schema, anyOf: [...schema.anyOf, { type: 'null' }] };
  const { description, ...rest } = schema;
  const wrapped: JsonSchema = { anyOf: [rest, { type: 'null' }] };
  if (description !== undefined) wrapped.description = description;
  return wrapped;
}

function isUnconstrained(node: JsonSchema): boolean {
  const meaningful = Object.keys(node).filter(
    (keyword) => !['description', 'title', 'default', 'examples'].includes(keyword),
  );
  return meaningful.length === 0;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Shallow match of a value against a strict schema, to pick the `anyOf` branch to decode with. */
function matches(schema: JsonSchema, value: unknown): boolean {
  if (Array.isArray(schema.enum)) return schema.enum.some((candidate) => candidate === value);
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
  const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  if (actual === 'object') {
    if (!types.includes('object')) return false;
    const keys = Object.keys(isJsonObject(schema.properties) ? schema.properties : {});
    return Object.keys(value as object).every((key) => keys.includes(key));
  }
  if (actual === 'number')
    return types.includes('number') || (types.includes('integer') && Number.isInteger(value));
  return types.includes(actual);
}
