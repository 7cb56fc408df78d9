import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../catalog/errors.ts';
import { downloadFile, type DownloadFileOptions } from './download-file.ts';
import { scriptedFetch, type ScriptedReply } from './test-support/scripted-fetch.ts';

function options(replies: readonly ScriptedReply[], extra: Partial<DownloadFileOptions> = {}) {
  const server = scriptedFetch(replies);
  const base: DownloadFileOptions = {
    fetch: server.fetch,
    tool: 'asset_create',
    field: 'file.url',
    maxBytes: 8,
    timeoutMs: 5_000,
    trustedOrigins: ['http://127.0.0.1:4010'],
    allowPrivateHosts: false,
    ...extra,
  };
  return { base, requests: server.requests };
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
    'http://10.1.2.3/x',
    'http://172.20.0.1/x',
    'http://192.168.1.1/x',
    'http://169.254.169.254/latest',
    'http://0.0.0.0/x',
    'http://[::1]/x',
    'http://[::ffff:127.0.0.1]/x',
    'http://[fd00::1]/x',
    'http://api.localhost/x',
  ])('refuses the private address %s without a request', async (url) => {
    const { base, requests } = options([]);
    await refusal(downloadFile(url, base));
    expect(requests).toHaveLength(0);
  });

  it('allows the trusted origin (the sandbox) and any host when private hosts are allowed', async () => {
    const trusted = options([new Response('ab')]);
    await expect(downloadFile('http://127.0.0.1:4010/media/a.png', trusted.base)).resolves.toMatchObject({
      filename: 'a.png',
    });
    const operator = options([new Response('ab')], { allowPrivateHosts: true });
    await expect(downloadFile('http://192.168.1.5/a.png', operator.base)).resolves.toBeDefined();
  });

  it('refuses other protocols and URLs with credentials', async () => {
    const { base } = options([]);
    await refusal(downloadFile('file:///etc/passwd', base));
    await refusal(downloadFile('https://user:pass@media.test/a.png', base));
    await refusal(downloadFile('not a url', base));
  });

  it('refuses error statuses, empty files and files above the cap (declared or streamed)', async () => {
    expect(
      (await refusal(downloadFile('https://m.test/a', options([new Response('x', { status: 404 })]).base)))
        .message,
    ).toContain('HTTP 404');
    await refusal(downloadFile('https://m.test/a', options([new Response('')]).base));
    await refusal(downloadFile('https://m.test/a', options([new Response('123456789')]).base));
    const streamed = new Response(
      new ReadableStream({
        start(controller) {
          controller.enqueue(new Uint8Array(5));
          controller.enqueue(new Uint8Array(5));
          controller.close();
        },
      }),
    );
    await refusal(downloadFile('https://m.test/a', options([streamed]).base));
  });

  it('turns a network failure into a clear input error', async () => {
    const error = await refusal(
      downloadFile('https://m.test/a', options([new TypeError('fetch failed')]).base),
    );
    expect(error.message).toContain('could not be fetched');
  });
});
