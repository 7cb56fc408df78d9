import type { ToolDefinition } from '../../catalog/define-tool.ts';
import { toMcpTool } from './to-mcp-tool.ts';

/**
 * How the catalog is exposed over MCP:
 * - `full`: one MCP tool per catalog tool (after the caller's visibility and the operator's filters);
 * - `compact`: three meta-tools — `search_tools`, `describe_tool`, `call_tool` — with a fixed footprint;
 * - `code`: only the extra tools the composition root passes (the Lua tools: `execute_lua`, …).
 */
export type McpMode = 'full' | 'compact' | 'code';

/**
 * Largest `tools/list` that `auto` still serves in `full` mode, in o200k tokens (estimated). About 5 % of
 * a 200K-token context: one or two areas fit (see docs/mcp.md for the measured figures), the whole
 * catalog does not. Above it, `compact` costs a fixed ~1K tokens and one extra round trip per new tool.
 */
export const AUTO_FULL_MAX_TOKENS = 10_000;

/**
 * Characters per o200k token of our tools/list JSON, measured by bench/mcp-tokens.ts; used to estimate
 * tokens at run time without shipping a tokenizer.
 */
export const CHARACTERS_PER_TOKEN = 4.1;

/** Above this many tools `auto` picks `compact` without converting a single schema (cold start). */
const AUTO_MAX_TOOLS = 60;

/** Estimated o200k tokens of the `tools/list` entries of `tools` in full mode. */
export function estimateFullModeTokens(tools: readonly ToolDefinition[]): number {
  let characters = 0;
  for (const tool of tools) characters += JSON.stringify(toMcpTool(tool)).length;
  return Math.ceil(characters / CHARACTERS_PER_TOKEN);
}

/**
 * The mode `auto` resolves to: `full` when the filtered tools fit in `maxTokens`, else `compact`.
 */
export function chooseMcpMode(
  tools: readonly ToolDefinition[],
  maxTokens = AUTO_FULL_MAX_TOKENS,
): 'full' | 'compact' {
  if (tools.length > AUTO_MAX_TOOLS) return 'compact';
  return estimateFullModeTokens(tools) <= maxTokens ? 'full' : 'compact';
}
