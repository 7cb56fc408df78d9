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

function budget(fields: Record<string, string | string[]>): number | null {
  const text = field(fields, 'budget_usd');
  if (text === '') return null;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) {
    throw new InvalidInputError('console', [
      { field: 'budget_usd', expected: 'US dollars ≥ 0', message: 'The budget must be US dollars ≥ 0.' },
    ]);
  }
  return value;
}

function personaRow(base: string, csrf: string, persona: Persona, spent: string): Html {
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
                <label for="edit-budget-${persona.id}"
                  >Budget in US dollars of ${persona.name} (empty: none)</label
                ><input
                  id="edit-budget-${persona.id}"
                  name="budget_usd"
                  type="number"
                  min="0"
                  step="0.01"
                  value="${persona.budgetUsd ?? ''}"
                />
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
          personaRow(base, session.csrf, persona, spent.get(persona.name) ?? '$0.00'),
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
            ${commonScopes.map(
              (scope) =>
                html`<input
                    type="checkbox"
                    id="scope-${scope}"
                    name="scopes"
                    value="${scope}"
                    ${chosen.includes(scope) ? html` checked` : ''}
                  />
                  <label class="check" for="scope-${scope}">${scope}</label> `,
            )}
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
              <button type="submit" formmethod="get" formaction="${base}/personas" class="plain">
                Preview reach
              </button>
            </p>
          </fieldset>
          <fieldset>
            <legend>Allowed accounts (none ticked: every account)</legend>
            ${accounts.map(
              (name) =>
                html`<input type="checkbox" id="account-${name}" name="accounts" value="${name}" />
                  <label class="check" for="account-${name}">${name}</label> `,
            )}
          </fieldset>
          <label for="persona-budget">Budget in US dollars (empty: none)</label
          ><input id="persona-budget" name="budget_usd" type="number" min="0" step="0.01" />
          <label for="persona-period">Budget period</label
          ><select id="persona-period" name="budget_period">
            <option value="month">month</option>
            <option value="week">week</option>
            <option value="day">day</option>
          </select>
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

  app.post(`${base}/personas/:id/update`, async (context) => {
    const fields = await form(context);
    const budgetUsd = budget(fields);
    const persona = await gateway.personas.update(
      context.req.param('id'),
      { scopes: normalizeScopes(fieldList(fields, 'scopes')), budgetUsd },
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
