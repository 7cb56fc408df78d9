import { serve, type ServerType } from '@hono/node-server';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CallToolResultSchema, CreateTaskResultSchema, type Task } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClientFactory } from '../src/gateway/account-manager.ts';
import type { Gateway } from '../src/gateway/gateway.ts';
import { createHeyGenClient } from '../src/heygen/client.ts';
import { createMcpTaskStore } from '../src/store/mcp-task-store.ts';
import { storeTestTargets } from '../src/store/store-test-targets.ts';
import { createMcpHttpHandler } from '../src/surfaces/mcp/http-handler.ts';
import { createMcpTasks, type McpTaskPeers, type McpTasks } from '../src/surfaces/mcp/mcp-tasks.ts';
import { createGatewayFixture, type GatewayFixture } from './gateway/gateway-fixture.ts';

/**
 * MCP tasks with the real SDK client over Streamable HTTP in front of the real gateway and store (SQLite, and
 * Postgres when it runs): a client that asks for a task gets it at once, can disconnect, and collects the
 * finished video from a new session; a verified webhook wakes the job; a task outlives the process that
 * started it; cancel works; another persona cannot see it.
 */
const targets = await storeTestTargets();

let fixture: GatewayFixture | undefined;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await fixture?.cleanup();
  fixture = undefined;
});

async function setUp(target: (typeof targets)[number]) {
  // Job waits poll on emulator time; while `held`, a wait sleeps until it is woken (webhook) or cancelled.
  const control = { held: true, factory: undefined as unknown as ClientFactory };
  const heygen = () => fixture!.heygen;
  control.factory = (account) =>
    createHeyGenClient({
      apiKey: account.apiKey,
      baseUrl: heygen().started.baseUrl,
      fetch: heygen().fetch,
      retry: { maxAttempts: 1 },
      env: {},
      clock: heygen().started.emulator.clock,
      sleep: (ms, signal) =>
        control.held
          ? new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve(), { once: true }))
          : Promise.resolve(heygen().started.advance(ms)),
    });
  fixture = await createGatewayFixture(target, {
    extra: { clientFactory: (account) => control.factory(account) },
  });
  return { control, gateway: fixture.gateway };
}

/** A gateway process: tasks on the gateway's store, woken by its webhook events, MCP over HTTP. */
async function serveProcess(gateway: Gateway, peers?: McpTaskPeers) {
  const tasks = createMcpTasks({
    store: createMcpTaskStore(gateway.store),
    executor: gateway,
    identify: async (caller) => (await gateway.authenticate(caller))?.id,
    pollIntervalMs: 50,
    ...(peers ? { peers } : {}),
  });
  const unsubscribe = gateway.onJobWake((account, kind, id) => void tasks.wake(account, kind, id));
  const handler = createMcpHttpHandler({ executor: gateway, auth: 'persona', mode: 'full', tasks });
  const server: ServerType = serve({
    fetch: (request) => handler.fetch(request),
    port: 0,
    hostname: '127.0.0.1',
  });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = new URL(`http://127.0.0.1:${(server.address() as { port: number }).port}/mcp`);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    unsubscribe();
    await tasks.close();
    await handler.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  cleanups.push(close);
  return { url, tasks: tasks as McpTasks, close };
}

/**
 * Gateway processes that know of each other, as `openRedisCluster(...).taskPeers` makes them (the Redis side is
 * tested in test/scale-out/): `down(id)` is a process that died without a word, as after `kill -9`.
 */
function peerGroup() {
  const up = new Set<string>();
  const listeners = new Map<string, (taskId: string) => void>();
  return {
    join(id: string): McpTaskPeers {
      up.add(id);
      return {
        id,
        alive: async (other) => up.has(other),
        cancelled: (taskId) => {
          for (const [member, listener] of listeners) if (member !== id) listener(taskId);
        },
        onCancelled: (listener) => {
          listeners.set(id, listener);
          return () => void listeners.delete(id);
        },
      };
    },
    down: (id: string) => void up.delete(id),
  };
}

async function connect(url: URL, token: string): Promise<Client> {
  const client = new Client({ name: 'tasks-test', version: '0.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(url, {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  cleanups.push(() => client.close());
  return client;
}

async function startRender(client: Client, avatarId: string): Promise<Task> {
  const created = await client.request(
    {
      method: 'tools/call',
      params: {
        name: 'video_create',
        arguments: { type: 'avatar', avatar_id: avatarId, script: 'Hello from a task.' },
      },
    },
    CreateTaskResultSchema,
    { task: { ttl: 60 * 60_000 } },
  );
  return created.task;
}

/** Polls tasks/get until `done` holds (the emulator is in-process: milliseconds, seconds on a loaded machine). */
async function pollTask(client: Client, taskId: string, done: (task: Task) => boolean): Promise<Task> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const task = (await client.experimental.tasks.getTask(taskId)) as Task;
    if (done(task)) return task;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`task ${taskId} never reached the expected state`);
}

describe.each(targets)('MCP tasks on $name', (target) => {
  it.skipIf(!target.enabled)(
    'starts a render as a task, survives a disconnect, is woken by the webhook event, and hands over the video',
    async () => {
      const { gateway } = await setUp(target);
      const { token } = await gateway.personas.create({ name: 'maker', scopes: ['read', 'write'] });
      const { token: otherToken } = await gateway.personas.create({
        name: 'other',
        scopes: ['read', 'write'],
      });
      const process1 = await serveProcess(gateway);
      const avatarId = fixture!.heygen.started.emulator.inspect.library().avatarId;

      const first = await connect(process1.url, token);
      const { tools } = await first.listTools();
      expect(tools.find((tool) => tool.name === 'video_create')?.execution).toEqual({
        taskSupport: 'optional',
      });
      expect(tools.find((tool) => tool.name === 'video_get')?.execution).toBeUndefined();

      const task = await startRender(first, avatarId);
      expect(task.status).toBe('working');
      const following = await pollTask(first, task.taskId, (current) =>
        /video (pending|processing)/.test(current.statusMessage ?? ''),
      );
      expect(following.statusMessage).toMatch(/elapsed/);
      await first.close(); // the client goes away; the task does not

      // HeyGen finishes the render and delivers its webhook event; the receiver wakes the job through the gateway.
      fixture!.heygen.started.advance(30 * 60_000);
      const stored = await createMcpTaskStore(gateway.store).get(task.taskId, new Date().toISOString());
      const [videoId] = JSON.parse(stored!.jobIds!) as string[];
      const [row] = await createMcpTaskStore(gateway.store).findByJob('default', 'video', videoId!);
      expect(row?.taskId).toBe(task.taskId);
      expect(gateway.wakeJob('default', 'video', videoId!)).toBe(true);

      const second = await connect(process1.url, token);
      const done = await pollTask(second, task.taskId, (current) => current.status !== 'working');
      expect(done.status).toBe('completed');
      expect(done.statusMessage).toMatch(/^video completed after/);
      const result = await second.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema);
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({
        status: 'completed',
        video_url: expect.stringMatching(/^http/),
      });
      expect((await second.experimental.tasks.listTasks()).tasks.map((listed) => listed.taskId)).toContain(
        task.taskId,
      );

      // Tasks belong to their persona, whatever the session.
      const stranger = await connect(process1.url, otherToken);
      await expect(stranger.experimental.tasks.getTask(task.taskId)).rejects.toThrow(/not found/i);
      const audit = await gateway.queryAudit({ tool: 'video_wait' });
      expect(audit.records.length).toBeGreaterThan(0);
    },
  );

  it.skipIf(!target.enabled)(
    'is taken over from its stored job id by the next gateway process after a restart',
    async () => {
      const { gateway, control } = await setUp(target);
      const { token } = await gateway.personas.create({ name: 'maker', scopes: ['read', 'write'] });
      const before = await serveProcess(gateway);
      const avatarId = fixture!.heygen.started.emulator.inspect.library().avatarId;
      const client = await connect(before.url, token);
      const task = await startRender(client, avatarId);
      await pollTask(client, task.taskId, (current) =>
        /video (pending|processing)/.test(current.statusMessage ?? ''),
      );
      await client.close();
      await before.close(); // the process stops; its task stays working in the store
      const creates = fixture!.heygen.started.emulator.inspect.requests({ tool: 'video_create' }).length;

      control.held = false;
      const after = await serveProcess(
        await fixture!.reopen({ clientFactory: (account) => control.factory(account) }),
      );
      const reconnected = await connect(after.url, token);
      const done = await pollTask(reconnected, task.taskId, (current) => current.status !== 'working');
      expect(done.status).toBe('completed');
      const result = await reconnected.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema);
      expect(result.structuredContent).toMatchObject({ status: 'completed' });
      // Following the job again never re-sent the paid create.
      expect(fixture!.heygen.started.emulator.inspect.requests({ tool: 'video_create' })).toHaveLength(
        creates,
      );
    },
  );

  it.skipIf(!target.enabled)('cancels a task and says the render may still finish', async () => {
    const { gateway } = await setUp(target);
    const { token } = await gateway.personas.create({ name: 'maker', scopes: ['read', 'write'] });
    const process1 = await serveProcess(gateway);
    const avatarId = fixture!.heygen.started.emulator.inspect.library().avatarId;
    const client = await connect(process1.url, token);
    const task = await startRender(client, avatarId);
    await pollTask(client, task.taskId, (current) =>
      /video (pending|processing)/.test(current.statusMessage ?? ''),
    );
    const cancelled = await client.experimental.tasks.cancelTask(task.taskId);
    expect(cancelled.status).toBe('cancelled');
    const after = await client.experimental.tasks.getTask(task.taskId);
    expect(after.status).toBe('cancelled');
    expect(after.statusMessage).toMatch(/HeyGen may still finish/);
    await expect(client.experimental.tasks.cancelTask(task.taskId)).rejects.toThrow(/terminal/);
  });
  it.skipIf(!target.enabled)(
    'is taken over at once by another process when the process running it is gone',
    async () => {
      const { gateway, control } = await setUp(target);
      const { token } = await gateway.personas.create({ name: 'maker', scopes: ['read', 'write'] });
      const peers = peerGroup();
      const first = await serveProcess(gateway, peers.join('cluster-first'));
      const avatarId = fixture!.heygen.started.emulator.inspect.library().avatarId;
      const client = await connect(first.url, token);
      const task = await startRender(client, avatarId);
      await pollTask(client, task.taskId, (current) =>
        /video (pending|processing)/.test(current.statusMessage ?? ''),
      );
      // The first process dies outright: its runner's heartbeat is fresh, but its presence is gone.
      peers.down('cluster-first');
      control.held = false;
      const second = await serveProcess(
        await fixture!.reopen({ clientFactory: (account) => control.factory(account) }),
        peers.join('cluster-second'),
      );
      const other = await connect(second.url, token);
      const done = await pollTask(other, task.taskId, (current) => current.status !== 'working');
      expect(done.status).toBe('completed');
      expect(fixture!.heygen.started.emulator.inspect.renders()).toBe(1);
    },
  );

  it.skipIf(!target.enabled)(
    'stops the runner in another process when the task is cancelled here',
    async () => {
      const { gateway } = await setUp(target);
      const { token } = await gateway.personas.create({ name: 'maker', scopes: ['read', 'write'] });
      const peers = peerGroup();
      const runner = await serveProcess(gateway, peers.join('cluster-runner'));
      const avatarId = fixture!.heygen.started.emulator.inspect.library().avatarId;
      const client = await connect(runner.url, token);
      const task = await startRender(client, avatarId);
      await pollTask(client, task.taskId, (current) =>
        /video (pending|processing)/.test(current.statusMessage ?? ''),
      );
      const elsewhere = await serveProcess(await fixture!.reopen(), peers.join('cluster-elsewhere'));
      const other = await connect(elsewhere.url, token);
      expect((await other.experimental.tasks.cancelTask(task.taskId)).status).toBe('cancelled');
      // The runner's wait sleeps until woken or aborted: only the relayed cancel can end it (and audit it).
      const deadline = Date.now() + 20_000;
      while ((await gateway.queryAudit({ tool: 'video_wait', limit: 10 })).records.length === 0) {
        if (Date.now() > deadline) throw new Error('the runner never stopped');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
  );
});
