/**
 * Operations overhead (issue 17): what the call observer of `heygate serve` — a pino call log line, the call
 * and HeyGen metrics, and spans — adds to `gateway.execute()`, and how large a Prometheus scrape is.
 *
 * Run: `npx node bench/operations-overhead.ts [calls] [rounds]` → bench/results/operations-overhead.json
 *
 * Method: one process, SQLite store, the default one-account router, the in-process emulator with no
 * latency, tool `user_me_get` as the operator. Three gateways on the same store and emulator: no observer;
 * logs + metrics (tracing off, the default); logs + metrics + tracing on (spans batched for a local OTLP/HTTP
 * receiver in this process). Calls alternate between them so all see the same machine state; per round the
 * p50 and mean of each are taken, the added cost is observed − quiet, and the median over rounds is the
 * headline (the two-core machine is shared). Log lines are serialised by pino and then dropped (the cost of
 * writing them to a pipe belongs to the host). Scrape size: the exposition text after the run (one tool) and
 * after series for 40 tools × 2 outcomes × 2 surfaces (a busy gateway), with and without Node's process
 * metrics.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalog } from '../src/catalog/index.ts';
import type { CallObserver } from '../src/gateway/call-observer.ts';
import { createDefaultRouter } from '../src/gateway/default-router.ts';
import { createGateway, type Gateway } from '../src/gateway/gateway.ts';
import { createStoreVaultStorage } from '../src/gateway/store-vault-storage.ts';
import { createHeyGenClient } from '../src/heygen/client.ts';
import {
  createCallObserver,
  createLogger,
  createMetrics,
  createTracing,
  type Metrics,
} from '../src/observability/index.ts';
import { createSqliteStore } from '../src/store/sqlite-store.ts';
import { startEmulator } from '../src/test/index.ts';
import { createKeyring } from '../src/vault/keyring.ts';
import { generateMasterKey } from '../src/vault/master-key.ts';
import { openVault } from '../src/vault/vault.ts';

const calls = Number(process.argv[2] ?? 6000);
const rounds = Number(process.argv[3] ?? 6);
const round = (value: number, digits = 4) => Math.round(value * 10 ** digits) / 10 ** digits;
const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const p50 = (values: readonly number[]) => median(values);
const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

const home = mkdtempSync(join(tmpdir(), 'heygate-ops-bench-'));
const emulator = await startEmulator({ keys: ['bench-key-0000000001'] });
const store = createSqliteStore({ path: join(home, 'heygate.db') });
const vault = await openVault({
  keyring: createKeyring({ env: { HEYGATE_MASTER_KEY: generateMasterKey().key.toString('base64') } }),
  storage: createStoreVaultStorage(store),
});

// A local OTLP/HTTP receiver: the exporter's requests are real, the collector's work is not measured.
let exportedRequests = 0;
const receiver = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    exportedRequests += 1;
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

let logLines = 0;
let logBytes = 0;
const toolNames = new Set(catalog.map((tool) => tool.name));
function observed(tracingOn: boolean): {
  observer: CallObserver;
  metrics: Metrics;
  flush: () => Promise<void>;
} {
  const metrics = createMetrics();
  const tracing = createTracing({
    env: tracingOn ? { HEYGATE_OTLP_ENDPOINT: receiverUrl } : {},
    exportDelayMs: 1000,
  });
  const logger = createLogger({
    write: (line) => {
      logLines += 1;
      logBytes += line.length;
    },
  });
  return {
    observer: createCallObserver({ logger, metrics, tracer: tracing.tracer, toolNames }),
    metrics,
    flush: () => tracing.shutdown(),
  };
}

function gatewayWith(observer: CallObserver | undefined): Gateway {
  return createGateway({
    store,
    vault,
    clientFactory: (account) =>
      createHeyGenClient({ ...emulator.clientOptions, apiKey: account.apiKey ?? '', env: {} }),
    defaultAccount: { apiKey: emulator.apiKey, source: 'bench' },
    router: (context) => createDefaultRouter({ accounts: context.accounts }),
    ...(observer ? { observer } : {}),
  });
}

const logsAndMetrics = observed(false);
const everything = observed(true);
const variants = {
  quiet: gatewayWith(undefined),
  logsAndMetrics: gatewayWith(logsAndMetrics.observer),
  logsMetricsTraces: gatewayWith(everything.observer),
};
type Variant = keyof typeof variants;
const names = Object.keys(variants) as Variant[];

async function once(gateway: Gateway): Promise<number> {
  const started = performance.now();
  const result = await gateway.execute({ tool: 'user_me_get', input: {}, surface: 'library' });
  if (!result.ok) throw new Error(`call failed: ${result.error.code}`);
  return performance.now() - started;
}

for (let index = 0; index < 500; index += 1) for (const name of names) await once(variants[name]);

const perRound = Math.floor(calls / rounds);
const roundFigures: Record<Variant, { p50: number; mean: number }>[] = [];
for (let r = 0; r < rounds; r += 1) {
  const samples = { quiet: [], logsAndMetrics: [], logsMetricsTraces: [] } as Record<Variant, number[]>;
  for (let index = 0; index < perRound; index += 1) {
    // Rotate the order so no variant always runs right after another.
    for (let offset = 0; offset < names.length; offset += 1) {
      const name = names[(index + offset) % names.length]!;
      samples[name].push(await once(variants[name]));
    }
  }
  roundFigures.push(
    Object.fromEntries(
      names.map((name) => [name, { p50: p50(samples[name]), mean: mean(samples[name]) }]),
    ) as Record<Variant, { p50: number; mean: number }>,
  );
}

const figure = (name: Variant, key: 'p50' | 'mean') =>
  median(roundFigures.map((figures) => figures[name][key]));
const added = (name: Variant, key: 'p50' | 'mean') =>
  median(roundFigures.map((figures) => figures[name][key] - figures.quiet[key]));

const scrapeOneTool = await logsAndMetrics.metrics.scrape();
// A busy gateway: 40 tools, two outcomes, two surfaces, HeyGen statuses on two accounts.
const busy = createMetrics();
const busyBare = createMetrics({ processMetrics: false });
for (const metrics of [busy, busyBare]) {
  for (const tool of catalog.slice(0, 40)) {
    for (const outcome of ['ok', 'invalid_input']) {
      for (const surface of ['mcp', 'http']) {
        metrics.calls.inc({ tool: tool.name, outcome, surface });
        metrics.callSeconds.observe({ tool: tool.name, outcome }, 0.05);
      }
    }
  }
  for (const status of ['200', '400', '429', '500']) {
    for (const account of ['default', 'backup']) {
      metrics.heygenRequests.inc({ status, account });
      metrics.heygenSeconds.observe({ status }, 0.1);
    }
  }
}
const started = performance.now();
const scrapeBusy = await busy.scrape();
const scrapeMs = performance.now() - started;
const scrapeBusyBare = await busyBare.scrape();
await everything.flush();
await logsAndMetrics.flush();

const results = {
  date: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    model: cpus()[0]?.model,
    loadAtEnd: loadavg().map((value) => round(value, 2)),
  },
  method: `${rounds} rounds × ${perRound} calls per variant, alternating; user_me_get as operator, SQLite, default router, in-process emulator; median over rounds`,
  callMs: Object.fromEntries(
    names.map((name) => [name, { p50: round(figure(name, 'p50')), mean: round(figure(name, 'mean')) }]),
  ),
  addedMs: {
    logsAndMetrics: {
      p50: round(added('logsAndMetrics', 'p50')),
      mean: round(added('logsAndMetrics', 'mean')),
    },
    logsMetricsTraces: {
      p50: round(added('logsMetricsTraces', 'p50')),
      mean: round(added('logsMetricsTraces', 'mean')),
    },
  },
  logLine: { lines: logLines, averageBytes: Math.round(logBytes / Math.max(1, logLines)) },
  otlpExportRequests: exportedRequests,
  scrapeBytes: {
    oneToolWithProcessMetrics: Buffer.byteLength(scrapeOneTool),
    busyGatewayWithProcessMetrics: Buffer.byteLength(scrapeBusy),
    busyGatewayWithoutProcessMetrics: Buffer.byteLength(scrapeBusyBare),
  },
  scrapeMsBusyGateway: round(scrapeMs, 2),
};
await mkdir(new URL('./results/', import.meta.url), { recursive: true });
await writeFile(
  new URL('./results/operations-overhead.json', import.meta.url),
  `${JSON.stringify(results, null, 2)}\n`,
);
console.log(JSON.stringify(results, null, 2));

for (const gateway of Object.values(variants)) await gateway.close();
await store.close();
await emulator.close();
await new Promise<void>((resolve) => receiver.close(() => resolve()));
rmSync(home, { recursive: true, force: true });
