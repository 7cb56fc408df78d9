/**
 * Token footprint of the MCP `tools/list` answer per mode, counted with a real tokenizer (o200k_base, the
 * GPT-4o/o-series encoding; Claude's tokenizer differs by a few percent on JSON). What an agent pays in
 * context before its first call.
 *
 * Run: `npx node bench/mcp-tokens.ts` → bench/results/mcp-tokens.json
 *
 * Each list is fetched through the real MCP SDK client over in-memory transports, so the count is of
 * exactly what a client receives (tools' name, title, description, inputSchema, outputSchema, annotations),
 * serialised as compact JSON.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { catalog } from '../src/catalog/index.ts';
import { createLocalExecutor } from '../src/gateway/local-executor.ts';
import type { Executor } from '../src/gateway/types.ts';
import { createHeyGenClient } from '../src/heygen/index.ts';
import {
  createMcpServer,
  CHARACTERS_PER_TOKEN,
  type McpExtraTool,
  type McpServerOptions,
} from '../src/surfaces/mcp/index.ts';

interface Footprint {
  tools: number;
  tokens: number;
  characters: number;
}

// Listing tools never reaches HeyGen; the client points at a closed loopback port to prove it.
const executor: Executor = createLocalExecutor({
  client: createHeyGenClient({ apiKey: 'bench', baseUrl: 'http://127.0.0.1:9' }),
});

async function listFootprint(
  options: Omit<McpServerOptions, 'executor'>,
): Promise<Footprint & { json: string }> {
  const mcp = await createMcpServer({ executor, ...options });
  const client = new Client({ name: 'bench', version: '0' });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await Promise.all([mcp.connect(serverTransport), client.connect(clientTransport)]);
  const { tools } = await client.listTools();
  await client.close();
  const json = JSON.stringify(tools);
  return { tools: tools.length, tokens: countTokens(json), characters: json.length, json };
}

function strip({ tools, tokens, characters }: Footprint): Footprint {
  return { tools, tokens, characters };
}

async function loadLuaTools(): Promise<McpExtraTool[]> {
  const { createLuaMcpTools } = await import('../src/surfaces/lua/index.ts');
  return createLuaMcpTools({ executor });
}

const full = await listFootprint({ mode: 'full' });
const byFamily: Record<string, Footprint> = {};
for (const family of [...new Set(catalog.map((tool) => tool.family))]) {
  const names = new Set(catalog.filter((tool) => tool.family === family).map((tool) => tool.name));
  const tools = (JSON.parse(full.json) as { name: string }[]).filter((tool) => names.has(tool.name));
  const json = JSON.stringify(tools);
  byFamily[family] = { tools: tools.length, tokens: countTokens(json), characters: json.length };
}
const withoutOutputSchemas = (() => {
  const tools = (JSON.parse(full.json) as Record<string, unknown>[]).map(
    ({ outputSchema: _outputSchema, ...tool }) => tool,
  );
  const json = JSON.stringify(tools);
  return { tools: tools.length, tokens: countTokens(json), characters: json.length };
})();

const areas: Record<string, Footprint> = {};
for (const area of [...new Set(catalog.map((tool) => tool.area))].sort()) {
  areas[area] = strip(await listFootprint({ mode: 'full', areas: [area] }));
}
const readOnly = strip(await listFootprint({ mode: 'full', access: 'read' }));
const compact = strip(await listFootprint({ mode: 'compact' }));
const luaTools = await loadLuaTools();
const code = strip(await listFootprint({ mode: 'code', extraTools: luaTools }));

const largest = [...catalog]
  .map((tool) => {
    const entry = (JSON.parse(full.json) as { name: string }[]).find(
      (candidate) => candidate.name === tool.name,
    )!;
    return { name: tool.name, tokens: countTokens(JSON.stringify(entry)) };
  })
  .sort((left, right) => right.tokens - left.tokens)
  .slice(0, 5);

const results = {
  benchmark: 'mcp-tokens',
  tokenizer: 'o200k_base (gpt-tokenizer)',
  measuredAt: new Date().toISOString(),
  catalogTools: catalog.length,
  modes: { full: strip(full), compact, code },
  full: { byFamily, withoutOutputSchemas, readOnly, largestTools: largest },
  areas,
  charactersPerToken: Number((full.characters / full.tokens).toFixed(2)),
  runtimeEstimateCharactersPerToken: CHARACTERS_PER_TOKEN,
};

await mkdir(new URL('./results/', import.meta.url), { recursive: true });
await writeFile(
  new URL('./results/mcp-tokens.json', import.meta.url),
  `${JSON.stringify(results, null, 2)}\n`,
);
console.log(
  JSON.stringify({ modes: results.modes, areas, charactersPerToken: results.charactersPerToken }, null, 2),
);
