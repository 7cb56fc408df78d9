import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../../src/gateway/gateway.ts';
import { createStoreVaultStorage } from '../../src/gateway/store-vault-storage.ts';
import { createHeyGenClient } from '../../src/heygen/index.ts';
import { storeTestTargets } from '../../src/store/store-test-targets.ts';
import { createLuaRunner } from '../../src/surfaces/lua/create-lua-runner.ts';
import { createMcpServer } from '../../src/surfaces/mcp/mcp-server.ts';
import { createKeyring } from '../../src/vault/keyring.ts';
import { generateMasterKey } from '../../src/vault/master-key.ts';
import { openVault } from '../../src/vault/vault.ts';
import { createRoutingHarness, type RoutingHarness } from './routing-harness.ts';

const sqlite = (await storeTestTargets()).find((target) => target.name === 'sqlite');
if (!sqlite) throw new Error('the SQLite store target is missing');

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * The full gateway over the routing harness's router and emulator accounts (`default` = k1, `work` = k2),
 * served over MCP to the real SDK client. The router's waits advance the emulator's manual clock.
 */
async function setup(
  rateLimit?: { requestsPerMinute: number },
  server: { maxWaitMs?: number } = {},
): Promise<{
  harness: RoutingHarness;
  gateway: Gateway;
  client: Client;
}> {
  const harness = await createRoutingHarness({
    accounts: ['default', 'work'],
    ...(rateLimit ? { rateLimit } : {}),
  });
  cleanups.push(() => harness.close());
  const fixture = await sqlite!.create();
  cleanups.push(() => fixture.cleanup());
  const gateway = createGateway({
    store: fixture.store,
    vault: await openVault({
      keyring: createKeyring({ env: { HEYGATE_MASTER_KEY: generateMasterKey().key.toString('base64') } }),
      storage: createStoreVaultStorage(fixture.store),
    }),
    clock: harness.clock,
    defaultAccount: { apiKey: harness.keyOf('default'), source: 'test' },
    clientFactory: (account) =>
      createHeyGenClient({
        apiKey: account.apiKey,
        baseUrl: 'http://emulator.local',
        fetch: harness.emulator.fetch,
        clock: harness.clock,
        retry: { maxRetryAfterMs: 0 },
        env: {},
      }),
    router: harness.router,
  });
  cleanups.push(() => gateway.close());
  await gateway.accounts.add('work', harness.keyOf('work'), { skipVerify: true });
  const mcp = await createMcpServer({ executor: gateway, mode: 'full', ...server });
  const client = new Client({ name: 'routing-test', version: '0.0.0' });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await Promise.all([mcp.connect(serverTransport), client.connect(clientTransport)]);
  cleanups.push(() => client.close());
  return { harness, gateway, client };
}

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

describe('routing over MCP and Lua', () => {
  it('marks a replayed create in _meta["heygate/routing"] and renders once', async () => {
    const { harness, client } = await setup();
    const input = harness.videoInput('Once only, over MCP.');
    const first = await call(client, 'video_create', input);
    const again = await call(client, 'video_create', input);
    expect(first.isError).toBeFalsy();
    expect(again.isError).toBeFalsy();
    expect(first._meta?.['heygate/routing']).toEqual({ account: 'default' });
    expect(again._meta?.['heygate/routing']).toEqual({ account: 'default', replayed: true });
    expect(again.structuredContent).toEqual(first.structuredContent);
    expect(harness.renders()).toBe(1);
  });

  it('applies the server-wide budget (heygate mcp --max-wait) to calls that name none', async () => {
    const { harness, client } = await setup({ requestsPerMinute: 1 }, { maxWaitMs: 3_600_000 });
    const created = await call(client, 'video_create', harness.videoInput());
    const videoId = (created.structuredContent as { video_id: string }).video_id;
    const before = harness.clock.now();
    const read = await call(client, 'video_get', { video_id: videoId });
    expect(read.isError, JSON.stringify(read.structuredContent)).toBeFalsy();
    expect(read.structuredContent).toMatchObject({ id: videoId });
    expect(harness.clock.now()).toBeGreaterThan(before);
    expect(harness.requests('work', 'video_get')).toBe(0);
  });

  it('announces max_wait_seconds once (server instructions), not in every schema, and refuses a bad one naming the field', async () => {
    const { harness, client } = await setup();
    const { tools } = await client.listTools();
    expect(tools.length).toBeGreaterThan(0);
    // One sentence in the instructions instead of a property in 187 schemas (~10K tokens of full mode).
    expect(client.getInstructions()).toContain('max_wait_seconds');
    for (const tool of tools)
      expect(Object.keys(tool.inputSchema.properties ?? {})).not.toContain('max_wait_seconds');
    const bad = await call(client, 'video_get', { video_id: 'abc', max_wait_seconds: -1 });
    expect(bad.isError).toBe(true);
    expect(bad.structuredContent).toMatchObject({
      error: { code: 'invalid_input', field: 'max_wait_seconds' },
    });
    expect(harness.requests('default')).toBe(0);
  });

  it('lets a call that cannot move wait for its cooling-down account within max_wait_seconds', async () => {
    const { harness, gateway, client } = await setup({ requestsPerMinute: 1 });
    const created = await call(client, 'video_create', harness.videoInput());
    expect(created.isError).toBeFalsy();
    const videoId = (created.structuredContent as { video_id: string }).video_id;

    // The video exists on `default` only, so reading it cannot move to `work`: without a budget the
    // 429 comes back at once as rate_limited, naming the account and when it frees up.
    const refused = await call(client, 'video_get', { video_id: videoId });
    expect(refused.isError).toBe(true);
    const error = (refused.structuredContent as { error: Record<string, unknown> }).error;
    expect(error).toMatchObject({ code: 'rate_limited', account: 'default' });
    const retryAfterMs = error.retry_after_ms as number;
    expect(retryAfterMs).toBeGreaterThan(0);
    const before = harness.clock.now();

    // With a budget longer than the cooldown the router waits it out on `default` and the read succeeds.
    const waited = await call(client, 'video_get', {
      video_id: videoId,
      max_wait_seconds: Math.ceil(retryAfterMs / 1000) + 60,
    });
    expect(waited.isError).toBeFalsy();
    expect(waited.structuredContent).toMatchObject({ id: videoId });
    expect(waited._meta?.['heygate/routing']).toEqual({ account: 'default' });
    expect(harness.clock.now() - before).toBeGreaterThanOrEqual(retryAfterMs);
    expect(harness.requests('work', 'video_get')).toBe(0);

    // A budget shorter than the cooldown still answers rate_limited.
    const short = await call(client, 'video_get', { video_id: videoId, max_wait_seconds: 1 });
    expect(short.structuredContent).toMatchObject({ error: { code: 'rate_limited', account: 'default' } });

    const audit = (await gateway.queryAudit({ order: 'asc', tool: 'video_get' })).records;
    expect(audit.map((record) => record.outcome)).toEqual(['rate_limited', 'ok', 'rate_limited']);
    const routing = JSON.parse(audit[1]?.routing ?? 'null') as {
      attempts: { account: string; outcome: string }[];
    };
    expect(routing.attempts.at(-1)).toEqual({ account: 'default', outcome: 'ok' });
  });

  it('takes the wait budget from a Lua call option too', async () => {
    const { harness, gateway } = await setup({ requestsPerMinute: 1 });
    const runner = createLuaRunner({ executor: gateway });
    const result = await runner.run(`
      local heygen = app.integrations.heygen
      local created = heygen.video_create(${luaTable(harness.videoInput())})
      local ok, err = pcall(heygen.video_get, { video_id = created.video_id })
      local video = heygen.video_get({ video_id = created.video_id }, { max_wait_seconds = 600 })
      return { first = err.code, account = err.account, id = video.id, created = created.video_id }
    `);
    expect(result.error).toBeUndefined();
    const value = result.value as Record<string, unknown>;
    expect(value).toMatchObject({ first: 'rate_limited', account: 'default', id: value.created });

    const bad = await runner.run(
      `return app.integrations.heygen.video_get({ video_id = "v" }, { max_wait_seconds = "soon" })`,
    );
    expect(bad.error).toMatchObject({ code: 'invalid_input' });
    expect(bad.error?.message).toMatch(/max_wait_seconds/);
  });
});

/** A flat Lua table literal of string values. */
function luaTable(value: Record<string, unknown>): string {
  return `{ ${Object.entries(value)
    .map(([key, item]) => `${key} = ${JSON.stringify(String(item))}`)
    .join(', ')} }`;
}
