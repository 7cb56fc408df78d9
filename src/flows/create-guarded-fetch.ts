import { createUrlGuard, type UrlGuardOptions } from '../heygen/create-url-guard.ts';

/**
 * The `fetch` HTTP steps use. A flow's HTTP step may name any URL (an agent with the `flows` scope writes
 * flows), so it goes through heygate's one outbound URL guard (`src/heygen/create-url-guard.ts`, ADR 0014):
 * http(s) only, no credentials in the URL, every address of the host checked and the connection pinned to the
 * checked address, each redirect re-checked, size and time capped. Refusals throw `UrlRefusedError`
 * (`url_refused`) before anything is sent.
 */
export type FlowHttpFetch = (url: string, init: RequestInit & { signal?: AbortSignal }) => Promise<Response>;

/** Options of {@link createGuardedFetch}. */
export interface GuardedFetchOptions {
  /**
   * The operator's allow-list of HTTP steps (`HEYGATE_FLOW_HTTP_ALLOW`): host names, `*.suffix`, addresses or
   * CIDR ranges that may be private, e.g. `127.0.0.1`, `10.0.0.0/8`, `cms.internal`. Separate from the upload
   * downloads' `HEYGATE_FETCH_ALLOW`: reaching a CMS from a flow does not open it to agents' file URLs.
   */
  allow?: readonly string[];
  /** The guard's test seams (name resolution, the pinned request). */
  guard?: Pick<UrlGuardOptions, 'resolve' | 'request' | 'maxRedirects' | 'maxBytes' | 'timeoutMs'>;
}

/** Parses `HEYGATE_FLOW_HTTP_ALLOW` (comma or space separated). */
export function flowHttpAllowFromEnv(env: Readonly<Record<string, string | undefined>>): string[] {
  return (env.HEYGATE_FLOW_HTTP_ALLOW ?? '').split(/[\s,]+/).filter((entry) => entry !== '');
}

/** HTTP steps' fetch over the outbound URL guard. */
export function createGuardedFetch(options: GuardedFetchOptions = {}): FlowHttpFetch {
  const guard = createUrlGuard({ allow: options.allow ?? [], ...options.guard });
  return (url, init) =>
    guard.fetch(url, {
      ...(init.method ? { method: init.method } : {}),
      headers: Object.fromEntries(new Headers(init.headers).entries()),
      ...(typeof init.body === 'string' ? { body: init.body } : {}),
      ...(init.signal ? { signal: init.signal } : {}),
    });
}
