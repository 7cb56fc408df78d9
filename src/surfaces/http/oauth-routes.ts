import { Hono } from 'hono';
import { HeyGateError } from '../../catalog/errors.ts';
import type { Gateway } from '../../gateway/gateway.ts';
import { createCookieSessionBinding, type OAuthSessionBinding } from './oauth-session-binding.ts';

/** Options of {@link createOAuthRoutes}. */
export interface OAuthRoutesOptions {
  gateway: Gateway;
  /** The same binding the start route used (default: the cookie binding). */
  oauthSession?: OAuthSessionBinding;
  /** Path prefix (default `/oauth`): `createHttpApp` forwards whole requests to mounts. */
  basePath?: string;
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (character) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character] as string,
  );

function page(status: number, title: string, text: string): Response {
  return new Response(
    `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
      `<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>`,
    {
      status,
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        // The callback URL carries the code: never leak it onwards as a referrer.
        'referrer-policy': 'no-referrer',
      },
    },
  );
}

/**
 * The OAuth redirect target of `heygate serve`: `GET /oauth/callback?state&code` (or `&error`), where HeyGen sends
 * the browser after the consent page. It completes the flow started by `POST /admin/accounts/:name/oauth/start`
 * only for the browser session that started it (see oauth-session-binding.ts), then redirects to the flow's
 * `return_to` (`?oauth=connected&account=NAME`, or `?oauth=error&code=…`) or shows a short page. No bearer token:
 * the state (single use, 10 minutes), the session binding and PKCE protect it.
 */
export function createOAuthRoutes(options: OAuthRoutesOptions): Hono {
  const { gateway } = options;
  const session = options.oauthSession ?? createCookieSessionBinding();
  const app = new Hono().basePath(options.basePath ?? '/oauth');

  app.get('/callback', async (context) => {
    const query = context.req.query();
    const state = query.state ?? '';
    const binding = session.callback(context.req.raw) ?? '';
    try {
      const completed = await gateway.oauth.complete({
        state,
        binding,
        ...(query.code ? { code: query.code } : {}),
        ...(query.error ? { error: query.error } : {}),
        ...(query.error_description ? { errorDescription: query.error_description } : {}),
      });
      if (completed.returnTo) {
        const target = new URL(completed.returnTo, 'http://local');
        target.searchParams.set('oauth', 'connected');
        target.searchParams.set('account', completed.account.name);
        return context.redirect(`${target.pathname}${target.search}`, 303);
      }
      return page(
        200,
        'Connected',
        `heygate stored the HeyGen account "${completed.account.name}". You can close this tab.`,
      );
    } catch (error) {
      if (!HeyGateError.isInstance(error)) throw error;
      return page(400, 'Not connected', `${error.message}${error.hint ? ` ${error.hint}` : ''}`);
    }
  });

  return app;
}
