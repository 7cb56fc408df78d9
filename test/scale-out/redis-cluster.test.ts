import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClientFactory } from '../../src/gateway/account-manager.ts';
import type { Gateway } from '../../src/gateway/gateway.ts';
import { createHeyGenClient } from '../../src/heygen/client.ts';
import { redisTestTarget } from '../../src/gateway/router/redis-test-target.ts';
import { storeTestTargets } from '../../src/store/store-test-targets.ts';
import { openRedisCluster, type RedisCluster } from '../../src/surfaces/http/redis-cluster.ts';
import { createGatewayFixture, type GatewayFixture } from '../gateway/gateway-fixture.ts';

/**
 * Two gateway processes on one database and one Redis (issue 17): a webhook event received by one ends a job
 * wait held by the other at once, and an MCP session recorded by one is found by the other. The gateways are
 * in this test process (so the wait can be held deterministically); what connects them is only the real
 * Postgres (or SQLite) store and real Redis pub/sub, as between two `heygate serve` processes.
 */
const redis = await redisTestTarget();
const postgres = (await storeTestTargets()).find((target) => target.name === 'postgres')!;
const reason = !redis.enabled ? redis.reason : !postgres.enabled ? postgres.reason : undefined;
if (reason) process.stdout.write(`redis-cluster suite skipped: ${reason}\n`);

let fixture: GatewayFixture | undefined;
const clusters: RedisCluster[] = [];
afterEach(async () => {
  for (const cluster of clusters.splice(0)) await cluster.close();
  await fixture?.cleanup();
  fixture = undefined;
});

describe.skipIf(reason !== undefined)('several gateway processes through Redis', () => {
  it('ends a wait held by one process when another receives the webhook event', async () => {
    // The wait never polls again by itself (its sleep is held): only a wake-up can end it.
    const factory: ClientFactory = (account) =>
      createHeyGenClient({
        apiKey: account.apiKey,
        baseUrl: fixture!.heygen.started.baseUrl,
        fetch: fixture!.heygen.fetch,
        retry: { maxAttempts: 1 },
        env: {},
        clock: fixture!.heygen.started.emulator.clock,
        sleep: (_ms, signal) =>
          new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve(), { once: true })),
      });
    fixture = await createGatewayFixture(postgres, { extra: { clientFactory: factory } });
    const holder = fixture.gateway;
    const receiver = await fixture.reopen({ clientFactory: factory });
    const prefix = `heygate-test-${randomUUID()}:`;
    for (const gateway of [holder, receiver]) {
      clusters.push(await openRedisCluster({ gateway, url: redis.url, prefix, sessionTtlMs: 60_000 }));
    }

    const statuses: string[] = [];
    const avatarId = fixture.heygen.started.emulator.inspect.library().avatarId;
    const waiting = holder.execute({
      tool: 'video_create',
      input: { type: 'avatar', avatar_id: avatarId, script: 'Woken from another process.' },
      surface: 'library',
      wait: { timeoutMs: 60_000 },
      onProgress: (progress) => statuses.push(progress.status ?? ''),
    });
    await eventually(() => statuses.length > 0 || undefined);
    const listed = await receiver.execute({ tool: 'video_list', input: {}, surface: 'library' });
    const videoId = (listed.ok && (listed.data as { data: { id: string }[] }).data[0]?.id) as string;
    expect(videoId).toEqual(expect.any(String));
    fixture.heygen.started.advance(30 * 60_000);

    // As the webhook route of the receiving process does for a verified `avatar_video.success` event.
    const woken = Date.now();
    expect(receiver.wakeJob('default', 'video', videoId)).toBe(false);
    const result = await waiting;
    expect(result.ok).toBe(true);
    expect(Date.now() - woken).toBeLessThan(5_000);
    expect(result.ok && result.data).toMatchObject({ status: 'completed' });
  });

  it('shares MCP sessions: a session one process saved is loaded, kept alive and removed by another', async () => {
    fixture = await createGatewayFixture(postgres);
    const other = await fixture.reopen();
    const prefix = `heygate-test-${randomUUID()}:`;
    const first = await openRedisCluster({
      gateway: fixture.gateway,
      url: redis.url,
      prefix,
      sessionTtlMs: 2_000,
    });
    const second = await openRedisCluster({ gateway: other, url: redis.url, prefix, sessionTtlMs: 2_000 });
    clusters.push(first, second);
    const record = {
      tokenDigest: 'ab'.repeat(32),
      initialize: { jsonrpc: '2.0', id: 0, method: 'initialize' },
    };
    await first.mcpSessions.save('s-1', record);
    expect(await second.mcpSessions.load('s-1')).toEqual(record);
    expect(await second.mcpSessions.load('s-unknown')).toBeUndefined();

    const direct = new Redis(redis.url);
    try {
      const key = `${prefix}cluster:mcp-session:s-1`;
      await direct.pexpire(key, 500);
      await second.mcpSessions.touch('s-1');
      expect(await direct.pttl(key)).toBeGreaterThan(1_000);
      await second.mcpSessions.remove('s-1');
      expect(await first.mcpSessions.load('s-1')).toBeUndefined();
    } finally {
      direct.disconnect();
    }
  });

  it('knows which processes are up, and passes cancellations to the other processes', async () => {
    fixture = await createGatewayFixture(postgres);
    const prefix = `heygate-test-${randomUUID()}:`;
    const open = async (gateway: Gateway) => {
      const cluster = await openRedisCluster({ gateway, url: redis.url, prefix, sessionTtlMs: 60_000 });
      clusters.push(cluster);
      return cluster;
    };
    const first = await open(fixture.gateway);
    const second = await open(await fixture.reopen());
    expect(first.taskPeers.id).not.toBe(second.taskPeers.id);
    expect(await first.taskPeers.alive(second.taskPeers.id)).toBe(true);
    expect(await first.taskPeers.alive('cluster-00000000-0000-0000-0000-000000000000')).toBe(false);
    // A runner that is not a cluster process (`heygate mcp` on the same database) is never declared gone.
    expect(await first.taskPeers.alive('3f2b0c1e-runner-of-heygate-mcp')).toBe(true);

    const tasksCancelled: string[] = [];
    const requestsCancelled: [string, unknown][] = [];
    const task = new Promise<void>((resolve) =>
      first.taskPeers.onCancelled((id) => resolve(void tasksCancelled.push(id))),
    );
    const request = new Promise<void>((resolve) =>
      first.mcpSessions.onCancel!((session, notification) =>
        resolve(void requestsCancelled.push([session, notification])),
      ),
    );
    second.taskPeers.onCancelled((id) => tasksCancelled.push(`echo ${id}`));
    const notification = { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 7 } };
    second.taskPeers.cancelled('task-1');
    second.mcpSessions.cancel!('session-1', notification);
    await Promise.all([task, request]);
    expect(tasksCancelled).toEqual(['task-1']);
    expect(requestsCancelled).toEqual([['session-1', notification]]);

    // A process that closes is gone at once (one killed outright is gone once its presence expires).
    const id = second.taskPeers.id;
    await clusters.pop()!.close();
    expect(await first.taskPeers.alive(id)).toBe(false);
  });
});

/** Polls until `probe` returns a value (the emulator and the wait run in this process: milliseconds). */
async function eventually<T>(probe: () => T | undefined | false): Promise<T> {
  for (let attempt = 0; attempt < 500; attempt += 1) {
    const value = probe();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition never held');
}
