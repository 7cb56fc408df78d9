import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storeTestTargets } from '../../src/store/store-test-targets.ts';
import { verifyAuditChain } from '../../src/store/verify-audit-chain.ts';
import { startEmulator } from '../../src/test/index.ts';
import { spawnGatewayChild } from '../gateway/spawn-gateway-child.ts';

/**
 * kill -9 after the send (issue 10, ADR 0017): a gateway process sends a paid create, HeyGen takes it (and
 * charges it), and the process dies before it sees the answer. The audit chain still holds the call — its
 * intent, appended before the send, with the Idempotency-Key HeyGen saw — and `audit verify` passes and names
 * it as a call whose outcome was never recorded.
 */

const targets = await storeTestTargets();
const child = join(import.meta.dirname, 'fixtures', 'paid-create-child.ts');

for (const target of targets) {
  describe.runIf(target.enabled)(
    `kill -9 after a paid create was sent, on ${target.name}${target.reason ? ` [${target.reason}]` : ''}`,
    () => {
      it('leaves a verifiable record of the paid call', async () => {
        const apiKey = 'hg-kill-after-send-0001';
        // HeyGen processes the create (state and credits change) and then never answers.
        const heygen = await startEmulator({
          keys: [apiKey],
          listen: true,
          faults: 'timeout-after@/v3/videos',
        });
        const fixture = await target.create();
        const home = mkdtempSync(join(tmpdir(), 'heygate-kill-'));
        const library = heygen.emulator.inspect.library();
        const input = {
          type: 'avatar',
          avatar_id: library.avatarId,
          voice_id: library.voiceId,
          script: 'Killed.',
        };
        try {
          const process_ = spawnGatewayChild(child, {
            home,
            storeEnv: fixture.env,
            apiKey,
            env: { HEYGATE_TEST_HEYGEN_URL: heygen.baseUrl, HEYGATE_TEST_INPUT: JSON.stringify(input) },
          });
          let output = '';
          process_.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
          process_.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
          const exited = new Promise<NodeJS.Signals | null>((resolve) =>
            process_.on('exit', (_code, signal) => resolve(signal)),
          );
          // Wait until HeyGen has processed the create, then kill the gateway before it can record the answer.
          const deadline = Date.now() + 60_000;
          while (heygen.emulator.inspect.renders() === 0) {
            if (Date.now() > deadline || process_.exitCode !== null) throw new Error(`child: ${output}`);
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
          process_.kill('SIGKILL');
          expect(await exited).toBe('SIGKILL');
          expect(output).not.toContain('answered');

          const store = await fixture.reopen();
          const report = await verifyAuditChain(store);
          expect(report.problems).toEqual([]);
          expect(report.ok).toBe(true);
          const records = (await store.queryAudit({ order: 'asc' })).records;
          expect(records).toEqual([
            expect.objectContaining({
              kind: 'intent',
              outcome: 'pending',
              tool: 'video_create',
              account: 'default',
              prompt: 'paid create killed after the send',
            }),
          ]);
          expect(JSON.parse(records[0]!.arguments!)).toMatchObject({ script: 'Killed.' });
          const sent = heygen.emulator.inspect.requests({ tool: 'video_create' });
          expect(sent).toHaveLength(1);
          expect(JSON.parse(records[0]!.context!)).toEqual({ idempotency_key: sent[0]!.idempotencyKey });
          expect(report.openIntents).toEqual([records[0]!.seq]);
        } finally {
          await fixture.cleanup();
          await heygen.close();
          rmSync(home, { recursive: true, force: true });
        }
      });
    },
  );
}
