import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator } from '../../src/emulator/index.ts';
import { createCliRuntime } from '../../src/surfaces/cli/cli-runtime.ts';
import { main } from '../../src/surfaces/cli/main.ts';
import {
  commandLines,
  fencedBlocks,
  shellLanguages,
  type CommandLine,
  type SimpleCommand,
} from './shell-commands.ts';

/**
 * Issue 11: every command shown in README.md and docs/*.md is run, so the docs cannot drift from the CLI.
 *
 * Every fenced block labelled `sh`, `bash`, `shell` or `console` is a list of commands a reader types. Each doc
 * runs in its own empty HEYGATE_HOME, its commands in order (a later command may use what an earlier one made),
 * docs in parallel; `heygate …` runs in-process through the CLI's `main()` (the same entry point as
 * bin/heygate.js), with no HeyGen key, so it is in sandbox mode; HEYGEN_BASE_URL points at an emulator this
 * suite starts, so an account a doc adds (`accounts add work < key.txt`) is a sandbox account too. Long-running
 * commands (`serve`, `emulator`, `mcp`) are started as real processes, probed, and stopped.
 *
 * A command someone adds to a doc later runs by default. Only the exclusions below are not run, each with its
 * reason; a command that must exit non-zero says so in `expectedExit`.
 */

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'heygate.js');

/**
 * Commands not run here, matched on the text of one command (`npm install` of `npm install && npm start`),
 * each with why. Every entry must still match a documented command.
 */
const exclusions: { match: RegExp; reason: string }[] = [
  { match: /^npm install\b/, reason: 'installs dependencies; CI runs `npm ci` before this suite' },
  { match: /^npm test$/, reason: 'runs this suite itself' },
  {
    match: /^heygate accounts connect \S+ --oauth( --no-browser)?$/,
    reason:
      "waits for a person's consent in a browser; test/accounts/cli-oauth.test.ts drives the headless contract end to end",
  },
];

/** Documented command lines that exit non-zero on purpose, matched on the line's text. */
const expectedExit: { match: RegExp; code: number }[] = [];

/**
 * Words rewritten before running, each with why: what a reader's machine would do differently from CI.
 */
const everythingMain = join(
  dirname(createRequire(import.meta.url).resolve('@modelcontextprotocol/server-everything/package.json')),
  'dist',
  'index.js',
);
const rewrites: { from: string; to: string; reason: string }[] = [
  {
    from: 'npx -y @modelcontextprotocol/server-everything',
    to: `${JSON.stringify(process.execPath)} ${JSON.stringify(everythingMain)} stdio`,
    reason: 'the same server from devDependencies: npx would download it, and CI is offline',
  },
];

/** Variables the docs assume the reader has set (`--header "Authorization: env:CMS_TOKEN"`). */
const readerEnvironment: Record<string, string> = { CMS_TOKEN: 'Bearer documented-commands' };

/** Placeholders readers replace, and what this suite puts in their place. */
const library = createEmulator({}).inspect.library();
const placeholders: Record<string, () => string> = {
  '<look id>': () => library.avatarId,
  '<voice id>': () => library.voiceId,
};

/** Placeholders filled from what an earlier command of the same doc printed. */
const captures: { placeholder: string; pattern: RegExp }[] = [
  { placeholder: '<run id>', pattern: /queued run (\S+)/ },
  { placeholder: '<video id>', pattern: /"video_id":\s*"([^"]+)"/ },
];

/** Files docs read from the working directory (`< key.txt`, `flows add render-and-notify.yaml`). */
const emulatorKeys = ['sandbox-key', 'rotated-key'];
let work = '';

const homes: string[] = [];
const emulator = createEmulator({ keys: emulatorKeys });
let heygenBaseUrl = '';
const previousCwd = process.cwd();

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'heygate-doc-work-'));
  writeFileSync(join(work, 'key.txt'), `${emulatorKeys[0]}\n`);
  writeFileSync(join(work, 'new-key.txt'), `${emulatorKeys[1]}\n`);
  const flowsDirectory = join(root, 'examples', 'flows');
  for (const file of readdirSync(flowsDirectory)) copyFileSync(join(flowsDirectory, file), join(work, file));
  ({ url: heygenBaseUrl } = await emulator.listen(0));
  process.chdir(work);
});

afterAll(async () => {
  process.chdir(previousCwd);
  await emulator.close();
  for (const home of homes) rmSync(home, { recursive: true, force: true });
  if (work) rmSync(work, { recursive: true, force: true });
});

const docs = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((file) => file.endsWith('.md'))
    .sort()
    .map((file) => `docs/${file}`),
];

function linesOf(doc: string): CommandLine[] {
  return fencedBlocks(doc, readFileSync(join(root, doc), 'utf8'))
    .filter((block) => shellLanguages.has(block.lang))
    .flatMap((block) => commandLines(block));
}

const documented = docs.map((doc) => ({ doc, lines: linesOf(doc) }));

/** `heygate …`, `npm run heygate -- …`, `npx heygate …`, `node bin/heygate.js …`, `npm start`: the CLI's argv. */
const scripts = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts;
function heygateArgv(argv: readonly string[]): string[] | undefined {
  const [first, second, ...rest] = argv;
  if (first === 'heygate') return argv.slice(1);
  if (first === 'npx' && second === 'heygate') return rest;
  if (first === 'node' && second === 'bin/heygate.js') return rest;
  const script =
    first === 'npm' && (second === 'start' || second === 'test')
      ? { name: second, extra: rest }
      : first === 'npm' && second === 'run' && rest[0]
        ? { name: rest[0], extra: rest.slice(1) }
        : undefined;
  if (!script) return undefined;
  const body = /^node bin\/heygate\.js\b\s*(.*)$/.exec(scripts[script.name] ?? '');
  if (!body) return undefined;
  const extra = script.extra[0] === '--' ? script.extra.slice(1) : script.extra;
  return [...(body[1] ? body[1].split(/\s+/) : []), ...extra];
}

function substitute(text: string, captured: ReadonlyMap<string, string>): string {
  const word = rewrites.reduce((value, rewrite) => value.replaceAll(rewrite.from, rewrite.to), text);
  return word.replace(/<[a-z][a-z ]*>/g, (placeholder) => {
    const value = captured.get(placeholder) ?? placeholders[placeholder]?.();
    if (value === undefined) {
      throw new Error(`unknown placeholder ${placeholder}: add it to placeholders or captures in this test`);
    }
    return value;
  });
}

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `heygate ARGV` in-process with the doc's environment. */
async function runInProcess(argv: string[], env: NodeJS.ProcessEnv, stdin: string): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const runtime = createCliRuntime({
    env,
    interactive: false,
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    readStdin: () => Promise.resolve(stdin),
  });
  const code = await main(argv, runtime);
  return { code, stdout, stderr };
}

const longRunning = new Set(['serve', 'emulator', 'mcp']);

/** The command word after global options (`--sandbox`, `--persona T`, `--account A`). */
function commandWord(argv: readonly string[]): string | undefined {
  for (let index = 0; index < argv.length; index++) {
    const word = argv[index]!;
    if (word === '--persona' || word === '--account') index++;
    else if (!word.startsWith('-')) return word;
  }
  return undefined;
}

/** Starts a server command (`serve`, `emulator`) on a free port, checks it answers HTTP, and stops it. */
async function startAndProbe(argv: string[], env: NodeJS.ProcessEnv): Promise<Outcome> {
  const args = [...argv];
  const port = args.indexOf('--port');
  if (port >= 0) args.splice(port, 2);
  const child = spawn(process.execPath, [bin, ...args, '--port', '0'], {
    env,
    cwd: work,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
  const url = await new Promise<string | undefined>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const found = /listening on (http:\/\/\S+)/.exec(stdout);
      if (found) resolve(found[1]);
    });
    void exited.then(() => resolve(undefined));
    setTimeout(() => resolve(undefined), 45_000).unref();
  });
  if (!url) {
    child.kill('SIGKILL');
    return { code: await exited, stdout, stderr: `${stderr}\n(no "listening on" line)` };
  }
  const probe = await fetch(new URL(commandWord(argv) === 'serve' ? '/healthz' : '/v3/users/me', url));
  child.kill('SIGTERM');
  const code = await exited;
  return {
    code: probe.status < 500 && code === 0 ? 0 : code || 1,
    stdout: `${stdout}\n(probe: ${probe.status})`,
    stderr,
  };
}

/** Starts `heygate mcp …` under the MCP SDK's client over stdio and lists its tools. */
async function connectMcp(argv: string[], env: NodeJS.ProcessEnv): Promise<Outcome> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [bin, ...argv],
    env: env as Record<string, string>,
    cwd: work,
    stderr: 'pipe',
  });
  const client = new Client({ name: 'documented-commands', version: '1.0.0' });
  try {
    await client.connect(transport);
    const { tools } = await client.listTools();
    return { code: tools.length > 0 ? 0 : 1, stdout: `${tools.length} tools`, stderr: '' };
  } finally {
    await client.close();
  }
}

/** Runs one documented command line; returns the exit code of its last command. */
async function runLine(
  line: CommandLine,
  env: NodeJS.ProcessEnv,
  captured: Map<string, string>,
): Promise<Outcome> {
  let outcome: Outcome = { code: 0, stdout: '', stderr: '' };
  for (const pipeline of line.pipelines) {
    let stdin = '';
    for (const command of pipeline) {
      if (excluded(command)) continue;
      outcome = await runCommand(command, env, stdin, captured);
      stdin = outcome.stdout;
      for (const capture of captures) {
        const found = capture.pattern.exec(outcome.stdout);
        if (found) captured.set(capture.placeholder, found[1]!);
      }
      if (outcome.code !== 0) return outcome;
    }
  }
  return outcome;
}

async function runCommand(
  command: SimpleCommand,
  env: NodeJS.ProcessEnv,
  piped: string,
  captured: ReadonlyMap<string, string>,
): Promise<Outcome> {
  const words = command.argv.map((word) => substitute(word, captured));
  const stdin = command.stdinFile ? readFileSync(join(work, command.stdinFile), 'utf8') : piped;
  if (words[0] === 'echo') return { code: 0, stdout: `${words.slice(1).join(' ')}\n`, stderr: '' };
  const argv = heygateArgv(words);
  if (!argv)
    throw new Error(`not a heygate command (add it to the exclusions with a reason): ${words.join(' ')}`);
  const word = commandWord(argv);
  if (word === 'mcp') return connectMcp(argv, env);
  if (word && longRunning.has(word)) return startAndProbe(argv, env);
  return runInProcess(argv, env, stdin);
}

/** How long one documented command may take here (a sandbox render takes 10-20 s on a loaded machine). */
const commandTimeoutMs = 60_000;

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`still running after ${ms} ms: ${what}`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The text of one simple command as written (words joined by one space), what exclusions match. */
function textOf(command: SimpleCommand): string {
  return command.argv.join(' ');
}

function excluded(command: SimpleCommand): string | undefined {
  return exclusions.find((entry) => entry.match.test(textOf(command)))?.reason;
}

describe('documented commands', () => {
  it('every fenced block says its language (sh for commands, text for synopses and output)', () => {
    const unlabeled = docs.flatMap((doc) =>
      fencedBlocks(doc, readFileSync(join(root, doc), 'utf8'))
        .filter((block) => block.lang === '')
        .map((block) => `${doc}:${block.line}`),
    );
    expect(unlabeled).toEqual([]);
  });

  it("README's first screen is two commands", () => {
    const first = fencedBlocks('README.md', readFileSync(join(root, 'README.md'), 'utf8')).find((block) =>
      shellLanguages.has(block.lang),
    );
    expect(first && commandLines(first).length).toBe(2);
  });

  it('every exclusion still matches a documented command', () => {
    const texts = documented.flatMap(({ lines }) =>
      lines.flatMap((line) => line.pipelines.flat().map((command) => textOf(command))),
    );
    const lineTexts = documented.flatMap(({ lines }) => lines.map((line) => line.text));
    for (const entry of exclusions) {
      expect(
        texts.some((text) => entry.match.test(text)),
        String(entry.match),
      ).toBe(true);
    }
    for (const entry of expectedExit) {
      expect(
        lineTexts.some((text) => entry.match.test(text)),
        String(entry.match),
      ).toBe(true);
    }
    for (const rewrite of rewrites) {
      expect(
        texts.some((text) => text.includes(rewrite.from)),
        rewrite.from,
      ).toBe(true);
    }
  });

  it('every documented command runs in sandbox and exits as documented', async () => {
    const failures: string[] = [];
    await Promise.all(
      documented.map(async ({ lines }) => {
        const home = mkdtempSync(join(tmpdir(), 'heygate-doc-home-'));
        homes.push(home);
        const env: NodeJS.ProcessEnv = {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          HEYGATE_HOME: home,
          HEYGEN_BASE_URL: heygenBaseUrl,
          ...readerEnvironment,
        };
        const captured = new Map<string, string>();
        for (const line of lines) {
          const expected = expectedExit.find((entry) => entry.match.test(line.text))?.code ?? 0;
          let outcome: Outcome;
          const started = Date.now();
          try {
            outcome = await withTimeout(runLine(line, env, captured), commandTimeoutMs, line.text);
          } catch (error) {
            outcome = {
              code: -1,
              stdout: '',
              stderr: error instanceof Error ? (error.stack ?? error.message) : String(error),
            };
          }
          if (process.env.HEYGATE_DOCS_DEBUG) {
            console.log(`${line.file}:${line.line} ${outcome.code} ${Date.now() - started} ms  ${line.text}`);
          }
          if (outcome.code !== expected) {
            failures.push(
              `${line.file}:${line.line} \`${line.text}\` exited ${outcome.code}, expected ${expected}\n` +
                `  stdout: ${outcome.stdout.slice(0, 600)}\n  stderr: ${outcome.stderr.slice(0, 600)}`,
            );
          }
        }
      }),
    );
    expect(failures, failures.join('\n\n')).toEqual([]);
  }, 240_000);
});
