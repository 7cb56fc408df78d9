/**
 * heygate's Lua surface (`heygate/lua`): KosmoKrator-style scripts calling `app.integrations.heygen.*`,
 * sandboxed Lua 5.4 in WebAssembly, every call through the executor. See docs/lua.md.
 */
export {
  createLuaRunner,
  type LuaCallRecord,
  type LuaRunError,
  type LuaRunner,
  type LuaRunnerOptions,
  type LuaRunOptions,
  type LuaRunResult,
} from './create-lua-runner.ts';
export { createLuaDocs, type LuaDocEntry, type LuaDocs, type LuaDocsOptions } from './create-lua-docs.ts';
export {
  createLuaTools,
  type LuaTool,
  type LuaToolContext,
  type LuaToolsOptions,
} from './create-lua-tools.ts';
export { createLuaMcpTools, type LuaMcpTools, type LuaMcpToolsOptions } from './create-lua-mcp-tools.ts';
export {
  createLuaWorkerRunner,
  type LuaWorkerRunner,
  type LuaWorkerRunnerOptions,
} from './create-lua-worker-runner.ts';
export {
  createLuaAccess,
  LuaConcurrencyError,
  luaConcurrencyFromEnv,
  type LuaAccess,
  type LuaAccessOptions,
  type LuaAuthenticator,
  type LuaCaller,
} from './lua-access.ts';
export { createLuaWasmPool, type LuaWasmPool, type LuaWasmPoolOptions } from './lua-wasm-pool.ts';
export { defaultLuaLimits, serverLuaLimits, type LuaLimits } from './lua-limits.ts';
export { luaExample } from './lua-example.ts';
