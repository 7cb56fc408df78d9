import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../catalog/errors.ts';
import { getTool } from '../catalog/index.ts';
import { createHeyGenClient } from './client.ts';
import { InternalServerError, JobFailedError } from './errors.ts';
import { json, scriptedFetch, type ScriptedReply } from './test-support/scripted-fetch.ts';

/** The client over the real catalog (no `tools` option), against a scripted HeyGen. */
function setup(replies: readonly ScriptedReply[]) {
  const server = scriptedFetch(replies);
  let now = 0;
  const client = createHeyGenClient({
    apiKey: 'hg_catalog_test_key_0001',
    baseUrl: 'https://api.example.test',
    fetch: server.fetch,
    clock: { now: () => now },
    sleep: async (ms) => void (now += ms),
    random: () => 0.5,
    env: {},
  });
  return { client, requests: server.requests };
}

describe('client with real catalog tools', () => {
  it('video_get: GET /v3/videos/{video_id}, data unwrapped, extra fields kept', async () => {
    const { client, requests } = setup([
      json({
        data: { id: 'vid 1', status: 'completed', video_url: 'https://cdn/v.mp4', brand_new_field: 1 },
      }),
    ]);
    const result = await client.call('video_get', { video_id: 'vid 1' });
    expect(requests[0]?.method).toBe('GET');
    expect(requests[0]?.url.href).toBe('https://api.example.test/v3/videos/vid%201');
    expect(result.data).toMatchObject({ id: 'vid 1', status: 'completed', brand_new_field: 1 });
  });

  it('video_create: invalid input is refused before any request', async () => {
    const { client, requests } = setup([]);
    await expect(client.call('video_create', { type: 'avatar', script: 42 })).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    expect(requests).toHaveLength(0);
  });

  it('video_translation_batch_create: sends one Idempotency-Key, reused on the retry of a 503', async () => {
    const { client, requests } = setup([
      json({ error: { code: 'internal_error', message: 'oops' } }, 503),
      json({ data: { batch_id: 'b1' } }),
    ]);
    const tool = getTool('video_translation_batch_create');
    expect(tool.idempotencyKey).toBe(true);
    const result = await client.call(tool, {
      video_translations: [
        { video: { type: 'url', url: 'https://example.test/in.mp4' }, output_languages: ['de'] },
      ],
    });
    expect(result.attempts).toBe(2);
    const keys = requests.map((request) => request.headers.get('idempotency-key'));
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
  });

  it('video_agent_create: a 503 is not retried (not idempotent, no key)', async () => {
    const { client, requests } = setup([json({ error: { code: 'internal_error', message: 'oops' } }, 503)]);
    const tool = getTool('video_agent_create');
    expect(tool.idempotent).toBe(false);
    expect(tool.idempotencyKey).toBeUndefined();
    const error = await client.call(tool, {}, { validate: false }).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(requests).toHaveLength(1);
  });

  it('asset_create: multipart upload with field `file`', async () => {
    const { client, requests } = setup([json({ data: { asset_id: 'a1', url: 'https://cdn/a1' } })]);
    const bytes = new Uint8Array([71, 73, 70, 56, 57, 97]);
    await client.call('asset_create', {
      file: { base64: Buffer.from(bytes).toString('base64'), filename: 'x.gif', content_type: 'image/gif' },
    });
    expect(requests[0]?.url.pathname).toBe('/v3/assets');
    const file = (await requests[0]!.request.formData()).get('file') as File;
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(bytes);
  });

  it('video_list: paginate follows next_token with limit and stops at maxPages', async () => {
    const { client, requests } = setup([
      json({ data: [{ id: 'a' }], has_more: true, next_token: 't2' }),
      json({ data: [{ id: 'b' }], has_more: true, next_token: 't3' }),
    ]);
    const ids: unknown[] = [];
    for await (const page of client.paginate('video_list', { limit: 1 }, { maxPages: 2 })) {
      ids.push(...page.items.map((item) => (item as { id: string }).id));
    }
    expect(ids).toEqual(['a', 'b']);
    expect(requests[1]?.url.search).toBe('?limit=1&token=t2');
  });

  it('video_wait: polls video_get until completed; a failed video is a JobFailedError', async () => {
    const done = setup([
      json({ data: { id: 'v', status: 'processing' } }),
      json({ data: { id: 'v', status: 'completed', video_url: 'https://cdn/v.mp4' } }),
    ]);
    const result = await done.client.call('video_wait', { video_id: 'v' });
    expect(result.data).toMatchObject({ status: 'completed', video_url: 'https://cdn/v.mp4' });
    expect(done.requests.map((request) => request.url.pathname)).toEqual(['/v3/videos/v', '/v3/videos/v']);

    const failed = setup([json({ data: { id: 'v', status: 'failed', failure_message: 'Script too long' } })]);
    const error = await failed.client
      .call('video_wait', { video_id: 'v' })
      .catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(JobFailedError);
    expect((error as JobFailedError).failureMessage).toBe('Script too long');
  });
});
