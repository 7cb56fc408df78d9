import type { Command } from 'commander';
import { InvalidInputError } from '../../../catalog/errors.ts';
import type { Gateway } from '../../../gateway/gateway.ts';
import { looksLikePersonaToken } from '../../../gateway/persona-token.ts';
import { budgetPeriods } from '../../../gateway/router/budget-period.ts';
import type { BudgetPeriod } from '../../../store/router-store.ts';
import type { UsageLine } from '../../../gateway/router/usage-report.ts';
import type { CliRuntime } from '../cli-runtime.ts';
import { table, withGateway } from './with-gateway.ts';

interface UsageOptions {
  persona?: string;
  account?: string;
  json?: boolean;
}

interface BudgetOptions {
  limit?: string;
  period?: string;
  remove?: boolean;
}

/** Formats US dollars for the table (up to four decimals: estimates are fractional). */
function usd(value: number | undefined): string {
  return value === undefined ? '-' : `$${Number(value.toFixed(4))}`;
}

function printUsage(runtime: CliRuntime, lines: readonly UsageLine[], json: boolean | undefined): void {
  if (json) {
    runtime.stdout(`${JSON.stringify(lines, null, 2)}\n`);
    return;
  }
  if (lines.length === 0) {
    runtime.stdout('nothing to report: no persona or account matches\n');
    return;
  }
  runtime.stdout(
    table([
      ['SCOPE', 'NAME', 'PERIOD', 'SPENT', 'RESERVED', 'LIMIT', 'REMAINING', 'CALLS', 'RESETS'],
      ...lines.map((line) => [
        line.scope,
        line.name,
        line.period,
        usd(line.spentUsd),
        usd(line.reservedUsd),
        usd(line.limitUsd),
        usd(line.remainingUsd),
        String(line.calls),
        line.periodEnd,
      ]),
    ]),
  );
}

async function report(
  gateway: Gateway,
  filter: { persona?: string; account?: string },
): Promise<UsageLine[]> {
  let persona = filter.persona;
  // Accept a persona token (the global `--persona`), an id or a name.
  if (persona !== undefined && looksLikePersonaToken(persona))
    persona = (await gateway.personas.authenticate({ personaToken: persona })).name;
  else if (persona !== undefined) persona = (await gateway.personas.get(persona)).name;
  if (filter.account !== undefined && !(await gateway.accounts.names()).includes(filter.account)) {
    throw new InvalidInputError('cli', [
      {
        field: '--account',
        expected: 'a configured account',
        message: `No account named "${filter.account}" (see heygate accounts list).`,
      },
    ]);
  }
  const { usageReport } = await import('../../../gateway/router/usage-report.ts');
  return usageReport({
    store: gateway.store,
    accounts: await gateway.accounts.names(),
    ...(persona !== undefined ? { persona } : {}),
    ...(filter.account !== undefined ? { account: filter.account } : {}),
  });
}

function parseLimit(value: string | undefined): number {
  const limit = Number(value?.replace(/^\$/, ''));
  if (value === undefined || !Number.isFinite(limit) || limit < 0) {
    throw new InvalidInputError('cli', [
      {
        field: '--limit',
        expected: 'US dollars ≥ 0',
        message: `--limit must be an amount in US dollars ≥ 0 (got "${value ?? ''}").`,
      },
    ]);
  }
  return limit;
}

function parsePeriod(value: string | undefined): BudgetPeriod {
  const period = value ?? 'month';
  if (!budgetPeriods.includes(period as BudgetPeriod)) {
    throw new InvalidInputError('cli', [
      {
        field: '--period',
        expected: budgetPeriods.join(' | '),
        message: `--period must be one of ${budgetPeriods.join(', ')} (got "${period}").`,
      },
    ]);
  }
  return period as BudgetPeriod;
}

/**
 * `heygate usage [--persona NAME] [--account NAME]` shows the current period's spend in US dollars of personas and
 * accounts against their budgets; `heygate usage budget ACCOUNT --limit N [--period P] | --remove` sets an
 * account's budget (persona budgets: `heygate personas update NAME --budget N`). Also registered as
 * `heygate personas usage [NAME]`.
 */
export function registerUsageCommand(program: Command, runtime: CliRuntime): void {
  const usage = program
    .command('usage')
    .description(
      'spend (US dollars) of personas and accounts in the current budget period (subcommand: budget)',
    )
    .option('--persona <name>', 'only this persona (name or id)')
    .option('--account <name>', 'only this account')
    .option('--json', 'print JSON')
    .action(async (options: UsageOptions, command: Command) => {
      // `--persona`/`--account` are also global options (a token to act as, an account to call with);
      // after `usage` they filter, like `heygate audit --persona`.
      const globals = command.optsWithGlobals<{ persona?: string; account?: string }>();
      const persona = options.persona ?? globals.persona;
      const account = options.account ?? globals.account;
      const lines = await withGateway(runtime, (gateway) =>
        report(gateway, {
          ...(persona !== undefined ? { persona } : {}),
          ...(account !== undefined ? { account } : {}),
        }),
      );
      printUsage(runtime, lines, options.json);
    });

  usage
    .command('budget')
    .description("set or remove an account's budget (US dollars) per period")
    .argument('<account>', 'account name')
    .option('--limit <usd>', 'US dollars per period')
    .option('--period <period>', 'day, week or month (default month)')
    .option('--remove', 'remove the budget')
    .action(async (account: string, options: BudgetOptions) => {
      const message = await withGateway(runtime, async (gateway) => {
        if (!(await gateway.accounts.names()).includes(account)) {
          throw new InvalidInputError('cli', [
            {
              field: 'account',
              expected: 'a configured account',
              message: `No account named "${account}" (see heygate accounts list).`,
            },
          ]);
        }
        const { openRouterStore } = await import('../../../gateway/router/open-router-store.ts');
        const store = openRouterStore(gateway.store);
        if (options.remove) {
          return (await store.removeBudget('account', account))
            ? `removed the budget of account ${account}`
            : `account ${account} had no budget`;
        }
        const rule = {
          scope: 'account' as const,
          name: account,
          limit: parseLimit(options.limit),
          period: parsePeriod(options.period),
        };
        await store.setBudget(rule);
        return `account ${account}: budget ${usd(rule.limit)} per ${rule.period}`;
      });
      runtime.stdout(`${message}\n`);
    });

  // `heygate personas usage [NAME]`: the same report from the personas command group, when it exists.
  const personas = program.commands.find((command) => command.name() === 'personas');
  personas
    ?.command('usage')
    .description('spend (US dollars) of personas in the current budget period')
    .argument('[name]', 'persona name or id (default: every persona)')
    .option('--json', 'print JSON')
    .action(async (name: string | undefined, options: { json?: boolean }) => {
      const lines = await withGateway(runtime, async (gateway) => {
        const all = await report(gateway, name === undefined ? {} : { persona: name });
        return all.filter((line) => line.scope === 'persona');
      });
      printUsage(runtime, lines, options.json);
    });
}
