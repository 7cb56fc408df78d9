import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../src/catalog/index.ts';
import { createEmulator } from '../src/emulator/index.ts';
import { exampleInput } from '../src/surfaces/cli/describe-tool.ts';
import { createProgressReporter } from '../src/surfaces/cli/progress-reporter.ts';
import { createCliRuntime } from '../src/surfaces/cli/cli-runtime.ts';
import { exitCodes } from '../src/surfaces/cli/exit-codes.ts';
import { main } from '../src/surfaces/cli/main.ts';

/**
 * Issue 11 item 4, "a CLI people like": what a newcomer reads — scope typos refused with a suggestion, hints
 * that name heygate tools and commands. Runs the real CLI entry point in sandbox mode.
 */

const home = mkdtempSync(join(tmpdir(), 'heygate-cli-experience-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

async function run(
  argv: string[],
  options: { stdin?: string; env?: NodeJS.ProcessEnv; terminal?: boolean } = {},
) {
  let stdout = '';
  let stderr = '';
  const runtime = createCliRuntime({
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: { HEYGATE_HOME: home, ...options.env },
    interactive: false,
    stdoutIsTerminal: options.terminal ?? false,
    readStdin: async () => options.stdin ?? '',
  });
  const code = await main(argv, runtime);
  return { code, stdout, stderr };
}

describe('scopes', () => {
  it('refuses a scope typo with the closest valid grant, and edits scopes with --add and --remove', async () => {
    const typo = await run(['personas', 'create', 'typo', '--allow', 'reed']);
    expect(typo.code).toBe(exitCodes.usage);
    expect(typo.stderr).toContain('unknown scope "reed", did you mean "read"?');
    expect((await run(['personas', 'list', '--json'])).stdout).not.toContain('"typo"');

    const created = await run(['personas', 'create', 'reader', '--allow', 'read']);
    expect(created.code).toBe(0);
    const token = created.stdout.trimEnd().split('\n').at(-1)!;
    const denied = await run(['--sandbox', 'call', 'video_create', '--json', '{}', '--persona', token]);
    expect(denied.code).toBe(exitCodes.auth);
    // The hint adds a grant (--allow would replace the persona's scopes).
    expect(denied.stderr).toContain('heygate personas update reader --add video_create');
    expect(denied.stderr).not.toContain('--allow');

    expect((await run(['personas', 'update', 'reader', '--add', 'vidoe_create'])).stderr).toContain(
      'did you mean "video_create"?',
    );
    const added = await run(['personas', 'update', 'reader', '--add', 'video_create', '--json']);
    expect(JSON.parse(added.stdout)).toMatchObject({ scopes: ['read', 'video_create'] });
    const removed = await run(['personas', 'update', 'reader', '--remove', 'read', '--json']);
    expect(JSON.parse(removed.stdout)).toMatchObject({ scopes: ['video_create'] });
  });
});

describe('hints', () => {
  it('name the heygate tool that lists a valid id, not an HTTP path', async () => {
    const missing = await run(['--sandbox', 'call', 'video_get', '--json', '{"video_id":"nope"}']);
    expect(missing.code).toBe(exitCodes.toolError);
    expect(missing.stderr).toMatch(/hint: .*video_id from video_list/);
    const badAvatar = await run([
      '--sandbox',
      'call',
      'video_create',
      '--json',
      '{"type":"avatar","avatar_id":"nope","script":"Hi"}',
    ]);
    expect(badAvatar.stderr).toMatch(/hint: .*avatar_id from avatar_look_list/);
    expect(badAvatar.stderr).not.toMatch(/hint: .*\/v3\//);
  });
});

describe('call', () => {
  // One emulator for the whole block, so the ledger (in HEYGATE_HOME) and the jobs outlive each command.
  const emulator = createEmulator({ renderSeconds: 1 });
  const library = emulator.inspect.library();
  const input = JSON.stringify({
    type: 'avatar',
    avatar_id: library.avatarId,
    voice_id: library.voiceId,
    script: 'Replays say so.',
  });
  let env: NodeJS.ProcessEnv;
  const callHome = mkdtempSync(join(tmpdir(), 'heygate-cli-call-home-'));
  const downloads = mkdtempSync(join(tmpdir(), 'heygate-cli-downloads-'));
  beforeAll(async () => {
    const { url } = await emulator.listen(0);
    env = { HEYGATE_HOME: callHome, HEYGEN_BASE_URL: url, HEYGEN_API_KEY: emulator.keys[0]! };
  });
  afterAll(async () => {
    await emulator.close();
    rmSync(callHome, { recursive: true, force: true });
    rmSync(downloads, { recursive: true, force: true });
  });

  it('says when an identical create was replayed from the ledger, and --new-job makes a new job', async () => {
    const first = await run(['call', 'video_create', '--input', input, '--json'], { env });
    expect(first.code).toBe(0);
    const made = JSON.parse(first.stdout) as { video_id: string; replayed_from?: string };
    expect(made.replayed_from).toBeUndefined();
    expect(first.stderr).not.toContain('replayed');

    const again = await run(['call', 'video_create', '--input', input], { env, terminal: true });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(made.video_id);
    expect(again.stderr).toMatch(
      /note: replayed from \d{4}-\d\d-\d\dT[\d:.]+Z: an identical video_create ran then/,
    );
    expect(again.stderr).toContain('--new-job');
    const json = JSON.parse((await run(['call', 'video_create', '--json', input], { env })).stdout) as {
      video_id: string;
      replayed_from: string;
    };
    expect(json.video_id).toBe(made.video_id);
    expect(Date.parse(json.replayed_from)).toBeLessThanOrEqual(Date.now());

    const fresh = await run(['call', 'video_create', '--input', input, '--new-job', '--json'], { env });
    expect(fresh.code).toBe(0);
    const other = JSON.parse(fresh.stdout) as { video_id: string; replayed_from?: string };
    expect(other.video_id).not.toBe(made.video_id);
    expect(other.replayed_from).toBeUndefined();
    expect(emulator.inspect.renders()).toBe(2);
    expect((await run(['call', 'video_create', '--new-job', '--idempotency-key', 'k'], { env })).code).toBe(
      exitCodes.usage,
    );
  });

  it('tells a Lua script that a create was replayed (replayed_from in the result)', async () => {
    const script = `
      local heygen = app.integrations.heygen
      local input = { type = "avatar", avatar_id = "${library.avatarId}", voice_id = "${library.voiceId}", script = "Lua replay" }
      local first = heygen.video_create(input)
      local again = heygen.video_create(input)
      return { first = first.replayed_from or "none", again = again.replayed_from, same = first.video_id == again.video_id }
    `;
    const ran = await run(['lua', '-'], { env, stdin: script });
    expect(ran.code).toBe(0);
    const value = JSON.parse(ran.stdout) as Record<string, unknown>;
    expect(value).toMatchObject({ first: 'none', same: true });
    expect(Date.parse(String(value.again))).toBeGreaterThan(0);
  });

  it('prints readable lines on a terminal and JSON with --json or into a pipe', async () => {
    const readable = await run(['call', 'voice_list', '--input', '{"limit":3}'], { env, terminal: true });
    expect(readable.code).toBe(0);
    expect(() => JSON.parse(readable.stdout)).toThrow();
    expect(readable.stdout).toMatch(/^data: 3 items$/m);
    expect(readable.stdout).toMatch(/^ {2}VOICE_ID +NAME/m);
    expect(readable.stdout).toMatch(/^has_more +true$/m);
    const piped = await run(['call', 'voice_list', '--input', '{"limit":3}'], { env });
    expect((JSON.parse(piped.stdout) as { data: unknown[] }).data).toHaveLength(3);
    const flagged = await run(['call', 'voice_list', '--input', '{"limit":3}', '--json'], {
      env,
      terminal: true,
    });
    expect((JSON.parse(flagged.stdout) as { data: unknown[] }).data).toHaveLength(3);
  });

  it('prints refusals as JSON on stdout with --json, and only on stderr in readable mode', async () => {
    const unknown = await run(['call', 'video_gett', '--json'], { env, terminal: true });
    expect(unknown.code).toBe(exitCodes.usage);
    expect(JSON.parse(unknown.stdout)).toMatchObject({ error: { code: 'unknown_tool' } });
    const badToken = await run(['call', 'user_me_get', '--json', '--persona', 'hg_nope'], { env });
    expect(badToken.code).toBe(exitCodes.auth);
    expect(JSON.parse(badToken.stdout)).toMatchObject({ error: { code: 'unauthenticated' } });
    const readable = await run(['call', 'user_me_get', '--persona', 'hg_nope'], { env, terminal: true });
    expect(readable.stdout).toBe('');
    expect(readable.stderr).toContain('heygate: ');
  });

  it('waits with elapsed time and saves the media with --output FILE or DIR', async () => {
    const created = JSON.parse(
      (await run(['call', 'video_create', '--input', input, '--new-job', '--json'], { env })).stdout,
    ) as { video_id: string };
    const file = join(downloads, 'render.mp4');
    const waited = await run(
      ['call', 'video_wait', '--input', JSON.stringify({ video_id: created.video_id }), '--output', file],
      { env },
    );
    expect(waited.code).toBe(0);
    expect(waited.stderr).toContain(`saved ${file}`);
    expect(readFileSync(file).subarray(4, 8).toString('latin1')).toBe('ftyp');

    const waitedCreate = await run(
      ['call', 'video_create', '--input', input, '--new-job', '--wait', '--output', `${downloads}/all/`],
      {
        env,
      },
    );
    expect(waitedCreate.code).toBe(0);
    expect(waitedCreate.stderr).toMatch(/^video \w+ · \d+s elapsed$/m);
    expect(waitedCreate.stderr).not.toMatch(/%/);
    const saved = readdirSync(join(downloads, 'all'));
    expect(saved.some((name) => name.endsWith('.mp4'))).toBe(true);
    expect(saved.some((name) => name.endsWith('.png'))).toBe(true);
    expect(saved.every((name) => !name.endsWith('.part'))).toBe(true);

    const noMedia = await run(['call', 'user_me_get', '--output', join(downloads, 'x')], { env });
    expect(noMedia.code).toBe(exitCodes.toolError);
    expect(noMedia.stderr).toContain('no media URL');
    expect(existsSync(join(downloads, 'x'))).toBe(false);
  });
});

describe('progress', () => {
  it("shows elapsed time and HeyGen's own percentage, never an estimate", () => {
    let clock = 0;
    let stderr = '';
    const runtime = { interactive: false, stderr: (text: string) => (stderr += text) };
    const reporter = createProgressReporter(runtime as never, 'video', { now: () => clock });
    clock = 5_000;
    reporter.update({ progress: 3, total: 100, status: 'processing' });
    clock = 65_000;
    reporter.update({ progress: 40, total: 100, status: 'processing', reportedPercent: 40 });
    clock = 125_000;
    reporter.update({ progress: 100, total: 100, status: 'completed' });
    expect(stderr.trimEnd().split('\n')).toEqual([
      'video processing · 5s elapsed',
      'video processing · 1m 05s elapsed · HeyGen reports 40%',
      'video completed · 2m 05s elapsed',
    ]);
  });
});

describe('tools describe', () => {
  it('prints a short summary: fields with types, an example call, what to call next', async () => {
    const described = await run(['tools', 'describe', 'video_create']);
    expect(described.code).toBe(0);
    const lines = described.stdout.split('\n');
    expect(lines.length).toBeLessThan(60);
    expect(lines[0]).toBe('video_create — Create avatar video (write, area videos)');
    expect(described.stdout).toContain('chosen by type: "avatar", "image", "cinematic_avatar", "studio"');
    expect(described.stdout).toMatch(
      /^Required:\n {2}type +"avatar"\n {2}avatar_id +string +from avatar_look_list$/m,
    );
    expect(described.stdout).toMatch(/^ {2}resolution +"4k" \| "1080p" \| "720p"$/m);
    expect(described.stdout).toContain(
      `  heygate call video_create --input '{"type":"avatar","avatar_id":"<avatar_id>"}' --wait`,
    );
    expect(described.stdout).toMatch(/^Next:\n {2}avatar_id: get one from avatar_look_list$/m);
    expect(described.stdout).toContain('add --wait, or call video_wait / video_get with its video_id');

    const schema = JSON.parse((await run(['tools', 'describe', 'video_create', '--json'])).stdout) as {
      input_schema: { oneOf: unknown[] };
    };
    expect(schema.input_schema.oneOf).toHaveLength(4);
  });

  it("gives example inputs the tool's own validation accepts, and the printed call runs", async () => {
    const invalid = catalog.filter((tool) => !exampleInput(tool).valid).map((tool) => tool.name);
    // A few tools ask for one of several fields in rules the schema cannot show; the summary says so.
    expect(invalid.length).toBeLessThanOrEqual(Math.ceil(catalog.length * 0.05));
    const described = (await run(['tools', 'describe', 'voice_list'])).stdout;
    const example = /^ {2}heygate (call voice_list.*)$/m.exec(described)?.[1];
    expect(example).toBe('call voice_list');
    const called = await run(['--sandbox', ...example!.split(' ')]);
    expect(called.code).toBe(0);
  });
});
