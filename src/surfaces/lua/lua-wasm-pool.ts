import { LuaWasm } from 'wasmoon';

/** Options of {@link createLuaWasmPool}. */
export interface LuaWasmPoolOptions {
  /**
   * Instances kept initialised ahead of demand (default 1), so a run starts on a warm instance instead of
   * paying the few milliseconds of WebAssembly instantiation. 0 creates each instance on demand.
   */
  spare?: number;
}

/** Hands out fresh WebAssembly Lua instances, one per execution. */
export interface LuaWasmPool {
  /** A fresh, never used instance. The caller owns it and drops it after one run. */
  take(): Promise<LuaWasm>;
}

/**
 * Each Lua execution gets its own WebAssembly instance (its own linear memory and C stack), dropped after
 * the run. A Lua state inside a shared instance cannot be fully isolated: deep C recursion (nested `pcall`,
 * metamethods) can overflow the instance's 1 MiB C stack into its static data, and a panic aborts the whole
 * instance. With one instance per run, whatever a script does to its instance dies with it.
 * See docs/decisions/0010-lua-sandbox.md.
 */
export function createLuaWasmPool(options: LuaWasmPoolOptions = {}): LuaWasmPool {
  const spare = Math.max(0, options.spare ?? 1);
  const ready: Promise<LuaWasm>[] = [];

  function prepare(): Promise<LuaWasm> {
    const instance = LuaWasm.initialize();
    // A failed warm-up surfaces on take(); never as an unhandled rejection.
    instance.catch(() => {});
    return instance;
  }

  return {
    async take() {
      const next = ready.shift() ?? prepare();
      while (ready.length < spare) ready.push(prepare());
      try {
        return await next;
      } catch {
        return LuaWasm.initialize();
      }
    },
  };
}
