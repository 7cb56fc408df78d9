import { createHmac, timingSafeEqual } from 'node:crypto';
import type { EmulatorClock } from './emulator-clock.ts';
import { defaultMediaFile, type MediaFile } from './media-files.ts';

/** HeyGen's media URLs (videos, thumbnails, captions, photos) expire after 7 days (README "URL expiry"). */
export const mediaUrlTtlMs = 7 * 24 * 60 * 60 * 1000;

/** Path prefix of the files the emulator serves. */
export const mediaPrefix = '/emulator/files/';

/** Signs and serves the emulator's media files. */
export interface MediaStore {
  /**
   * A signed URL for `path` (e.g. `videos/<id>.mp4`) on `origin`, valid for 7 days from now, shaped like
   * HeyGen's CDN URLs: `?Expires=<unix seconds>&Signature=<hmac>&Key-Pair-Id=<id>`.
   */
  url(origin: string, path: string): string;
  /** Stores custom bytes for a path (uploads, edited captions); otherwise the extension's default file is served. */
  put(path: string, file: MediaFile): void;
  /** The stored or default file for a path. */
  get(path: string): MediaFile | undefined;
  /** Only a file stored with `put` (uploads), never a default. */
  stored(path: string): MediaFile | undefined;
  /** Makes every URL of a path answer 403 from now on (a soft-deleted resource's signed links stop working). */
  revoke(path: string): void;
  /**
   * Checks the signature and expiry of a media URL: the media path when valid, else the 403 answer
   * (CloudFront's XML AccessDenied page).
   */
  verify(request: Request): { path: string } | { denied: Response };
  /** Answers a GET/HEAD for a media URL: 403 when the signature is missing, wrong or expired. */
  serve(request: Request): Response;
}

/** Options of {@link createMediaStore}. */
export interface MediaStoreOptions {
  clock: EmulatorClock;
  /** HMAC secret of the URL signatures (per emulator instance). */
  secret: string;
}

const keyPairId = 'K2EMULATORHEYGATE';

function accessDenied(message: string): Response {
  // CloudFront, which fronts HeyGen's files, answers signature problems with an XML AccessDenied page.
  const body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>${message}</Message></Error>`;
  return new Response(body, { status: 403, headers: { 'content-type': 'text/xml' } });
}

/** Creates the media store. */
export function createMediaStore(options: MediaStoreOptions): MediaStore {
  const files = new Map<string, MediaFile>();
  const revoked = new Set<string>();
  const sign = (path: string, expires: number) =>
    createHmac('sha256', options.secret).update(`${mediaPrefix}${path}\n${expires}`).digest('base64url');

  const get = (path: string): MediaFile | undefined => {
    const stored = files.get(path);
    if (stored) return stored;
    const extension = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
    return defaultMediaFile(extension);
  };

  const verify = (request: Request): { path: string } | { denied: Response } => {
    const url = new URL(request.url);
    const path = url.pathname
      .slice(mediaPrefix.length)
      .split('/')
      .map((segment) => decodeURIComponent(segment))
      .join('/');
    const expires = url.searchParams.get('Expires');
    const signature = url.searchParams.get('Signature');
    if (!expires || !signature || !url.searchParams.get('Key-Pair-Id')) {
      return { denied: accessDenied('Missing Key-Pair-Id query parameter or cookie value') };
    }
    const expected = Buffer.from(sign(path, Number(expires)));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given))
      return { denied: accessDenied('Access denied') };
    if (Number(expires) * 1000 <= options.clock.now()) return { denied: accessDenied('Request has expired') };
    if (revoked.has(path)) return { denied: accessDenied('Access denied') };
    return { path };
  };

  return {
    url(origin, path) {
      const expires = Math.floor((options.clock.now() + mediaUrlTtlMs) / 1000);
      const encoded = path
        .split('/')
        .map((segment) => encodeURIComponent(segment))
        .join('/');
      return `${origin}${mediaPrefix}${encoded}?Expires=${expires}&Signature=${sign(path, expires)}&Key-Pair-Id=${keyPairId}`;
    },
    put(path, file) {
      files.set(path, file);
    },
    get,
    stored: (path) => files.get(path),
    revoke(path) {
      revoked.add(path);
    },
    verify,
    serve(request) {
      const verified = verify(request);
      if ('denied' in verified) return verified.denied;
      const { path } = verified;
      const file = get(path);
      if (!file) return new Response('Not Found', { status: 404 });
      const headers = { 'content-type': file.contentType, 'content-length': String(file.bytes.byteLength) };
      if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
      return new Response(file.bytes.slice(), { status: 200, headers });
    },
  };
}
