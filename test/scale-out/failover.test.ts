import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  CallToolResultSchema,
  CreateTaskResultSchema,
  type CallToolResult,
  type Task,
} from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { openFlows } from '../../src/flows/open-flows.ts';
import { openGateway } from '../../src/gateway/open-gateway.ts';
import { redisTestTarget } from '../../src/gateway/router/redis-test-target.ts';
import { storeTestTargets } from '../../src/store/store-test-targets.ts';
import { startEmulator, type StartedEmulator } from '../../src/test/index.ts';
import { eventually, startServeCluster, type ServeCluster } from './serve-cluster.ts';

/**
 * Issue 17, what a process dying or a request landing elsewhere must not break: two real `heygate serve`
 * processes on one Postgres and one Redis behind a round-robin proxy. A flow schedule ticks once per period
 * while both run and keeps ticking on the survivor after `kill -9`; an MCP task and a waiting call held by the
 * killed process finish on the survivor with no second render; a `notifications/cancelled` or `tasks/cancel`
 * received by one process stops the work running in the other. HeyGen is an emulator in this test process on a
 * manual clock: renders end only when the test moves time, so every step is driven by the test, not by timing.
 */
const redis = await redisTestTarget();
const database = (await storeTestTargets()).find((target) => target.name === 'postgres')!;
const databaseUrl = process.env.HEYGATE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const reason = !redis.enabled ? redis.reason : !database.enabled ? database.reason : undefined;
if (reason) process.stdout.write(`scale-out failover suite skipped: ${reason}\n`);

const apiKey = 'hg-failover-key-0001';
const webhookSecret = 'whsec_failover_test';
const metricsToken = 'metrics-failover-token';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!().catch(() => {});
});

interface Setup {
  cluster: ServeCluster;
  heygen: StartedEmulator;
  avatarId: string;
}

async function setUp(): Promise<Setup> {
  const heygen = await startEmulator({
    listen: true,
    keys: [apiKey],
    rateLimit: { concurrentJobs: 100 },
    startingCredits: 100_000,
  });
  cleanups.push(() => heygen.close());
  const cluster = await startServeCluster({
    databaseUrl,
    redis,
    heygen: { baseUrl: heygen.baseUrl, apiKey },
    env: {
      HEYGATE_WEBHOOK_SECRET: webhookSecret,
      HEYGATE_METRICS_TOKEN: metricsToken,
      HEYGATE_FLOW_LEASE_MS: '3000',
      HEYGATE_FLOW_POLL_MS: '200',
    },
  });
  cleanups.push(() => cluster.close());
  return { cluster, heygen, avatarId: heygen.emulator.inspect.library().avatarId };
}

async function connect(cluster: ServeCluster): Promise<Client> {
  const client = new Client({ name: 'failover', version: '0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${cluster.base}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${cluster.token}` } },
    }),
  );
  cleanups.push(() => client.close());
  return client;
}

/** MCP tool calls running in the process on `port` (its `/metrics`). */
async function mcpCallsInFlight(port: number): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`, {
    headers: { authorization: `Bearer ${metricsToken}` },
  });
  const match = /^heygate_calls_in_flight\{surface="mcp"\} (\d+)/m.exec(await response.text());
  return Number(match?.[1] ?? 0);
}

function startRenderTask(client: Client, avatarId: string, script: string): Promise<Task> {
  return client
    .request(
      {
        method: 'tools/call',
        params: { name: 'video_create', arguments: { type: 'avatar', avatar_id: avatarId, script } },
      },
      CreateTaskResultSchema,
      { task: { ttl: 60 * 60_000 } },
    )
    .then((created) => created.task);
}

async function taskWhen(client: Client, taskId: string, done: (task: Task) => boolean): Promise<Task> {
  return eventually(async () => {
    const task = (await client.experimental.tasks.getTask(taskId)) as Task;
    return done(task) ? task : undefined;
  }, `task ${taskId}`);
}

/** Posts HeyGen's signed `avatar_video.success` event for `videoId` to the proxy (either process). */
async function deliverSuccess(cluster: ServeCluster, videoId: string): Promise<void> {
  const body = JSON.stringify({ event_type: 'avatar_video.success', event_data: { video_id: videoId } });
  const response = await fetch(`${cluster.base}/webhooks/heygen/default`, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      signature: createHmac('sha256', webhookSecret).update(body).digest('hex'),
    },
  });
  expect(response.status).toBe(200);
}

/** The ids of the videos HeyGen has, sorted (through the proxy's `video_list`). */
async function videoIds(cluster: ServeCluster): Promise<string[]> {
  const response = await fetch(`${cluster.base}/v1/tools/video_list`, {
    method: 'POST',
    headers: { authorization: `Bearer ${cluster.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ input: { limit: 100 } }),
  });
  const listed = (await response.json()) as { data: { data: { id: string }[] } };
  return listed.data.data.map((video) => video.id).sort();
}

function videoOf(result: CallToolResult): { id?: string; status?: string } {
  return (result.structuredContent ?? {}) as { id?: string; status?: string };
}

describe.skipIf(reason !== undefined)('two heygate serve processes: failover and cancellation', () => {
  it('ticks a flow schedule once per period on two processes, and on the survivor after kill -9', async () => {
    const { cluster } = await setUp();
    const home = mkdtempSync(join(tmpdir(), 'heygate-failover-'));
    cleanups.push(async () => rmSync(home, { recursive: true, force: true }));
    const env = { ...cluster.env, HEYGATE_HOME: home };
    const opened = await openGateway({ env });
    cleanups.push(() => opened.close());
    // A producer, as the CLI is: saving the flow registers its schedule with BullMQ; the servers run the ticks.
    const flows = openFlows({ gateway: opened.gateway, env, execute: false });
    cleanups.push(() => flows.close());
    const periodMs = 3_000;
    await flows.service.save(
      {
        name: 'heartbeat',
        trigger: { cron: '*/3 * * * * *' },
        steps: [{ id: 'me', tool: 'user_me_get' }],
      },
      { kind: 'operator' },
    );
    const ticks = async () =>
      (await flows.flowStore.listRuns({ limit: 500 }))
        .map((run) => ({
          id: run.id,
          status: run.status,
          at: Date.parse((JSON.parse(run.trigger) as { scheduled_for: string }).scheduled_for),
        }))
        .sort((a, b) => a.at - b.at);

    await eventually(async () => (await ticks()).length >= 3, 'three ticks with both processes up', 90_000);
    await cluster.servers[1]!.kill();
    const killedAt = Date.now();
    await eventually(
      async () => (await ticks()).filter((tick) => tick.at > killedAt).length >= 3,
      'three ticks on the survivor',
      120_000,
    );

    // One run per period: no period ran twice (on both processes), before or after the kill. Every run is on
    // the schedule. A period is skipped only when a process is more than a period late (BullMQ does not catch
    // up), which a loaded CI machine can cause, so skips are counted, not forbidden.
    const runs = await ticks();
    expect(new Set(runs.map((run) => run.at)).size).toBe(runs.length);
    const gaps = runs.slice(1).map((run, index) => run.at - runs[index]!.at);
    expect(
      gaps.every((gap) => gap > 0 && gap % periodMs === 0),
      `gaps: ${gaps.join(', ')}`,
    ).toBe(true);
    const skipped = gaps.reduce((sum, gap) => sum + gap / periodMs - 1, 0);
    if (skipped > 0) console.log(`flow schedule: ${skipped} period(s) skipped by a late process`);
    // Every run finishes, those the killed process had claimed included (the survivor takes them over).
    const ids = new Set(runs.map((run) => run.id));
    await eventually(
      async () => (await ticks()).filter((run) => ids.has(run.id)).every((run) => run.status === 'succeeded'),
      'every run succeeded',
      120_000,
    );
  }, 300_000);

  it('finishes the task and the wait of a killed process on the survivor, rendering each video once', async () => {
    const { cluster, heygen, avatarId } = await setUp();
    const client = await connect(cluster);
    const [a, b] = [0, 1];

    // Process A starts a task and holds a waiting call.
    cluster.proxy.pin(a);
    const task = await startRenderTask(client, avatarId, 'A task that outlives its process.');
    const waitArguments = {
      type: 'avatar',
      avatar_id: avatarId,
      script: 'A wait that outlives its process.',
      wait: true,
    };
    let waiting = false;
    const interrupted = new AbortController();
    void client
      .callTool({ name: 'video_create', arguments: waitArguments }, CallToolResultSchema, {
        signal: interrupted.signal,
        timeout: 280_000,
        onprogress: () => (waiting = true),
      })
      .catch(() => {});
    cleanups.push(async () => interrupted.abort());
    await eventually(() => waiting, 'the wait on process A');

    // Process B reads the task A runs, from the shared store.
    cluster.proxy.pin(b);
    await taskWhen(client, task.taskId, (current) =>
      /video (pending|processing)/.test(current.statusMessage ?? ''),
    );
    expect(heygen.emulator.inspect.renders()).toBe(2);

    // A dies; the proxy's health check takes it out of rotation.
    await cluster.servers[a]!.kill();
    cluster.proxy.drop(a);
    cluster.proxy.pin(undefined);

    // The client sends the same call again: the same request is the same HeyGen create (ADR 0018), so B joins
    // the render A started and waits for it.
    let resumed = false;
    const retried = client.callTool(
      { name: 'video_create', arguments: waitArguments },
      CallToolResultSchema,
      {
        timeout: 280_000,
        onprogress: () => (resumed = true),
      },
    );
    await eventually(() => resumed, 'the resumed wait on process B');
    heygen.advance(30 * 60_000);
    for (const id of await videoIds(cluster)) await deliverSuccess(cluster, id);
    const waited = (await retried) as CallToolResult;
    expect(waited.isError).toBeFalsy();
    expect(videoOf(waited).status).toBe('completed');

    // B takes the task over once A's presence has expired, and follows the job A created.
    const done = await taskWhen(client, task.taskId, (current) => current.status !== 'working');
    expect(done.status).toBe('completed');
    const result = await client.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema);
    expect(videoOf(result).status).toBe('completed');

    // Each video rendered once: the task's and the wait's, nothing else.
    expect(heygen.emulator.inspect.renders()).toBe(2);
    expect(await videoIds(cluster)).toEqual([videoOf(waited).id, videoOf(result).id].sort());
    expect(await cluster.run(['audit', 'verify'])).toMatch(/ok|verified/i);
  }, 300_000);

  it('stops a call or a task running on one process when the other receives its cancellation', async () => {
    const { cluster, avatarId } = await setUp();
    const client = await connect(cluster);
    const [a, b] = [0, 1];
    const [portA] = cluster.ports;

    // A waiting call on A; the client's notifications/cancelled lands on B.
    cluster.proxy.pin(a);
    let waiting = false;
    const cancel = new AbortController();
    const call = client
      .callTool(
        {
          name: 'video_create',
          arguments: { type: 'avatar', avatar_id: avatarId, script: 'Cancelled elsewhere.', wait: true },
        },
        CallToolResultSchema,
        { signal: cancel.signal, timeout: 280_000, onprogress: () => (waiting = true) },
      )
      .catch((error: unknown) => error);
    await eventually(() => waiting, 'the wait on process A');
    expect(await mcpCallsInFlight(portA!)).toBe(1);
    cluster.proxy.pin(b);
    const hitsOfB = cluster.proxy.hits[b]!;
    cancel.abort('the agent changed its mind');
    expect(await call).toBeDefined();
    await eventually(async () => (await mcpCallsInFlight(portA!)) === 0, 'process A stops waiting');
    expect(cluster.proxy.hits[b]!).toBeGreaterThan(hitsOfB);

    // A task run by A, cancelled through B.
    cluster.proxy.pin(a);
    const task = await startRenderTask(client, avatarId, 'A task cancelled elsewhere.');
    cluster.proxy.pin(b);
    await taskWhen(client, task.taskId, (current) =>
      /video (pending|processing)/.test(current.statusMessage ?? ''),
    );
    expect(await mcpCallsInFlight(portA!)).toBe(1);
    await client.experimental.tasks.cancelTask(task.taskId);
    await eventually(async () => (await mcpCallsInFlight(portA!)) === 0, "process A stops the task's wait");
    const cancelled = await taskWhen(client, task.taskId, (current) => current.status !== 'working');
    expect(cancelled.status).toBe('cancelled');
  }, 300_000);
});
