import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { flattenUnionSchema } from './flatten-union-schema.ts';
import type { JsonSchema } from './json-schema.ts';

const avatar = z.strictObject({
  type: z.literal('avatar'),
  avatar_id: z.string().describe('Avatar to use.'),
  script: z.string().optional(),
  resolution: z.enum(['720p', '1080p']).optional(),
});
const image = z.strictObject({
  type: z.literal('image'),
  image_url: z.string(),
  script: z.string().optional(),
  resolution: z.enum(['720p', '4k']).optional(),
});

function convert(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: 'input' }) as JsonSchema;
}

describe('flattenUnionSchema', () => {
  it('presents a discriminated union as one object schema with the discriminator first as an enum', () => {
    const flattened = flattenUnionSchema(convert(z.discriminatedUnion('type', [avatar, image])));
    expect(flattened.type).toBe('object');
    expect(flattened.oneOf).toBeUndefined();
    const properties = flattened.properties as Record<string, JsonSchema>;
    expect(Object.keys(properties)[0]).toBe('type');
    expect(properties.type!.enum).toEqual(['avatar', 'image']);
    expect(flattened.required).toEqual(['type']);
    expect(flattened.additionalProperties).toBe(false);
  });

  it('says which variant a property belongs to and which fields each variant requires', () => {
    const flattened = flattenUnionSchema(convert(z.discriminatedUnion('type', [avatar, image])));
    const properties = flattened.properties as Record<string, JsonSchema>;
    expect(properties.avatar_id!.description).toBe('Only for type=avatar. Avatar to use.');
    expect(properties.image_url!.description).toBe('Only for type=image.');
    expect(properties.script!.description).toBeUndefined();
    expect(flattened.description).toBe(
      'Variants by `type`: avatar (requires avatar_id); image (requires image_url).',
    );
  });

  it('merges a property whose schema differs between variants into anyOf', () => {
    const flattened = flattenUnionSchema(convert(z.discriminatedUnion('type', [avatar, image])));
    const resolution = (flattened.properties as Record<string, JsonSchema>).resolution!;
    expect(resolution.anyOf).toEqual([
      { type: 'string', enum: ['720p', '1080p'] },
      { type: 'string', enum: ['720p', '4k'] },
    ]);
  });

  it('opens nested anyOf alternatives so A|null and A merge into A|null', () => {
    const first = z.strictObject({ kind: z.literal('a'), size: z.enum(['s', 'm']).nullable().optional() });
    const second = z.strictObject({ kind: z.literal('b'), size: z.enum(['s', 'm']).optional() });
    const flattened = flattenUnionSchema(convert(z.discriminatedUnion('kind', [first, second])));
    expect((flattened.properties as Record<string, JsonSchema>).size).toEqual({
      anyOf: [{ type: 'string', enum: ['s', 'm'] }, { type: 'null' }],
    });
  });

  it('labels variants by position when there is no discriminator', () => {
    const union = z.union([z.strictObject({ url: z.string() }), z.strictObject({ base64: z.string() })]);
    const flattened = flattenUnionSchema(convert(union));
    expect(flattened.required).toBeUndefined();
    expect(flattened.description).toContain('variant 1 (requires url); variant 2 (requires base64)');
  });

  it('leaves object schemas and unions of non-objects alone', () => {
    const object = convert(avatar);
    expect(flattenUnionSchema(object)).toBe(object);
    const scalars = convert(z.union([z.string(), z.number()]));
    expect(flattenUnionSchema(scalars)).toBe(scalars);
  });
});
