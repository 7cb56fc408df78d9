import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ToolDefinition } from '../../catalog/define-tool.ts';
import { dialectToolSchema, type SchemaDialect } from '../internal/schema-dialect.ts';
import { toolOutputJsonSchema } from '../internal/tool-output-json-schema.ts';

const caches = new Map<SchemaDialect, WeakMap<ToolDefinition, Tool>>();

/**
 * The MCP `tools/list` entry of a catalog tool: our description, the presented input schema (with the
 * `wait` flag on job-starting tools), a tolerant output schema, and annotations derived from the catalog —
 * (`max_wait_seconds` is accepted on every tool but announced once in the server instructions rather than in
 * 187 schemas, where it cost ~10K tokens of full mode) —
 * `readOnlyHint` for read tools, `destructiveHint` only for destructive ones (MCP assumes destructive when
 * the hint is absent, so write tools say `false`), `idempotentHint` from the catalog's retry rule, and
 * `openWorldHint: true` because every call reaches HeyGen. The input schema is published in `dialect`
 * (default `mcp`: as presented; see schema-dialect.ts). Built once per tool and dialect.
 */
export function toMcpTool(tool: ToolDefinition, dialect: SchemaDialect = 'mcp'): Tool {
  let cache = caches.get(dialect);
  if (!cache) caches.set(dialect, (cache = new WeakMap()));
  let entry = cache.get(tool);
  if (!entry) {
    let description = tool.description;
    if (tool.legacy && !description.includes(tool.legacy.sunset)) {
      description += ` Legacy v1/v2 endpoint: HeyGen ends it on ${tool.legacy.sunset}.`;
      if (tool.legacy.replacement) description += ` Prefer ${tool.legacy.replacement}.`;
    }
    entry = {
      name: tool.name,
      title: tool.title,
      description,
      inputSchema: dialectToolSchema(tool, dialect).schema as Tool['inputSchema'],
      outputSchema: toolOutputJsonSchema(tool).schema as Tool['outputSchema'],
      annotations: {
        title: tool.title,
        readOnlyHint: tool.access === 'read',
        destructiveHint: tool.access === 'destructive',
        idempotentHint: tool.idempotent,
        openWorldHint: true,
      },
    };
    cache.set(tool, entry);
  }
  return entry;
}
