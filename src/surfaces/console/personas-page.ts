import { html } from 'hono/html';
import { HeyGateError, InvalidInputError } from '../../catalog/errors.ts';
import type { Persona } from '../../gateway/persona-manager.ts';
import { usageReport } from '../../gateway/router/usage-report.ts';
import { accessClasses, compileScopes, normalizeScopes } from '../../gateway/scopes.ts';
import {
  done,
  field,
  fieldList,
  form,
  page,
  type ConsoleApp,
  type ConsoleDeps,
  type ConsoleRouteContext,
} from './console-context.ts';
import { csrfField, table, usd, when, type Html } from './console-layout.ts';
import { parseBudgetUsd } from '../internal/parse-budget-usd.ts';

/** The grants offered as checkboxes (any other scope goes in the text field: `area:videos`, `!destructive`, …). */
const commonScopes = ['read', 'write', 'destructive', 'flows', 'admin'] as const;

/** What a scope list reaches: counts by access class and by area, and the tools. */
export function scopeReach(deps: ConsoleDeps, scopes: readonly string[]): Html {
  let matcher;
  try {
    matcher = compileScopes(scopes, { knownAreas: deps.gateway.tools.map((tool) => tool.area) });
  } catch (error) {
    if (!HeyGateError.isInstance(error)) throw error;
    return html`<p class="bad">${error.message}</p>`;
  }
  const tools = deps.gateway.tools.filter((tool) => matcher.allows(tool));
  const areas = new Map<string, number>();
  for (const tool of tools) areas.set(tool.area, (areas.get(tool.area) ?? 0) + 1);
  const counts = accessClasses.map(
    (access) => `${tools.filter((tool) => tool.access === access).length} ${access}`,
  );
  return html`<p>
      <strong>Reaches ${tools.length} of ${deps.gateway.tools.length} tools</strong>:
      ${counts.join(', ')}${matcher.admin ? '; admin grant' : ''}${matcher.flows ? '; flows grant' : ''}.
    </p>
    ${areas.size ? html`<p>By area: ${[...areas].map(([area, count]) => `${area} ${count}`).join(' · ')}</p>` : ''}
    ${
      tools.length
        ? html`<details>
            <summary>The ${tools.length} tools</summary>
            <ul class="muted">
              ${tools.map((tool) => html`<li><code>${tool.name}</code> (${tool.access})</li>`)}
            </ul>
          </details>`
        : ''
    }`;
}

function confirmed(fields: Record<string, string | string[]>, what: string): void {
  if (field(fields, 'confirm') !== 'yes') {
    throw new InvalidInputError('console', [
      { field: 'confirm', expected: 'checked', message: `Tick the confirmation to ${what}.` },
    ]);
  }
}

/** The budget field: US dollars, or empty / `none` for no budget (the CLI's words). */
function budget(fields: Record<string, string | string[]>): number | null {
  const text = field(fields, 'budget_usd');
  return text === '' ? null : parseBudgetUsd(text, 'budget_usd', 'console');
}

const periods = ['month', 'week', 'day'] as const;

function periodSelect(id: string, label: string, chosen: string | null | undefined): Html {
  return html`<label for="${id}">${label}</label
    ><select id="${id}" name="budget_period">
      ${periods.map(
        (period) =>
          html`<option value="${period}" ${(chosen ?? 'month') === period ? html`selected` : ''}>
            ${period}
          </option>`,
      )}
    </select>`;
}

/** Checkboxes of the accounts a persona may use (none ticked: every account). */
function accountPicker(
  idPrefix: string,
  legend: string,
  names: readonly string[],
  chosen: readonly string[],
): Html {
  return html`<fieldset>
    <legend>${legend}</legend>
    <input type="hidden" name="accounts_shown" value="1" />
    ${names.length === 0 ? html`<p class="muted">No account yet.</p>` : ''}
    ${checkboxes(idPrefix, 'accounts', names, chosen)}
  </fieldset>`;
}

/** One labelled checkbox per value, the chosen ones ticked. */
function checkboxes(
  idPrefix: string,
  name: string,
  values: readonly string[],
  chosen: readonly string[],
): Html[] {
  return values.map(
    (value) =>
      html`<input
          type="checkbox"
          id="${idPrefix}-${value}"
          name="${name}"
          value="${value}"
          ${chosen.includes(value) ? html`checked` : ''}
        />
        <label class="check" for="${idPrefix}-${value}">${value}</label> `,
  );
}

function personaRow(
  base: string,
  csrf: string,
  persona: Persona,
  spent: string,
  accountNames: readonly string[],
): Html {
  const path = `${base}/personas/${encodeURIComponent(persona.id)}`;
  const active = persona.status === 'active';
  return html`<tr>
    <th scope="row">${persona.name}<br /><span class="muted">${persona.id}</span></th>
    <td class="${active ? 'ok' : 'bad'}">${persona.status}</td>
    <td>${persona.scopes.join(' ') || '—'}</td>
    <td>${persona.accounts.length ? persona.accounts.join(', ') : 'every account'}</td>
    <td>
      ${persona.budgetUsd === null || persona.budgetUsd === undefined ? 'none' : `${usd(persona.budgetUsd)} / ${persona.budgetPeriod ?? 'month'}`}<br /><span
        class="muted"
        >spent ${spent}</span
      >
    </td>
    <td>${persona.tokenExpiresAt ? when(persona.tokenExpiresAt) : 'does not expire'}</td>
    <td>
      ${
        active
          ? html`<details>
              <summary>Edit, rotate or revoke<span class="visually-hidden"> ${persona.name}</span></summary>
              <form method="post" action="${path}/update">
                ${csrfField(csrf)}<label for="edit-scopes-${persona.id}">Scopes of ${persona.name}</label
                ><input
                  id="edit-scopes-${persona.id}"
                  name="scopes"
                  type="text"
                  value="${persona.scopes.join(' ')}"
                  required
                />
                ${accountPicker(
                  `edit-account-${persona.id}`,
                  `Allowed accounts of ${persona.name} (none ticked: every account)`,
                  accountNames,
                  persona.accounts,
                )}
                <label for="edit-budget-${persona.id}"
                  >Budget in US dollars of ${persona.name} (empty or "none": no budget)</label
                ><input
                  id="edit-budget-${persona.id}"
                  name="budget_usd"
                  type="text"
                  inputmode="decimal"
                  value="${persona.budgetUsd ?? 'none'}"
                />
                ${periodSelect(`edit-period-${persona.id}`, `Budget period of ${persona.name}`, persona.budgetPeriod)}
                <input type="checkbox" id="widen-${persona.id}" name="confirm" value="yes" />
                <label class="check" for="widen-${persona.id}"
                  >Confirm removing the budget of ${persona.name} or opening it to every account</label
                >
                <p><button type="submit">Save changes</button></p>
              </form>
              <form method="post" action="${path}/rotate">
                ${csrfField(csrf)}<input
                  type="checkbox"
                  id="rotate-${persona.id}"
                  name="confirm"
                  value="yes"
                  required
                />
                <label class="check" for="rotate-${persona.id}"
                  >Replace the token of ${persona.name} (the old one stops working)</label
                >
                <p><button type="submit">Rotate token</button></p>
              </form>
              <form method="post" action="${path}/revoke">
                ${csrfField(csrf)}<input
                  type="checkbox"
                  id="revoke-${persona.id}"
                  name="confirm"
                  value="yes"
                  required
                />
                <label class="check" for="revoke-${persona.id}"
                  >Revoke ${persona.name} (its next call is refused)</label
                >
                <p><button type="submit" class="danger">Revoke persona</button></p>
              </form>
            </details>`
          : html`<span class="muted">revoked ${when(persona.revokedAt)}</span>`
      }
    </td>
  </tr>`;
}

/**
 * Personas: the list with scopes, allowed accounts, budgets and this period's spend; create with a scope picker
 * showing live what the scopes reach; the token shown once with a copy button; rotate and revoke with
 * confirmation. Through the persona manager, each change an audited admin action.
 */
export function registerPersonasPage(app: ConsoleApp, deps: ConsoleDeps): void {
  const { gateway, base } = deps;

  app.get(`${base}/personas/reach`, (context) =>
    context.html(scopeReach(deps, normalizeScopes(context.req.queries('scopes') ?? []))),
  );

  app.get(`${base}/personas`, async (context) => {
    const session = context.get('caller').session;
    const flash = session.flash;
    delete session.flash;
    const personas = await gateway.personas.list();
    const usage = await usageReport({ store: gateway.store, accounts: [], clock: deps.clock });
    const spent = new Map(
      usage
        .filter((line) => line.scope === 'persona')
        .map((line) => [line.name, `${usd(line.spentUsd)} this ${line.period}`]),
    );
    const accounts = await gateway.accounts.names();
    const chosen = normalizeScopes(context.req.queries('scopes') ?? ['read']);
    const body = html`${
        flash
          ? html`<section aria-labelledby="secret-title">
              <h2 id="secret-title">${flash.title}</h2>
              <p>Copy it now: it is shown only this once.</p>
              <p id="new-token" class="secret">${flash.secret}</p>
              <button type="button" data-copy="new-token">Copy token</button>
            </section>`
          : ''
      }
      ${table(
        'Personas',
        ['Persona', 'Status', 'Scopes', 'Accounts', 'Budget', 'Token expiry', 'Actions'],
        personas.map((persona) =>
          personaRow(base, session.csrf, persona, spent.get(persona.name) ?? '$0.00', accounts),
        ),
        'No persona yet: create one below.',
      )}
      <form
        method="post"
        action="${base}/personas"
        data-reach="reach"
        data-reach-url="${base}/personas/reach"
      >
        <fieldset>
          <legend>Create a persona</legend>
          ${csrfField(session.csrf)} <label for="persona-name">Name</label
          ><input id="persona-name" name="name" type="text" required />
          <fieldset>
            <legend>Scopes</legend>
            ${checkboxes('scope', 'scopes', commonScopes, chosen)}
            <label for="scope-more"
              >More scopes (space separated: <code>area:videos</code>, <code>read+area:assets</code>,
              <code>!destructive</code>, tool names)</label
            >
            <input
              id="scope-more"
              name="scopes"
              type="text"
              value="${chosen.filter((scope) => !(commonScopes as readonly string[]).includes(scope)).join(' ')}"
            />
            <div id="reach" aria-live="polite">${scopeReach(deps, chosen)}</div>
            <p>
              <button type="submit" formaction="${base}/personas/preview" formnovalidate class="plain">
                Preview reach
              </button>
            </p>
          </fieldset>
          ${accountPicker('account', 'Allowed accounts (none ticked: every account)', accounts, [])}
          <label for="persona-budget">Budget in US dollars (empty or "none": no budget)</label
          ><input id="persona-budget" name="budget_usd" type="text" inputmode="decimal" />
          ${periodSelect('persona-period', 'Budget period', 'month')}
          <p><button type="submit">Create persona</button></p>
        </fieldset>
      </form>`;
    return page(context, deps, { title: 'Personas', current: 'personas' }, body);
  });

  app.post(`${base}/personas`, async (context) => {
    const fields = await form(context);
    const budgetUsd = budget(fields);
    const accounts = fieldList(fields, 'accounts');
    const { persona, token } = await gateway.personas.create(
      {
        name: field(fields, 'name'),
        scopes: normalizeScopes(fieldList(fields, 'scopes')),
        ...(accounts.length ? { accounts } : {}),
        ...(budgetUsd !== null ? { budgetUsd, budgetPeriod: field(fields, 'budget_period') || 'month' } : {}),
      },
      context.get('caller').actor,
    );
    return showToken(context, `Token of ${persona.name}`, token, `Created persona "${persona.name}".`);
  });

  function showToken(context: ConsoleRouteContext, title: string, token: string, text: string): Response {
    context.get('caller').session.flash = { title, secret: token };
    return done(context, `${base}/personas`, { kind: 'ok', text });
  }

  app.post(`${base}/personas/:id/rotate`, async (context) => {
    confirmed(await form(context), 'rotate the token');
    const { persona, token } = await gateway.personas.rotateToken(
      context.req.param('id'),
      {},
      context.get('caller').actor,
    );
    return showToken(
      context,
      `New token of ${persona.name}`,
      token,
      `Rotated the token of "${persona.name}".`,
    );
  });

  app.post(`${base}/personas/preview`, async (context) => {
    // Without the script, "Preview reach" posts the form (the CSRF token never goes in a URL) and comes back
    // to the page with the scopes chosen; nothing changes.
    const query = new URLSearchParams();
    for (const scope of normalizeScopes(fieldList(await form(context), 'scopes')))
      query.append('scopes', scope);
    return context.redirect(`${base}/personas?${query.toString()}#reach`, 303);
  });

  app.post(`${base}/personas/:id/update`, async (context) => {
    const fields = await form(context);
    const before = await gateway.personas.get(context.req.param('id'));
    const budgetUsd = budget(fields);
    const accounts = field(fields, 'accounts_shown') === '1' ? fieldList(fields, 'accounts') : undefined;
    const widens =
      (budgetUsd === null && before.budgetUsd !== null && before.budgetUsd !== undefined) ||
      (accounts !== undefined && accounts.length === 0 && before.accounts.length > 0);
    if (widens) confirmed(fields, 'remove the budget or open the persona to every account');
    const period = field(fields, 'budget_period');
    const persona = await gateway.personas.update(
      before.id,
      {
        scopes: normalizeScopes(fieldList(fields, 'scopes')),
        budgetUsd,
        ...(period ? { budgetPeriod: period } : {}),
        ...(accounts ? { accounts } : {}),
      },
      context.get('caller').actor,
    );
    return done(context, `${base}/personas`, { kind: 'ok', text: `Saved "${persona.name}".` });
  });

  app.post(`${base}/personas/:id/revoke`, async (context) => {
    confirmed(await form(context), 'revoke the persona');
    const persona = await gateway.personas.revoke(context.req.param('id'), context.get('caller').actor);
    return done(context, `${base}/personas`, { kind: 'ok', text: `Revoked "${persona.name}".` });
  });
}
