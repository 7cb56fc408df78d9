import { isIP } from 'node:net';
import { InvalidInputError } from '../catalog/errors.ts';
import { AbortedError } from './errors.ts';

/** Options of `downloadFile`. */
export interface DownloadFileOptions {
  /** The `fetch` to use (the client's: tests and the in-process emulator inject theirs). */
  fetch: typeof globalThis.fetch;
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
  /**
   * Origins that may be private addresses: the configured HeyGen/emulator origins (the sandbox serves its
   * media on loopback). Other loopback, private and link-local hosts are refused unless `allowPrivateHosts`.
   */
  trustedOrigins: readonly string[];
  /** Allow any host, private ones included (the CLI, acting for the local operator). */
  allowPrivateHosts: boolean;
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
 * Downloads a `{ url }` file input so it can be uploaded as bytes (v3 multipart, legacy raw uploads).
 *
 * The gateway downloads on an agent's behalf, so it guards against being used to reach internal services:
 * only http(s); hosts written as loopback, private or link-local addresses (and `localhost`) are refused
 * unless allowed; no credentials or API key are sent; the size is capped while streaming. Host names that
 * merely resolve to private addresses are not checked (that needs a resolving proxy). Failures are
 * `InvalidInputError`s naming the field — nothing has been sent to HeyGen yet.
 */
export async function downloadFile(url: string, options: DownloadFileOptions): Promise<DownloadedFile> {
  const fail = (expected: string, message: string): InvalidInputError =>
    new InvalidInputError(options.tool, [
      { field: options.field, expected, message: `\`${options.field}\`: ${message}` },
    ]);

  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw fail('an http(s) URL', 'not a valid URL.');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw fail('an http(s) URL', `only http and https URLs can be downloaded, not ${parsed.protocol}`);
  }
  if (parsed.username || parsed.password)
    throw fail('a URL without credentials', 'URLs with credentials are refused.');
  const trusted = options.trustedOrigins.some((origin) => sameOrigin(origin, parsed));
  if (!options.allowPrivateHosts && !trusted && isPrivateHost(parsed.hostname)) {
    throw fail(
      'a public http(s) URL',
      `${parsed.hostname} is a local or private address; send the file as { base64 }.`,
    );
  }

  if (options.signal?.aborted)
    throw new AbortedError('The download was cancelled.', { cause: options.signal.reason });
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  try {
    const response = await options.fetch(parsed.href, { method: 'GET', signal, credentials: 'omit' });
    if (!response.ok) {
      await response.body?.cancel().catch(() => {});
      throw fail('a URL that answers 200', `downloading it answered HTTP ${response.status}.`);
    }
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > options.maxBytes) {
      await response.body?.cancel().catch(() => {});
      throw fail(
        `at most ${options.maxBytes} bytes`,
        `the file is ${declared} bytes, above ${options.maxBytes}.`,
      );
    }
    const bytes = await readCapped(response, options.maxBytes);
    if (bytes === undefined)
      throw fail(`at most ${options.maxBytes} bytes`, `the file is larger than ${options.maxBytes} bytes.`);
    if (bytes.byteLength === 0) throw fail('a non-empty file', 'the download was empty.');
    const contentType = response.headers.get('content-type')?.split(';')[0]?.trim() || undefined;
    const filename = decodeURIComponent(parsed.pathname.split('/').pop() || '') || 'upload';
    return { bytes, contentType, filename };
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    if (options.signal?.aborted)
      throw new AbortedError('The download was cancelled.', { cause: options.signal.reason });
    const reason = timeout.aborted
      ? `no answer within ${Math.round(options.timeoutMs / 1000)} s`
      : 'it could not be fetched';
    throw fail('a reachable http(s) URL', `downloading failed: ${reason}.`);
  }
}

/** Reads the body, giving up (undefined) as soon as it exceeds `maxBytes`. */
async function readCapped(
  response: Response,
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer> | undefined> {
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function sameOrigin(origin: string, url: URL): boolean {
  try {
    return new URL(origin).origin === url.origin;
  } catch {
    return false;
  }
}

/** True for `localhost` and literal loopback, private, link-local, CGNAT and unspecified addresses. */
function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const version = isIP(host);
  if (version === 4) return isPrivateIpv4(host);
  if (version === 6) {
    // IPv4-mapped addresses; WHATWG URL parsing rewrites `::ffff:127.0.0.1` as `::ffff:7f00:1`.
    const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
    if (dotted) return isPrivateIpv4(dotted[1] as string);
    const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
    if (hex) {
      const high = parseInt(hex[1] as string, 16);
      const low = parseInt(hex[2] as string, 16);
      return isPrivateIpv4(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`);
    }
    return host === '::' || host === '::1' || /^f[cd]/.test(host) || /^fe[89ab]/.test(host);
  }
  return false;
}

function isPrivateIpv4(address: string): boolean {
  const [a = 0, b = 0] = address.split('.').map(Number);
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 100 && b >= 64 && b <= 127)
  );
}
