import { describe, expect, it } from 'vitest';
import { createHarness } from './emulator-harness.ts';
import { parseFaultSpec } from './parse-fault-spec.ts';

/** Fault injection: every kind by header, by the `faults` option (probabilities from the seed), and `-after`. */

describe('parseFaultSpec', () => {
  it('parses kinds, parameters, probabilities, path prefixes and -after', () => {
    expect(parseFaultSpec('500:0.1, timeout:0.05,slow=1500:0.2@/v3/videos,reset-after')).toEqual([
      { kind: '500', after: false, parameter: undefined, probability: 0.1, pathPrefix: undefined },
      { kind: 'timeout', after: false, parameter: undefined, probability: 0.05, pathPrefix: undefined },
      { kind: 'slow', after: false, parameter: 1500, probability: 0.2, pathPrefix: '/v3/videos' },
      { kind: 'reset', after: true, parameter: undefined, probability: 1, pathPrefix: undefined },
    ]);
    expect(parseFaultSpec('')).toEqual([]);
  });

  it('names the bad rule', () => {
    expect(() => parseFaultSpec('teapot')).toThrow(/"teapot".*unknown kind/);
    expect(() => parseFaultSpec('500:2')).toThrow(/probability must be 0..1/);
    expect(() => parseFaultSpec('500@v3')).toThrow(/must start with/);
    expect(() => parseFaultSpec('slow-after')).toThrow(/cannot be combined/);
  });
});

describe('faults by header', () => {
  const fault = (kind: string) => ({ headers: { 'x-emulator-fault': kind } });

  it('500 and 503 answer HeyGen-shaped server errors (503 with Retry-After)', async () => {
    const { request } = createHarness();
    const error = await request('GET', '/v3/users/me', fault('500'));
    expect(error.status).toBe(500);
    expect(error.body.error.code).toBe('internal_error');
    const unavailable = await request('GET', '/v3/users/me', fault('503=7'));
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get('retry-after')).toBe('7');
    const legacy = await request('GET', '/v1/folders', fault('500'));
    expect(legacy.body).toMatchObject({ code: 500 });
  });

  it('429 answers rate_limit_exceeded with Retry-After', async () => {
    const { request } = createHarness();
    const limited = await request('GET', '/v3/users/me', fault('429=3'));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(limited.body.error.code).toBe('rate_limit_exceeded');
  });

  it('malformed answers 200 with invalid JSON; html answers a 502 HTML page', async () => {
    const { request } = createHarness();
    const malformed = await request('GET', '/v3/users/me', fault('malformed'));
    expect(malformed.status).toBe(200);
    expect(malformed.headers.get('content-type')).toBe('application/json');
    expect(() => JSON.parse(malformed.text)).toThrow();
    const html = await request('GET', '/v3/users/me', fault('html'));
    expect(html.status).toBe(502);
    expect(html.headers.get('content-type')).toBe('text/html');
    expect(html.text).toContain('<title>502 Bad Gateway</title>');
  });

  it('reset rejects the in-process fetch like a dropped connection', async () => {
    const { request } = createHarness();
    const failure = await request('GET', '/v3/users/me', fault('reset')).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as TypeError & { cause: { code: string } }).cause.code).toBe('ECONNRESET');
  });

  it('timeout never answers until the client aborts', async () => {
    const { request } = createHarness();
    const controller = new AbortController();
    let settled = false;
    const pending = request('GET', '/v3/users/me', {
      ...fault('timeout'),
      signal: controller.signal,
    }).finally(() => {
      settled = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('slow delays the answer by N ms of emulator time', async () => {
    const { request, advance } = createHarness();
    let answered = false;
    const pending = request('GET', '/v3/users/me', fault('slow=3000')).then((response) => {
      answered = true;
      return response;
    });
    advance(2999);
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    advance(1);
    expect((await pending).status).toBe(200);
  });

  it('-after processes the request, then loses the answer (the duplicate-render trap)', async () => {
    const { request, emulator } = createHarness();
    const { avatarId, voiceId } = emulator.inspect.library();
    const body = { type: 'avatar', avatar_id: avatarId, voice_id: voiceId, script: 'Lost answer.' };
    const lost = await request('POST', '/v3/videos', { json: body, ...fault('reset-after') }).catch(
      (error: unknown) => error,
    );
    expect(lost).toBeInstanceOf(TypeError);
    expect(emulator.inspect.renders()).toBe(1);
    const failed = await request('POST', '/v3/videos', { json: body, ...fault('500-after') });
    expect(failed.status).toBe(500);
    expect(emulator.inspect.renders()).toBe(2);
    expect(emulator.inspect.requests().map((entry) => entry.fault)).toEqual(['reset-after', '500-after']);
  });

  it('rejects an invalid fault header with 400 naming the header', async () => {
    const { request } = createHarness();
    const response = await request('GET', '/v3/users/me', fault('explode'));
    expect(response.status).toBe(400);
    expect(response.body.error.param).toBe('X-Emulator-Fault');
  });
});

describe('faults by option', () => {
  it('injects faults at the given rate, deterministically by seed, only under the path prefix', async () => {
    const statuses = async () => {
      const { request } = createHarness({ faults: '503:0.5@/v3/voices', seed: 42 });
      const result: number[] = [];
      for (let index = 0; index < 20; index++)
        result.push((await request('GET', '/v3/voices?limit=1')).status);
      for (let index = 0; index < 5; index++) result.push((await request('GET', '/v3/users/me')).status);
      return result;
    };
    const first = await statuses();
    expect(first).toEqual(await statuses());
    const voices = first.slice(0, 20);
    expect(voices.filter((status) => status === 503).length).toBeGreaterThan(3);
    expect(voices.filter((status) => status === 200).length).toBeGreaterThan(3);
    expect(first.slice(20)).toEqual([200, 200, 200, 200, 200]);
  });
});
