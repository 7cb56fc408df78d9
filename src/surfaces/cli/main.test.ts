import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { catalog } from '../../catalog/index.ts';
import { createCliRuntime } from './cli-runtime.ts';
import { exitCodes } from './exit-codes.ts';
import { main } from './main.ts';

const home = mkdtempSync(join(tmpdir(), 'heygate-cli-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** Runs the CLI in-process with captured output, always in sandbox mode (no HeyGen key in the env). */
async function run(argv: string[], stdin = '') {
  let stdout = '';
  let stderr = '';
  const runtime = createCliRuntime({
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: { HEYGATE_HOME: home },
    interactive: false,
    readStdin: async () => stdin,
  });
  const code = await main(argv, runtime);
  return { code, stdout, stderr };
}

describe('heygate tools', () => {
  it('lists every catalog tool as one JSON array with the contract fields', async () => {
    const { code, stdout } = await run(['tools', 'list', '--json']);
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(catalog.length);
    for (const row of rows) {
      expect(typeof row.name).toBe('string');
      expect(typeof row.area).toBe('string');
      expect(['read', 'write', 'destructive']).toContain(row.access);
      expect(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).toContain(row.method);
      expect(String(row.path)).toMatch(/^\/v[123]\//);
      expect(typeof row.legacy).toBe('boolean');
    }
    const byName = new Map(rows.map((row) => [row.name, row]));
    expect(byName.get('video_create')).toMatchObject({ method: 'POST', path: '/v3/videos', legacy: false });
    // A seed tool carried on v3 reports the v3 endpoint; one without a v3 equivalent is legacy.
    expect(byName.get('v2_video_generate')).toMatchObject({
      method: 'POST',
      path: '/v3/videos',
      legacy: false,
    });
    expect(byName.get('create_folder')).toMatchObject({
      method: 'POST',
      path: '/v1/folders/create',
      legacy: true,
    });
  });

  it('filters by area and access, and rejects an unknown access class', async () => {
    const reads = JSON.parse((await run(['tools', 'list', '--access', 'read', '--json'])).stdout) as Array<{
      access: string;
    }>;
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((row) => row.access === 'read')).toBe(true);
    const bad = await run(['tools', 'list', '--access', 'admin']);
    expect(bad.code).toBe(exitCodes.usage);
    expect(bad.stderr).toContain('--access must be one of: read, write, destructive');
  });

  it('describes a tool with its input and output JSON Schema', async () => {
    const { code, stdout } = await run(['tools', 'describe', 'video_get', '--json']);
    expect(code).toBe(0);
    const described = JSON.parse(stdout) as {
      input_schema: { properties: Record<string, unknown> };
      output_schema: object;
    };
    expect(Object.keys(described.input_schema.properties)).toContain('video_id');
    expect(described.output_schema).toBeTypeOf('object');
  });

  it('describes a tool in a schema dialect, and refuses an unknown dialect', async () => {
    const { code, stdout } = await run([
      'tools',
      'describe',
      'video_create',
      '--json',
      '--dialect',
      'gemini',
    ]);
    expect(code).toBe(0);
    const described = JSON.parse(stdout) as { dialect: string; input_schema: Record<string, unknown> };
    expect(described.dialect).toBe('gemini');
    expect(JSON.stringify(described.input_schema)).not.toMatch(/additionalProperties|"const"|oneOf/);
    const bad = await run(['tools', 'describe', 'video_create', '--dialect', 'llama']);
    expect(bad.code).toBe(exitCodes.usage);
    expect(bad.stderr).toContain('--dialect must be one of: mcp, openai-strict, gemini, anthropic');
    const mcp = await run(['mcp', '--dialect', 'llama']);
    expect(mcp.code).toBe(exitCodes.usage);
  });

  it('finds tools by intent', async () => {
    const { stdout } = await run(['tools', 'search', 'translate', 'a', 'video', '--json']);
    const names = (JSON.parse(stdout) as Array<{ name: string }>).map((row) => row.name);
    expect(names).toContain('video_translation_create');
  });

  it('answers an unknown tool with a usage error and suggestions', async () => {
    const { code, stderr } = await run(['tools', 'describe', 'video_creat']);
    expect(code).toBe(exitCodes.usage);
    expect(stderr).toContain('Unknown tool "video_creat"');
  });
});

describe('heygate mcp options', () => {
  it('refuses a negative --max-wait before starting anything', async () => {
    const { code, stderr } = await run(['mcp', '--max-wait', '-3']);
    expect(code).toBe(exitCodes.usage);
    expect(stderr).toContain('--max-wait must be a number of seconds');
  });
});

describe('heygate call (sandbox)', () => {
  it('prints the result JSON of a read tool', async () => {
    const { code, stdout } = await run(['--sandbox', 'call', 'user_me_get']);
    expect(code).toBe(0);
    const data = JSON.parse(stdout) as Record<string, unknown>;
    expect(data).toBeTypeOf('object');
    expect(JSON.stringify(data)).not.toContain('sandbox-key');
  });

  it('rejects bad input naming the field, with the usage exit code', async () => {
    const { code, stdout, stderr } = await run([
      '--sandbox',
      'call',
      'video_get',
      '--json',
      '{"video_id": 42}',
    ]);
    expect(code).toBe(exitCodes.usage);
    const { error } = JSON.parse(stdout) as { error: { code: string; field: string } };
    expect(error.code).toBe('invalid_input');
    expect(error.field).toBe('video_id');
    expect(stderr).toContain('video_id');
  });

  it('rejects malformed JSON before calling anything', async () => {
    const { code, stderr } = await run(['--sandbox', 'call', 'video_get', '--json', '{video_id']);
    expect(code).toBe(exitCodes.usage);
    expect(stderr).toContain('--json is not valid JSON');
  });

  it('maps a HeyGen 404 to the tool-error exit code', async () => {
    const { code, stdout } = await run([
      '--sandbox',
      'call',
      'video_get',
      '--json',
      '{"video_id":"does-not-exist"}',
    ]);
    expect(code).toBe(exitCodes.toolError);
    expect((JSON.parse(stdout) as { error: { status: number } }).error.status).toBe(404);
  });

  it('goes through the gateway: the call is in the audit log with its prompt', async () => {
    const called = await run([
      '--sandbox',
      'call',
      'voice_list',
      '--json',
      '{"limit": 1}',
      '--prompt',
      'pick a voice',
    ]);
    expect(called.code).toBe(0);
    const { stdout } = await run(['audit', '--tool', 'voice_list', '--jsonl']);
    const records = stdout
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as { tool: string; surface: string; prompt: string | null; outcome: string },
      );
    expect(
      records.some(
        (record) => record.surface === 'cli' && record.prompt === 'pick a voice' && record.outcome === 'ok',
      ),
    ).toBe(true);
  });

  it('reads the input from stdin with --json -', async () => {
    const { code, stdout } = await run(['--sandbox', 'call', 'voice_list', '--json', '-'], '{"limit": 2}');
    expect(code).toBe(0);
    expect(JSON.stringify(JSON.parse(stdout))).toContain('voice_id');
  });
});
