import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkOutput, getTool } from '../src/catalog/index.ts';
import { createEmulator } from '../src/emulator/index.ts';
import { buildPng, defaultMediaFile } from '../src/emulator/media-files.ts';
import { createCliRuntime } from '../src/surfaces/cli/cli-runtime.ts';
import { main } from '../src/surfaces/cli/main.ts';

/**
 * Issue 2, "every tool callable through `heygate call` against the emulator": a representative subset of the
 * catalog — each family (v3, seed, KosmoKrator), each envelope (v3, v2, v1), each body encoding (JSON,
 * multipart, the legacy raw upload on the upload host, a local `{path}` file) — goes through the real CLI
 * entry point with `--sandbox`. Every `--sandbox` invocation starts its own emulator, so the subset is made of
 * calls that need no earlier state (public library ids, creates, lists); the contract suite
 * (test/contract.test.ts) covers every tool through the client.
 */

const home = mkdtempSync(join(tmpdir(), 'heygate-cli-call-'));
// Local files come from a root the operator names, never from inside HEYGATE_HOME.
const media = mkdtempSync(join(tmpdir(), 'heygate-cli-media-'));
afterAll(() => {
  rmSync(home, { recursive: true, force: true });
  rmSync(media, { recursive: true, force: true });
});

/** The public library every sandbox emulator has (same default seed, so the same ids). */
const library = createEmulator({}).inspect.library();

const pngPath = join(media, 'face.png');
writeFileSync(pngPath, buildPng());
const mp4 = defaultMediaFile('mp4');
if (!mp4) throw new Error('the emulator has no default MP4');

/** One CLI call per row: tool name, its input, and the field the answer must carry. */
const calls: { tool: string; input: Record<string, unknown>; carries: string }[] = [
  // v3, JSON bodies, queries and path parameters.
  { tool: 'user_me_get', input: {}, carries: 'username' },
  {
    tool: 'video_create',
    input: {
      type: 'avatar',
      avatar_id: library.avatarId,
      voice_id: library.voiceId,
      script: 'Hello from the CLI.',
    },
    carries: 'video_id',
  },
  { tool: 'avatar_look_get', input: { look_id: library.avatarId }, carries: 'id' },
  { tool: 'voice_list', input: { limit: 2 }, carries: 'data' },
  { tool: 'template_get', input: { template_id: library.templateId }, carries: 'id' },
  { tool: 'video_translation_language_list', input: {}, carries: 'languages' },
  {
    tool: 'webhook_endpoint_create',
    input: { url: 'https://hooks.example.test/cli' },
    carries: 'endpoint_id',
  },
  // v3 multipart upload with the bytes inline.
  {
    tool: 'asset_create',
    input: {
      file: {
        base64: Buffer.from(mp4.bytes).toString('base64'),
        filename: 'clip.mp4',
        content_type: 'video/mp4',
      },
    },
    carries: 'asset_id',
  },
  // Legacy: the raw-byte upload on the upload host, from a local file (the CLI may read the operator's disk).
  { tool: 'upload_talking_photo', input: { file: { path: pngPath } }, carries: 'talking_photo_id' },
  { tool: 'create_folder', input: { name: 'CLI folder' }, carries: 'id' },
  { tool: 'list_streaming_avatars', input: {}, carries: '0' },
  { tool: 'list_voice_locales', input: {}, carries: 'locales' },
  // Seed tools carried on v3.
  { tool: 'get_current_user_info', input: {}, carries: 'username' },
  { tool: 'v2_templates', input: {}, carries: 'templates' },
  // KosmoKrator functions.
  { tool: 'list_voices', input: {}, carries: 'data' },
  {
    tool: 'heygen_create_video',
    input: {
      video_inputs: [
        { character: { avatar_id: library.avatarId, voice_id: library.voiceId }, script: 'Hi there.' },
      ],
    },
    carries: 'data',
  },
];

/**
 * Runs `heygate --sandbox call NAME --json INPUT` in-process and captures its output. Retired v1/v2 tools run
 * with the operator switch `HEYGATE_LEGACY_CALLS=send` unless `refuseLegacy` is set.
 */
async function callThroughCli(tool: string, input: unknown, refuseLegacy = false) {
  let stdout = '';
  let stderr = '';
  const runtime = createCliRuntime({
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: { HEYGATE_HOME: home, ...(refuseLegacy ? {} : { HEYGATE_LEGACY_CALLS: 'send' }) },
    interactive: false,
  });
  const code = await main(
    ['--sandbox', 'call', tool, '--json', JSON.stringify(input), '--files-root', media],
    runtime,
  );
  return { code, stdout, stderr };
}

describe('heygate --sandbox call', () => {
  it('covers every family and every kind of request body', () => {
    const tools = calls.map((call) => getTool(call.tool));
    expect(new Set(tools.map((tool) => tool.family))).toEqual(new Set(['v3', 'seed', 'kosmokrator']));
    expect(new Set(tools.map((tool) => tool.endpoint.envelope))).toEqual(new Set(['v1', 'v2', 'v3']));
    expect(tools.some((tool) => tool.legacy && tool.endpoint.host === 'upload')).toBe(true);
  });

  it('refuses a retired endpoint with endpoint_sunset unless the operator switch is on', async () => {
    const { code, stdout, stderr } = await callThroughCli('create_folder', { name: 'x' }, true);
    expect(code).not.toBe(0);
    expect(JSON.parse(stdout).error).toMatchObject({ code: 'endpoint_sunset', retryable: false });
    expect(stderr).toContain('HeyGen retired on 2026-11-01; nothing was sent');
  });

  for (const { tool, input, carries } of calls) {
    it(`${tool} prints its typed result and exits 0`, async () => {
      const { code, stdout, stderr } = await callThroughCli(tool, input);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const result = JSON.parse(stdout) as Record<string, unknown>;
      expect(checkOutput(getTool(tool), result).issues).toEqual([]);
      expect(result[carries], `${tool} answer carries ${carries}`).toBeDefined();
      expect(result[carries]).not.toBeNull();
    });
  }
});
