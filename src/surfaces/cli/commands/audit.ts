import type { Command } from 'commander';
import { auditRecordView, parseAuditQuery } from '../../../gateway/audit-view.ts';
import { looksLikePersonaToken } from '../../../gateway/persona-token.ts';
import type { CliRuntime } from '../cli-runtime.ts';
import { exitCodes } from '../exit-codes.ts';
import { table, withGateway } from './with-gateway.ts';

interface AuditOptions {
  persona?: string;
  kind?: string;
  tool?: string;
  outcome?: string;
  surface?: string;
  since?: string;
  until?: string;
  limit?: string;
  cursor?: string;
  order?: string;
  json?: boolean;
  jsonl?: boolean;
}

/**
 * `heygate audit [filters]` lists audit records (newest first, paginated with `--cursor`);
 * `heygate audit verify` recomputes the hash chain and reports changed or deleted records.
 */
export function registerAuditCommand(program: Command, runtime: CliRuntime): void {
  const audit = program
    .command('audit')
    .description('query the audit log of every call and admin action (subcommand: verify)')
    .option('--persona <name>', 'only this persona (name or id)')
    .option('--tool <name>', 'only this tool')
    .option('--kind <kind>', 'call, admin or intent (what a state-changing call was about to send)')
    .option('--outcome <outcome>', 'ok, error, denied, rate_limited or pending (intents)')
    .option('--surface <surface>', 'only records made through this surface: cli, http, mcp, …')
    .option('--since <time>', 'ISO time or duration back from now: 15m, 24h, 7d')
    .option('--until <time>', 'ISO time or duration back from now')
    .option('--limit <n>', 'records per page (1-1000)', '50')
    .option('--cursor <cursor>', 'continue after a previous page')
    .option('--order <order>', 'desc (newest first, default) or asc')
    .option('--json', 'print one JSON document { records, next_cursor }')
    .option('--jsonl', 'print one JSON record per line')
    .action(async (options: AuditOptions, command: Command) => {
      // `--persona` is also the program's global option (a token to act as); after `audit` it filters.
      const globals = command.optsWithGlobals<{ persona?: string }>();
      let persona = options.persona ?? globals.persona;
      const page = await withGateway(runtime, async (gateway) => {
        if (persona && looksLikePersonaToken(persona))
          persona = (await gateway.personas.authenticate({ personaToken: persona }).catch(() => undefined))
            ?.id;
        const query = parseAuditQuery({ ...options, ...(persona ? { persona } : {}) });
        return gateway.queryAudit(query);
      });
      const records = page.records.map(auditRecordView);
      if (options.jsonl) {
        for (const record of records) runtime.stdout(`${JSON.stringify(record)}\n`);
        if (page.nextCursor) runtime.stderr(`more: --cursor ${page.nextCursor}\n`);
        return;
      }
      if (options.json) {
        runtime.stdout(`${JSON.stringify({ records, next_cursor: page.nextCursor ?? null }, null, 2)}\n`);
        return;
      }
      if (records.length === 0) {
        runtime.stdout('no audit records match\n');
        return;
      }
      runtime.stdout(
        table([
          ['SEQ', 'TIME', 'OUTCOME', 'PERSONA', 'SURFACE', 'TOOL', 'ACCOUNT', 'MS', 'REQUEST'],
          ...records.map((record) => [
            String(record.seq),
            record.time,
            record.outcome,
            record.persona_name ?? record.user ?? '-',
            record.surface,
            record.tool,
            record.account ?? '-',
            record.latency_ms.toFixed(1),
            record.request_id ?? '-',
          ]),
        ]),
      );
      if (page.nextCursor) runtime.stderr(`more: heygate audit --cursor ${page.nextCursor}\n`);
    });

  audit
    .command('verify')
    .description('recompute the hash chain; report changed or deleted records')
    .option('--json', 'print the report as JSON')
    .action(async (options: { json?: boolean }) => {
      const report = await withGateway(runtime, (gateway) => gateway.verifyAudit());
      if (options.json) runtime.stdout(`${JSON.stringify(report, null, 2)}\n`);
      else if (report.ok) {
        runtime.stdout(
          `audit chain ok: ${report.records} records; head seq ${report.head.seq} hash ${report.head.hash}\n`,
        );
        if (report.openIntents.length > 0)
          runtime.stdout(
            `${report.openIntents.length} call(s) sent without a recorded outcome (intent seq ` +
              `${report.openIntents.join(', ')}): look their jobs up in HeyGen\n`,
          );
      } else {
        runtime.stdout(
          `audit chain BROKEN: ${report.problems.length} problem(s) in ${report.records} records\n`,
        );
        for (const problem of report.problems) runtime.stdout(`  ${problem.kind}: ${problem.message}\n`);
      }
      if (!report.ok) runtime.exitCode = exitCodes.toolError;
    });
}
