import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../catalog/errors.ts';
import { createUrlGuard, type UrlGuardOptions } from './create-url-guard.ts';
import { downloadFile, type DownloadFileOptions } from './download-file.ts';
import { AbortedError } from './errors.ts';

/** Options whose guard answers every hop from `replies` (no DNS, no sockets: names resolve to a public IP). */
function options(replies: (Response | Error)[], guard: Partial<UrlGuardOptions> = {}) {
  const hops: string[] = [];
  const base: DownloadFileOptions = {
    guard: createUrlGuard({
      resolve: async () => [{ address: '93.184.216.34', family: 4 }],
      request: async (input) => {
        hops.push(input.url.href);
        const reply = replies.shift();
        if (!reply) throw new Error('no reply left');
        if (reply instanceof Error) throw reply;
        return reply;
      },
      ...guard,
    }),
    tool: 'asset_create',
    field: 'file.url',
    maxBytes: 8,
    timeoutMs: 5_000,
  };
  return { base, hops };
}

async function refusal(promise: Promise<unknown>): Promise<InvalidInputError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(InvalidInputError);
  expect((error as InvalidInputError).field).toBe('file.url');
  return error as InvalidInputError;
}

describe('downloadFile', () => {
  it('returns bytes, content type and file name', async () => {
    const { base } = options([
      new Response(new Uint8Array([1, 2, 3]), { headers: { 'content-type': 'audio/mpeg; x=1' } }),
    ]);
    const file = await downloadFile('https://media.test/a%20b/voice.mp3?sig=1', base);
    expect(file).toEqual({
      bytes: new Uint8Array([1, 2, 3]),
      contentType: 'audio/mpeg',
      filename: 'voice.mp3',
    });
  });

  it.each([
    'http://127.0.0.1/x',
    'http://169.254.169.254/latest',
    'http://[::ffff:127.0.0.1]/x',
    'http://2130706433/x',
    'file:///etc/passwd',
    'https://user:pass@media.test/a.png',
    'not a url',
  ])('refuses %s as an input error naming the field, without a request', async (url) => {
    const { base, hops } = options([]);
    const error = await refusal(downloadFile(url, base));
    expect(error.message).toContain('`file.url`');
    expect(hops).toHaveLength(0);
  });

  it('refuses a redirect to a private address after the first hop', async () => {
    const { base, hops } = options([
      new Response(null, { status: 302, headers: { location: 'http://10.0.0.1/secret' } }),
    ]);
    expect((await refusal(downloadFile('https://media.test/a', base))).message).toContain('private');
    expect(hops).toEqual(['https://media.test/a']);
  });

  it('refuses error statuses, empty files and files above the cap (declared or streamed)', async () => {
    expect(
      (await refusal(downloadFile('https://m.test/a', options([new Response('x', { status: 404 })]).base)))
        .message,
    ).toContain('HTTP 404');
    await refusal(downloadFile('https://m.test/a', options([new Response('')]).base));
    const declared = await refusal(
      downloadFile('https://m.test/a', options([new Response('123456789')]).base),
    );
    expect(declared.issues[0]?.expected).toBe('at most 8 bytes');
    const streamed = new Response(
      new ReadableStream({
        start(controller) {
          controller.enqueue(new Uint8Array(5));
          controller.enqueue(new Uint8Array(5));
          controller.close();
        },
      }),
    );
    expect((await refusal(downloadFile('https://m.test/a', options([streamed]).base))).message).toContain(
      'larger than 8 bytes',
    );
  });

  it('turns a network failure into a clear input error, and a cancel into AbortedError', async () => {
    const error = await refusal(
      downloadFile('https://m.test/a', options([new TypeError('fetch failed')]).base),
    );
    expect(error.message).toContain('could not be reached');
    const controller = new AbortController();
    controller.abort();
    await expect(
      downloadFile('https://m.test/a', { ...options([]).base, signal: controller.signal }),
    ).rejects.toThrow(AbortedError);
  });
});
