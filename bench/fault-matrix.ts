/**
 * The fault matrix of issue 10 (ADR 0018): every paid create in the catalog × the 17 faults the emulator injects,
 * each on the create's first two requests (the send and the client's own retry), with a naive agent that retries
 * whatever fails with the same arguments (up to 8 times, waiting as told) and then repeats the finished call once.
 * Two emulator accounts behind the full router, on the emulator's manual clock. Counts work HeyGen did twice and
 * agents left with `outcome_unknown` although their job exists; then what an honest 429 costs each paid create
 * (requests to the rate-limited account, and whether the call still moved).
 *
 * Run: `npx node bench/fault-matrix.ts` → bench/results/fault-matrix.json
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import {
  runFaultMatrix,
  runHonest429,
  summarizeMatrix,
  type Honest429Cell,
} from '../test/routing/fault-matrix.ts';

// Request timeouts are unref'd timers: keep the process alive while a `timeout` fault waits for one.
const keepAlive = setInterval(() => {}, 1_000);
const started = performance.now();
const cells = await runFaultMatrix();
const honest = await runHonest429();
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
  honest429: summarizeHonest429(honest),
  byTool,
};
await mkdir(new URL('./results/', import.meta.url), { recursive: true });
await writeFile(
  new URL('./results/fault-matrix.json', import.meta.url),
  `${JSON.stringify(result, null, 2)}\n`,
);
process.stdout.write(`${JSON.stringify({ ...summary, honest429: result.honest429 }, null, 2)}\n`);

/**
 * What an honest 429 costs (ADR 0058): requests sent to the rate-limited account beyond the one it refused, per
 * call, by recovery path — the re-ask of keyed creates, the lookup of listed ones — and how many calls still
 * moved to the other account.
 */
function summarizeHonest429(honest: readonly Honest429Cell[]) {
  const extra = (cell: Honest429Cell) => cell.createsToLimited - 1 + cell.readsToLimited;
  const kinds = [...new Set(honest.map((cell) => cell.recovery))];
  return {
    method:
      'account one answers 429 (Retry-After 30 s, before any work) to every create request; one call per paid create',
    creates: honest.length,
    fellBack: honest.filter((cell) => cell.fellBack).length,
    notFallenBack: honest.filter((cell) => !cell.fellBack).map((cell) => `${cell.tool}: ${cell.outcome}`),
    processedOnRateLimitedAccount: honest.reduce((total, cell) => total + cell.processedOnLimited, 0),
    extraRequestsPerCall: Object.fromEntries(
      kinds.map((kind) => {
        const own = honest.filter((cell) => cell.recovery === kind);
        const total = own.reduce((sum, cell) => sum + extra(cell), 0);
        return [
          kind,
          {
            creates: own.length,
            extraCreates: own.reduce((sum, cell) => sum + cell.createsToLimited - 1, 0),
            reads: own.reduce((sum, cell) => sum + cell.readsToLimited, 0),
            perCall: Math.round((total / own.length) * 100) / 100,
          },
        ];
      }),
    ),
  };
}
