/**
 * Writes src/surfaces/internal/generated/tool-json-schemas.json: every catalog tool's input and output JSON
 * Schema as the agent surfaces publish them, so `heygate mcp --mode full` need not convert 187 zod schemas at
 * start-up (~110 ms, bench/mcp-cold-start.ts). Derived from the catalog only; a test fails when it is stale.
 *
 * Run: `npm run generate` (also regenerates the catalog from the spec), or
 * `node scripts/generate-tool-schemas.ts [--check]`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { catalog } from '../src/catalog/index.ts';
import { toolJsonSchemaSnapshotUrl } from '../src/surfaces/internal/tool-json-schema-snapshot.ts';
import { convertToolInputJsonSchema } from '../src/surfaces/internal/tool-input-json-schema.ts';
import { convertToolOutputJsonSchema } from '../src/surfaces/internal/tool-output-json-schema.ts';

/** The snapshot's JSON text for the current catalog (stable: catalog order, no whitespace). */
export function toolSchemasSnapshotText(): string {
  const entries = catalog.map((tool) => [
    tool.name,
    { input: convertToolInputJsonSchema(tool), output: convertToolOutputJsonSchema(tool) },
  ]);
  return `${JSON.stringify(Object.fromEntries(entries))}\n`;
}

if (import.meta.main) {
  const text = toolSchemasSnapshotText();
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(toolJsonSchemaSnapshotUrl, 'utf8');
    } catch {
      // missing counts as stale
    }
    if (current !== text) {
      process.stderr.write('generate-tool-schemas: the snapshot is stale; run npm run generate\n');
      process.exitCode = 1;
    } else {
      process.stdout.write('generate-tool-schemas: up to date\n');
    }
  } else {
    writeFileSync(toolJsonSchemaSnapshotUrl, text);
    process.stdout.write(`generate-tool-schemas: wrote ${catalog.length} tools (${text.length} bytes)\n`);
  }
}
