/**
 * MCP cold start: from spawning `heygate mcp --sandbox` to the answer of the first `tools/list` over stdio —
 * what an MCP client (Claude, Cursor) waits for when it launches heygate. Goal: ≤ 300 ms.
 *
 * Run: `npx node bench/mcp-cold-start.ts [runs]` → bench/results/mcp-cold-start.json
 *
 * Spawns Node 24 directly (`process.execPath`, as an MCP client configured with `node bin/heygate.js mcp`
 * would; `npx` adds its own start-up). Speaks raw newline-delimited JSON-RPC so no client library start-up
 * is counted. Runs are sequential; the first run warms the OS file cache and is reported separately.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const runs = Number(process.argv[2] ?? 15);
// A data folder of its own, so the bench never writes into the user's ~/.heygate.
const benchHome = mkdtempSync(join(os.tmpdir(), 'heygate-bench-'));
const bin = fileURLToPath(new URL('../bin/heygate.js', import.meta.url));

/** Milliseconds from spawn to the tools/list response, and how many tools it listed. */
function measure(modeArguments: readonly string[]): Promise<{ ms: number; tools: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const env: NodeJS.ProcessEnv = { ...process.env, HEYGATE_HOME: benchHome };
    delete env.HEYGEN_API_KEY;
    const child = spawn(process.execPath, [bin, 'mcp', '--sandbox', ...modeArguments], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env,
    });
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => {
      if (buffer !== 'done') reject(new Error(`heygate mcp exited (${code}) before answering: ${stderr}`));
    });
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        const message = JSON.parse(line) as { id?: number; result?: { tools?: unknown[] } };
        if (message.id === 1) {
          child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
          child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' })}\n`);
        } else if (message.id === 2) {
          const ms = performance.now() - started;
          buffer = 'done';
          child.stdin.end();
          child.kill();
          resolve({ ms, tools: message.result?.tools?.length ?? 0 });
          return;
        }
      }
    });
    const initialize = {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'bench', version: '0' },
      },
    };
    child.stdin.write(`${JSON.stringify(initialize)}\n`);
  });
}

function percentile(sorted: readonly number[], fraction: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return Number(sorted[Math.max(0, index)]!.toFixed(1));
}

async function series(label: string, modeArguments: readonly string[]) {
  const first = await measure(modeArguments);
  const samples: number[] = [];
  let tools = first.tools;
  for (let run = 0; run < runs; run += 1) {
    const sample = await measure(modeArguments);
    samples.push(sample.ms);
    tools = sample.tools;
  }
  const sorted = [...samples].sort((left, right) => left - right);
  const result = {
    label,
    arguments: ['mcp', '--sandbox', ...modeArguments],
    tools,
    runs,
    firstRunMs: Number(first.ms.toFixed(1)),
    medianMs: percentile(sorted, 0.5),
    p90Ms: percentile(sorted, 0.9),
    minMs: percentile(sorted, 0),
    maxMs: percentile(sorted, 1),
  };
  console.log(JSON.stringify(result));
  return result;
}

const results = {
  benchmark: 'mcp-cold-start',
  goalMs: 300,
  node: process.version,
  cpus: os.cpus().length,
  // The machine is shared: a high load average inflates every figure.
  loadAverageAtStart: os.loadavg().map((value) => Number(value.toFixed(2))),
  compileCache: 'bin/heygate.js enables the module compile cache; the first run fills it',
  measuredAt: new Date().toISOString(),
  series: [await series('default (auto → compact)', []), await series('full mode', ['--mode', 'full'])],
};

await mkdir(new URL('./results/', import.meta.url), { recursive: true });
await writeFile(
  new URL('./results/mcp-cold-start.json', import.meta.url),
  `${JSON.stringify(results, null, 2)}\n`,
);
