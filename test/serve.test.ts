import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `npm start` runs `heygate serve`: with no HeyGen key it must come up in sandbox mode and answer tool calls,
 * MCP and the admin API. This drives the real process over real sockets.
 */
const root = new URL('..', import.meta.url).pathname;
const home = mkdtempSync(join(tmpdir(), 'heygate-serve-'));
let child: ChildProcess;
let base = '';

beforeAll(async () => {
  child = spawn(process.execPath, [join(root, 'bin/heygate.js'), 'serve', '--port', '0'], {
    env: { PATH: process.env.PATH, HEYGATE_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  base = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/listening on (http:\/\/[^\s]+)/);
      if (match?.[1] && output.includes('admin:')) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`heygate serve exited with ${code}: ${output}`)));
  });
  expect(output).toContain('mode:   sandbox');
});

afterAll(async () => {
  if (child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(home, { recursive: true, force: true });
});

describe('heygate serve (sandbox, no key configured)', () => {
  it('reports health and sandbox mode', async () => {
    const response = await fetch(`${base}/healthz`);
    expect(await response.json()).toMatchObject({ ok: true, mode: 'sandbox' });
  });

  it('calls a tool over HTTP through the gateway', async () => {
    const response = await fetch(`${base}/v1/tools/voice_list`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: { limit: 1 } }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { data: Array<{ voice_id: string }> }; account: string };
    expect(body.account).toBe('default');
    expect(body.data.data[0]?.voice_id).toBeTypeOf('string');
  });

  it('answers bad input with problem+json naming the field', async () => {
    const response = await fetch(`${base}/v1/tools/video_get`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: { video_id: 7 } }),
    });
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const body = (await response.json()) as { code: string; error: { field: string } };
    expect(body.code).toBe('invalid_input');
    expect(body.error.field).toBe('video_id');
  });

  it('protects MCP and the admin API with persona tokens', async () => {
    const mcp = await fetch(`${base}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {} }),
    });
    expect(mcp.status).toBe(401);
    const admin = await fetch(`${base}/admin/personas`);
    expect(admin.status).toBe(401);
  });
});
