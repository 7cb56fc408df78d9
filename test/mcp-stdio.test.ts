import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `heygate mcp --sandbox` as an MCP client launches it: a separate process speaking MCP over stdio, with
 * the in-process HeyGen emulator behind it (real time, so this test creates a video and cancels its wait
 * rather than waiting minutes of render; the in-memory and HTTP suites wait for completion on a manual
 * clock).
 */
const root = fileURLToPath(new URL('..', import.meta.url));
let client: Client;
let stderr = '';
// Its own data folder: a test must never write into the user's ~/.heygate.
const home = mkdtempSync(join(tmpdir(), 'heygate-mcp-stdio-'));

function call(name: string, args: Record<string, unknown>) {
  return client.callTool({
    name: 'call_tool',
    arguments: { name, arguments: args },
  }) as Promise<CallToolResult>;
}

function content(result: CallToolResult): Record<string, any> {
  return result.structuredContent as Record<string, any>;
}

beforeAll(async () => {
  const env = {
    ...Object.fromEntries(
      Object.entries(process.env).filter(
        (entry): entry is [string, string] => entry[1] !== undefined && entry[0] !== 'HEYGEN_API_KEY',
      ),
    ),
    HEYGATE_HOME: home,
  };
  const transport = new StdioClientTransport({
    command: 'npx',
    args: ['node', 'bin/heygate.js', 'mcp', '--sandbox'],
    cwd: root,
    env,
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  client = new Client({ name: 'stdio-test', version: '0.0.0' });
  await client.connect(transport);
});

afterAll(async () => {
  await client?.close();
  rmSync(home, { recursive: true, force: true });
});

describe('heygate mcp over stdio', () => {
  it('serves compact mode by default for the whole catalog and says so on stderr', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(['search_tools', 'describe_tool', 'call_tool']);
    expect(client.getServerVersion()?.name).toBe('heygate');
    expect(stderr).toContain('compact mode');
  });

  it('calls a read tool and returns a structured error naming the bad field', async () => {
    const me = await call('user_me_get', {});
    expect(me.isError, JSON.stringify(me.structuredContent)).toBeFalsy();
    const bad = await call('video_get', {});
    expect(bad.isError).toBe(true);
    expect(content(bad).error).toMatchObject({ code: 'invalid_input', field: 'video_id' });
  });

  it('creates a video, reports wait progress, and survives a cancelled wait', async () => {
    const looks = content(await call('avatar_look_list', { limit: 1 }));
    const voices = content(await call('voice_list', { limit: 1 }));
    const created = await call('video_create', {
      type: 'avatar',
      avatar_id: looks.data[0].id,
      voice_id: voices.data[0].voice_id,
      script: 'Hello over stdio.',
    });
    expect(created.isError, JSON.stringify(created.structuredContent)).toBeFalsy();
    const videoId = content(created).video_id as string;
    expect(typeof videoId).toBe('string');

    const controller = new AbortController();
    let firstProgress!: () => void;
    const progressed = new Promise<void>((resolve) => (firstProgress = resolve));
    const waiting = client.callTool(
      { name: 'call_tool', arguments: { name: 'video_wait', arguments: { video_id: videoId } } },
      undefined,
      { signal: controller.signal, onprogress: () => firstProgress() },
    );
    await progressed;
    controller.abort(new Error('user cancelled'));
    await expect(waiting).rejects.toThrow();

    // The server is still healthy and the video still exists.
    const status = await call('video_get', { video_id: videoId });
    expect(content(status).id).toBe(videoId);
  });
});
