import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { catalog } from '../../catalog/index.ts';
import { presentedInputSchema } from '../internal/presented-input-schema.ts';
import type { JsonSchema } from '../internal/json-schema.ts';
import { strictJsonSchema } from './strict-json-schema.ts';
import { toOpenAITools } from './to-openai-tools.ts';

/**
 * OpenAI strict mode (Structured Outputs "supported schemas"): the keywords it accepts, per kind of schema.
 * Anything else makes the API reject the whole request, so this list is deliberately an allow-list.
 */
const ALLOWED = new Set([
  'type',
  'description',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'enum',
  'anyOf',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
  '$defs',
  '$ref',
]);
const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);
const FORMATS = new Set([
  'date-time',
  'time',
  'date',
  'duration',
  'email',
  'hostname',
  'ipv4',
  'ipv6',
  'uuid',
]);

interface Budget {
  properties: number;
  enumValues: number;
  characters: number;
}

/** Every strict-mode rule a schema breaks, as `path: problem` lines (empty when valid). */
function strictModeViolations(root: JsonSchema): string[] {
  const problems: string[] = [];
  if (root.type !== 'object' || root.anyOf !== undefined)
    problems.push('(root): must be an object, not anyOf');
  const budget: Budget = { properties: 0, enumValues: 0, characters: 0 };
  visit(root, '(root)', 0, problems, budget);
  if (budget.properties > 5000) problems.push(`(root): ${budget.properties} properties (max 5000)`);
  if (budget.enumValues > 1000) problems.push(`(root): ${budget.enumValues} enum values (max 1000)`);
  if (budget.characters > 120_000)
    problems.push(`(root): ${budget.characters} characters of names and enums (max 120000)`);
  return problems;
}

function visit(node: unknown, path: string, depth: number, problems: string[], budget: Budget): void {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) {
    problems.push(`${path}: schema must be an object`);
    return;
  }
  const schema = node as JsonSchema;
  for (const keyword of Object.keys(schema))
    if (!ALLOWED.has(keyword)) problems.push(`${path}: keyword "${keyword}" not allowed`);
  if (schema.anyOf !== undefined) {
    if (!Array.isArray(schema.anyOf) || schema.anyOf.length === 0)
      problems.push(`${path}: anyOf must be a non-empty list`);
    else
      schema.anyOf.forEach((branch, index) =>
        visit(branch, `${path}.anyOf[${index}]`, depth, problems, budget),
      );
    if (schema.type !== undefined) problems.push(`${path}: anyOf next to type`);
    return;
  }
  if (schema.$ref !== undefined) return;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.length === 0 || !types.every((type) => typeof type === 'string' && TYPES.has(type))) {
    problems.push(`${path}: type ${JSON.stringify(schema.type)} not supported`);
  }
  if (Array.isArray(schema.enum)) {
    budget.enumValues += schema.enum.length;
    for (const value of schema.enum) {
      if (typeof value === 'object' && value !== null) problems.push(`${path}: enum value must be a scalar`);
      if (typeof value === 'string') budget.characters += value.length;
      const type =
        value === null
          ? 'null'
          : typeof value === 'number'
            ? Number.isInteger(value)
              ? 'integer'
              : 'number'
            : typeof value;
      if (!types.includes(type) && !(type === 'integer' && types.includes('number'))) {
        problems.push(
          `${path}: enum value ${JSON.stringify(value)} outside type ${JSON.stringify(schema.type)}`,
        );
      }
    }
  }
  if (schema.format !== undefined && !FORMATS.has(schema.format as string))
    problems.push(`${path}: format "${schema.format}" not supported`);
  if (types.includes('object')) {
    if (depth >= 10) problems.push(`${path}: nested deeper than 10 objects`);
    if (schema.additionalProperties !== false) problems.push(`${path}: additionalProperties must be false`);
    const properties = (schema.properties ?? {}) as Record<string, unknown>;
    if (typeof schema.properties !== 'object') problems.push(`${path}: object without properties`);
    const keys = Object.keys(properties);
    const required = Array.isArray(schema.required) ? schema.required : [];
    if (keys.length !== required.length || !keys.every((key) => required.includes(key))) {
      problems.push(`${path}: required must list every property`);
    }
    for (const key of keys) {
      budget.properties += 1;
      budget.characters += key.length;
      visit(properties[key], `${path}.${key}`, depth + 1, problems, budget);
    }
  }
  if (types.includes('array')) {
    if (schema.items === undefined) problems.push(`${path}: array without items`);
    else visit(schema.items, `${path}[]`, depth + 1, problems, budget);
  }
}

function strictOf(schema: z.ZodType) {
  return strictJsonSchema(z.toJSONSchema(schema, { io: 'input' }) as JsonSchema);
}

describe('strictJsonSchema', () => {
  const input = z.strictObject({
    title: z.string().max(100).optional(),
    dimension: z.strictObject({ width: z.number().int().min(128), height: z.number().int() }).optional(),
    scenes: z
      .array(
        z.strictObject({
          avatar_id: z.string(),
          background: z
            .union([z.strictObject({ color: z.string() }), z.strictObject({ url: z.url() })])
            .optional(),
        }),
      )
      .min(1),
    variables: z.record(z.string(), z.strictObject({ value: z.string() })).optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
    mode: z.enum(['fast', 'quality']).default('fast'),
    caption: z.boolean().nullable().optional(),
  });

  it('produces a schema inside the strict-mode subset', () => {
    const { schema } = strictOf(input);
    expect(strictModeViolations(schema)).toEqual([]);
  });

  it('makes optional fields required but nullable, and restates dropped constraints in descriptions', () => {
    const { schema } = strictOf(input);
    const properties = schema.properties as Record<string, JsonSchema>;
    expect(schema.required).toEqual(Object.keys(properties));
    expect(properties.title).toEqual({ type: ['string', 'null'], description: 'At most 100 characters.' });
    expect(properties.mode!.description).toBe('Default: "fast".');
    expect((properties.mode!.anyOf as JsonSchema[])[1]).toEqual({ type: 'null' });
  });

  it('decodes strict arguments back into input the original schema accepts', () => {
    const { decode } = strictOf(input);
    const fromModel = {
      title: null,
      dimension: null,
      scenes: [
        { avatar_id: 'a1', background: { url: 'https://example.com/b.png' } },
        { avatar_id: 'a2', background: null },
      ],
      variables: [{ key: 'name', value: { value: 'Ada' } }],
      metadata: '{"campaign":"spring","n":2}',
      mode: null,
      caption: null,
    };
    const decoded = decode(fromModel);
    expect(decoded).toEqual({
      scenes: [{ avatar_id: 'a1', background: { url: 'https://example.com/b.png' } }, { avatar_id: 'a2' }],
      variables: { name: { value: 'Ada' } },
      metadata: { campaign: 'spring', n: 2 },
    });
    expect(input.safeParse(decoded).success).toBe(true);
  });

  it('keeps a null the original schema requires', () => {
    const { decode } = strictOf(z.strictObject({ parent_id: z.string().nullable() }));
    expect(decode({ parent_id: null })).toEqual({ parent_id: null });
  });

  it('flags what strict mode rejects (the rules themselves can fail)', () => {
    expect(strictModeViolations({ type: 'object', properties: { a: { type: 'string' } } })).toEqual([
      '(root): additionalProperties must be false',
      '(root): required must list every property',
    ]);
    expect(
      strictModeViolations({
        type: 'object',
        properties: { a: { type: 'string', default: 'x', format: 'uri' } },
        required: ['a'],
        additionalProperties: false,
      }),
    ).toEqual(['(root).a: keyword "default" not allowed', '(root).a: format "uri" not supported']);
  });
});

describe('toOpenAITools over the whole catalog', () => {
  it('emits a strict-mode-valid function tool for every catalog tool', () => {
    const tools = toOpenAITools(catalog, { strict: true });
    expect(tools).toHaveLength(catalog.length);
    const problems = tools.flatMap((tool) =>
      strictModeViolations(tool.function.parameters).map((problem) => `${tool.function.name} ${problem}`),
    );
    expect(problems).toEqual([]);
    for (const tool of tools) {
      expect(tool.function.name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
      expect(tool.function.strict).toBe(true);
      expect(tool.function.description.length).toBeGreaterThan(0);
    }
  });

  it('emits the Responses API shape on request', () => {
    const [first] = toOpenAITools(catalog.slice(0, 1), { api: 'responses' });
    expect(first).toMatchObject({ type: 'function', name: catalog[0]!.name, strict: true });
  });

  it('without strict, passes the presented schema through', () => {
    const [first] = toOpenAITools(catalog.slice(0, 1), { strict: false });
    expect(first!.function.parameters).toBe(presentedInputSchema(catalog[0]!));
  });
});
