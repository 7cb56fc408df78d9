/**
 * The fault matrix of issue 10 (ADR 0018): every paid create in the catalog × the 17 faults the emulator injects,
 * each on the create's first two requests (the send and the client's own retry), with a naive agent that retries
 * whatever fails with the same arguments (up to 8 times, waiting as told) and then repeats the finished call once.
 * Two emulator accounts behind the full router, on the emulator's manual clock. Counts work HeyGen did twice and
 * agents left with `outcome_unknown` although their job exists.
 *
 * Run: `npx node bench/fault-matrix.ts` → bench/results/fault-matrix.json
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { runFaultMatrix, summarizeMatrix } from '../test/routing/fault-matrix.ts';

// Request timeouts are unref'd timers: keep the process alive while a `timeout` fault waits for one.
const keepAlive = setInterval(() => {}, 1_000);
const started = performance.now();
const cells = await runFaultMatrix();
const seconds = (performance.now() - started) / 1000;
clearInterval(keepAlive);

const summary = summarizeMatrix(cells);
const byTool = Object.fromEntries(
  [...new Set(cells.map((cell) => cell.tool))].map((tool) => {
    const own = cells.filter((cell) => cell.tool === tool);
    return [
      tool,
      {
        recovery: own[0]!.recovery,
        duplicates: own.reduce((total, cell) => total + cell.duplicates, 0),
        unresolved: own
          .filter((cell) => cell.outcome !== 'ok')
          .map((cell) => `${cell.fault}: ${cell.outcome}`),
        duplicatedUnder: own.filter((cell) => cell.duplicates > 0).map((cell) => cell.fault),
      },
    ];
  }),
);
const result = {
  benchmark: 'fault-matrix',
  date: new Date().toISOString(),
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  wallSeconds: Math.round(seconds * 10) / 10,
  method:
    'every paid create × 17 faults on its first two requests; naive agent: up to 8 tries, then one identical repeat',
  summary,
  byTool,
};
await mkdir(new URL('./results/', import.meta.url), { recursive: true });
await writeFile(
  new URL('./results/fault-matrix.json', import.meta.url),
  `${JSON.stringify(result, null, 2)}\n`,
);
process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
