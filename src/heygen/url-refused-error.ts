import { HeyGateError } from '../catalog/errors.ts';

/**
 * Why the outbound URL guard refused a URL:
 * - `invalid_url` — not a URL;
 * - `scheme` — not http or https;
 * - `credentials` — `user:password@` in the URL;
 * - `private_address` — the host is, or resolves to, a loopback, private, link-local, metadata or other
 *   non-public address (on the first hop or after a redirect);
 * - `unresolvable` — the host name does not resolve;
 * - `too_many_redirects`, `bad_redirect` — the redirect chain is too long or a `Location` is unusable;
 * - `too_large` — the body is larger than the cap;
 * - `timeout` — no complete answer within the time cap;
 * - `unreachable` — the connection failed.
 */
export type UrlRefusalReason =
  | 'invalid_url'
  | 'scheme'
  | 'credentials'
  | 'private_address'
  | 'unresolvable'
  | 'too_many_redirects'
  | 'bad_redirect'
  | 'too_large'
  | 'timeout'
  | 'unreachable';

/**
 * The outbound URL guard would not fetch a URL (see `createUrlGuard`). Code `url_refused`; `reason` says
 * which rule. The message names the host and the range it fell in, never credentials or query strings.
 */
export class UrlRefusedError extends HeyGateError {
  readonly reason: UrlRefusalReason;
  /** The URL's host (no credentials, no path), when there was one. */
  readonly host: string | undefined;

  constructor(reason: UrlRefusalReason, message: string, options: { host?: string; cause?: unknown } = {}) {
    super(message, {
      code: 'url_refused',
      hint:
        reason === 'private_address'
          ? 'Use a public http(s) URL, or send the bytes as { base64 }. An operator can allow an intranet host with --fetch-allow or HEYGATE_FETCH_ALLOW.'
          : 'Use a reachable public http(s) URL, or send the bytes as { base64 }.',
      cause: options.cause,
    });
    this.name = 'UrlRefusedError';
    this.reason = reason;
    this.host = options.host;
  }
}
