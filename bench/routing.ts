/**
 * Routing under load: throughput and success rate of a mixed agent workload against two emulator accounts
 * with rate limits and faults, with fallback (the full router over both accounts) and without (the same
 * router over one account). Also counts renders against successful creates: duplicates must be zero.
 *
 * Run: `npx node bench/routing.ts [seconds]` → bench/results/routing.json
 *
 * Method: the emulator runs on a manual clock. Each simulated second, 10 calls start together (600 per
 * minute offered): 6 portable reads (voice/avatar/video lists), 1 status read of a video that lives on the
 * first account (account-scoped: it never moves), 2 video creates with public avatar and voice ids (portable),
 * and 1 agent retry of an earlier create (identical arguments — must return the first job). Each account allows
 * 360 requests per minute and 10 concurrent renders of 10 s, and answers 1 % of requests with a 503 and 2 % of
 * creates with a 500 after processing them (the lost-answer case). Throughput is wall-clock calls per second
 * through the router and the in-process emulator (one core); success rate is the share of calls answered ok.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { createRedisHealthStore, type RouteResult } from '../src/gateway/router/index.ts';
import { redisTestTarget } from '../src/gateway/router/redis-test-target.ts';
import { createRoutingHarness, type RoutingHarnessOptions } from '../test/routing/routing-harness.ts';

const seconds = Number(process.argv[2] ?? 300);
const callsPerSecond = 10;

interface Figures {
  calls: number;
  ok: number;
  successRate: number;
  /** Failed calls by error code. */
  failures: Record<string, number>;
  /** Calls answered by an account other than their first choice. */
  fallbacks: number;
  /** Creates the router found again after a lost answer instead of re-sending. */
  reconciled: number;
  /** Creates answered from the ledger (agent retries, concurrent duplicates). */
  replayed: number;
  /** Successful calls per account. */
  byAccount: Record<string, number>;
  /** Renders the emulator accepted, and the distinct jobs successful creates returned. */
  renders: number;
  distinctJobsReturned: number;
  /** Scripts rendered more than once (a create sent twice): must be 0. */
  duplicateRenders: number;
  wallSeconds: number;
  callsPerSecond: number;
  latencyMs: { p50: number; p99: number };
  /** Simulated minutes the workload covered. */
  simulatedMinutes: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function round(value: number, digits = 3): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

async function run(name: string, options: RoutingHarnessOptions): Promise<Figures> {
  const harness = await createRoutingHarness({
    rateLimit: { requestsPerMinute: 360, concurrentJobs: 10 },
    faults: '500-after:0.02@/v3/videos,503:0.01',
    seed: 11,
    timeoutMs: 5_000,
    ...options,
  });
  // A video on the first account for the account-scoped status reads (made before the clock starts).
  const home = harness.accounts[0] as string;
  let pinnedVideo: string | undefined;
  while (!pinnedVideo) {
    const created = await harness.call(
      'video_create',
      harness.videoInput('The video every status read asks about.'),
      { account: home },
    );
    if (created.ok) pinnedVideo = (created.data as { video_id: string }).video_id;
    else harness.clock.advance(1_000);
  }
  const rendersBefore = harness.renders();

  const reads: [string, Record<string, unknown>][] = [
    ['voice_list', { limit: 20 }],
    ['avatar_list', { limit: 20 }],
    ['video_list', { limit: 20 }],
  ];
  const results: RouteResult[] = [];
  const createResults: RouteResult[] = [];
  const latencies: number[] = [];
  const timed = async (work: Promise<RouteResult>, isCreate = false) => {
    const started = performance.now();
    const result = await work;
    latencies.push(performance.now() - started);
    results.push(result);
    if (isCreate) createResults.push(result);
    return result;
  };
  let created = 0;
  const createdScripts: string[] = [];
  const started = performance.now();
  for (let second = 0; second < seconds; second += 1) {
    const batch: Promise<RouteResult>[] = [];
    for (let index = 0; index < 6; index += 1) {
      const [tool, input] = reads[(second + index) % reads.length]!;
      batch.push(timed(harness.call(tool, input)));
    }
    batch.push(timed(harness.call('video_get', { video_id: pinnedVideo })));
    for (let index = 0; index < 2; index += 1) {
      created += 1;
      const script = `Bench video number ${created} for account routing.`;
      createdScripts.push(script);
      batch.push(timed(harness.call('video_create', harness.videoInput(script)), true));
    }
    const earlier = createdScripts[Math.floor((second * 7919) % createdScripts.length)]!;
    batch.push(timed(harness.call('video_create', harness.videoInput(earlier)), true));
    await Promise.all(batch);
    harness.clock.advance(1_000);
  }
  const wallSeconds = (performance.now() - started) / 1000;

  const failures: Record<string, number> = {};
  const byAccount: Record<string, number> = {};
  for (const result of results) {
    if (!result.ok) {
      failures[result.error.code] = (failures[result.error.code] ?? 0) + 1;
      continue;
    }
    byAccount[result.account] = (byAccount[result.account] ?? 0) + 1;
  }
  const jobs = new Set(
    createResults.flatMap((result) => (result.ok ? [(result.data as { video_id: string }).video_id] : [])),
  );
  const renders = harness.renders() - rendersBefore;
  const rendersPerScript = new Map<string, number>();
  for (const account of harness.accounts) {
    for (const video of harness.emulator.inspect.account(harness.keyOf(account))?.videos.values() ?? []) {
      rendersPerScript.set(video.script, (rendersPerScript.get(video.script) ?? 0) + 1);
    }
  }
  const duplicateRenders = [...rendersPerScript.values()].reduce(
    (total, count) => total + Math.max(0, count - 1),
    0,
  );
  const sorted = [...latencies].sort((a, b) => a - b);
  const ok = results.filter((result) => result.ok).length;
  const figures: Figures = {
    calls: results.length,
    ok,
    successRate: round(ok / results.length, 4),
    failures,
    fallbacks: results.filter((result) => result.ok && result.fallbackFrom !== undefined).length,
    reconciled: results.filter((result) => result.ok && result.reconciled).length,
    replayed: results.filter((result) => result.ok && result.replayed).length,
    byAccount,
    renders,
    distinctJobsReturned: jobs.size,
    duplicateRenders,
    wallSeconds: round(wallSeconds),
    callsPerSecond: round(results.length / wallSeconds, 1),
    latencyMs: { p50: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)) },
    simulatedMinutes: round(seconds / 60, 2),
  };
  process.stderr.write(`  ${name}: ${JSON.stringify(figures)}\n`);
  await harness.close();
  return figures;
}

process.stderr.write(`routing: ${seconds} simulated seconds × ${callsPerSecond} calls\n`);
// Warm-up (not reported): JIT and module caches, so the first measured scenario is not penalised.
await run('warm-up', { accounts: ['one', 'two'] });
const withFallback = await run('with fallback (two accounts)', { accounts: ['one', 'two'] });
const withoutFallback = await run('without fallback (one account)', { accounts: ['one'] });

const redis = await redisTestTarget();
let withFallbackRedis: Figures | { skipped: string };
if (redis.enabled && !redis.reason) {
  const prefix = redis.prefix();
  withFallbackRedis = await run('with fallback, cooldowns in Redis', {
    accounts: ['one', 'two'],
    router: { health: createRedisHealthStore({ url: redis.url, prefix }) },
  });
  await redis.cleanup(prefix);
} else {
  withFallbackRedis = { skipped: redis.reason ?? 'Redis unreachable' };
}

const result = {
  benchmark: 'routing',
  date: new Date().toISOString(),
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  workload: {
    simulatedSeconds: seconds,
    callsPerSimulatedSecond: callsPerSecond,
    mix: '6 portable reads, 1 account-scoped read, 2 portable creates, 1 identical retry of an earlier create',
    perAccountLimits: { requestsPerMinute: 360, concurrentRenders: 10, renderSeconds: 10 },
    faults: '1 % of requests 503; 2 % of creates processed then answered 500',
  },
  withFallback,
  withoutFallback,
  withFallbackRedis,
};
await mkdir(new URL('./results/', import.meta.url), { recursive: true });
await writeFile(new URL('./results/routing.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
process.stderr.write('wrote bench/results/routing.json\n');
