import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliRuntime } from '../cli-runtime.ts';
import { exitCodes } from '../exit-codes.ts';
import { main } from '../main.ts';

/** Runs `heygate …` in-process against the sandbox emulator, recording every write to stdout separately. */
async function run(argv: string[], stdin = '') {
  const writes: string[] = [];
  let stderr = '';
  const runtime = createCliRuntime({
    stdout: (text) => writes.push(text),
    stderr: (text) => (stderr += text),
    // A fresh home per test file: a fixed path would be shared with every other checkout on the machine.
    env: { HEYGATE_HOME: join(directory, 'home') },
    interactive: false,
    readStdin: async () => stdin,
  });
  const code = await main(argv, runtime);
  return { code, writes, stdout: writes.join(''), stderr };
}

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'heygate-lua-'));
});
// Removing the home also ends the shared sandbox it started (ADR 0037).
afterAll(() => rm(directory, { recursive: true, force: true }));

async function script(name: string, source: string): Promise<string> {
  const path = join(directory, name);
  await writeFile(path, source);
  return path;
}

describe('heygate lua', () => {
  it('prints the output as it is printed, then the return value as JSON', async () => {
    const path = await script(
      'list.lua',
      '#!/usr/bin/env heygate lua\nlocal avatars = app.integrations.heygen.list_avatars({})\nprint("avatars: " .. #avatars.data.avatars)\nreturn { first = avatars.data.avatars[1].avatar_id }\n',
    );
    const { code, writes, stderr } = await run(['lua', path, '--sandbox']);
    expect(stderr).toBe('');
    expect(code).toBe(exitCodes.ok);
    expect(writes[0]).toMatch(/^avatars: \d+\n$/);
    expect(JSON.parse(writes.slice(1).join(''))).toEqual({ first: expect.any(String) });
  });

  it('reads the script from standard input with -', async () => {
    const { code, stdout } = await run(['--sandbox', 'lua', '-'], 'print("hi")\nreturn 1 + 1');
    expect(code).toBe(exitCodes.ok);
    expect(stdout).toBe('hi\n2\n');
  });

  it('prints nothing after the output when the script returns nothing', async () => {
    const { stdout } = await run(['--sandbox', 'lua', '-'], 'print("only output")');
    expect(stdout).toBe('only output\n');
  });

  it('exits non-zero with the Lua error message, keeping line numbers past a shebang', async () => {
    const path = await script('fail.lua', '#!/usr/bin/env heygate lua\nprint("before")\nerror("boom")\n');
    const { code, stdout, stderr } = await run(['lua', path, '--sandbox']);
    expect(code).toBe(exitCodes.toolError);
    expect(stdout).toBe('before\n');
    expect(stderr).toBe('heygate lua: script:3: boom\n');
  });

  it('maps failures to the CLI exit codes: syntax and invalid input are usage errors', async () => {
    const syntax = await run(['--sandbox', 'lua', '-'], 'x = = 1');
    expect(syntax.code).toBe(exitCodes.usage);
    expect(syntax.stderr).toContain("script:1: unexpected symbol near '='");
    const invalid = await run(
      ['--sandbox', 'lua', '-'],
      'app.integrations.heygen.list_videos({ limit = 1000 })',
    );
    expect(invalid.code).toBe(exitCodes.usage);
    expect(invalid.stderr).toContain('limit');
    const missing = await run(['--sandbox', 'lua', join(directory, 'missing.lua')]);
    expect(missing.code).toBe(exitCodes.usage);
    expect(missing.stderr).toContain('cannot read');
    const timeout = await run(['--sandbox', 'lua', '-', '--timeout', 'soon'], 'return 1');
    expect(timeout.code).toBe(exitCodes.usage);
  });

  it('stops a runaway script with the timeout exit code', async () => {
    const { code, stderr } = await run(
      ['--sandbox', 'lua', '-', '--timeout', '0.2'],
      'local n = 0 while true do n = n + 1 end',
    );
    expect(code).toBe(exitCodes.timeout);
    expect(stderr).toContain('ran longer than 200 ms');
    expect(stderr).toMatch(/hint: Allow more time with --timeout SECONDS \(this run had 0\.2 s\)/);
  });

  it("shows HeyGen's status and the elapsed time on stderr while the script waits for a render", async () => {
    const path = await script(
      'render.lua',
      [
        'local heygen = app.integrations.heygen',
        'local avatar = heygen.list_avatars({}).data.avatars[1]',
        'local voice = heygen.list_voices({}).data.voices[1]',
        'local created = heygen.create_video({ video_inputs = { { character = { avatar_id = avatar.avatar_id,',
        '  voice_id = voice.voice_id }, script = "Hello!" } } })',
        'return heygen.wait_for_video(created.data.video_id).status',
      ].join('\n'),
    );
    const { code, stdout, stderr } = await run(['--sandbox', 'lua', path]);
    expect(code).toBe(exitCodes.ok);
    expect(JSON.parse(stdout)).toBe('completed');
    // The emulator renders for about ten seconds: the wait was reported with HeyGen's statuses and elapsed time.
    expect(stderr).toMatch(/^heygate lua: waiting for video_wait — HeyGen: processing — \d+ s$/m);
    expect(stderr).toMatch(/^heygate lua: waiting for video_wait — HeyGen: completed — \d+ s$/m);
    // Never a percentage heygate made up.
    expect(stderr).not.toContain('%');
  }, 120_000);
});
