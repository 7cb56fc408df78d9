import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmulator, type Emulator } from '../../src/emulator/index.ts';
import { createCliRuntime } from '../../src/surfaces/cli/cli-runtime.ts';
import { main } from '../../src/surfaces/cli/main.ts';

/** A real `heygate serve` in HeyGen mode, pointed at an emulator this process runs and can inspect. */
export interface ServeUnderAttack {
  /** `http://127.0.0.1:<port>` of the server. */
  base: string;
  /** The emulator standing in for HeyGen: its request log shows what reached "HeyGen". */
  emulator: Emulator;
  /** `$HEYGATE_HOME` of the server (master key, database). */
  home: string;
  /** Bearer token of a persona holding only `read write` — the attacker. */
  token: string;
  /** Bearer token of a persona with `admin` (for admin-route probes). */
  adminToken: string;
  stop(): Promise<void>;
}

const root = new URL('../..', import.meta.url).pathname;

/** Creates a persona through the real CLI and returns its token (the last line of standard output). */
export async function createPersona(home: string, name: string, scopes: string[]): Promise<string> {
  let out = '';
  const runtime = createCliRuntime({
    env: { HEYGATE_HOME: home, PATH: process.env.PATH },
    stdout: (text) => {
      out += text;
    },
    stderr: () => {},
    interactive: false,
  });
  const code = await main(['personas', 'create', name, '--allow', ...scopes], runtime);
  if (code !== 0) throw new Error(`personas create ${name} exited ${code}`);
  return out.trim().split('\n').at(-1)!;
}

/**
 * Starts the emulator on loopback, creates the attacker persona, then spawns `heygate serve` with
 * `HEYGEN_API_KEY`/`HEYGEN_BASE_URL` pointing at the emulator — the configuration of a real deployment (no
 * sandbox, no `--allow-operator`, no `--files-root`, no `--fetch-allow`; legacy calls allowed) — and waits until it listens.
 */
export async function startServeUnderAttack(extraArgs: readonly string[] = []): Promise<ServeUnderAttack> {
  const home = mkdtempSync(join(tmpdir(), 'heygate-attack-'));
  const emulator = createEmulator({});
  const { url } = await emulator.listen(0);
  const token = await createPersona(home, 'attacker', ['read', 'write']);
  const adminToken = await createPersona(home, 'ops', ['admin']);
  const child: ChildProcess = spawn(
    process.execPath,
    [join(root, 'bin/heygate.js'), 'serve', '--port', '0', ...extraArgs],
    {
      env: {
        PATH: process.env.PATH,
        HEYGATE_HOME: home,
        HEYGEN_API_KEY: emulator.keys[0]!,
        HEYGEN_BASE_URL: url,
        // Legacy endpoints on (the operator switch), so the legacy upload tools' file inputs are probed too
        // instead of being refused earlier as `endpoint_sunset`.
        HEYGATE_LEGACY_CALLS: 'send',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const base = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/listening on (http:\/\/[^\s]+)/);
      if (match?.[1] && output.includes('personas:')) resolve(match[1]);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`heygate serve exited with ${code}: ${output}`)));
  });
  return {
    base,
    emulator,
    home,
    token,
    adminToken,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await emulator.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** A raw HTTP exchange over a socket (fetch cannot send some of the probes: huge heads, a body never sent). */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer; holdBody?: boolean },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      { method: options.method ?? 'GET', headers: options.headers },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    if (options.holdBody) {
      // Headers go out now; the declared body never does. An answer proves nothing was waited for.
      request.flushHeaders();
      return;
    }
    request.end(options.body);
  });
}

/** Tally of probes per class, printed for the closing note. */
export function createTally() {
  const classes = new Map<string, { tried: number; refused: number }>();
  return {
    record(kind: string, refused: boolean) {
      const entry = classes.get(kind) ?? { tried: 0, refused: 0 };
      entry.tried += 1;
      if (refused) entry.refused += 1;
      classes.set(kind, entry);
    },
    summary(): Record<string, { tried: number; refused: number }> {
      return Object.fromEntries(classes);
    },
  };
}
