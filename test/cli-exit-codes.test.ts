import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator } from '../src/emulator/index.ts';
import { createCliRuntime } from '../src/surfaces/cli/cli-runtime.ts';
import { main } from '../src/surfaces/cli/main.ts';

/**
 * Issue 11 item 4, "exit codes match docs/cli.md (a test walks every documented code)": reads the exit code
 * table from docs/cli.md and, for every code in it, runs real commands that must exit with it — the CLI's
 * entry point in-process, and for Ctrl-C the `heygate` bin in a child process sent SIGINT during a wait.
 */

const root = join(import.meta.dirname, '..');
const home = mkdtempSync(join(tmpdir(), 'heygate-exit-codes-'));
// Rate limited at once: one request a minute, and no other account to move to.
const emulator = createEmulator({ rateLimit: { requestsPerMinute: 1 } });
let env: NodeJS.ProcessEnv;
let busy: Server;
let busyPort = 0;

beforeAll(async () => {
  const { url } = await emulator.listen(0);
  env = { HEYGATE_HOME: home, HEYGEN_BASE_URL: url, HEYGEN_API_KEY: emulator.keys[0]! };
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  busyPort = (busy.address() as { port: number }).port;
});
afterAll(async () => {
  await emulator.close();
  await new Promise<void>((resolve) => busy.close(() => resolve()));
  rmSync(home, { recursive: true, force: true });
});

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

/** Runs the real `heygate` bin, sends SIGINT once `ready` matches its stderr, and reports how it ended. */
function interruptBin(argv: string[], ready: RegExp): Promise<{ code: number | null; stderr: string }> {
  // Removing the home afterwards also ends the shared sandbox the command started (ADR 0037).
  const home = mkdtempSync(join(tmpdir(), 'heygate-sigint-'));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin/heygate.js'), ...argv], {
      env: { PATH: process.env.PATH, HEYGATE_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let sent = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no progress line within 60 s; stderr: ${stderr}`));
    }, 60_000);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (!sent && ready.test(stderr)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      rmSync(home, { recursive: true, force: true });
      resolve({ code, stderr });
    });
  });
}

/** The exit codes docs/cli.md documents, from its "Exit codes" table. */
function documentedCodes(): number[] {
  const docs = readFileSync(join(root, 'docs/cli.md'), 'utf8');
  const section = docs.slice(docs.indexOf('## Exit codes'));
  return [...section.matchAll(/^\| (\d+) +\|/gm)].map((match) => Number(match[1]));
}

const videoInput = () => {
  const library = emulator.inspect.library();
  return JSON.stringify({
    type: 'avatar',
    avatar_id: library.avatarId,
    voice_id: library.voiceId,
    script: 'Exit codes.',
  });
};

/** For each documented code: commands that must end with it (each a different cause). */
const triggers: Record<number, () => Promise<void>> = {
  0: async () => {
    const ok = await run(['--sandbox', 'call', 'user_me_get']);
    expect(ok.code).toBe(0);
    expect((await run(['tools', 'describe', 'video_get'])).code).toBe(0);
  },
  1: async () => {
    const missing = await run(['--sandbox', 'call', 'video_get', '--input', '{"video_id":"nope"}']);
    expect(missing.code, missing.stderr).toBe(1);
    expect(missing.stderr).toContain('not found');
  },
  2: async () => {
    expect((await run(['--sandbox', 'call', 'video_get', '--input', '{nope'])).code).toBe(2);
    expect((await run(['--sandbox', 'call', 'video_get', '--input', '{}'])).code).toBe(2);
    expect((await run(['--sandbox', 'call', 'no_such_tool'])).code).toBe(2);
    expect((await run(['personas', 'create', 'typo', '--allow', 'reed'])).code).toBe(2);
    expect((await run(['no-such-command'])).code).toBe(2);
    const port = await run(['--sandbox', 'serve', '--port', String(busyPort), '--host', '127.0.0.1']);
    expect(port.code).toBe(2);
    expect(port.stderr).toBe(
      `heygate: port ${busyPort} is already in use on 127.0.0.1 (another heygate serve?); choose another with --port P or HEYGATE_PORT\n`,
    );
  },
  3: async () => {
    const token = await run(['--sandbox', 'call', 'user_me_get', '--persona', 'hg_not_a_token']);
    expect(token.code).toBe(3);
    const reader = await run(['personas', 'create', 'exit-reader', '--allow', 'read']);
    const readerToken = reader.stdout.trimEnd().split('\n').at(-1)!;
    const denied = await run([
      '--sandbox',
      'call',
      'video_create',
      '--input',
      '{}',
      '--persona',
      readerToken,
    ]);
    expect(denied.code).toBe(3);
    const badKey = await run(['accounts', 'add', 'bad', '--base-url', String(env.HEYGEN_BASE_URL)], {
      stdin: 'hg-not-a-valid-key\n',
    });
    expect(badKey.code, badKey.stderr).toBe(3);
    expect(badKey.stderr).toContain('did not accept the key');
  },
  4: async () => {
    // The sandbox renders in 10 s; a 1 s wait times out with the job still running.
    const waited = await run([
      '--sandbox',
      'call',
      'video_create',
      '--input',
      videoInput(),
      '--wait',
      '--timeout',
      '1',
    ]);
    expect(waited.code, waited.stderr).toBe(4);
    expect(waited.stderr).toContain('did not finish within');
  },
  5: async () => {
    const first = await run(['call', 'user_me_get'], { env });
    expect(first.code).toBe(0);
    const limited = await run(['call', 'user_me_get'], { env });
    expect(limited.code, limited.stderr).toBe(5);
  },
  130: async () => {
    const ended = await interruptBin(
      ['--sandbox', 'call', 'video_create', '--input', videoInput(), '--wait'],
      /video \w+ · \d+s elapsed/,
    );
    expect(ended.code, ended.stderr).toBe(130);
    expect(ended.stderr).toMatch(/interrupted\. The video job \w+ continues at HeyGen; check it with/);
    expect(ended.stderr).toMatch(/heygate call video_get --input '\{"video_id":"\w+"\}'/);
    expect(ended.stderr).not.toMatch(/\n\s+at /);

    // `heygate lua` exits the same way when Ctrl-C stops a script waiting for a render.
    const folder = mkdtempSync(join(tmpdir(), 'heygate-sigint-lua-'));
    const script = join(folder, 'wait.lua');
    const args = `json.decode([[${videoInput()}]])`;
    writeFileSync(script, `return app.integrations.heygen.video_create(${args}, { wait = true })\n`);
    const lua = await interruptBin(['--sandbox', 'lua', script], /waiting for video_create/);
    rmSync(folder, { recursive: true, force: true });
    expect(lua.code, lua.stderr).toBe(130);
    expect(lua.stderr).toContain('heygate lua: interrupted.');
    expect(lua.stderr).not.toMatch(/\n\s+at /);
  },
};

describe('exit codes of docs/cli.md', () => {
  const documented = documentedCodes();

  it('documents the codes this suite triggers, and no other', () => {
    expect(documented).toEqual(Object.keys(triggers).map(Number));
  });

  for (const code of Object.keys(triggers).map(Number)) {
    it(`exits ${code} where docs/cli.md says`, async () => {
      await triggers[code]!();
    }, 90_000);
  }
});
