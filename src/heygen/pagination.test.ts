import { describe, expect, it } from 'vitest';
import type { ToolDefinition } from '../catalog/define-tool.ts';
import { paginate, type Page } from './pagination.ts';
import { legacyVideoList, thingList } from './test-support/fixture-tools.ts';

/** A list reader that serves an endless (or finite) cursor chain and records the inputs it got. */
function pages(make: (index: number, input: Record<string, unknown>) => unknown) {
  const inputs: Record<string, unknown>[] = [];
  return {
    inputs,
    reader: {
      async call(_tool: ToolDefinition, input: Record<string, unknown>) {
        inputs.push(input);
        return { data: make(inputs.length - 1, input), requestId: `req_${inputs.length}` };
      },
    },
  };
}

async function collect(iterable: AsyncIterable<Page>): Promise<Page[]> {
  const result: Page[] = [];
  for await (const page of iterable) result.push(page);
  return result;
}

describe('paginate', () => {
  it('follows v3 next_token and stops at the maxPages cap', async () => {
    const { reader, inputs } = pages((index) => ({
      data: [{ id: `i${index}` }],
      has_more: true,
      next_token: `t${index + 1}`,
    }));
    const result = await collect(paginate(reader, thingList, { limit: 1 }, { maxPages: 3 }));
    expect(result).toHaveLength(3);
    expect(inputs).toEqual([{ limit: 1 }, { limit: 1, token: 't1' }, { limit: 1, token: 't2' }]);
    expect(result.map((page) => page.items)).toEqual([[{ id: 'i0' }], [{ id: 'i1' }], [{ id: 'i2' }]]);
    expect(result[2]).toMatchObject({ hasMore: true, nextToken: 't3', pageNumber: 3, requestId: 'req_3' });
  });

  it('defaults to 10 pages at most', async () => {
    const { reader } = pages((index) => ({ data: [], has_more: true, next_token: `t${index + 1}` }));
    expect(await collect(paginate(reader, thingList))).toHaveLength(10);
  });

  it('stops when has_more is false', async () => {
    const { reader } = pages((index) =>
      index === 0
        ? { data: [1], has_more: true, next_token: 'a' }
        : { data: [2], has_more: false, next_token: null },
    );
    expect((await collect(paginate(reader, thingList))).map((page) => page.items)).toEqual([[1], [2]]);
  });

  it('stops when HeyGen hands back the cursor it was given', async () => {
    const { reader } = pages(() => ({ data: [1], has_more: true, next_token: 'same' }));
    expect(await collect(paginate(reader, thingList, { token: 'same' }))).toHaveLength(1);
  });

  it('follows the legacy data.token cursor', async () => {
    const { reader, inputs } = pages((index) =>
      index < 2
        ? { videos: [{ video_id: `v${index}` }], token: `k${index + 1}` }
        : { videos: [], token: null },
    );
    const result = await collect(paginate(reader, legacyVideoList, { limit: 100 }));
    expect(result).toHaveLength(3);
    expect(inputs[1]).toEqual({ limit: 100, token: 'k1' });
    expect(result[0]?.items).toEqual([{ video_id: 'v0' }]);
    expect(result[2]?.hasMore).toBe(false);
  });
});
