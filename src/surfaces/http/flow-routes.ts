import { Hono } from 'hono';
import type { Context } from 'hono';
import { HeyGateError, InvalidInputError } from '../../catalog/errors.ts';
import type { FlowActor } from '../../flows/create-flow-service.ts';
import type { OpenedFlows } from '../../flows/open-flows.ts';
import { PersonaAuthError, ScopeDeniedError } from '../../gateway/errors.ts';
import type { Gateway } from '../../gateway/gateway.ts';
import { adminScope } from '../../gateway/scopes.ts';
import { bearerToken, problem } from './create-http-app.ts';

/** Options of {@link createFlowRoutes}. */
export interface FlowRoutesOptions {
  gateway: Gateway;
  flows: OpenedFlows;
  /** Path prefix (default `/admin`). */
  basePath?: string;
}

function statusOf(code: string): number {
  if (code === 'unauthenticated' || code === 'persona_revoked') return 401;
  if (code === 'scope_denied') return 403;
  if (code === 'unknown_flow' || code === 'unknown_connection' || code === 'unknown_persona') return 404;
  if (code === 'store_conflict') return 409;
  return 400;
}

function errorResponse(error: unknown): Response {
  if (!HeyGateError.isInstance(error)) throw error;
  return problem(statusOf(error.code), error.code, error.message, {
    ...(error.hint ? { hint: error.hint } : {}),
    ...(error instanceof InvalidInputError ? { issues: error.issues } : {}),
  });
}

async function body(context: Context): Promise<Record<string, unknown>> {
  try {
    const parsed = (await context.req.json()) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new InvalidInputError('admin', [
    { field: '(body)', expected: 'a JSON object', message: 'The request body must be a JSON object.' },
  ]);
}

/** `{ source: "<YAML or JSON text>" }` or `{ definition: {…} }`. */
function flowSource(payload: Record<string, unknown>): string | Record<string, unknown> {
  if (typeof payload.source === 'string') return payload.source;
  if (payload.definition && typeof payload.definition === 'object')
    return payload.definition as Record<string, unknown>;
  throw new InvalidInputError('admin', [
    {
      field: 'source',
      expected: 'the flow file text, or definition as an object',
      message: 'Send {"source": "<YAML or JSON>"} or {"definition": {…}}.',
    },
  ]);
}

/**
 * The flow routes of the admin API (mounted under `/admin` by `heygate serve`; the web console builds on them).
 * A persona bearer token is required; the `flows` grant manages flows that run as that persona, `admin`
 * manages all. Problems are problem+json with the same codes as the CLI.
 *
 * | route                                   | what                                             |
 * |-----------------------------------------|--------------------------------------------------|
 * | GET    /flows                           | flows the caller may see                         |
 * | POST   /flows  {source \| definition}    | save (201 new, 200 new version); `warnings`      |
 * | POST   /flows/validate {source}         | check without saving                             |
 * | GET    /flows/:name                     | one flow with its definition                     |
 * | DELETE /flows/:name                     | remove                                           |
 * | POST   /flows/:name/enable, /disable    | switch its trigger on or off                     |
 * | POST   /flows/:name/runs {input?}       | start a run (202); `?wait=1` answers at its end  |
 * | GET    /flows/:name/runs?limit&before   | history, newest first                            |
 * | GET    /flow-runs/:id                   | a run with every step's input, output, timings   |
 * | POST   /flow-runs/:id/cancel            | cancel                                           |
 * | GET    /connections                     | connections (no secrets)                         |
 * | POST   /connections {name, url, headers?} | add a URL connection (admin only; command connections only from the CLI) |
 * | DELETE /connections/:name               | remove (admin only)                              |
 */
export function createFlowRoutes(options: FlowRoutesOptions): Hono {
  const { gateway, flows } = options;
  const app = new Hono().basePath(options.basePath ?? '/admin');

  async function actor(context: Context): Promise<FlowActor> {
    const token = bearerToken(context.req.raw);
    if (!token)
      throw new PersonaAuthError('The admin API needs a persona bearer token (Authorization: Bearer hg_…).');
    const persona = await gateway.authenticate({ personaToken: token });
    if (!persona) throw new PersonaAuthError();
    return { kind: 'persona', persona };
  }

  async function admin(context: Context): Promise<FlowActor> {
    const caller = await actor(context);
    if (caller.kind === 'persona' && !caller.persona.scopes.includes(adminScope)) {
      throw new ScopeDeniedError({
        persona: caller.persona.name,
        tool: 'connections',
        access: adminScope,
        area: 'admin',
      });
    }
    return caller;
  }

  const handle =
    (handler: (context: Context) => Promise<Response>) =>
    async (context: Context): Promise<Response> => {
      try {
        return await handler(context);
      } catch (error) {
        return errorResponse(error);
      }
    };
  const param = (context: Context, name: string) => context.req.param(name) ?? '';

  app.get(
    '/flows',
    handle(async (context) => context.json({ flows: await flows.service.list(await actor(context)) })),
  );
  app.post(
    '/flows',
    handle(async (context) => {
      const caller = await actor(context);
      const result = await flows.service.save(flowSource(await body(context)), caller);
      return context.json(result, result.created ? 201 : 200);
    }),
  );
  app.post(
    '/flows/validate',
    handle(async (context) => {
      const caller = await actor(context);
      const source = flowSource(await body(context));
      const text = typeof source === 'string' ? source : JSON.stringify(source);
      const { definition, warnings } = await flows.service.validate(text, caller);
      return context.json({ valid: true, name: definition.name, warnings });
    }),
  );
  app.get(
    '/flows/:name',
    handle(async (context) =>
      context.json(await flows.service.get(param(context, 'name'), await actor(context))),
    ),
  );
  app.delete(
    '/flows/:name',
    handle(async (context) => {
      await flows.service.remove(param(context, 'name'), await actor(context));
      return context.body(null, 204);
    }),
  );
  for (const [verb, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    app.post(
      `/flows/:name/${verb}`,
      handle(async (context) =>
        context.json(await flows.service.setEnabled(param(context, 'name'), enabled, await actor(context))),
      ),
    );
  }
  app.post(
    '/flows/:name/runs',
    handle(async (context) => {
      const caller = await actor(context);
      const raw = await context.req.text();
      const payload = raw.trim() === '' ? {} : ((JSON.parse(raw) as Record<string, unknown>) ?? {});
      const run = await flows.service.start(param(context, 'name'), caller, payload.input);
      if (context.req.query('wait') !== '1') return context.json(run, 202);
      await flows.waitForRun(run.id, { signal: context.req.raw.signal });
      return context.json(await flows.service.run(run.id, caller));
    }),
  );
  app.get(
    '/flows/:name/runs',
    handle(async (context) => {
      const { limit, before } = context.req.query();
      const runs = await flows.service.runs(param(context, 'name'), await actor(context), {
        ...(limit ? { limit: Number(limit) } : {}),
        ...(before ? { before } : {}),
      });
      return context.json({ runs, next_before: runs.length > 0 ? runs.at(-1)!.id : null });
    }),
  );
  app.get(
    '/flow-runs/:id',
    handle(async (context) =>
      context.json(await flows.service.run(param(context, 'id'), await actor(context))),
    ),
  );
  app.post(
    '/flow-runs/:id/cancel',
    handle(async (context) =>
      context.json(await flows.service.cancel(param(context, 'id'), await actor(context))),
    ),
  );

  app.get(
    '/connections',
    handle(async (context) => {
      const caller = await actor(context);
      if (
        caller.kind === 'persona' &&
        !caller.persona.scopes.includes(adminScope) &&
        !caller.persona.scopes.includes('flows')
      ) {
        throw new ScopeDeniedError({
          persona: caller.persona.name,
          tool: 'connections',
          access: 'flows',
          area: 'flows',
        });
      }
      return context.json({ connections: await flows.connections.list() });
    }),
  );
  app.post(
    '/connections',
    handle(async (context) => {
      await admin(context);
      const payload = await body(context);
      if (payload.command !== undefined) {
        // A command connection runs a program on this host: only the local operator may add one (the CLI).
        throw new InvalidInputError('admin', [
          {
            field: 'command',
            expected: 'a url connection',
            message:
              'command connections run a program on the gateway host; add them with `heygate connections add` on that host.',
          },
        ]);
      }
      const record = (value: unknown) =>
        value && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).map(([key, item]) => [key, String(item)]))
          : undefined;
      const added = await flows.connections.add({
        name: String(payload.name ?? ''),
        ...(typeof payload.command === 'string' ? { command: payload.command } : {}),
        ...(typeof payload.url === 'string' ? { url: payload.url } : {}),
        ...(record(payload.headers) ? { headers: record(payload.headers)! } : {}),
        ...(record(payload.env) ? { env: record(payload.env)! } : {}),
      });
      return context.json(added, 201);
    }),
  );
  app.delete(
    '/connections/:name',
    handle(async (context) => {
      await admin(context);
      const removed = await flows.connections.remove(param(context, 'name'));
      return removed
        ? context.body(null, 204)
        : problem(404, 'unknown_connection', `No connection named "${param(context, 'name')}".`);
    }),
  );
  return app;
}
