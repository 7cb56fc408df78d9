/**
 * Lua surface: VM start time and the overhead an integration call made from Lua adds over the same call
 * made from TypeScript through the same executor. Goals (issue 5): start ≤ 30 ms, ≤ 50 µs added per call.
 *
 * Run: `npx node bench/lua.ts [calls] [rounds]` → bench/results/lua.json
 *
 * Method: one process, sequential. "Start" is a whole `runner.run('return 1')`: take a WebAssembly instance
 * (warm: the pool's pre-initialised spare; cold: instantiated on demand), create the state, run the sandbox
 * prelude, load and run the script, read the result. "Per call" is the median interval between consecutive
 * calls reaching the executor, from a Lua loop and from a TypeScript loop on the same executor; the added
 * cost is the difference. Two executors: a constant one (the Lua bridge alone: argument conversion, yield to
 * JavaScript, resume, result conversion) and the real local executor over the in-process emulator
 * (`user_me_get`). Medians over thousands of calls keep the shared machine's noise out.
 *
 * `npx node bench/lua.ts server` runs the server figures only (issue 10, ADRs 0020 and 0058) and merges them
 * into bench/results/lua.json as `server`: an HTTP server on this process answers `/healthz` while four scripts
 * spin (`while true do end`) for the whole probe window — on the event loop (`createLuaRunner`, the design
 * before ADR 0020), in worker threads taking turns to compute (the server's default, ADR 0058), in worker
 * threads all computing at once (the design before ADR 0058), and with no scripts (the machine's own noise); a
 * separate process probes `/healthz` every 20 ms and reports each answer's latency. Also the per-call cost
 * through a worker (the message round trip to the main thread's executor).
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { createLocalExecutor } from '../src/gateway/local-executor.ts';
import type { ExecuteRequest, Executor } from '../src/gateway/types.ts';
import { createHeyGenClient } from '../src/heygen/index.ts';
import {
  createLuaRunner,
  createLuaWasmPool,
  createLuaWorkerRunner,
  type LuaLimits,
  type LuaRunner,
} from '../src/surfaces/lua/index.ts';
import { startEmulator } from '../src/test/index.ts';

const serverMode = process.argv[2] === 'server';
const calls = serverMode ? 1000 : Number(process.argv[2] ?? 1000);
const rounds = serverMode ? 5 : Number(process.argv[3] ?? 5);
const startRuns = 60;
const loadAtStart = loadavg().map((value) => round(value, 2));

function round(value: number, digits = 3): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** A result shaped like `user_me_get`'s, answered at once: isolates what the Lua bridge costs. */
const constantData = {
  username: 'bench',
  email: 'bench@example.com',
  billing_type: 'wallet',
  wallet: { currency: 'USD', remaining_balance: 1000 },
};
const constant: Executor = {
  async execute(request: ExecuteRequest) {
    return { ok: true, tool: request.tool, data: constantData, durationMs: 0 };
  },
  visibleTools: async () => [],
};

const emulator = await startEmulator();
const real = createLocalExecutor({ client: createHeyGenClient({ ...emulator.clientOptions }) });

/** Times of `run('return 1')`; with `pauseMs`, the pool has time to initialise its spare between runs. */
async function startTimes(runner: LuaRunner, pauseMs = 0): Promise<number[]> {
  const times: number[] = [];
  for (let index = 0; index < startRuns; index++) {
    if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    const started = performance.now();
    const result = await runner.run('return 1');
    times.push(performance.now() - started);
    if (!result.ok) throw new Error(`start run failed: ${result.error?.message}`);
  }
  return times.slice(5);
}

interface CallFigures {
  /** Median time from one call's start to the next one's, from Lua. */
  luaPerCallUs: number;
  /** The same from a TypeScript loop on the same executor. */
  typescriptPerCallUs: number;
  /** The difference: what one call from Lua adds. */
  addedPerCallUs: number;
  /** 10th percentiles (the least disturbed calls). */
  p10: { luaPerCallUs: number; typescriptPerCallUs: number; addedPerCallUs: number };
}

/** An executor that timestamps every call it receives. */
function stamping(executor: Executor, stamps: number[]): Executor {
  return {
    execute(request) {
      stamps.push(performance.now());
      return executor.execute(request);
    },
    visibleTools: (caller) => executor.visibleTools(caller),
  };
}

function intervalsUs(stamps: readonly number[]): number[] {
  const intervals: number[] = [];
  for (let index = 1; index < stamps.length; index++)
    intervals.push((stamps[index]! - stamps[index - 1]!) * 1000);
  return intervals;
}

/**
 * Per-call cost as the interval between consecutive calls reaching the executor: from Lua (the script loops
 * over calls) and from TypeScript (a loop awaiting execute()). Medians of thousands of intervals are robust
 * to the shared machine's noise, unlike whole-loop timings.
 */
async function perCall(executor: Executor): Promise<CallFigures> {
  const luaStamps: number[] = [];
  const runner = createLuaRunner({
    executor: stamping(executor, luaStamps),
    limits: { calls: calls * rounds + 10, timeoutMs: 600_000, cpuTimeMs: 600_000 },
  });
  const script = `local heygen = app.integrations.heygen\nfor i = 1, ${calls} do heygen.user_me_get({}) end\nreturn true`;
  const typescriptStamps: number[] = [];
  const direct = stamping(executor, typescriptStamps);
  // Scripts pass an abort signal with every call (the run's cancellation); so does the TypeScript loop.
  const signal = new AbortController().signal;
  // Warm up both paths (JIT, schema caches, emulator state), then alternate rounds of each.
  await runner.run(script);
  for (let index = 0; index < 500; index++)
    await direct.execute({ tool: 'user_me_get', input: {}, surface: 'library', signal });
  const lua: number[] = [];
  const typescript: number[] = [];
  for (let index = 0; index < rounds; index++) {
    luaStamps.length = 0;
    const result = await runner.run(script);
    if (!result.ok) throw new Error(`bench script failed: ${result.error?.message}`);
    lua.push(...intervalsUs(luaStamps));
    typescriptStamps.length = 0;
    for (let call = 0; call < calls; call++)
      await direct.execute({ tool: 'user_me_get', input: {}, surface: 'library', signal });
    typescript.push(...intervalsUs(typescriptStamps));
  }
  const at = (p: number) => ({
    luaPerCallUs: round(percentile(lua, p), 1),
    typescriptPerCallUs: round(percentile(typescript, p), 1),
    addedPerCallUs: round(percentile(lua, p) - percentile(typescript, p), 1),
  });
  return { ...at(50), p10: at(10) };
}

/**
 * Latencies of `/healthz` probes (from another process) for `probeMs` while `scripts` scripts spin on `runner`
 * for the whole window (each is cancelled when the window ends; none stops by a limit before).
 */
async function healthzWhileSpinning(
  runner: LuaRunner | undefined,
  probeMs: number,
  // Scripts on the event loop cannot be cancelled from it: there they stop by a 1 s computation limit instead.
  limits: Partial<LuaLimits> = { cpuTimeMs: 600_000, instructions: 1e15, timeoutMs: 600_000 },
) {
  const server = createServer((_request, response) => response.end('{"ok":true}'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  // Probes on a fixed schedule (every 20 ms, not waiting for the previous answer): a stalled event loop
  // makes every probe sent during the stall late, not just one.
  const probe = `
    const pending = []; const end = Date.now() + ${probeMs};
    while (Date.now() < end) {
      const started = performance.now();
      pending.push(fetch('http://127.0.0.1:${port}/healthz').then((r) => r.text()).then(() => performance.now() - started));
      await new Promise((r) => setTimeout(r, 20));
    }
    const latencies = await Promise.all(pending);
    console.log(JSON.stringify(latencies));`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', probe], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = new AbortController();
  const spins = Array.from({ length: runner ? 4 : 0 }, () =>
    runner!.run('while true do end', { signal: stop.signal, limits }),
  );
  await exited;
  stop.abort();
  const stopped = await Promise.all(spins);
  server.close();
  const latencies = JSON.parse(out) as number[];
  return {
    probes: latencies.length,
    healthzMs: {
      p50: round(percentile(latencies, 50), 1),
      p90: round(percentile(latencies, 90), 1),
      p99: round(percentile(latencies, 99), 1),
      max: round(Math.max(...latencies), 1),
    },
    scriptsEndedBy: stopped.map((result) => result.error?.code ?? 'ok'),
    latencies,
  };
}

type HealthzWindow = Awaited<ReturnType<typeof healthzWhileSpinning>>;

/** Every probe of several windows pooled: percentiles, probes over the 100 ms target, each round's max. */
function pooled(windows: HealthzWindow[]) {
  const latencies = windows.flatMap((window) => window.latencies);
  return {
    rounds: windows.length,
    probes: latencies.length,
    healthzMs: {
      p50: round(percentile(latencies, 50), 1),
      p90: round(percentile(latencies, 90), 1),
      p99: round(percentile(latencies, 99), 1),
      max: round(Math.max(...latencies), 1),
    },
    over100Ms: latencies.filter((latency) => latency >= 100).length,
    maxByRound: windows.map((window) => window.healthzMs.max),
    scriptsEndedBy: [...new Set(windows.flatMap((window) => window.scriptsEndedBy))],
  };
}

if (serverMode) {
  const { latencies: _onLoopLatencies, ...onLoop } = await healthzWhileSpinning(
    createLuaRunner({ executor: constant }),
    4000,
    { cpuTimeMs: 1000 },
  );
  // The server's default (ADR 0058): four threads, one turn less than the cores to compute. Against it, the
  // design before (every thread computes at once: `computeSlots: 4`) and no scripts at all (the machine's own
  // noise), in alternating rounds so each meets the same load.
  const turns = createLuaWorkerRunner({ executor: constant });
  const everyThread = createLuaWorkerRunner({ executor: constant, computeSlots: 4 });
  // Start the four threads first (each loads the catalog once), as a server does on its first scripts.
  for (const runner of [turns, everyThread])
    await Promise.all(Array.from({ length: 4 }, () => runner.run('return 1')));
  const windows: Record<'idle' | 'turns' | 'everyThread', HealthzWindow[]> = {
    idle: [],
    turns: [],
    everyThread: [],
  };
  for (let round = 0; round < 5; round++) {
    windows.idle.push(await healthzWhileSpinning(undefined, 3000));
    windows.turns.push(await healthzWhileSpinning(turns, 3000));
    windows.everyThread.push(await healthzWhileSpinning(everyThread, 3000));
  }
  const stamps: number[] = [];
  const stamped = createLuaWorkerRunner({
    executor: stamping(constant, stamps),
    workers: 1,
    limits: { calls: calls + 10 },
  });
  const loop = `for i = 1, ${calls} do app.integrations.heygen.user_me_get({}) end return true`;
  await stamped.run(loop);
  stamps.length = 0;
  const intervals: number[] = [];
  for (let index = 0; index < rounds; index++) {
    stamps.length = 0;
    const result = await stamped.run(loop);
    if (!result.ok) throw new Error(`bench script failed: ${result.error?.message}`);
    intervals.push(...intervalsUs(stamps));
  }
  await Promise.all([turns.close(), everyThread.close(), stamped.close()]);
  await emulator.close();
  const inTurns = pooled(windows.turns);
  const server = {
    date: new Date().toISOString(),
    cores: cpus().length,
    loadAverageAtStart: loadAtStart,
    loadAverageAtEnd: loadavg().map((value) => round(value, 2)),
    method:
      'an HTTP server in this process; a separate process probes /healthz every 20 ms for 3 s while 4 scripts ' +
      "spin ('while true do end') for the whole window; 5 alternating rounds of: no scripts, the server's " +
      'worker threads (turns to compute: cores − 1), every thread computing at once (the design before); ' +
      'figures pool every probe of the 5 rounds. eventLoop: the scripts on the event loop (before ADR 0020), one 4 s window, each script stopped by a 1 s computation limit.',
    computeSlots: Math.max(1, cpus().length - 1),
    fourSpinningScripts: {
      eventLoop: onLoop,
      noScripts: pooled(windows.idle),
      workerThreadsTakingTurns: inTurns,
      workerThreadsAllComputing: pooled(windows.everyThread),
    },
    workerPerCallUs: round(percentile(intervals, 50), 1),
    target: { healthzMs: 100 },
    met: inTurns.healthzMs.max < 100,
  };
  const file = new URL('./results/lua.json', import.meta.url);
  const previous = JSON.parse(await readFile(file, 'utf8').catch(() => '{}')) as Record<string, unknown>;
  await writeFile(file, `${JSON.stringify({ ...previous, server }, null, 2)}\n`);
  console.log(JSON.stringify(server, null, 2));
  process.exit(0);
}
const warmStart = await startTimes(createLuaRunner({ executor: constant }), 50);
const backToBackStart = await startTimes(createLuaRunner({ executor: constant }));
const coldStart = await startTimes(
  createLuaRunner({ executor: constant, pool: createLuaWasmPool({ spare: 0 }) }),
);
const bridge = await perCall(constant);
const emulated = await perCall(real);
await emulator.close();

const startMs = { p50: round(percentile(warmStart, 50)), p99: round(percentile(warmStart, 99)) };
const results = {
  benchmark: 'lua',
  date: new Date().toISOString(),
  node: process.version,
  cpu: cpus()[0]?.model.trim() ?? 'unknown',
  cores: cpus().length,
  loadAverageAtStart: loadAtStart,
  targets: { startMs: 30, addedPerCallUs: 50 },
  met: {
    start: startMs.p50 <= 30,
    addedPerCall: bridge.addedPerCallUs <= 50 && emulated.addedPerCallUs <= 50,
  },
  startMs: {
    warm: startMs,
    backToBack: { p50: round(percentile(backToBackStart, 50)), p99: round(percentile(backToBackStart, 99)) },
    cold: { p50: round(percentile(coldStart, 50)), p99: round(percentile(coldStart, 99)) },
    runs: warmStart.length,
  },
  perCall: { calls, rounds, tool: 'user_me_get', constantExecutor: bridge, emulatorExecutor: emulated },
  notes:
    "warm start = a run on the pool's pre-initialised WebAssembly instance (runs 50 ms apart, so the spare is ready: " +
    "an agent's scripts are seconds apart); backToBack = runs with no gap, so most wait for their instance; " +
    'cold = no spare, each instance created on demand. perCall.constantExecutor isolates the Lua bridge; ' +
    'perCall.emulatorExecutor adds the real executor, HeyGen client and in-process emulator on both sides.',
};

await mkdir(new URL('./results/', import.meta.url), { recursive: true });
await writeFile(new URL('./results/lua.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
console.log(
  JSON.stringify(
    { startMs: results.startMs, constant: bridge, emulator: emulated, met: results.met },
    null,
    2,
  ),
);
