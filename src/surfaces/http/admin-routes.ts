import { Hono } from 'hono';
import { InvalidInputError } from '../../catalog/errors.ts';
import { auditRecordView, parseAuditQuery } from '../../gateway/audit-view.ts';
import type { AuditFilterInput } from '../../gateway/audit-view.ts';
import type { Gateway } from '../../gateway/gateway.ts';
import type { Persona } from '../../gateway/persona-manager.ts';
import { usageReport, type UsageLine } from '../../gateway/router/usage-report.ts';
import { adminScope } from '../../gateway/scopes.ts';
import { registerAccountAdminRoutes, type OAuthSessionBinding } from './account-admin-routes.ts';
import {
  createAdminGuard,
  jsonBody,
  optionalNumber,
  optionalString,
  optionalStrings,
  routeParam,
} from './admin-route-kit.ts';

/** Options of {@link createAdminRoutes}. */
export interface AdminRoutesOptions {
  /** The gateway whose personas, accounts, vault and audit log the API manages. */
  gateway: Gateway;
  /**
   * Path prefix the routes answer under (default `/admin`): `createHttpApp` forwards the whole request to a
   * mount, so the routes see the full path.
   */
  basePath?: string;
  /** Time source for relative `since`/`until` (`24h`), default `Date.now`. */
  clock?: { now(): number };
  /**
   * Where HeyGen reaches this server (`heygate serve --public-url`, `HEYGATE_PUBLIC_URL`): the default origin of
   * the OAuth redirect and of webhook endpoints. Default: the origin of the request.
   */
  publicUrl?: string;
  /**
   * How an OAuth flow started here is bound to the browser session that finishes it (default: a short-lived
   * HttpOnly cookie set by the start route). The web console passes its session binding here.
   */
  oauthSession?: OAuthSessionBinding;
}

/** `budget_credits` became `budget_usd` (migration 6): the old name is refused, never silently ignored. */
function refuseCreditBudget(body: Record<string, unknown>): void {
  if (body['budget_credits'] === undefined) return;
  throw new InvalidInputError('admin', [
    {
      field: 'budget_credits',
      expected: 'budget_usd',
      message: 'budget_credits is now budget_usd: persona budgets are US dollars per period.',
    },
  ]);
}

/** A spend line as the API shows it (snake_case). */
function usageView(line: UsageLine): Record<string, unknown> {
  return {
    scope: line.scope,
    name: line.name,
    period: line.period,
    period_start: line.periodStart,
    period_end: line.periodEnd,
    spent_usd: line.spentUsd,
    reserved_usd: line.reservedUsd,
    calls: line.calls,
    limit_usd: line.limitUsd ?? null,
    remaining_usd: line.remainingUsd ?? null,
  };
}

/** Persona as the API shows it (snake_case; never the token hash). */
function personaView(persona: Persona): Record<string, unknown> {
  return {
    id: persona.id,
    name: persona.name,
    status: persona.status,
    scopes: persona.scopes,
    accounts: persona.accounts,
    budget_usd: persona.budgetUsd ?? null,
    budget_period: persona.budgetPeriod ?? null,
    created_at: persona.createdAt,
    updated_at: persona.updatedAt,
    revoked_at: persona.revokedAt ?? null,
    token_expires_at: persona.tokenExpiresAt ?? null,
    token_ttl_ms: persona.tokenTtlMs ?? null,
    previous_token_expires_at: persona.previousTokenExpiresAt ?? null,
  };
}

/**
 * The admin REST API of `heygate serve` (mounted at `/admin`). Every request carries a persona bearer token,
 * checked on every request (revocation is immediate). A persona holding the `admin` grant manages personas,
 * accounts, the vault and reads the whole audit log; any other persona may read only its own audit records
 * (`GET /audit`) and `GET /whoami`. Errors are problem+json.
 *
 * | route                              | who    | what                                              |
 * |------------------------------------|--------|---------------------------------------------------|
 * | GET  /whoami                       | any    | the calling persona                               |
 * | GET  /audit?persona&tool&outcome&since&until&limit&cursor&order | any (own) | `{ records, next_cursor }` |
 * | GET  /audit/verify                 | admin  | hash-chain report                                 |
 * | GET  /personas, GET /personas/:id  | admin  | personas                                          |
 * | POST /personas                     | admin  | create; answers the token once                    |
 * | PATCH /personas/:id                | admin  | scopes, add_scopes, remove_scopes, accounts, budget, name |
 * | POST /personas/:id/revoke          | admin  | revoke (next call refused)                        |
 * | POST /personas/:id/rotate-token    | admin  | new token, answered once                          |
 * | GET  /accounts                     | admin  | accounts (never keys)                             |
 * | POST /accounts/:name/verify        | admin  | check a key with HeyGen                           |
 * | GET  /vault                        | admin  | master key version, unfinished rotation           |
 * | GET  /usage?persona&account        | any (own) | USD spend and budgets, current period          |
 */
export function createAdminRoutes(options: AdminRoutesOptions): Hono {
  const { gateway } = options;
  const clock = options.clock ?? Date;
  const app = new Hono().basePath(options.basePath ?? '/admin');

  const { caller, admin, actor, handle } = createAdminGuard(gateway);

  app.get(
    '/whoami',
    handle(async (context) => context.json(personaView(await caller(context)))),
  );

  app.get(
    '/audit',
    handle(async (context) => {
      const persona = await caller(context);
      const filters = context.req.query() as AuditFilterInput;
      const query = parseAuditQuery(filters, clock.now());
      // Without the admin grant a persona sees its own records only, whatever it asks for.
      if (!persona.scopes.includes(adminScope)) query.persona = persona.id;
      const page = await gateway.queryAudit(query);
      return context.json({
        records: page.records.map(auditRecordView),
        next_cursor: page.nextCursor ?? null,
      });
    }),
  );

  app.get(
    '/audit/verify',
    handle(async (context) => {
      await admin(context);
      return context.json(await gateway.verifyAudit());
    }),
  );

  app.get(
    '/personas',
    handle(async (context) => {
      await admin(context);
      return context.json({ personas: (await gateway.personas.list()).map(personaView) });
    }),
  );

  app.get(
    '/personas/:id',
    handle(async (context) => {
      await admin(context);
      return context.json(personaView(await gateway.personas.get(routeParam(context, 'id'))));
    }),
  );

  app.post(
    '/personas',
    handle(async (context) => {
      const operator = await admin(context);
      const body = await jsonBody(context);
      const name = optionalString(body, 'name');
      if (name === undefined) {
        throw new InvalidInputError('admin', [
          { field: 'name', expected: 'a persona name', message: 'name is required.' },
        ]);
      }
      const scopes = optionalStrings(body, 'scopes');
      const accounts = optionalStrings(body, 'accounts');
      refuseCreditBudget(body);
      const budgetUsd = optionalNumber(body, 'budget_usd');
      const budgetPeriod = optionalString(body, 'budget_period');
      const tokenTtlMs = optionalNumber(body, 'token_ttl_ms');
      const { persona, token } = await gateway.personas.create(
        {
          name,
          ...(scopes ? { scopes } : {}),
          ...(accounts ? { accounts } : {}),
          ...(budgetUsd !== undefined ? { budgetUsd } : {}),
          ...(budgetPeriod ? { budgetPeriod } : {}),
          ...(tokenTtlMs !== undefined ? { tokenTtlMs } : {}),
        },
        actor(operator),
      );
      context.header('cache-control', 'no-store');
      return context.json({ persona: personaView(persona), token }, 201);
    }),
  );

  app.patch(
    '/personas/:id',
    handle(async (context) => {
      const operator = await admin(context);
      const body = await jsonBody(context);
      const name = optionalString(body, 'name');
      const scopes = optionalStrings(body, 'scopes');
      const addScopes = optionalStrings(body, 'add_scopes');
      const removeScopes = optionalStrings(body, 'remove_scopes');
      const accounts = optionalStrings(body, 'accounts');
      refuseCreditBudget(body);
      const budgetUsd = optionalNumber(body, 'budget_usd');
      const budgetPeriod = optionalString(body, 'budget_period');
      const tokenTtlMs = optionalNumber(body, 'token_ttl_ms');
      const updated = await gateway.personas.update(
        routeParam(context, 'id'),
        {
          ...(name ? { name } : {}),
          ...(scopes ? { scopes } : {}),
          ...(addScopes ? { addScopes } : {}),
          ...(removeScopes ? { removeScopes } : {}),
          ...(accounts ? { accounts } : {}),
          ...(budgetUsd !== undefined ? { budgetUsd } : {}),
          ...(budgetPeriod ? { budgetPeriod } : {}),
          ...(tokenTtlMs !== undefined ? { tokenTtlMs } : {}),
        },
        actor(operator),
      );
      return context.json(personaView(updated));
    }),
  );

  app.post(
    '/personas/:id/revoke',
    handle(async (context) => {
      const operator = await admin(context);
      return context.json(
        personaView(await gateway.personas.revoke(routeParam(context, 'id'), actor(operator))),
      );
    }),
  );

  app.post(
    '/personas/:id/rotate-token',
    handle(async (context) => {
      const operator = await admin(context);
      // An optional body: {"grace_ms": N} keeps the old token working that long.
      const body = context.req.header('content-type')?.includes('json') ? await jsonBody(context) : {};
      const graceMs = optionalNumber(body, 'grace_ms');
      const { persona, token } = await gateway.personas.rotateToken(
        routeParam(context, 'id'),
        graceMs === undefined || graceMs === null ? {} : { graceMs },
        actor(operator),
      );
      context.header('cache-control', 'no-store');
      return context.json({ persona: personaView(persona), token });
    }),
  );

  app.get(
    '/accounts',
    handle(async (context) => {
      await admin(context);
      return context.json({ accounts: await gateway.accounts.list() });
    }),
  );

  app.post(
    '/accounts/:name/verify',
    handle(async (context) => {
      await admin(context);
      const [result] = await gateway.accounts.verify(routeParam(context, 'name'));
      return context.json(result);
    }),
  );

  app.get(
    '/usage',
    handle(async (context) => {
      const persona = await caller(context);
      // Without the admin grant a persona sees its own spend only.
      const isAdmin = persona.scopes.includes(adminScope);
      const { persona: only, account } = context.req.query();
      const lines = await usageReport({
        store: gateway.store,
        accounts: isAdmin ? await gateway.accounts.names() : [],
        clock,
        ...(isAdmin ? (only ? { persona: only } : {}) : { persona: persona.name }),
        ...(isAdmin && account ? { account } : {}),
      });
      return context.json({ usage: lines.map(usageView) });
    }),
  );

  app.get(
    '/vault',
    handle(async (context) => {
      await admin(context);
      return context.json(await gateway.vault.status());
    }),
  );

  registerAccountAdminRoutes(app, {
    gateway,
    guard: { caller, admin, actor, handle },
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    ...(options.oauthSession ? { oauthSession: options.oauthSession } : {}),
  });

  return app;
}
