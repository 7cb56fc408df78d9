import type { Command } from 'commander';
import type { Gateway } from '../../../gateway/gateway.ts';
import type { Persona } from '../../../gateway/persona-manager.ts';
import { compileScopes } from '../../../gateway/scopes.ts';
import type { CliRuntime } from '../cli-runtime.ts';
import { parseDuration } from '../parse-duration.ts';
import { cliActor, table, withGateway } from './with-gateway.ts';
import { parseBudgetUsd } from '../../internal/parse-budget-usd.ts';

interface PersonaOptions {
  allow?: string[];
  add?: string[];
  remove?: string[];
  accounts?: string;
  budget?: string;
  budgetPeriod?: string;
  rename?: string;
  tokenTtl?: string;
  json?: boolean;
}

/** `--token-ttl 30d` (or `none` on update). */
function tokenTtl(value: string | undefined, allowNone: boolean): number | null | undefined {
  return value === undefined ? undefined : parseDuration(value, '--token-ttl', allowNone);
}

function budget(value: string | undefined): number | null | undefined {
  return value === undefined ? undefined : parseBudgetUsd(value, '--budget', 'cli');
}

function accountList(value: string | undefined): string[] | undefined {
  return value === undefined
    ? undefined
    : value
        .split(',')
        .map((account) => account.trim())
        .filter((account) => account !== '');
}

/** How many catalog tools of each access class a persona reaches. */
function reach(gateway: Gateway, persona: Persona): Record<string, number> {
  const matcher = compileScopes(persona.scopes);
  const counts: Record<string, number> = { read: 0, write: 0, destructive: 0 };
  for (const tool of gateway.tools)
    if (matcher.allows(tool)) counts[tool.access] = (counts[tool.access] ?? 0) + 1;
  return counts;
}

function summary(persona: Persona): string {
  return [
    `persona ${persona.name} (${persona.id}) — ${persona.status}`,
    `  scopes:   ${persona.scopes.join(' ') || '(none: every call is denied)'}`,
    `  accounts: ${persona.accounts.join(', ') || '(every account)'}`,
    `  budget:   ${persona.budgetUsd === null || persona.budgetUsd === undefined ? 'none' : `$${persona.budgetUsd} per ${persona.budgetPeriod ?? 'month'}`}`,
    `  token:    ${persona.tokenExpiresAt ? `expires ${persona.tokenExpiresAt}` : 'does not expire'}${persona.previousTokenExpiresAt ? `; previous token accepted until ${persona.previousTokenExpiresAt}` : ''}`,
  ].join('\n');
}

/**
 * `heygate personas create|list|show|update|revoke|rotate-token`: agent identities with bearer tokens and
 * scopes (ADR 0007). A token is printed once, as the last line of standard output, and stored only hashed.
 */
export function registerPersonasCommand(program: Command, runtime: CliRuntime): void {
  const personas = program
    .command('personas')
    .description('agent identities: bearer tokens, scopes, accounts');

  personas
    .command('create')
    .description('create a persona and print its bearer token once (last line of stdout)')
    .argument('<name>', 'persona name')
    .option(
      '--allow <scope...>',
      'grants: read, write, destructive, area:<area>, a tool glob like video_*, !<grant> to deny (default: read)',
    )
    .option(
      '--accounts <names>',
      'allowed accounts in routing order, comma-separated (default: every account)',
    )
    .option('--budget <usd>', 'budget in US dollars per period')
    .option('--budget-period <period>', 'day, week or month (default month)')
    .option('--token-ttl <duration>', 'tokens expire after this long, e.g. 30d (default: never)')
    .option('--json', 'print the persona as JSON (the token still follows on the last line)')
    .action(async (name: string, options: PersonaOptions) => {
      const usd = budget(options.budget);
      const accounts = accountList(options.accounts);
      const ttl = tokenTtl(options.tokenTtl, false);
      const { persona, token, tools } = await withGateway(runtime, async (gateway) => {
        const created = await gateway.personas.create(
          {
            name,
            ...(options.allow ? { scopes: options.allow } : {}),
            ...(accounts ? { accounts } : {}),
            ...(usd !== undefined ? { budgetUsd: usd } : {}),
            ...(options.budgetPeriod ? { budgetPeriod: options.budgetPeriod } : {}),
            ...(ttl !== undefined ? { tokenTtlMs: ttl } : {}),
          },
          cliActor(runtime),
        );
        return { ...created, tools: reach(gateway, created.persona) };
      });
      if (options.json) runtime.stdout(`${JSON.stringify({ ...persona, tools })}\n`);
      else {
        runtime.stdout(
          `${summary(persona)}\n  reaches:  ${tools.read} read, ${tools.write} write, ${tools.destructive} destructive tools\n`,
        );
        runtime.stderr('The bearer token is on the last line below; it is shown only this once.\n');
      }
      runtime.stdout(`${token}\n`);
    });

  personas
    .command('list')
    .description('list personas (never their tokens)')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const list = await withGateway(runtime, (gateway) => gateway.personas.list());
      if (options.json) {
        runtime.stdout(`${JSON.stringify(list, null, 2)}\n`);
        return;
      }
      if (list.length === 0) {
        runtime.stdout('no personas (create one with `heygate personas create NAME --allow read`)\n');
        return;
      }
      runtime.stdout(
        table([
          ['NAME', 'ID', 'STATUS', 'SCOPES', 'ACCOUNTS', 'BUDGET', 'TOKEN EXPIRES'],
          ...list.map((persona) => [
            persona.name,
            persona.id,
            persona.status,
            persona.scopes.join(' '),
            persona.accounts.join(',') || '*',
            persona.budgetUsd === null || persona.budgetUsd === undefined
              ? '-'
              : `$${persona.budgetUsd}/${persona.budgetPeriod ?? 'month'}`,
            persona.tokenExpiresAt ?? '-',
          ]),
        ]),
      );
    });

  personas
    .command('show')
    .description('show a persona and how many tools it reaches')
    .argument('<name>', 'persona name or id')
    .option('--json', 'print JSON')
    .action(async (name: string, options: { json?: boolean }) => {
      const { persona, tools } = await withGateway(runtime, async (gateway) => {
        const found = await gateway.personas.get(name);
        return { persona: found, tools: reach(gateway, found) };
      });
      if (options.json) runtime.stdout(`${JSON.stringify({ ...persona, tools }, null, 2)}\n`);
      else
        runtime.stdout(
          `${summary(persona)}\n  reaches:  ${tools.read} read, ${tools.write} write, ${tools.destructive} destructive tools\n` +
            `  created:  ${persona.createdAt}${persona.revokedAt ? `\n  revoked:  ${persona.revokedAt}` : ''}\n`,
        );
    });

  personas
    .command('update')
    .description('change a persona: scopes (--allow replaces, --add/--remove edit), accounts, budget, name')
    .argument('<name>', 'persona name or id')
    .option('--allow <scope...>', 'replace the scope list')
    .option('--add <scope...>', 'add grants')
    .option('--remove <scope...>', 'remove grants')
    .option('--accounts <names>', 'replace the allowed accounts (comma-separated; "" for every account)')
    .option('--budget <usd>', 'budget in US dollars per period, or none')
    .option('--budget-period <period>', 'day, week or month')
    .option('--rename <name>', 'new name')
    .option(
      '--token-ttl <duration>',
      'token lifetime (the current token expires that long from now), or none',
    )
    .option('--json', 'print JSON')
    .action(async (name: string, options: PersonaOptions) => {
      const usd = budget(options.budget);
      const accounts = accountList(options.accounts);
      const ttl = tokenTtl(options.tokenTtl, true);
      const updated = await withGateway(runtime, (gateway) =>
        gateway.personas.update(
          name,
          {
            ...(options.rename ? { name: options.rename } : {}),
            ...(options.allow ? { scopes: options.allow } : {}),
            ...(options.add ? { addScopes: options.add } : {}),
            ...(options.remove ? { removeScopes: options.remove } : {}),
            ...(accounts ? { accounts } : {}),
            ...(usd !== undefined ? { budgetUsd: usd } : {}),
            ...(options.budgetPeriod ? { budgetPeriod: options.budgetPeriod } : {}),
            ...(ttl !== undefined ? { tokenTtlMs: ttl } : {}),
          },
          cliActor(runtime),
        ),
      );
      runtime.stdout(options.json ? `${JSON.stringify(updated)}\n` : `${summary(updated)}\n`);
    });

  personas
    .command('revoke')
    .description('revoke a persona: its next call is refused, including in open MCP sessions')
    .argument('<name>', 'persona name or id')
    .action(async (name: string) => {
      const revoked = await withGateway(runtime, (gateway) =>
        gateway.personas.revoke(name, cliActor(runtime)),
      );
      runtime.stdout(`revoked persona ${revoked.name} (${revoked.id}) at ${revoked.revokedAt}\n`);
    });

  personas
    .command('rotate-token')
    .description(
      'issue a new bearer token (the old one stops at once, or after --grace); printed once, last line',
    )
    .argument('<name>', 'persona name or id')
    .option('--grace <duration>', 'keep the old token working this long, e.g. 1h, so agents can switch')
    .action(async (name: string, options: { grace?: string }) => {
      const graceMs = options.grace === undefined ? 0 : (parseDuration(options.grace, '--grace') as number);
      const { persona, token } = await withGateway(runtime, (gateway) =>
        gateway.personas.rotateToken(name, { graceMs }, cliActor(runtime)),
      );
      runtime.stderr(
        `${persona.tokenExpiresAt ? `The new token expires ${persona.tokenExpiresAt}. ` : ''}` +
          `${persona.previousTokenExpiresAt ? `The old one works until ${persona.previousTokenExpiresAt}.` : 'The old one no longer works.'}\n`,
      );
      runtime.stdout(`new token for persona ${persona.name} (${persona.id}):\n${token}\n`);
    });
}
