/**
 * Intent benchmark of the catalog's tool search (`searchTools`, used by `heygate tools search`, MCP compact
 * mode's `search_tools` and the AI SDK's compact tools): for every request in bench/tool-search-intents.json,
 * is an expected tool ranked first (top-1) or among the first three (top-3)? Scored per set — `tuning`
 * (looked at while improving search) and `held-out` (never used to tune) — and overall, with the misses
 * listed and the mean time per query.
 *
 * Run: `npx node bench/tool-search.ts` → bench/results/tool-search.json
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { catalog, searchTools } from '../src/catalog/index.ts';

interface Intent {
  set: 'tuning' | 'held-out';
  query: string;
  expected: string[];
}

interface Score {
  intents: number;
  top1: number;
  top3: number;
  top1Rate: number;
  top3Rate: number;
}

const { intents } = JSON.parse(
  await readFile(new URL('tool-search-intents.json', import.meta.url), 'utf8'),
) as { intents: Intent[] };

const names = new Set(catalog.map((tool) => tool.name));
const unknown = intents.flatMap((intent) => intent.expected).filter((name) => !names.has(name));
if (unknown.length > 0)
  throw new Error(`Intents expect tools that are not in the catalog: ${unknown.join(', ')}`);

searchTools('warm up');
const started = performance.now();
const ranked = intents.map((intent) => ({
  intent,
  found: searchTools(intent.query, 3).map((tool) => tool.name),
}));
const meanMs = (performance.now() - started) / intents.length;

function score(set?: Intent['set']): Score {
  const chosen = ranked.filter((entry) => set === undefined || entry.intent.set === set);
  const top1 = chosen.filter((entry) => entry.intent.expected.includes(entry.found[0] ?? '')).length;
  const top3 = chosen.filter((entry) =>
    entry.found.some((name) => entry.intent.expected.includes(name)),
  ).length;
  const rate = (count: number) => Math.round((count / chosen.length) * 1000) / 10;
  return { intents: chosen.length, top1, top3, top1Rate: rate(top1), top3Rate: rate(top3) };
}

const results = {
  date: new Date().toISOString(),
  node: process.version,
  tools: catalog.length,
  goal: { top1Rate: 80, top3Rate: 95 },
  all: score(),
  tuning: score('tuning'),
  heldOut: score('held-out'),
  meanMsPerQuery: Math.round(meanMs * 1000) / 1000,
  misses: ranked
    .filter((entry) => !entry.intent.expected.includes(entry.found[0] ?? ''))
    .map((entry) => ({
      set: entry.intent.set,
      query: entry.intent.query,
      expected: entry.intent.expected,
      top3: entry.found,
    })),
};

await mkdir(new URL('results/', import.meta.url), { recursive: true });
await writeFile(
  new URL('results/tool-search.json', import.meta.url),
  `${JSON.stringify(results, null, 2)}\n`,
);
process.stdout.write(
  `tool search: top-1 ${results.all.top1Rate} %, top-3 ${results.all.top3Rate} % over ${results.all.intents} intents ` +
    `(tuning ${results.tuning.top1Rate}/${results.tuning.top3Rate}, held-out ${results.heldOut.top1Rate}/${results.heldOut.top3Rate}); ` +
    `${results.meanMsPerQuery} ms per query\n`,
);
