import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServeUnderAttack, type ServeUnderAttack } from './serve-harness.ts';

/**
 * The attacker over MCP, whose caller is a model: `heygate mcp` over stdio (a real process, sandbox) and
 * `/mcp` of a real `heygate serve` (the real SDK client over Streamable HTTP). Neither reads a local file
 * or fetches a private address, whatever the model sends.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));

function refusal(result: CallToolResult): { code?: string; field?: string } {
  expect(result.isError).toBe(true);
  return ((result.structuredContent as { error?: { code?: string; field?: string } }).error ?? {}) as {
    code?: string;
    field?: string;
  };
}

describe('heygate mcp (stdio): no file, no private address', () => {
  const home = mkdtempSync(join(tmpdir(), 'heygate-attack-stdio-'));
  const secret = join(home, 'master.key');
  let client: Client;
  beforeAll(async () => {
    const env = Object.fromEntries(
      Object.entries(process.env).filter(
        (entry): entry is [string, string] => entry[1] !== undefined && entry[0] !== 'HEYGEN_API_KEY',
      ),
    );
    const transport = new StdioClientTransport({
      command: 'npx',
      args: ['node', 'bin/heygate.js', 'mcp', '--sandbox', '--mode', 'full', '--areas', 'assets'],
      cwd: root,
      env: { ...env, HEYGATE_HOME: home },
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    client = new Client({ name: 'attacker', version: '0' });
    await client.connect(transport).catch((error: unknown) => {
      throw new Error(`heygate mcp did not start: ${stderr}`, { cause: error });
    });
  }, 60_000);
  afterAll(async () => {
    await client?.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('the vault key it would leak exists', () => {
    expect(existsSync(secret)).toBe(true);
  });

  it.each([secret, '/etc/passwd', 'master.key', join(root, 'package.json')])(
    'refuses { path: %s }',
    async (path) => {
      const error = refusal(
        (await client.callTool({ name: 'asset_create', arguments: { file: { path } } })) as CallToolResult,
      );
      expect(error).toMatchObject({ code: 'invalid_input', field: 'file.path' });
    },
  );

  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://[::ffff:127.0.0.1]:6379/',
    'http://2130706433/',
  ])('refuses { url: %s }', async (url) => {
    const error = refusal(
      (await client.callTool({ name: 'asset_create', arguments: { file: { url } } })) as CallToolResult,
    );
    expect(error).toMatchObject({ code: 'invalid_input', field: 'file.url' });
  });
});

describe('/mcp of heygate serve: no file, no private address', () => {
  let target: ServeUnderAttack;
  let client: Client;
  beforeAll(async () => {
    target = await startServeUnderAttack();
    client = new Client({ name: 'attacker', version: '0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${target.base}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${target.token}` } },
      }),
    );
  }, 60_000);
  afterAll(async () => {
    await client?.close();
    await target?.stop();
  });

  it('refuses paths and private URLs through call_tool, sending nothing to HeyGen', async () => {
    const before = target.emulator.inspect.requests().length;
    for (const file of [
      { path: join(target.home, 'master.key') },
      { path: '/etc/passwd' },
      { url: 'http://127.0.0.1:22/' },
      { url: 'http://[fd00:ec2::254]/latest/meta-data/' },
    ]) {
      const result = (await client.callTool({
        name: 'call_tool',
        arguments: { name: 'asset_create', arguments: { file } },
      })) as CallToolResult;
      expect(refusal(result)).toMatchObject({ code: 'invalid_input' });
    }
    expect(target.emulator.inspect.requests().length).toBe(before);
  });
});
