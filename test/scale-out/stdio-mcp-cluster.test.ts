import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CreateTaskResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { redisTestTarget } from '../../src/gateway/router/redis-test-target.ts';

/**
 * `heygate mcp` over stdio beside `heygate serve` processes (ADR 0061): with `HEYGATE_REDIS_URL` it keeps a
 * presence key like a serve process, and its MCP tasks name it as their runner, so when it dies another process
 * takes them over as soon as the key expires (the takeover itself is tested in failover.test.ts and
 * mcp-tasks.test.ts). Without Redis its tasks wait for the 2-minute heartbeat rule.
 */
const redis = await redisTestTarget();
if (!redis.enabled) process.stdout.write(`stdio MCP cluster suite skipped: ${redis.reason}\n`);

const root = fileURLToPath(new URL('../..', import.meta.url));
const home = mkdtempSync(join(tmpdir(), 'heygate-stdio-cluster-'));
const prefix = redis.prefix();
const inspector = new Redis(redis.url, { lazyConnect: true });

afterAll(async () => {
  await inspector.quit().catch(() => inspector.disconnect());
  rmSync(home, { recursive: true, force: true });
});

describe.skipIf(!redis.enabled)('heygate mcp over stdio with Redis', () => {
  it('keeps a presence key while it runs, runs its tasks under it, and removes it when it exits', async () => {
    await inspector.connect();
    const env = Object.fromEntries(
      Object.entries(process.env).filter(
        (entry): entry is [string, string] => entry[1] !== undefined && entry[0] !== 'HEYGEN_API_KEY',
      ),
    );
    const transport = new StdioClientTransport({
      command: 'npx',
      args: ['node', 'bin/heygate.js', 'mcp', '--sandbox', '--mode', 'full', '--areas', 'videos,avatars'],
      cwd: root,
      env: { ...env, HEYGATE_HOME: home, HEYGATE_REDIS_URL: redis.url, HEYGATE_REDIS_PREFIX: prefix },
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const client = new Client({ name: 'stdio-cluster-test', version: '0.0.0' });
    await client.connect(transport);
    try {
      const keys = await inspector.keys(`${prefix}cluster:process:*`);
      expect(keys, stderr).toHaveLength(1);
      expect(await inspector.pttl(keys[0]!)).toBeGreaterThan(0);
      const origin = keys[0]!.slice(`${prefix}cluster:process:`.length);

      const looks = (await client.callTool({ name: 'avatar_look_list', arguments: { limit: 1 } }))
        .structuredContent as { data: { id: string }[] };
      const { task } = await client.request(
        {
          method: 'tools/call',
          params: {
            name: 'video_create',
            arguments: { type: 'avatar', avatar_id: looks.data[0]!.id, script: 'Hello from stdio.' },
          },
        },
        CreateTaskResultSchema,
        { task: { ttl: 60 * 60_000 } },
      );
      const database = new DatabaseSync(join(home, 'heygate.db'), { readOnly: true });
      try {
        const row = database.prepare('SELECT runner FROM mcp_tasks WHERE task_id = ?').get(task.taskId) as
          { runner: string | null } | undefined;
        expect(row?.runner).toBe(`cluster-${origin}`);
      } finally {
        database.close();
      }
    } finally {
      await client.close();
    }
    // The client closed its stdin: the process closes its cluster membership on the way out.
    for (let attempt = 0; attempt < 100; attempt += 1) {
      if ((await inspector.keys(`${prefix}cluster:process:*`)).length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await inspector.keys(`${prefix}cluster:process:*`)).toEqual([]);
  });
});
