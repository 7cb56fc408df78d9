import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeyGateError } from '../../catalog/errors.ts';
import type { AccountView } from '../../gateway/account-manager.ts';
import type { AdminActor } from '../../gateway/admin-audit.ts';
import type { Gateway } from '../../gateway/gateway.ts';
import type { BillingPool } from '../../store/store.ts';
import { openBrowser } from './open-browser.ts';

/** Options of {@link connectOAuthFromCli}. */
export interface CliOAuthConnectOptions {
  gateway: Gateway;
  /** Account to store the connection as. */
  account: string;
  /** Writes the authorization URL (first line of stdout) and the result. */
  stdout: (text: string) => void;
  /** Progress and hints. */
  stderr: (text: string) => void;
  /** Try to open the URL in the desktop's browser (false: `--no-browser`). */
  browser: boolean;
  /** Loopback port for the redirect (0: any free port). */
  port: number;
  /** How long to wait for the browser to come back. */
  timeoutMs: number;
  clientId?: string;
  scope?: string;
  baseUrl?: string;
  billingPool?: BillingPool;
  replace?: boolean;
  actor: AdminActor;
}

const page = (title: string, text: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')}</p></body></html>`;

function sameText(left: string, right: string): boolean {
  const a = Buffer.from(left);
  const b = Buffer.from(right);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `heygate accounts connect NAME --oauth`: authorization code + PKCE with a loopback redirect (RFC 8252). Listens
 * on 127.0.0.1, starts the flow with the listener as `redirect_uri` and a per-process binding, prints the
 * authorization URL as the **first line of stdout** (the headless contract: a script or test reads it, opens it,
 * and the command exits 0 once the account is stored), then waits for HeyGen's redirect. A callback with another
 * state is answered 400 and ignored — a stale tab or a forged request cannot end the wait; declined consent, an
 * expired code or a failed verification end it with the error, and nothing is stored.
 */
export async function connectOAuthFromCli(options: CliOAuthConnectOptions): Promise<AccountView> {
  const { gateway } = options;
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  try {
    const { port } = server.address() as AddressInfo;
    const redirectUri = `http://127.0.0.1:${port}/oauth/callback`;
    // Binds the flow to this process: only this command can complete it.
    const binding = randomBytes(32).toString('base64url');
    const started = await gateway.oauth.start({
      account: options.account,
      redirectUri,
      binding,
      ...(options.clientId ? { clientId: options.clientId } : {}),
      ...(options.scope ? { scope: options.scope } : {}),
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
      ...(options.billingPool ? { billingPool: options.billingPool } : {}),
      ...(options.replace ? { replace: true } : {}),
      actor: options.actor,
    });
    options.stdout(`${started.authorizationUrl}\n`);
    if (options.browser && (await openBrowser(started.authorizationUrl))) {
      options.stderr('Opened HeyGen in your browser; approve access there. Waiting…\n');
    } else {
      options.stderr(
        'Open the URL above in a browser and approve access; waiting for HeyGen to redirect back…\n',
      );
    }

    return await new Promise<AccountView>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new HeyGateError(
            `No answer from HeyGen within ${Math.round(options.timeoutMs / 1000)} s; nothing was stored.`,
            {
              code: 'timeout',
              hint: `Run \`heygate accounts connect ${options.account} --oauth\` again and approve in time.`,
            },
          ),
        );
      }, options.timeoutMs);
      timer.unref();
      server.on('request', (request, response) => {
        const url = new URL(request.url ?? '/', redirectUri);
        /** Answers the browser; `then` runs once the page is sent (before the listener closes). */
        const answer = (status: number, html: string, then?: () => void) => {
          if (then) response.once('finish', then);
          response.writeHead(status, {
            'content-type': 'text/html; charset=utf-8',
            'cache-control': 'no-store',
          });
          response.end(html);
        };
        if (request.method !== 'GET' || url.pathname !== '/oauth/callback') {
          answer(404, page('Not found', 'This is heygate waiting for HeyGen to send you back.'));
          return;
        }
        const state = url.searchParams.get('state') ?? '';
        if (!sameText(state, started.state)) {
          options.stderr('Ignored a callback that does not belong to this connection (another state).\n');
          answer(
            400,
            page(
              'Not this connection',
              'This link does not belong to the connection heygate is waiting for.',
            ),
          );
          return;
        }
        clearTimeout(timer);
        const code = url.searchParams.get('code');
        const error = url.searchParams.get('error');
        const description = url.searchParams.get('error_description');
        gateway.oauth
          .complete({
            state,
            binding,
            ...(code ? { code } : {}),
            ...(error ? { error } : {}),
            ...(description ? { errorDescription: description } : {}),
            actor: options.actor,
          })
          .then(
            (completed) => {
              answer(
                200,
                page(
                  'Connected',
                  `heygate stored the HeyGen account "${completed.account.name}". You can close this tab.`,
                ),
                () => resolve(completed.account),
              );
            },
            (failure: unknown) => {
              const message = HeyGateError.isInstance(failure)
                ? failure.message
                : 'heygate could not store the account.';
              answer(400, page('Not connected', message), () => reject(failure));
            },
          );
      });
    });
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
