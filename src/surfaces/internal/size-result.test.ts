import { describe, expect, it } from 'vitest';
import { createLocalExecutor } from '../../gateway/local-executor.ts';
import { getTool } from '../../catalog/index.ts';
import { createHeyGenClient } from '../../heygen/index.ts';
import { startEmulator } from '../../test/index.ts';
import { createHttpApp } from '../http/create-http-app.ts';
import { runCatalogTool } from './run-catalog-tool.ts';
import { maxResultCharacters, sizeResult, takeResultSizing } from './size-result.ts';

const voices = Array.from({ length: 500 }, (_, index) => ({
  voice_id: `voice_${index}`,
  name: `Voice number ${index}`,
  language: 'English',
  preview_audio: `https://static.example.test/voices/${index}.mp3`,
}));

describe('sizeResult', () => {
  it('returns a small result unchanged', () => {
    const data = { voices: voices.slice(0, 3) };
    expect(sizeResult(data)).toBe(data);
  });

  it('cuts the largest list to the budget with a marker whose cursor continues where it stopped', () => {
    const first = sizeResult({ data: { voices }, has_more: false }) as Record<string, any>;
    expect(JSON.stringify(first).length).toBeLessThanOrEqual(maxResultCharacters);
    const marker = first._truncated;
    expect(marker).toMatchObject({ path: 'data.voices', offset: 0, total: 500 });
    expect(first.data.voices).toHaveLength(marker.returned);
    expect(marker.returned).toBeGreaterThan(10);

    const second = sizeResult(
      { data: { voices }, has_more: false },
      { resultCursor: marker.result_cursor },
    ) as Record<string, any>;
    expect(second.data.voices[0].voice_id).toBe(`voice_${marker.returned}`);
    expect(second._truncated.offset).toBe(marker.returned);

    // Walking the cursors returns every item exactly once, and the last page carries no marker.
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 100; page++) {
      const sized = sizeResult({ data: { voices } }, cursor ? { resultCursor: cursor } : {}) as Record<
        string,
        any
      >;
      seen.push(...sized.data.voices.map((voice: { voice_id: string }) => voice.voice_id));
      cursor = sized._truncated?.result_cursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(voices.map((voice) => voice.voice_id));
  });

  it('projects listed items onto fields, and gives everything with full', () => {
    const projected = sizeResult({ voices }, { fields: ['voice_id', 'name'] }) as Record<string, any>;
    expect(Object.keys(projected.voices[0])).toEqual(['voice_id', 'name']);
    const full = sizeResult({ voices }, { full: true }) as Record<string, any>;
    expect(full.voices).toHaveLength(500);
    expect(full._truncated).toBeUndefined();
  });

  it('sizes a bare list as {result}', () => {
    const sized = sizeResult(voices) as Record<string, any>;
    expect(sized._truncated.path).toBe('result');
    expect(sized.result.length).toBe(sized._truncated.returned);
  });

  it('takes the options out of the arguments, names a bad one, and leaves a tool field of that name alone', () => {
    expect(takeResultSizing('v1_voice_list', { full: true, x: 1 }, new Set())).toEqual({
      sizing: { full: true },
      args: { x: 1 },
    });
    expect(() => takeResultSizing('v1_voice_list', { fields: 'name' }, new Set())).toThrow(/fields/);
    expect(() => takeResultSizing('v1_voice_list', { result_cursor: 'nope' }, new Set())).toThrow(
      /result_cursor/,
    );
    expect(takeResultSizing('t', { fields: ['a'] }, new Set(['fields'])).args).toEqual({ fields: ['a'] });
  });
});

describe('results sized in the one call path', () => {
  it('cuts v1_voice_list over the realistically sized library and continues with result_cursor', async () => {
    const started = await startEmulator();
    try {
      const client = createHeyGenClient({ ...started.clientOptions, legacyCalls: 'send' });
      const executor = createLocalExecutor({ client });
      const tool = getTool('v1_voice_list');
      const context = { caller: {} };
      const first = await runCatalogTool(executor, 'mcp', tool, {}, context);
      if (!first.ok) throw new Error(JSON.stringify(first.error));
      const data = first.data as Record<string, any>;
      expect(data._truncated.total).toBeGreaterThanOrEqual(1000);
      expect(JSON.stringify(data).length).toBeLessThanOrEqual(maxResultCharacters);
      const next = await runCatalogTool(
        executor,
        'mcp',
        tool,
        { result_cursor: data._truncated.result_cursor, fields: ['voice_id'] },
        context,
      );
      if (!next.ok) throw new Error(JSON.stringify(next.error));
      const page = next.data as Record<string, any>;
      expect(page._truncated.offset).toBe(data._truncated.returned);
      const list = page[page._truncated.path.split('.')[0]];
      const items = page._truncated.path.includes('.') ? list[page._truncated.path.split('.')[1]] : list;
      expect(Object.keys(items[0])).toEqual(['voice_id']);
      const full = await runCatalogTool(executor, 'mcp', tool, { full: true }, context);
      expect(full.ok && (full.data as Record<string, unknown>)._truncated).toBeUndefined();
    } finally {
      await started.close();
    }
  });

  it('sizes /v1/tools results the same way, with the options beside the input', async () => {
    const started = await startEmulator();
    try {
      const client = createHeyGenClient({ ...started.clientOptions, legacyCalls: 'send' });
      const app = createHttpApp({ executor: createLocalExecutor({ client }), operatorWithoutToken: true });
      const post = async (body: unknown) => {
        const response = await app.request('http://127.0.0.1/v1/tools/v1_voice_list', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        return { status: response.status, body: (await response.json()) as Record<string, any> };
      };
      const cut = await post({ input: {} });
      expect(cut.status).toBe(200);
      expect(cut.body.data._truncated.total).toBeGreaterThanOrEqual(1000);
      expect(JSON.stringify(cut.body.data).length).toBeLessThanOrEqual(maxResultCharacters);
      const whole = await post({ input: { full: true } });
      expect(whole.body.data._truncated).toBeUndefined();
      const refused = await post({ input: { fields: 'voice_id' } });
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.body)).toMatch(/fields/);
    } finally {
      await started.close();
    }
  });
});
