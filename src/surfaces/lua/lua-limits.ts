/**
 * The resource limits of one Lua execution. Every limit ends THAT script with a clear error (codes below)
 * and leaves the process healthy: each run gets its own WebAssembly instance, which is dropped afterwards.
 */
export interface LuaLimits {
  /** Heap the script's Lua state may allocate, bytes (default 32 MiB). Over it: `lua_memory_limit`. */
  memoryBytes: number;
  /**
   * Wall time of the whole run, waits for HeyGen included, milliseconds (default 14 min: one render fits).
   * Over it: `lua_timeout`. `heygate lua` sets it with `--timeout` (default 3600 s); servers use
   * {@link serverLuaLimits}.
   */
  timeoutMs: number;
  /**
   * Lua VM instructions the script may execute (default 200 million, a few seconds of pure computation).
   * Counted in steps of {@link LuaLimits.hookInterval}. Over it: `lua_instruction_limit`.
   */
  instructions: number;
  /**
   * Time the script may spend computing inside the VM, milliseconds (default 5 s). Only compute counts:
   * time spent waiting for an integration call (a job wait, an HTTP call to HeyGen) does not, so a script may
   * wait minutes for a render and still compute 5 s. It also catches work that costs few VM instructions
   * (errors thrown through C library calls). Over it: `lua_cpu_limit`.
   */
  cpuTimeMs: number;
  /** Instructions between two checks of the limits (default 1,000); smaller reacts faster, costs more. */
  hookInterval: number;
  /** Integration calls one run may make (default 500). Over it: `lua_call_limit`. */
  calls: number;
  /** Printed output kept and streamed, bytes (default 1 MiB); the rest is dropped with a marker. */
  outputBytes: number;
  /**
   * Work a single `string.find/match/gmatch/gsub` may do, in estimated matcher steps (default 100 million,
   * roughly 0.2 s in the worst case).
   * A pattern match runs inside one C call that no instruction hook can interrupt, and Lua patterns
   * backtrack: `("a"):rep(3000):find(".-.-b")` takes tens of seconds. Calls whose worst case exceeds this
   * budget raise `lua_pattern_too_expensive` instead of running.
   */
  patternSteps: number;
  /** Nesting depth of `pcall`/`xpcall` (default 100): deeper nesting exhausts the WebAssembly C stack. */
  protectedCallDepth: number;
}

/** The defaults of {@link LuaLimits}. */
export const defaultLuaLimits: Readonly<LuaLimits> = Object.freeze({
  memoryBytes: 32 * 1024 * 1024,
  timeoutMs: 14 * 60_000,
  instructions: 200_000_000,
  cpuTimeMs: 5_000,
  hookInterval: 1_000,
  calls: 500,
  outputBytes: 1024 * 1024,
  patternSteps: 100_000_000,
  protectedCallDepth: 100,
});

/**
 * Limits of `execute_lua` on a server (`heygate serve`'s `/mcp`, `heygate mcp`): 14 minutes of wall time,
 * under the 15-minute deadline MCP clients commonly give a tool call, so the script's own `lua_timeout`
 * (with its hint) arrives before the client gives up.
 */
export const serverLuaLimits: Readonly<Partial<LuaLimits>> = Object.freeze({ timeoutMs: 14 * 60_000 });
