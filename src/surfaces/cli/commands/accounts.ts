import type { Command } from 'commander';
import { InvalidInputError } from '../../../catalog/errors.ts';
import type { AccountView } from '../../../gateway/account-manager.ts';
import type { BillingPool } from '../../../store/store.ts';
import type { CliRuntime } from '../cli-runtime.ts';
import { exitCodes } from '../exit-codes.ts';
import { readSecret, table, withGateway } from './with-gateway.ts';

function billingPool(value: string | undefined): BillingPool | undefined {
  if (value === undefined) return undefined;
  if (value === 'api' || value === 'plan') return value;
  throw new InvalidInputError('cli', [
    {
      field: '--billing-pool',
      expected: 'api | plan',
      message: `--billing-pool must be api or plan (got "${value}").`,
    },
  ]);
}

function describe(account: AccountView): string {
  return `${account.name} (billing pool ${account.billingPool}, health ${account.health}${account.lastVerifiedAt ? `, verified ${account.lastVerifiedAt}` : ''})`;
}

/**
 * `heygate accounts add|list|verify|rotate|update|remove`: named HeyGen accounts in the encrypted vault.
 * Keys come from standard input or `--from-env VAR`, are verified with HeyGen (`user_me_get`) before they
 * are stored, and are never printed.
 */
export function registerAccountsCommand(program: Command, runtime: CliRuntime): void {
  const accounts = program
    .command('accounts')
    .description('named HeyGen accounts (keys encrypted in the vault)');

  accounts
    .command('add')
    .description(
      'add an account; the API key is read from stdin (or --from-env VAR), verified, then stored encrypted',
    )
    .argument('<name>', 'account name, e.g. default or work')
    .option('--billing-pool <pool>', 'api (API credits) or plan (web plan credits)', 'api')
    .option('--base-url <url>', 'HeyGen base URL for this account (an emulator or proxy)')
    .option('--from-env <var>', 'read the key from this environment variable instead of stdin')
    .option('--no-verify', 'store without checking the key with HeyGen (health stays unknown)')
    .option('--json', 'print the account as JSON')
    .action(
      async (
        name: string,
        options: { billingPool: string; baseUrl?: string; fromEnv?: string; verify: boolean; json?: boolean },
      ) => {
        const pool = billingPool(options.billingPool);
        const key = await readSecret(runtime, options.fromEnv, 'the HeyGen API key');
        const added = await withGateway(runtime, (gateway) =>
          gateway.accounts.add(name, key, {
            ...(pool ? { billingPool: pool } : {}),
            ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
            skipVerify: !options.verify,
          }),
        );
        runtime.stdout(options.json ? `${JSON.stringify(added)}\n` : `added account ${describe(added)}\n`);
      },
    );

  accounts
    .command('list')
    .description('list accounts: name, billing pool, health, last verified (never the key)')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const list = await withGateway(runtime, (gateway) => gateway.accounts.list());
      if (options.json) {
        runtime.stdout(`${JSON.stringify(list, null, 2)}\n`);
        return;
      }
      if (list.length === 0) {
        runtime.stdout('no accounts (add one with `heygate accounts add NAME`, or set HEYGEN_API_KEY)\n');
        return;
      }
      runtime.stdout(
        table([
          ['NAME', 'POOL', 'HEALTH', 'LAST VERIFIED', 'SOURCE', 'BASE URL'],
          ...list.map((account) => [
            account.name,
            account.billingPool,
            account.health + (account.healthDetail ? ` (${account.healthDetail})` : ''),
            account.lastVerifiedAt ?? '-',
            account.source,
            account.baseUrl ?? '-',
          ]),
        ]),
      );
    });

  accounts
    .command('verify')
    .description('check one or every account key with HeyGen and record its health')
    .argument('[name]', 'account to verify (default: all)')
    .option('--json', 'print JSON')
    .action(async (name: string | undefined, options: { json?: boolean }) => {
      const results = await withGateway(runtime, (gateway) => gateway.accounts.verify(name));
      if (options.json) runtime.stdout(`${JSON.stringify(results, null, 2)}\n`);
      else {
        for (const result of results) {
          runtime.stdout(
            result.ok
              ? `${result.name}: ok${result.identity ? ` (${result.identity})` : ''}\n`
              : `${result.name}: ${result.health} (${result.detail ?? 'error'})\n`,
          );
        }
      }
      if (results.some((result) => result.health === 'unauthorized')) runtime.exitCode = exitCodes.auth;
      else if (results.some((result) => !result.ok)) runtime.exitCode = exitCodes.toolError;
    });

  accounts
    .command('rotate')
    .description(
      'replace an account key: the new key (stdin or --from-env) is verified before the old one is dropped',
    )
    .argument('<name>', 'account name')
    .option('--from-env <var>', 'read the new key from this environment variable instead of stdin')
    .action(async (name: string, options: { fromEnv?: string }) => {
      const key = await readSecret(runtime, options.fromEnv, 'the new HeyGen API key');
      const rotated = await withGateway(runtime, (gateway) => gateway.accounts.rotate(name, key));
      runtime.stdout(`rotated the key of account ${describe(rotated.account)}\n`);
    });

  accounts
    .command('update')
    .description("change an account's billing pool or base URL")
    .argument('<name>', 'account name')
    .option('--billing-pool <pool>', 'api or plan')
    .option('--base-url <url>', 'HeyGen base URL ("" for HeyGen itself)')
    .action(async (name: string, options: { billingPool?: string; baseUrl?: string }) => {
      const pool = billingPool(options.billingPool);
      const updated = await withGateway(runtime, (gateway) =>
        gateway.accounts.update(name, {
          ...(pool ? { billingPool: pool } : {}),
          ...(options.baseUrl !== undefined
            ? { baseUrl: options.baseUrl === '' ? null : options.baseUrl }
            : {}),
        }),
      );
      runtime.stdout(`updated account ${describe(updated)}\n`);
    });

  accounts
    .command('remove')
    .description('delete an account and its key')
    .argument('<name>', 'account name')
    .action(async (name: string) => {
      await withGateway(runtime, (gateway) => gateway.accounts.remove(name));
      runtime.stdout(`removed account ${name}\n`);
    });
}
