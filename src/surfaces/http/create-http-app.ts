import { Hono } from 'hono';
import type { ToolDefinition } from '../../catalog/define-tool.ts';
import { HeyGateError, UnknownToolError } from '../../catalog/errors.ts';
import { findTool } from '../../catalog/index.ts';
import { PersonaAuthError } from '../../gateway/errors.ts';
import type { Executor } from '../../gateway/types.ts';
import { presentError, type PresentedError } from '../internal/present-error.ts';
import { readRequestEnvelope } from '../internal/read-request-envelope.ts';
import { sizeResult, takeToolResultSizing } from '../internal/size-result.ts';
import { toExecuteRequest } from '../internal/to-execute-request.ts';
import { createHostOriginCheck } from './host-origin-check.ts';
import { readJsonBody } from '../internal/read-json-body.ts';
import type { HttpOperations } from '../../observability/create-http-operations.ts';

/** Options of {@link createHttpApp}. */
export interface HttpAppOptions {
  executor: Executor;
  /** Extra sub-apps mounted at their path, e.g. `{ '/mcp': mcpApp, '/admin': adminApp }`. */
  mounts?: Readonly<Record<string, { fetch: (request: Request) => Response | Promise<Response> }>>;
  /**
   * Whether requests without a bearer token act as the local operator (full access). Off by default: a
   * server reachable by others must not hand out the operator's rights (on only in sandbox mode, or with
   * `heygate serve --allow-operator`).
   */
  operatorWithoutToken?: boolean;
  /** Shown on `/healthz`. */
  info?: Record<string, unknown>;
  /**
   * Host names the server answers to (`Host` header; default the loopback names). Checked on every route
   * but `/healthz`, mounts included: DNS-rebinding protection (see host-origin-check.ts).
   */
  allowedHosts?: readonly string[];
  /** Browser origins allowed besides the server's own (default none). */
  allowedOrigins?: readonly string[];
  /** Largest request head (all header names and values) in bytes; larger is 431 (default 16 KiB). */
  maxHeaderBytes?: number;
  /**
   * Largest `POST /v1/tools/:name` body in bytes; larger is 413, refused from `Content-Length` before the body
   * is read, and only after the bearer token was checked (default 48 MiB: a 32 MB file as base64).
   */
  maxBodyBytes?: number;
  /**
   * Request ids, request logs, `/readyz`, `/metrics` and the shutdown drain (`heygate serve`; ADR 0046). Without
   * it the app serves `/healthz` only and logs nothing.
   */
  operations?: HttpOperations;
}

/** Probe and scrape paths: exempt from the Host check (load balancers and scrapers address the process by IP). */
const probePaths = new Set(['/healthz', '/readyz', '/metrics']);

/** Reads the bearer token of a request, if any. */
export function bearerToken(request: Request): string | undefined {
  const header = request.headers.get('authorization');
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

/** Answers an RFC 9457 problem+json response. */
export function problem(
  status: number,
  code: string,
  detail: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  return new Response(
    JSON.stringify({ type: `urn:heygate:error:${code}`, title: code, status, detail, code, ...extra }),
    { status, headers: { 'content-type': 'application/problem+json', ...headers } },
  );
}

/**
 * The problem+json response of a presented error (see `presentError`): its status, `Retry-After` when the
 * error says when to retry, `WWW-Authenticate` on 401, and the agent-facing `error` object beside the RFC 9457
 * fields. The HTTP surfaces answer every failure through this.
 */
export function problemOf(presented: PresentedError): Response {
  const { error, status } = presented;
  const headers: Record<string, string> = {};
  if (presented.retryAfterSeconds !== undefined) headers['retry-after'] = String(presented.retryAfterSeconds);
  if (status === 401) headers['www-authenticate'] = 'Bearer realm="heygate"';
  const extra: Record<string, unknown> = { error };
  if (error.hint !== undefined) extra.hint = error.hint;
  if (error.field !== undefined) extra.field = error.field;
  return problem(status, error.code, error.message, extra, headers);
}

/** Byte size of a request's head as sent (names, values, separators). */
function headBytes(request: Request): number {
  let total = 0;
  request.headers.forEach((value, name) => {
    total += name.length + value.length + 4;
  });
  return total;
}

/**
 * The HTTP surface of `heygate serve`: tool listing and calls (`/v1/tools`), health, and the mounted
 * sub-apps (MCP Streamable HTTP at `/mcp`, the admin REST API at `/admin`, webhooks). Every call goes
 * through `executor.execute()`; the bearer token is the persona token.
 *
 * Order of checks, cheapest and least trusting first: request head size (431) → `Host`/`Origin` (403) → bearer
 * token (401) → body type and size (415/413, before reading) → JSON (400) → the envelope, strictly (400 naming
 * the field) → `execute()`. Every failure, thrown or returned, is presented by `presentError` through one
 * `onError`, so statuses and codes match the other surfaces.
 */
export function createHttpApp(options: HttpAppOptions): Hono {
  const app = new Hono();
  const { executor } = options;
  const maxHeaderBytes = options.maxHeaderBytes ?? 16 * 1024;
  const maxBodyBytes = options.maxBodyBytes ?? 48 * 1024 * 1024;
  const checkHostOrigin = createHostOriginCheck({
    ...(options.allowedHosts ? { allowedHosts: options.allowedHosts } : {}),
    ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
  });
  const refuse = (code: string, message: string): Response =>
    problemOf(presentError({ code, message, retryable: false }));

  app.onError((error) => problemOf(presentError(error)));
  app.notFound(() => refuse('not_found', 'No such route.'));

  const { operations } = options;
  if (operations)
    app.use('*', async (context, next) => {
      context.res = await operations.handle(context.req.raw, async () => {
        await next();
        return context.res;
      });
    });

  app.use('*', async (context, next) => {
    const request = context.req.raw;
    if (headBytes(request) > maxHeaderBytes) {
      return refuse('header_too_large', `The request headers are larger than ${maxHeaderBytes} bytes.`);
    }
    if (!probePaths.has(context.req.path)) {
      const refusal = checkHostOrigin(request);
      if (refusal) return refuse(refusal.code, refusal.message);
    }
    await next();
  });

  /** The persona token of a request (checked with the gateway), or undefined for the allowed operator. */
  async function authenticate(
    request: Request,
  ): Promise<{ personaToken: string | undefined; visible: readonly ToolDefinition[] }> {
    const personaToken = bearerToken(request);
    if (personaToken === undefined && !options.operatorWithoutToken) {
      throw new PersonaAuthError('Send a persona token: Authorization: Bearer hg_….');
    }
    // Checks the token (unknown, revoked) before anything else is read; throws a presented gateway error.
    return { personaToken, visible: await executor.visibleTools({ personaToken }) };
  }

  app.get('/healthz', (context) => context.json({ ok: true, ...options.info }));
  if (operations) {
    app.get('/readyz', () => operations.ready());
    app.get('/metrics', (context) => operations.metrics(context.req.raw));
  }

  app.get('/v1/tools', async (context) => {
    const { visible } = await authenticate(context.req.raw);
    return context.json({
      data: visible.map((tool) => ({
        name: tool.name,
        title: tool.title,
        area: tool.area,
        access: tool.access,
        description: tool.description,
      })),
    });
  });

  app.post('/v1/tools/:name', async (context) => {
    const request = context.req.raw;
    const tool = context.req.param('name');
    const { personaToken, visible } = await authenticate(request).catch(async (error: unknown) => {
      // A revoked persona's call is refused by execute(), which audits the refusal (the body is not read).
      if (HeyGateError.isInstance(error) && error.code === 'persona_revoked') {
        await executor.execute({ tool, input: {}, surface: 'http', personaToken: bearerToken(request) });
      }
      throw error;
    });
    // A name that is no tool is 404 before the body is read (a tool the persona may not use still goes to the
    // gateway, which refuses and audits it).
    const definition = findTool(tool);
    if (!definition && !visible.some((candidate) => candidate.name === tool))
      throw new UnknownToolError(tool);
    const body = await readJsonBody(request, { maxBytes: maxBodyBytes });
    const read = readRequestEnvelope(body, { tool });
    // `full`, `fields` and `result_cursor` beside the input size the result, as on every agent surface.
    const taken = definition
      ? takeToolResultSizing(definition, read.input)
      : { sizing: {}, args: read.input };
    const envelope = { ...read, input: taken.args as Record<string, unknown> };
    const result = await executor.execute(
      toExecuteRequest(envelope, {
        tool,
        surface: 'http',
        caller: { personaToken },
        signal: request.signal,
      }),
    );
    if (!result.ok) return problemOf(presentError(result.error));
    return context.json({
      data: sizeResult(result.data, taken.sizing),
      account: result.account,
      fallback_from: result.fallbackFrom ?? null,
      // True when the identical create had already run: this is its first job, not a new render.
      replayed: result.routing?.replayed === true,
      // What the call cost in US dollars (paid tools), and what HeyGen's answer had that heygate does not
      // document (once per process; the data is unchanged).
      ...(result.costUsd === undefined ? {} : { cost_usd: result.costUsd }),
      ...(result.warnings?.length ? { warnings: result.warnings } : {}),
    });
  });

  for (const [path, mounted] of Object.entries(options.mounts ?? {})) {
    // `/` mounts the home page only (the web console redirects it to `/console`).
    if (path === '/') {
      app.all('/', (context) => mounted.fetch(context.req.raw));
      continue;
    }
    app.all(`${path}`, (context) => mounted.fetch(context.req.raw));
    app.all(`${path}/*`, (context) => mounted.fetch(context.req.raw));
  }

  return app;
}
