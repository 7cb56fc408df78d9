import { Hono } from 'hono';
import { HeyGateError } from '../../catalog/errors.ts';
import type { Executor } from '../../gateway/types.ts';

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
}

/** Reads the bearer token of a request, if any. */
export function bearerToken(request: Request): string | undefined {
  const header = request.headers.get('authorization');
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1];
}

/** Answers an RFC 9457 problem+json response. */
export function problem(
  status: number,
  code: string,
  detail: string,
  extra: Record<string, unknown> = {},
): Response {
  return new Response(
    JSON.stringify({ type: `urn:heygate:error:${code}`, title: code, status, detail, code, ...extra }),
    {
      status,
      headers: { 'content-type': 'application/problem+json' },
    },
  );
}

/** HTTP status of a gateway error (thrown, not returned as tool data). */
function statusOf(code: string): number {
  if (code === 'unknown_tool') return 404;
  if (code === 'unauthenticated' || code === 'persona_revoked') return 401;
  if (code === 'scope_denied') return 403;
  return 400;
}

/**
 * The HTTP surface of `heygate serve`: tool listing and calls (`/v1/tools`), health, and the mounted
 * sub-apps (MCP Streamable HTTP at `/mcp`, the admin REST API at `/admin`). Every call goes through
 * `executor.execute()`; the bearer token is the persona token.
 */
export function createHttpApp(options: HttpAppOptions): Hono {
  const app = new Hono();
  const { executor } = options;

  /** The persona token of a request, or a 401 when it has none and the operator is not allowed. */
  function callerToken(request: Request): string | undefined | Response {
    const token = bearerToken(request);
    if (token === undefined && !options.operatorWithoutToken) {
      return problem(401, 'unauthenticated', 'Send a persona token: Authorization: Bearer hg_….');
    }
    return token;
  }

  app.get('/healthz', (context) => context.json({ ok: true, ...options.info }));

  app.get('/v1/tools', async (context) => {
    const personaToken = callerToken(context.req.raw);
    if (personaToken instanceof Response) return personaToken;
    try {
      const tools = await executor.visibleTools({ personaToken });
      return context.json({
        data: tools.map((tool) => ({
          name: tool.name,
          title: tool.title,
          area: tool.area,
          access: tool.access,
          description: tool.description,
        })),
      });
    } catch (error) {
      if (HeyGateError.isInstance(error)) return problem(statusOf(error.code), error.code, error.message);
      throw error;
    }
  });

  app.post('/v1/tools/:name', async (context) => {
    const personaToken = callerToken(context.req.raw);
    if (personaToken instanceof Response) return personaToken;
    let body: {
      input?: unknown;
      wait?: boolean;
      prompt?: string;
      user?: string;
      account?: string;
      idempotency_key?: string;
      max_wait_ms?: number;
    };
    try {
      body = (await context.req.json()) as typeof body;
    } catch {
      return problem(
        400,
        'invalid_json',
        'The request body must be JSON: {"input": {...}, "wait"?: boolean}.',
      );
    }
    try {
      const result = await executor.execute({
        tool: context.req.param('name'),
        input: body.input ?? {},
        surface: 'http',
        personaToken,
        wait: body.wait === true,
        prompt: body.prompt,
        user: body.user,
        account: body.account,
        idempotencyKey: body.idempotency_key,
        ...(typeof body.max_wait_ms === 'number' ? { maxWaitMs: body.max_wait_ms } : {}),
        signal: context.req.raw.signal,
      });
      if (result.ok) {
        return context.json({
          data: result.data,
          account: result.account,
          fallback_from: result.fallbackFrom ?? null,
          // True when the identical create had already run: this is its first job, not a new render.
          replayed: result.routing?.replayed === true,
          // What the call cost in US dollars (paid tools), and what HeyGen's answer had that heygate does not
          // document (once per process; the data is unchanged).
          ...(result.costUsd === undefined ? {} : { cost_usd: result.costUsd }),
          ...(result.warnings?.length ? { warnings: result.warnings } : {}),
        });
      }
      return problem(
        result.error.status && result.error.status >= 400 ? result.error.status : 422,
        result.error.code,
        result.error.message,
        {
          error: result.error,
        },
      );
    } catch (error) {
      if (HeyGateError.isInstance(error)) return problem(statusOf(error.code), error.code, error.message);
      throw error;
    }
  });

  for (const [path, mounted] of Object.entries(options.mounts ?? {})) {
    app.all(`${path}`, (context) => mounted.fetch(context.req.raw));
    app.all(`${path}/*`, (context) => mounted.fetch(context.req.raw));
  }

  return app;
}
