/**
 * heygate: the whole HeyGen API as safe, typed, audited tools for AI agents.
 *
 * The root export holds what most library users need; each layer has its own subpath with everything:
 * `heygate/catalog`, `heygate/heygen`, `heygate/gateway`, `heygate/emulator`, `heygate/mcp`,
 * `heygate/ai-sdk`, `heygate/openai`, `heygate/lua`, `heygate/test`.
 */
export { catalog, findTool, getTool, searchTools } from './catalog/index.ts';
export type { Access, JobKind, ToolDefinition } from './catalog/define-tool.ts';
export { HeyGateError, InvalidInputError, UnknownToolError } from './catalog/errors.ts';
export { createHeyGenClient, HeyGenApiError } from './heygen/index.ts';
export type { HeyGenClient, HeyGenClientOptions } from './heygen/index.ts';
export { createGateway, createLocalExecutor, openGateway } from './gateway/index.ts';
export type { ExecuteRequest, ExecuteResult, Executor, Gateway, ToolErrorData } from './gateway/index.ts';
