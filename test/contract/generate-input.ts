/**
 * Builds a valid tool input from the tool's input JSON Schema (`z.toJSONSchema(tool.input(), { io: 'input' })`)
 * for the generated contract suite: required fields only, the first enum value, the first union variant,
 * numbers inside their bounds, and every field first offered to a resolver (ids, URLs, files, texts), so the
 * contract suite needs no hand-written input per tool.
 */

/** A JSON Schema node as zod emits it (only the keywords the generator reads). */
export type JsonSchema = Record<string, any>;

/** One field the generator is about to fill. */
export interface FieldRequest {
  /** Property name (`video_id`); array items carry their array's name (the path ends in `[]`). */
  name: string;
  /** Dotted path from the input root, arrays as `[]` (e.g. `video.url`, `video_inputs[].character.avatar_id`). */
  path: string;
  /** The field's schema (after dropping the `null` branch of a nullable field). */
  schema: JsonSchema;
}

/** Options of {@link generateInput}. */
export interface GenerateInputOptions {
  /**
   * Asked for every field before the generic rules: return a value to use it as is, or `undefined` to let
   * the generator build one from the schema.
   */
  resolve(field: FieldRequest): Promise<unknown>;
  /**
   * Paths (as in {@link FieldRequest.path}) of optional fields to fill as well: fields that are required only
   * together with others (`script` with `voice_id`), which JSON Schema cannot say and a validation error names.
   */
  include?: ReadonlySet<string>;
}

/** Largest integer bounds zod emits for "any safe integer": treated as no bound. */
const unbounded = 1e15;

/** The schema without its `null` branch (`anyOf: [X, {type:'null'}]` → X; `type: ['string','null']` → string). */
function withoutNull(schema: JsonSchema): JsonSchema {
  if (Array.isArray(schema.type)) {
    const types = schema.type.filter((type: string) => type !== 'null');
    return { ...schema, type: types.length === 1 ? types[0] : types };
  }
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const branches = schema[keyword];
    if (!Array.isArray(branches)) continue;
    const kept = branches.filter((branch: JsonSchema) => branch.type !== 'null');
    if (kept.length === 1) return withoutNull({ ...schema, [keyword]: undefined, ...kept[0] });
    if (kept.length !== branches.length) return { ...schema, [keyword]: kept };
  }
  return schema;
}

function typeOf(schema: JsonSchema): string | undefined {
  if (typeof schema.type === 'string') return schema.type;
  if (Array.isArray(schema.type)) return schema.type[0];
  if (schema.properties) return 'object';
  if (schema.items) return 'array';
  return undefined;
}

function numberIn(schema: JsonSchema, integer: boolean): number {
  const step = integer ? 1 : 0.5;
  let low: number | undefined;
  if (typeof schema.minimum === 'number' && schema.minimum > -unbounded) low = schema.minimum;
  if (typeof schema.exclusiveMinimum === 'number' && schema.exclusiveMinimum > -unbounded) {
    low = schema.exclusiveMinimum + step;
  }
  let high: number | undefined;
  if (typeof schema.maximum === 'number' && schema.maximum < unbounded) high = schema.maximum;
  if (typeof schema.exclusiveMaximum === 'number' && schema.exclusiveMaximum < unbounded) {
    high = schema.exclusiveMaximum - step;
  }
  let value = low ?? Math.min(1, high ?? 1);
  if (typeof schema.multipleOf === 'number') value = Math.ceil(value / schema.multipleOf) * schema.multipleOf;
  return value;
}

function textFor(name: string, schema: JsonSchema): string {
  let value = `contract ${name.replace(/_/g, ' ')}`;
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  if (value.length < min) value = value.padEnd(min, 'x');
  if (value.length > max) value = value.slice(0, max);
  return value;
}

async function generate(
  schema: JsonSchema,
  field: FieldRequest,
  options: GenerateInputOptions,
): Promise<unknown> {
  const node = withoutNull(schema);
  const resolved = await options.resolve({ ...field, schema: node });
  if (resolved !== undefined) return resolved;
  if ('const' in node) return node.const;
  if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum[0];
  const branches = node.oneOf ?? node.anyOf;
  if (Array.isArray(branches) && branches.length > 0) {
    // The first variant: zod keeps the spec's order (e.g. `POST /v3/videos` starts with the avatar variant).
    return generate(branches[0] as JsonSchema, field, options);
  }
  switch (typeOf(node)) {
    case 'object': {
      const value: Record<string, unknown> = {};
      const required = new Set((node.required ?? []) as string[]);
      for (const [name, property] of Object.entries((node.properties ?? {}) as Record<string, JsonSchema>)) {
        const path = field.path ? `${field.path}.${name}` : name;
        if (!required.has(name) && !options.include?.has(path)) continue;
        value[name] = await generate(property, { name, path, schema: property }, options);
      }
      return value;
    }
    case 'array': {
      const count = Math.max(1, typeof node.minItems === 'number' ? node.minItems : 0);
      const items: unknown[] = [];
      for (let index = 0; index < count; index++) {
        const item = (node.items ?? {}) as JsonSchema;
        items.push(
          await generate(item, { name: field.name, path: `${field.path}[]`, schema: item }, options),
        );
      }
      return items;
    }
    case 'integer':
      return numberIn(node, true);
    case 'number':
      return numberIn(node, false);
    case 'boolean':
      return false;
    case 'string':
      return textFor(field.name, node);
    default:
      return textFor(field.name, node);
  }
}

/** A valid input for the schema: every required field filled, resolvers first. */
export async function generateInput(schema: JsonSchema, options: GenerateInputOptions): Promise<unknown> {
  return generate(schema, { name: '', path: '', schema }, options);
}
