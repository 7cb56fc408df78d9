import { isJsonObject, mergeAll, type JsonSchema } from './json-schema.ts';
import { describe, identity, withDescription, type Decoder } from './schema-description.ts';

/** A JSON Schema rewritten for Gemini function declarations, and the way back for the model's arguments. */
export interface GeminiJsonSchema {
  /** Schema inside the subset Gemini's `FunctionDeclaration.parameters` accepts. */
  schema: JsonSchema;
  /**
   * Turns arguments that match `schema` back into input for the original schema: parses values carried as
   * JSON-encoded strings, rebuilds maps sent as `{key, value}` lists and restores non-string enum values.
   */
  decode(value: unknown): unknown;
}

/** String formats Gemini's Schema accepts on a STRING (`enum` is implied by `enum`, so only this one). */
const STRING_FORMATS = new Set(['date-time']);

const SCALARS = new Set(['string', 'number', 'integer', 'boolean']);

interface Converted {
  schema: JsonSchema;
  decode: Decoder;
}

/**
 * Rewrites a tool's object JSON Schema into the OpenAPI 3.0 subset Gemini function declarations accept:
 * one `type` per schema (a `["string","null"]` becomes `type: "string", nullable: true`), no
 * `additionalProperties`, `const`, `$ref`, `allOf`, `anyOf`/`oneOf`, `exclusiveMinimum`/`exclusiveMaximum`,
 * `multipleOf`, `uniqueItems` or `default` (restated in the description where they inform the model), `enum`
 * only on strings, and only the `date-time` string format. Every object below the root has properties.
 *
 * Unions are flattened, reversibly:
 * - objects → one object with every variant's properties, required only where every variant requires it,
 *   the description naming the variants (a discriminator's constants become a string `enum`);
 * - scalars of one kind → that kind (enums merged); numbers and integers → number;
 * - anything else (an object or a string, say) → a JSON-encoded string, parsed back before validation.
 * A free-form object becomes a JSON-encoded string; a map with typed values a list of `{key, value}` pairs.
 *
 * Anything Gemini cannot express exactly is still enforced: the gateway validates the decoded arguments
 * against the catalog's exact schema and names the offending field.
 */
export function geminiJsonSchema(root: JsonSchema): GeminiJsonSchema {
  const definitions = {
    ...(isJsonObject(root.$defs) ? root.$defs : {}),
    ...(isJsonObject(root.definitions) ? root.definitions : {}),
  } as Record<string, JsonSchema>;
  const converter = new GeminiConverter(definitions);
  const resolved = converter.resolve(root, []);
  const properties = isJsonObject(resolved.properties) ? resolved.properties : {};
  // A tool without parameters: Gemini clients send no `parameters` at all for it; keep the object root MCP needs.
  if (Object.keys(properties).length === 0 && !isJsonObject(resolved.additionalProperties)) {
    const schema: JsonSchema = { type: 'object', properties: {} };
    if (typeof resolved.description === 'string') schema.description = resolved.description;
    return { schema, decode: identity };
  }
  return converter.convert(resolved, []);
}

class GeminiConverter {
  readonly definitions: Record<string, JsonSchema>;

  constructor(definitions: Record<string, JsonSchema>) {
    this.definitions = definitions;
  }

  /** Inlines `$ref`s and merges `allOf` until the node is a plain schema (or one that cannot be resolved). */
  resolve(node: JsonSchema, references: readonly string[]): JsonSchema {
    if (typeof node.$ref === 'string') {
      const name = /^#\/(?:\$defs|definitions)\/(.+)$/.exec(node.$ref)?.[1];
      const target = name === undefined ? undefined : this.definitions[name];
      if (!target || references.includes(name!)) return { description: node.description };
      const { $ref: _ref, ...siblings } = node;
      return this.resolve({ ...target, ...siblings }, [...references, name!]);
    }
    if (Array.isArray(node.allOf)) {
      const { allOf, ...rest } = node;
      return this.resolve(mergeAll([rest, ...(allOf as JsonSchema[])]), references);
    }
    return node;
  }

  convert(input: unknown, references: readonly string[]): Converted {
    if (!isJsonObject(input)) return jsonEncoded({}, false);
    const node = this.resolve(input, references);
    if (isUnconstrained(node)) return jsonEncoded(node, false);

    const alternatives = node.anyOf ?? node.oneOf;
    if (Array.isArray(alternatives)) {
      const { anyOf: _anyOf, oneOf: _oneOf, ...rest } = node;
      return this.convertUnion(rest, alternatives as unknown[], references);
    }
    if (Array.isArray(node.type)) {
      const { type: _type, ...rest } = node;
      const types = node.type as string[];
      if (types.length === 1) return this.convert({ ...rest, type: types[0] }, references);
      return this.convertUnion(
        rest,
        types.map((type) => ({ type })),
        references,
      );
    }
    if (node.const !== undefined) {
      const { const: value, ...rest } = node;
      return this.convertEnum(rest, [value]);
    }
    if (Array.isArray(node.enum)) return this.convertEnum(node, node.enum as unknown[]);

    const type = typeOf(node);
    if (type === 'object') return this.convertObject(node, references);
    if (type === 'array') return this.convertArray(node, references);
    if (type === 'null') return finish({ type: 'string', nullable: true }, describe(node, ['Always null.']));
    if (type !== undefined && SCALARS.has(type)) return this.convertScalar(node, type);
    return jsonEncoded(node, false);
  }

  convertUnion(node: JsonSchema, alternatives: unknown[], references: readonly string[]): Converted {
    const branches: JsonSchema[] = [];
    let nullable = false;
    const open = (alternative: unknown) => {
      if (!isJsonObject(alternative)) return;
      const resolved = this.resolve(alternative, references);
      const nested = resolved.anyOf ?? resolved.oneOf;
      if (Array.isArray(nested) && resolved.type === undefined) {
        for (const branch of nested) open(branch);
      } else if (Array.isArray(resolved.type)) {
        const { type: _type, ...rest } = resolved;
        for (const type of resolved.type as string[]) open({ ...rest, type });
      } else if (resolved.type === 'null' || resolved.const === null) {
        nullable = true;
      } else {
        branches.push(resolved);
      }
    };
    for (const alternative of alternatives) open(alternative);

    const base = withoutAnnotations(node);
    const result = this.convertBranches(
      node,
      branches.map((branch) => ({ ...base, ...branch })),
      references,
    );
    if (nullable) result.schema = { ...result.schema, nullable: true };
    return result;
  }

  convertBranches(node: JsonSchema, branches: JsonSchema[], references: readonly string[]): Converted {
    if (branches.length === 0) return finish({ type: 'string', nullable: true }, describe(node, []));
    const unique = [...new Map(branches.map((branch) => [JSON.stringify(branch), branch])).values()];
    if (unique.length === 1) {
      const only = this.convert(unique[0]!, references);
      return { ...only, schema: withDescription(only.schema, describe(node, [])) };
    }
    const kinds = new Set(unique.map(typeOf));
    if (kinds.size === 1 && kinds.has('object'))
      return this.convert(flattenObjects(node, unique), references);
    if (kinds.size === 1 && kinds.has('array')) {
      const items = unique.map((branch) => (isJsonObject(branch.items) ? branch.items : {}));
      return this.convert({ ...describeOnly(node), type: 'array', items: { anyOf: items } }, references);
    }
    if ([...kinds].every((kind) => kind === 'string')) return this.mergeStrings(node, unique);
    if ([...kinds].every((kind) => kind === 'number' || kind === 'integer')) {
      const type = kinds.has('number') ? 'number' : 'integer';
      return this.convertScalar({ ...describeOnly(node), type }, type);
    }
    // Mixed kinds (string or object, number or string, …): one JSON-encoded string, parsed back.
    const names = [...kinds].map((kind) => kind ?? 'value').join(' or ');
    return jsonEncoded({ ...node, description: describe(node, [`A ${names}.`]) }, kinds.has('string'));
  }

  /** Several string schemas: one string, with the merged enum when every branch is an enum. */
  mergeStrings(node: JsonSchema, branches: readonly JsonSchema[]): Converted {
    const values: unknown[] = [];
    let closed = true;
    for (const branch of branches) {
      if (branch.const !== undefined) values.push(branch.const);
      else if (Array.isArray(branch.enum)) values.push(...(branch.enum as unknown[]));
      else closed = false;
    }
    if (closed) return this.convertEnum(describeOnly(node), [...new Set(values)]);
    return this.convertScalar({ ...describeOnly(node), type: 'string' }, 'string');
  }

  convertEnum(node: JsonSchema, values: readonly unknown[]): Converted {
    const nullable = values.includes(null);
    const present = values.filter((value) => value !== null);
    let converted: Converted;
    if (present.every((value) => typeof value === 'string')) {
      converted = finish({ type: 'string', enum: present }, describe(node, []));
    } else if (present.every((value) => typeof value === 'number')) {
      const type = present.every((value) => Number.isInteger(value)) ? 'integer' : 'number';
      const note = present.length === 1 ? `Must be ${present[0]}.` : `One of ${present.join(', ')}.`;
      converted = finish({ type }, describe(node, [note]));
    } else if (present.every((value) => typeof value === 'boolean')) {
      const note = present.length === 1 ? `Must be ${String(present[0])}.` : undefined;
      converted = finish({ type: 'boolean' }, describe(node, note ? [note] : []));
    } else {
      // Mixed constants: offered as strings, mapped back to the original values.
      const byText = new Map(present.map((value) => [JSON.stringify(value), value]));
      converted = {
        schema: withDescription({ type: 'string', enum: [...byText.keys()] }, describe(node, [])),
        decode: (value) => (typeof value === 'string' && byText.has(value) ? byText.get(value) : value),
      };
    }
    if (nullable) converted.schema = { ...converted.schema, nullable: true };
    return converted;
  }

  convertScalar(node: JsonSchema, type: string): Converted {
    const schema: JsonSchema = { type };
    const notes: string[] = [];
    if (type === 'string') {
      if (typeof node.format === 'string') {
        if (STRING_FORMATS.has(node.format)) schema.format = node.format;
        else
          notes.push(node.format === 'uri' || node.format === 'url' ? 'A URL.' : `Format: ${node.format}.`);
      }
      for (const keyword of ['minLength', 'maxLength'])
        if (typeof node[keyword] === 'number') schema[keyword] = node[keyword];
      if (typeof node.pattern === 'string') notes.push(`Pattern: ${node.pattern}.`);
    }
    if (type === 'number' || type === 'integer') {
      if (typeof node.minimum === 'number') schema.minimum = node.minimum;
      if (typeof node.maximum === 'number') schema.maximum = node.maximum;
      if (typeof node.exclusiveMinimum === 'number') {
        if (type === 'integer') schema.minimum = Math.floor(node.exclusiveMinimum) + 1;
        else notes.push(`Greater than ${node.exclusiveMinimum}.`);
      }
      if (typeof node.exclusiveMaximum === 'number') {
        if (type === 'integer') schema.maximum = Math.ceil(node.exclusiveMaximum) - 1;
        else notes.push(`Less than ${node.exclusiveMaximum}.`);
      }
      if (typeof node.multipleOf === 'number') notes.push(`A multiple of ${node.multipleOf}.`);
    }
    return finish(schema, describe(node, notes));
  }

  convertArray(node: JsonSchema, references: readonly string[]): Converted {
    const itemSource = node.items ?? (Array.isArray(node.prefixItems) ? { anyOf: node.prefixItems } : {});
    const items = this.convert(itemSource, references);
    const schema: JsonSchema = { type: 'array', items: items.schema };
    for (const keyword of ['minItems', 'maxItems'])
      if (typeof node[keyword] === 'number') schema[keyword] = node[keyword];
    const notes = node.uniqueItems === true ? ['Items must be unique.'] : [];
    return {
      schema: withDescription(schema, describe(node, notes)),
      decode: (value) => (Array.isArray(value) ? value.map(items.decode) : value),
    };
  }

  convertObject(node: JsonSchema, references: readonly string[]): Converted {
    const properties = isJsonObject(node.properties) ? (node.properties as Record<string, unknown>) : {};
    // No declared properties: a map (typed values → {key, value} list) or any object (JSON-encoded).
    if (Object.keys(properties).length === 0) {
      if (isJsonObject(node.additionalProperties) && !isUnconstrained(node.additionalProperties))
        return this.convertMap(node, node.additionalProperties, references);
      return jsonEncoded(node, false);
    }
    const converted: Record<string, JsonSchema> = {};
    const decoders: Record<string, Decoder> = {};
    for (const [name, property] of Object.entries(properties)) {
      const result = this.convert(property, references);
      converted[name] = result.schema;
      decoders[name] = result.decode;
    }
    const schema: JsonSchema = { type: 'object', properties: converted };
    const required = Array.isArray(node.required)
      ? (node.required as string[]).filter((name) => name in converted)
      : [];
    if (required.length > 0) schema.required = required;
    return {
      schema: withDescription(schema, describe(node, [])),
      decode: (value) => {
        if (!isJsonObject(value)) return value;
        const result: Record<string, unknown> = {};
        for (const [name, field] of Object.entries(value))
          result[name] = decoders[name] ? decoders[name](field) : field;
        return result;
      },
    };
  }

  convertMap(node: JsonSchema, valueSchema: JsonSchema, references: readonly string[]): Converted {
    const value = this.convert(valueSchema, references);
    const schema: JsonSchema = {
      type: 'array',
      items: {
        type: 'object',
        properties: { key: { type: 'string' }, value: value.schema },
        required: ['key', 'value'],
      },
    };
    return {
      schema: withDescription(schema, describe(node, ['A map, given as a list of {key, value} pairs.'])),
      decode: (entries) => {
        if (!Array.isArray(entries)) return entries;
        const result: Record<string, unknown> = {};
        for (const entry of entries)
          if (isJsonObject(entry) && typeof entry.key === 'string')
            result[entry.key] = value.decode(entry.value);
        return result;
      },
    };
  }
}

/**
 * A union of object schemas as one object: every variant's properties (a property that differs between
 * variants becomes the union of its schemas, flattened in turn), required where every variant requires it,
 * the variants named in the description.
 */
function flattenObjects(node: JsonSchema, variants: readonly JsonSchema[]): JsonSchema {
  const propertiesOf = (variant: JsonSchema) =>
    (isJsonObject(variant.properties) ? variant.properties : {}) as Record<string, JsonSchema>;
  const requiredOf = (variant: JsonSchema) =>
    Array.isArray(variant.required) ? (variant.required as string[]) : [];
  const names: string[] = [];
  for (const variant of variants)
    for (const name of Object.keys(propertiesOf(variant))) if (!names.includes(name)) names.push(name);
  const properties: Record<string, JsonSchema> = {};
  for (const name of names) {
    const schemas = variants.flatMap((variant) =>
      name in propertiesOf(variant) ? [propertiesOf(variant)[name]!] : [],
    );
    const distinct = [...new Map(schemas.map((schema) => [JSON.stringify(schema), schema])).values()];
    properties[name] = distinct.length === 1 ? distinct[0]! : { anyOf: distinct };
  }
  const required = names.filter((name) => variants.every((variant) => requiredOf(variant).includes(name)));
  const summary = variants
    .map((variant) => {
      const own = requiredOf(variant).filter((name) => !required.includes(name));
      const fields = Object.keys(propertiesOf(variant)).join(', ');
      return own.length > 0 ? `{${fields}} requiring ${own.join(', ')}` : `{${fields}}`;
    })
    .join(' | ');
  const note = `One of these shapes: ${summary}; send the fields of one only.`;
  const flattened: JsonSchema = { type: 'object', properties, description: describe(node, [note]) };
  if (required.length > 0) flattened.required = required;
  return flattened;
}

/** A value Gemini cannot type, carried as a JSON-encoded string (a plain string kept when strings are allowed). */
function jsonEncoded(node: JsonSchema, keepStrings: boolean): Converted {
  const decode: Decoder = (value) => {
    if (typeof value !== 'string') return value;
    try {
      const parsed = JSON.parse(value) as unknown;
      return keepStrings && (typeof parsed !== 'object' || parsed === null) ? value : parsed;
    } catch {
      return value;
    }
  };
  const note = keepStrings ? 'Objects and lists as JSON text.' : 'JSON-encoded value.';
  return { schema: withDescription({ type: 'string' }, describe(node, [note])), decode };
}

function finish(schema: JsonSchema, description: string | undefined): Converted {
  return { schema: withDescription(schema, description), decode: identity };
}

function describeOnly(node: JsonSchema): JsonSchema {
  const result: JsonSchema = {};
  if (node.description !== undefined) result.description = node.description;
  if (node.default !== undefined) result.default = node.default;
  return result;
}

function withoutAnnotations(node: JsonSchema): JsonSchema {
  const { description: _description, default: _default, title: _title, ...rest } = node;
  return rest;
}

function typeOf(node: JsonSchema): string | undefined {
  if (typeof node.type === 'string') return node.type;
  if (node.const !== undefined || Array.isArray(node.enum)) {
    const values = node.const !== undefined ? [node.const] : (node.enum as unknown[]);
    const kinds = new Set(values.map((value) => (typeof value === 'number' ? 'number' : typeof value)));
    return kinds.size === 1 ? [...kinds][0] : undefined;
  }
  if (isJsonObject(node.properties) || node.additionalProperties !== undefined) return 'object';
  if (node.items !== undefined || node.prefixItems !== undefined) return 'array';
  return undefined;
}

function isUnconstrained(node: JsonSchema): boolean {
  return Object.keys(node).every((keyword) =>
    ['description', 'title', 'default', 'examples'].includes(keyword),
  );
}
