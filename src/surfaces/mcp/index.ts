/**
 * `heygate/mcp`: heygate's MCP server (stdio, Streamable HTTP, any SDK transport). See docs/mcp.md.
 */
export {
  createMcpServer,
  PROMPT_META_KEY,
  type HeyGateMcpServer,
  type McpServerOptions,
} from './mcp-server.ts';
export { createMcpHttpHandler, type McpHttpHandler, type McpHttpHandlerOptions } from './http-handler.ts';
export {
  AUTO_FULL_MAX_TOKENS,
  CHARACTERS_PER_TOKEN,
  chooseMcpMode,
  estimateFullModeTokens,
  type McpMode,
} from './choose-mcp-mode.ts';
export type { McpExtraTool, McpExtraToolContext } from './mcp-extra-tool.ts';
export { toMcpTool } from './to-mcp-tool.ts';
