import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisHealthStore } from '../../src/gateway/router/index.ts';
import { redisTestTarget } from '../../src/gateway/router/redis-test-target.ts';
import { createRoutingHarness } from './routing-harness.ts';

const redis = await redisTestTarget();
const prefixes: string[] = [];

afterAll(async () => {
  if (redis.enabled) for (const prefix of prefixes) await redis.cleanup(prefix);
});

function newPrefix(): string {
  const prefix = redis.prefix();
  prefixes.push(prefix);
  return prefix;
}

/** Runs route-in-child.ts in a second Node process and returns its JSON line. */
function routeInChild(args: string[]): Promise<{
  ok: boolean;
  account: string;
  fallbackFrom?: string;
  attempts: { account: string; outcome: string; reason?: string }[];
}> {
  const child = fileURLToPath(new URL('./route-in-child.ts', import.meta.url));
  const [command, prefixArgs] =
    Number(process.versions.node.split('.')[0]) >= 24
      ? [process.execPath, [child]]
      : ['npx', ['node', child]];
  return new Promise((resolve, reject) => {
    const running = spawn(command as string, [...(prefixArgs as string[]), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    running.stdout.on('data', (chunk) => (stdout += chunk));
    running.stderr.on('data', (chunk) => (stderr += chunk));
    running.on('error', reject);
    running.on('close', (code) => {
      if (code !== 0) return reject(new Error(`child exited with ${code}: ${stderr}`));
      try {
        resolve(JSON.parse(stdout.trim().split('\n').pop() ?? ''));
      } catch (error) {
        reject(new Error(`child printed no JSON: ${stdout} ${stderr} (${String(error)})`));
      }
    });
  });
}

describe.runIf(redis.enabled)('cooldowns shared through Redis', () => {
  it('a 429 seen by one router instance keeps the other off the account, without a request to it', async () => {
    const prefix = newPrefix();
    const first = await createRoutingHarness({
      router: { health: createRedisHealthStore({ url: redis.url, prefix }) },
      inject: (request) =>
        request.account === 'one' && request.path === '/v3/voices' ? '429=30' : undefined,
    });
    // The second instance has its own memory, its own clients and its own Redis connection.
    const second = await createRoutingHarness({
      emulator: first.emulator,
      clock: first.clock,
      router: { health: createRedisHealthStore({ url: redis.url, prefix }) },
    });
    expect(await first.call('voice_list', {})).toMatchObject({
      ok: true,
      account: 'two',
      fallbackFrom: 'one',
    });
    const before = first.emulator.inspect.requests({ tool: 'voice_list' }).length;
    const result = await second.call('voice_list', {});
    expect(result).toMatchObject({ ok: true, account: 'two', fallbackFrom: 'one' });
    expect(result.attempts[0]).toEqual({
      account: 'one',
      outcome: 'skipped',
      reason: 'cooling_down',
      retryAfterMs: 30_000,
    });
    expect(first.emulator.inspect.requests({ tool: 'voice_list' })).toHaveLength(before + 1);
    // Reads of another class are not affected, and the cooldown ends for both at the same time.
    first.clock.advance(30_000);
    expect(await second.call('voice_list', {})).toMatchObject({ ok: true, account: 'one' });
    await second.close();
    await first.close();
  });

  it('a second gateway process sees the cooldown another process recorded', async () => {
    const prefix = newPrefix();
    const harness = await createRoutingHarness({
      router: { health: createRedisHealthStore({ url: redis.url, prefix }) },
      inject: (request) =>
        request.account === 'one' && request.path === '/v3/voices' ? '429=60' : undefined,
    });
    const { url } = await harness.emulator.listen(0);
    expect(await harness.call('voice_list', {})).toMatchObject({
      ok: true,
      account: 'two',
      fallbackFrom: 'one',
    });
    const sentToOne = harness.emulator.inspect.requests({ key: 'k1' }).length;
    const child = await routeInChild([url, redis.url, prefix, String(harness.clock.now())]);
    expect(child).toMatchObject({ ok: true, account: 'two', fallbackFrom: 'one' });
    expect(child.attempts[0]).toMatchObject({ account: 'one', outcome: 'skipped', reason: 'cooling_down' });
    expect(harness.emulator.inspect.requests({ key: 'k1' })).toHaveLength(sentToOne);
    expect(harness.emulator.inspect.requests({ key: 'k2', tool: 'voice_list' })).toHaveLength(2);
    await harness.close();
  });
});
