/**
 * Tokens of every catalog tool's default result in the sandbox, before and after sizing for a context window
 * (src/surfaces/internal/size-result.ts, applied by runCatalogTool on every agent surface).
 *
 * Run: `npx node bench/result-tokens.ts` → bench/results/result-tokens.json
 *
 * The emulator holds a realistically sized public library (2,400 voices, 300 avatar groups × 3 looks; see
 * `publicLibrarySize`). Each tool is called once through the HeyGen client with the contract suite's generated
 * input (required fields only, ids from real fixtures) — its default call. "before" is that result as the tool
 * returns it, "after" is `sizeResult(result)`, what an agent receives. Tokens are counted with o200k_base
 * (gpt-tokenizer, the GPT-4o/o-series encoding; Claude's tokenizer differs by a few percent on JSON) over
 * compact JSON; characters are reported too.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { areas, catalog } from '../src/catalog/index.ts';
import { publicLibrarySize } from '../src/emulator/create-public-library.ts';
import { createHeyGenClient } from '../src/heygen/index.ts';
import { maxResultCharacters, sizeResult } from '../src/surfaces/internal/size-result.ts';
import { startEmulator } from '../src/test/emulator.ts';
import { createFixtures } from '../test/contract/create-fixtures.ts';
import { callWithGeneratedInput } from '../test/contract/generated-call.ts';

const BUDGET = 4000;

interface Row {
  tool: string;
  before_tokens: number;
  after_tokens: number;
  before_characters: number;
  after_characters: number;
  truncated: boolean;
}

const rows: Row[] = [];
const failed: { tool: string; error: string }[] = [];
for (const area of areas) {
  const started = await startEmulator();
  const client = createHeyGenClient({ ...started.clientOptions, legacyCalls: 'send' });
  const fixtures = createFixtures({ started, client });
  for (const tool of catalog.filter((candidate) => candidate.area === area)) {
    try {
      const { result } = await callWithGeneratedInput(tool, { fixtures, started, client });
      const before = JSON.stringify(result.data ?? null);
      const sized = sizeResult(result.data);
      const after = JSON.stringify(sized ?? null);
      rows.push({
        tool: tool.name,
        before_tokens: countTokens(before),
        after_tokens: countTokens(after),
        before_characters: before.length,
        after_characters: after.length,
        truncated: sized !== result.data,
      });
    } catch (error) {
      failed.push({ tool: tool.name, error: (error as Error).message.slice(0, 200) });
    }
  }
  await started.close();
}

rows.sort((left, right) => right.before_tokens - left.before_tokens);
const over = (key: 'before_tokens' | 'after_tokens') => rows.filter((row) => row[key] > BUDGET).length;
const largest = (key: 'before_tokens' | 'after_tokens') =>
  rows.reduce((best, row) => (row[key] > best[key] ? row : best), rows[0]!);
const summary = {
  measured_at: new Date().toISOString(),
  library: publicLibrarySize,
  budget_tokens: BUDGET,
  max_result_characters: maxResultCharacters,
  tools_measured: rows.length,
  tools_failed: failed.length,
  over_budget_before: over('before_tokens'),
  over_budget_after: over('after_tokens'),
  largest_before: { tool: largest('before_tokens').tool, tokens: largest('before_tokens').before_tokens },
  largest_after: { tool: largest('after_tokens').tool, tokens: largest('after_tokens').after_tokens },
  largest_before_after: {
    tool: largest('before_tokens').tool,
    tokens: largest('before_tokens').after_tokens,
  },
};
process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
await mkdir(new URL('./results/', import.meta.url), { recursive: true });
await writeFile(
  new URL('./results/result-tokens.json', import.meta.url),
  JSON.stringify({ ...summary, failed, tools: rows }, null, 2) + '\n',
);
