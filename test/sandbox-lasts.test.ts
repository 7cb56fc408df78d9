import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The shared sandbox (ADR 0037): every `--sandbox` command of one HEYGATE_HOME talks to the same detached
 * emulator, so a video one CLI process makes is fetched, listed and downloaded by the next process, by a Lua
 * script and by an MCP client, and `heygate sandbox stop|reset` ends it. Each step is a separate `heygate`
 * process, as a user runs them.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin/heygate.js');
const home = mkdtempSync(join(tmpdir(), 'heygate-sandbox-lasts-'));
const env: Record<string, string> = {
  PATH: process.env.PATH ?? '',
  HEYGATE_HOME: home,
  HEYGATE_SANDBOX_RENDER_SECONDS: '2',
};

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function heygate(args: string[], input?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [bin, ...args],
      { cwd: root, env, timeout: 60_000, maxBuffer: 16 << 20 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

function json(run: Run): Record<string, any> {
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Record<string, any>;
}

afterAll(async () => {
  await heygate(['sandbox', 'stop']);
  rmSync(home, { recursive: true, force: true });
});

describe('the shared sandbox', { timeout: 120_000 }, () => {
  let video: Record<string, any>;

  it('starts on the first sandbox command and records itself in HEYGATE_HOME', async () => {
    expect(json(await heygate(['sandbox', 'status', '--json']))).toEqual({ running: false });
    const look = json(await heygate(['--sandbox', 'call', 'avatar_look_list', '--json', '{"limit":1}']));
    const status = json(await heygate(['sandbox', 'status', '--json']));
    expect(status).toMatchObject({ running: true, renderSeconds: 2 });
    expect(look.data[0].preview_image_url).toContain(status.url);
    const record = JSON.parse(readFileSync(join(home, 'sandbox.json'), 'utf8'));
    expect(record).toMatchObject({ pid: status.pid, url: status.url });
  });

  it('keeps a video made by one process for the next: get, list, download', async () => {
    const created = json(
      await heygate([
        '--sandbox',
        'call',
        'video_create',
        '--wait',
        '--json',
        '{"type":"avatar","avatar_id":"Abigail_office_front_public","script":"Made by one process."}',
      ]),
    );
    expect(created.status).toBe('completed');
    video = created;

    const got = json(
      await heygate(['--sandbox', 'call', 'video_get', '--json', JSON.stringify({ video_id: video.id })]),
    );
    expect(got).toMatchObject({ id: video.id, status: 'completed' });

    const listed = json(await heygate(['--sandbox', 'call', 'video_list', '--json', '{"limit":10}']));
    expect(listed.data.map((entry: { id: string }) => entry.id)).toContain(video.id);

    // The creating process has exited; its media URL still answers.
    const download = await fetch(video.video_url);
    expect(download.status).toBe(200);
    expect((await download.arrayBuffer()).byteLength).toBeGreaterThan(0);
  });

  it('serves the same video to a Lua script', async () => {
    const run = await heygate(
      ['--sandbox', 'lua', '-'],
      `local v = app.integrations.heygen.video_get({ video_id = "${video.id}" }) return { id = v.id, status = v.status }`,
    );
    expect(json(run)).toEqual({ id: video.id, status: 'completed' });
  });

  it('serves the same video to an MCP client of `heygate mcp --sandbox`', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [bin, 'mcp', '--sandbox'],
      cwd: root,
      env,
      stderr: 'pipe',
    });
    const client = new Client({ name: 'sandbox-lasts', version: '0.0.0' });
    await client.connect(transport);
    try {
      const result = (await client.callTool({
        name: 'call_tool',
        arguments: { name: 'video_get', arguments: { video_id: video.id } },
      })) as CallToolResult;
      expect(result.isError ?? false).toBe(false);
      expect(result.structuredContent).toMatchObject({ id: video.id, status: 'completed' });
    } finally {
      await client.close();
    }
  });

  it('ends with `sandbox stop`, and `sandbox reset` starts an empty one', async () => {
    const before = json(await heygate(['sandbox', 'status', '--json']));
    expect((await heygate(['sandbox', 'stop'])).stdout).toContain(`pid ${before.pid}`);
    expect(existsSync(join(home, 'sandbox.json'))).toBe(false);
    expect(json(await heygate(['sandbox', 'status', '--json']))).toEqual({ running: false });
    await expect(fetch(video.video_url)).rejects.toThrow();

    const reset = await heygate(['sandbox', 'reset']);
    expect(reset.stdout).toContain('sandbox running at');
    const gone = await heygate([
      '--sandbox',
      'call',
      'video_get',
      '--json',
      JSON.stringify({ video_id: video.id }),
    ]);
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toMatch(/not.found|404/i);
  });

  it('starts one sandbox when several commands start at once', async () => {
    await heygate(['sandbox', 'stop']);
    const runs = await Promise.all(
      [1, 2, 3].map(() => heygate(['--sandbox', 'call', 'avatar_look_list', '--json', '{"limit":1}'])),
    );
    const status = json(await heygate(['sandbox', 'status', '--json']));
    for (const run of runs) expect(json(run).data[0].preview_image_url).toContain(status.url);
  });

  it('names HEYGATE_SANDBOX when its value is wrong, before sending anything', async () => {
    const run = await new Promise<Run>((resolve) =>
      execFile(
        process.execPath,
        [bin, '--sandbox', 'call', 'user_me_get'],
        { cwd: root, env: { ...env, HEYGATE_SANDBOX: 'forever' } },
        (error, stdout, stderr) =>
          resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr }),
      ),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('HEYGATE_SANDBOX must be "shared" or "ephemeral"');
  });

  it('keeps the per-command emulator with HEYGATE_SANDBOX=ephemeral', async () => {
    const status = json(await heygate(['sandbox', 'status', '--json']));
    const ephemeral = await new Promise<Run>((resolve) =>
      execFile(
        process.execPath,
        [bin, '--sandbox', 'call', 'avatar_look_list', '--json', '{"limit":1}'],
        { cwd: root, env: { ...env, HEYGATE_SANDBOX: 'ephemeral' } },
        (error, stdout, stderr) => resolve({ code: error ? 1 : 0, stdout, stderr }),
      ),
    );
    expect(json(ephemeral).data[0].preview_image_url).not.toContain(status.url);
  });
});
