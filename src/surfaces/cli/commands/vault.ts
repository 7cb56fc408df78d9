import type { Command } from 'commander';
import { InvalidInputError } from '../../../catalog/errors.ts';
import type { RotationSubject } from '../../../gateway/credential-rotation.ts';
import { parseMasterKey } from '../../../vault/master-key.ts';
import type { CliRuntime } from '../cli-runtime.ts';
import { exitCodes } from '../exit-codes.ts';
import { formatDuration, parseDuration } from '../parse-duration.ts';
import { cliActor, readSecret, table, withGateway } from './with-gateway.ts';

interface ScheduleOptions {
  masterKey?: string;
  apiKeys?: string;
  webhookSecrets?: string;
  account?: string;
  json?: boolean;
}

/**
 * `heygate vault status|schedule|rotate-due|rotate-master-key`. Status shows the master key, an unfinished
 * rotation, and every credential with its schedule and what is due. Rotation re-wraps every record's data key
 * with a new master key (payloads are not re-encrypted); it records progress, so an interrupted run loses nothing
 * and the next run resumes (ADR 0006). Schedules and what heygate rotates by itself: ADR 0031.
 */
export function registerVaultCommand(program: Command, runtime: CliRuntime): void {
  const vault = program
    .command('vault')
    .description('the encrypted vault: master key, rotation schedules, what is due');

  vault
    .command('status')
    .description('master key, an unfinished rotation, and every credential with its schedule and what is due')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const { status, items } = await withGateway(runtime, async (gateway) => ({
        status: await gateway.vault.status(),
        items: await gateway.rotation.status(),
      }));
      if (options.json) {
        runtime.stdout(`${JSON.stringify({ ...status, rotation: items }, null, 2)}\n`);
        return;
      }
      runtime.stdout(
        `master key ${status.activeKeyId} (version ${status.activeVersion}, from ${status.keySource ?? 'unknown'})\n`,
      );
      if (status.pending) {
        runtime.stdout(
          `unfinished rotation to ${status.pending.keyId} (version ${status.pending.version}): ` +
            `${status.pending.rewrapped}/${status.pending.total} records re-wrapped; new key ${status.pending.keyLoaded ? 'loaded' : 'NOT loaded'} — ` +
            'run `heygate vault rotate-master-key` to finish\n',
        );
      }
      for (const [keyId, count] of Object.entries(status.recordsByKeyId))
        runtime.stdout(`  ${count} record(s) under ${keyId}\n`);
      runtime.stdout('\n');
      runtime.stdout(
        table([
          ['CREDENTIAL', 'NAME', 'STATE', 'LAST ROTATED', 'EVERY', 'DUE', 'AUTO', 'NEXT'],
          ...items.map((item) => [
            item.kind,
            item.name ?? '-',
            item.state.toUpperCase(),
            item.lastRotatedAt ?? '-',
            item.everyMs === null ? '-' : formatDuration(item.everyMs),
            item.dueAt ?? '-',
            item.automatic ? 'yes' : 'no',
            item.note,
          ]),
        ]),
      );
      const due = items.filter((item) => item.state !== 'ok');
      runtime.stdout(due.length === 0 ? 'nothing is due\n' : `${due.length} item(s) need attention\n`);
    });

  vault
    .command('schedule')
    .description(
      'set rotation schedules (a duration such as 90d, or none): the master key and webhook secrets are rotated ' +
        'automatically when due; API keys are reported as due (HeyGen mints them in its dashboard)',
    )
    .option('--master-key <duration>', 'rotate the master key this often')
    .option('--api-keys <duration>', 'rotate API keys this often')
    .option('--webhook-secrets <duration>', 'rotate webhook signing secrets this often')
    .option('--account <name>', 'apply --api-keys / --webhook-secrets to this account only')
    .option('--json', 'print the schedules as JSON')
    .action(async (options: ScheduleOptions) => {
      const changes: { subject: RotationSubject; everyMs: number | null }[] = [];
      if (options.masterKey !== undefined)
        changes.push({
          subject: 'master_key',
          everyMs: parseDuration(options.masterKey, '--master-key', true),
        });
      if (options.apiKeys !== undefined)
        changes.push({ subject: 'api_key', everyMs: parseDuration(options.apiKeys, '--api-keys', true) });
      if (options.webhookSecrets !== undefined) {
        changes.push({
          subject: 'webhook_secret',
          everyMs: parseDuration(options.webhookSecrets, '--webhook-secrets', true),
        });
      }
      if (options.account !== undefined && options.masterKey !== undefined) {
        throw new InvalidInputError('cli', [
          {
            field: '--account',
            expected: 'no --account with --master-key',
            message: 'The master key has no account.',
          },
        ]);
      }
      const policies = await withGateway(runtime, async (gateway) => {
        for (const change of changes) {
          await gateway.rotation.setPolicy(
            { ...change, ...(options.account ? { account: options.account } : {}) },
            cliActor(runtime),
          );
        }
        return gateway.rotation.policies();
      });
      if (options.json) {
        runtime.stdout(`${JSON.stringify(policies, null, 2)}\n`);
        return;
      }
      if (policies.length === 0) {
        runtime.stdout('no rotation schedules (set one, e.g. `heygate vault schedule --master-key 90d`)\n');
        return;
      }
      runtime.stdout(
        table([
          ['SUBJECT', 'ACCOUNT', 'EVERY'],
          ...policies.map((policy) => [
            policy.subject,
            policy.account ?? '(all)',
            formatDuration(policy.everyMs),
          ]),
        ]),
      );
    });

  vault
    .command('rotate-due')
    .description(
      'do what is due now: refresh OAuth tokens, verify staged API keys, rotate webhook secrets and (key file) ' +
        'the master key — what `heygate serve` does in the background; run it from cron without serve',
    )
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const actions = await withGateway(runtime, (gateway) => gateway.rotation.runDue(cliActor(runtime)));
      if (options.json) runtime.stdout(`${JSON.stringify(actions, null, 2)}\n`);
      else {
        const done = actions.filter((action) => action.outcome !== 'skipped');
        runtime.stdout(
          done.length === 0
            ? 'nothing was due\n'
            : done
                .map(
                  (action) =>
                    `${action.kind}${action.name ? ` ${action.name}` : ''}: ${action.outcome}${action.detail ? ` (${action.detail})` : ''}\n`,
                )
                .join(''),
        );
      }
      if (actions.some((action) => action.outcome === 'failed')) runtime.exitCode = exitCodes.toolError;
    });

  vault
    .command('rotate-master-key')
    .description('re-wrap every record with a new master key; resumes an interrupted rotation')
    .option(
      '--new-key-from-env <var>',
      'new key (base64/hex, 32 bytes) from this variable; required when HEYGATE_MASTER_KEY is used',
    )
    .option('--new-key-stdin', 'read the new key from standard input')
    .action(async (options: { newKeyFromEnv?: string; newKeyStdin?: boolean }) => {
      const text =
        options.newKeyFromEnv !== undefined || options.newKeyStdin
          ? await readSecret(runtime, options.newKeyFromEnv, 'the new master key')
          : undefined;
      const newKey = text === undefined ? undefined : parseMasterKey(text, options.newKeyFromEnv ?? 'stdin');
      const report = await withGateway(runtime, (gateway) =>
        gateway.rotation.rotateMasterKey(
          {
            ...(newKey ? { newKey } : {}),
            onRecordRewrapped: (progress) =>
              runtime.stderr(`re-wrapped ${progress.done}/${progress.total}\r`),
          },
          cliActor(runtime),
        ),
      );
      runtime.stderr('\n');
      runtime.stdout(
        `${report.resumed ? 'finished the interrupted rotation' : 'rotated the master key'}: ${report.fromKeyId} → ${report.toKeyId} ` +
          `(version ${report.version}); ${report.rewrapped} of ${report.total} record(s) re-wrapped in this run\n`,
      );
      if (report.envUpdateRequired) {
        runtime.stdout('now set HEYGATE_MASTER_KEY to the new key; the old key no longer opens any record\n');
      }
    });
}
