import { isIP } from 'node:net';

/** Options of {@link createHostOriginCheck}. */
export interface HostOriginCheckOptions {
  /**
   * Host names requests may address (the `Host` header, port ignored). Default the loopback names
   * `localhost`, `127.0.0.1` and `[::1]`; a server reached under another name lists it (`--allowed-host`,
   * `HEYGATE_ALLOWED_HOSTS`). `*` turns the check off (behind a proxy that checks it).
   */
  allowedHosts?: readonly string[];
  /**
   * Browser origins allowed to call besides the server's own (`--allowed-origin`, `HEYGATE_ALLOWED_ORIGINS`),
   * e.g. `https://console.example.com`. Default none.
   */
  allowedOrigins?: readonly string[];
}

/** Why a request was refused: `host_not_allowed` or `origin_not_allowed`, with a message. */
export interface HostOriginRefusal {
  code: 'host_not_allowed' | 'origin_not_allowed';
  message: string;
}

/** The loopback names a local server answers to by default. */
export const loopbackHosts: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/**
 * DNS-rebinding and cross-origin protection for every HTTP route. A page on another origin can make a browser
 * send requests to `http://127.0.0.1:4000` (or to a name it re-points there); sandbox mode and
 * `--allow-operator` accept requests without a token, so such a page could drive `/v1/tools`. Two checks:
 *
 * - `Host` must name an allowed host (the rebinding page's requests carry its own name);
 * - `Origin`, when a browser sends one, must be the server's own origin (same scheme-less host as `Host`) or
 *   an allowed origin; `Origin: null` (sandboxed frames, `file:`) is refused.
 *
 * Clients that are not browsers send no `Origin` and pass the second check. Returns the refusal, or
 * undefined when the request may go on.
 */
export function createHostOriginCheck(
  options: HostOriginCheckOptions = {},
): (request: Request) => HostOriginRefusal | undefined {
  const hosts = new Set((options.allowedHosts ?? loopbackHosts).map(normalizeHost));
  const anyHost = hosts.has('*');
  const origins = new Set(
    (options.allowedOrigins ?? []).map((origin) => origin.trim().replace(/\/+$/, '').toLowerCase()),
  );
  return (request) => {
    const host = request.headers.get('host') ?? new URL(request.url).host;
    if (!anyHost && !hosts.has(hostnameOf(host))) {
      return {
        code: 'host_not_allowed',
        message: `Host "${host.slice(0, 100)}" is not served here; an operator can allow it with --allowed-host.`,
      };
    }
    const origin = request.headers.get('origin');
    if (origin === null) return undefined;
    const normalized = origin.trim().replace(/\/+$/, '').toLowerCase();
    if (origins.has(normalized) || sameHost(normalized, host)) return undefined;
    return {
      code: 'origin_not_allowed',
      message: `Origin "${origin.slice(0, 100)}" may not call this server; an operator can allow it with --allowed-origin.`,
    };
  };
}

/** `Example.COM:4000` → `example.com`; `[::1]:80` → `[::1]`. */
function hostnameOf(host: string): string {
  const lower = host.trim().toLowerCase();
  if (lower.startsWith('[')) return lower.slice(0, lower.indexOf(']') + 1);
  return lower.replace(/:\d*$/, '').replace(/\.$/, '');
}

function normalizeHost(host: string): string {
  if (host === '*') return '*';
  return isIP(host.trim()) === 6 ? `[${host.trim().toLowerCase()}]` : hostnameOf(host);
}

/** True when `origin` (`scheme://host[:port]`) addresses the same host and port as the `Host` header. */
function sameHost(origin: string, host: string): boolean {
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    return url.host === new URL(`${url.protocol}//${host.trim().toLowerCase()}`).host;
  } catch {
    return false;
  }
}
