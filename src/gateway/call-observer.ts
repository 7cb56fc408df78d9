import type { ExecuteRequest, ExecuteResult } from './types.ts';

/** What the pipeline learns about a call that the request does not say (filled in as `execute()` goes). */
export interface CallNote {
  /** The persona's name once it is authenticated; unset for the operator and for refused tokens. */
  persona?: string;
  /** Set when the call ran again on fresh reads: the rows it first ran on had changed (ADR 0062). */
  rerun?: boolean;
}

/**
 * Hooks around the one call path for logs, metrics and traces (issue 17, ADR 0046). Each hook runs the work
 * it is given and returns its result unchanged: an observer may time, count and open spans, never alter a
 * call. `createGateway` calls `call` once per `execute()`, `route` around the router and `send` around each
 * request to HeyGen, so spans nest (call → route → send) through the async context.
 */
export interface CallObserver {
  /** Around one `execute()`; a thrown error is rethrown after it is observed. */
  call(request: ExecuteRequest, run: (note: CallNote) => Promise<ExecuteResult>): Promise<ExecuteResult>;
  /** Around the router's decision and its sends for a call of `tool`. */
  route<T>(tool: string, run: () => Promise<T>): Promise<T>;
  /** Around one request to HeyGen on `account`; the result carries HeyGen's `status`, a thrown error may. */
  send<T extends { status: number }>(account: string, tool: string, run: () => Promise<T>): Promise<T>;
}

/** The observer that observes nothing (the default): each hook only runs its work. */
export const quietObserver: CallObserver = {
  call: (_request, run) => run({}),
  route: (_tool, run) => run(),
  send: (_account, _tool, run) => run(),
};
