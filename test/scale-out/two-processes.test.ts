import { type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, describe, expect, it } from 'vitest';
import { redisTestTarget } from '../../src/gateway/router/redis-test-target.ts';
import { storeTestTargets } from '../../src/store/store-test-targets.ts';
import { startHeygate, startServeCluster, type ServeCluster } from './serve-cluster.ts';

/**
 * Issue 17's acceptance test: two real `heygate serve` processes on one Postgres and one Redis, behind a small
 * proxy that alternates between them, against one HeyGen (the emulator as its own process). An MCP session
 * lists and calls tools across both; a burst of calls and paid creates survives `kill -9` of one process with no
 * audit record lost (the chain verifies, every answered call is recorded) and no duplicate render; a persona
 * revoked by another process is refused on its next call.
 */
const redis = await redisTestTarget();
const database = (await storeTestTargets()).find((target) => target.name === 'postgres')!;
const databaseUrl = process.env.HEYGATE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const reason = !redis.enabled ? redis.reason : !database.enabled ? database.reason : undefined;
if (reason) process.stdout.write(`two-processes suite skipped: ${reason}\n`);

const children: ChildProcess[] = [];
let cluster: ServeCluster | undefined;
const home = mkdtempSync(join(tmpdir(), 'heygate-two-'));
afterAll(async () => {
  await cluster?.close();
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(home, { recursive: true, force: true });
});

const apiKey = 'hg-two-processes-key-01';

describe.skipIf(reason !== undefined)('two heygate serve processes on Postgres and Redis', () => {
  it('continue one MCP session, keep every audit record through kill -9, render each video once, and refuse a persona revoked elsewhere on its next call', async () => {
    const emulator = await startHeygate(
      [
        'emulator',
        '--port',
        '0',
        '--keys',
        apiKey,
        '--render-seconds',
        '1',
        '--concurrent-jobs',
        '100',
        '--credits',
        '100000',
      ],
      { ...process.env, HEYGATE_HOME: home } as Record<string, string>,
      /listening on (http:\/\/\S+)/,
      children,
    );
    cluster = await startServeCluster({
      databaseUrl,
      redis,
      heygen: { baseUrl: emulator.match[1]!, apiKey },
    });
    const { proxy, base, token, servers, schema } = cluster;

    // One MCP session, its requests spread over both processes by the proxy.
    const client = new Client({ name: 'two-processes', version: '0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${base}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    const before = [...proxy.hits];
    for (let round = 0; round < 3; round += 1) {
      const names = (await client.listTools()).tools.map((tool) => tool.name);
      expect(names).toContain('user_me_get');
      const me = await client.callTool({ name: 'user_me_get', arguments: {} });
      expect(me.isError).toBeFalsy();
    }
    expect(proxy.hits.every((count, index) => count - before[index]! >= 2)).toBe(true);
    await client.close();

    // A burst of reads and paid creates; one process dies mid-burst.
    let answers = 0;
    const call = async (tool: string, body: unknown): Promise<{ status: number; body: unknown }> => {
      try {
        const response = await fetch(`${base}/v1/tools/${tool}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        return { status: response.status, body: await response.json().catch(() => null) };
      } catch {
        return { status: 0, body: null };
      } finally {
        // One process dies once 20 answers are in: mid-burst, whatever the machine's speed.
        if ((answers += 1) === 20) void servers[1]!.kill();
      }
    };
    const looks = (await call('avatar_look_list', { input: { limit: 1 } })).body as {
      data: { data: { id: string }[] };
    };
    const look = looks.data.data[0]!.id;
    const create = (index: number) =>
      call('video_create', {
        input: { type: 'avatar', avatar_id: look, script: `Two processes, video ${index}.` },
        idempotency_key: `two-processes-${schema}-${index}`,
      });
    const reads = Array.from({ length: 120 }, () => call('user_me_get', { input: {} }));
    const creates = Array.from({ length: 12 }, (_, index) => create(index));
    const answered = await Promise.all([...reads, ...creates]);
    const okReads = answered.slice(0, 120).filter((answer) => answer.status === 200).length;
    expect(okReads).toBeGreaterThan(20);
    // The kill cut calls short: the proxy answered 502, or the connection broke.
    expect(answered.filter((answer) => answer.status === 0 || answer.status === 502).length).toBeGreaterThan(
      0,
    );

    // The agent retries what failed; the survivor answers (the same key: HeyGen's job, not a new one).
    const survivor = `http://127.0.0.1:${servers[0]!.match[1]}`;
    const videoIds = new Set<string>();
    for (let index = 0; index < 12; index += 1) {
      let answer = answered[120 + index]!;
      for (let attempt = 0; answer.status !== 200 && attempt < 10; attempt += 1) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 500));
        answer = await fetch(`${survivor}/v1/tools/video_create`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            input: { type: 'avatar', avatar_id: look, script: `Two processes, video ${index}.` },
            idempotency_key: `two-processes-${schema}-${index}`,
          }),
        }).then(async (response) => ({ status: response.status, body: (await response.json()) as unknown }));
      }
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      videoIds.add((answer.body as { data: { video_id?: string; id?: string } }).data.video_id ?? '');
    }
    expect(videoIds.size).toBe(12);

    // HeyGen rendered each video once.
    const listed = await fetch(`${survivor}/v1/tools/video_list`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      // `full`: twelve finished videos (with their URLs) exceed the size a result is cut to for a context window.
      body: JSON.stringify({ input: { limit: 100, full: true } }),
    }).then((response) => response.json() as Promise<{ data: { data: { id: string }[] } }>);
    expect(listed.data.data.map((video) => video.id).sort()).toEqual([...videoIds].sort());

    // No audit record lost: the chain verifies and holds at least every answered read.
    const verified = await cluster.run(['audit', 'verify']);
    expect(verified).toMatch(/ok|verified/i);
    const page = JSON.parse(
      await cluster.run(['audit', '--tool', 'user_me_get', '--outcome', 'ok', '--limit', '1000', '--json']),
    ) as { records: unknown[] };
    const okRecords = page.records.length;
    expect(okRecords).toBeGreaterThanOrEqual(okReads + 3);

    // Revoked by another process (the CLI), the persona is refused by the survivor on its very next call, though
    // the survivor had served it from memory a moment before (ADR 0060).
    const me = () =>
      fetch(`${survivor}/v1/tools/user_me_get`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ input: {} }),
      });
    expect((await me()).status).toBe(200);
    await cluster.run(['personas', 'revoke', 'agent']);
    const refused = await me();
    expect(await refused.json()).toMatchObject({ code: 'persona_revoked' });
  }, 120_000);
});
