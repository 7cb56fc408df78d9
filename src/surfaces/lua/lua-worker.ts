import { constants, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { ExecuteRequest, ExecuteResult, Executor } from '../../gateway/types.ts';
import { createLuaDocs } from './create-lua-docs.ts';
import { createLuaRunner, type LuaRunOptions } from './create-lua-runner.ts';
import { createLuaWasmPool } from './lua-wasm-pool.ts';
import type { FromWorker, LuaWorkerData, ToWorker, WireRequest } from './lua-worker-protocol.ts';

/**
 * The entry of a Lua worker thread (ADR 0020): runs one script at a time with the ordinary runner, over an
 * executor that sends each integration call to the main thread and waits for its answer. Nothing here talks
 * to HeyGen, the store or the vault: the main thread's `execute()` does, as for every other surface.
 */
const port = parentPort;
if (!port) throw new Error('lua-worker.ts runs as a worker thread');
// Scripts compute at a lower priority than the server's event loop: on Linux this lowers this thread only
// (setpriority on the calling thread), so `/healthz` and every other request keep answering while scripts
// spin on a busy machine. Where it is not allowed, scripts run at the normal priority.
try {
  setPriority(constants.priority.PRIORITY_LOW);
} catch {
  // Not permitted here: keep the default priority.
}
const data = workerData as LuaWorkerData;
const interrupt = new Int32Array(data.interrupt);
const docs = createLuaDocs();
const pool = createLuaWasmPool();

interface CurrentRun {
  runId: number;
  controller: AbortController;
  answers: Map<number, (result: ExecuteResult) => void>;
}

let current: CurrentRun | undefined;
let nextCall = 1;

function post(message: FromWorker): void {
  port!.postMessage(message);
}

/** The request as it crosses threads: no functions, no signal. */
function toWire(request: ExecuteRequest): WireRequest {
  const { signal: _signal, onProgress, ...rest } = request;
  return { ...rest, progress: onProgress !== undefined };
}

function executorFor(run: CurrentRun): Executor {
  return {
    execute(request) {
      return new Promise<ExecuteResult>((resolve) => {
        const callId = nextCall++;
        run.answers.set(callId, resolve);
        post({ type: 'call', runId: run.runId, callId, request: toWire(request) });
        request.signal?.addEventListener(
          'abort',
          () => {
            if (run.answers.delete(callId)) post({ type: 'abortCall', runId: run.runId, callId });
          },
          { once: true },
        );
      });
    },
    // The runner never lists tools; scripts see the whole catalog and execute() refuses what is not allowed.
    visibleTools: async () => [],
  };
}

async function run(runId: number, script: string, options: LuaRunOptions): Promise<void> {
  const state: CurrentRun = { runId, controller: new AbortController(), answers: new Map() };
  current = state;
  try {
    const runner = createLuaRunner({ executor: executorFor(state), docs, pool, limits: data.limits });
    const result = await runner.run(script, {
      ...options,
      signal: state.controller.signal,
      interrupt,
      onPrint: (text) => post({ type: 'print', runId, text }),
      // Marks requests as wanting progress; the main thread sends the progress itself.
      onProgress: () => {},
    });
    post({ type: 'done', runId, result });
  } finally {
    if (current === state) current = undefined;
  }
}

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'run':
      void run(message.runId, message.script, message.options);
      return;
    case 'cancel':
      if (current?.runId === message.runId) current.controller.abort();
      return;
    case 'callResult': {
      if (current?.runId !== message.runId) return;
      const answer = current.answers.get(message.callId);
      current.answers.delete(message.callId);
      answer?.(message.result);
      return;
    }
  }
});

post({ type: 'ready' });
