import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPersona, startServeUnderAttack, type ServeUnderAttack } from './serve-harness.ts';

/**
 * Lua on a server (issue 10 item 5, ADR 0020), against a real `heygate serve --lua`: scripts run in worker
 * threads, so `/healthz` keeps answering while four scripts spin; one persona runs at most two scripts at once;
 * and the Lua tools need the `lua` grant — a persona holding only `read write` is refused the same way over
 * `/mcp` and over `heygate mcp` (stdio).
 */
const root = fileURLToPath(new URL('../..', import.meta.url));

async function mcpClient(base: string, token: string): Promise<Client> {
  const client = new Client({ name: 'lua-probe', version: '0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${base}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  return client;
}

async function executeLua(client: Client, code: string): Promise<CallToolResult> {
  return (await client.callTool({ name: 'execute_lua', arguments: { code } }, undefined, {
    timeout: 120_000,
  })) as CallToolResult;
}

function errorOf(result: CallToolResult): Record<string, unknown> {
  const content = result.structuredContent as { error?: Record<string, unknown> } | undefined;
  return content?.error ?? {};
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

describe('heygate serve: Lua off the event loop', () => {
  let target: ServeUnderAttack;
  let first: Client;
  let second: Client;
  let attacker: Client;
  let firstToken: string;

  beforeAll(async () => {
    target = await startServeUnderAttack(['--lua']);
    // Personas are read from the store on every call: created after the server started, they work at once.
    firstToken = await createPersona(target.home, 'scripter-one', ['read', 'lua']);
    const secondToken = await createPersona(target.home, 'scripter-two', ['read', 'lua']);
    [first, second, attacker] = await Promise.all([
      mcpClient(target.base, firstToken),
      mcpClient(target.base, secondToken),
      mcpClient(target.base, target.token),
    ]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([first?.close(), second?.close(), attacker?.close()]);
    await target?.stop();
  });

  it('runs a script whose calls go through execute() as the persona', async () => {
    const result = await executeLua(first, 'return app.integrations.heygen.user_me_get({}).username ~= nil');
    expect(result.isError ?? false).toBe(false);
    expect(result.structuredContent).toMatchObject({
      ok: true,
      value: true,
      calls: [{ tool: 'user_me_get', ok: true }],
    });
  }, 120_000);

  it('answers /healthz promptly while four scripts spin, and caps scripts per persona', async () => {
    // Start every thread of the pool first (each loads the catalog once), as a server's first scripts do.
    await Promise.all([first, first, second, second].map((client) => executeLua(client, 'return 1')));

    const spin = 'while true do end';
    const spinning = [first, first, second, second].map((client) => executeLua(client, spin));
    // Give the four scripts time to reach their workers, then probe on a fixed schedule (every 25 ms, not
    // waiting for answers): a stalled event loop would make every probe sent during the stall late.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const third = executeLua(first, 'return "a third script"');
    const probes: Promise<number>[] = [];
    const until = Date.now() + 2_000;
    while (Date.now() < until) {
      const started = performance.now();
      probes.push(
        fetch(`${target.base}/healthz`).then(async (response) => {
          expect(response.status).toBe(200);
          await response.text();
          return performance.now() - started;
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const latencies = await Promise.all(probes);
    const refused = await third;
    const results = await Promise.all(spinning);
    const figures = {
      probes: latencies.length,
      p50: Math.round(percentile(latencies, 50)),
      p90: Math.round(percentile(latencies, 90)),
      max: Math.round(Math.max(...latencies)),
    };
    console.log(`healthz while four Lua scripts spin (ms): ${JSON.stringify(figures)}`);
    // On the event loop the same probes waited seconds (bench/results/lua.json, server.fourSpinningScripts.eventLoop: p50 1.8 s).
    expect(figures.p50).toBeLessThan(250);

    // Each spinning script was stopped by its own limit, not by the server giving up.
    for (const result of results) {
      expect(result.structuredContent).toMatchObject({ ok: false });
      expect(['lua_cpu_limit', 'lua_instruction_limit']).toContain(
        (result.structuredContent as { error: { code: string } }).error.code,
      );
    }
    // The persona's third script at once was refused, naming the cap.
    expect(refused.isError).toBe(true);
    expect(errorOf(refused)).toMatchObject({ code: 'rate_limited', retryable: true });
    expect(String(errorOf(refused).message)).toMatch(/scripter-one.*2 Lua scripts at once.*cap 2/);

    // The server is healthy afterwards and runs the next script.
    const after = await executeLua(first, 'return 40 + 2');
    expect(after.structuredContent).toMatchObject({ ok: true, value: 42 });
  }, 120_000);

  it('refuses a persona without the lua grant, over /mcp and over stdio the same way', async () => {
    const before = target.emulator.inspect.requests().length;
    const overHttp = await executeLua(attacker, 'return app.integrations.heygen.user_me_get({})');
    const docsOverHttp = (await attacker.callTool({
      name: 'lua_read_doc',
      arguments: { path: 'integrations.heygen' },
    })) as CallToolResult;

    const env = Object.fromEntries(
      Object.entries(process.env).filter(
        (entry): entry is [string, string] => entry[1] !== undefined && entry[0] !== 'HEYGEN_API_KEY',
      ),
    );
    const stdio = new Client({ name: 'lua-probe-stdio', version: '0' });
    const transport = new StdioClientTransport({
      command: 'npx',
      args: ['node', 'bin/heygate.js', 'mcp', '--mode', 'code', '--persona', target.token],
      cwd: root,
      env: {
        ...env,
        HEYGATE_HOME: target.home,
        HEYGEN_API_KEY: target.emulator.keys[0]!,
        HEYGEN_BASE_URL: target.emulator.url!,
      },
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await stdio.connect(transport).catch((error: unknown) => {
      throw new Error(`heygate mcp did not start: ${stderr}`, { cause: error });
    });
    try {
      const overStdio = await executeLua(stdio, 'return app.integrations.heygen.user_me_get({})');
      for (const result of [overHttp, overStdio, docsOverHttp]) {
        expect(result.isError).toBe(true);
        expect(errorOf(result)).toMatchObject({ code: 'scope_denied', retryable: false });
      }
      expect(errorOf(overStdio)).toEqual(errorOf(overHttp));
      expect(String(errorOf(overHttp).message)).toBe(
        'Persona "attacker" may not call execute_lua (access lua, area lua).',
      );
      expect(String(errorOf(overHttp).hint)).toContain('personas update attacker --add lua.');
      // Nor does it see them: tools/list shows the Lua tools only to personas with the grant.
      const names = async (client: Client) => (await client.listTools()).tools.map((tool) => tool.name);
      expect(await names(attacker)).not.toContain('execute_lua');
      expect(await names(stdio)).not.toContain('lua_read_doc');
      expect(await names(first)).toEqual(expect.arrayContaining(['execute_lua', 'lua_read_doc']));
    } finally {
      await stdio.close();
    }
    // Nothing reached "HeyGen": the script never ran.
    expect(target.emulator.inspect.requests().length).toBe(before);
  }, 120_000);
});
