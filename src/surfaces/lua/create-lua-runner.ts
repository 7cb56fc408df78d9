import type { LuaWasm } from 'wasmoon';
import { catalog, findTool, getTool } from '../../catalog/index.ts';
import { toToolError } from '../../gateway/tool-error.ts';
import type {
  ExecuteRequest,
  ExecuteResult,
  Executor,
  Progress,
  ToolErrorData,
} from '../../gateway/types.ts';
import { toolInputJsonSchema } from '../internal/tool-input-json-schema.ts';
import { coerceEmptyTables } from './coerce-empty-tables.ts';
import { createLuaDocs, type LuaDocs } from './create-lua-docs.ts';
import { createLuaApi, luaStatus, luaType, registryIndex, type LuaApi, type LuaState } from './lua-api.ts';
import type { LuaJsonRefs } from './lua-json-refs.ts';
import { defaultLuaLimits, type LuaLimits } from './lua-limits.ts';
import { luaPatternShape, luaPatternSteps, type LuaPatternFunction } from './lua-pattern-cost.ts';
import { luaPrelude } from './lua-prelude.ts';
import { createLuaWasmPool, type LuaWasmPool } from './lua-wasm-pool.ts';
import { pushJsonValue } from './push-json-value.ts';
import { LuaConversionError, readLuaValue } from './read-lua-value.ts';

/** Options of {@link createLuaRunner}. */
export interface LuaRunnerOptions {
  /** Where every integration call goes (`surface: 'lua'`): the gateway, or the bare local executor. */
  executor: Executor;
  /** Limits per execution; unspecified ones keep {@link defaultLuaLimits}. */
  limits?: Partial<LuaLimits>;
  /** Docs served by `lua_read_doc` & co. (default: generated from the whole catalog). */
  docs?: LuaDocs;
  /** Source of fresh WebAssembly instances (default: a pool keeping one warm spare). */
  pool?: LuaWasmPool;
}

/** Options of one execution. */
export interface LuaRunOptions {
  /** Persona bearer token every call runs as (absent: the local operator). */
  personaToken?: string;
  /** Persona already authenticated by the surface (MCP HTTP sessions). */
  personaId?: string;
  /** Account for unqualified calls (`heygen.<fn>`); `heygen.<account>.<fn>` always names its own. */
  account?: string;
  /** The agent's prompt or reason, recorded with each call (audit). */
  prompt?: string;
  /** End user the script acts for (audit). */
  user?: string;
  /** Cancels the script and its pending call. */
  signal?: AbortSignal;
  /** Receives each printed line (with its newline) as it is printed. */
  onPrint?: (text: string) => void;
  /** Receives progress of job waits made by the script. */
  onProgress?: (progress: Progress) => void;
  /** Limits for this run only, over the runner's. */
  limits?: Partial<LuaLimits>;
  /**
   * A flag another thread can raise while the script computes (`Atomics.store(flag, 0, 1)`): the next limit
   * check stops the script with `lua_cancelled`. Used by the worker pool, whose thread cannot see an abort
   * signal while the VM holds it.
   */
  interrupt?: Int32Array;
  /** The hint of a `lua_timeout` error, naming how to allow more time where the script runs. */
  timeoutHint?: string;
}

/** One integration call made by a script. */
export interface LuaCallRecord {
  tool: string;
  /** Account the call went to (as the executor reports it), or the one requested. */
  account?: string;
  ok: boolean;
  /** Error code when the call failed. */
  code?: string;
  durationMs: number;
}

/** Why a script failed. */
export interface LuaRunError {
  /** Human-readable, with the script line when known (`script:12: …`). */
  message: string;
  /**
   * `lua_syntax_error`, `lua_error` (a runtime error), `lua_timeout`, `lua_instruction_limit`, `lua_cpu_limit`,
   * `lua_memory_limit`, `lua_call_limit`, `lua_cancelled`, `lua_pattern_too_expensive`, `lua_invalid_return`,
   * `lua_vm_fault`, or the code of an uncaught integration error (`invalid_input`, `not_found`, …).
   */
  code: string;
  /** True when running the same script later may succeed (an uncaught retryable integration error). */
  retryable: boolean;
  retry_after_ms?: number;
  hint?: string;
  /** Tool whose error ended the script, when one did. */
  tool?: string;
  /** Input field the error is about (`invalid_input`). */
  field?: string;
}

/** The result of one execution. */
export interface LuaRunResult {
  ok: boolean;
  /** The script's return value as JSON data (several values become an array; none is null). */
  value: unknown;
  /** Everything the script printed (up to the output limit). */
  output: string;
  durationMs: number;
  /** Highest heap size of the script's Lua state, bytes. */
  peakMemoryBytes: number;
  /** The integration calls made, in order. */
  calls: LuaCallRecord[];
  error?: LuaRunError;
}

/** Runs Lua scripts against the HeyGen tools. */
export interface LuaRunner {
  run(script: string, options?: LuaRunOptions): Promise<LuaRunResult>;
  /** The docs the scripts (and the MCP tools) read. */
  readonly docs: LuaDocs;
  /** The effective limits. */
  readonly limits: Readonly<LuaLimits>;
}

/** Thrown from the instruction hook: unwinds the whole VM (no pcall can catch a JavaScript exception). */
class LuaStop extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

const maskCount = 8;
const scriptChunkName = '=script';

/**
 * Creates the Lua runner behind `app.integrations.heygen.*` (KosmoKrator's integration namespace, see
 * docs/lua.md): Lua 5.4 in WebAssembly, a fresh instance and state per execution, every integration call
 * through `executor.execute({ surface: 'lua', … })` with the caller's persona, so scopes, routing and audit
 * apply exactly as over MCP.
 */
export function createLuaRunner(options: LuaRunnerOptions): LuaRunner {
  const limits: Readonly<LuaLimits> = Object.freeze({ ...defaultLuaLimits, ...definedOnly(options.limits) });
  const docs = options.docs ?? createLuaDocs();
  const pool = options.pool ?? createLuaWasmPool();
  const { executor } = options;

  async function run(script: string, runOptions: LuaRunOptions = {}): Promise<LuaRunResult> {
    const started = performance.now();
    const runLimits: LuaLimits = { ...limits, ...definedOnly(runOptions.limits) };
    const execution = new Execution(executor, docs, runLimits, runOptions, started);
    try {
      if (typeof script !== 'string') throw new TypeError('script must be a string');
      const wasm = await pool.take();
      return await execution.start(wasm, script);
    } catch (error) {
      return execution.failure(internalError(error));
    }
  }

  return { run, docs, limits };
}

/** Drops `undefined` values so they do not override defaults. */
export function definedOnly<T extends object>(value: Partial<T> | undefined): Partial<T> {
  if (!value) return {};
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as Partial<T>;
}

/** A failure of heygate's Lua runtime itself, not of the script. */
export function internalError(error: unknown): LuaRunError {
  return {
    code: 'lua_internal_error',
    message: `heygate's Lua runtime failed: ${(error as Error)?.message ?? String(error)}`,
    retryable: false,
  };
}

/** The state of one pending or finished integration call. */
interface PendingCall {
  promise: Promise<void>;
  result?: { ok: true; data: unknown } | { ok: false; error: Record<string, unknown> };
}

/** One execution: its WebAssembly instance, Lua state, host functions, limits and bookkeeping. */
class Execution {
  private readonly executor: Executor;
  private readonly docs: LuaDocs;
  private readonly limits: LuaLimits;
  private readonly options: LuaRunOptions;
  private readonly started: number;
  private readonly deadline: number;
  private readonly controller = new AbortController();
  private readonly signal: AbortSignal;
  private readonly calls: LuaCallRecord[] = [];
  private output = '';
  private outputBytes = 0;
  private outputTruncated = false;
  private memoryUsed = 0;
  private peakMemory = 0;
  private instructions = 0;
  /** VM time of finished slices (between two awaits) and the start of the current one. */
  private cpuUsed = 0;
  private sliceStart = 0;
  private stopped: LuaStop | undefined;
  private pending: PendingCall | undefined;
  private stopping: Promise<LuaRunError> | undefined;
  private stopTimer: ReturnType<typeof setTimeout> | undefined;
  private onAbort: (() => void) | undefined;
  private api!: LuaApi;
  private refs!: LuaJsonRefs & { errorMeta: number; runMain: number };

  constructor(executor: Executor, docs: LuaDocs, limits: LuaLimits, options: LuaRunOptions, started: number) {
    this.executor = executor;
    this.docs = docs;
    this.limits = limits;
    this.options = options;
    this.started = started;
    this.deadline = Date.now() + limits.timeoutMs;
    this.signal = options.signal
      ? AbortSignal.any([options.signal, this.controller.signal])
      : this.controller.signal;
  }

  /** A failed result carrying what the script did so far. */
  failure(error: LuaRunError): LuaRunResult {
    this.release();
    return {
      ok: false,
      value: null,
      output: this.output,
      durationMs: performance.now() - this.started,
      peakMemoryBytes: this.peakMemory,
      calls: [...this.calls],
      error,
    };
  }

  private success(value: unknown): LuaRunResult {
    this.release();
    return {
      ok: true,
      value,
      output: this.output,
      durationMs: performance.now() - this.started,
      peakMemoryBytes: this.peakMemory,
      calls: [...this.calls],
    };
  }

  async start(wasm: LuaWasm, script: string): Promise<LuaRunResult> {
    if (this.options.signal?.aborted) {
      return this.failure({
        code: 'lua_cancelled',
        message: 'The script was cancelled before it started.',
        retryable: false,
      });
    }
    this.api = createLuaApi(wasm);
    const { raw } = this.api;
    const L = raw._lua_newstate(raw.addFunction(this.allocate, 'iiiii'), 0);
    if (L === 0) throw new Error('could not create a Lua state');
    raw._luaL_openlibs(L);
    this.runPrelude(L);

    // The hook (on the main thread, inherited by every coroutine created afterwards) enforces the limits.
    raw._lua_sethook(L, raw.addFunction(this.hook, 'vii'), maskCount, this.limits.hookInterval);
    const T = raw._lua_newthread(L);
    const source = this.api.allocString(script);
    const name = this.api.allocString(scriptChunkName);
    const mode = this.api.allocString('t');
    const loaded = raw._luaL_loadbufferx(T, source.pointer, source.length, name.pointer, mode.pointer);
    raw._free(source.pointer);
    if (loaded !== luaStatus.ok) {
      const message =
        raw._lua_type(T, -1) === luaType.string
          ? this.api.readString(T, -1)
          : 'the script could not be loaded';
      if (loaded === luaStatus.memoryError) return this.failure(this.memoryError());
      return this.failure({ code: 'lua_syntax_error', message, retryable: false });
    }
    raw._lua_rawgeti(T, registryIndex, BigInt(this.refs.runMain));
    raw._lua_rotate(T, 1, 1);
    return this.resumeLoop(T);
  }

  /** Runs the prelude on the main thread: sandbox, namespace, json; keeps its return values in the registry. */
  private runPrelude(L: LuaState): void {
    const { raw } = this.api;
    const source = this.api.allocString(luaPrelude);
    const name = this.api.allocString('=heygate');
    const mode = this.api.allocString('t');
    if (
      raw._luaL_loadbufferx(L, source.pointer, source.length, name.pointer, mode.pointer) !== luaStatus.ok
    ) {
      throw new Error(`prelude does not compile: ${this.api.readString(L, -1)}`);
    }
    this.pushHost(L);
    if (raw._lua_pcallk(L, 1, 5, 0, 0, 0) !== luaStatus.ok) {
      throw new Error(`prelude failed: ${this.api.readString(L, -1)}`);
    }
    // Stack: run_main, ARRAY_MT, OBJECT_MT, NULL, ERROR_MT (luaL_ref pops from the top).
    const errorMeta = raw._luaL_ref(L, registryIndex);
    const nullValue = raw._luaL_ref(L, registryIndex);
    const objectMeta = raw._luaL_ref(L, registryIndex);
    const arrayMeta = raw._luaL_ref(L, registryIndex);
    const runMain = raw._luaL_ref(L, registryIndex);
    this.refs = { errorMeta, nullValue, objectMeta, arrayMeta, runMain };
  }

  /** The table of host functions the prelude receives. */
  private pushHost(L: LuaState): void {
    const { raw } = this.api;
    raw._lua_createtable(L, 0, 20);
    const set = (key: string, push: () => void) => {
      this.api.pushString(L, key);
      push();
      raw._lua_rawset(L, -3);
    };
    const fn = (key: string, body: (S: LuaState) => number) => set(key, () => this.api.pushFunction(L, body));
    set('max_pcall_depth', () => raw._lua_pushinteger(L, BigInt(this.limits.protectedCallDepth)));
    set('pattern_budget', () => raw._lua_pushnumber(L, this.limits.patternSteps));
    fn('emit', this.emit);
    fn('start_call', this.startCall);
    fn('finish_call', this.finishCall);
    fn('tool_exists', this.toolExists);
    fn('wait_tool', this.waitTool);
    fn('unknown_name', this.unknownName);
    fn('where', this.where);
    fn('json_encode', this.jsonEncode);
    fn('json_decode', this.jsonDecode);
    fn('doc_read', this.docRead);
    fn('doc_list', this.docList);
    fn('doc_search', this.docSearch);
    fn('pattern_shape', this.patternShape);
    fn('pattern_check', this.patternCheck);
  }

  /** Resumes the script until it ends, awaiting each integration call it yields for. */
  private async resumeLoop(T: LuaState): Promise<LuaRunResult> {
    const { raw } = this.api;
    const resultCount = this.api.allocString('\0\0\0\0').pointer;
    // The first resume starts run_main with the script chunk as its argument; later ones continue it.
    let argumentCount = 1;
    for (;;) {
      let status: number;
      this.sliceStart = performance.now();
      try {
        status = raw._lua_resume(T, 0, argumentCount, resultCount);
        argumentCount = 0;
      } catch (error) {
        return this.failure(this.stopError(error));
      } finally {
        this.cpuUsed += performance.now() - this.sliceStart;
      }
      const count = raw.HEAP32[resultCount >> 2]!;
      if (status === luaStatus.yield) {
        raw._lua_settop(T, -count - 1);
        const pending = this.pending;
        if (!pending) {
          return this.failure({
            code: 'lua_error',
            message: 'coroutine.yield was called outside a coroutine',
            retryable: false,
          });
        }
        const stop = await this.waitFor(pending.promise);
        if (stop) return this.failure(stop);
        continue;
      }
      if (status !== luaStatus.ok) {
        if (status === luaStatus.memoryError) return this.failure(this.memoryError());
        const message =
          raw._lua_type(T, -1) === luaType.string ? this.api.readString(T, -1) : 'the script failed';
        return this.failure({ code: 'lua_error', message, retryable: false });
      }
      // run_main returned xpcall's results: true, values… or false, error description.
      const base = raw._lua_gettop(T) - count + 1;
      if (raw._lua_toboolean(T, base) === 0) return this.failure(this.scriptError(T, base + 1));
      try {
        const values: unknown[] = [];
        for (let index = base + 1; index <= raw._lua_gettop(T); index++) {
          values.push(
            readLuaValue(this.api, T, index, this.refs, {
              path: values.length === 0 && count === 2 ? 'return value' : `return value ${values.length + 1}`,
            }),
          );
        }
        return this.success(values.length === 0 ? null : values.length === 1 ? values[0] : values);
      } catch (error) {
        if (error instanceof LuaConversionError) {
          return this.failure({
            code: 'lua_invalid_return',
            message: `The script's ${error.message}. Return tables, strings, numbers, booleans or nil.`,
            retryable: false,
          });
        }
        throw error;
      }
    }
  }

  /** Awaits a pending call, or the deadline, or cancellation — whichever comes first. */
  private async waitFor(promise: Promise<void>): Promise<LuaRunError | undefined> {
    return Promise.race([promise.then(() => undefined), this.stopWatch()]);
  }

  /**
   * One promise per run that settles at the deadline or on cancellation (one timer for the whole run, not
   * one per call: a script may make hundreds of calls). Released by {@link release}.
   */
  private stopWatch(): Promise<LuaRunError> {
    this.stopping ??= new Promise<LuaRunError>((resolve) => {
      this.stopTimer = setTimeout(
        () => resolve(this.timeoutError()),
        Math.max(0, this.deadline - Date.now()),
      );
      this.onAbort = () => resolve(this.cancelledError());
      if (this.options.signal?.aborted) this.onAbort();
      else this.options.signal?.addEventListener('abort', this.onAbort, { once: true });
    });
    return this.stopping;
  }

  /** Clears the run's timer and listener, and aborts whatever call is still pending. */
  private release(): void {
    clearTimeout(this.stopTimer);
    if (this.onAbort) this.options.signal?.removeEventListener('abort', this.onAbort);
    this.controller.abort();
  }

  private timeoutError(): LuaRunError {
    return {
      code: 'lua_timeout',
      message: `The script ran longer than ${formatDuration(this.limits.timeoutMs)} (its wall-time limit) and was stopped.`,
      retryable: false,
      hint:
        this.options.timeoutHint ??
        'Allow more time (limits.timeoutMs), or return the job id and wait for it in another call.',
    };
  }

  private cancelledError(): LuaRunError {
    return { code: 'lua_cancelled', message: 'The script was cancelled.', retryable: false };
  }

  private memoryError(): LuaRunError {
    return {
      code: 'lua_memory_limit',
      message: `The script needed more than ${this.limits.memoryBytes} bytes of memory and was stopped (not enough memory).`,
      retryable: false,
    };
  }

  /** The error of an exception thrown out of lua_resume: a limit stop, or a fault of the VM. */
  private stopError(error: unknown): LuaRunError {
    if (error instanceof LuaStop) {
      if (error.code === 'lua_timeout') return this.timeoutError();
      return { code: error.code, message: error.message, retryable: false };
    }
    if (error instanceof Error && error.name === 'RuntimeError') {
      // A WebAssembly trap (out-of-bounds access after a C stack overflow, abort on panic): the instance is
      // broken, but it is this run's own instance and is dropped with it.
      return {
        code: 'lua_vm_fault',
        message: `The Lua VM failed (${error.message}); deep recursion through pcall, metamethods or library callbacks can exhaust its C stack.`,
        retryable: false,
      };
    }
    return internalError(error);
  }

  /** The error description run_main's handler produced (a table, or the memory error string). */
  private scriptError(T: LuaState, index: number): LuaRunError {
    const { raw } = this.api;
    if (raw._lua_type(T, index) === luaType.string) {
      const message = this.api.readString(T, index);
      if (message === 'not enough memory') return this.memoryError();
      return { code: 'lua_error', message, retryable: false };
    }
    let described: Record<string, unknown> = {};
    try {
      const value = readLuaValue(this.api, T, index, this.refs, { path: 'error' });
      if (typeof value === 'object' && value !== null && !Array.isArray(value))
        described = value as Record<string, unknown>;
    } catch {
      described = { message: 'the script failed with an error that cannot be shown' };
    }
    const text = typeof described.message === 'string' ? described.message : 'the script failed';
    if (text === 'not enough memory') return this.memoryError();
    const where = typeof described.where === 'string' ? `${described.where}: ` : '';
    const tool = typeof described.tool === 'string' ? described.tool : undefined;
    const error: LuaRunError = {
      code: typeof described.code === 'string' ? described.code : 'lua_error',
      message: `${where}${tool ? `${tool}: ` : ''}${text}`,
      retryable: described.retryable === true,
    };
    if (typeof described.retry_after_ms === 'number') error.retry_after_ms = described.retry_after_ms;
    if (typeof described.hint === 'string') error.hint = described.hint;
    if (tool) error.tool = tool;
    if (typeof described.field === 'string') error.field = described.field;
    return error;
  }

  // --- allocator and hook ---------------------------------------------------------------------------

  /** Lua's allocator (`lua_Alloc`): enforces the memory limit and records the peak. */
  private readonly allocate = (
    _userData: number,
    pointer: number,
    oldSize: number,
    newSize: number,
  ): number => {
    const { raw } = this.api;
    if (newSize === 0) {
      if (pointer !== 0) {
        this.memoryUsed -= oldSize;
        raw._free(pointer);
      }
      return 0;
    }
    // With a NULL pointer, oldSize is a type tag, not a size (lua_Alloc contract).
    const next = this.memoryUsed + (pointer !== 0 ? newSize - oldSize : newSize);
    if (next > this.limits.memoryBytes && (pointer === 0 || newSize > oldSize)) return 0;
    const moved = raw._realloc(pointer, newSize);
    if (moved !== 0) {
      this.memoryUsed = next;
      if (next > this.peakMemory) this.peakMemory = next;
    }
    return moved;
  };

  /** The count hook: every `hookInterval` instructions, checks the instruction budget, deadline and cancellation. */
  private readonly hook = (): void => {
    if (this.stopped) throw this.stopped;
    this.instructions += this.limits.hookInterval;
    if (this.instructions > this.limits.instructions) {
      this.stop(
        'lua_instruction_limit',
        `The script executed more than ${this.limits.instructions} Lua instructions and was stopped.`,
      );
    }
    if (Date.now() > this.deadline) this.stop('lua_timeout', this.timeoutError().message);
    if (this.cpuUsed + performance.now() - this.sliceStart > this.limits.cpuTimeMs) {
      this.stop(
        'lua_cpu_limit',
        `The script computed for more than ${this.limits.cpuTimeMs} ms and was stopped.`,
      );
    }
    if (
      this.options.signal?.aborted ||
      (this.options.interrupt && Atomics.load(this.options.interrupt, 0) !== 0)
    )
      this.stop('lua_cancelled', 'The script was cancelled.');
  };

  private stop(code: string, message: string): never {
    this.stopped = new LuaStop(code, message);
    this.controller.abort();
    throw this.stopped;
  }

  // --- host functions (C functions `int f(lua_State*)`, called from the prelude) ------------------------

  /** print: appends a line to the output and streams it. */
  private readonly emit = (S: LuaState): number => {
    if (this.api.raw._lua_type(S, 1) !== luaType.string) return 0;
    const line = `${this.api.readString(S, 1)}\n`;
    if (this.outputTruncated) return 0;
    const bytes = Buffer.byteLength(line);
    if (this.outputBytes + bytes > this.limits.outputBytes) {
      this.outputTruncated = true;
      const marker = `[output truncated at ${this.limits.outputBytes} bytes]\n`;
      this.output += marker;
      this.deliver(marker);
      return 0;
    }
    this.outputBytes += bytes;
    this.output += line;
    this.deliver(line);
    return 0;
  };

  private deliver(text: string): void {
    try {
      this.options.onPrint?.(text);
    } catch {
      // A failing output consumer must not break the script.
    }
  }

  /** start_call(tool, account, args, options) → true | false, error table. Starts `execute()`. */
  private readonly startCall = (S: LuaState): number => {
    const { raw } = this.api;
    const tool = this.api.readString(S, 1);
    const account = raw._lua_type(S, 2) === luaType.string ? this.api.readString(S, 2) : undefined;
    const definition = findTool(tool);
    const reject = (error: Record<string, unknown>) => {
      raw._lua_pushboolean(S, 0);
      this.pushError(S, { tool, retryable: false, ...error });
      return 2;
    };
    if (this.calls.length + (this.pending && !this.pending.result ? 1 : 0) >= this.limits.calls) {
      return reject({
        code: 'lua_call_limit',
        message: `The script made more than ${this.limits.calls} integration calls.`,
      });
    }
    let input: unknown;
    let callOptions: unknown;
    try {
      const argsType = raw._lua_type(S, 3);
      if (argsType !== luaType.nil && argsType !== luaType.none && argsType !== luaType.table) {
        return reject({
          code: 'invalid_input',
          message: `expected a table of arguments, got a ${luaTypeName(argsType)}`,
          field: '(root)',
        });
      }
      input =
        argsType === luaType.table ? readLuaValue(this.api, S, 3, this.refs, { path: 'arguments' }) : {};
      callOptions =
        raw._lua_type(S, 4) === luaType.table
          ? readLuaValue(this.api, S, 4, this.refs, { path: 'options' })
          : {};
    } catch (error) {
      if (error instanceof LuaConversionError)
        return reject({ code: 'invalid_input', message: error.message, field: error.path });
      throw error;
    }
    if (Array.isArray(input)) input = input.length === 0 ? {} : input;
    if (definition) input = coerceEmptyTables(input, toolInputJsonSchema(definition));
    const budget = (callOptions as Record<string, unknown> | null)?.max_wait_seconds;
    if (budget !== undefined && !(typeof budget === 'number' && Number.isFinite(budget) && budget >= 0)) {
      return reject({
        code: 'invalid_input',
        message: `options.max_wait_seconds must be a number of seconds (0 or more), got ${luaValueName(budget)}`,
        field: 'options.max_wait_seconds',
      });
    }
    const request = this.request(tool, input, account, callOptions);
    const pending: PendingCall = { promise: Promise.resolve() };
    pending.promise = this.execute(request).then((result) => {
      pending.result = result;
    });
    this.pending = pending;
    raw._lua_pushboolean(S, 1);
    return 1;
  };

  private request(
    tool: string,
    input: unknown,
    account: string | undefined,
    callOptions: unknown,
  ): ExecuteRequest {
    const extra = (typeof callOptions === 'object' && callOptions !== null ? callOptions : {}) as Record<
      string,
      unknown
    >;
    const request: ExecuteRequest = {
      tool,
      input,
      surface: 'lua',
      signal: this.signal,
    };
    const effectiveAccount = account ?? this.options.account;
    if (effectiveAccount !== undefined) request.account = effectiveAccount;
    if (this.options.personaToken !== undefined) request.personaToken = this.options.personaToken;
    if (this.options.personaId !== undefined) request.personaId = this.options.personaId;
    if (this.options.prompt !== undefined) request.prompt = this.options.prompt;
    if (this.options.user !== undefined) request.user = this.options.user;
    if (this.options.onProgress) request.onProgress = this.options.onProgress;
    if (extra.wait === true) request.wait = true;
    else if (typeof extra.wait === 'object' && extra.wait !== null) {
      const seconds = (extra.wait as Record<string, unknown>).timeout_seconds;
      request.wait = typeof seconds === 'number' ? { timeoutMs: seconds * 1000 } : true;
    }
    if (typeof extra.idempotency_key === 'string') request.idempotencyKey = extra.idempotency_key;
    // How long the call may wait for a rate-limited account it cannot leave (ADR 0008; default 0).
    if (typeof extra.max_wait_seconds === 'number')
      request.maxWaitMs = Math.round(extra.max_wait_seconds * 1000);
    return request;
  }

  /** Runs one call through the executor; gateway errors become tool errors the script can catch. */
  private async execute(request: ExecuteRequest): Promise<NonNullable<PendingCall['result']>> {
    const began = performance.now();
    let result: ExecuteResult | undefined;
    let error: ToolErrorData | undefined;
    try {
      result = await this.executor.execute(request);
      if (!result.ok) error = result.error;
    } catch (thrown) {
      // Gateway errors (bad persona token, denied scope, unknown account) become errors the script can catch.
      error = toToolError(thrown, request.account);
    }
    const record: LuaCallRecord = {
      tool: request.tool,
      ok: error === undefined,
      durationMs: performance.now() - began,
    };
    const account = result?.account ?? request.account;
    if (account !== undefined) record.account = account;
    if (error) record.code = error.code;
    this.calls.push(record);
    if (result?.ok) {
      // An identical create replayed from the ledger says so, as `heygate call` does (`replayed_from`).
      const replayed = result.routing?.replayed ? (result.routing.replayedFrom ?? 'earlier') : undefined;
      const data = result.data;
      if (replayed !== undefined && typeof data === 'object' && data !== null && !Array.isArray(data))
        return { ok: true, data: { ...data, replayed_from: replayed } };
      return { ok: true, data };
    }
    return { ok: false, error: { tool: request.tool, ...(error as unknown as Record<string, unknown>) } };
  }

  /** finish_call() → true, result | false, error table. */
  private readonly finishCall = (S: LuaState): number => {
    const { raw } = this.api;
    const done = this.pending?.result;
    this.pending = undefined;
    if (!done) {
      raw._lua_pushboolean(S, 0);
      this.pushError(S, {
        code: 'lua_internal_error',
        message: 'no finished integration call',
        retryable: false,
      });
      return 2;
    }
    if (done.ok) {
      raw._lua_pushboolean(S, 1);
      pushJsonValue(this.api, S, done.data, this.refs);
      return 2;
    }
    raw._lua_pushboolean(S, 0);
    this.pushError(S, done.error);
    return 2;
  };

  /** Pushes an error table with the error metatable (tostring gives `where: tool: message [code]`). */
  private pushError(S: LuaState, error: Record<string, unknown>): void {
    const { raw } = this.api;
    pushJsonValue(this.api, S, error, this.refs);
    raw._lua_rawgeti(S, registryIndex, BigInt(this.refs.errorMeta));
    raw._lua_setmetatable(S, -2);
  }

  /** tool_exists(name) → boolean. */
  private readonly toolExists = (S: LuaState): number => {
    const known =
      this.api.raw._lua_type(S, 1) === luaType.string && findTool(this.api.readString(S, 1)) !== undefined;
    this.api.raw._lua_pushboolean(S, known ? 1 : 0);
    return 1;
  };

  /** wait_tool(kind) → tool name, id field | nil, message. Accepts a job kind, a wait tool or a creating tool. */
  private readonly waitTool = (S: LuaState): number => {
    const { raw } = this.api;
    const kind = raw._lua_type(S, 1) === luaType.string ? this.api.readString(S, 1) : '';
    const candidates = [findTool(`${kind}_wait`), findTool(kind)];
    const creator = findTool(kind);
    if (creator?.job) candidates.push(findTool(`${creator.job.kind}_wait`));
    const wait = candidates.find((tool) => tool?.implementation.kind === 'wait');
    if (wait && wait.implementation.kind === 'wait') {
      this.api.pushString(S, wait.name);
      this.api.pushString(S, wait.implementation.job.idField);
      return 2;
    }
    raw._lua_pushnil(S);
    this.api.pushString(S, `No job kind "${kind}" to wait for. Kinds: ${waitKinds().join(', ')}.`);
    return 2;
  };

  /** unknown_name(name, account) → message for a name that is neither a tool nor a helper. */
  private readonly unknownName = (S: LuaState): number => {
    const { raw } = this.api;
    const name = this.api.readString(S, 1);
    const account = raw._lua_type(S, 2) === luaType.string ? this.api.readString(S, 2) : undefined;
    let suggestion = '';
    try {
      getTool(name);
    } catch (error) {
      const match = /Did you mean: (.+)\?/.exec((error as Error).message);
      if (match) suggestion = ` Did you mean ${match[1]}?`;
    }
    const message = account
      ? `app.integrations.heygen.${account}.${name}: no tool is called "${name}".${suggestion}`
      : `app.integrations.heygen.${name} is not a function: no tool is called "${name}".${suggestion} ` +
        `(app.integrations.heygen.<account>.<tool> calls a tool on a named account.)`;
    this.api.pushString(S, message);
    return 1;
  };

  /** where() → "script:LINE" of the innermost script frame, or nil. */
  private readonly where = (S: LuaState): number => {
    const { raw } = this.api;
    for (let level = 1; level < 30; level++) {
      // luaL_where pushes "chunk:line: " for Lua frames, "" for C frames and levels beyond the stack.
      raw._luaL_where(S, level);
      const text = this.api.readString(S, -1);
      raw._lua_settop(S, -2);
      if (text !== '' && !text.startsWith('heygate:')) {
        this.api.pushString(S, text.replace(/: $/, ''));
        return 1;
      }
    }
    raw._lua_pushnil(S);
    return 1;
  };

  /** json_encode(value, pretty) → text | nil, message. */
  private readonly jsonEncode = (S: LuaState): number => {
    const { raw } = this.api;
    const pretty = raw._lua_toboolean(S, 2) !== 0;
    let text: string;
    try {
      const value = readLuaValue(this.api, S, 1, this.refs, { path: 'value', sortKeys: true });
      text = JSON.stringify(value, null, pretty ? 2 : undefined);
    } catch (error) {
      if (!(error instanceof LuaConversionError)) throw error;
      raw._lua_pushnil(S);
      this.api.pushString(S, error.message);
      return 2;
    }
    this.api.pushString(S, text);
    return 1;
  };

  /** json_decode(text) → true, value | false, message. */
  private readonly jsonDecode = (S: LuaState): number => {
    const { raw } = this.api;
    let value: unknown;
    try {
      value = JSON.parse(this.api.readString(S, 1));
    } catch (error) {
      raw._lua_pushboolean(S, 0);
      this.api.pushString(S, (error as Error).message);
      return 2;
    }
    raw._lua_pushboolean(S, 1);
    pushJsonValue(this.api, S, value, this.refs);
    return 2;
  };

  private readonly docRead = (S: LuaState): number => {
    const { raw } = this.api;
    const path = raw._lua_type(S, 1) === luaType.string ? this.api.readString(S, 1) : '';
    try {
      this.api.pushString(S, this.docs.read(path));
      return 1;
    } catch (error) {
      raw._lua_pushnil(S);
      this.api.pushString(S, `lua_read_doc: ${(error as Error).message}`);
      return 2;
    }
  };

  private readonly docList = (S: LuaState): number => {
    const prefix = this.api.raw._lua_type(S, 1) === luaType.string ? this.api.readString(S, 1) : undefined;
    pushJsonValue(this.api, S, this.docs.list(prefix), this.refs);
    return 1;
  };

  private readonly docSearch = (S: LuaState): number => {
    const { raw } = this.api;
    const query = this.api.readString(S, 1);
    const limit = raw._lua_type(S, 2) === luaType.number ? raw._lua_tonumberx(S, 2, 0) : undefined;
    pushJsonValue(this.api, S, this.docs.search(query, limit), this.refs);
    return 1;
  };

  /** pattern_shape(pattern, fn) → exponent, items (cached by the prelude per pattern). */
  private readonly patternShape = (S: LuaState): number => {
    const { raw } = this.api;
    const shape = luaPatternShape(this.api.readString(S, 1), this.api.readString(S, 2) as LuaPatternFunction);
    raw._lua_pushinteger(S, BigInt(shape.exponent));
    raw._lua_pushinteger(S, BigInt(shape.items));
    return 2;
  };

  /** pattern_check(subject, pattern, fn, plain) → nil when affordable, else a message. */
  private readonly patternCheck = (S: LuaState): number => {
    const { raw } = this.api;
    const subject = this.api.readBytes(S, 1);
    const pattern = this.api.readString(S, 2);
    const fn = this.api.readString(S, 3) as LuaPatternFunction;
    const steps = luaPatternSteps(subject, pattern, fn, raw._lua_toboolean(S, 4) !== 0);
    if (steps <= this.limits.patternSteps) {
      raw._lua_pushnil(S);
      return 1;
    }
    this.api.pushString(
      S,
      `string.${fn}: the pattern ${JSON.stringify(pattern.length > 40 ? `${pattern.slice(0, 40)}…` : pattern)} could backtrack ` +
        `for too long on a ${subject.length}-byte string (estimated ${steps.toExponential(1)} steps, limit ` +
        `${this.limits.patternSteps.toExponential(1)}). Anchor it, make it more specific, or split the string first.`,
    );
    return 1;
  };
}

/** `850 ms`, `30 s`, `14 min`, `1 h 30 min`: a limit as people read it. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60 || seconds % 60 !== 0) return `${seconds} s`;
  const minutes = seconds / 60;
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}

function luaTypeName(type: number): string {
  return (
    ['nil', 'boolean', 'userdata', 'number', 'string', 'table', 'function', 'userdata', 'coroutine'][type] ??
    'value'
  );
}

let kinds: string[] | undefined;

/** The job kinds that have a `<kind>_wait` tool, for error messages. */
function waitKinds(): string[] {
  kinds ??= catalog.flatMap((tool) =>
    tool.implementation.kind === 'wait' ? [tool.implementation.job.kind] : [],
  );
  return kinds;
}

/** A Lua-ish name of a value read from the script, for error messages. */
function luaValueName(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'boolean') return 'a boolean';
  return 'a table';
}
