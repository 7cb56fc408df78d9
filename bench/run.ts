/**
 * Runs every benchmark in turn (`npm run bench`); each writes its figures to bench/results/<name>.json.
 * Run on a quiet machine: the figures are wall-clock measurements.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const benches = [
  'gateway-overhead.ts',
  'routing.ts',
  'fault-matrix.ts',
  'lua.ts',
  'mcp-tokens.ts',
  'mcp-cold-start.ts',
  'tool-search.ts',
  'output-drift.ts',
  'accounts.ts',
  'flows.ts',
  'schema-dialects.ts',
  'result-tokens.ts',
  'operations-overhead.ts',
  'scale-out.ts',
];
let failed = 0;
for (const bench of benches) {
  process.stderr.write(`== ${bench}\n`);
  const result = spawnSync(process.execPath, [fileURLToPath(new URL(bench, import.meta.url))], {
    stdio: 'inherit',
  });
  if (result.status !== 0) failed += 1;
}
process.exitCode = failed === 0 ? 0 : 1;
