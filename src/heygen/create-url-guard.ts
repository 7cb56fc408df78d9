import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { InvalidInputError } from '../catalog/errors.ts';
import { classifyAddress } from './classify-address.ts';
import { ipAddressBytes } from './ip-address-bytes.ts';
import { pinnedRequest, type PinnedRequest, type ResolvedAddress } from './pinned-request.ts';
import { UrlRefusedError } from './url-refused-error.ts';

/** Resolves a host name to every address it has (the guard checks them all). */
export type ResolveHost = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/** Options of {@link createUrlGuard}. */
export interface UrlGuardOptions {
  /**
   * The operator's allow-list for intranet sources (`--fetch-allow`, `HEYGATE_FETCH_ALLOW`): host names
   * (`media.corp.example`), wildcard suffixes (`*.corp.example`), IP addresses and CIDR ranges
   * (`10.20.0.0/16`, `fd00:1::/64`). A listed host may resolve to private addresses; a listed range makes
   * its addresses fetchable whatever the name. Everything else must resolve to public addresses only.
   */
  allow?: readonly string[];
  /** Origins fetched with `trusted.fetch` without address checks: the configured HeyGen/emulator origins. */
  trusted?: { origins: readonly string[]; fetch: typeof globalThis.fetch };
  /** Name resolution (tests inject one). Default `dns.lookup` with `all: true`. */
  resolve?: ResolveHost;
  /** Sends one request to a pinned address (tests inject one). Default {@link pinnedRequest}. */
  request?: PinnedRequest;
  /** Most redirects followed, each re-checked (default 5). */
  maxRedirects?: number;
  /** Largest response body in bytes (default 32 MiB). */
  maxBytes?: number;
  /** Bound of the whole fetch, redirects and body included, in ms (default 60 s). */
  timeoutMs?: number;
}

/** Per-call options of `guard.fetch`. */
export interface GuardedFetchInit {
  /** Default `GET`. */
  method?: string;
  headers?: Readonly<Record<string, string>>;
  /** Request body; replayed on 307/308 redirects, dropped on 301/302/303 (which become GET). */
  body?: string | Uint8Array;
  /** Caller's cancellation. */
  signal?: AbortSignal;
  /** Overrides the guard's `maxBytes` for this call. */
  maxBytes?: number;
  /** Overrides the guard's `timeoutMs` for this call. */
  timeoutMs?: number;
}

/** A URL the guard accepted: where it will connect. */
export interface CheckedUrl {
  url: URL;
  /** The pinned address; absent for a trusted origin (fetched with the configured `fetch`). */
  address?: ResolvedAddress;
}

/** The one outbound URL guard (see {@link createUrlGuard}). */
export interface UrlGuard {
  /** Checks a URL and resolves its host once; throws `UrlRefusedError`. Sends nothing. */
  check(url: string | URL): Promise<CheckedUrl>;
  /**
   * Fetches a URL: every hop checked and pinned, redirects followed by hand (at most `maxRedirects`), the body
   * capped at `maxBytes` while it streams, the whole exchange bounded by `timeoutMs`. Answers the final
   * non-redirect response (any status); throws `UrlRefusedError` for a refused hop, an over-size body, a
   * timeout or an unreachable host, and the caller's abort reason when cancelled.
   */
  fetch(url: string | URL, init?: GuardedFetchInit): Promise<Response>;
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);
/** Headers that must not follow a redirect to another origin. */
const credentialHeaders = ['authorization', 'cookie', 'proxy-authorization'];

const defaultResolve: ResolveHost = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => ({
    address: entry.address,
    family: entry.family === 6 ? 6 : 4,
  }));

/**
 * Creates the outbound URL guard: the only way heygate fetches a URL on an agent's behalf (file `{ url }`
 * inputs, flow HTTP steps). A prompt-injected agent will try to make the gateway read its own network —
 * `http://127.0.0.1:…`, `http://169.254.169.254/…`, a name that resolves to 10.0.0.5, a public URL that
 * redirects to one, a name whose DNS answer changes between check and connect. So, for every hop:
 *
 * 1. only `http:`/`https:` without credentials (the WHATWG parser has already turned decimal, octal, hex and
 *    short IPv4 forms into dotted quads);
 * 2. the host name is resolved once and *every* address checked (`classifyAddress`): loopback, private,
 *    link-local, CGNAT, multicast, reserved, documentation, cloud metadata, unspecified, and the IPv6 forms
 *    that carry one of those (v4-mapped, NAT64, 6to4) are refused unless the operator allow-listed them;
 * 3. the connection goes to the checked address and no other (`pinnedRequest`), so DNS rebinding gains
 *    nothing;
 * 4. redirects are followed by hand and each `Location` goes through 1–3 again; credentials headers are
 *    dropped when the origin changes.
 *
 * Trusted origins (the HeyGen or emulator base URL the operator configured) skip the address check and use
 * the configured `fetch` — the sandbox serves its media on loopback.
 *
 * @example
 * const guard = createUrlGuard({ allow: ['media.corp.example'] });
 * const response = await guard.fetch('https://example.com/logo.png', { signal });
 */
export function createUrlGuard(options: UrlGuardOptions = {}): UrlGuard {
  const resolve = options.resolve ?? defaultResolve;
  const send = options.request ?? pinnedRequest;
  const allow = parseAllowList(options.allow ?? []);
  const trustedOrigins = new Set(
    (options.trusted?.origins ?? []).flatMap((origin) => {
      try {
        return [new URL(origin).origin];
      } catch {
        return [];
      }
    }),
  );
  const maxRedirects = options.maxRedirects ?? 5;

  async function check(input: string | URL): Promise<CheckedUrl> {
    const url = parseUrl(input);
    if (options.trusted && trustedOrigins.has(url.origin)) return { url };
    const hostname = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    const literal = isIP(hostname);
    let addresses: readonly ResolvedAddress[];
    if (literal !== 0) {
      addresses = [{ address: hostname, family: literal === 6 ? 6 : 4 }];
    } else {
      try {
        addresses = await resolve(hostname.replace(/\.$/, ''));
      } catch (error) {
        throw new UrlRefusedError('unresolvable', `${hostname} could not be resolved.`, {
          host: url.host,
          cause: error,
        });
      }
      if (addresses.length === 0)
        throw new UrlRefusedError('unresolvable', `${hostname} has no address.`, { host: url.host });
    }
    const hostAllowed = allow.hosts(hostname);
    for (const { address } of addresses) {
      const range = classifyAddress(address);
      if (range === undefined || hostAllowed || allow.addresses(address)) continue;
      const shown = literal !== 0 ? hostname : `${hostname} resolves to ${address}, which`;
      throw new UrlRefusedError(
        'private_address',
        `${shown} is a ${range} address; heygate does not fetch non-public addresses for an agent.`,
        { host: url.host },
      );
    }
    return { url, address: addresses[0]! };
  }

  async function fetchGuarded(input: string | URL, init: GuardedFetchInit = {}): Promise<Response> {
    const timeoutMs = init.timeoutMs ?? options.timeoutMs ?? 60_000;
    const maxBytes = init.maxBytes ?? options.maxBytes ?? 32 * 1024 * 1024;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    let method = (init.method ?? 'GET').toUpperCase();
    let body = init.body;
    let headers: Record<string, string> = lowerCaseKeys(init.headers ?? {});
    let target: string | URL = input;
    let previous: URL | undefined;
    for (let hop = 0; ; hop++) {
      const checked = await withTimeout(check(target), signal, init.signal, timeout, timeoutMs);
      if (previous && previous.origin !== checked.url.origin) {
        for (const name of credentialHeaders) delete headers[name];
      }
      const response = await withTimeout(
        sendHop(checked, { method, headers, body, signal }),
        signal,
        init.signal,
        timeout,
        timeoutMs,
      );
      const location = response.headers.get('location');
      if (!redirectStatuses.has(response.status) || location === null) {
        return capBody(response, { maxBytes, signal, callerSignal: init.signal, timeout, timeoutMs });
      }
      await response.body?.cancel().catch(() => {});
      if (hop >= maxRedirects) {
        throw new UrlRefusedError('too_many_redirects', `More than ${maxRedirects} redirects.`, {
          host: checked.url.host,
        });
      }
      try {
        target = new URL(location, checked.url);
      } catch {
        throw new UrlRefusedError('bad_redirect', 'A redirect pointed to an invalid URL.', {
          host: checked.url.host,
        });
      }
      if (
        response.status === 303 ||
        ((response.status === 301 || response.status === 302) && method !== 'HEAD')
      ) {
        method = method === 'HEAD' ? 'HEAD' : 'GET';
        body = undefined;
        headers = Object.fromEntries(Object.entries(headers).filter(([name]) => name !== 'content-type'));
      }
      previous = checked.url;
    }
  }

  async function sendHop(
    checked: CheckedUrl,
    request: {
      method: string;
      headers: Record<string, string>;
      body?: string | Uint8Array;
      signal: AbortSignal;
    },
  ): Promise<Response> {
    try {
      if (!checked.address) {
        return await options.trusted!.fetch(checked.url.href, {
          method: request.method,
          headers: request.headers,
          ...(request.body === undefined ? {} : { body: request.body as string | Uint8Array<ArrayBuffer> }),
          signal: request.signal,
          redirect: 'manual',
          credentials: 'omit',
        });
      }
      return await send({ url: checked.url, address: checked.address, ...request });
    } catch (error) {
      if (request.signal.aborted) throw error;
      throw new UrlRefusedError('unreachable', `${checked.url.host} could not be reached.`, {
        host: checked.url.host,
        cause: error,
      });
    }
  }

  return { check, fetch: fetchGuarded };
}

function parseUrl(input: string | URL): URL {
  let url: URL;
  try {
    url = input instanceof URL ? input : new URL(input);
  } catch {
    throw new UrlRefusedError('invalid_url', 'Not a valid URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UrlRefusedError('scheme', `Only http and https URLs are fetched, not ${url.protocol}`, {
      host: url.host,
    });
  }
  if (url.username || url.password) {
    throw new UrlRefusedError('credentials', 'URLs with credentials (user:password@) are refused.', {
      host: url.host,
    });
  }
  return url;
}

function lowerCaseKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

/** Races a step against the combined signal, naming a timeout as such and re-throwing a caller's abort. */
async function withTimeout<T>(
  promise: Promise<T>,
  signal: AbortSignal,
  callerSignal: AbortSignal | undefined,
  timeout: AbortSignal,
  timeoutMs: number,
): Promise<T> {
  const aborted = (): unknown =>
    callerSignal?.aborted
      ? callerSignal.reason
      : new UrlRefusedError('timeout', `No complete answer within ${Math.round(timeoutMs / 1000)} s.`);
  if (signal.aborted) throw aborted();
  let onAbort: (() => void) | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        onAbort = () => reject(aborted());
        signal.addEventListener('abort', onAbort, { once: true });
      }),
    ]);
  } catch (error) {
    if (timeout.aborted && !callerSignal?.aborted && !(error instanceof UrlRefusedError)) throw aborted();
    throw error;
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

interface CapOptions {
  maxBytes: number;
  signal: AbortSignal;
  callerSignal: AbortSignal | undefined;
  timeout: AbortSignal;
  timeoutMs: number;
}

/**
 * The response with its body limited to `maxBytes` (refused at once when `Content-Length` says more, else
 * while streaming) and read errors after the time cap reported as `timeout`.
 */
function capBody(response: Response, cap: CapOptions): Response {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  const tooLarge = (): UrlRefusedError =>
    new UrlRefusedError('too_large', `The body is larger than ${cap.maxBytes} bytes.`);
  if (Number.isFinite(declared) && declared > cap.maxBytes) {
    void response.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (!response.body) return response;
  const reader = response.body.getReader();
  let total = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await withTimeout(
          reader.read(),
          cap.signal,
          cap.callerSignal,
          cap.timeout,
          cap.timeoutMs,
        );
        if (done) return controller.close();
        total += value.byteLength;
        if (total > cap.maxBytes) {
          void reader.cancel().catch(() => {});
          return controller.error(tooLarge());
        }
        controller.enqueue(value);
      } catch (error) {
        void reader.cancel().catch(() => {});
        controller.error(error);
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

/** The operator allow-list, parsed once. */
interface AllowList {
  hosts(hostname: string): boolean;
  addresses(address: string): boolean;
}

/**
 * Parses allow-list entries; throws an `InvalidInputError` (field `fetch-allow`) naming a malformed one (the
 * CLI shows it as a usage error).
 * Exported for the CLI, which validates `--fetch-allow` before opening anything.
 */
export function parseAllowList(entries: readonly string[]): AllowList {
  const names = new Set<string>();
  const suffixes: string[] = [];
  const ranges: { bytes: Uint8Array; prefix: number }[] = [];
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    const [base = '', prefixText] = entry.split('/');
    const address = base.replace(/^\[|\]$/g, '');
    const version = isIP(address);
    if (version !== 0) {
      const bits = version === 4 ? 32 : 128;
      const prefix = prefixText === undefined ? bits : Number(prefixText);
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits)
        throw badEntry(raw, `the prefix must be 0-${bits}`);
      ranges.push({ bytes: addressBytes(address), prefix });
    } else if (prefixText === undefined && /^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*\.?$/.test(entry)) {
      if (entry.startsWith('*.')) suffixes.push(entry.slice(1).replace(/\.$/, ''));
      else names.add(entry.replace(/\.$/, ''));
    } else {
      throw badEntry(raw, 'expected a host name, *.suffix, an IP address or a CIDR range');
    }
  }
  return {
    hosts: (hostname) => {
      const host = hostname.replace(/\.$/, '');
      return names.has(host) || suffixes.some((suffix) => host.endsWith(suffix));
    },
    addresses: (address) => {
      const bytes = addressBytes(address.replace(/%.*$/, ''));
      return ranges.some((range) => range.bytes.length === bytes.length && inRange(bytes, range));
    },
  };
}

/** 4 or 16 bytes of an address; a v4-mapped IPv6 address counts as its IPv4 address. */
function addressBytes(address: string): Uint8Array {
  const bytes = ipAddressBytes(address);
  const mapped =
    bytes.length === 16 &&
    bytes.slice(0, 10).every((byte) => byte === 0) &&
    bytes[10] === 255 &&
    bytes[11] === 255;
  return mapped ? bytes.slice(12) : bytes;
}

function inRange(bytes: Uint8Array, range: { bytes: Uint8Array; prefix: number }): boolean {
  let bits = range.prefix;
  for (let index = 0; bits > 0; index++, bits -= 8) {
    const mask = bits >= 8 ? 255 : (255 << (8 - bits)) & 255;
    if (((bytes[index] ?? 0) & mask) !== ((range.bytes[index] ?? 0) & mask)) return false;
  }
  return true;
}

function badEntry(entry: string, reason: string): InvalidInputError {
  return new InvalidInputError('heygate', [
    {
      field: 'fetch-allow',
      expected: 'a host name, *.suffix, IP address or CIDR range',
      message: `--fetch-allow / HEYGATE_FETCH_ALLOW entry "${entry}": ${reason}.`,
    },
  ]);
}
