import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Same tools on every transport (issue 12): for each mode and option, `heygate serve` exposes at /mcp exactly
 * the tools/list of `heygate mcp` over stdio — the Lua tools only in code mode or when asked for (`--lua`).
 * Both are the real processes in sandbox mode, listed with the real SDK client.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const homes: string[] = [];
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const child of children) {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  }
  for (const home of homes) rmSync(home, { recursive: true, force: true });
});

function environment(): Record<string, string> {
  const home = mkdtempSync(join(tmpdir(), 'heygate-parity-'));
  homes.push(home);
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && entry[0] !== 'HEYGEN_API_KEY',
    ),
  );
  return { ...env, HEYGATE_HOME: home, HEYGATE_MCP_TOKEN: 'parity-token' };
}

async function overStdio(args: string[]): Promise<Tool[]> {
  const client = new Client({ name: 'parity', version: '0' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [join(root, 'bin/heygate.js'), 'mcp', '--sandbox', ...args],
      cwd: root,
      env: environment(),
      stderr: 'pipe',
    }),
  );
  try {
    return (await client.listTools()).tools;
  } finally {
    await client.close();
  }
}

async function overHttp(args: string[]): Promise<Tool[]> {
  const child = spawn(
    process.execPath,
    [join(root, 'bin/heygate.js'), 'serve', '--sandbox', '--port', '0', ...args],
    {
      env: environment(),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  let output = '';
  const base = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/listening on (http:\/\/[^\s]+)/);
      if (match?.[1] && output.includes('admin:')) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`heygate serve exited with ${code}: ${output}`)));
  });
  const client = new Client({ name: 'parity', version: '0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${base}/mcp`), {
      requestInit: { headers: { authorization: 'Bearer parity-token' } },
    }),
  );
  try {
    return (await client.listTools()).tools;
  } finally {
    await client.close();
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

const cases: { name: string; stdio: string[]; http: string[]; lua: boolean }[] = [
  { name: 'compact', stdio: ['--mode', 'compact'], http: ['--mcp-mode', 'compact'], lua: false },
  {
    name: 'compact with Lua',
    stdio: ['--mode', 'compact', '--lua'],
    http: ['--mcp-mode', 'compact', '--lua'],
    lua: true,
  },
  { name: 'full', stdio: ['--mode', 'full'], http: ['--mcp-mode', 'full'], lua: false },
  { name: 'code', stdio: ['--mode', 'code'], http: ['--mcp-mode', 'code'], lua: true },
];

describe('the same MCP tools over stdio and HTTP', () => {
  it.each(cases)(
    '$name',
    async ({ stdio, http, lua }) => {
      const [viaStdio, viaHttp] = await Promise.all([overStdio(stdio), overHttp(http)]);
      expect(viaHttp).toEqual(viaStdio);
      expect(viaStdio.some((tool) => tool.name === 'execute_lua')).toBe(lua);
    },
    60_000,
  );
});
