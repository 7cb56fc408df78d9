import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { catalog } from '../../catalog/index.ts';
import { presentedInputSchema } from '../internal/presented-input-schema.ts';
import type { JsonSchema } from '../internal/json-schema.ts';
import { dialectViolations } from '../internal/dialect-violations.ts';
import { strictJsonSchema } from '../internal/strict-json-schema.ts';
import { toOpenAITools } from './to-openai-tools.ts';

/** Every strict-mode rule a schema breaks (the shared checker, also run over every dialect). */
function strictModeViolations(schema: JsonSchema): string[] {
  return dialectViolations('openai-strict', schema);
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
