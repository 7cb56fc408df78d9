/**
 * What the tolerant-output check (ADR 0029) costs per call: the client parses every v3 answer with the tool's
 * tolerant output schema (`parseOutput`, as before) and now also walks it for undocumented fields and enum
 * values (`findOutputDrift`). Measured on real emulator answers: a small one (`user_me_get`) and a full page of
 * 100 videos (`video_list`, the largest common answer).
 *
 * Run: `npx node bench/output-drift.ts [iterations]` → bench/results/output-drift.json
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { findOutputDrift } from '../src/catalog/find-output-drift.ts';
import { getTool } from '../src/catalog/index.ts';
import { parseOutput } from '../src/catalog/validate.ts';
import { createHeyGenClient } from '../src/heygen/client.ts';
import { startEmulator } from '../src/test/index.ts';

const iterations = Number(process.argv[2] ?? 2000);
const started = await startEmulator({ renderSeconds: 1 });
const client = createHeyGenClient(started.clientOptions);
const library = started.emulator.inspect.library();
for (let index = 0; index < 100; index++) {
  await client.call('video_create', {
    type: 'avatar',
    avatar_id: library.avatarId,
    voice_id: library.voiceId,
    script: `Video number ${index}.`,
  });
}
started.advance(5_000);
const answers = {
  user_me_get: (await client.call('user_me_get', {})).data,
  video_list_100: (await client.call('video_list', { limit: 100 })).data,
};
await started.close();

/** Median microseconds per run of `work` over `iterations`, in 5 rounds (the machine is shared). */
function measure(work: () => void): number {
  const rounds: number[] = [];
  for (let round = 0; round < 5; round++) {
    const start = performance.now();
    for (let index = 0; index < iterations; index++) work();
    rounds.push(((performance.now() - start) * 1000) / iterations);
  }
  rounds.sort((a, b) => a - b);
  return Math.round(rounds[2]! * 100) / 100;
}

const results: Record<string, unknown> = {};
for (const [name, data] of Object.entries(answers)) {
  const tool = getTool(name === 'user_me_get' ? 'user_me_get' : 'video_list');
  const schema = tool.output();
  for (let index = 0; index < 200; index++) findOutputDrift(schema, parseOutput(tool, data)); // warm up
  const parse = measure(() => parseOutput(tool, data));
  const drift = measure(() => findOutputDrift(schema, data));
  results[name] = {
    parseOutputMicroseconds: parse,
    findOutputDriftMicroseconds: drift,
    driftOverParse: Math.round((drift / parse) * 100) / 100,
    findings: findOutputDrift(schema, data).length,
  };
}

const report = {
  benchmark: 'output-drift',
  measuredAt: new Date().toISOString(),
  iterations,
  loadAverage: loadavg().map((value) => Math.round(value * 100) / 100),
  results,
};
await mkdir(new URL('results/', import.meta.url), { recursive: true });
await writeFile(
  new URL('results/output-drift.json', import.meta.url),
  `${JSON.stringify(report, null, 2)}\n`,
);
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
