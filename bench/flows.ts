/**
 * Flows at scale (issue 15): 1,000 enabled cron flows all due on the same ticks, on the embedded engine (SQLite)
 * and, when Redis is reachable, on the BullMQ engine. Reports:
 *
 * - scheduling lag: from the tick's scheduled instant to the run's start (claimed by a worker), p50/p99/max —
 *   how late a run starts when a thousand fire at once;
 * - gateway overhead per step: a step's recorded wall time minus the latency of the tool call inside it (from
 *   its audit record) — what flows add around `execute()` (template rendering, step and run rows, lease, claim);
 * - throughput: runs finished per second over the whole burst.
 *
 * Run: `npx node bench/flows.ts [flows] [ticks] [seconds between ticks]` → bench/results/flows.json. HeyGen is the in-process emulator;
 * every step is `user_me_get` (a read), so the figures are heygate's own cost.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { openFlows } from '../src/flows/open-flows.ts';
import { createGateway } from '../src/gateway/gateway.ts';
import { createStoreVaultStorage } from '../src/gateway/store-vault-storage.ts';
import { createHeyGenClient } from '../src/heygen/client.ts';
import { createSqliteStore } from '../src/store/sqlite-store.ts';
import { startEmulator } from '../src/test/index.ts';
import { createKeyring } from '../src/vault/keyring.ts';
import { generateMasterKey } from '../src/vault/master-key.ts';
import { openVault } from '../src/vault/vault.ts';

const flowCount = Number(process.argv[2] ?? 1000);
const ticks = Number(process.argv[3] ?? 2);
/** Seconds between ticks: long enough for the engines to drain one burst before the next. */
const tickSeconds = Number(process.argv[4] ?? 10);
const redisUrl = process.env.HEYGATE_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const loadAtStart = loadavg().map((value) => round(value, 2));

function round(value: number, digits = 3): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? Number.NaN),
  };
}

async function redisReachable(): Promise<boolean> {
  const probe = new Redis(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 1000,
  });
  probe.on('error', () => {});
  try {
    await probe.connect();
    await probe.ping();
    return true;
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

async function measure(engine: 'embedded' | 'bullmq') {
  const home = mkdtempSync(join(tmpdir(), 'heygate-bench-flows-'));
  const emulator = await startEmulator({ keys: ['bench-flows-key-000001'] });
  const store = createSqliteStore({ path: join(home, 'heygate.db') });
  const vault = await openVault({
    keyring: createKeyring({ env: { HEYGATE_MASTER_KEY: generateMasterKey().key.toString('base64') } }),
    storage: createStoreVaultStorage(store),
  });
  const gateway = createGateway({
    store,
    vault,
    clientFactory: (account) =>
      createHeyGenClient({ ...emulator.clientOptions, apiKey: account.apiKey, env: {} }),
    defaultAccount: { apiKey: emulator.apiKey, source: 'HEYGEN_API_KEY' },
  });
  const prefix = `heygate-bench-${process.pid}-${engine}`;
  const flows = openFlows({
    gateway,
    engine,
    env: { HEYGATE_FLOW_POLL_MS: '50', HEYGATE_REDIS_URL: redisUrl, HEYGATE_FLOW_QUEUE_PREFIX: prefix },
  });
  try {
    for (let index = 0; index < flowCount; index += 1) {
      await flows.service.save(
        {
          name: `tick-${index}`,
          trigger: { cron: `*/${tickSeconds} * * * * *`, timezone: 'UTC' },
          steps: [{ id: 'me', tool: 'user_me_get' }],
        },
        { kind: 'operator' },
      );
    }
    await flows.engine.start();
    const expected = flowCount * ticks;
    const database = store.connection!.kind === 'sqlite' ? store.connection!.database : undefined;
    const count = (sql: string) => (database!.prepare(sql).get() as { n: number }).n;
    // Let `ticks` ticks fire, then switch every schedule off and wait for the burst to drain.
    while (count('SELECT COUNT(*) AS n FROM flow_runs') === 0)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const ticksSeen = () =>
      count(`SELECT COUNT(DISTINCT json_extract(trigger, '$.scheduled_for')) AS n FROM flow_runs`);
    const settle = performance.now() + (ticks + 6) * tickSeconds * 1000;
    while (
      (ticksSeen() < ticks || count('SELECT COUNT(*) AS n FROM flow_runs') < expected) &&
      performance.now() < settle
    )
      await new Promise((resolve) => setTimeout(resolve, 100));
    database!.exec('UPDATE flows SET enabled = 0');
    await flows.engine.refresh();
    const deadline = performance.now() + 300_000;
    while (
      count("SELECT COUNT(*) AS n FROM flow_runs WHERE status IN ('queued', 'running')") > 0 &&
      performance.now() < deadline
    )
      await new Promise((resolve) => setTimeout(resolve, 200));
    await flows.engine.close();
    const runs = database!
      .prepare('SELECT id, trigger, created_at, started_at, finished_at, status FROM flow_runs')
      .all() as {
      id: string;
      trigger: string;
      created_at: string;
      started_at: string;
      finished_at: string;
      status: string;
    }[];
    const statuses = database!
      .prepare(
        `SELECT status, json_extract(error, '$.code') AS code, COUNT(*) AS n FROM flow_runs GROUP BY status, code`,
      )
      .all() as { status: string; code: string | null; n: number }[];
    const firstTicks = [
      ...new Set(runs.map((run) => (JSON.parse(run.trigger) as { scheduled_for: string }).scheduled_for)),
    ]
      .sort()
      .slice(0, ticks);
    // Every run is measured against its own tick (BullMQ schedulers registered over several seconds start on different ticks).
    const measured = runs.filter((run) => run.status === 'succeeded');
    const tickOf = (run: { trigger: string }) =>
      Date.parse((JSON.parse(run.trigger) as { scheduled_for: string }).scheduled_for);
    const lags = measured.map((run) => Date.parse(run.started_at) - tickOf(run));
    const queueLags = measured.map((run) => Date.parse(run.created_at) - tickOf(run));
    const steps = database!
      .prepare("SELECT run_id, duration_ms FROM flow_steps WHERE status = 'succeeded'")
      .all() as { run_id: string; duration_ms: number }[];
    const audits = database!
      .prepare("SELECT context, latency_ms FROM audit WHERE surface = 'flow'")
      .all() as { context: string; latency_ms: number }[];
    const callLatency = new Map(
      audits.map((audit) => [(JSON.parse(audit.context) as { run: string }).run, audit.latency_ms]),
    );
    const overhead = steps.flatMap((step) => {
      const latency = callLatency.get(step.run_id);
      return latency === undefined ? [] : [step.duration_ms - latency];
    });
    const finishes = measured.map((run) => Date.parse(run.finished_at)).sort((a, b) => a - b);
    const firstTick = Date.parse(firstTicks[0]!);
    return {
      engine,
      flows: flowCount,
      ticks: firstTicks,
      runs_succeeded: measured.length,
      runs_expected: expected,
      runs_by_status: Object.fromEntries(
        statuses.map((row) => [row.code ? `${row.status}:${row.code}` : row.status, row.n]),
      ),
      queue_lag_ms: summary(queueLags),
      scheduling_lag_ms: summary(lags),
      step_overhead_ms: summary(overhead),
      tool_call_latency_ms: summary(audits.map((audit) => audit.latency_ms)),
      runs_per_second: round(measured.length / Math.max(0.001, (finishes.at(-1)! - firstTick) / 1000), 1),
    };
  } finally {
    await flows.close().catch(() => {});
    await gateway.close();
    await store.close();
    await emulator.close();
    rmSync(home, { recursive: true, force: true });
    if (engine === 'bullmq') {
      const redis = new Redis(redisUrl);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    }
  }
}

const results = [await measure('embedded')];
if (await redisReachable()) results.push(await measure('bullmq'));
else process.stderr.write(`Redis unreachable at ${redisUrl}: BullMQ engine not measured\n`);

const report = {
  benchmark: 'flows',
  date: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    model: cpus()[0]?.model,
    load_at_start: loadAtStart,
    node: process.version,
  },
  method:
    `${flowCount} cron flows ("*/${tickSeconds} * * * * *", one user_me_get step each) all due on the same ticks; ` +
    `${ticks} ticks measured. Queue lag = run queued − tick; scheduling lag = run started (claimed) − tick, which ` +
    'includes waiting behind the burst (20 runs at once per process). Step overhead = step wall time − audited tool-call latency.',
  results,
};
await mkdir(new URL('results/', import.meta.url), { recursive: true });
await writeFile(new URL('results/flows.json', import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
