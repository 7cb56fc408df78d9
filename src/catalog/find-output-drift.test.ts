import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { findOutputDrift } from './find-output-drift.ts';
import { getTool } from './index.ts';
import { openEnum } from './open-enum.ts';

describe('findOutputDrift', () => {
  const schema = z.looseObject({
    status: openEnum(['pending', 'completed']).nullish(),
    items: z
      .array(z.looseObject({ kind: openEnum(['a', 'b']).nullish(), id: z.string().nullish() }))
      .nullish(),
    variables: z.looseObject({}).nullish(),
    extra: z.record(z.string(), z.unknown()).nullish(),
    either: z
      .union([
        z.looseObject({ url: z.string().nullish() }),
        z.looseObject({ asset_id: z.string().nullish() }),
      ])
      .nullish(),
  });

  it('passes a documented answer', () => {
    expect(
      findOutputDrift(schema, {
        status: 'pending',
        items: [{ kind: 'a', id: 'x' }],
        variables: { anything: 1 },
        extra: { also: 'fine' },
        either: { asset_id: 'a1' },
      }),
    ).toEqual([]);
  });

  it('names new fields and new enum values with their paths, once each', () => {
    const drift = findOutputDrift(schema, {
      status: 'archived',
      brand_new: true,
      items: [
        { kind: 'c', id: 'x', note: 1 },
        { kind: 'c', id: 'y', note: 2 },
      ],
      either: { url: 'https://x', size: 3 },
    });
    expect(drift).toEqual([
      { kind: 'new_value', path: 'status', value: 'archived', known: ['pending', 'completed'] },
      { kind: 'new_field', path: 'brand_new' },
      { kind: 'new_value', path: 'items[].kind', value: 'c', known: ['a', 'b'] },
      { kind: 'new_field', path: 'items[].note' },
      { kind: 'new_field', path: 'either.size' },
    ]);
  });

  it('ignores nulls and answers of another type (they are tolerated, not drift in fields or values)', () => {
    expect(findOutputDrift(schema, { status: null, items: 'not a list' })).toEqual([]);
    expect(findOutputDrift(schema, null)).toEqual([]);
  });

  it('works on the generated v3 schemas: video_get documents its statuses', () => {
    const tool = getTool('video_get');
    expect(findOutputDrift(tool.output(), { id: 'v', status: 'completed' })).toEqual([]);
    expect(findOutputDrift(tool.output(), { id: 'v', status: 'archived' })).toEqual([
      expect.objectContaining({ kind: 'new_value', path: 'status', value: 'archived' }),
    ]);
  });

  it('stops at 20 findings', () => {
    const wide = Object.fromEntries(Array.from({ length: 50 }, (_, index) => [`field${index}`, index]));
    expect(findOutputDrift(schema, wide)).toHaveLength(20);
  });
});
