import type { Executor } from '../../gateway/types.ts';
import { formatDuration } from './create-lua-runner.ts';
import { createLuaTools, type LuaTool } from './create-lua-tools.ts';
import { createLuaWorkerRunner, type LuaWorkerRunner } from './create-lua-worker-runner.ts';
import { createLuaAccess, type LuaAuthenticator } from './lua-access.ts';
import { serverLuaLimits, type LuaLimits } from './lua-limits.ts';

/** Options of {@link createLuaMcpTools}. */
export interface LuaMcpToolsOptions {
  /** Executor every call of every script goes through. */
  executor: Executor;
  /**
   * Who the caller is (the gateway): with it, the Lua tools require the `lua` grant and cap the scripts one
   * persona runs at once. Without it (a bare local executor), only each call's own checks apply.
   */
  gateway?: LuaAuthenticator;
  /** Persona the scripts run as when the MCP session carries none (`heygate mcp --persona`). */
  personaToken?: string;
  /** Limits per execution, over {@link serverLuaLimits}. */
  limits?: Partial<LuaLimits>;
  /** Scripts one persona may run at once (default 2; `HEYGATE_LUA_CONCURRENCY` in the CLI). */
  concurrency?: number;
  /** Worker threads running scripts (default 4). */
  workers?: number;
}

/** The Lua tools of a server, with the runner behind them (to close its threads). */
export type LuaMcpTools = LuaTool[] & { runner: LuaWorkerRunner };

/**
 * The Lua tools for an MCP server in one call: a worker-thread runner over `executor` (scripts never run on
 * the server's event loop, ADR 0020) and its four tools (`execute_lua`, `lua_read_doc`, `lua_list_docs`,
 * `lua_search_docs`). Used by the CLI and HTTP composition roots, which pass the result to the MCP server as
 * `extraTools`. Scripts get the server limits: 14 minutes of wall time (under an MCP client's usual 15-minute
 * deadline), of which waiting for HeyGen does not count as computation.
 */
export function createLuaMcpTools(options: LuaMcpToolsOptions): LuaMcpTools {
  const limits = { ...serverLuaLimits, ...options.limits };
  const runner = createLuaWorkerRunner({
    executor: options.executor,
    limits,
    ...(options.workers === undefined ? {} : { workers: options.workers }),
  });
  const tools = createLuaTools({
    runner,
    ...(options.personaToken === undefined ? {} : { personaToken: options.personaToken }),
    ...(options.gateway
      ? {
          access: createLuaAccess({
            gateway: options.gateway,
            ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
          }),
        }
      : {}),
    timeoutHint:
      `A server stops a script after ${formatDuration(runner.limits.timeoutMs)}. Start the job, return its ` +
      'id, and wait for it in another call (e.g. video_wait), or run long scripts with `heygate lua --timeout SECONDS`.',
  });
  return Object.assign(tools, { runner });
}
