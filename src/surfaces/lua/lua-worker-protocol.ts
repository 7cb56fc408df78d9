import type { ExecuteRequest, ExecuteResult } from '../../gateway/types.ts';
import type { LuaRunOptions, LuaRunResult } from './create-lua-runner.ts';

/**
 * Messages between the main thread and a Lua worker thread (ADR 0020). A worker runs one script at a time;
 * every integration call the script makes is sent back to the main thread, which runs it through the one
 * `execute()` and answers with its result.
 */

/** A tool call as it crosses threads: the request without its signal and progress callback. */
export type WireRequest = Omit<ExecuteRequest, 'signal' | 'onProgress'> & {
  /** The script asked for progress (the main thread forwards it to the run's `onProgress`). */
  progress: boolean;
};

/** The run options that cross threads (callbacks and the signal stay on the main thread). */
export type WireRunOptions = Pick<
  LuaRunOptions,
  'personaToken' | 'personaId' | 'account' | 'prompt' | 'user' | 'limits' | 'timeoutHint'
>;

/** Main thread → worker. */
export type ToWorker =
  | { type: 'run'; runId: number; script: string; options: WireRunOptions }
  | { type: 'cancel'; runId: number }
  | { type: 'callResult'; runId: number; callId: number; result: ExecuteResult };

/** Worker → main thread. */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'call'; runId: number; callId: number; request: WireRequest }
  | { type: 'abortCall'; runId: number; callId: number }
  | { type: 'print'; runId: number; text: string }
  | { type: 'done'; runId: number; result: LuaRunResult };

/** What `new Worker(…, { workerData })` carries. */
export interface LuaWorkerData {
  /** One Int32 the main thread raises to stop the script that is computing (see `LuaRunOptions.interrupt`). */
  interrupt: SharedArrayBuffer;
  /** Limits of the runner the worker builds. */
  limits?: LuaRunOptions['limits'];
}
