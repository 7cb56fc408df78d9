import { InvalidInputError } from '../catalog/errors.ts';
import type { UrlGuard } from './create-url-guard.ts';
import { AbortedError } from './errors.ts';
import { UrlRefusedError } from './url-refused-error.ts';

/** Options of `downloadFile`. */
export interface DownloadFileOptions {
  /** The outbound URL guard every download goes through (see create-url-guard.ts). */
  guard: UrlGuard;
  /** Catalog tool and input field (error messages). */
  tool: string;
  /** Input field holding the URL, e.g. `file.url`. */
  field: string;
  /** Largest file accepted. */
  maxBytes: number;
  /** Bound of the whole download. */
  timeoutMs: number;
  /** Caller's cancellation. */
  signal?: AbortSignal;
}

/** Downloaded bytes. */
export interface DownloadedFile {
  bytes: Uint8Array<ArrayBuffer>;
  /** The response's Content-Type (without parameters), when sent. */
  contentType: string | undefined;
  /** Last path segment of the URL, for the upload's file name. */
  filename: string;
}

/**
 * Downloads a `{ url }` file input so it can be uploaded as bytes (HeyGen's upload endpoints — v3 multipart
 * and the legacy raw uploads — take bytes, never a URL). The download goes through the URL guard: public
 * http(s) only, every address and redirect hop checked, the connection pinned, size and time capped; no
 * credentials or API key are sent. Failures are `InvalidInputError`s naming the field — nothing has been
 * sent to HeyGen yet.
 */
export async function downloadFile(url: string, options: DownloadFileOptions): Promise<DownloadedFile> {
  const fail = (expected: string, message: string): InvalidInputError =>
    new InvalidInputError(options.tool, [
      { field: options.field, expected, message: `\`${options.field}\`: ${message}` },
    ]);
  const cancelled = (): AbortedError =>
    new AbortedError('The download was cancelled.', { cause: options.signal?.reason });
  if (options.signal?.aborted) throw cancelled();
  try {
    const response = await options.guard.fetch(url, {
      signal: options.signal,
      maxBytes: options.maxBytes,
      timeoutMs: options.timeoutMs,
    });
    if (!response.ok) {
      await response.body?.cancel().catch(() => {});
      throw fail('a URL that answers 200', `downloading it answered HTTP ${response.status}.`);
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.byteLength === 0) throw fail('a non-empty file', 'the download was empty.');
    const contentType = response.headers.get('content-type')?.split(';')[0]?.trim() || undefined;
    const last = new URL(url).pathname.split('/').pop() || '';
    return { bytes, contentType, filename: safeDecode(last) || 'upload' };
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    if (options.signal?.aborted) throw cancelled();
    if (error instanceof UrlRefusedError) {
      const expected =
        error.reason === 'too_large' ? `at most ${options.maxBytes} bytes` : 'a public http(s) URL';
      throw fail(expected, error.message);
    }
    throw fail('a reachable http(s) URL', 'downloading failed.');
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
