import type { Command } from 'commander';
import { parseMasterKey } from '../../../vault/master-key.ts';
import type { CliRuntime } from '../cli-runtime.ts';
import { readSecret, withGateway } from './with-gateway.ts';

/**
 * `heygate vault status|rotate-master-key`. Rotation re-wraps every record's data key with a new master key
 * (payloads are not re-encrypted); it records progress, so an interrupted run loses nothing and the next
 * run resumes (ADR 0006).
 */
export function registerVaultCommand(program: Command, runtime: CliRuntime): void {
  const vault = program.command('vault').description('the encrypted vault of account keys');

  vault
    .command('status')
    .description('active master key (fingerprint, version, source), an unfinished rotation, records per key')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const status = await withGateway(runtime, (gateway) => gateway.vault.status());
      if (options.json) {
        runtime.stdout(`${JSON.stringify(status, null, 2)}\n`);
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
        gateway.vault.rotateMasterKey({
          ...(newKey ? { newKey } : {}),
          onRecordRewrapped: (progress) => runtime.stderr(`re-wrapped ${progress.done}/${progress.total}\r`),
        }),
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
