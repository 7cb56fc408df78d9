import { describe, expect, it } from 'vitest';
import { InvalidInputError, UnknownToolError } from '../catalog/errors.ts';
import { createHeyGenClient, type HeyGenClientOptions } from './client.ts';
import {
  AbortedError,
  AuthenticationError,
  BadRequestError,
  HeyGenConnectionError,
  HeyGenTimeoutError,
  InternalServerError,
  InvalidResponseError,
  NotFoundError,
  RateLimitError,
  WaitTimeoutError,
} from './errors.ts';
import { fixtureTools, thingJob } from './test-support/fixture-tools.ts';
import { json, networkError, scriptedFetch, type ScriptedReply } from './test-support/scripted-fetch.ts';

const apiKey = 'hg_test_key_5b1e0c2d9a7f4e31';

/** A client over a scripted fetch, with instant recorded sleeps and no jitter. */
function setup(replies: readonly ScriptedReply[], overrides: Partial<HeyGenClientOptions> = {}) {
  const server = scriptedFetch(replies);
  const sleeps: number[] = [];
  const client = createHeyGenClient({
    apiKey,
    baseUrl: 'https://api.example.test',
    uploadBaseUrl: 'https://upload.example.test',
    fetch: server.fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    tools: fixtureTools,
    env: {},
    // No DNS here: names resolve to a public address (localhost to loopback), and the guard's pinned request
    // goes through the same scripted fetch, so downloads show up in `requests`.
    urlGuard: {
      resolve: async (hostname) => [
        { address: hostname === 'localhost' ? '127.0.0.1' : '93.184.216.34', family: 4 },
      ],
      request: (input) => server.fetch(input.url.href, { method: input.method, headers: input.headers }),
    },
    ...overrides,
  });
  return { client, requests: server.requests, sleeps };
}

function failure(promise: Promise<unknown>): Promise<any> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
}

const ok = (data: unknown = { id: 't1', title: 'One' }) => json({ data });
const serverError = () => json({ error: { code: 'internal_error', message: 'Something broke' } }, 503);

describe('client.call: requests', () => {
  it('sends X-Api-Key, User-Agent and Accept, and returns the unwrapped data', async () => {
    const { client, requests } = setup([
      json({ data: { id: 't1', title: 'One', added_later: true } }, 200, { 'x-request-id': 'req_abc' }),
    ]);
    const result = await client.call('thing_get', { thing_id: 't1' });
    expect(result).toEqual({
      data: { id: 't1', title: 'One', added_later: true },
      status: 200,
      requestId: 'req_abc',
      attempts: 1,
    });
    const [request] = requests;
    expect(request?.url.href).toBe('https://api.example.test/v3/things/t1');
    expect(request?.headers.get('x-api-key')).toBe(apiKey);
    expect(request?.headers.get('user-agent')).toMatch(/^heygate\/\d+\.\d+\.\d+/);
    expect(request?.headers.get('accept')).toBe('application/json');
    expect(request?.headers.get('idempotency-key')).toBeNull();
  });

  it('sends JSON bodies', async () => {
    const { client, requests } = setup([ok({ thing_id: 'n1', status: 'pending' })]);
    await client.call('thing_create', { title: 'New thing', count: 2 });
    expect(requests[0]?.method).toBe('POST');
    expect(requests[0]?.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(new TextDecoder().decode(requests[0]?.body))).toEqual({ title: 'New thing', count: 2 });
  });

  it('encodes path and query parameters', async () => {
    const { client, requests } = setup([ok()]);
    await client.call('thing_get', { thing_id: '../x y', include: ['a', 'b c'] });
    expect(requests[0]?.url.pathname).toBe('/v3/things/..%2Fx%20y');
    expect(requests[0]?.url.searchParams.getAll('include')).toEqual(['a', 'b c']);
  });

  it('uploads multipart (v3) with the file as field `file`', async () => {
    const bytes = new Uint8Array([1, 2, 3, 250, 251, 0, 10]);
    const { client, requests } = setup([ok({ asset_id: 'a1' })]);
    await client.call('asset_upload', {
      file: {
        base64: Buffer.from(bytes).toString('base64'),
        filename: 'clip.mp4',
        content_type: 'video/mp4',
      },
    });
    const request = requests[0];
    expect(request?.url.href).toBe('https://api.example.test/v3/assets');
    expect(request?.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/);
    const form = await request!.request.formData();
    const file = form.get('file') as File;
    expect(file.name).toBe('clip.mp4');
    expect(file.type).toBe('video/mp4');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(bytes);
  });

  it('uploads raw bytes (legacy) to the upload host with the MIME type as Content-Type', async () => {
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2]);
    const { client, requests } = setup([json({ code: 100, data: { id: 'asset1' } })]);
    const result = await client.call('legacy_upload', {
      file: { base64: Buffer.from(bytes).toString('base64'), content_type: 'image/jpeg' },
    });
    expect(result.data).toEqual({ id: 'asset1' });
    expect(requests[0]?.url.href).toBe('https://upload.example.test/v1/asset');
    expect(requests[0]?.headers.get('content-type')).toBe('image/jpeg');
    expect(requests[0]?.body).toEqual(bytes);
  });

  it('downloads a { url } file without the API key, then uploads its bytes', async () => {
    const bytes = new Uint8Array([137, 80, 78, 71]);
    const { client, requests } = setup([
      new Response(bytes, { headers: { 'content-type': 'image/png' } }),
      ok({ asset_id: 'a2' }),
    ]);
    await client.call('asset_upload', { file: { url: 'https://media.example.test/pics/logo.png' } });
    expect(requests[0]?.url.href).toBe('https://media.example.test/pics/logo.png');
    expect(requests[0]?.headers.get('x-api-key')).toBeNull();
    const file = (await requests[1]!.request.formData()).get('file') as File;
    expect(file.name).toBe('logo.png');
    expect(file.type).toBe('image/png');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(bytes);
  });

  it('refuses { url } files on private addresses before any request', async () => {
    const { client, requests } = setup([]);
    for (const url of [
      'http://169.254.169.254/latest/meta-data',
      'http://localhost:8080/x.png',
      'http://[::1]/a',
    ]) {
      const error = await failure(client.call('asset_upload', { file: { url } }));
      expect(error).toBeInstanceOf(InvalidInputError);
      expect(error.field).toBe('file.url');
    }
    expect(requests).toHaveLength(0);
  });

  it('resolves hosts: options, then HEYGEN_BASE_URL for both, then the defaults', () => {
    const env = { HEYGEN_BASE_URL: 'http://127.0.0.1:4010' };
    const fromEnv = createHeyGenClient({ apiKey, env });
    expect([fromEnv.baseUrl, fromEnv.uploadBaseUrl]).toEqual([
      'http://127.0.0.1:4010',
      'http://127.0.0.1:4010',
    ]);
    const defaults = createHeyGenClient({ apiKey, env: {} });
    expect([defaults.baseUrl, defaults.uploadBaseUrl]).toEqual([
      'https://api.heygen.com',
      'https://upload.heygen.com',
    ]);
    const explicit = createHeyGenClient({
      apiKey,
      env,
      baseUrl: 'http://a.test',
      uploadBaseUrl: 'http://u.test',
    });
    expect([explicit.baseUrl, explicit.uploadBaseUrl]).toEqual(['http://a.test', 'http://u.test']);
  });

  it('throws UnknownToolError for a name it does not know', async () => {
    const { client, requests } = setup([]);
    await expect(client.call('no_such_tool', {})).rejects.toBeInstanceOf(UnknownToolError);
    expect(requests).toHaveLength(0);
  });
});

describe('client.call: validation happens before any network I/O', () => {
  it('rejects bad input with InvalidInputError naming the field; fetch is never called', async () => {
    const { client, requests } = setup([]);
    const error = await failure(client.call('thing_create', { title: 'x', count: 99 }));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.field).toBe('count');
    const missing = await failure(client.call('thing_create', {}));
    expect(missing.field).toBe('title');
    const local = await failure(client.call('asset_upload', { file: { path: '/etc/passwd' } }));
    expect(local.field).toBe('file.path');
    expect(requests).toHaveLength(0);
  });

  it('skips validation with validate: false', async () => {
    const { client, requests } = setup([ok({ thing_id: 'n' })]);
    await client.call('thing_create', { title: 'x', count: 99 }, { validate: false });
    expect(requests).toHaveLength(1);
  });
});

describe('client.call: the retry policy, counted in attempts', () => {
  it('retries a 429 on a POST, waiting out Retry-After', async () => {
    const { client, requests, sleeps } = setup([
      json({ error: { code: 'rate_limit_exceeded', message: 'Too many requests' } }, 429, {
        'retry-after': '2',
      }),
      ok({ thing_id: 'n1' }),
    ]);
    const result = await client.call('thing_create', { title: 'x' });
    expect(result.attempts).toBe(2);
    expect(requests).toHaveLength(2);
    expect(sleeps).toEqual([2000]);
  });

  it('retries a 503 on an idempotent GET with growing back-off', async () => {
    const { client, requests, sleeps } = setup([serverError(), serverError(), ok()]);
    const result = await client.call('thing_get', { thing_id: 't1' });
    expect(result.attempts).toBe(3);
    expect(requests).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
    expect(sleeps[1]).toBeGreaterThan(sleeps[0] as number);
  });

  it('does not retry a 503 on a non-idempotent POST', async () => {
    const { client, requests, sleeps } = setup([serverError(), ok()]);
    const error = await failure(client.call('thing_create', { title: 'x' }));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.attempts).toBe(1);
    expect(requests).toHaveLength(1);
    expect(sleeps).toHaveLength(0);
  });

  it('retries a 503 on a POST carrying an Idempotency-Key, with the SAME key', async () => {
    const keys = ['generated-key-1', 'generated-key-2'];
    const { client, requests } = setup([serverError(), ok({ batch_id: 'b1' })], {
      generateIdempotencyKey: () => keys.shift() as string,
    });
    const result = await client.call('thing_batch_create', { titles: ['a'] });
    expect(result.attempts).toBe(2);
    expect(requests.map((request) => request.headers.get('idempotency-key'))).toEqual([
      'generated-key-1',
      'generated-key-1',
    ]);
  });

  it("sends the caller's Idempotency-Key when given", async () => {
    const { client, requests } = setup([ok({ batch_id: 'b1' })]);
    await client.call('thing_batch_create', { titles: ['a'] }, { idempotencyKey: 'caller-key' });
    expect(requests[0]?.headers.get('idempotency-key')).toBe('caller-key');
  });

  it('never re-sends a write that timed out', async () => {
    const { client, requests } = setup(['hang', ok()]);
    const error = await failure(client.call('thing_create', { title: 'x' }, { timeoutMs: 20 }));
    expect(error).toBeInstanceOf(HeyGenTimeoutError);
    expect(error.code).toBe('timeout');
    expect(error.retryable).toBe(false);
    expect(error.hint).toContain('thing_get');
    expect(error.message).toContain('not sent again');
    expect(requests).toHaveLength(1);
  });

  it('retries a read that timed out', async () => {
    const { client, requests } = setup(['hang', ok()]);
    const result = await client.call('thing_get', { thing_id: 't1' }, { timeoutMs: 20 });
    expect(result.attempts).toBe(2);
    expect(requests).toHaveLength(2);
  });

  it('never retries an abort (during the request)', async () => {
    const { client, requests } = setup(['hang', ok()]);
    const controller = new AbortController();
    const call = client.call('thing_get', { thing_id: 't1' }, { signal: controller.signal });
    while (requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    const error = await failure(call);
    expect(error).toBeInstanceOf(AbortedError);
    expect(error.code).toBe('aborted');
    expect(requests).toHaveLength(1);
  });

  it('never retries an abort (during the back-off sleep)', async () => {
    const controller = new AbortController();
    const { client, requests } = setup([serverError(), ok()], {
      sleep: async () => controller.abort(),
    });
    const error = await failure(client.call('thing_get', { thing_id: 't1' }, { signal: controller.signal }));
    expect(error).toBeInstanceOf(AbortedError);
    expect(requests).toHaveLength(1);
  });

  it('does not call fetch at all when the signal is already aborted', async () => {
    const { client, requests } = setup([ok()]);
    await expect(
      client.call('thing_get', { thing_id: 't1' }, { signal: AbortSignal.abort() }),
    ).rejects.toBeInstanceOf(AbortedError);
    expect(requests).toHaveLength(0);
  });

  it('caps Retry-After: a longer wait is handed back instead of slept', async () => {
    const limited = () =>
      json({ error: { code: 'rate_limit_exceeded', message: 'Too many requests' } }, 429, {
        'retry-after': '3600',
      });
    const { client, requests, sleeps } = setup([limited(), ok()]);
    const error = await failure(client.call('thing_get', { thing_id: 't1' }));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(3_600_000);
    expect(error.retryable).toBe(true);
    expect(requests).toHaveLength(1);
    expect(sleeps).toHaveLength(0);

    const raised = setup([limited(), ok()], { retry: { maxRetryAfterMs: 2 * 3_600_000 } });
    await raised.client.call('thing_get', { thing_id: 't1' });
    expect(raised.sleeps).toEqual([3_600_000]);
  });

  it('retries a connection reset on a GET; gives up after maxAttempts with the last error unwrapped', async () => {
    const { client, requests } = setup([
      networkError('ECONNRESET'),
      networkError('ECONNRESET'),
      networkError('ECONNRESET'),
    ]);
    const error = await failure(client.call('thing_get', { thing_id: 't1' }));
    expect(error).toBeInstanceOf(HeyGenConnectionError);
    expect(error.code).toBe('connection_error');
    expect(error.message).toContain('connection was reset');
    expect(error.attempts).toBe(3);
    expect(requests).toHaveLength(3);
  });

  it('does not retry a refused connection on a non-idempotent POST', async () => {
    const { client, requests } = setup([networkError('ECONNREFUSED'), ok()]);
    const error = await failure(client.call('thing_create', { title: 'x' }));
    expect(error).toBeInstanceOf(HeyGenConnectionError);
    expect(error.message).toContain('connection was refused');
    expect(error.message).toContain('api.example.test');
    expect(requests).toHaveLength(1);
  });

  it('does not wrap a single failure when retries are off', async () => {
    const { client, requests } = setup([serverError(), ok()], { retry: { maxAttempts: 1 } });
    const error = await failure(client.call('thing_get', { thing_id: 't1' }));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.heygenCode).toBe('internal_error');
    expect(error.attempts).toBe(1);
    expect(requests).toHaveLength(1);
  });

  it('does not retry 4xx answers', async () => {
    const { client, requests } = setup([
      json({ error: { code: 'invalid_parameter', message: "'title' is too long.", param: 'title' } }, 400),
      ok(),
    ]);
    const error = await failure(client.call('thing_get', { thing_id: 't1' }));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.param).toBe('title');
    expect(requests).toHaveLength(1);
  });

  it('tells onRetry about each retry', async () => {
    const events: { tool: string; attempt: number; delayMs: number }[] = [];
    const { client } = setup([serverError(), ok()], {
      onRetry: (event) => events.push({ tool: event.tool, attempt: event.attempt, delayMs: event.delayMs }),
    });
    await client.call('thing_get', { thing_id: 't1' });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ tool: 'thing_get', attempt: 1 });
  });
});

describe('client.call: envelopes and bad answers become typed errors', () => {
  it('maps a v1 error inside HTTP 200 (40104) to NotFoundError', async () => {
    const { client } = setup([
      json({ code: 40104, message: 'Video not found' }, 200, { 'x-request-id': 'req_v1' }),
    ]);
    const error = await failure(client.call('legacy_video_status', { video_id: 'v9' }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.requestId).toBe('req_v1');
    expect(error.tool).toBe('legacy_video_status');
  });

  it('reads a v2 success and a v1-style answer from a v2 delete', async () => {
    const { client } = setup([
      json({ error: null, data: { avatar_id: 'a' } }),
      json({ code: 100, data: null, msg: null }),
    ]);
    expect((await client.call('v2_avatar_get', { avatar_id: 'a' })).data).toEqual({ avatar_id: 'a' });
    expect((await client.call('v2_photo_delete', { avatar_id: 'a' })).data).toBeNull();
  });

  it('keeps the v3 list cursor', async () => {
    const { client } = setup([json({ data: [{ id: 'a' }], has_more: true, next_token: 'n1' })]);
    expect((await client.call('thing_list', { limit: 1 })).data).toEqual({
      data: [{ id: 'a' }],
      has_more: true,
      next_token: 'n1',
    });
  });

  it.each([
    [
      'malformed JSON',
      new Response('{"data": {', { headers: { 'content-type': 'application/json' } }),
      'malformed JSON',
    ],
    [
      'an HTML page',
      new Response('<!doctype html><html><title>Gateway error page</title></html>', {
        headers: { 'content-type': 'text/html' },
      }),
      'Gateway error page',
    ],
    ['an empty body', new Response('', { status: 200 }), 'empty body'],
  ])('%s on HTTP 200 → InvalidResponseError, not retried', async (_name, response, says) => {
    const { client, requests } = setup([response, ok()]);
    const error = await failure(client.call('thing_get', { thing_id: 't1' }));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.code).toBe('invalid_response');
    expect(error.message).toContain(says);
    expect(requests).toHaveLength(1);
  });
});

describe('client.call: composite and wait tools', () => {
  it('runs a composite tool through inner calls, summing attempts', async () => {
    const { client, requests } = setup([ok({ title: 'First' }), serverError(), ok({ title: 'Second' })]);
    const result = await client.call('thing_titles', { first: 'a', second: 'b' });
    expect(result.data).toEqual({ titles: ['First', 'Second'] });
    expect(result.attempts).toBe(3);
    expect(requests.map((request) => request.url.pathname)).toEqual([
      '/v3/things/a',
      '/v3/things/b',
      '/v3/things/b',
    ]);
  });

  it('runs a wait tool until the job completes, reporting progress', async () => {
    let now = 0;
    const progress: string[] = [];
    const { client, requests } = setup(
      [
        ok({ status: 'processing' }),
        ok({ status: 'processing' }),
        ok({ status: 'completed', url: 'https://cdn/x' }),
      ],
      { clock: { now: () => now }, sleep: async (ms) => void (now += ms) },
    );
    const result = await client.call(
      'thing_wait',
      { thing_id: 'j1' },
      { onProgress: (p) => progress.push(p.status!) },
    );
    expect(result.data).toEqual({ status: 'completed', url: 'https://cdn/x' });
    expect(result.attempts).toBe(3);
    expect(progress).toEqual(['processing', 'processing', 'completed']);
    expect(requests.every((request) => request.url.pathname === '/v3/things/j1')).toBe(true);
  });

  it('bounds a wait tool by timeout_seconds', async () => {
    let now = 0;
    const { client } = setup(
      Array.from({ length: 50 }, () => ok({ status: 'processing' })),
      {
        clock: { now: () => now },
        sleep: async (ms) => void (now += ms),
      },
    );
    const error = await failure(client.call('thing_wait', { thing_id: 'j1', timeout_seconds: 10 }));
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error.lastStatus).toBe('processing');
  });

  it('client.waitFor ends early on wakeUp', async () => {
    const { client, requests } = setup([ok({ status: 'processing' }), ok({ status: 'completed' })], {
      sleep: () => new Promise<void>(() => {}),
    });
    const waiting = client.waitFor(thingJob, 'j2');
    while (requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(client.wakeUp('thing', 'j2')).toBe(true);
    await expect(waiting).resolves.toEqual({ status: 'completed' });
  });

  it('client.paginate walks cursors up to maxPages', async () => {
    const { client, requests } = setup([
      json({ data: [1], has_more: true, next_token: 'p2' }),
      json({ data: [2], has_more: true, next_token: 'p3' }),
      json({ data: [3], has_more: true, next_token: 'p4' }),
    ]);
    const items: unknown[] = [];
    for await (const page of client.paginate('thing_list', { limit: 1 }, { maxPages: 2 }))
      items.push(...page.items);
    expect(items).toEqual([1, 2]);
    expect(requests.map((request) => request.url.search)).toEqual(['?limit=1', '?limit=1&token=p2']);
  });
});

describe('the API key never appears in errors', () => {
  it('is absent from every error message, String(error) and JSON, whatever HeyGen echoes', async () => {
    const echo = `Invalid API key: ${apiKey}`;
    const v3 = ['thing_get', { thing_id: 't1' }] as const;
    const v1 = ['legacy_video_status', { video_id: 'v1' }] as const;
    const scenarios: [string, readonly [string, object], () => ScriptedReply, Record<string, unknown>?][] = [
      ['401 echo', v3, () => json({ error: { code: 'authentication_failed', message: echo } }, 401)],
      ['v1 echo in 200', v1, () => json({ code: 401, message: echo })],
      ['v1 echo on 500', v1, () => json({ code: 500, message: echo }, 500)],
      [
        'html echo',
        v3,
        () =>
          new Response(`<html><title>${echo}</title></html>`, {
            status: 200,
            headers: { 'content-type': 'text/html' },
          }),
      ],
      ['malformed echo', v3, () => new Response(`{"key": "${apiKey}"`, { status: 200 })],
      ['text echo on 502', v3, () => new Response(`upstream said ${apiKey}`, { status: 502 })],
      [
        'network echo',
        v3,
        () => new TypeError('fetch failed', { cause: Object.assign(new Error(echo), { code: 'EWHATEVER' }) }),
      ],
      ['timeout', v3, () => 'hang', { timeoutMs: 10 }],
    ];
    for (const [name, [tool, input], reply, callOptions] of scenarios) {
      const { client } = setup([reply(), reply(), reply()]);
      const error = await failure(client.call(tool, input, callOptions));
      const texts = [
        error.message,
        String(error),
        JSON.stringify(error),
        error.hint ?? '',
        error.stack ?? '',
      ];
      for (const text of texts) expect(text, name).not.toContain(apiKey);
    }
    const auth = await failure(
      setup([json({ error: { code: 'authentication_failed', message: echo } }, 401)]).client.call(
        'thing_get',
        { thing_id: 't1' },
      ),
    );
    expect(auth).toBeInstanceOf(AuthenticationError);
    expect(auth.message).toContain('[redacted]');
  });
});
