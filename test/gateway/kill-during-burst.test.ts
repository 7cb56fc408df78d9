import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { storeTestTargets } from '../../src/store/store-test-targets.ts';
import { verifyAuditChain } from '../../src/store/verify-audit-chain.ts';
import { spawnGatewayChild } from './spawn-gateway-child.ts';

const targets = await storeTestTargets();
const child = join(import.meta.dirname, 'fixtures', 'audit-burst-child.ts');

for (const target of targets) {
  describe.runIf(target.enabled)(
    `kill -9 during a burst on ${target.name}${target.reason ? ` [${target.reason}]` : ''}`,
    () => {
      it('loses no audit record the child saw committed, and the chain still verifies', async () => {
        const fixture = await target.create();
        const home = mkdtempSync(join(tmpdir(), 'heygate-burst-'));
        try {
          const process_ = spawnGatewayChild(child, {
            home,
            storeEnv: fixture.env,
            apiKey: 'hg-burst-test-key-0001',
          });
          let stderr = '';
          process_.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
          const committed: number[] = [];
          const exited = new Promise<NodeJS.Signals | null>((resolve) =>
            process_.on('exit', (_code, signal) => resolve(signal)),
          );
          const lines = createInterface({ input: process_.stdout });
          await new Promise<void>((resolve, reject) => {
            process_.on('exit', () => reject(new Error(`child exited early: ${stderr}`)));
            lines.on('line', (line) => {
              const match = /^committed (\d+)$/.exec(line);
              if (!match) return;
              committed.push(Number(match[1]));
              // Kill mid-burst, well after the first calls, while it is writing.
              if (committed.length === 300) {
                process_.kill('SIGKILL');
                resolve();
              }
            });
          });
          expect(await exited).toBe('SIGKILL');

          const store = await fixture.reopen();
          const report = await verifyAuditChain(store);
          expect(report.problems).toEqual([]);
          expect(report.ok).toBe(true);
          const prompts = new Set<string>();
          let cursor: string | undefined;
          do {
            const page = await store.queryAudit({ order: 'asc', limit: 1000, ...(cursor ? { cursor } : {}) });
            for (const record of page.records) prompts.add(record.prompt ?? '');
            cursor = page.nextCursor;
          } while (cursor);
          const missing = committed.filter((index) => !prompts.has(`burst-${index}`));
          expect(missing).toEqual([]);
          expect(report.records).toBeGreaterThanOrEqual(committed.length);
        } finally {
          await fixture.cleanup();
          rmSync(home, { recursive: true, force: true });
        }
      });
    },
  );
}
