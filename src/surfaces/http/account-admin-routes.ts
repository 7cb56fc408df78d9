import type { Hono } from 'hono';
import { InvalidInputError } from '../../catalog/errors.ts';
import type { RotationSubject } from '../../gateway/credential-rotation.ts';
import type { Gateway } from '../../gateway/gateway.ts';
import type { BillingPool } from '../../store/store.ts';
import {
  optionalBoolean,
  optionalNumber,
  optionalString,
  optionalStrings,
  requiredString,
  routeParam,
  jsonBody,
  type AdminGuard,
} from './admin-route-kit.ts';
import { problem } from './create-http-app.ts';
import { createCookieSessionBinding, type OAuthSessionBinding } from './oauth-session-binding.ts';

export type { OAuthSessionBinding } from './oauth-session-binding.ts';

/** Options of {@link registerAccountAdminRoutes}. */
export interface AccountAdminRoutesOptions {
  gateway: Gateway;
  /** The admin API's caller checks (admin-route-kit.ts). */
  guard: AdminGuard;
  /** Where HeyGen reaches this server; default the request's origin. */
  publicUrl?: string;
  /** Binds OAuth flows to the browser session (default: a cookie). */
  oauthSession?: OAuthSessionBinding;
}

function billingPool(value: string | undefined): BillingPool | undefined {
  if (value === undefined) return undefined;
  if (value === 'api' || value === 'plan') return value;
  throw new InvalidInputError('admin', [
    { field: 'billing_pool', expected: 'api | plan', message: `Invalid billing_pool "${value}".` },
  ]);
}

/** A duration in ms from the body (`grace_ms`, `overlap_ms`, `every_ms`); null only where allowed. */
function durationMs(body: Record<string, unknown>, field: string): number | null | undefined {
  const value = optionalNumber(body, field);
  if (value !== undefined && value !== null && (!Number.isFinite(value) || value < 0)) {
    throw new InvalidInputError('admin', [
      { field, expected: 'milliseconds ≥ 0', message: `${field} must be milliseconds ≥ 0.` },
    ]);
  }
  return value;
}

/** The public origin of this server: the configured one, else the request's. */
function publicOrigin(configured: string | undefined, request: Request): string {
  return (configured ?? new URL(request.url).origin).replace(/\/+$/, '');
}

/**
 * The account routes of the admin API (all need the `admin` grant; every change is an audited admin action):
 *
 * | route                                    | what                                                          |
 * |------------------------------------------|---------------------------------------------------------------|
 * | GET    /accounts/:name                   | the account (never a key or token) and its webhook endpoint   |
 * | POST   /accounts                         | add by API key `{name, api_key, billing_pool?, base_url?, verify?}` — verified before storing |
 * | PATCH  /accounts/:name                   | `{billing_pool?, base_url?}`                                  |
 * | POST   /accounts/:name/rotate            | `{api_key, grace_ms?}` — verified first; staged within the grace period |
 * | DELETE /accounts/:name?revoke=false      | remove; OAuth tokens revoked at HeyGen unless `revoke=false`  |
 * | POST   /accounts/:name/oauth/start       | `{redirect_uri?, client_id?, scope?, base_url?, billing_pool?, replace?, return_to?}` → the authorization URL; binds the flow to the browser session |
 * | GET    /accounts/:name/webhook           | the endpoint set up at HeyGen                                  |
 * | PUT    /accounts/:name/webhook           | set up `{public_url?, events?}`                               |
 * | POST   /accounts/:name/webhook/rotate    | `{overlap_ms?}`                                               |
 * | DELETE /accounts/:name/webhook           | remove the endpoint                                           |
 * | GET    /rotation                         | schedules and what is due                                     |
 * | PUT    /rotation/policies                | `{subject, account?, every_ms}` (`null` clears)               |
 * | POST   /rotation/run                     | do what is due now                                            |
 * | POST   /vault/rotate-master-key          | rotate (or resume) the master key (key file, or `HEYGATE_MASTER_KEY_NEXT`) |
 */
export function registerAccountAdminRoutes(app: Hono, options: AccountAdminRoutesOptions): void {
  const { gateway, guard } = options;
  const { admin, actor, handle } = guard;
  const session = options.oauthSession ?? createCookieSessionBinding();

  app.get(
    '/accounts/:name',
    handle(async (context) => {
      await admin(context);
      const name = routeParam(context, 'name');
      const account = await gateway.accounts.get(name);
      const [webhook] = await gateway.webhooks.status(name);
      return context.json({ ...account, webhook: webhook ?? null });
    }),
  );

  app.post(
    '/accounts',
    handle(async (context) => {
      const operator = await admin(context);
      const body = await jsonBody(context);
      const name = requiredString(body, 'name', 'an account name');
      const apiKey = requiredString(body, 'api_key', 'a HeyGen API key');
      const pool = billingPool(optionalString(body, 'billing_pool'));
      const baseUrl = optionalString(body, 'base_url');
      const verify = optionalBoolean(body, 'verify') ?? true;
      const account = await gateway.accounts.add(
        name,
        apiKey,
        { ...(pool ? { billingPool: pool } : {}), ...(baseUrl ? { baseUrl } : {}), skipVerify: !verify },
        actor(operator),
      );
      return context.json(account, 201);
    }),
  );

  app.patch(
    '/accounts/:name',
    handle(async (context) => {
      const operator = await admin(context);
      const body = await jsonBody(context);
      const pool = billingPool(optionalString(body, 'billing_pool'));
      const baseUrl = body.base_url === null ? null : optionalString(body, 'base_url');
      const account = await gateway.accounts.update(
        routeParam(context, 'name'),
        { ...(pool ? { billingPool: pool } : {}), ...(baseUrl !== undefined ? { baseUrl } : {}) },
        actor(operator),
      );
      return context.json(account);
    }),
  );

  app.post(
    '/accounts/:name/rotate',
    handle(async (context) => {
      const operator = await admin(context);
      const body = await jsonBody(context);
      const apiKey = requiredString(body, 'api_key', 'the new HeyGen API key');
      const graceMs = durationMs(body, 'grace_ms') ?? 0;
      return context.json(
        await gateway.accounts.rotate(routeParam(context, 'name'), apiKey, { graceMs }, actor(operator)),
      );
    }),
  );

  app.delete(
    '/accounts/:name',
    handle(async (context) => {
      const operator = await admin(context);
      const revoke = context.req.query('revoke') !== 'false';
      return context.json(
        await gateway.accounts.remove(routeParam(context, 'name'), { revoke }, actor(operator)),
      );
    }),
  );

  app.post(
    '/accounts/:name/oauth/start',
    handle(async (context) => {
      const operator = await admin(context);
      const body = context.req.header('content-type')?.includes('json') ? await jsonBody(context) : {};
      const pool = billingPool(optionalString(body, 'billing_pool'));
      const redirectUri =
        optionalString(body, 'redirect_uri') ??
        `${publicOrigin(options.publicUrl, context.req.raw)}/oauth/callback`;
      const bound = session.start(context.req.raw);
      const clientId = optionalString(body, 'client_id');
      const scope = optionalString(body, 'scope');
      const baseUrl = optionalString(body, 'base_url');
      const returnTo = optionalString(body, 'return_to');
      const started = await gateway.oauth.start({
        account: routeParam(context, 'name'),
        redirectUri,
        binding: bound.binding,
        ...(clientId ? { clientId } : {}),
        ...(scope ? { scope } : {}),
        ...(baseUrl ? { baseUrl } : {}),
        ...(pool ? { billingPool: pool } : {}),
        ...(optionalBoolean(body, 'replace') ? { replace: true } : {}),
        ...(returnTo ? { returnTo } : {}),
        actor: actor(operator),
      });
      for (const [header, value] of Object.entries(bound.headers ?? {})) context.header(header, value);
      context.header('cache-control', 'no-store');
      return context.json({
        authorization_url: started.authorizationUrl,
        state: started.state,
        expires_at: started.expiresAt,
      });
    }),
  );

  app.get(
    '/accounts/:name/webhook',
    handle(async (context) => {
      await admin(context);
      const [status] = await gateway.webhooks.status(routeParam(context, 'name'));
      if (!status) {
        return problem(404, 'webhook_not_set_up', 'This account has no webhook endpoint set up by heygate.', {
          hint: 'PUT /admin/accounts/:name/webhook {"public_url": …} sets one up.',
        });
      }
      return context.json(status);
    }),
  );

  app.put(
    '/accounts/:name/webhook',
    handle(async (context) => {
      const operator = await admin(context);
      const body = await jsonBody(context);
      const events = optionalStrings(body, 'events');
      const publicUrl =
        optionalString(body, 'public_url') ?? publicOrigin(options.publicUrl, context.req.raw);
      return context.json(
        await gateway.webhooks.setup(
          routeParam(context, 'name'),
          { publicUrl, ...(events ? { events } : {}) },
          actor(operator),
        ),
      );
    }),
  );

  app.post(
    '/accounts/:name/webhook/rotate',
    handle(async (context) => {
      const operator = await admin(context);
      const body = context.req.header('content-type')?.includes('json') ? await jsonBody(context) : {};
      const overlapMs = durationMs(body, 'overlap_ms');
      return context.json(
        await gateway.webhooks.rotate(
          routeParam(context, 'name'),
          overlapMs === undefined || overlapMs === null ? {} : { overlapMs },
          actor(operator),
        ),
      );
    }),
  );

  app.delete(
    '/accounts/:name/webhook',
    handle(async (context) => {
      const operator = await admin(context);
      return context.json(await gateway.webhooks.remove(routeParam(context, 'name'), {}, actor(operator)));
    }),
  );

  app.get(
    '/rotation',
    handle(async (context) => {
      await admin(context);
      return context.json({
        items: await gateway.rotation.status(),
        policies: await gateway.rotation.policies(),
      });
    }),
  );

  app.put(
    '/rotation/policies',
    handle(async (context) => {
      const operator = await admin(context);
      const body = await jsonBody(context);
      const subject = requiredString(
        body,
        'subject',
        'master_key | api_key | webhook_secret',
      ) as RotationSubject;
      const account = optionalString(body, 'account');
      if (!('every_ms' in body)) {
        throw new InvalidInputError('admin', [
          { field: 'every_ms', expected: 'milliseconds, or null to clear', message: 'every_ms is required.' },
        ]);
      }
      const everyMs = durationMs(body, 'every_ms') ?? null;
      return context.json({
        policies: await gateway.rotation.setPolicy(
          { subject, everyMs, ...(account ? { account } : {}) },
          actor(operator),
        ),
      });
    }),
  );

  app.post(
    '/rotation/run',
    handle(async (context) => {
      const operator = await admin(context);
      return context.json({ actions: await gateway.rotation.runDue(actor(operator)) });
    }),
  );

  app.post(
    '/vault/rotate-master-key',
    handle(async (context) => {
      const operator = await admin(context);
      return context.json(await gateway.rotation.rotateMasterKey({}, actor(operator)));
    }),
  );
}
