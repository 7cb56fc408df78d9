import { Worker } from 'node:worker_threads';
import { toToolError } from '../../gateway/tool-error.ts';
import type { ExecuteResult, Executor } from '../../gateway/types.ts';
import { createLuaDocs, type LuaDocs } from './create-lua-docs.ts';
import {
  definedOnly,
  formatDuration,
  internalError,
  type LuaCallRecord,
  type LuaRunError,
  type LuaRunner,
  type LuaRunOptions,
  type LuaRunResult,
} from './create-lua-runner.ts';
import { createLuaComputeSlots, type LuaComputeSlots } from './lua-compute-slots.ts';
import { defaultLuaLimits, type LuaLimits } from './lua-limits.ts';
import type { FromWorker, LuaWorkerData, ToWorker, WireRunOptions } from './lua-worker-protocol.ts';

/** Options of {@link createLuaWorkerRunner}. */
export interface LuaWorkerRunnerOptions {
  /** Where every integration call goes, on the main thread (`surface: 'lua'`). */
  executor: Executor;
  /** Limits per execution; unspecified ones keep {@link defaultLuaLimits}. */
  limits?: Partial<LuaLimits>;
  /** Worker threads at most, each running one script at a time (default 4). Runs beyond wait for a free one. */
  workers?: number;
  /**
   * Scripts that may compute at once (default: one less than the cores, at least 1; ADR 0058). A script waiting
   * for an integration call gives its turn back, so waits never hold one; scripts past this many wait for a turn
   * before they start or resume. Keeps a core for the event loop however many scripts spin.
   */
  computeSlots?: number;
  /**
   * How long a script may ignore a stop (its wall limit, or a cancellation) before its thread is terminated
   * and replaced, milliseconds (default 2,000). The VM checks its limits every few microseconds, so only a
   * script stuck inside one C call ever reaches this.
   */
  terminateGraceMs?: number;
  /** Docs served by the Lua doc tools (default: generated from the whole catalog). */
  docs?: LuaDocs;
}

/** Options of one run in a worker: {@link LuaRunOptions}, and the executor this run's calls go to. */
export interface LuaWorkerRunOptions extends LuaRunOptions {
  /** Where this run's integration calls go (default: the runner's executor), e.g. a flow step's. */
  executor?: Executor;
}

/** A {@link LuaRunner} whose scripts run in worker threads. */
export interface LuaWorkerRunner extends LuaRunner {
  run(script: string, options?: LuaWorkerRunOptions): Promise<LuaRunResult>;
  /** Worker threads alive now (busy or idle). */
  readonly threads: () => number;
  /** Threads terminated because a script did not stop in time. */
  readonly terminated: () => number;
  /** Turns to compute (see `computeSlots`): how many, held now, scripts waiting for one. */
  readonly compute: Pick<LuaComputeSlots, 'size' | 'busy' | 'waiting'>;
  /** Terminates every thread; runs still going end with `lua_cancelled`. */
  close(): Promise<void>;
}

interface Slot {
  worker: Worker;
  interrupt: Int32Array;
  ready: Promise<void>;
  /** The run using this thread, if any. */
  onMessage?: (message: FromWorker) => void;
  onGone?: (error: Error) => void;
  dead: boolean;
}

/** The worker entry beside this file: `.ts` when running from source, `.js` from the built package. */
const workerUrl = new URL(
  import.meta.url.endsWith('.ts') ? './lua-worker.ts' : './lua-worker.js',
  import.meta.url,
);

/**
 * Runs Lua scripts off the event loop (issue 10, ADR 0020): a small pool of worker threads, one script per
 * thread at a time. The VM, its limits and the sandbox are those of {@link createLuaRunner}, inside the
 * thread; each integration call a script makes comes back to this thread as a message and runs through
 * `executor.execute()` here — the same scopes, budgets, routing and audit as any other call — and its result
 * goes back to the script. A script that does not stop by its wall limit plus a grace is terminated with its
 * thread, and a new thread takes its place on the next run.
 */
export function createLuaWorkerRunner(options: LuaWorkerRunnerOptions): LuaWorkerRunner {
  const limits: Readonly<LuaLimits> = Object.freeze({ ...defaultLuaLimits, ...definedOnly(options.limits) });
  const size = Math.max(1, options.workers ?? 4);
  const grace = options.terminateGraceMs ?? 2_000;
  const compute = createLuaComputeSlots(options.computeSlots);
  const { executor } = options;
  let docs: LuaDocs | undefined = options.docs;
  const idle: Slot[] = [];
  const all = new Set<Slot>();
  const queue: { resolve: (slot: Slot) => void; reject: (error: Error) => void }[] = [];
  let nextRun = 1;
  let terminated = 0;
  let closed = false;

  function spawn(): Slot {
    const interrupt = new SharedArrayBuffer(4);
    const data: LuaWorkerData = { interrupt, limits };
    const worker = new Worker(workerUrl, { workerData: data });
    const slot: Slot = {
      worker,
      interrupt: new Int32Array(interrupt),
      ready: Promise.resolve(),
      dead: false,
    };
    slot.ready = new Promise<void>((resolve, reject) => {
      const onReady = (message: FromWorker) => {
        if (message.type !== 'ready') return;
        worker.off('message', onReady);
        resolve();
      };
      worker.on('message', onReady);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the Lua worker exited with code ${code}`)));
    });
    slot.ready.catch(() => {});
    worker.on('message', (message: FromWorker) => slot.onMessage?.(message));
    const gone = (error: Error) => {
      if (slot.dead) return;
      slot.dead = true;
      all.delete(slot);
      const index = idle.indexOf(slot);
      if (index >= 0) idle.splice(index, 1);
      slot.onGone?.(error);
    };
    worker.on('error', gone);
    worker.on('exit', (code) => gone(new Error(`the Lua worker exited with code ${code}`)));
    all.add(slot);
    return slot;
  }

  function acquire(signal: AbortSignal | undefined): Promise<Slot> {
    if (closed) return Promise.reject(new Error('the Lua runner is closed'));
    const free = idle.pop();
    if (free) return Promise.resolve(free);
    if (all.size < size) return Promise.resolve(spawn());
    return new Promise<Slot>((resolve, reject) => {
      const entry = {
        resolve: (slot: Slot) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(slot);
        },
        reject,
      };
      const onAbort = () => {
        const index = queue.indexOf(entry);
        if (index >= 0) queue.splice(index, 1);
        reject(new Error('cancelled while waiting for a Lua worker'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.push(entry);
    });
  }

  function release(slot: Slot): void {
    slot.onMessage = undefined;
    slot.onGone = undefined;
    Atomics.store(slot.interrupt, 0, 0);
    if (slot.dead) {
      // Its place goes to the next waiting run, on a fresh thread.
      const waiting = queue.shift();
      if (waiting && !closed) waiting.resolve(spawn());
      return;
    }
    const waiting = queue.shift();
    if (waiting) {
      waiting.resolve(slot);
      return;
    }
    slot.worker.unref();
    idle.push(slot);
  }

  function kill(slot: Slot): void {
    terminated += 1;
    slot.dead = true;
    all.delete(slot);
    void slot.worker.terminate();
  }

  async function run(script: string, runOptions: LuaWorkerRunOptions = {}): Promise<LuaRunResult> {
    const started = performance.now();
    const runLimits: LuaLimits = { ...limits, ...definedOnly(runOptions.limits) };
    const calls: LuaCallRecord[] = [];
    let output = '';
    const fail = (error: LuaRunError): LuaRunResult => ({
      ok: false,
      value: null,
      output,
      durationMs: performance.now() - started,
      peakMemoryBytes: 0,
      calls,
      error,
    });
    if (typeof script !== 'string') return fail(internalError(new TypeError('script must be a string')));
    if (runOptions.signal?.aborted) return fail(cancelled('The script was cancelled before it started.'));

    let slot: Slot;
    try {
      slot = await acquire(runOptions.signal);
      slot.worker.ref();
      await slot.ready;
    } catch (error) {
      if (runOptions.signal?.aborted) return fail(cancelled('The script was cancelled before it started.'));
      return fail(internalError(error));
    }
    try {
      await compute.acquire(runOptions.signal);
    } catch {
      release(slot);
      return fail(cancelled('The script was cancelled before it started.'));
    }
    if (closed || slot.dead) {
      compute.release();
      release(slot);
      return fail(cancelled('The Lua runner closed before the script started.'));
    }

    const runId = nextRun++;
    const pending = new Map<number, AbortController>();
    const post = (message: ToWorker) => {
      if (!slot.dead) slot.worker.postMessage(message);
    };

    return new Promise<LuaRunResult>((resolve) => {
      let settled = false;
      let stopTimer: ReturnType<typeof setTimeout> | undefined;
      // The run holds a turn to compute while its VM runs (it has one now: it is about to start).
      const turn = computeTurn(compute);
      const finish = (result: LuaRunResult) => {
        if (settled) return;
        settled = true;
        turn.end();
        clearTimeout(wallTimer);
        clearTimeout(stopTimer);
        runOptions.signal?.removeEventListener('abort', onAbort);
        for (const controller of pending.values()) controller.abort();
        pending.clear();
        release(slot);
        resolve(result);
      };
      /** The script did not stop by itself: end the thread, answer with what the run did so far. */
      const forceStop = (error: LuaRunError) => {
        if (settled) return;
        kill(slot);
        finish(fail(error));
      };
      const stopSoon = (error: LuaRunError) => {
        Atomics.store(slot.interrupt, 0, 1);
        post({ type: 'cancel', runId });
        stopTimer ??= setTimeout(() => forceStop(error), grace);
      };
      const onAbort = () => stopSoon(cancelled('The script was cancelled.'));
      runOptions.signal?.addEventListener('abort', onAbort, { once: true });
      const wallTimer = setTimeout(
        () => stopSoon(timeoutError(runLimits.timeoutMs, runOptions.timeoutHint)),
        runLimits.timeoutMs + grace,
      );

      slot.onGone = (error) => finish(fail(internalError(error)));
      slot.onMessage = (message) => {
        switch (message.type) {
          case 'print':
            output += message.text;
            try {
              runOptions.onPrint?.(message.text);
            } catch {
              // A failing output consumer must not break the script.
            }
            return;
          case 'call': {
            turn.pause();
            const controller = new AbortController();
            pending.set(message.callId, controller);
            const { progress, ...request } = message.request;
            const signals = [controller.signal, ...(runOptions.signal ? [runOptions.signal] : [])];
            const began = performance.now();
            void executeOnMain(runOptions.executor ?? executor, {
              ...request,
              signal: AbortSignal.any(signals),
              ...(progress && runOptions.onProgress ? { onProgress: runOptions.onProgress } : {}),
            }).then((result) => {
              const record: LuaCallRecord = {
                tool: request.tool,
                ok: result.ok,
                durationMs: performance.now() - began,
              };
              const account = result.account ?? request.account;
              if (account !== undefined) record.account = account;
              if (!result.ok) record.code = result.error.code;
              calls.push(record);
              if (!pending.delete(message.callId)) return;
              // The script computes again once it has a turn (unless it ended while waiting for one).
              void turn.resume().then((resumed) => {
                if (resumed)
                  post({ type: 'callResult', runId, callId: message.callId, result: cloneable(result) });
              });
            });
            return;
          }
          case 'abortCall':
            pending.get(message.callId)?.abort();
            pending.delete(message.callId);
            return;
          case 'done':
            if (message.runId === runId) finish(message.result);
            return;
          case 'ready':
            return;
        }
      };
      const wire: WireRunOptions = {};
      if (runOptions.personaToken !== undefined) wire.personaToken = runOptions.personaToken;
      if (runOptions.personaId !== undefined) wire.personaId = runOptions.personaId;
      if (runOptions.account !== undefined) wire.account = runOptions.account;
      if (runOptions.prompt !== undefined) wire.prompt = runOptions.prompt;
      if (runOptions.user !== undefined) wire.user = runOptions.user;
      if (runOptions.limits !== undefined) wire.limits = definedOnly(runOptions.limits);
      if (runOptions.timeoutHint !== undefined) wire.timeoutHint = runOptions.timeoutHint;
      post({ type: 'run', runId, script, options: wire });
    });
  }

  return {
    run,
    get docs() {
      docs ??= createLuaDocs();
      return docs;
    },
    limits,
    threads: () => all.size,
    terminated: () => terminated,
    compute: { size: compute.size, busy: compute.busy, waiting: compute.waiting },
    async close() {
      closed = true;
      for (const waiting of queue.splice(0)) waiting.reject(new Error('the Lua runner is closed'));
      await Promise.all([...all].map((slot) => slot.worker.terminate()));
      all.clear();
      idle.length = 0;
    },
  };
}

/**
 * One run's turn to compute: held from the start, given back while the script waits for a call (`pause`),
 * taken again before its answer is posted (`resume`, false when the run ended meanwhile), and given back for
 * good when the run ends (`end`).
 */
function computeTurn(slots: LuaComputeSlots) {
  let holding = true;
  const ended = new AbortController();
  const pause = (): void => {
    if (!holding) return;
    holding = false;
    slots.release();
  };
  const resume = async (): Promise<boolean> => {
    if (holding) return true;
    try {
      await slots.acquire(ended.signal);
    } catch {
      return false;
    }
    if (ended.signal.aborted) {
      slots.release();
      return false;
    }
    holding = true;
    return true;
  };
  const end = (): void => {
    ended.abort();
    pause();
  };
  return { pause, resume, end };
}

/** Runs one call on this thread; gateway errors (denied scope, bad token) become tool errors for the script. */
async function executeOnMain(
  executor: Executor,
  request: Parameters<Executor['execute']>[0],
): Promise<ExecuteResult> {
  try {
    return await executor.execute(request);
  } catch (thrown) {
    return {
      ok: false,
      tool: request.tool,
      durationMs: 0,
      error: toToolError(thrown, request.account),
    } as unknown as ExecuteResult;
  }
}

/** What the script reads of a result, in a form that survives the structured clone. */
function cloneable(result: ExecuteResult): ExecuteResult {
  const picked = (
    result.ok
      ? { ok: true, tool: result.tool, data: result.data }
      : { ok: false, tool: result.tool, error: result.error }
  ) as ExecuteResult;
  if (result.account !== undefined) (picked as { account?: string }).account = result.account;
  try {
    structuredClone(picked);
    return picked;
  } catch {
    return JSON.parse(JSON.stringify(picked)) as ExecuteResult;
  }
}

function cancelled(message: string): LuaRunError {
  return { code: 'lua_cancelled', message, retryable: false };
}

function timeoutError(timeoutMs: number, hint: string | undefined): LuaRunError {
  return {
    code: 'lua_timeout',
    message: `The script ran longer than ${formatDuration(timeoutMs)} (its wall-time limit) and was stopped.`,
    retryable: false,
    hint: hint ?? 'Return the job id and wait for it in another call.',
  };
}
