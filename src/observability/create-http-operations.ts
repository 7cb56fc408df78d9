import { timingSafeEqual, createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { Drain } from './create-drain.ts';
import type { Metrics } from './create-metrics.ts';
import type { ReadinessReport } from './create-readiness.ts';
import { requestContext, requestIdOf } from './request-context.ts';

/** What the HTTP app asks of the operations layer (see `createHttpApp`'s `operations` option). */
export interface HttpOperations {
  /**
   * Wraps every request: gives it an id (the caller's `X-Request-Id`, else a new one) carried to the call
   * log and spans and sent back in `X-Request-Id`; refuses it with 503 while shutting down; counts and logs it.
   */
  handle(request: Request, next: () => Promise<Response>): Promise<Response>;
  /** `GET /readyz`: 200 when store, vault (and Redis) answer and the process is not draining, else 503. */
  ready(): Promise<Response>;
  /** `GET /metrics`: the Prometheus text to an authorised scraper, else 401. */
  metrics(request: Request): Promise<Response>;
}

/** Options of {@link createHttpOperations}. */
export interface HttpOperationsOptions {
  logger?: Logger;
  metrics: Metrics;
  drain: Drain;
  readiness: () => Promise<ReadinessReport>;
  /**
   * Who may scrape `/metrics` (ADR 0046): true for an authorised request. Never public by default — see
   * {@link metricsAuthorizer}.
   */
  authorizeMetrics: (request: Request) => Promise<boolean>;
}

/** Paths the probes and the scraper use: not counted as work in flight, refused by nothing but their own check. */
const operationsPaths = new Set(['/healthz', '/readyz', '/metrics']);

/** The route family of a path for metric labels (bounded: agent-chosen paths never become label values). */
function routeOf(path: string): string {
  if (operationsPaths.has(path)) return path;
  const family = /^\/(v1\/tools|mcp|admin|webhooks|oauth)(\/|$)/.exec(path)?.[1];
  return family ? `/${family}` : 'other';
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** Sets a header on a response, copying it first when its headers are immutable (a mounted app's stream). */
function withHeader(response: Response, name: string, value: string): Response {
  try {
    response.headers.set(name, value);
    return response;
  } catch {
    const copy = new Response(response.body, response);
    copy.headers.set(name, value);
    return copy;
  }
}

/** Creates the HTTP operations layer of `heygate serve`. */
export function createHttpOperations(options: HttpOperationsOptions): HttpOperations {
  const { logger, metrics, drain } = options;
  return {
    async handle(request, next) {
      const started = performance.now();
      const requestId = requestIdOf(request.headers.get('x-request-id'));
      const path = new URL(request.url).pathname;
      const route = routeOf(path);
      const counted = !operationsPaths.has(path);
      let response: Response;
      if (drain.draining && counted) {
        response = json(
          503,
          {
            type: 'urn:heygate:error:shutting_down',
            title: 'shutting_down',
            status: 503,
            code: 'shutting_down',
            detail: 'This process is shutting down; retry on another.',
          },
          { 'retry-after': '1', connection: 'close', 'content-type': 'application/problem+json' },
        );
      } else {
        if (counted) drain.enter();
        try {
          response = await requestContext.run({ requestId }, next);
        } finally {
          if (counted) drain.leave();
        }
      }
      const status = response.status;
      metrics.httpRequests.inc({ method: request.method, route, status: String(status) });
      if (counted || status >= 400)
        logger?.info(
          {
            event: 'request',
            requestId,
            method: request.method,
            // The path only: query strings can carry OAuth codes and states.
            path: route === 'other' ? 'other' : path,
            status,
            latencyMs: Math.round((performance.now() - started) * 1000) / 1000,
          },
          'request',
        );
      return withHeader(response, 'x-request-id', requestId);
    },

    async ready() {
      const report = await options.readiness();
      return json(report.ready ? 200 : 503, report, { 'cache-control': 'no-store' });
    },

    async metrics(request) {
      if (!(await options.authorizeMetrics(request)))
        return json(
          401,
          {
            type: 'urn:heygate:error:unauthenticated',
            title: 'unauthenticated',
            status: 401,
            code: 'unauthenticated',
            detail:
              'Scrape /metrics with Authorization: Bearer <HEYGATE_METRICS_TOKEN> or an admin persona token.',
          },
          {
            'www-authenticate': 'Bearer realm="heygate-metrics"',
            'content-type': 'application/problem+json',
          },
        );
      metrics.draining.set(drain.draining ? 1 : 0);
      return new Response(await metrics.scrape(), {
        headers: { 'content-type': metrics.contentType, 'cache-control': 'no-store' },
      });
    },
  };
}

/** Options of {@link metricsAuthorizer}. */
export interface MetricsAuthorizerOptions {
  /** `HEYGATE_METRICS_TOKEN`: a bearer token only the scraper holds. */
  token?: string;
  /** Whether a persona token holds the admin grant (the admin API's check); unset: personas never scrape. */
  isAdmin?: (personaToken: string) => Promise<boolean>;
}

/** Digest for constant-time comparison of tokens of any length. */
const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Who may read `/metrics` (ADR 0046): the holder of `HEYGATE_METRICS_TOKEN` (compared in constant time), or a
 * persona with the admin grant. Without either, nobody: the metrics name personas and accounts.
 */
export function metricsAuthorizer(options: MetricsAuthorizerOptions): (request: Request) => Promise<boolean> {
  const expected = options.token ? digest(options.token) : undefined;
  return async (request) => {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '')?.[1];
    if (bearer === undefined) return false;
    if (expected && timingSafeEqual(digest(bearer), expected)) return true;
    if (!options.isAdmin || !bearer.startsWith('hg_')) return false;
    return options.isAdmin(bearer).catch(() => false);
  };
}
