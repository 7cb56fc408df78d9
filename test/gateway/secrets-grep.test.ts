import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openGateway } from '../../src/gateway/open-gateway.ts';
import { storeTestTargets } from '../../src/store/store-test-targets.ts';
import { createCliRuntime } from '../../src/surfaces/cli/cli-runtime.ts';
import { main } from '../../src/surfaces/cli/main.ts';
import { startTestHeyGen } from './gateway-fixture.ts';

const targets = await storeTestTargets();

for (const target of targets) {
  describe.runIf(target.enabled)(
    `secrets never leak (${target.name})${target.reason ? ` [${target.reason}]` : ''}`,
    () => {
      it('finds no API key, persona token or webhook secret in the database, the CLI output or the audit log', async () => {
        const keys = [
          'hg-grep-default-key-AAAA1111',
          'hg-grep-work-key-BBBB2222',
          'hg-grep-rotated-key-CCCC3333',
        ];
        const heygen = await startTestHeyGen({ keys, listen: true });
        const server = { url: heygen.started.baseUrl };
        let webhookSecret: string | undefined;
        const fixture = await target.create();
        const home = mkdtempSync(join(tmpdir(), 'heygate-grep-'));
        const env: Record<string, string> = {
          HEYGATE_HOME: home,
          ...fixture.env,
          HEYGEN_API_KEY: keys[0]!,
          HEYGEN_BASE_URL: server.url,
        };
        let output = '';
        const run = async (argv: string[], stdin = '') => {
          const runtime = createCliRuntime({
            stdout: (text) => (output += text),
            stderr: (text) => (output += text),
            env,
            interactive: false,
            readStdin: async () => stdin,
          });
          const code = await main(argv, runtime);
          return code;
        };
        const tokens: string[] = [];
        const lastLine = () => output.trimEnd().split('\n').at(-1)!;
        try {
          expect(await run(['accounts', 'add', 'work', '--base-url', server.url], keys[1]!)).toBe(0);
          await run(['accounts', 'add', 'wrong', '--base-url', server.url], 'hg-grep-wrong-key-EEEE5555');
          await run(['accounts', 'list']);
          await run(['accounts', 'verify']);
          expect(await run(['accounts', 'rotate', 'work'], keys[2]!)).toBe(0);
          expect(await run(['personas', 'create', 'agent', '--allow', 'read', 'write'])).toBe(0);
          tokens.push(lastLine());
          expect(await run(['personas', 'rotate-token', 'agent'])).toBe(0);
          tokens.push(lastLine());
          expect(await run(['personas', 'create', 'reader', '--json'])).toBe(0);
          tokens.push(lastLine());
          const captured = output;
          output = '';

          // Calls through the gateway as surfaces make them: ok, denied, bad token, revoked, with secrets in play.
          const opened = await openGateway({ env });
          try {
            const { gateway } = opened;
            await gateway.execute({
              tool: 'user_me_get',
              input: {},
              surface: 'mcp',
              personaToken: tokens[1],
            });
            await gateway.execute({
              tool: 'user_me_get',
              input: {},
              surface: 'mcp',
              personaToken: tokens[1],
              account: 'work',
            });
            const webhook = await gateway.execute({
              tool: 'webhook_endpoint_create',
              input: { url: 'https://example.com/hook', events: ['avatar_video.success'] },
              surface: 'mcp',
              personaToken: tokens[1],
              prompt: 'register the hook',
            });
            webhookSecret = webhook.ok ? (webhook.data as { secret: string }).secret : '';
            expect(webhookSecret).toMatch(/^whsec_/);
            await gateway
              .execute({
                tool: 'video_delete',
                input: { video_id: 'v' },
                surface: 'mcp',
                personaToken: tokens[2],
              })
              .catch(() => {});
            await gateway
              .execute({ tool: 'user_me_get', input: {}, surface: 'mcp', personaToken: tokens[0] })
              .catch(() => {});
            await gateway.execute({
              tool: 'user_me_get',
              input: { api_key: keys[0], note: `keys ${keys[0]} and ${keys[2]}` },
              surface: 'lua',
            });
            await gateway.personas.revoke('reader');
            await gateway
              .execute({ tool: 'user_me_get', input: {}, surface: 'mcp', personaToken: tokens[2] })
              .catch(() => {});
          } finally {
            await opened.close();
          }
          await run(['call', 'user_me_get', '--persona', tokens[1]!]);
          await run(['audit', '--json', '--limit', '1000']);
          await run(['audit', 'verify']);
          await run(['vault', 'rotate-master-key']);
          await run(['vault', 'status']);
          const auditOutput = output;

          const database = await fixture.dump();
          expect(database.length).toBeGreaterThan(1000);
          expect(auditOutput).toContain('register the hook');
          const secrets = [...keys, 'hg-grep-wrong-key-EEEE5555', ...tokens, webhookSecret!];
          expect(tokens.every((token) => /^hg_[A-Za-z0-9_-]{43}$/.test(token))).toBe(true);
          for (const secret of secrets) {
            expect(database.includes(secret), `database holds ${secret.slice(0, 12)}…`).toBe(false);
            expect(auditOutput.includes(secret), `audit output holds ${secret.slice(0, 12)}…`).toBe(false);
          }
          // The CLI printed each token exactly once (on creation) and never a key.
          for (const secret of [...keys, 'hg-grep-wrong-key-EEEE5555'])
            expect(captured.includes(secret)).toBe(false);
          for (const token of tokens) expect(captured.split(token).length - 1).toBe(1);
        } finally {
          await heygen.close();
          await fixture.cleanup();
          rmSync(home, { recursive: true, force: true });
        }
      });
    },
  );
}
