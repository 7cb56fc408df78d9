import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { html } from 'hono/html';
import { HeyGateError } from '../../catalog/errors.ts';
import type { OpenedFlows } from '../../flows/open-flows.ts';
import type { Gateway } from '../../gateway/gateway.ts';
import { adminScope } from '../../gateway/scopes.ts';
import type { OAuthSessionBinding } from '../http/oauth-session-binding.ts';
import type { ConsoleApp, ConsoleCaller, ConsoleDeps } from './console-context.ts';
import { createConsoleJobs, type ConsoleJobs } from './console-jobs.ts';
import { layout } from './console-layout.ts';
import { consoleScript } from './console-script.ts';
import { createConsoleSessions, type ConsoleSession, type ConsoleSessions } from './console-sessions.ts';
import { registerAuditPage } from './audit-page.ts';
import { registerFlowsPage } from './flows-page.ts';
import { registerIntegrationsPage } from './integrations-page.ts';
import { registerJobsPage } from './jobs-page.ts';
import { registerPersonasPage } from './personas-page.ts';
import { registerPlaygroundPage } from './playground-page.ts';
import { registerUsagePage } from './usage-page.ts';

/** Options of {@link createConsoleApp}. */
export interface ConsoleAppOptions {
  gateway: Gateway;
  /** Flows (issue 15) for the flows page; without them the page says flows are not running here. */
  flows?: OpenedFlows;
  /**
   * Whether the sign-in page offers an operator session without a token: only in sandbox mode on a loopback
   * bind (`heygate serve` decides). Everyone else signs in with an admin persona token.
   */
  operatorSignIn?: boolean;
  /** The OAuth binding `heygate serve` shares between the start route and `/oauth/callback`. */
  oauthSession?: OAuthSessionBinding;
  /** Where HeyGen reaches this server (OAuth redirect); default the request's origin. */
  publicUrl?: string;
  /** Path the console answers under (default `/console`); `GET /` redirects there. */
  basePath?: string;
  sessions?: ConsoleSessions;
  jobs?: ConsoleJobs;
  clock?: { now(): number };
}

const cookieName = 'heygate_console';

/** Thrown by the session check: the browser must sign in (again). */
class SignInRequired extends Error {}

/**
 * The web console of `heygate serve` (issue 16, ADR 0050): server-rendered pages over the same managers as the
 * CLI and the admin API, one small script for progressive enhancement. A session is an HttpOnly, SameSite=Strict
 * cookie naming a server-side session (in memory) made from an admin persona token, re-checked on every request;
 * every change is a POST form carrying the session's CSRF token and a same-origin `Origin`.
 */
export function createConsoleApp(options: ConsoleAppOptions): ConsoleApp & { close(): void } {
  const { gateway } = options;
  const base = (options.basePath ?? '/console').replace(/\/+$/, '');
  const sessions =
    options.sessions ??
    createConsoleSessions({ store: gateway.store, ...(options.clock ? { clock: options.clock } : {}) });
  const jobs = options.jobs ?? createConsoleJobs();
  const deps: ConsoleDeps = {
    gateway,
    flows: options.flows,
    jobs,
    base,
    oauthSession: options.oauthSession,
    publicUrl: options.publicUrl,
    clock: options.clock ?? Date,
  };
  const app: ConsoleApp = new Hono();

  /** Headers on every console answer: never cached (tokens shown once), no framing, no referrer, tight CSP. */
  app.use('*', async (context, next) => {
    await next();
    const headers = context.res.headers;
    headers.set('cache-control', 'no-store');
    headers.set('x-frame-options', 'DENY');
    headers.set('referrer-policy', 'same-origin');
    headers.set('x-content-type-options', 'nosniff');
    headers.set(
      'content-security-policy',
      "default-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; media-src 'self' https: http:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    );
  });

  /** A change must come from a page of this server: same-origin `Origin` (or `Sec-Fetch-Site`). */
  app.use('*', async (context, next) => {
    if (context.req.method !== 'GET' && context.req.method !== 'HEAD') {
      const request = context.req.raw;
      const origin = request.headers.get('origin');
      const host = request.headers.get('host') ?? new URL(request.url).host;
      const fetchSite = request.headers.get('sec-fetch-site');
      const sameOrigin = origin !== null && origin !== 'null' && URL.parse(origin)?.host === host;
      if (!sameOrigin || (fetchSite !== null && fetchSite !== 'same-origin')) {
        return context.text('This change must come from a page of this server (Origin check).', 403);
      }
    }
    await next();
  });

  app.get('/', (context) => context.redirect(`${base}/`, 302));
  app.get(`${base}/console.js`, (context) => {
    context.header('content-type', 'text/javascript; charset=utf-8');
    return context.body(consoleScript);
  });

  function cookie(request: Request, value: string, maxAge?: number): string {
    const secure = new URL(request.url).protocol === 'https:' ? '; Secure' : '';
    return `${cookieName}=${value}; Path=/; HttpOnly; SameSite=Strict${secure}${maxAge === undefined ? '' : `; Max-Age=${maxAge}`}`;
  }

  function signInPage(error?: string, status: 200 | 401 = 200): Response {
    const body = html`<form method="post" action="${base}/sign-in">
        <label for="token">Admin persona token</label>
        <input
          id="token"
          name="token"
          type="password"
          autocomplete="off"
          required
          aria-describedby="token-help"
        />
        <p id="token-help" class="muted">
          A persona with the admin grant (<code>heygate personas create ops --allow admin</code>).
        </p>
        <button type="submit">Sign in</button>
      </form>
      ${
        options.operatorSignIn
          ? html`<form method="post" action="${base}/sign-in">
              <input type="hidden" name="operator" value="1" />
              <p>Sandbox on this computer: you may act as the local operator.</p>
              <button type="submit" class="plain">Continue as operator</button>
            </form>`
          : ''
      }`;
    return new Response(
      layout(
        { title: 'Sign in', base, notice: error ? { kind: 'error', text: error } : undefined },
        body,
      ) as string,
      { status, headers: { 'content-type': 'text/html; charset=utf-8' } },
    );
  }

  app.get(`${base}/sign-in`, () => signInPage());
  app.post(`${base}/sign-in`, async (context) => {
    const body = await context.req.parseBody();
    let session: ConsoleSession;
    if (body.operator === '1') {
      if (!options.operatorSignIn) return signInPage('Sign in with an admin persona token.', 401);
      session = await sessions.create({ kind: 'operator' });
    } else {
      const token = typeof body.token === 'string' ? body.token.trim() : '';
      let persona;
      try {
        persona = token ? await gateway.authenticate({ personaToken: token }) : undefined;
        if (!persona) return signInPage('That token is not a persona token.', 401);
        if (!persona.scopes.includes(adminScope)) {
          return signInPage(`Persona "${persona.name}" lacks the admin grant.`, 401);
        }
      } catch (error) {
        if (!HeyGateError.isInstance(error)) throw error;
        return signInPage(error.message, 401);
      }
      session = await sessions.create({ kind: 'persona', personaId: persona.id, token });
    }
    context.header('set-cookie', cookie(context.req.raw, session.id));
    return context.redirect(`${base}/`, 303);
  });

  app.get(`${base}/oauth-return`, (context) => {
    const { oauth, account } = context.req.query();
    const text =
      oauth === 'connected'
        ? `Connected the HeyGen account "${account ?? ''}".`
        : 'The connection did not finish.';
    return context.html(
      layout(
        { title: 'HeyGen connection', base },
        html`<p>${text}</p>
          <p><a href="${base}/integrations">Continue to Integrations</a></p>`,
      ),
    );
  });

  /** Resolves the session of every other console request; re-checks an admin persona's token. */
  async function resolveCaller(cookieValue: string | undefined): Promise<ConsoleCaller> {
    const session = await sessions.get(cookieValue);
    if (!session) throw new SignInRequired();
    if (session.identity.kind === 'operator') {
      // A stored operator session is only good while this server offers one (sandbox on loopback).
      if (!options.operatorSignIn) {
        await sessions.end(cookieValue);
        throw new SignInRequired();
      }
      return {
        session,
        persona: undefined,
        actor: { surface: 'http', user: 'console operator' },
        flowActor: { kind: 'operator' },
        who: 'operator (sandbox)',
      };
    }
    try {
      const { personaId, tokenHash } = session.identity;
      const persona = await gateway.authenticate({ personaTokenHash: tokenHash });
      if (!persona || persona.id !== personaId || !persona.scopes.includes(adminScope)) {
        throw new SignInRequired();
      }
      return {
        session,
        persona,
        actor: { surface: 'http', persona: { id: persona.id, name: persona.name } },
        flowActor: { kind: 'persona', persona },
        who: persona.name,
      };
    } catch (error) {
      await sessions.end(cookieValue);
      if (HeyGateError.isInstance(error) || error instanceof SignInRequired) throw new SignInRequired();
      throw error;
    }
  }

  app.use(`${base}/*`, async (context, next) => {
    const cookieValue = getCookie(context, cookieName);
    let caller: ConsoleCaller;
    try {
      caller = await resolveCaller(cookieValue);
    } catch (error) {
      if (!(error instanceof SignInRequired)) throw error;
      if (context.req.header('x-heygate-fragment') === '1') return context.text('Signed out.', 401);
      if (cookieValue) context.header('set-cookie', cookie(context.req.raw, '', 0));
      return context.redirect(`${base}/sign-in`, 303);
    }
    if (context.req.method === 'POST') {
      const body = await context.req.parseBody({ all: true });
      const token = typeof body._csrf === 'string' ? body._csrf : undefined;
      if (!sessions.checkCsrf(caller.session, token)) {
        return context.text('The form is out of date (CSRF check). Reload the page and try again.', 403);
      }
    }
    context.set('caller', caller);
    await next();
  });

  app.get(`${base}/`, (context) => context.redirect(`${base}/integrations`, 302));
  app.post(`${base}/sign-out`, async (context) => {
    await sessions.end(getCookie(context, cookieName));
    context.header('set-cookie', cookie(context.req.raw, '', 0));
    return context.redirect(`${base}/sign-in`, 303);
  });

  registerIntegrationsPage(app, deps);
  registerPersonasPage(app, deps);
  registerAuditPage(app, deps);
  registerUsagePage(app, deps);
  registerJobsPage(app, deps);
  registerFlowsPage(app, deps);
  registerPlaygroundPage(app, deps);

  /** A refused change (a heygate error) goes back to the page it came from with the message. */
  app.onError((error, context) => {
    if (!HeyGateError.isInstance(error)) throw error;
    const caller = context.get('caller') as ConsoleCaller | undefined;
    const text = `${error.message}${error.hint ? ` ${error.hint}` : ''}`;
    if (caller && context.req.method === 'POST') {
      caller.session.notice = { kind: 'error', text };
      const back = context.req.header('referer');
      const target =
        back && URL.parse(back)?.host === new URL(context.req.url).host ? new URL(back) : undefined;
      return context.redirect(target ? `${target.pathname}${target.search}` : `${base}/`, 303);
    }
    return context.text(text, 400);
  });
  app.notFound((context) => context.text('No such console page.', 404));

  return Object.assign(app, { close: () => jobs.close() });
}
