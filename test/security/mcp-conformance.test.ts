import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServeUnderAttack, type ServeUnderAttack } from './serve-harness.ts';

/**
 * The official MCP conformance suite (`@modelcontextprotocol/conformance`, pinned in package.json; it runs
 * offline: its server scenarios only talk to the URL they are given) against a real `heygate serve`.
 *
 * Scenarios run — the ones that apply to a tools-only server:
 * - `server-initialize`, `ping`, `tools-list`: the handshake and the tool listing;
 * - `server-sse-multiple-streams`: concurrent POST streams in one session;
 * - `dns-rebinding-protection`: a foreign Host/Origin is refused, the server's own accepted.
 *
 * Not run, and why: `logging-set-level`, `completion-complete`, `resources-*`, `prompts-*` test capabilities
 * heygate does not declare; `tools-call-*`, `json-schema-2020-12`, `server-sse-polling` and `elicitation-*`
 * call fixture tools (`test_simple_text`, `test_reconnection`, …) that only the suite's reference server has.
 *
 * The suite's client sends no `Authorization`, and heygate's `/mcp` always needs a bearer (ADR 0012). A
 * loopback proxy adds the persona token and forwards every other header untouched — `Host` and `Origin`
 * included, so the DNS-rebinding scenario tests heygate's own check.
 */
const scenarios = [
  'server-initialize',
  'ping',
  'tools-list',
  'server-sse-multiple-streams',
  'dns-rebinding-protection',
] as const;

const cli = new URL('../../node_modules/@modelcontextprotocol/conformance/dist/index.js', import.meta.url)
  .pathname;
let target: ServeUnderAttack;
let proxy: Server;
let proxyUrl = '';
const output = mkdtempSync(join(tmpdir(), 'heygate-conformance-'));

/** Forwards to `heygate serve`, adding the bearer token and keeping every other header as sent. */
function startProxy(upstream: URL, token: string): Promise<Server> {
  const server = createServer((incoming, outgoing) => {
    const forwarded = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, authorization: `Bearer ${token}` },
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  target = await startServeUnderAttack();
  proxy = await startProxy(new URL(target.base), target.token);
  proxyUrl = `http://localhost:${(proxy.address() as AddressInfo).port}/mcp`;
}, 60_000);

afterAll(async () => {
  await new Promise<void>((resolve) => proxy?.close(() => resolve()));
  await target?.stop();
  rmSync(output, { recursive: true, force: true });
});

interface Check {
  id: string;
  status: string;
  errorMessage?: string;
}

/** Runs one scenario with the suite's CLI and returns its checks (read from the results it saves). */
async function runScenario(scenario: string): Promise<Check[]> {
  const directory = join(output, scenario);
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(
      process.execPath,
      [cli, 'server', '--url', proxyUrl, '--scenario', scenario, '-o', directory],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    child.once('exit', resolve);
  });
  const files = walk(directory).filter((file) => file.endsWith('checks.json'));
  expect(files.length, `scenario ${scenario} wrote no checks (exit ${code})`).toBeGreaterThan(0);
  return files.flatMap((file) => JSON.parse(readFileSync(file, 'utf8')) as Check[]);
}

function walk(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

describe('MCP conformance suite against heygate serve', () => {
  it.each(scenarios)(
    '%s passes',
    async (scenario) => {
      const checks = await runScenario(scenario);
      expect(checks.length).toBeGreaterThan(0);
      const failed = checks.filter((check) => check.status === 'FAILURE');
      expect(failed).toEqual([]);
    },
    60_000,
  );
});
