import type { Command } from 'commander';
import { InvalidInputError } from '../../../catalog/errors.ts';
import type { WebhookStatus } from '../../../gateway/webhook-manager.ts';
import type { CliRuntime } from '../cli-runtime.ts';
import { parseDuration } from '../parse-duration.ts';
import { cliActor, table, withGateway } from './with-gateway.ts';

function describe(status: WebhookStatus): string {
  return (
    `${status.account}: endpoint ${status.endpointId} → ${status.url} (${status.events.length} event types, ` +
    `secret from ${status.rotatedAt}${status.previousSecretUntil ? `, previous accepted until ${status.previousSecretUntil}` : ''})`
  );
}

/**
 * `heygate webhooks setup|rotate|status|remove`: each HeyGen account's webhook endpoint, registered for heygate's
 * receiver (`/webhooks/heygen/<account>` of `heygate serve`), with its signing secret in the vault (ADR 0032).
 */
export function registerWebhooksCommand(program: Command, runtime: CliRuntime): void {
  const webhooks = program
    .command('webhooks')
    .description("per-account webhook endpoints at HeyGen for heygate's receiver; secrets in the vault");

  webhooks
    .command('setup')
    .description(
      "register heygate's receiver with the account at HeyGen for the events heygate waits on, and store the " +
        "endpoint's signing secret; running it again updates the endpoint",
    )
    .argument('<account>', 'account name')
    .option(
      '--public-url <url>',
      'where HeyGen reaches `heygate serve`, e.g. https://gateway.example.com (default $HEYGATE_PUBLIC_URL)',
    )
    .option('--events <types>', 'comma-separated event types (default: those heygate waits on)')
    .option('--json', 'print JSON')
    .action(async (account: string, options: { publicUrl?: string; events?: string; json?: boolean }) => {
      const publicUrl = options.publicUrl ?? runtime.env.HEYGATE_PUBLIC_URL;
      if (!publicUrl) {
        throw new InvalidInputError('cli', [
          {
            field: '--public-url',
            expected: 'the URL HeyGen reaches this gateway at',
            message: '--public-url is required (or set HEYGATE_PUBLIC_URL).',
          },
        ]);
      }
      const events = options.events
        ?.split(',')
        .map((event) => event.trim())
        .filter(Boolean);
      const status = await withGateway(runtime, (gateway) =>
        gateway.webhooks.setup(account, { publicUrl, ...(events ? { events } : {}) }, cliActor(runtime)),
      );
      runtime.stdout(options.json ? `${JSON.stringify(status)}\n` : `set up ${describe(status)}\n`);
    });

  webhooks
    .command('rotate')
    .description(
      "rotate the endpoint's signing secret at HeyGen; the old one is still accepted for --overlap, for " +
        'deliveries already in flight',
    )
    .argument('<account>', 'account name')
    .option('--overlap <duration>', 'how long the old secret is still accepted', '15m')
    .option('--json', 'print JSON')
    .action(async (account: string, options: { overlap: string; json?: boolean }) => {
      const overlapMs = parseDuration(options.overlap, '--overlap') as number;
      const status = await withGateway(runtime, (gateway) =>
        gateway.webhooks.rotate(account, { overlapMs }, cliActor(runtime)),
      );
      runtime.stdout(options.json ? `${JSON.stringify(status)}\n` : `rotated ${describe(status)}\n`);
    });

  webhooks
    .command('status')
    .description('endpoints set up by heygate (never a secret)')
    .argument('[account]', 'one account (default: all)')
    .option('--json', 'print JSON')
    .action(async (account: string | undefined, options: { json?: boolean }) => {
      const list = await withGateway(runtime, (gateway) => gateway.webhooks.status(account));
      if (options.json) {
        runtime.stdout(`${JSON.stringify(list, null, 2)}\n`);
        return;
      }
      if (list.length === 0) {
        runtime.stdout('no webhook endpoints set up (`heygate webhooks setup ACCOUNT --public-url URL`)\n');
        return;
      }
      runtime.stdout(
        table([
          ['ACCOUNT', 'ENDPOINT', 'URL', 'EVENTS', 'SECRET FROM', 'PREVIOUS UNTIL'],
          ...list.map((status) => [
            status.account,
            status.endpointId,
            status.url,
            String(status.events.length),
            status.rotatedAt,
            status.previousSecretUntil ?? '-',
          ]),
        ]),
      );
    });

  webhooks
    .command('remove')
    .description("delete the account's endpoint at HeyGen and its secrets here")
    .argument('<account>', 'account name')
    .action(async (account: string) => {
      const removed = await withGateway(runtime, (gateway) =>
        gateway.webhooks.remove(account, {}, cliActor(runtime)),
      );
      runtime.stdout(
        removed.deleted
          ? `removed the webhook endpoint of ${account}\n`
          : `${account} had no webhook endpoint\n`,
      );
    });
}
