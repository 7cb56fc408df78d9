import { describe, expect, it } from 'vitest';
import { collectPages, decodeResumeToken, encodeResumeToken } from './collect-pages.ts';
import { createRecordingContext } from './recording-context.ts';
import { readV3Object, readV3Page } from './v3-result.ts';

/** Three pages of v3 videos (ids v1..v7): the shape the client returns for a v3 list. */
function videoPages(sizes: number[]) {
  let next = 1;
  return sizes.map((size, index) => {
    const data = Array.from({ length: size }, () => ({ id: `v${next++}`, status: 'completed' }));
    const last = index === sizes.length - 1;
    return { data, has_more: !last, next_token: last ? null : `tok${index + 1}` };
  });
}

describe('collectPages', () => {
  it('skips and takes across page boundaries, passing the cursor along', async () => {
    const recording = createRecordingContext({ video_list: videoPages([3, 3, 1]) });
    const result = await collectPages(recording.context, {
      tool: 'video_list',
      pageSize: 3,
      maxPages: 10,
      skip: 2,
      take: 3,
    });
    expect(result.items.map((item) => item.id)).toEqual(['v3', 'v4', 'v5']);
    expect(result.hasMore).toBe(true);
    // Stopped in the middle of page 2: no v3 cursor points there, the resume point does.
    expect(result.nextToken).toBeNull();
    expect(result.resume).toEqual({ token: 'tok1', skip: 2 });
    expect(recording.calls).toEqual([
      { tool: 'video_list', input: { limit: 3 } },
      { tool: 'video_list', input: { limit: 3, token: 'tok1' } },
    ]);
  });

  it('reads to the end when take is not set and reports no more', async () => {
    const recording = createRecordingContext({ video_list: videoPages([3, 3, 1]) });
    const result = await collectPages(recording.context, { tool: 'video_list', pageSize: 3, maxPages: 10 });
    expect(result.items).toHaveLength(7);
    expect(result).toMatchObject({ hasMore: false, nextToken: null, pagesRead: 3, truncated: false });
  });

  it('stops at maxPages and hands back the cursor of the next page', async () => {
    const recording = createRecordingContext({ video_list: videoPages([3, 3, 1]) });
    const result = await collectPages(recording.context, { tool: 'video_list', pageSize: 3, maxPages: 2 });
    expect(result.items).toHaveLength(6);
    expect(result).toMatchObject({ hasMore: true, nextToken: 'tok2', pagesRead: 2, truncated: true });
    expect(result.resume).toEqual({ token: 'tok2', skip: 0 });
  });

  it('continues exactly where a previous call stopped, from its resume point', async () => {
    const first = await collectPages(createRecordingContext({ video_list: videoPages([3, 3, 1]) }).context, {
      tool: 'video_list',
      pageSize: 3,
      maxPages: 10,
      take: 4,
    });
    const resume = first.resume ?? { token: null, skip: 0 };
    const recording = createRecordingContext({ video_list: videoPages([3, 3, 1]).slice(1) });
    const second = await collectPages(recording.context, {
      tool: 'video_list',
      pageSize: 3,
      maxPages: 10,
      take: 4,
      token: resume.token ?? undefined,
      skip: resume.skip,
    });
    expect(first.items.map((item) => item.id)).toEqual(['v1', 'v2', 'v3', 'v4']);
    expect(second.items.map((item) => item.id)).toEqual(['v5', 'v6', 'v7']);
    expect(second.hasMore).toBe(false);
  });

  it('applies the filter before skip and take', async () => {
    const recording = createRecordingContext({ video_list: videoPages([3, 3, 1]) });
    const odd = (item: Record<string, unknown>) => Number(String(item.id).slice(1)) % 2 === 1;
    const result = await collectPages(recording.context, {
      tool: 'video_list',
      pageSize: 3,
      maxPages: 10,
      skip: 1,
      take: 2,
      filter: odd,
    });
    expect(result.items.map((item) => item.id)).toEqual(['v3', 'v5']);
  });

  it('ends when a page says has_more but gives no cursor', async () => {
    const recording = createRecordingContext({
      video_list: [{ data: [{ id: 'a', status: 'pending' }], has_more: true }],
    });
    const result = await collectPages(recording.context, { tool: 'video_list', pageSize: 3, maxPages: 10 });
    expect(result).toMatchObject({ hasMore: false, pagesRead: 1 });
  });
});

describe('resume tokens', () => {
  it('round-trip, and a foreign string is a plain v3 cursor', () => {
    expect(decodeResumeToken(encodeResumeToken({ token: 'abc', skip: 7 }))).toEqual({
      token: 'abc',
      skip: 7,
    });
    expect(decodeResumeToken(encodeResumeToken({ token: null, skip: 1 }))).toEqual({ token: null, skip: 1 });
    expect(decodeResumeToken('eyJvZmZzZXQiOjJ9')).toEqual({ token: 'eyJvZmZzZXQiOjJ9', skip: 0 });
    expect(decodeResumeToken('hg1.not-json')).toEqual({ token: 'hg1.not-json', skip: 0 });
  });
});

describe('v3 result readers', () => {
  it('unwraps an enveloped object and leaves an unwrapped one alone', () => {
    expect(readV3Object({ data: { id: 'x' } })).toEqual({ id: 'x' });
    expect(readV3Object({ id: 'x', data: { nested: true } })).toEqual({ id: 'x', data: { nested: true } });
    expect(readV3Object(null)).toEqual({});
  });

  it('reads pages in every form the client may return', () => {
    expect(readV3Page({ data: [{ id: 1 }], has_more: true, next_token: 't' })).toEqual({
      items: [{ id: 1 }],
      hasMore: true,
      nextToken: 't',
    });
    expect(readV3Page([{ id: 1 }, 'junk'])).toEqual({ items: [{ id: 1 }], hasMore: false, nextToken: null });
    expect(readV3Page({ items: [{ id: 2 }], next_token: 'n' })).toEqual({
      items: [{ id: 2 }],
      hasMore: true,
      nextToken: 'n',
    });
  });
});
