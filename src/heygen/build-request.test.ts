import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../catalog/errors.ts';
import { buildRequest } from './build-request.ts';
import {
  assetUpload,
  legacyUpload,
  legacyVideoStatus,
  legacyWebhookDelete,
  thingCreate,
  thingGet,
  thingList,
  thingUpdate,
} from './test-support/fixture-tools.ts';

const hosts = {
  baseUrl: 'https://api.example.test/',
  uploadBaseUrl: 'https://upload.example.test',
};
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 255]);
const pngBase64 = Buffer.from(png).toString('base64');

async function rejection(promise: Promise<unknown>): Promise<InvalidInputError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(InvalidInputError);
  return error as InvalidInputError;
}

describe('buildRequest: URLs', () => {
  it('URL-encodes path parameters', async () => {
    const request = await buildRequest(thingGet, { thing_id: 'a/b c?d#é' }, hosts);
    expect(request.url).toBe('https://api.example.test/v3/things/a%2Fb%20c%3Fd%23%C3%A9');
    expect(request.method).toBe('GET');
    expect(request.body).toBeUndefined();
    expect(request.timeoutClass).toBe('read');
    expect(request.label).toBe('GET /v3/things/{thing_id}');
  });

  it('encodes query values and repeats the key for arrays', async () => {
    const request = await buildRequest(thingGet, { thing_id: 'x', include: ['a b', 'c&d'], q: 'ü=1' }, hosts);
    const url = new URL(request.url);
    expect(url.pathname).toBe('/v3/things/x');
    expect(url.searchParams.getAll('include')).toEqual(['a b', 'c&d']);
    expect(url.searchParams.get('q')).toBe('ü=1');
    expect(request.url).toContain('include=a+b&include=c%26d');
  });

  it('puts remaining fields of body-less methods in the query', async () => {
    const request = await buildRequest(legacyWebhookDelete, { endpoint_id: 'ep 1' }, hosts);
    expect(request.url).toBe('https://api.example.test/v1/webhook/endpoint.delete?endpoint_id=ep+1');
    const status = await buildRequest(legacyVideoStatus, { video_id: 'v1' }, hosts);
    expect(status.url).toBe('https://api.example.test/v1/video_status.get?video_id=v1');
  });

  it('leaves out undefined query values', async () => {
    const request = await buildRequest(thingList, { limit: 5, token: undefined }, hosts);
    expect(request.url).toBe('https://api.example.test/v3/things?limit=5');
  });

  it('keeps a base URL path prefix', async () => {
    const request = await buildRequest(
      thingGet,
      { thing_id: 'x' },
      { ...hosts, baseUrl: 'http://127.0.0.1:9/heygen/' },
    );
    expect(request.url).toBe('http://127.0.0.1:9/heygen/v3/things/x');
  });

  it('refuses a missing path parameter before any I/O', async () => {
    const error = await rejection(buildRequest(thingGet, {}, hosts));
    expect(error.field).toBe('thing_id');
  });
});

describe('buildRequest: bodies', () => {
  it('sends remaining fields as JSON, path fields excluded', async () => {
    const request = await buildRequest(thingUpdate, { thing_id: 't1', title: 'New' }, hosts);
    expect(request.url).toBe('https://api.example.test/v3/things/t1');
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body as string)).toEqual({ title: 'New' });
    expect(request.timeoutClass).toBe('write');
  });

  it('keeps null values in JSON bodies but drops undefined', async () => {
    const request = await buildRequest(thingCreate, { title: 'x', count: undefined, extra: null }, hosts);
    expect(JSON.parse(request.body as string)).toEqual({ title: 'x', extra: null });
  });

  it('builds a v3 multipart upload with the file as field `file`', async () => {
    const request = await buildRequest(
      assetUpload,
      { file: { base64: pngBase64, filename: 'logo.png', content_type: 'image/png' } },
      hosts,
    );
    expect(request.body).toBeInstanceOf(FormData);
    expect(request.headers['content-type']).toBeUndefined(); // fetch adds the multipart boundary itself
    expect(request.timeoutClass).toBe('upload');
    const file = (request.body as FormData).get('file') as File;
    expect(file.name).toBe('logo.png');
    expect(file.type).toBe('image/png');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(png);
  });

  it('builds a legacy raw upload on the upload host with the MIME type as Content-Type', async () => {
    const request = await buildRequest(
      legacyUpload,
      { file: { base64: pngBase64, content_type: 'image/png' } },
      hosts,
    );
    expect(request.url).toBe('https://upload.example.test/v1/asset');
    expect(request.headers['content-type']).toBe('image/png');
    expect(request.body).toEqual(png);
  });

  it('infers the MIME type from a data URL or the file name', async () => {
    const fromDataUrl = await buildRequest(
      legacyUpload,
      { file: { base64: `data:image/jpeg;base64,${pngBase64}` } },
      hosts,
    );
    expect(fromDataUrl.headers['content-type']).toBe('image/jpeg');
    const fromName = await buildRequest(
      legacyUpload,
      { file: { base64: pngBase64, filename: 'clip.MP4' } },
      hosts,
    );
    expect(fromName.headers['content-type']).toBe('video/mp4');
  });

  it('refuses a raw upload whose MIME type is unknown, naming the field', async () => {
    const error = await rejection(buildRequest(legacyUpload, { file: { base64: pngBase64 } }, hosts));
    expect(error.field).toBe('file.content_type');
  });

  it('refuses local paths unless allowed, and reads them when allowed', async () => {
    const error = await rejection(buildRequest(assetUpload, { file: { path: '/etc/hostname' } }, hosts));
    expect(error.field).toBe('file.path');
    const request = await buildRequest(
      assetUpload,
      { file: { path: '/tmp/photo.webp' } },
      {
        ...hosts,
        localFiles: { roots: ['/tmp'], read: async () => ({ bytes: png, filename: 'photo.webp' }) },
      },
    );
    const file = (request.body as FormData).get('file') as File;
    expect(file.name).toBe('photo.webp');
    expect(file.type).toBe('image/webp');
  });

  it('refuses invalid base64 and empty files', async () => {
    expect(
      (await rejection(buildRequest(assetUpload, { file: { base64: 'not base64!' } }, hosts))).field,
    ).toBe('file.base64');
    expect((await rejection(buildRequest(assetUpload, { file: { base64: '' } }, hosts))).field).toBe(
      'file.base64',
    );
  });

  it('refuses a URL file when no downloader is given, and downloads it when one is', async () => {
    expect(
      (await rejection(buildRequest(assetUpload, { file: { url: 'https://x.test/a.png' } }, hosts))).field,
    ).toBe('file.url');
    const request = await buildRequest(
      legacyUpload,
      { file: { url: 'https://x.test/a.png' } },
      {
        ...hosts,
        download: async () => ({ bytes: new Uint8Array(png), filename: 'a.png', contentType: undefined }),
      },
    );
    expect(request.headers['content-type']).toBe('image/png');
    expect(request.body).toEqual(png);
  });
});

describe('buildRequest: streaming session token', () => {
  it('sends session_token as a Bearer header on streaming tools, never in the body', async () => {
    const { getTool } = await import('../catalog/index.ts');
    const request = await buildRequest(
      getTool('streaming_interrupt'),
      { session_id: 'session-1', session_token: 'stream-token-123' },
      hosts,
    );
    expect(request.headers.authorization).toBe('Bearer stream-token-123');
    expect(String(request.body)).not.toContain('stream-token-123');
    expect(JSON.parse(String(request.body))).toEqual({ session_id: 'session-1' });
  });
});
