import { html } from 'hono/html';
import { InvalidInputError } from '../../catalog/errors.ts';
import type { AccountView } from '../../gateway/account-manager.ts';
import type { HealthStatus } from '../../gateway/router/account-health.ts';
import type { WebhookStatus } from '../../gateway/webhook-manager.ts';
import type { BillingPool } from '../../store/store.ts';
import { createCookieSessionBinding } from '../http/oauth-session-binding.ts';
import { done, field, form, page, type ConsoleApp, type ConsoleDeps } from './console-context.ts';
import { csrfField, table, when, type Html } from './console-layout.ts';

const poolLabel: Record<BillingPool, string> = { api: 'wallet (API)', plan: 'plan' };

function pool(value: string): BillingPool | undefined {
  if (value === '') return undefined;
  if (value === 'api' || value === 'plan') return value;
  throw new InvalidInputError('console', [
    { field: 'billing_pool', expected: 'api | plan', message: `Invalid billing pool "${value}".` },
  ]);
}

function requireConfirm(fields: Record<string, string | string[]>, what: string): void {
  if (field(fields, 'confirm') !== 'yes') {
    throw new InvalidInputError('console', [
      { field: 'confirm', expected: 'checked', message: `Tick the confirmation to ${what}.` },
    ]);
  }
}

const seconds = (ms: number) => `${Math.ceil(ms / 1000)} s`;

/**
 * The router's view of an account (cooldowns and circuit breakers per operation class, the last problem), as
 * `heygate accounts status` words it; "no cooldown" when it never had a problem.
 */
function routingHealth(statuses: readonly HealthStatus[]): Html {
  if (statuses.length === 0) return html`<span class="ok">no cooldown</span>, circuits closed`;
  return html`<ul class="plain-list">
    ${statuses.map(({ operationClass, condition, retryAfterMs, state }) => {
      const words =
        condition === 'cooling_down'
          ? `cooling down for ${seconds(retryAfterMs)}`
          : condition === 'circuit_open'
            ? `circuit open for ${seconds(retryAfterMs)}`
            : condition === 'half_open'
              ? 'circuit half-open (one probe allowed)'
              : 'ok';
      return html`<li>
        ${operationClass}: <span class="${condition === 'ok' ? 'ok' : 'bad'}">${words}</span>; circuit
        ${state.circuit}${state.lastProblem ? html`; last error ${state.lastProblem} ${when(state.updatedAt)}` : ''}
      </li>`;
    })}
  </ul>`;
}

function accountRow(
  base: string,
  csrf: string,
  account: AccountView,
  webhook: WebhookStatus | undefined,
  routing: readonly HealthStatus[],
): Html {
  const path = `${base}/integrations/${encodeURIComponent(account.name)}`;
  const healthClass = account.health === 'ok' ? 'ok' : account.health === 'unknown' ? 'muted' : 'bad';
  return html`<tr>
    <th scope="row">${account.name}</th>
    <td>
      ${account.authKind === 'oauth' ? 'OAuth' : 'API key'}${account.identity ? html`<br /><span class="muted">${account.identity}</span>` : ''}
    </td>
    <td>${poolLabel[account.billingPool]}</td>
    <td>
      <span class="${healthClass}">${account.health}</span
      >${account.healthDetail ? html`<br /><span class="muted">last error ${account.healthDetail}</span>` : ''}<br /><span
        class="muted"
        >checked ${when(account.lastVerifiedAt)}</span
      >
    </td>
    <td>${routingHealth(routing)}</td>
    <td>
      ${account.credentialExpiresAt ? `expires ${when(account.credentialExpiresAt)}` : '—'}${account.pendingKey ? html`<br />new key staged ${when(account.pendingKey.stagedAt)}` : ''}
    </td>
    <td>
      ${webhook ? html`set up<br /><span class="muted">${webhook.events.length} events, ${webhook.url}</span>` : 'not set up'}
    </td>
    <td>
      <form method="post" action="${path}/check" class="inline">
        ${csrfField(csrf)}<button type="submit" class="plain">
          Check<span class="visually-hidden"> ${account.name}</span>
        </button>
      </form>
      ${
        account.source === 'vault'
          ? html`<details>
              <summary>Rotate or remove</summary>
              <form method="post" action="${path}/rotate">
                ${csrfField(csrf)} <label for="rotate-${account.name}">New API key for ${account.name}</label
                ><input
                  id="rotate-${account.name}"
                  name="api_key"
                  type="password"
                  autocomplete="off"
                  required
                />
                <label for="grace-${account.name}">Grace period (minutes the old key keeps working)</label
                ><input id="grace-${account.name}" name="grace_minutes" type="number" min="0" value="0" />
                <p><button type="submit">Rotate key</button></p>
              </form>
              <form method="post" action="${path}/webhook">
                ${csrfField(csrf)}<button type="submit" class="plain">
                  ${webhook ? 'Re-set up webhook' : 'Set up webhook'}
                </button>
              </form>
              <form method="post" action="${path}/remove">
                ${csrfField(csrf)}
                <input type="checkbox" id="confirm-${account.name}" name="confirm" value="yes" required />
                <label class="check" for="confirm-${account.name}"
                  >Remove ${account.name} (OAuth tokens are revoked at HeyGen)</label
                >
                <p><button type="submit" class="danger">Remove account</button></p>
              </form>
            </details>`
          : html`<p class="muted">from ${account.source}</p>`
      }
    </td>
  </tr>`;
}

/**
 * Integrations: the HeyGen accounts (auth kind, billing pool, health and last check, credential expiry, webhook
 * endpoint), connect by API key (verified with HeyGen before it is stored) or by OAuth (browser redirect),
 * check (balance), rotate, set up the webhook, remove with confirmation. All through the account and webhook
 * managers, each change an audited admin action.
 */
export function registerIntegrationsPage(app: ConsoleApp, deps: ConsoleDeps): void {
  const { gateway, base } = deps;

  app.get(`${base}/integrations`, async (context) => {
    const csrf = context.get('caller').session.csrf;
    const accounts = await gateway.accounts.list();
    const webhooks = new Map((await gateway.webhooks.status()).map((status) => [status.account, status]));
    const health = await gateway.accountHealth();
    const rows = accounts.map((account) =>
      accountRow(
        base,
        csrf,
        account,
        webhooks.get(account.name),
        health.filter((status) => status.account === account.name),
      ),
    );
    const body = html`${table(
        'HeyGen accounts',
        [
          'Account',
          'Auth',
          'Billing pool',
          'Health',
          'Cooldowns and circuits',
          'Credential',
          'Webhook',
          'Actions',
        ],
        rows,
        'No HeyGen account yet: connect one below.',
      )}
      <div class="grid">
        <form method="post" action="${base}/integrations/connect">
          <fieldset>
            <legend>Connect with an API key</legend>
            ${csrfField(csrf)} <label for="connect-name">Account name</label
            ><input
              id="connect-name"
              name="name"
              type="text"
              required
              pattern="[a-z0-9]([a-z0-9_]|-)*"
              aria-describedby="connect-name-help"
            />
            <p id="connect-name-help" class="muted">Lowercase letters, digits, - and _.</p>
            <label for="connect-key">HeyGen API key</label
            ><input id="connect-key" name="api_key" type="password" autocomplete="off" required />
            <label for="connect-pool">Billing pool</label
            ><select id="connect-pool" name="billing_pool">
              <option value="">as HeyGen reports</option>
              <option value="api">wallet (API)</option>
              <option value="plan">plan</option>
            </select>
            <details>
              <summary>Advanced</summary>
              <label for="connect-base">API base URL (emulator or proxy)</label
              ><input id="connect-base" name="base_url" type="url" />
            </details>
            <p><button type="submit">Verify and connect</button></p>
          </fieldset>
        </form>
        <form method="post" action="${base}/integrations/oauth">
          <fieldset>
            <legend>Connect with OAuth</legend>
            ${csrfField(csrf)} <label for="oauth-name">Account name</label
            ><input id="oauth-name" name="name" type="text" required pattern="[a-z0-9]([a-z0-9_]|-)*" />
            <label for="oauth-pool">Billing pool</label
            ><select id="oauth-pool" name="billing_pool">
              <option value="">as HeyGen reports</option>
              <option value="api">wallet (API)</option>
              <option value="plan">plan</option>
            </select>
            <p class="muted">You are sent to HeyGen to approve access, then back here.</p>
            <p><button type="submit">Connect with HeyGen</button></p>
          </fieldset>
        </form>
      </div>`;
    return page(context, deps, { title: 'Integrations', current: 'integrations' }, body);
  });

  app.post(`${base}/integrations/connect`, async (context) => {
    const fields = await form(context);
    const name = field(fields, 'name');
    const billingPool = pool(field(fields, 'billing_pool'));
    const baseUrl = field(fields, 'base_url');
    const account = await gateway.accounts.add(
      name,
      field(fields, 'api_key'),
      { ...(billingPool ? { billingPool } : {}), ...(baseUrl ? { baseUrl } : {}) },
      context.get('caller').actor,
    );
    return done(context, `${base}/integrations`, {
      kind: 'ok',
      text: `Connected "${account.name}" (${account.health}).`,
    });
  });

  app.post(`${base}/integrations/oauth`, async (context) => {
    const fields = await form(context);
    const billingPool = pool(field(fields, 'billing_pool'));
    const origin = (deps.publicUrl ?? new URL(context.req.url).origin).replace(/\/+$/, '');
    const binding = (deps.oauthSession ?? createCookieSessionBinding()).start(context.req.raw);
    const started = await gateway.oauth.start({
      account: field(fields, 'name'),
      redirectUri: `${origin}/oauth/callback`,
      binding: binding.binding,
      returnTo: `${base}/oauth-return`,
      ...(billingPool ? { billingPool } : {}),
      actor: context.get('caller').actor,
    });
    for (const [header, value] of Object.entries(binding.headers ?? {})) context.header(header, value);
    // Not a redirect: a form's redirect to HeyGen would break the CSP's `form-action 'self'`. The page moves on
    // by itself (meta refresh, no script) and offers the link.
    const url = started.authorizationUrl;
    return context.html(
      html`<!doctype html>
        <html lang="en">
          <head>
            <meta charset="utf-8" />
            <meta http-equiv="refresh" content="0;url=${url}" />
            <title>Continue to HeyGen · heygate</title>
          </head>
          <body>
            <main>
              <h1>Continue to HeyGen</h1>
              <p><a href="${url}">Approve access at HeyGen</a>, then you come back here.</p>
            </main>
          </body>
        </html>`,
    );
  });

  app.post(`${base}/integrations/:name/check`, async (context) => {
    const [result] = await gateway.accounts.verify(context.req.param('name'));
    const balance = result?.balance;
    const text = !result
      ? 'No such account.'
      : result.ok
        ? `"${result.name}" is healthy${balance && balance.amount !== null ? `; balance ${balance.amount} ${balance.unit ?? ''}${balance.plan ? ` (plan ${balance.plan})` : ''}` : ''}.`
        : `"${result.name}": ${result.health}${result.detail ? ` — ${result.detail}` : ''}.`;
    return done(context, `${base}/integrations`, { kind: result?.ok ? 'ok' : 'error', text });
  });

  app.post(`${base}/integrations/:name/rotate`, async (context) => {
    const fields = await form(context);
    const minutes = Number(field(fields, 'grace_minutes') || '0');
    if (!Number.isFinite(minutes) || minutes < 0) {
      throw new InvalidInputError('console', [
        { field: 'grace_minutes', expected: 'minutes ≥ 0', message: 'The grace period must be minutes ≥ 0.' },
      ]);
    }
    const result = await gateway.accounts.rotate(
      context.req.param('name'),
      field(fields, 'api_key'),
      { graceMs: minutes * 60_000 },
      context.get('caller').actor,
    );
    return done(context, `${base}/integrations`, {
      kind: 'ok',
      text: `Key of "${result.account.name}" ${result.state}.`,
    });
  });

  app.post(`${base}/integrations/:name/webhook`, async (context) => {
    const origin = (deps.publicUrl ?? new URL(context.req.url).origin).replace(/\/+$/, '');
    const status = await gateway.webhooks.setup(
      context.req.param('name'),
      { publicUrl: origin },
      context.get('caller').actor,
    );
    return done(context, `${base}/integrations`, {
      kind: 'ok',
      text: `Webhook of "${status.account}" set up at ${status.url}.`,
    });
  });

  app.post(`${base}/integrations/:name/remove`, async (context) => {
    const fields = await form(context);
    requireConfirm(fields, 'remove the account');
    const removed = await gateway.accounts.remove(
      context.req.param('name'),
      { revoke: true },
      context.get('caller').actor,
    );
    return done(context, `${base}/integrations`, {
      kind: 'ok',
      text: `Removed "${removed.name}" (tokens ${removed.revocation.replace('_', ' ')}).`,
    });
  });
}
