import { serve, type ServerType } from '@hono/node-server';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { catalog } from '../src/catalog/index.ts';
import { storeTestTargets } from '../src/store/store-test-targets.ts';
import { createMcpHttpHandler } from '../src/surfaces/mcp/index.ts';
import { createGatewayFixture, type GatewayFixture } from './gateway/gateway-fixture.ts';

/**
 * MCP over Streamable HTTP in front of the real gateway: the bearer is a persona token, the persona's scopes
 * decide what `tools/list` shows, a denied call is a protocol error (and audited as denied), and revoking the
 * persona shuts an open session out on its next request.
 */
const sqlite = (await storeTestTargets()).find((target) => target.name === 'sqlite')!;

let fixture: GatewayFixture | undefined;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await fixture?.cleanup();
});

async function listen(gateway: GatewayFixture['gateway']): Promise<URL> {
  const handler = createMcpHttpHandler({ executor: gateway, auth: 'persona', mode: 'full' });
  const server: ServerType = serve({
    fetch: (request) => handler.fetch(request),
    port: 0,
    hostname: '127.0.0.1',
  });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  cleanups.push(async () => {
    await handler.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return new URL(`http://127.0.0.1:${(server.address() as { port: number }).port}/mcp`);
}

describe('MCP HTTP with gateway personas', () => {
  it('serves a persona its scoped tools, refuses the rest as protocol errors, and honours revocation', async () => {
    fixture = await createGatewayFixture(sqlite);
    const { persona, token } = await fixture.gateway.personas.create({ name: 'reader', scopes: ['read'] });
    const url = await listen(fixture.gateway);

    const client = new Client({ name: 'persona-test', version: '0.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(url, {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    cleanups.push(() => client.close());

    const { tools } = await client.listTools();
    const readTools = catalog.filter((tool) => tool.access === 'read').map((tool) => tool.name);
    expect(tools.map((tool) => tool.name).sort()).toEqual(readTools.sort());

    const me = (await client.callTool({ name: 'user_me_get', arguments: {} })) as CallToolResult;
    expect(me.isError, JSON.stringify(me.structuredContent)).toBeFalsy();

    const denied = await client
      .callTool({ name: 'video_delete', arguments: { video_id: 'v1' } })
      .catch((error: unknown) => error);
    expect(denied).toBeInstanceOf(McpError);
    expect((denied as McpError).code).toBe(ErrorCode.InvalidRequest);
    expect((denied as McpError).data).toMatchObject({ code: 'scope_denied' });
    const audit = (await fixture.gateway.queryAudit({ order: 'asc', limit: 10, kind: 'call' })).records;
    expect(audit.map((record) => [record.tool, record.surface, record.outcome, record.personaId])).toEqual([
      ['user_me_get', 'mcp', 'ok', persona.id],
      ['video_delete', 'mcp', 'denied', persona.id],
    ]);

    await fixture.gateway.personas.revoke('reader');
    await expect(client.listTools()).rejects.toThrow(/401|revoked|unauthenticated/i);
  });
});
