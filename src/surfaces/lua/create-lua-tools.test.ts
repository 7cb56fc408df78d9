import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../catalog/index.ts';
import { createLocalExecutor } from '../../gateway/local-executor.ts';
import type { ExecuteRequest, Executor } from '../../gateway/types.ts';
import { createHeyGenClient } from '../../heygen/index.ts';
import { startEmulator, type StartedEmulator } from '../../test/index.ts';
import { createMcpServer } from '../mcp/index.ts';
import { createLuaRunner } from './create-lua-runner.ts';
import { createLuaTools } from './create-lua-tools.ts';

/**
 * The four code-mode tools served by the real MCP server to the real SDK client (in-memory transports),
 * running scripts against the emulator through the real executor.
 */
let started: StartedEmulator;
let client: Client;
const requests: ExecuteRequest[] = [];
const tools = () =>
  createLuaTools({ runner: createLuaRunner({ executor: recording }), personaToken: 'server-persona' });
let recording: Executor;

beforeAll(async () => {
  started = await startEmulator();
  const http = createHeyGenClient({
    ...started.clientOptions,
    clock: started.emulator.clock,
    sleep: async (ms) => started.advance(ms),
  });
  const executor = createLocalExecutor({ client: http });
  recording = {
    execute(request) {
      requests.push(request);
      return executor.execute(request);
    },
    visibleTools: (caller) => executor.visibleTools(caller),
  };
  const mcp = await createMcpServer({ executor: recording, mode: 'code', extraTools: tools() });
  client = new Client({ name: 'lua-tools-test', version: '0.0.0' });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await Promise.all([mcp.connect(serverTransport), client.connect(clientTransport)]);
});

afterAll(async () => {
  await client.close();
  await started.close();
});

async function call(
  name: string,
  args: Record<string, unknown>,
  options?: Parameters<Client['callTool']>[2],
) {
  const result = (await client.callTool({ name, arguments: args }, undefined, options)) as CallToolResult;
  return { result, data: result.structuredContent as Record<string, any> };
}

describe('code-mode tools over MCP', () => {
  it('lists four tools with a fixed footprint under 1,000 tokens', async () => {
    const { tools: listed } = await client.listTools();
    expect(listed.map((tool) => tool.name).sort()).toEqual([
      'execute_lua',
      'lua_list_docs',
      'lua_read_doc',
      'lua_search_docs',
    ]);
    const tokens = countTokens(JSON.stringify(listed));
    expect(tokens).toBeLessThanOrEqual(1000);
    const execute = listed.find((tool) => tool.name === 'execute_lua')!;
    expect(execute.inputSchema).toMatchObject({ type: 'object', required: ['code'] });
    expect(execute.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: true,
      openWorldHint: true,
    });
    for (const name of ['lua_read_doc', 'lua_list_docs', 'lua_search_docs']) {
      expect(listed.find((tool) => tool.name === name)!.annotations).toMatchObject({ readOnlyHint: true });
    }
  });

  it('execute_lua returns the value, the printed output and the calls; calls run as the persona', async () => {
    const before = requests.length;
    const { result, data } = await call('execute_lua', {
      code: 'local avatars = app.integrations.heygen.list_avatars({})\nprint(#avatars.data.avatars .. " avatars")\nreturn avatars.data.avatars[1].avatar_id',
    });
    expect(result.isError).toBeFalsy();
    expect(data.ok).toBe(true);
    expect(typeof data.value).toBe('string');
    expect(data.output).toMatch(/^\d+ avatars\n$/);
    expect(data.calls).toEqual([
      expect.objectContaining({ tool: 'list_avatars', ok: true, duration_ms: expect.any(Number) }),
    ]);
    expect(requests.slice(before)).toEqual([
      expect.objectContaining({ tool: 'list_avatars', surface: 'lua', personaToken: 'server-persona' }),
    ]);
  });

  it('execute_lua reports a failed script as data: error code, message and the output so far', async () => {
    const { result, data } = await call('execute_lua', {
      code: 'print("step 1")\nlocal v = app.integrations.heygen.get_video({ video_id = "nope" })',
    });
    expect(result.isError).toBeFalsy();
    expect(data).toMatchObject({
      ok: false,
      output: 'step 1\n',
      error: { code: 'not_found', tool: 'get_video' },
    });
    expect(data.error.message).toMatch(/^script:2: get_video: /);
  });

  it('execute_lua forwards job-wait progress as MCP progress notifications', async () => {
    const progress: number[] = [];
    const { data } = await call(
      'execute_lua',
      {
        code: `
          local heygen = app.integrations.heygen
          local avatar = heygen.list_avatars({}).data.avatars[1].avatar_id
          local voice = heygen.list_voices({}).data.voices[1].voice_id
          local created = heygen.video_create({ type = "avatar", avatar_id = avatar, voice_id = voice, script = "Hi" })
          return heygen.wait_for_video(created.video_id).status
        `,
      },
      { onprogress: (update) => progress.push(update.progress) },
    );
    expect(data).toMatchObject({ ok: true, value: 'completed' });
    expect(progress.length).toBeGreaterThan(0);
  });

  it('rejects arguments that are not what the schema says', async () => {
    const { result, data } = await call('execute_lua', { code: 42 });
    expect(result.isError).toBe(true);
    expect(data.error).toMatchObject({ code: 'invalid_input' });
  });

  it('serves the docs: read, list, search', async () => {
    const read = await call('lua_read_doc', { path: 'integrations.heygen.create_video' });
    expect(read.data.markdown).toContain('# app.integrations.heygen.create_video');
    const namespace = await call('lua_read_doc', { path: 'integrations.heygen' });
    for (const tool of catalog) expect(namespace.data.markdown).toContain(`\`${tool.name}{`);
    const missing = await call('lua_read_doc', { path: 'integrations.heygen.nope' });
    expect(missing.result.isError).toBe(true);
    expect(missing.data.error).toMatchObject({ code: 'invalid_input', field: 'path' });
    const top = await call('lua_list_docs', {});
    expect(top.data.docs.map((entry: { path: string }) => entry.path)).toEqual([
      'lua',
      'integrations.heygen',
    ]);
    const all = await call('lua_list_docs', { prefix: 'integrations.heygen' });
    expect(all.data.docs).toHaveLength(catalog.length + 2);
    const found = await call('lua_search_docs', { query: 'list my avatars', limit: 3 });
    expect(found.data.results.length).toBeGreaterThan(0);
    expect(found.data.results.length).toBeLessThanOrEqual(3);
    expect(found.data.results.some((entry: { path: string }) => entry.path.includes('avatar'))).toBe(true);
  });
});

describe('createLuaTools handlers', () => {
  it('prefer the persona of the call context over the configured one', async () => {
    const execute = tools().find((tool) => tool.name === 'execute_lua')!;
    const before = requests.length;
    await execute.handler(
      { code: 'app.integrations.heygen.get_current_user({})' },
      { signal: new AbortController().signal, personaToken: 'session-persona' },
    );
    expect(requests.slice(before).map((request) => request.personaToken)).toEqual(['session-persona']);
  });
});
