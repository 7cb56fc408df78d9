import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHeyGen } from '../../../../test/gateway/gateway-fixture.ts';
import type { TestHeyGen } from '../../../../test/gateway/gateway-fixture.ts';
import { openGateway } from '../../../gateway/open-gateway.ts';
import { storeTestTargets } from '../../../store/store-test-targets.ts';
import type { StoreFixture } from '../../../store/store-test-targets.ts';
import { createCliRuntime } from '../cli-runtime.ts';
import { exitCodes } from '../exit-codes.ts';
import { main } from '../main.ts';

const targets = await storeTestTargets();
const keys = {
  default: 'hg-cli-default-key-0001',
  work: 'hg-cli-work-key-0002',
  next: 'hg-cli-work-key-0003',
};

for (const target of targets) {
  describe.runIf(target.enabled)(
    `accounts, personas, audit and vault commands on ${target.name}${target.reason ? ` [${target.reason}]` : ''}`,
    () => {
      let heygen: TestHeyGen;
      let server: { url: string };
      let fixture: StoreFixture;
      let home: string;
      let env: Record<string, string>;

      beforeAll(async () => {
        // Commands use the global fetch, so the emulator listens on a loopback port.
        heygen = await startTestHeyGen({ keys: Object.values(keys), listen: true });
        server = { url: heygen.started.baseUrl };
        fixture = await target.create();
        home = mkdtempSync(join(tmpdir(), 'heygate-cli-'));
        env = {
          HEYGATE_HOME: home,
          ...fixture.env,
          HEYGEN_API_KEY: keys.default,
          HEYGEN_BASE_URL: server.url,
        };
      });
      afterAll(async () => {
        await heygen.close();
        await fixture.cleanup();
        rmSync(home, { recursive: true, force: true });
      });

      async function run(argv: string[], stdin = '') {
        let stdout = '';
        let stderr = '';
        const runtime = createCliRuntime({
          stdout: (text) => (stdout += text),
          stderr: (text) => (stderr += text),
          env,
          interactive: false,
          readStdin: async () => stdin,
        });
        const code = await main(argv, runtime);
        return { code, stdout, stderr };
      }

      it('adds an account from stdin after verifying it, lists it without the key, and refuses bad keys', async () => {
        const added = await run(
          ['accounts', 'add', 'work', '--billing-pool', 'plan', '--base-url', server.url],
          `${keys.work}\n`,
        );
        expect(added).toMatchObject({ code: 0 });
        expect(added.stdout).toContain('added account work (API key, billing pool plan, health ok');
        const refused = await run(
          ['accounts', 'add', 'other', '--base-url', server.url],
          'hg-not-a-valid-key-999\n',
        );
        // HeyGen refused the key (401): exit 3, as docs/cli.md says.
        expect(refused.code).toBe(exitCodes.auth);
        expect(refused.stderr).toContain('did not accept the key for account "other"');
        const empty = await run(['accounts', 'add', 'empty']);
        expect(empty.code).toBe(exitCodes.usage);
        expect(empty.stderr).toContain(
          'Standard input is empty; expected the HeyGen API key on one line (e.g. `… < key.txt`), or use --from-env VAR.',
        );
        expect((await run(['accounts', 'add', 'envless', '--from-env', 'NOPE'])).stderr).toContain(
          'NOPE is not set',
        );

        const list = await run(['accounts', 'list', '--json']);
        const accounts = JSON.parse(list.stdout) as Array<{
          name: string;
          source: string;
          billingPool: string;
        }>;
        expect(accounts.map((account) => [account.name, account.source, account.billingPool])).toEqual([
          ['default', 'HEYGEN_API_KEY', 'api'],
          ['work', 'vault', 'plan'],
        ]);
        const verify = await run(['accounts', 'verify']);
        expect(verify.stdout).toMatch(/^default: ok \(user_\w+\)\nwork: ok \(user_\w+\)\n$/);

        env.ROTATED_KEY = keys.next;
        expect((await run(['accounts', 'rotate', 'work', '--from-env', 'ROTATED_KEY'])).code).toBe(0);
        expect((await run(['accounts', 'rotate', 'work'], 'hg-not-a-valid-key-999')).code).toBe(
          exitCodes.auth,
        );
        const before = heygen.requestsWith(keys.next);
        const opened = await openGateway({ env });
        try {
          await opened.gateway.execute({ tool: 'user_me_get', input: {}, surface: 'cli', account: 'work' });
        } finally {
          await opened.close();
        }
        expect(heygen.requestsWith(keys.next)).toBe(before + 1);
        for (const output of [added, refused, list, verify])
          expect(output.stdout + output.stderr).not.toMatch(/hg-cli-/);
      });

      it('creates a persona and prints its token once, as the last line; updates and revokes it', async () => {
        const created = await run([
          'personas',
          'create',
          'agent',
          '--allow',
          'read',
          'write+area:videos',
          '--accounts',
          'work',
          '--budget',
          '500',
        ]);
        expect(created.code).toBe(0);
        const lines = created.stdout.trimEnd().split('\n');
        const token = lines.at(-1)!;
        expect(token).toMatch(/^hg_[A-Za-z0-9_-]{43}$/);
        expect(lines.slice(0, -1).join('\n')).not.toContain(token);
        expect(created.stdout).toContain('scopes:   read write+area:videos');
        expect(created.stdout).toContain('budget:   $500 per month');

        expect((await run(['personas', 'create', 'typo', '--allow', 'area:vidoes'])).stderr).toContain(
          'unknown area "vidoes"',
        );
        const listed = await run(['personas', 'list']);
        expect(listed.stdout).toContain('agent');
        expect(listed.stdout + (await run(['personas', 'show', 'agent'])).stdout).not.toContain(token);

        const updated = await run([
          'personas',
          'update',
          'agent',
          '--add',
          'destructive',
          '--remove',
          'read',
          '--json',
        ]);
        expect(JSON.parse(updated.stdout)).toMatchObject({ scopes: ['write+area:videos', 'destructive'] });

        const opened = await openGateway({ env });
        try {
          // Allowed by its scopes, so it reaches HeyGen (which has no such video).
          const result = await opened.gateway.execute({
            tool: 'video_delete',
            input: { video_id: 'v1' },
            surface: 'cli',
            personaToken: token,
          });
          expect(result.ok).toBe(false);
          if (!result.ok) expect(result.error.code).toBe('not_found');
          expect((await run(['personas', 'revoke', 'agent'])).stdout).toContain('revoked persona agent');
          await expect(
            opened.gateway.execute({
              tool: 'video_delete',
              input: { video_id: 'v1' },
              surface: 'cli',
              personaToken: token,
            }),
          ).rejects.toThrow(/revoked/);
        } finally {
          await opened.close();
        }
      });

      it('queries the audit log with filters and pages, and verifies the chain', async () => {
        const all = JSON.parse((await run(['audit', '--json', '--limit', '1000'])).stdout) as {
          records: Array<{ seq: number; outcome: string; persona_name: string | null; arguments: unknown }>;
        };
        expect(all.records.length).toBeGreaterThanOrEqual(3);
        const denied = JSON.parse(
          (await run(['audit', '--outcome', 'denied', '--json'])).stdout,
        ) as typeof all;
        expect(denied.records.map((record) => record.persona_name)).toEqual(['agent']);
        // The allowed video_delete was announced (an intent) before it was sent; the revoked one was not.
        const byPersona = await run(['audit', '--persona', 'agent', '--jsonl']);
        expect(byPersona.stdout.trim().split('\n')).toHaveLength(3);
        const calls = await run(['audit', '--persona', 'agent', '--kind', 'call', '--jsonl']);
        expect(calls.stdout.trim().split('\n')).toHaveLength(2);
        const intents = await run(['audit', '--kind', 'intent', '--json']);
        expect(JSON.parse(intents.stdout).records).toMatchObject([
          { kind: 'intent', tool: 'video_delete', outcome: 'pending', persona_name: 'agent' },
        ]);
        const page = await run(['audit', '--limit', '1', '--since', '1h']);
        expect(page.stderr).toMatch(/more: heygate audit --cursor \d+/);
        expect((await run(['audit', '--outcome', 'maybe'])).code).toBe(exitCodes.usage);

        const verified = await run(['audit', 'verify']);
        expect(verified).toMatchObject({ code: 0 });
        expect(verified.stdout).toMatch(/^audit chain ok: \d+ records/);
        await fixture.raw(
          target.name === 'sqlite' ? 'DROP TRIGGER audit_no_update' : 'DROP TRIGGER audit_no_change ON audit',
        );
        await fixture.raw(`UPDATE audit SET prompt = 'forged' WHERE seq = 1`);
        const broken = await run(['audit', 'verify']);
        expect(broken.code).toBe(exitCodes.toolError);
        expect(broken.stdout).toContain('changed: record 1 was modified after it was written');
      });

      it('shows the vault and rotates its master key', async () => {
        const before = await run(['vault', 'status', '--json']);
        const status = JSON.parse(before.stdout) as {
          activeVersion: number;
          activeKeyId: string;
          keySource: string;
        };
        expect(status).toMatchObject({ activeVersion: 1, keySource: 'file' });
        const rotated = await run(['vault', 'rotate-master-key']);
        expect(rotated.code).toBe(0);
        expect(rotated.stdout).toMatch(
          /rotated the master key: [0-9a-f]{16} → [0-9a-f]{16} \(version 2\); 1 of 1 record/,
        );
        const after = JSON.parse((await run(['vault', 'status', '--json'])).stdout) as typeof status;
        expect(after.activeVersion).toBe(2);
        expect(after.activeKeyId).not.toBe(status.activeKeyId);
        expect((await run(['accounts', 'verify', 'work'])).stdout).toMatch(/^work: ok/);
      });
    },
  );
}
