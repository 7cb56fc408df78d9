import { html } from 'hono/html';
import { InvalidInputError } from '../../catalog/errors.ts';
import type { FlowRunView } from '../../flows/create-flow-service.ts';
import { done, field, form, page, type ConsoleApp, type ConsoleDeps } from './console-context.ts';
import { csrfField, table, when } from './console-layout.ts';

const json = (value: unknown): string =>
  value === null || value === undefined ? '—' : JSON.stringify(value, null, 2);
const duration = (ms: number | null): string => (ms === null ? '—' : `${(ms / 1000).toFixed(1)} s`);

/**
 * Flows: the saved flows with their trigger, persona and state; enable or disable; run now (with optional JSON
 * input); run history with each step's status, attempts, input, output and error. Through the flow service, as
 * `heygate flows` and the admin flow routes.
 */
export function registerFlowsPage(app: ConsoleApp, deps: ConsoleDeps): void {
  const { base } = deps;
  const unavailable = html`<p>Flows do not run in this process.</p>`;

  app.get(`${base}/flows`, async (context) => {
    if (!deps.flows) return page(context, deps, { title: 'Flows', current: 'flows' }, unavailable);
    const caller = context.get('caller');
    const flows = await deps.flows.service.list(caller.flowActor);
    const csrf = caller.session.csrf;
    const rows = flows.map((flow) => {
      const path = `${base}/flows/${encodeURIComponent(flow.name)}`;
      return html`<tr>
        <th scope="row">
          <a href="${path}">${flow.name}</a
          >${flow.description ? html`<br /><span class="muted">${flow.description}</span>` : ''}
        </th>
        <td>${flow.trigger_kind}</td>
        <td>${flow.persona ?? 'operator'}</td>
        <td>${flow.steps}</td>
        <td>v${flow.version}</td>
        <td class="${flow.enabled ? 'ok' : 'muted'}">${flow.enabled ? 'enabled' : 'disabled'}</td>
        <td>
          <form method="post" action="${path}/${flow.enabled ? 'disable' : 'enable'}" class="inline">
            ${csrfField(csrf)}<button type="submit" class="plain">
              ${flow.enabled ? 'Disable' : 'Enable'}<span class="visually-hidden"> ${flow.name}</span>
            </button>
          </form>
          <form method="post" action="${path}/run" class="inline">
            ${csrfField(csrf)}<button type="submit">
              Run now<span class="visually-hidden"> ${flow.name}</span>
            </button>
          </form>
        </td>
      </tr>`;
    });
    const body = html`${table('Flows', ['Flow', 'Trigger', 'Runs as', 'Steps', 'Version', 'State', 'Actions'], rows, 'No flow yet: save one with `heygate flows save FILE`.')}`;
    return page(context, deps, { title: 'Flows', current: 'flows' }, body);
  });

  app.get(`${base}/flows/:name`, async (context) => {
    if (!deps.flows) return page(context, deps, { title: 'Flows', current: 'flows' }, unavailable);
    const caller = context.get('caller');
    const name = context.req.param('name');
    const flow = await deps.flows.service.get(name, caller.flowActor);
    const runs = await deps.flows.service.runs(name, caller.flowActor, { limit: 20 });
    const detailed: FlowRunView[] = [];
    for (const run of runs.slice(0, 5)) detailed.push(await deps.flows.service.run(run.id, caller.flowActor));
    const path = `${base}/flows/${encodeURIComponent(flow.name)}`;
    const body = html`<p>${flow.description ?? ''}</p>
      <p>
        Trigger: ${flow.trigger_kind} · runs as ${flow.persona ?? 'operator'} ·
        ${flow.enabled ? 'enabled' : 'disabled'} · version ${flow.version}
      </p>
      <form method="post" action="${path}/run">
        ${csrfField(caller.session.csrf)}<label for="run-input">Input (JSON, optional)</label
        ><textarea id="run-input" name="input"></textarea>
        <p><button type="submit">Run now</button></p>
      </form>
      ${table(
        'Runs, newest first',
        ['Run', 'Status', 'Trigger', 'Started', 'Duration'],
        runs.map(
          (run) =>
            html`<tr>
              <td><a href="#${run.id}">${run.id}</a></td>
              <td>${run.status}</td>
              <td>${json(run.trigger)}</td>
              <td>${when(run.started_at ?? run.created_at)}</td>
              <td>${duration(run.duration_ms)}</td>
            </tr>`,
        ),
        'No run yet.',
      )}
      ${detailed.map(
        (run) =>
          html`<section id="${run.id}" aria-label="Run ${run.id}">
            <h2>Run ${run.id}: ${run.status}</h2>
            ${run.error ? html`<pre tabindex="0">${json(run.error)}</pre>` : ''}
            ${table(
              `Steps of ${run.id}`,
              ['Step', 'Kind', 'Status', 'Attempts', 'Duration', 'Output or error'],
              (run.steps ?? []).map(
                (step) =>
                  html`<tr>
                    <td>${step.id}</td>
                    <td>${step.kind}</td>
                    <td>${step.status}</td>
                    <td>${step.attempts}</td>
                    <td>${duration(step.duration_ms)}</td>
                    <td><pre tabindex="0">${json(step.error ?? step.output)}</pre></td>
                  </tr>`,
              ),
              'No step ran.',
            )}
          </section>`,
      )}
      <p><a href="${base}/flows">All flows</a></p>`;
    return page(context, deps, { title: `Flow ${flow.name}`, current: 'flows' }, body);
  });

  for (const [action, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    app.post(`${base}/flows/:name/${action}`, async (context) => {
      if (!deps.flows) return context.text('Flows do not run in this process.', 404);
      const flow = await deps.flows.service.setEnabled(
        context.req.param('name'),
        enabled,
        context.get('caller').flowActor,
      );
      return done(context, `${base}/flows`, {
        kind: 'ok',
        text: `${enabled ? 'Enabled' : 'Disabled'} "${flow.name}".`,
      });
    });
  }

  app.post(`${base}/flows/:name/run`, async (context) => {
    if (!deps.flows) return context.text('Flows do not run in this process.', 404);
    const fields = await form(context);
    const text = field(fields, 'input');
    let input: unknown;
    if (text) {
      try {
        input = JSON.parse(text);
      } catch {
        throw new InvalidInputError('console', [
          { field: 'input', expected: 'JSON', message: 'The run input is not valid JSON.' },
        ]);
      }
    }
    const name = context.req.param('name');
    const run = await deps.flows.service.start(name, context.get('caller').flowActor, input);
    return done(context, `${base}/flows/${encodeURIComponent(name)}`, {
      kind: 'ok',
      text: `Started run ${run.id}.`,
    });
  });
}
