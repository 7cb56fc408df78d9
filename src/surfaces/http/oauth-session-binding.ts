import { randomBytes } from 'node:crypto';

/**
 * How an OAuth connection started on `heygate serve` is bound to the browser session that finishes it: the
 * start route stores the binding with the flow (hashed), and the callback route must present the same one, so a
 * callback URL carried into another browser — or forged — completes nothing. The web console passes its own
 * (its session id); the default is a cookie.
 */
export interface OAuthSessionBinding {
  /** For a start request: the binding to store, and headers to add to the response (e.g. `Set-Cookie`). */
  start(request: Request): { binding: string; headers?: Record<string, string> };
  /** For the callback request: the binding it presents, if any. */
  callback(request: Request): string | undefined;
}

/** Options of {@link createCookieSessionBinding}. */
export interface CookieSessionBindingOptions {
  /** Cookie name (default `heygate_oauth`). */
  name?: string;
  /** Lifetime in seconds (default 600, the flow's). */
  maxAgeSeconds?: number;
  /** Path the callback lives under (default `/oauth`). */
  path?: string;
}

/**
 * The default binding: a random value in an HttpOnly, `SameSite=Lax` cookie set by the start response (`Secure`
 * on https). Lax cookies ride along on HeyGen's top-level redirect back, and scripts cannot read them. A start
 * made outside the browser (a script calling the admin API) has no such cookie in the browser: connect from the
 * CLI (`heygate accounts connect --oauth`) or the console instead.
 */
export function createCookieSessionBinding(options: CookieSessionBindingOptions = {}): OAuthSessionBinding {
  const name = options.name ?? 'heygate_oauth';
  const maxAge = options.maxAgeSeconds ?? 600;
  const path = options.path ?? '/oauth';
  return {
    start(request) {
      const binding = randomBytes(32).toString('base64url');
      const secure = new URL(request.url).protocol === 'https:' ? '; Secure' : '';
      return {
        binding,
        headers: {
          'set-cookie': `${name}=${binding}; Path=${path}; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure}`,
        },
      };
    },
    callback(request) {
      const cookies = request.headers.get('cookie') ?? '';
      for (const part of cookies.split(';')) {
        const [key, ...value] = part.trim().split('=');
        if (key === name) return value.join('=');
      }
      return undefined;
    },
  };
}
