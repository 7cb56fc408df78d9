import type { Command } from 'commander';
import { InvalidInputError } from '../../../catalog/errors.ts';
import type { AccountView } from '../../../gateway/account-manager.ts';
import type { BillingPool } from '../../../store/store.ts';
import type { CliRuntime } from '../cli-runtime.ts';
import { connectOAuthFromCli } from '../connect-oauth.ts';
import { exitCodes } from '../exit-codes.ts';
import { parseDuration } from '../parse-duration.ts';
import { cliActor, readSecret, table, withGateway } from './with-gateway.ts';

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
  const auth = account.authKind === 'oauth' ? 'OAuth' : 'API key';
  return `${account.name} (${auth}, billing pool ${account.billingPool}, health ${account.health}${account.lastVerifiedAt ? `, verified ${account.lastVerifiedAt}` : ''})`;
}

interface ConnectOptions {
  oauth?: boolean;
  browser: boolean;
  clientId?: string;
  scope?: string;
  baseUrl?: string;
  billingPool?: string;
  replace?: boolean;
  port: string;
  timeout: string;
  json?: boolean;
}

/**
 * `heygate accounts add|connect|list|verify|rotate|update|remove`: named HeyGen accounts in the encrypted vault —
 * API keys (from standard input or `--from-env VAR`, verified with HeyGen before they are stored, never printed)
 * and OAuth connections (`connect --oauth`). Every change is an admin action in the audit chain.
 */
export function registerAccountsCommand(program: Command, runtime: CliRuntime): void {
  const accounts = program
    .command('accounts')
    .description('named HeyGen accounts: API keys and OAuth connections, encrypted in the vault');

  accounts
    .command('add')
    .description(
      'add an account; the API key is read from stdin (or --from-env VAR), verified, then stored encrypted',
    )
    .argument('<name>', 'account name, e.g. default or work')
    .option(
      '--billing-pool <pool>',
      'api (API wallet) or plan (web plan credits); default what HeyGen reports',
    )
    .option('--base-url <url>', 'HeyGen base URL for this account (an emulator or proxy)')
    .option('--from-env <var>', 'read the key from this environment variable instead of stdin')
    .option('--no-verify', 'store without checking the key with HeyGen (health stays unknown)')
    .option('--json', 'print the account as JSON')
    .action(
      async (
        name: string,
        options: {
          billingPool?: string;
          baseUrl?: string;
          fromEnv?: string;
          verify: boolean;
          json?: boolean;
        },
      ) => {
        const pool = billingPool(options.billingPool);
        const key = await readSecret(runtime, options.fromEnv, 'the HeyGen API key');
        const added = await withGateway(runtime, (gateway) =>
          gateway.accounts.add(
            name,
            key,
            {
              ...(pool ? { billingPool: pool } : {}),
              ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
              skipVerify: !options.verify,
            },
            cliActor(runtime),
          ),
        );
        runtime.stdout(options.json ? `${JSON.stringify(added)}\n` : `added account ${describe(added)}\n`);
      },
    );

  accounts
    .command('connect')
    .description(
      'connect an account with OAuth (authorization code + PKCE): prints the authorization URL as the first ' +
        'line of stdout, waits for HeyGen to redirect back, exits 0 once the account is stored',
    )
    .argument('<name>', 'account name')
    .option('--oauth', 'connect with OAuth (required; API keys: `heygate accounts add NAME`)')
    .option('--no-browser', 'do not open a browser: open the printed URL yourself (headless, scripts, tests)')
    .option(
      '--client-id <id>',
      'OAuth client id HeyGen issued (default $HEYGATE_OAUTH_CLIENT_ID, else registered)',
    )
    .option('--scope <scopes>', 'scopes to request (default $HEYGATE_OAUTH_SCOPE, else none)')
    .option('--base-url <url>', 'HeyGen base URL for this account (an emulator or proxy)')
    .option('--billing-pool <pool>', 'api or plan (default what HeyGen reports: plan for OAuth)')
    .option('--replace', 'replace an account of this name that uses an API key')
    .option('--port <port>', 'loopback port for the redirect (0 = any free port)', '0')
    .option('--timeout <duration>', 'how long to wait for the browser to come back', '10m')
    .option('--json', 'print the account as JSON (after the URL line)')
    .action(async (name: string, options: ConnectOptions) => {
      if (!options.oauth) {
        throw new InvalidInputError('cli', [
          {
            field: '--oauth',
            expected: '--oauth',
            message:
              '`accounts connect` connects with OAuth: pass --oauth (for an API key use `heygate accounts add NAME`).',
          },
        ]);
      }
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new InvalidInputError('cli', [
          { field: '--port', expected: 'an integer 0-65535', message: `Invalid --port "${options.port}".` },
        ]);
      }
      const timeoutMs = parseDuration(options.timeout, '--timeout') as number;
      const pool = billingPool(options.billingPool);
      const connected = await withGateway(runtime, (gateway) =>
        connectOAuthFromCli({
          gateway,
          account: name,
          stdout: (text) => runtime.stdout(text),
          stderr: (text) => runtime.stderr(text),
          browser: options.browser,
          port,
          timeoutMs,
          actor: cliActor(runtime),
          ...(options.clientId ? { clientId: options.clientId } : {}),
          ...(options.scope ? { scope: options.scope } : {}),
          ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
          ...(pool ? { billingPool: pool } : {}),
          ...(options.replace ? { replace: true } : {}),
        }),
      );
      runtime.stdout(
        options.json ? `${JSON.stringify(connected)}\n` : `connected account ${describe(connected)}\n`,
      );
    });

  accounts
    .command('list')
    .description('list accounts: name, auth, billing pool, health, expiry (never a key or token)')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const list = await withGateway(runtime, (gateway) => gateway.accounts.list());
      if (options.json) {
        runtime.stdout(`${JSON.stringify(list, null, 2)}\n`);
        return;
      }
      if (list.length === 0) {
        runtime.stdout(
          'no accounts (add one with `heygate accounts add NAME` or `heygate accounts connect NAME --oauth`, ' +
            'or set HEYGEN_API_KEY)\n',
        );
        return;
      }
      runtime.stdout(
        table([
          ['NAME', 'AUTH', 'POOL', 'HEALTH', 'LAST VERIFIED', 'TOKEN EXPIRES', 'SOURCE', 'BASE URL'],
          ...list.map((account) => [
            account.name,
            account.authKind === 'oauth'
              ? 'oauth'
              : account.pendingKey
                ? 'api_key (new key staged)'
                : 'api_key',
            account.billingPool,
            account.health + (account.healthDetail ? ` (${account.healthDetail})` : ''),
            account.lastVerifiedAt ?? '-',
            account.credentialExpiresAt ?? '-',
            account.source,
            account.baseUrl ?? '-',
          ]),
        ]),
      );
    });

  accounts
    .command('verify')
    .description('check one or every account with HeyGen and record its health')
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
      'replace an API key: the new key (stdin or --from-env) is verified before it replaces the old one; with ' +
        '--grace the old key keeps working while a key HeyGen does not accept yet is re-verified',
    )
    .argument('<name>', 'account name')
    .option('--from-env <var>', 'read the new key from this environment variable instead of stdin')
    .option(
      '--grace <duration>',
      'how long the new key may wait to be verified, e.g. 24h (default: verify now)',
    )
    .action(async (name: string, options: { fromEnv?: string; grace?: string }) => {
      const graceMs = options.grace === undefined ? 0 : (parseDuration(options.grace, '--grace') as number);
      const key = await readSecret(runtime, options.fromEnv, 'the new HeyGen API key');
      const rotated = await withGateway(runtime, (gateway) =>
        gateway.accounts.rotate(name, key, { graceMs }, cliActor(runtime)),
      );
      runtime.stdout(
        rotated.state === 'rotated'
          ? `rotated the key of account ${describe(rotated.account)}\n`
          : `staged the new key of account ${name}: HeyGen does not accept it yet (${rotated.detail}); the current ` +
              `key keeps working, and the new one replaces it once verified (until ${rotated.account.pendingKey?.expiresAt})\n`,
      );
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
        gateway.accounts.update(
          name,
          {
            ...(pool ? { billingPool: pool } : {}),
            ...(options.baseUrl !== undefined
              ? { baseUrl: options.baseUrl === '' ? null : options.baseUrl }
              : {}),
          },
          cliActor(runtime),
        ),
      );
      runtime.stdout(`updated account ${describe(updated)}\n`);
    });

  accounts
    .command('remove')
    .description(
      'delete an account: revokes an OAuth connection at HeyGen and removes its webhook endpoint first',
    )
    .argument('<name>', 'account name')
    .option(
      '--no-revoke',
      'do not contact HeyGen (revoke nothing, keep the webhook endpoint); remove locally',
    )
    .action(async (name: string, options: { revoke: boolean }) => {
      const removed = await withGateway(runtime, (gateway) =>
        gateway.accounts.remove(name, { revoke: options.revoke }, cliActor(runtime)),
      );
      const revocation = {
        revoked: 'its OAuth tokens were revoked at HeyGen',
        skipped: 'nothing was revoked at HeyGen (--no-revoke)',
        not_revocable: "HeyGen cannot revoke API keys through its API: delete the key in HeyGen's settings",
      }[removed.revocation];
      runtime.stdout(`removed account ${name}; ${revocation}\n`);
    });
}
