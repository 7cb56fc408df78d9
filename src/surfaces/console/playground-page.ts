import { html } from 'hono/html';
import { InvalidInputError } from '../../catalog/errors.ts';
import { findTool } from '../../catalog/index.ts';
import { auditRecordView } from '../../gateway/audit-view.ts';
import { searchVisibleTools } from '../internal/search-visible-tools.ts';
import { startsJob } from '../internal/starts-job.ts';
import { toolInputJsonSchema } from '../internal/tool-input-json-schema.ts';
import { done, field, form, page, type ConsoleApp, type ConsoleDeps } from './console-context.ts';
import { csrfField, usd } from './console-layout.ts';
import { readSchemaForm, schemaForm } from './schema-form.ts';

const pretty = (value: unknown): string => JSON.stringify(value, null, 2) ?? 'null';

/**
 * Playground: find a tool (the compact mode's search), fill a form generated from its input schema (or JSON),
 * call it as a chosen persona through `execute()` — scopes, budgets, routing and audit apply as for an agent —
 * and see the result beside its audit record. A tool that starts a job can run in the background: the jobs page
 * then follows it with its real progress.
 */
export function registerPlaygroundPage(app: ConsoleApp, deps: ConsoleDeps): void {
  const { gateway, base } = deps;

  app.get(`${base}/playground`, async (context) => {
    const csrf = context.get('caller').session.csrf;
    const query = context.req.query('q') ?? '';
    const chosen = context.req.query('tool');
    const tool = chosen ? findTool(chosen) : undefined;
    const found = query ? searchVisibleTools(gateway.tools, query, 15) : [];
    const personas = (await gateway.personas.list()).filter((persona) => persona.status === 'active');
    const isOperator = context.get('caller').persona === undefined;
    const body = html`<form method="get" action="${base}/playground" role="search">
        <label for="tool-search">Find a tool (what you want to do, or its name)</label>
        <input id="tool-search" name="q" type="search" value="${query}" />
        <button type="submit">Search</button>
      </form>
      ${
        found.length
          ? html`<h2>Tools</h2>
              <ul>
                ${found.map(
                  (match) =>
                    html`<li>
                      <a href="${base}/playground?tool=${match.name}&q=${encodeURIComponent(query)}"
                        ><code>${match.name}</code></a
                      >
                      — ${match.title} <span class="muted">(${match.area}, ${match.access})</span>
                    </li>`,
                )}
              </ul>`
          : query
            ? html`<p>No tool matches.</p>`
            : ''
      }
      ${
        tool
          ? html`<form method="post" action="${base}/playground/${tool.name}">
              <fieldset>
                <legend>Call <code>${tool.name}</code></legend>
                ${csrfField(csrf)}
                <p>${tool.description.slice(0, 400)}</p>
                <label for="call-persona">Call as</label
                ><select id="call-persona" name="persona">
                  ${isOperator ? html`<option value="">operator</option>` : ''}${personas.map(
                    (persona) =>
                      html`<option value="${persona.id}">
                        ${persona.name} (${persona.scopes.join(' ')})
                      </option>`,
                  )}
                </select>
                ${schemaForm(toolInputJsonSchema(tool))}
                <details>
                  <summary>Input as JSON instead</summary>
                  <label for="call-json">Input (JSON object; replaces the fields above)</label
                  ><textarea id="call-json" name="input_json"></textarea>
                </details>
                <label for="call-prompt">Prompt (recorded in audit)</label
                ><input id="call-prompt" name="prompt" type="text" />
                ${startsJob(tool) ? html`<p><input type="checkbox" id="call-background" name="background" value="yes" checked /> <label class="check" for="call-background">Follow the job on the jobs page</label></p>` : ''}
                <p><button type="submit">Call ${tool.name}</button></p>
              </fieldset>
            </form>`
          : ''
      }`;
    return page(context, deps, { title: 'Playground', current: 'playground' }, body);
  });

  app.post(`${base}/playground/:tool`, async (context) => {
    const name = context.req.param('tool');
    const tool = findTool(name);
    if (!tool) return context.text('No such tool.', 404);
    const fields = await form(context);
    const json = field(fields, 'input_json');
    let input: unknown;
    try {
      input = json ? JSON.parse(json) : readSchemaForm(toolInputJsonSchema(tool), fields);
    } catch (error) {
      throw new InvalidInputError(name, [
        { field: 'input', expected: 'JSON', message: error instanceof Error ? error.message : String(error) },
      ]);
    }
    const caller = context.get('caller');
    const personaId = field(fields, 'persona');
    if (personaId === '' && caller.persona !== undefined) {
      throw new InvalidInputError(name, [
        { field: 'persona', expected: 'a persona', message: 'Choose the persona to call as.' },
      ]);
    }
    const persona = personaId ? await gateway.personas.get(personaId) : undefined;
    const prompt = field(fields, 'prompt');
    const request = {
      tool: name,
      input,
      surface: 'http' as const,
      ...(persona ? { personaId: persona.id } : {}),
      ...(prompt ? { prompt } : {}),
      context: { console: 'playground' },
    };
    if (startsJob(tool) && field(fields, 'background') === 'yes') {
      await deps.jobs.start(gateway, request);
      return done(context, `${base}/jobs`, { kind: 'ok', text: `Started ${name}.` });
    }
    const result = await gateway.execute(request);
    const audit = await gateway.queryAudit({
      tool: name,
      kind: 'call',
      limit: 1,
      ...(persona ? { persona: persona.id } : {}),
    });
    const record = audit.records[0] ? auditRecordView(audit.records[0]) : undefined;
    const body = html`<p role="status" class="notice ${result.ok ? 'ok' : 'error'}">
        ${result.ok ? `${name} answered` : `${name} failed: ${result.error.message}`} in ${result.durationMs}
        ms${result.account ? ` on ${result.account}` : ''}${result.costUsd !== undefined ? `, ${usd(result.costUsd)}` : ''}.
      </p>
      <h2>Result</h2>
      <pre tabindex="0">${pretty(result.ok ? result.data : result.error)}</pre>
      ${
        record
          ? html`<h2>Audit record</h2>
              <p>
                <a href="${base}/audit/${record.seq}">Record #${record.seq}</a>: ${record.outcome},
                ${record.surface}, ${record.persona_name ?? 'operator'}
              </p>`
          : ''
      }
      <p><a href="${base}/playground?tool=${name}">Call again</a></p>`;
    return page(context, deps, { title: `Playground: ${name}`, current: 'playground' }, body);
  });
}
