import { readFileSync } from 'node:fs';
import type { ToolDefinition } from '../../catalog/define-tool.ts';
import { findTool } from '../../catalog/index.ts';
import type { JsonSchema } from './json-schema.ts';

/** The published JSON Schemas of one catalog tool, as `scripts/generate-tool-schemas.ts` stored them. */
export interface ToolJsonSchemaSnapshotEntry {
  input: JsonSchema;
  output: { schema: JsonSchema; wrapped: boolean };
}

/** Where the generated snapshot lives (next to this file in src/ and in dist/). */
export const toolJsonSchemaSnapshotUrl = new URL('./generated/tool-json-schemas.json', import.meta.url);

let snapshot: Readonly<Record<string, ToolJsonSchemaSnapshotEntry>> | null | undefined;

/**
 * The precomputed input/output JSON Schemas of a catalog tool, or `undefined` for any other tool (a fixture
 * or a custom catalog entry that shares a name is recomputed). Converting all 187 zod schemas costs ~110 ms,
 * which is what a full-mode MCP client waits for at start-up (bench/mcp-cold-start.ts); the snapshot is read
 * once (~250 KB of JSON) on first use. A test keeps it equal to the live conversion: when the catalog changes,
 * `npm run generate` refreshes it.
 */
export function toolJsonSchemaSnapshot(tool: ToolDefinition): ToolJsonSchemaSnapshotEntry | undefined {
  if (findTool(tool.name) !== tool) return undefined;
  if (snapshot === undefined) {
    try {
      snapshot = JSON.parse(readFileSync(toolJsonSchemaSnapshotUrl, 'utf8')) as Record<
        string,
        ToolJsonSchemaSnapshotEntry
      >;
    } catch {
      snapshot = null; // no snapshot (e.g. before the first `npm run generate`): convert live
    }
  }
  return snapshot?.[tool.name];
}
