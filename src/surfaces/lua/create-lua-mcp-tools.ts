import type { Executor } from '../../gateway/types.ts';
import { createLuaRunner } from './create-lua-runner.ts';
import { createLuaTools, type LuaTool } from './create-lua-tools.ts';
import type { LuaLimits } from './lua-limits.ts';

/** Options of {@link createLuaMcpTools}. */
export interface LuaMcpToolsOptions {
  /** Executor every call of every script goes through. */
  executor: Executor;
  /** Persona the scripts run as when the MCP session carries none (`heygate mcp --persona`). */
  personaToken?: string;
  /** Limits per execution. */
  limits?: Partial<LuaLimits>;
}

/**
 * The Lua tools for an MCP server in one call: a runner over `executor` and its four tools
 * (`execute_lua`, `lua_read_doc`, `lua_list_docs`, `lua_search_docs`). Used by the CLI and HTTP composition
 * roots, which pass the result to the MCP server as `extraTools`.
 */
export function createLuaMcpTools(options: LuaMcpToolsOptions): LuaTool[] {
  const runner = createLuaRunner({ executor: options.executor, limits: options.limits });
  return createLuaTools({ runner, personaToken: options.personaToken });
}
