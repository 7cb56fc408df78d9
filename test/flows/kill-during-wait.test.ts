import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { openFlows } from '../../src/flows/open-flows.ts';
import { openGateway } from '../../src/gateway/open-gateway.ts';
import { redisTestTarget } from '../../src/gateway/router/redis-test-target.ts';
import { startEmulator } from '../../src/test/index.ts';
import { generateMasterKey } from '../../src/vault/master-key.ts';
import { until } from './flow-harness.ts';
import { startLocalReceiver } from './local-receiver.ts';

/**
 * Done-when of issue 15: kill -9 a `heygate serve` while a flow waits for its render, start it again, and the
 * run finishes without a second render — on both engines. HeyGen is a standalone emulator on a socket that
 * outlives the gateway (its clock moves only when the test says), reached through a stored account, so the
 * router's idempotency ledger is in the store like in production (sandbox keeps it in memory, ADR 0012).
 */
const redis = await redisTestTarget();
const bin = join(import.meta.dirname, '..', '..', 'bin', 'heygate.js');

function nodeCommand(): [string, string[]] {
  return Number(process.versions.node.split('.')[0]) >= 24
    ? [process.execPath, [bin]]
    : ['npx', ['node', bin]];
}

/** Starts `heygate serve` and resolves once it listens. */
async function serve(env: Record<string, string>): Promise<ChildProcess> {
  const [command, args] = nodeCommand();
  const child = spawn(command, [...args, 'serve', '--port', '0'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`serve exited (${code}): ${stderr}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.includes('listening on')) resolve();
    });
  });
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

const engines = [
  { name: 'embedded', enabled: true, reason: undefined as string | undefined },
  { name: 'bullmq', enabled: redis.enabled, reason: redis.reason },
];

for (const engine of engines) {
  describe.runIf(engine.enabled)(
    `kill -9 during a render wait on the ${engine.name} engine${engine.reason ? ` [${engine.reason}]` : ''}`,
    () => {
      it('resumes the run after a restart and finishes without a second render', async () => {
        const home = mkdtempSync(join(tmpdir(), 'heygate-flow-kill-'));
        const heygen = await startEmulator({ listen: true, keys: ['hg-flow-kill-key-0001'] });
        const receiver = await startLocalReceiver();
        const prefix = redis.prefix().replace(/:$/, '');
        const env: Record<string, string> = {
          HEYGATE_HOME: home,
          HEYGATE_MASTER_KEY: generateMasterKey().key.toString('base64'),
          HEYGEN_API_KEY: '',
          HEYGATE_FLOW_LEASE_MS: '1500',
          HEYGATE_FLOW_POLL_MS: '100',
          HEYGATE_FLOW_HTTP_ALLOW: receiver.allowEntry,
          HEYGATE_REDIS_URL: engine.name === 'bullmq' ? redis.url : '',
          HEYGATE_FLOW_QUEUE_PREFIX: prefix,
        };
        const opened = await openGateway({ env });
        const flows = openFlows({ gateway: opened.gateway, env, execute: false });
        let child: ChildProcess | undefined;
        try {
          await opened.gateway.accounts.add('default', heygen.apiKey, { baseUrl: heygen.baseUrl });
          const { avatarId, voiceId } = heygen.emulator.inspect.library();
          await flows.service.save(
            {
              name: 'render-and-post',
              trigger: { manual: true },
              steps: [
                {
                  id: 'render',
                  tool: 'video_create',
                  input: {
                    type: 'avatar',
                    avatar_id: avatarId,
                    voice_id: voiceId,
                    script: 'Survive a restart',
                  },
                  wait: true,
                },
                {
                  id: 'post',
                  http: { url: `${receiver.url}/cms`, body: { url: '{{ steps.render.video_url }}' } },
                },
              ],
            },
            { kind: 'operator' },
          );
          const { id } = await flows.service.start('render-and-post', { kind: 'operator' });

          child = await serve(env);
          await until(
            async () =>
              (await flows.flowStore.listSteps(id)).find(
                (step) => step.key === 'render' && step.status === 'waiting',
              ),
            'the render wait',
          );
          await kill(child);
          child = undefined;
          expect(heygen.emulator.inspect.renders()).toBe(1);

          heygen.advance(120_000); // the render finishes while no gateway runs
          child = await serve(env);
          const run = await until(async () => {
            const current = await flows.flowStore.getRun(id);
            return current && current.status !== 'running' && current.status !== 'queued'
              ? current
              : undefined;
          }, 'the resumed run');

          expect(run.status).toBe('succeeded');
          expect(run.claims).toBe(2);
          expect(heygen.emulator.inspect.renders()).toBe(1);
          const steps = await flows.flowStore.listSteps(id);
          const video = JSON.parse(steps.find((step) => step.key === 'render')!.output!) as {
            id: string;
            video_url: string;
          };
          expect(receiver.received.map((request) => request.body)).toEqual([{ url: video.video_url }]);
        } finally {
          if (child) await kill(child);
          await flows.close();
          await opened.close();
          await receiver.close();
          await heygen.close();
          if (engine.name === 'bullmq') await redis.cleanup(prefix);
          rmSync(home, { recursive: true, force: true });
        }
      }, 90_000);
    },
  );
}
