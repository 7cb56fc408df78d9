import { html, raw } from 'hono/html';
import { auditRecordView } from '../../gateway/audit-view.ts';
import { usageReport, type UsageLine } from '../../gateway/router/usage-report.ts';
import { page, type ConsoleApp, type ConsoleDeps } from './console-context.ts';
import { table, usd, type Html } from './console-layout.ts';

const dayMs = 86_400_000;
/** Most call records the chart reads (newest first). */
const recordLimit = 20_000;

const escapeXml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** A bar chart of spend per day (inline SVG, no script), with a text table beside it for screen readers. */
export function spendChart(days: readonly { day: string; usd: number }[]): Html {
  const width = 720;
  const height = 180;
  const max = Math.max(0.01, ...days.map((day) => day.usd));
  const bar = width / Math.max(1, days.length);
  const bars = days
    .map((day, index) => {
      const barHeight = Math.round((day.usd / max) * (height - 30));
      return `<rect x="${(index * bar + 1).toFixed(1)}" y="${height - 15 - barHeight}" width="${Math.max(1, bar - 2).toFixed(1)}" height="${barHeight}" fill="#0b57a4"><title>${escapeXml(`${day.day}: $${day.usd.toFixed(2)}`)}</title></rect>`;
    })
    .join('');
  const first = days[0]?.day ?? '';
  const last = days.at(-1)?.day ?? '';
  return html`<figure>
    <svg
      role="img"
      aria-labelledby="chart-title"
      viewBox="0 0 ${width} ${height}"
      width="100%"
      height="${height}"
    >
      <title id="chart-title">Spend per day, ${first} to ${last}; highest ${usd(max)}</title>
      ${raw(bars)}
      <line x1="0" y1="${height - 15}" x2="${width}" y2="${height - 15}" stroke="#57606a" />
      <text x="0" y="${height - 2}">${first}</text>
      <text x="${width}" y="${height - 2}" text-anchor="end">${last}</text>
      <text x="0" y="12">${usd(max)}</text>
    </svg>
    <figcaption>Spend per day over the last ${days.length} days (US dollars, from the audit log).</figcaption>
  </figure>`;
}

function budgetCell(line: UsageLine): Html {
  if (line.limitUsd === undefined || line.limitUsd === null) return html`no budget`;
  const used = line.spentUsd + line.reservedUsd;
  return html`<meter
      min="0"
      max="${line.limitUsd}"
      value="${Math.min(used, line.limitUsd)}"
      aria-label="${line.name} budget used"
    >
      ${used}
    </meter>
    ${usd(used)} of ${usd(line.limitUsd)}`;
}

/**
 * Usage and spend: this period's spend per persona and per account against their budgets (the router's budget
 * ledger, as `heygate usage`), spend per day over 30 days as a chart, and the top tools by spend and calls (from
 * the audit log).
 */
export function registerUsagePage(app: ConsoleApp, deps: ConsoleDeps): void {
  const { gateway, base } = deps;

  app.get(`${base}/usage`, async (context) => {
    const now = deps.clock.now();
    const lines = await usageReport({
      store: gateway.store,
      accounts: await gateway.accounts.names(),
      clock: deps.clock,
    });
    const since = new Date(now - 29 * dayMs);
    since.setUTCHours(0, 0, 0, 0);
    const perDay = new Map<string, number>();
    for (let time = since.getTime(); time <= now; time += dayMs)
      perDay.set(new Date(time).toISOString().slice(0, 10), 0);
    const tools = new Map<string, { calls: number; usd: number }>();
    let cursor: string | undefined;
    let read = 0;
    do {
      const result = await gateway.queryAudit({
        kind: 'call',
        since: since.toISOString(),
        limit: 1000,
        ...(cursor ? { cursor } : {}),
      });
      for (const record of result.records.map(auditRecordView)) {
        const cost = record.cost_usd ?? 0;
        const day = record.time.slice(0, 10);
        if (perDay.has(day)) perDay.set(day, (perDay.get(day) ?? 0) + cost);
        const entry = tools.get(record.tool) ?? { calls: 0, usd: 0 };
        entry.calls += 1;
        entry.usd += cost;
        tools.set(record.tool, entry);
      }
      read += result.records.length;
      cursor = result.nextCursor;
    } while (cursor && read < recordLimit);
    const top = [...tools].sort((a, b) => b[1].usd - a[1].usd || b[1].calls - a[1].calls).slice(0, 10);
    const row = (line: UsageLine) =>
      html`<tr>
        <th scope="row">${line.name}</th>
        <td>${line.period}</td>
        <td>${usd(line.spentUsd)}</td>
        <td>${usd(line.reservedUsd)}</td>
        <td>${line.calls}</td>
        <td>${budgetCell(line)}</td>
      </tr>`;
    const headers = ['Name', 'Period', 'Spent', 'Held', 'Paid calls', 'Budget'];
    const body = html`${spendChart([...perDay].map(([day, usdSpent]) => ({ day, usd: usdSpent })))}
      <h2>Personas</h2>
      ${table('Spend per persona, this period', headers, lines.filter((line) => line.scope === 'persona').map(row), 'No persona yet.')}
      <h2>Accounts</h2>
      ${table('Spend per account, this period', headers, lines.filter((line) => line.scope === 'account').map(row), 'No account yet.')}
      <h2>Top tools</h2>
      ${table(
        'Top tools over 30 days',
        ['Tool', 'Calls', 'Spent'],
        top.map(
          ([name, entry]) =>
            html`<tr>
              <th scope="row"><code>${name}</code></th>
              <td>${entry.calls}</td>
              <td>${usd(entry.usd)}</td>
            </tr>`,
        ),
        'No call in the last 30 days.',
      )}`;
    return page(context, deps, { title: 'Usage', current: 'usage' }, body);
  });
}
