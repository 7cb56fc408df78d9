import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { catalog, getTool } from '../../catalog/index.ts';
import { createCompactTools } from './compact-tools.ts';
import { dialectViolations } from './dialect-violations.ts';
import { geminiJsonSchema } from './gemini-json-schema.ts';
import type { JsonSchema } from './json-schema.ts';
import { presentedInputSchema } from './presented-input-schema.ts';
import { simplifyJsonSchema } from './simplify-json-schema.ts';
import {
  decodeToolArguments,
  dialectJsonSchema,
  dialectToolSchema,
  parseSchemaDialect,
  schemaDialects,
} from './schema-dialect.ts';

const ajv = new Ajv2020({ strict: false, validateFormats: false });

/** Rule violations plus "does not compile as JSON Schema 2020-12". */
function problemsOf(dialect: (typeof schemaDialects)[number], name: string, schema: JsonSchema): string[] {
  const problems = dialectViolations(dialect, schema, name).map((problem) => `${name} ${problem}`);
  try {
    ajv.compile(schema);
  } catch (error) {
    problems.push(`${name}: does not compile (${(error as Error).message})`);
  }
  return problems;
}

describe.each(schemaDialects)('every catalog tool in the %s dialect', (dialect) => {
  it('is accepted by the dialect and compiles', () => {
    const problems = catalog.flatMap((tool) =>
      problemsOf(dialect, tool.name, dialectToolSchema(tool, dialect).schema),
    );
    expect(problems).toEqual([]);
    expect(catalog.length).toBeGreaterThanOrEqual(187);
  });

  it('includes the max_wait_seconds variant compact describe_tool shows', () => {
    const problems = catalog.flatMap((tool) =>
      problemsOf(dialect, tool.name, dialectToolSchema(tool, dialect, { maxWait: true }).schema),
    );
    expect(problems).toEqual([]);
  });

  it('covers the compact meta-tools', () => {
    const executor = { visibleTools: async () => catalog } as never;
    for (const tool of createCompactTools({ executor, surface: 'mcp', dialect }))
      expect(problemsOf(dialect, tool.name, dialectJsonSchema(tool.inputSchema, dialect).schema)).toEqual([]);
  });
});

describe('raw schemas against the dialects', () => {
  it('are what MCP and Anthropic take, and what Gemini rejects', () => {
    const raw = (dialect: (typeof schemaDialects)[number]) =>
      catalog.filter((tool) => problemsOf(dialect, tool.name, presentedInputSchema(tool)).length === 0)
        .length;
    expect(raw('mcp')).toBe(catalog.length);
    expect(raw('anthropic')).toBe(catalog.length);
    expect(raw('gemini')).toBe(0);
    expect(raw('openai-strict')).toBeLessThan(catalog.length);
  });
});

describe('dialect rules (they can fail)', () => {
  it('flag what Gemini rejects', () => {
    expect(
      dialectViolations('gemini', {
        type: 'object',
        properties: {
          a: { type: ['string', 'null'] },
          b: { type: 'string', const: 'x' },
          c: { type: 'number', exclusiveMinimum: 0 },
          d: { type: 'string', format: 'uri' },
          e: { type: 'object', properties: {} },
          f: { anyOf: [{ type: 'string' }, { type: 'number' }] },
        },
        additionalProperties: false,
      }),
    ).toEqual([
      '(root): keyword "additionalProperties" not allowed',
      '(root).a: type ["string","null"] not supported (one of string, number, integer, boolean, object, array)',
      '(root).b: keyword "const" not allowed',
      '(root).c: keyword "exclusiveMinimum" not allowed',
      '(root).d: format "uri" not supported on string',
      '(root).e: object without properties',
      '(root).f: keyword "anyOf" not allowed',
      '(root).f: type undefined not supported (one of string, number, integer, boolean, object, array)',
    ]);
  });

  it('flag a top-level union for Anthropic and a non-object root for MCP', () => {
    expect(dialectViolations('anthropic', { type: 'object', oneOf: [] }, 'bad name!')).toEqual([
      '(name): "bad name!" does not match ^[a-zA-Z0-9_-]{1,64}$',
      '(root): oneOf not allowed at the top level',
    ]);
    expect(dialectViolations('mcp', { anyOf: [] })).toEqual(['(root): type must be "object"']);
  });

  it('reads dialect names', () => {
    expect(parseSchemaDialect('gemini')).toBe('gemini');
    expect(() => parseSchemaDialect('llama')).toThrow(/mcp, openai-strict, gemini, anthropic/);
  });
});

describe('geminiJsonSchema', () => {
  it('turns type arrays into nullable, const into enum, and drops additionalProperties', () => {
    const input = z.strictObject({
      title: z.string().nullable(),
      kind: z.literal('avatar'),
      size: z.number().int().positive(),
    });
    const { schema } = geminiJsonSchema(
      simplifyJsonSchema(z.toJSONSchema(input, { io: 'input' }) as JsonSchema),
    );
    expect(schema).toEqual({
      type: 'object',
      properties: {
        title: { type: 'string', nullable: true },
        kind: { type: 'string', enum: ['avatar'] },
        size: { type: 'integer', minimum: 1 },
      },
      required: ['title', 'kind', 'size'],
    });
  });

  it('flattens a union of objects into one object and names the shapes', () => {
    const { schema } = geminiJsonSchema(
      z.toJSONSchema(
        z.strictObject({
          image: z.union([
            z.strictObject({ type: z.literal('url'), url: z.string() }),
            z.strictObject({ type: z.literal('asset_id'), asset_id: z.string() }),
          ]),
        }),
        { io: 'input' },
      ) as JsonSchema,
    );
    const image = (schema.properties as Record<string, JsonSchema>).image!;
    expect(image.type).toBe('object');
    expect(image.properties).toEqual({
      type: { type: 'string', enum: ['url', 'asset_id'] },
      url: { type: 'string' },
      asset_id: { type: 'string' },
    });
    expect(image.required).toEqual(['type']);
    expect(image.description).toMatch(
      /One of these shapes: \{type, url\} requiring url \| \{type, asset_id\}/,
    );
  });
});

describe('arguments sent in a dialect map back to input the catalog accepts', () => {
  const videoCreate = getTool('video_create');

  it('gemini: a flattened union, a JSON-encoded string|array value', () => {
    const { schema } = dialectToolSchema(videoCreate, 'gemini');
    const avatarId = (schema.properties as Record<string, JsonSchema>).avatar_id!;
    expect(avatarId.type).toBe('string');
    const fromModel = { type: 'avatar', avatar_id: '["look_1","look_2"]', script: 'Hello', voice_id: 'v1' };
    const decoded = decodeToolArguments(videoCreate, fromModel, 'gemini');
    expect(decoded).toEqual({
      type: 'avatar',
      avatar_id: ['look_1', 'look_2'],
      script: 'Hello',
      voice_id: 'v1',
    });
    const plain = decodeToolArguments(videoCreate, { ...fromModel, avatar_id: 'look_1' }, 'gemini');
    expect(videoCreate.input().safeParse(plain).success).toBe(true);
    const image = { type: 'image', image: { type: 'url', url: 'https://example.com/a.png' }, script: 'Hi' };
    expect(videoCreate.input().safeParse(decodeToolArguments(videoCreate, image, 'gemini')).success).toBe(
      true,
    );
  });

  it('openai-strict: nulls on optional fields are dropped', () => {
    const fromModel = { type: 'avatar', avatar_id: 'look_1', script: 'Hello', title: null, wait: null };
    const decoded = decodeToolArguments(videoCreate, fromModel, 'openai-strict') as Record<string, unknown>;
    expect(decoded).toEqual({ type: 'avatar', avatar_id: 'look_1', script: 'Hello' });
  });

  it('mcp and anthropic: arguments untouched', () => {
    const args = { type: 'avatar', avatar_id: 'look_1' };
    expect(decodeToolArguments(videoCreate, args, 'mcp')).toBe(args);
    expect(decodeToolArguments(videoCreate, args, 'anthropic')).toBe(args);
  });
});
