import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTool } from '../../src/catalog/index.ts';
import { AuditWriteError } from '../../src/gateway/errors.ts';
import type { ExecuteRequest, ExecuteResult, Executor } from '../../src/gateway/types.ts';
import { storeTestTargets } from '../../src/store/store-test-targets.ts';
import { createHttpApp } from '../../src/surfaces/http/create-http-app.ts';
import { runCatalogTool } from '../../src/surfaces/internal/run-catalog-tool.ts';
import { createMcpHttpHandler } from '../../src/surfaces/mcp/http-handler.ts';
import { createMcpServer } from '../../src/surfaces/mcp/mcp-server.ts';
import { executeOpenAIToolCall } from '../../src/surfaces/openai/execute-openai-tool-call.ts';
import { createGatewayFixture, type GatewayFixture } from '../gateway/gateway-fixture.ts';

/** An executor whose calls wait until released (or answer what `answer` says), for in-flight probes. */
function stubExecutor(answer?: (request: ExecuteRequest) => ExecuteResult | Promise<ExecuteResult>) {
  const pending: (() => void)[] = [];
  const executor: Executor = {
    async visibleTools() {
      return [getTool('video_get'), getTool('voice_list')];
    },
    async execute(request) {
      if (answer) return answer(request);
      await new Promise<void>((resolve) => {
        pending.push(resolve);
        request.signal?.addEventListener('abort', () => resolve(), { once: true });
      });
      return { ok: true, tool: request.tool, data: { done: true }, durationMs: 1 };
    },
  };
  return { executor, release: () => pending.splice(0).forEach((resolve) => resolve()) };
}

const post = (
  app: { fetch: (request: Request) => Response | Promise<Response> },
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
) =>
  app.fetch(
    new Request(`http://127.0.0.1${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    }),
  );

describe('one presenter: the same failure reads the same on every surface', () => {
  let fixture: GatewayFixture;
  let token: string;
  beforeAll(async () => {
    const sqlite = (await storeTestTargets()).find((target) => target.name === 'sqlite')!;
    fixture = await createGatewayFixture(sqlite);
    token = (await fixture.gateway.personas.create({ name: 'reader', scopes: ['read'] })).token;
  });
  afterAll(() => fixture.cleanup());

  it("HeyGen's 401 on the account's key is 502 upstream_auth, never 401, on HTTP, MCP tools and OpenAI", async () => {
    // The operator's key was revoked in HeyGen's dashboard; the agent's own token is fine.
    fixture.heygen.revoke(fixture.apiKey);
    const app = createHttpApp({ executor: fixture.gateway });
    const response = await post(
      app,
      '/v1/tools/voice_list',
      { input: { limit: 1 } },
      { authorization: `Bearer ${token}` },
    );
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({
      code: 'upstream_auth',
      error: { code: 'upstream_auth', retryable: false },
    });

    const outcome = await runCatalogTool(
      fixture.gateway,
      'mcp',
      getTool('voice_list'),
      { limit: 1 },
      { caller: { personaToken: token } },
    );
    expect(outcome).toMatchObject({ ok: false, error: { code: 'upstream_auth' } });

    const openai = await executeOpenAIToolCall(
      fixture.gateway,
      { id: 'c1', function: { name: 'voice_list', arguments: '{"limit":1}' } },
      { personaToken: token, strict: false },
    );
    expect(JSON.parse(openai.content)).toMatchObject({ error: { code: 'upstream_auth' } });
  });

  it('a scope denial is scope_denied on HTTP (403), MCP (protocol error) and OpenAI', async () => {
    const app = createHttpApp({ executor: fixture.gateway });
    const http = await post(
      app,
      '/v1/tools/video_create',
      { input: {} },
      { authorization: `Bearer ${token}` },
    );
    expect(http.status).toBe(403);
    expect(await http.json()).toMatchObject({ code: 'scope_denied' });

    const mcp = await createMcpServer({ executor: fixture.gateway, mode: 'full', personaToken: token });
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    await mcp.connect(serverTransport);
    const client = new Client({ name: 'probe', version: '1' });
    await client.connect(clientTransport);
    await expect(client.callTool({ name: 'video_create', arguments: {} })).rejects.toMatchObject({
      data: { code: 'scope_denied' },
    });
    // Names of Object.prototype are unknown tools, never an internal error (the tool search once crashed on them).
    for (const name of ['constructor', '__proto__', 'toString']) {
      await expect(client.callTool({ name, arguments: {} })).rejects.toMatchObject({ code: -32602 });
    }
    await client.close();

    const openai = await executeOpenAIToolCall(
      fixture.gateway,
      { id: 'c2', function: { name: 'video_create', arguments: '{}' } },
      { personaToken: token, strict: false },
    );
    expect(JSON.parse(openai.content)).toMatchObject({ error: { code: 'scope_denied' } });
  });
});

describe('sandbox and --allow-operator: a page on another origin still cannot drive /v1/tools', () => {
  it('refuses a foreign Origin or Host although no token is needed, and serves the same origin', async () => {
    const { executor } = stubExecutor((request) => ({
      ok: true,
      tool: request.tool,
      data: { ran: true },
      durationMs: 1,
    }));
    const app = createHttpApp({ executor, operatorWithoutToken: true });
    const call = (headers: Record<string, string>) =>
      app.fetch(
        new Request('http://127.0.0.1:4000/v1/tools/voice_list', {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: '{"input":{}}',
        }),
      );
    const foreign: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'http://localhost:3000' },
      { origin: 'null' },
      { host: 'rebound.evil.example:4000' },
    ];
    for (const headers of foreign) {
      expect((await call(headers)).status).toBe(403);
    }
    expect((await call({ origin: 'http://127.0.0.1:4000' })).status).toBe(200);
    const listed = createHttpApp({
      executor,
      operatorWithoutToken: true,
      allowedOrigins: ['https://console.example'],
    });
    const fromConsole = await listed.fetch(
      new Request('http://127.0.0.1:4000/v1/tools/voice_list', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://console.example' },
        body: '{"input":{}}',
      }),
    );
    expect(fromConsole.status).toBe(200);
  });
});

describe('HTTP statuses of gateway-side and rate-limit failures', () => {
  it('rate_limited is 429 with Retry-After in seconds', async () => {
    const { executor } = stubExecutor((request) => ({
      ok: false,
      tool: request.tool,
      durationMs: 1,
      error: {
        code: 'rate_limited',
        message: 'Account default is cooling down.',
        retryable: true,
        retry_after_ms: 2500,
      },
    }));
    const response = await post(
      createHttpApp({ executor, operatorWithoutToken: true }),
      '/v1/tools/voice_list',
      { input: {} },
    );
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(await response.json()).toMatchObject({ code: 'rate_limited', error: { retry_after_ms: 2500 } });
  });

  it('audit_unavailable is 503 (never 400) over HTTP, and an internal error over MCP', async () => {
    const { executor } = stubExecutor(() => {
      throw new AuditWriteError(new Error('disk full'));
    });
    const response = await post(
      createHttpApp({ executor, operatorWithoutToken: true }),
      '/v1/tools/voice_list',
      { input: {} },
    );
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ code: 'audit_unavailable' });

    const mcp = await createMcpServer({ executor, mode: 'full' });
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    await mcp.connect(serverTransport);
    const client = new Client({ name: 'probe', version: '1' });
    await client.connect(clientTransport);
    await expect(client.callTool({ name: 'voice_list', arguments: {} })).rejects.toMatchObject({
      code: -32603,
      data: { code: 'audit_unavailable' },
    });
    await client.close();
  });

  it('an unexpected error is a 500 that says nothing of its message', async () => {
    const { executor } = stubExecutor(() => {
      throw new Error('secret hg_live_key in a stack');
    });
    const response = await post(
      createHttpApp({ executor, operatorWithoutToken: true }),
      '/v1/tools/voice_list',
      { input: {} },
    );
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('hg_live_key');
  });
});

describe('MCP: every request answered', () => {
  it('answers a tools/call that outlives the server deadline with a timeout error, and cancels it', async () => {
    let aborted = false;
    const { executor } = stubExecutor(
      (request) =>
        new Promise<ExecuteResult>((resolve) =>
          request.signal?.addEventListener('abort', () => {
            aborted = true;
            resolve({ ok: true, tool: request.tool, data: {}, durationMs: 1 });
          }),
        ),
    );
    const mcp = await createMcpServer({ executor, mode: 'full', requestTimeoutMs: 50 });
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    await mcp.connect(serverTransport);
    const client = new Client({ name: 'probe', version: '1' });
    await client.connect(clientTransport);
    const result = await client.callTool({ name: 'voice_list', arguments: {} });
    expect(result).toMatchObject({ isError: true, structuredContent: { error: { code: 'timeout' } } });
    expect(aborted).toBe(true);
    await client.close();
  });

  it('refuses a reused in-flight id over stdio-like transports and still answers the first request', async () => {
    const { executor, release } = stubExecutor();
    const mcp = await createMcpServer({ executor, mode: 'full' });
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    const received: JSONRPCMessage[] = [];
    clientTransport.onmessage = (message) => received.push(message);
    await clientTransport.start();
    await mcp.connect(serverTransport);
    const send = (message: unknown) => clientTransport.send(message as JSONRPCMessage);
    await send({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'p', version: '1' } },
    });
    await send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    await send({
      jsonrpc: '2.0',
      id: 7,
      method: 'tools/call',
      params: { name: 'voice_list', arguments: {} },
    });
    await send({
      jsonrpc: '2.0',
      id: 7,
      method: 'tools/call',
      params: { name: 'video_get', arguments: { video_id: 'v' } },
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(received.filter((message) => 'id' in message && message.id === 7)).toEqual([
      expect.objectContaining({ error: expect.objectContaining({ code: -32600 }) }),
    ]);
    release();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const answers = received.filter((message) => 'id' in message && message.id === 7);
    expect(answers).toHaveLength(2);
    expect(answers[1]).toHaveProperty('result');
    // Once answered, the id may be used again.
    await send({ jsonrpc: '2.0', id: 7, method: 'ping' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(received.filter((message) => 'id' in message && message.id === 7)).toHaveLength(3);
    await mcp.close();
  });

  it('refuses a reused in-flight id in one Streamable HTTP session with 409, and answers the first', async () => {
    const { executor, release } = stubExecutor();
    const handler = createMcpHttpHandler({ executor, auth: { token: 'shared-token' }, mode: 'full' });
    const headers = {
      authorization: 'Bearer shared-token',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2025-06-18',
    };
    const init = await post(
      handler,
      '/mcp',
      {
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'p', version: '1' } },
      },
      headers,
    );
    const session = init.headers.get('mcp-session-id')!;
    await init.text();
    const withSession = { ...headers, 'mcp-session-id': session };
    await (
      await post(handler, '/mcp', { jsonrpc: '2.0', method: 'notifications/initialized' }, withSession)
    ).text();
    const call = {
      jsonrpc: '2.0',
      id: 9,
      method: 'tools/call',
      params: { name: 'voice_list', arguments: {} },
    };
    const first = await post(handler, '/mcp', call, withSession);
    expect(first.status).toBe(200);
    const duplicate = await post(handler, '/mcp', call, withSession);
    expect(duplicate.status).toBe(409);
    expect(await duplicate.json()).toMatchObject({ id: 9, error: { code: -32600 } });
    release();
    expect(await first.text()).toContain('"done":true');
    const again = await post(handler, '/mcp', { ...call, method: 'ping', params: {} }, withSession);
    expect(again.status).toBe(200);
    await again.text();
    await handler.close();
  });
});
