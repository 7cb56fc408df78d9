import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHeyGenClient, createOutputWarnings } from '../src/heygen/index.ts';
import { createLocalExecutor } from '../src/gateway/local-executor.ts';
import { openGateway, type OpenedGateway } from '../src/gateway/open-gateway.ts';
import { startEmulator, type StartedEmulator } from '../src/test/emulator.ts';
import { createCliRuntime } from '../src/surfaces/cli/cli-runtime.ts';
import { main } from '../src/surfaces/cli/main.ts';
import { createHttpApp } from '../src/surfaces/http/create-http-app.ts';
import { createMcpServer } from '../src/surfaces/mcp/mcp-server.ts';

/**
 * Tolerant outputs (issue 13): HeyGen answering a status or a field heygate does not document never fails a
 * call — the data passes unchanged and a warning says so, once per process — while inputs stay strict. The
 * real emulator answers; a thin proxy plays "HeyGen changed": `GET /v3/videos/{id}` gets an undocumented
 * status and a new field, named afresh per request so every surface sees its own first warning.
 */

let started: StartedEmulator;
let drifted = 0;
let home: string;
let env: Record<string, string>;
let opened: OpenedGateway;
let videoId: string;

/** The emulator's fetch, with HeyGen's video answers changed the way a newer HeyGen would change them. */
const driftingFetch: typeof fetch = async (input, init) => {
  const request = new Request(input, init);
  const response = await started.emulator.fetch(request);
  if (request.method !== 'GET' || !/\/v3\/videos\/[0-9a-f]{32}$/.test(new URL(request.url).pathname))
    return response;
  const body = (await response.json()) as { data: Record<string, unknown> };
  drifted += 1;
  body.data = { ...body.data, status: `archived_${drifted}`, [`insight_${drifted}`]: { score: 0.9 } };
  return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
};

beforeAll(async () => {
  started = await startEmulator({ listen: true });
  const library = started.emulator.inspect.library();
  const client = createHeyGenClient(started.clientOptions);
  const created = await client.call('video_create', {
    type: 'avatar',
    avatar_id: library.avatarId,
    voice_id: library.voiceId,
    script: 'Drift, please.',
  });
  videoId = (created.data as { video_id: string }).video_id;
  home = mkdtempSync(join(tmpdir(), 'heygate-drift-'));
  env = { HEYGATE_HOME: home, HEYGEN_API_KEY: started.apiKey, HEYGEN_BASE_URL: started.baseUrl };
  opened = await openGateway({
    env,
    clientFactory: (account) =>
      createHeyGenClient({ apiKey: account.apiKey, baseUrl: started.baseUrl, fetch: driftingFetch }),
  });
});

afterAll(async () => {
  await opened.close();
  await started.close();
  rmSync(home, { recursive: true, force: true });
});

describe('tolerant outputs', () => {
  it('passes an undocumented status and field unchanged, warns once per registry, keeps inputs strict', async () => {
    const warnings = createOutputWarnings();
    const fixed: typeof fetch = async (input, init) => {
      const response = await started.emulator.fetch(new Request(input, init));
      const body = (await response.json()) as { data: Record<string, unknown> };
      body.data = { ...body.data, status: 'archived', insight: 1 };
      return new Response(JSON.stringify(body), { status: 200, headers: response.headers });
    };
    const client = createHeyGenClient({ ...started.clientOptions, fetch: fixed, outputWarnings: warnings });
    const first = await client.call('video_get', { video_id: videoId });
    expect(first.data).toMatchObject({ id: videoId, status: 'archived', insight: 1 });
    expect(first.warnings).toEqual([
      expect.stringMatching(
        /^video_get: HeyGen sent status "archived", a value heygate does not know \(documented: pending, processing, completed, failed\)/,
      ),
      "video_get: HeyGen's answer has a field heygate does not know, insight; passed on unchanged.",
    ]);
    expect((await client.call('video_get', { video_id: videoId })).warnings).toBeUndefined();
    // A compatibility tool carried on v3 reports what its inner v3 call found (here: nothing new any more).
    const legacyShape = await client.call('retrieve_video_status', { video_id: videoId });
    expect(legacyShape.data).toMatchObject({ status: 'archived' });
    await expect(client.call('video_list', { limit: 1000 })).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('shows the warning beside the result on every surface: CLI stderr, MCP _meta, HTTP field', async () => {
    let stdout = '';
    let stderr = '';
    const runtime = createCliRuntime({
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
      env,
      interactive: false,
    });
    // The CLI opens its own gateway from the environment: point it at a drifting HeyGen the same way.
    const cli = await main(['call', 'video_get', '--json', JSON.stringify({ video_id: videoId })], {
      ...runtime,
      openExecutor: async () => ({
        executor: opened.gateway,
        gateway: opened.gateway,
        close: async () => {},
      }),
    });
    expect(cli).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ id: videoId, status: `archived_${drifted}` });
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^warning: video_get: HeyGen sent status "archived_\d+"/),
      expect.stringMatching(
        /^warning: video_get: HeyGen's answer has a field heygate does not know, insight_\d+/,
      ),
    ]);

    const mcp = await createMcpServer({ executor: opened.gateway, mode: 'full' });
    const client = new Client({ name: 'drift-test', version: '0.0.0' });
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    await Promise.all([mcp.connect(serverTransport), client.connect(clientTransport)]);
    const result = (await client.callTool({
      name: 'video_get',
      arguments: { video_id: videoId },
    })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ status: `archived_${drifted}` });
    expect(result._meta?.['heygate/warnings']).toEqual([
      expect.stringContaining(`"archived_${drifted}"`),
      expect.stringContaining(`insight_${drifted}`),
    ]);
    await client.close();

    const app = createHttpApp({ executor: opened.gateway, operatorWithoutToken: true });
    const answer = await app.request('/v1/tools/video_get', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: { video_id: videoId } }),
    });
    expect(answer.status).toBe(200);
    const json = (await answer.json()) as { data: Record<string, unknown>; warnings: string[] };
    expect(json.data.status).toBe(`archived_${drifted}`);
    expect(json.warnings).toEqual([
      expect.stringContaining(`"archived_${drifted}"`),
      expect.stringContaining(`insight_${drifted}`),
    ]);
  });

  it('carries the warnings of the status polls when a call waits for its job', async () => {
    const noted: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      const response = await started.emulator.fetch(request);
      if (request.method !== 'GET' || !new URL(request.url).pathname.startsWith('/v3/videos/'))
        return response;
      const body = (await response.json()) as { data: Record<string, unknown> };
      body.data = { ...body.data, render_note: 'fast lane' };
      return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
    };
    const client = createHeyGenClient({
      ...started.clientOptions,
      fetch: noted,
      outputWarnings: createOutputWarnings(),
    });
    const executor = createLocalExecutor({ client });
    const library = started.emulator.inspect.library();
    const result = await executor.execute({
      tool: 'video_create',
      input: {
        type: 'avatar',
        avatar_id: library.avatarId,
        voice_id: library.voiceId,
        script: 'Wait for me.',
      },
      surface: 'library',
      wait: true,
    });
    expect(result).toMatchObject({ ok: true, data: { status: 'completed', render_note: 'fast lane' } });
    expect(result.warnings).toEqual([expect.stringContaining('render_note')]);
  });
});
