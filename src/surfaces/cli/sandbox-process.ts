import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HeyGateError } from '../../catalog/errors.ts';

/**
 * The shared sandbox (ADR 0037): one detached HeyGen emulator process per `$HEYGATE_HOME`, started by the first
 * sandbox command and reused by every later one (CLI calls, `heygate lua`, `heygate mcp`, `heygate serve`), so a
 * video made by one command is listed, fetched and downloaded by the next and its media URL keeps working. Its
 * address and key are in `$HEYGATE_HOME/sandbox.json`; it runs until `heygate sandbox stop` (or `reset`), or until
 * that file or the whole home is removed. `HEYGATE_SANDBOX=ephemeral` keeps the old per-command emulator.
 */

/** What `$HEYGATE_HOME/sandbox.json` records about the running sandbox. */
export interface SandboxInfo {
  pid: number;
  /** Base URL of the emulator (127.0.0.1, any free port). */
  url: string;
  /** The sandbox's API key (an emulator key, never a HeyGen key). */
  apiKey: string;
  startedAt: string;
  /** How long each render takes, in seconds. */
  renderSeconds: number;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Seconds each sandbox render takes unless `HEYGATE_SANDBOX_RENDER_SECONDS` says otherwise. */
export const defaultSandboxRenderSeconds = 3;
/** How long a command waits for a new sandbox to answer. */
const startTimeoutMs = 20_000;
/** A start lock older than this belongs to a command that died while starting one. */
const staleLockMs = 30_000;
/** How often the sandbox checks that its `sandbox.json` (and home) still exist. */
const watchdogIntervalMs = 1_000;

/** `HEYGATE_SANDBOX`: `shared` (default) or `ephemeral` (an emulator inside each command, gone with it). */
export function sandboxMode(env: Env): 'shared' | 'ephemeral' {
  const value = (env.HEYGATE_SANDBOX ?? '').trim().toLowerCase();
  if (value === '' || value === 'shared') return 'shared';
  if (value === 'ephemeral') return 'ephemeral';
  throw new HeyGateError(
    `HEYGATE_SANDBOX must be "shared" or "ephemeral", not ${JSON.stringify(env.HEYGATE_SANDBOX)}.`,
    { code: 'invalid_input' },
  );
}

/** `HEYGATE_SANDBOX_RENDER_SECONDS` (a number ≥ 0), else `fallback`. */
export function sandboxRenderSeconds(env: Env, fallback = defaultSandboxRenderSeconds): number {
  const raw = env.HEYGATE_SANDBOX_RENDER_SECONDS;
  if (raw === undefined || raw.trim() === '') return fallback;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0)
    throw new HeyGateError(
      `HEYGATE_SANDBOX_RENDER_SECONDS must be a number of seconds ≥ 0, not ${JSON.stringify(raw)}.`,
      { code: 'invalid_input' },
    );
  return seconds;
}

/** Path of the file that records the running sandbox. */
export function sandboxFilePath(home: string): string {
  return join(home, 'sandbox.json');
}

function readInfo(home: string): SandboxInfo | undefined {
  try {
    const parsed = JSON.parse(readFileSync(sandboxFilePath(home), 'utf8')) as Partial<SandboxInfo>;
    if (
      typeof parsed.pid === 'number' &&
      typeof parsed.url === 'string' &&
      typeof parsed.apiKey === 'string' &&
      typeof parsed.startedAt === 'string'
    )
      return { renderSeconds: defaultSandboxRenderSeconds, ...parsed } as SandboxInfo;
  } catch {
    // Absent or half-written: no sandbox.
  }
  return undefined;
}

function removeInfo(home: string, pid?: number): void {
  try {
    if (pid !== undefined && readInfo(home)?.pid !== pid) return;
    unlinkSync(sandboxFilePath(home));
  } catch {
    // Already gone.
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when the emulator at `info.url` answers with `info.apiKey`. */
async function answers(info: SandboxInfo): Promise<boolean> {
  try {
    const response = await fetch(new URL('/v3/users/me', info.url), {
      headers: { 'x-api-key': info.apiKey },
      signal: AbortSignal.timeout(3_000),
    });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

/** The running sandbox of `home`, or undefined (a record of a dead one is removed). */
export async function findSandbox(home: string): Promise<SandboxInfo | undefined> {
  const info = readInfo(home);
  if (!info) return undefined;
  if (processAlive(info.pid) && (await answers(info))) return info;
  removeInfo(home, info.pid);
  return undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Takes the start lock (one command starts the sandbox; others wait for it). False when another holds it. */
function takeLock(lock: string): boolean {
  try {
    closeSync(openSync(lock, 'wx', 0o600));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    try {
      if (Date.now() - statSync(lock).mtimeMs > staleLockMs) unlinkSync(lock);
    } catch {
      // Released meanwhile.
    }
    return false;
  }
}

/** Where the sandbox process's entry point is (source or compiled, next to this module). */
function serverEntry(): string {
  const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  return fileURLToPath(new URL(`./sandbox-server${extension}`, import.meta.url));
}

/**
 * The running sandbox of `home`, started (detached) when there is none. Safe to call from several commands at
 * once: one starts it, the others wait for its `sandbox.json`.
 */
export async function ensureSandbox(home: string, env: Env): Promise<SandboxInfo> {
  const renderSeconds = sandboxRenderSeconds(env); // a bad value fails here, not in the detached process
  const deadline = Date.now() + startTimeoutMs;
  const lock = join(home, 'sandbox.lock');
  while (Date.now() < deadline) {
    const running = await findSandbox(home);
    if (running) return running;
    if (!takeLock(lock)) {
      await sleep(100);
      continue;
    }
    try {
      const again = await findSandbox(home);
      if (again) return again;
      return await startSandbox(home, env, renderSeconds, deadline);
    } finally {
      try {
        unlinkSync(lock);
      } catch {
        // Removed with the home.
      }
    }
  }
  throw new HeyGateError(`The sandbox in ${home} did not start within ${startTimeoutMs / 1000} s.`, {
    code: 'timeout',
    hint: `See ${join(home, 'sandbox.log')}, or set HEYGATE_SANDBOX=ephemeral to run an emulator inside the command.`,
  });
}

async function startSandbox(
  home: string,
  env: Env,
  renderSeconds: number,
  deadline: number,
): Promise<SandboxInfo> {
  const logPath = join(home, 'sandbox.log');
  const log = openSync(logPath, 'a', 0o600);
  let exited: number | null | undefined;
  try {
    const child = spawn(process.execPath, [serverEntry(), home], {
      detached: true,
      stdio: ['ignore', log, log],
      env: { ...env, HEYGATE_SANDBOX_RENDER_SECONDS: String(renderSeconds) },
    });
    child.once('exit', (code) => (exited = code));
    child.once('error', () => (exited = -1));
    child.unref();
    while (Date.now() < deadline && exited === undefined) {
      const info = readInfo(home);
      if (info && info.pid === child.pid && (await answers(info))) return info;
      await sleep(50);
    }
    if (exited === undefined && child.pid !== undefined) process.kill(child.pid, 'SIGTERM');
  } finally {
    closeSync(log);
  }
  let tail = '';
  try {
    tail = readFileSync(logPath, 'utf8').trim().split('\n').slice(-3).join(' | ');
  } catch {
    // No log.
  }
  throw new HeyGateError(
    `The sandbox in ${home} did not start${exited !== undefined ? ` (it exited with code ${exited})` : ''}.`,
    { code: 'timeout', hint: tail ? `Its log ends: ${tail}` : `See ${logPath}.` },
  );
}

/** Stops the sandbox of `home`; returns what was running, or undefined when nothing was. */
export async function stopSandbox(home: string): Promise<SandboxInfo | undefined> {
  const info = readInfo(home);
  if (!info) return undefined;
  const ours = processAlive(info.pid) && (await answers(info));
  removeInfo(home, info.pid); // the sandbox's watchdog also exits when its record is gone
  if (!ours) return undefined;
  try {
    process.kill(info.pid, 'SIGTERM');
  } catch {
    // Already exited.
  }
  for (let waited = 0; waited < 5_000 && processAlive(info.pid); waited += 50) await sleep(50);
  if (processAlive(info.pid)) process.kill(info.pid, 'SIGKILL');
  return info;
}

/**
 * The sandbox process itself (run by `sandbox-server.ts`, detached): an emulator on 127.0.0.1 with a fresh
 * key, recorded in `sandbox.json`; exits on SIGTERM/SIGINT or when the record (or the home) disappears.
 */
export async function runSandboxServer(home: string, env: Env): Promise<void> {
  const { createEmulator } = await import('../../emulator/index.ts');
  const renderSeconds = sandboxRenderSeconds(env);
  const apiKey = `sandbox-${randomBytes(12).toString('hex')}`;
  const emulator = createEmulator({ keys: [apiKey], renderSeconds });
  const { url } = await emulator.listen(0, '127.0.0.1');
  const info: SandboxInfo = {
    pid: process.pid,
    url,
    apiKey,
    startedAt: new Date().toISOString(),
    renderSeconds,
  };
  const file = sandboxFilePath(home);
  const temporary = `${file}.${process.pid}`;
  writeFileSync(temporary, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, file);
  process.stdout.write(`${info.startedAt} sandbox ${url} pid ${process.pid}\n`);

  let stopping = false;
  const stop = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    clearInterval(watchdog);
    process.stdout.write(`${new Date().toISOString()} sandbox stopping: ${reason}\n`);
    removeInfo(home, process.pid);
    await emulator.close();
    process.exit(0);
  };
  const watchdog = setInterval(() => {
    if (readInfo(home)?.pid !== process.pid) void stop(`${file} no longer names this process`);
  }, watchdogIntervalMs);
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGHUP', () => undefined); // outlives the terminal that started it
}
