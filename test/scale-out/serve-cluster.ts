import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import type { RedisTestTarget } from '../../src/gateway/router/redis-test-target.ts';

/**
 * Several real `heygate serve` processes on one Postgres schema and one Redis prefix, behind a small proxy:
 * what the scale-out suites (issue 17) start. Everything started is ended by `close()`.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));

/** A started `heygate serve` (or emulator) process. */
export interface Started {
  child: ChildProcess;
  match: RegExpMatchArray;
  /** Sends SIGKILL and resolves once the process is gone. */
  kill(): Promise<void>;
}

/** A round-robin proxy in front of the processes. */
export interface Proxy {
  port: number;
  /** Requests forwarded to each upstream. */
  hits: number[];
  /** Sends every request to this upstream until called again (undefined: back to round robin). */
  pin(index: number | undefined): void;
  /** Stops sending to an upstream, as a load balancer's health check would once it stops answering. */
  drop(index: number): void;
}

/** Options of {@link startServeCluster}. */
export interface ServeClusterOptions {
  databaseUrl: string;
  /** Redis; every key the cluster wrote is deleted on close. */
  redis: RedisTestTarget;
  /** HeyGen (an emulator) and the key the processes use. */
  heygen: { baseUrl: string; apiKey: string };
  /** How many `heygate serve` processes (default 2). */
  processes?: number;
  /** Extra environment of every process. */
  env?: Record<string, string>;
}

/** Processes, the proxy in front of them, and a persona token allowed to read and write. */
export interface ServeCluster {
  /** Unique per cluster: the Postgres schema, and the prefix of every Redis key. */
  schema: string;
  /** The environment every process shares (database, Redis, master key, HeyGen). */
  env: Record<string, string>;
  servers: Started[];
  /** Port each server listens on. */
  ports: number[];
  proxy: Proxy;
  /** `http://127.0.0.1:<proxy>` */
  base: string;
  token: string;
  /** Runs `heygate ARGS` to the end with the shared environment; its stdout. */
  run(args: string[]): Promise<string>;
  /** Starts `heygate ARGS`; resolves with the first match of `ready` in its stdout. */
  start(args: string[], ready: RegExp, env?: Record<string, string>): Promise<Started>;
  close(): Promise<void>;
}

/** The environment of the test without any HEYGATE_/HEYGEN_ variable, with a fresh home. */
function cleanEnv(homes: string[]): Record<string, string> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && !/^HEYGATE_|^HEYGEN_/.test(entry[0]),
    ),
  );
  const home = mkdtempSync(join(tmpdir(), 'heygate-cluster-'));
  homes.push(home);
  return { ...env, HEYGATE_HOME: home };
}

/** Starts `heygate ARGS` and resolves with the first match of `ready` in its stdout. */
export function startHeygate(
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
  children: ChildProcess[],
): Promise<Started> {
  const child = spawn(process.execPath, [join(root, 'bin/heygate.js'), ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  let output = '';
  return new Promise((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(ready);
      if (match) resolve({ child, match, kill });
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`heygate ${args[0]} exited with ${code}: ${output}`)));
  });
}

/** Runs `heygate ARGS` to the end; its stdout. */
export function runHeygate(args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin/heygate.js'), ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`heygate ${args.join(' ')} exited ${code}: ${stderr}`)),
    );
  });
}

/** A proxy that sends each request to the next upstream in turn (round robin), streaming both ways. */
export async function startProxy(upstreams: number[]): Promise<{ proxy: Proxy; close(): Promise<void> }> {
  const hits = upstreams.map(() => 0);
  const down = new Set<number>();
  let next = 0;
  let pinned: number | undefined;
  const choose = (): number => {
    if (pinned !== undefined) return pinned;
    for (;;) {
      const index = next++ % upstreams.length;
      if (!down.has(index)) return index;
    }
  };
  const server: Server = createServer((incoming, outgoing) => {
    const index = choose();
    hits[index]! += 1;
    const forwarded = httpRequest(
      {
        host: '127.0.0.1',
        port: upstreams[index],
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: `127.0.0.1:${upstreams[index]}` },
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
        // An upstream killed mid-answer: the client sees its connection break, as behind a real proxy.
        answer.on('error', () => outgoing.destroy());
        answer.on('aborted', () => outgoing.destroy());
      },
    );
    forwarded.on('error', () => {
      if (!outgoing.headersSent) outgoing.writeHead(502).end();
      else outgoing.destroy();
    });
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    proxy: {
      port: (server.address() as { port: number }).port,
      hits,
      pin: (index) => void (pinned = index),
      drop: (index) => void down.add(index),
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Starts `processes` `heygate serve` processes (MCP full mode) on a fresh Postgres schema and Redis prefix,
 * with a persona token (read, write) created first, and a round-robin proxy in front of them.
 */
export async function startServeCluster(options: ServeClusterOptions): Promise<ServeCluster> {
  const children: ChildProcess[] = [];
  const homes: string[] = [];
  const closers: (() => Promise<void>)[] = [];
  const schema = `heygate_two_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const env: Record<string, string> = {
    HEYGATE_DATABASE_URL: options.databaseUrl,
    HEYGATE_DATABASE_SCHEMA: schema,
    HEYGATE_REDIS_URL: options.redis.url,
    HEYGATE_REDIS_PREFIX: `${schema}:`,
    HEYGATE_FLOW_QUEUE_PREFIX: schema,
    HEYGATE_MASTER_KEY: randomBytes(32).toString('base64'),
    HEYGEN_API_KEY: options.heygen.apiKey,
    HEYGEN_BASE_URL: options.heygen.baseUrl,
    ...options.env,
  };
  const close = async () => {
    await Promise.all(
      children.map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
      }),
    );
    for (const closer of closers.reverse()) await closer().catch(() => {});
    const sql = postgres(options.databaseUrl, { max: 1, onnotice: () => {} });
    await sql.unsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await sql.end();
    await options.redis.cleanup(schema);
    for (const home of homes) rmSync(home, { recursive: true, force: true });
  };
  const run = (args: string[]) => runHeygate(args, { ...cleanEnv(homes), ...env });
  const start = (args: string[], ready: RegExp, extra: Record<string, string> = {}) =>
    startHeygate(args, { ...cleanEnv(homes), ...env, ...extra }, ready, children);
  try {
    const token = (await run(['personas', 'create', 'agent', '--allow', 'read', 'write']))
      .trim()
      .split('\n')
      .at(-1)!;
    const servers = await Promise.all(
      Array.from({ length: options.processes ?? 2 }, () =>
        start(['serve', '--port', '0', '--mcp-mode', 'full'], /listening on http:\/\/127\.0\.0\.1:(\d+)/),
      ),
    );
    const ports = servers.map((server) => Number(server.match[1]));
    const started = await startProxy(ports);
    closers.push(started.close);
    const base = `http://127.0.0.1:${started.proxy.port}`;
    return { schema, env, servers, ports, proxy: started.proxy, base, token, run, start, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Polls `probe` until it returns a value; fails with `what` after `timeoutMs` (default 60 s). */
export async function eventually<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
