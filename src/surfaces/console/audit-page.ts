import { html } from 'hono/html';
import { auditRecordView, parseAuditQuery, type AuditRecordView } from '../../gateway/audit-view.ts';
import type { AuditFilterInput } from '../../gateway/audit-view.ts';
import { page, type ConsoleApp, type ConsoleDeps } from './console-context.ts';
import { table, usd, when, type Html } from './console-layout.ts';

const filterNames = ['persona', 'tool', 'outcome', 'surface', 'kind', 'since', 'until'] as const;
const outcomes = ['', 'ok', 'error', 'denied', 'rate_limited', 'pending'];
const kinds = ['', 'call', 'admin', 'intent'];
const surfaces = ['', 'http', 'mcp', 'cli', 'flow', 'lua', 'openai', 'ai-sdk', 'library'];
/** Most records one export holds (newest first). */
const exportLimit = 10_000;

const json = (value: unknown): string =>
  value === null || value === undefined ? '—' : JSON.stringify(value, null, 2);

function select(id: string, label: string, name: string, values: readonly string[], chosen: string): Html {
  return html`<div>
    <label for="${id}">${label}</label
    ><select id="${id}" name="${name}">
      ${values.map(
        (value) =>
          html`<option value="${value}" ${value === chosen ? html` selected` : ''}>
            ${value || 'any'}
          </option>`,
      )}
    </select>
  </div>`;
}

const csvCell = (value: unknown): string => {
  const text =
    value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};
const csvColumns: (keyof AuditRecordView)[] = [
  'seq',
  'time',
  'kind',
  'user',
  'persona_name',
  'surface',
  'tool',
  'account',
  'outcome',
  'latency_ms',
  'cost_usd',
  'request_id',
  'prompt',
  'hash',
];

/**
 * Audit: the hash-chained log filtered by persona, tool, outcome, surface, kind and time; a record's detail
 * (prompt, redacted input, response, routing, cost); chain verification; export as JSONL or CSV. Reads only,
 * through `gateway.queryAudit` and `gateway.verifyAudit` (records are redacted when written).
 */
export function registerAuditPage(app: ConsoleApp, deps: ConsoleDeps): void {
  const { gateway, base } = deps;

  function filtersOf(query: Record<string, string>): AuditFilterInput {
    const filters: AuditFilterInput = {};
    for (const name of filterNames) if (query[name]) filters[name] = query[name];
    return filters;
  }

  app.get(`${base}/audit`, async (context) => {
    const query = context.req.query();
    const filters = filtersOf(query);
    const parsed = parseAuditQuery(
      { ...filters, limit: 50, ...(query.cursor ? { cursor: query.cursor } : {}) },
      deps.clock.now(),
    );
    const result = await gateway.queryAudit(parsed);
    const records = result.records.map(auditRecordView);
    const search = new URLSearchParams(filters as Record<string, string>).toString();
    const rows = records.map(
      (record) =>
        html`<tr>
          <td><a href="${base}/audit/${record.seq}">${record.seq}</a></td>
          <td>${when(record.time)}</td>
          <td>${record.persona_name ?? record.user ?? 'operator'}</td>
          <td>${record.surface}</td>
          <td>${record.kind}</td>
          <td><code>${record.tool}</code></td>
          <td>${record.account ?? '—'}</td>
          <td class="${record.outcome === 'ok' ? 'ok' : 'bad'}">${record.outcome}</td>
          <td>${usd(record.cost_usd)}</td>
        </tr>`,
    );
    const body = html`<form
        method="get"
        action="${base}/audit"
        class="grid"
        aria-label="Filter the audit log"
      >
        <div>
          <label for="f-persona">Persona (name or id)</label
          ><input id="f-persona" name="persona" type="text" value="${filters.persona ?? ''}" />
        </div>
        <div>
          <label for="f-tool">Tool</label
          ><input id="f-tool" name="tool" type="text" value="${filters.tool ?? ''}" />
        </div>
        ${select('f-outcome', 'Outcome', 'outcome', outcomes, filters.outcome ?? '')}
        ${select('f-surface', 'Surface', 'surface', surfaces, filters.surface ?? '')}
        ${select('f-kind', 'Kind', 'kind', kinds, filters.kind ?? '')}
        <div>
          <label for="f-since">Since (ISO time or 24h)</label
          ><input id="f-since" name="since" type="text" value="${filters.since ?? ''}" />
        </div>
        <div>
          <label for="f-until">Until</label
          ><input id="f-until" name="until" type="text" value="${filters.until ?? ''}" />
        </div>
        <div><button type="submit">Filter</button></div>
      </form>
      <p>
        <a href="${base}/audit/verify">Verify the chain</a> · Export:
        <a href="${base}/audit/export?format=jsonl${search ? `&${search}` : ''}">JSONL</a> ·
        <a href="${base}/audit/export?format=csv${search ? `&${search}` : ''}">CSV</a>
      </p>
      ${table('Audit records, newest first', ['Seq', 'Time', 'Who', 'Surface', 'Kind', 'Tool', 'Account', 'Outcome', 'Cost'], rows, 'No record matches.')}
      ${result.nextCursor ? html`<p><a href="${base}/audit?${search ? `${search}&` : ''}cursor=${result.nextCursor}">Older records</a></p>` : ''}`;
    return page(context, deps, { title: 'Audit', current: 'audit' }, body);
  });

  app.get(`${base}/audit/verify`, async (context) => {
    const report = await gateway.verifyAudit();
    const body = html`<p role="status" class="notice ${report.ok ? 'ok' : 'error'}">
        ${
          report.ok
            ? `The chain is intact: ${report.records} records, head #${report.head.seq}.`
            : `The chain is broken: ${report.problems.length} problem(s).`
        }
      </p>
      <p>Head hash (publish it to anchor the log): <code>${report.head.hash}</code></p>
      ${report.problems.length ? html`<pre tabindex="0">${json(report.problems)}</pre>` : ''}
      <p><a href="${base}/audit">Back to the audit log</a></p>`;
    return page(context, deps, { title: 'Audit chain', current: 'audit' }, body);
  });

  app.get(`${base}/audit/export`, async (context) => {
    const query = context.req.query();
    const format = query.format === 'csv' ? 'csv' : 'jsonl';
    const filters = filtersOf(query);
    const records: AuditRecordView[] = [];
    let cursor: string | undefined;
    do {
      const result = await gateway.queryAudit(
        parseAuditQuery({ ...filters, limit: 1000, ...(cursor ? { cursor } : {}) }, deps.clock.now()),
      );
      records.push(...result.records.map(auditRecordView));
      cursor = result.nextCursor;
    } while (cursor && records.length < exportLimit);
    const text =
      format === 'csv'
        ? [
            csvColumns.join(','),
            ...records.map((record) => csvColumns.map((column) => csvCell(record[column])).join(',')),
          ].join('\r\n') + '\r\n'
        : records.map((record) => JSON.stringify(record)).join('\n') + (records.length ? '\n' : '');
    context.header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson');
    context.header('content-disposition', `attachment; filename="heygate-audit.${format}"`);
    return context.body(text);
  });

  app.get(`${base}/audit/:seq{[0-9]+}`, async (context) => {
    const seq = Number(context.req.param('seq'));
    const result = await gateway.queryAudit({ order: 'asc', cursor: String(seq - 1), limit: 1 });
    const found = result.records[0];
    if (!found || found.seq !== seq) return context.text('No such audit record.', 404);
    const record = auditRecordView(found);
    const body = html`<dl class="grid">
        <div>
          <dt>Time</dt>
          <dd>${when(record.time)}</dd>
        </div>
        <div>
          <dt>Kind</dt>
          <dd>${record.kind}</dd>
        </div>
        <div>
          <dt>Persona</dt>
          <dd>${record.persona_name ?? '—'}</dd>
        </div>
        <div>
          <dt>User</dt>
          <dd>${record.user ?? '—'}</dd>
        </div>
        <div>
          <dt>Surface</dt>
          <dd>${record.surface}</dd>
        </div>
        <div>
          <dt>Tool</dt>
          <dd><code>${record.tool}</code></dd>
        </div>
        <div>
          <dt>Account</dt>
          <dd>
            ${record.account ?? '—'}${record.fallback_from ? ` (fell back from ${record.fallback_from})` : ''}
          </dd>
        </div>
        <div>
          <dt>Outcome</dt>
          <dd>${record.outcome}</dd>
        </div>
        <div>
          <dt>Latency</dt>
          <dd>${record.latency_ms} ms</dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd>${usd(record.cost_usd)}</dd>
        </div>
        <div>
          <dt>HeyGen request</dt>
          <dd>${record.request_id ?? '—'}</dd>
        </div>
      </dl>
      <h2>Prompt</h2>
      <pre tabindex="0">${record.prompt ?? '—'}</pre>
      <h2>Input (redacted)</h2>
      <pre tabindex="0">${json(record.arguments)}</pre>
      <h2>Response</h2>
      <pre tabindex="0">${json(record.response)}</pre>
      ${
        record.error
          ? html`<h2>Error</h2>
              <pre tabindex="0">${json(record.error)}</pre>`
          : ''
      }
      <h2>Routing</h2>
      <pre tabindex="0">${json(record.routing)}</pre>
      <h2>Context</h2>
      <pre tabindex="0">${json(record.context)}</pre>
      <p class="muted">Hash <code>${record.hash}</code> (previous <code>${record.prev_hash}</code>)</p>
      <p><a href="${base}/audit">Back to the audit log</a></p>`;
    return page(context, deps, { title: `Audit record #${seq}`, current: 'audit' }, body);
  });
}
