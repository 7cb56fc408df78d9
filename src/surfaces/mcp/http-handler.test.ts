import { serve, type ServerType } from '@hono/node-server';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult, Progress } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { HeyGateError } from '../../catalog/errors.ts';
import { findTool } from '../../catalog/index.ts';
import { createLocalExecutor } from '../../gateway/local-executor.ts';
import type { ExecuteRequest, Executor } from '../../gateway/types.ts';
import { createHeyGenClient } from '../../heygen/index.ts';
import { startEmulator } from '../../test/index.ts';
import {
  createMcpHttpHandler,
  type McpHttpHandlerOptions,
  type McpSessionRecord,
  type McpSessionRegistry,
} from './http-handler.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * Emulator → client → bare executor, with job waits on the emulator's manual clock. `holdSleeps` keeps
 * every poll interval pending until the call is cancelled.
 */
async function stack(holdSleeps = false) {
  const started = await startEmulator();
  cleanups.push(() => started.close());
  const client = createHeyGenClient({
    ...started.clientOptions,
    clock: started.emulator.clock,
    sleep: async (ms, signal) => {
      if (!holdSleeps) return started.advance(ms);
      await new Promise<void>((_resolve, reject) =>
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true }),
      );
    },
  });
  return { executor: createLocalExecutor({ client }), library: started.emulator.inspect.library() };
}

/** Serves the handler on a loopback port, as `heygate serve` mounts it. */
async function listen(options: McpHttpHandlerOptions): Promise<{ url: URL; sessions: () => number }> {
  const handler = createMcpHttpHandler(options);
  const server: ServerType = serve({
    fetch: (request) => handler.fetch(request),
    port: 0,
    hostname: '127.0.0.1',
  });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const address = server.address() as { port: number };
  cleanups.push(async () => {
    await handler.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { url: new URL(`http://127.0.0.1:${address.port}/mcp`), sessions: () => handler.sessionCount };
}

async function connect(url: URL, token: string) {
  const transport = new StreamableHTTPClientTransport(url, {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
  });
  const client = new Client({ name: 'http-test', version: '0.0.0' });
  await client.connect(transport);
  cleanups.push(() => client.close());
  return { client, transport };
}

const initialize = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
});

function post(url: URL, body: string, headers: Record<string, string>) {
  return fetch(url, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
  });
}

/**
 * Sessions shared by several handlers, as Redis shares them between processes (ADR 0056): each call gives one
 * process's view; a cancellation one publishes reaches the others.
 */
function sharedSessions(): () => McpSessionRegistry {
  const records = new Map<string, McpSessionRecord>();
  const listeners = new Set<{ member: number; listener: (id: string, notification: unknown) => void }>();
  let members = 0;
  return () => {
    const member = members++;
    return {
      save: async (id, record) => void records.set(id, record),
      load: async (id) => records.get(id),
      touch: async () => {},
      remove: async (id) => void records.delete(id),
      cancel: (id, notification) => {
        for (const entry of listeners) if (entry.member !== member) entry.listener(id, notification);
      },
      onCancel: (listener) => {
        const entry = { member, listener };
        listeners.add(entry);
        return () => void listeners.delete(entry);
      },
    };
  };
}

/** The executor, recording for each `video_wait` it ends whether the call's signal was aborted. */
function observeWaits(executor: Executor): { observed: Executor; settled: boolean[] } {
  const settled: boolean[] = [];
  const observed: Executor = {
    visibleTools: (caller) => executor.visibleTools(caller),
    async execute(request: ExecuteRequest) {
      try {
        return await executor.execute(request);
      } finally {
        if (request.tool === 'video_wait') settled.push(request.signal?.aborted === true);
      }
    },
  };
  return { observed, settled };
}

describe('MCP over Streamable HTTP', () => {
  it('lists, calls a read tool, waits for a video with progress, and names the bad field', async () => {
    const { executor, library } = await stack();
    const { url } = await listen({
      executor,
      auth: { token: 'shared-secret' },
      mode: 'full',
      areas: ['videos', 'users'],
    });
    const { client } = await connect(url, 'shared-secret');

    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain('video_create');
    expect(new Set(tools.map((tool) => findTool(tool.name)?.area))).toEqual(new Set(['videos', 'users']));

    const me = (await client.callTool({ name: 'user_me_get', arguments: {} })) as CallToolResult;
    expect(me.isError).toBeFalsy();

    const progress: Progress[] = [];
    const video = (await client.callTool(
      {
        name: 'video_create',
        arguments: {
          type: 'avatar',
          avatar_id: library.avatarId,
          voice_id: library.voiceId,
          script: 'Hi over HTTP.',
          wait: true,
        },
      },
      undefined,
      { onprogress: (notification) => progress.push(notification) },
    )) as CallToolResult;
    expect(video.isError, JSON.stringify(video.structuredContent)).toBeFalsy();
    expect((video.structuredContent as { status: string }).status).toBe('completed');
    expect(progress.length).toBeGreaterThan(0);

    const bad = (await client.callTool({ name: 'video_get', arguments: {} })) as CallToolResult;
    expect(bad.isError).toBe(true);
    expect((bad.structuredContent as { error: { field: string } }).error.field).toBe('video_id');
  });

  it('cancels a wait: the executor sees the abort', async () => {
    const { executor, library } = await stack(true);
    const { observed, settled } = observeWaits(executor);
    const { url } = await listen({
      executor: observed,
      auth: { token: 'shared-secret' },
      mode: 'full',
      areas: ['videos'],
    });
    const { client } = await connect(url, 'shared-secret');
    const created = (
      await client.callTool({
        name: 'video_create',
        arguments: {
          type: 'avatar',
          avatar_id: library.avatarId,
          voice_id: library.voiceId,
          script: 'Cancel me.',
        },
      })
    ).structuredContent as { video_id: string };

    const controller = new AbortController();
    let firstProgress!: () => void;
    const progressed = new Promise<void>((resolve) => (firstProgress = resolve));
    const call = client.callTool(
      { name: 'video_wait', arguments: { video_id: created.video_id } },
      undefined,
      {
        signal: controller.signal,
        onprogress: () => firstProgress(),
      },
    );
    await progressed;
    controller.abort(new Error('user cancelled'));
    await expect(call).rejects.toThrow();
    await expect.poll(() => settled).toEqual([true]);
  });

  it('stops a call in one process when another receives its notifications/cancelled', async () => {
    const { executor, library } = await stack(true);
    const { observed, settled } = observeWaits(executor);
    const join = sharedSessions();
    const options = { executor: observed, auth: { token: 'shared-secret' }, mode: 'full', areas: ['videos'] };
    const running = await listen({ ...options, sessionRegistry: join() } as McpHttpHandlerOptions);
    const elsewhere = await listen({ ...options, sessionRegistry: join() } as McpHttpHandlerOptions);
    const { client, transport } = await connect(running.url, 'shared-secret');
    const created = (
      await client.callTool({
        name: 'video_create',
        arguments: { type: 'avatar', avatar_id: library.avatarId, script: 'Cancel me elsewhere.' },
      })
    ).structuredContent as { video_id: string };

    let waitId: string | number | undefined;
    const send = transport.send.bind(transport);
    transport.send = async (message, sendOptions) => {
      if ('method' in message && message.method === 'tools/call' && 'id' in message) waitId = message.id;
      return send(message, sendOptions);
    };
    let firstProgress!: () => void;
    const progressed = new Promise<void>((resolve) => (firstProgress = resolve));
    void client
      .callTool({ name: 'video_wait', arguments: { video_id: created.video_id } }, undefined, {
        onprogress: () => firstProgress(),
      })
      .catch(() => {});
    await progressed;

    // The client's cancellation lands on the other process (a proxy alternating between them).
    const cancelled = await post(
      elsewhere.url,
      JSON.stringify({
        jsonrpc: '2.0',
        method: 'notifications/cancelled',
        params: { requestId: waitId, reason: 'the agent changed its mind' },
      }),
      { authorization: 'Bearer shared-secret', 'mcp-session-id': transport.sessionId! },
    );
    expect(cancelled.status).toBe(202);
    await expect.poll(() => settled, { timeout: 10_000 }).toEqual([true]);
  });

  it('refuses requests without the right bearer, with problem+json and no token echo', async () => {
    const { executor } = await stack();
    const { url } = await listen({ executor, auth: { token: 'shared-secret' } });
    const missing = await post(url, initialize, {});
    expect(missing.status).toBe(401);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const wrong = await post(url, initialize, { authorization: 'Bearer not-the-secret' });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain('not-the-secret');
  });

  it('binds a session to the token that opened it', async () => {
    const { executor } = await stack();
    const requests: ExecuteRequest[] = [];
    const personaExecutor: Executor = {
      // A gateway that knows two personas; anything else is refused as the gateway would.
      async visibleTools(caller) {
        if (caller?.personaToken !== 'persona-a' && caller?.personaToken !== 'persona-b') {
          throw new HeyGateError('Unknown or revoked persona token.', { code: 'unauthenticated' });
        }
        return executor.visibleTools(caller);
      },
      execute(request) {
        requests.push(request);
        return executor.execute(request);
      },
    };
    const { url, sessions } = await listen({ executor: personaExecutor, auth: 'persona', mode: 'compact' });
    const { client, transport } = await connect(url, 'persona-a');
    await client.callTool({ name: 'call_tool', arguments: { name: 'user_me_get', arguments: {} } });
    expect(requests.map((request) => [request.tool, request.personaToken, request.surface])).toEqual([
      ['user_me_get', 'persona-a', 'mcp'],
    ]);
    expect(sessions()).toBe(1);

    const list = JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/list' });
    const headers = { 'mcp-session-id': transport.sessionId!, 'mcp-protocol-version': '2025-06-18' };
    const hijack = await post(url, list, { ...headers, authorization: 'Bearer persona-b' });
    expect(hijack.status).toBe(403);
    const revoked = await post(url, list, { ...headers, authorization: 'Bearer persona-c' });
    expect(revoked.status).toBe(401);
    expect((await revoked.json()) as object).toMatchObject({ code: 'unauthenticated' });
  });

  it('answers 404 for an unknown session and 400 for a first request that is not initialize', async () => {
    const { executor } = await stack();
    const { url } = await listen({ executor, auth: { token: 't' } });
    const list = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    expect((await post(url, list, { authorization: 'Bearer t', 'mcp-session-id': 'nope' })).status).toBe(404);
    expect((await post(url, list, { authorization: 'Bearer t' })).status).toBe(400);
    expect((await post(url, '{not json', { authorization: 'Bearer t' })).status).toBe(400);
  });
});
