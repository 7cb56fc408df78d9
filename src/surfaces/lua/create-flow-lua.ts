import type { FlowLuaRunner } from '../../flows/create-flow-runner.ts';
import { createLuaDocs } from './create-lua-docs.ts';
import { createLuaRunner, type LuaRunResult } from './create-lua-runner.ts';
import { createLuaWorkerRunner, type LuaWorkerRunner } from './create-lua-worker-runner.ts';
import type { LuaLimits } from './lua-limits.ts';
import { createLuaWasmPool } from './lua-wasm-pool.ts';
import { luaString } from './to-lua-literal.ts';

/**
 * The Lua steps of flows (`lua:` in a flow file), for the composition roots: each step runs in a fresh sandbox
 * (ADR 0010) whose integration calls go through the step's executor — the flow's persona, audited with surface
 * `flow` and the step's context. The step's rendered `input` is the script's `input` table; its return value is
 * the step output. Docs and the WebAssembly pool are shared between steps.
 *
 * With `threads` (servers: `heygate serve`, `heygate mcp --flows`), steps run in worker threads like
 * `execute_lua` (ADR 0020), their calls coming back to this thread's executor; otherwise in this thread.
 */
export function createFlowLua(
  options: { limits?: Partial<LuaLimits>; threads?: boolean } = {},
): FlowLuaRunner {
  let shared:
    { docs: ReturnType<typeof createLuaDocs>; pool: ReturnType<typeof createLuaWasmPool> } | undefined;
  let threaded: LuaWorkerRunner | undefined;
  return async (request) => {
    const prelude = `local input = json.decode(${luaString(JSON.stringify(request.input ?? {}))})\n`;
    const runOptions = { signal: request.signal, ...(request.account ? { account: request.account } : {}) };
    let result: LuaRunResult;
    if (options.threads) {
      threaded ??= createLuaWorkerRunner({
        executor: request.executor,
        ...(options.limits ? { limits: options.limits } : {}),
      });
      result = await threaded.run(prelude + request.script, { ...runOptions, executor: request.executor });
    } else {
      shared ??= { docs: createLuaDocs(), pool: createLuaWasmPool() };
      const runner = createLuaRunner({
        executor: request.executor,
        ...shared,
        ...(options.limits ? { limits: options.limits } : {}),
      });
      result = await runner.run(prelude + request.script, runOptions);
    }
    if (result.ok) return { ok: true, value: result.value };
    const error = result.error!;
    return {
      ok: false,
      error: {
        code: error.code,
        message: error.message,
        retryable: error.retryable,
        ...(error.retry_after_ms === undefined ? {} : { retry_after_ms: error.retry_after_ms }),
        ...(error.hint === undefined ? {} : { hint: error.hint }),
      },
    };
  };
}
