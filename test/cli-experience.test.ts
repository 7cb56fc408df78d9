import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCliRuntime } from '../src/surfaces/cli/cli-runtime.ts';
import { exitCodes } from '../src/surfaces/cli/exit-codes.ts';
import { main } from '../src/surfaces/cli/main.ts';

/**
 * Issue 11 item 4, "a CLI people like": what a newcomer reads — scope typos refused with a suggestion, hints
 * that name heygate tools and commands. Runs the real CLI entry point in sandbox mode.
 */

const home = mkdtempSync(join(tmpdir(), 'heygate-cli-experience-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

async function run(argv: string[], options: { stdin?: string; env?: NodeJS.ProcessEnv } = {}) {
  let stdout = '';
  let stderr = '';
  const runtime = createCliRuntime({
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: { HEYGATE_HOME: home, ...options.env },
    interactive: false,
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
