import type { ToolDefinition } from '../catalog/define-tool.ts';

/**
 * The contract of the one call path (DESIGN.md "The one path every call takes"). Every surface — MCP, Lua,
 * AI SDK, OpenAI, HTTP, CLI, flows — builds an `ExecuteRequest` and calls `execute()`; none talks HTTP to
 * HeyGen or re-implements scope checks, validation, retries, routing or audit.
 */

/** Which surface a call came through (recorded in audit). */
export type Surface = 'mcp' | 'lua' | 'ai-sdk' | 'openai' | 'http' | 'cli' | 'flow' | 'library';

/** Progress of a long call (job waits, uploads). */
export interface Progress {
  /** Monotonic progress value (0..total when total is known). */
  progress: number;
  /** Total, when known (e.g. 100 for percentages). */
  total?: number;
  /** Short human message, e.g. "video processing (42%)". */
  message?: string;
  /** Current job status as HeyGen reports it. */
  status?: string;
  /** HeyGen's own percentage, when the job reported one (`progress` may be an estimate; this never is). */
  reportedPercent?: number;
}

export interface ExecuteRequest {
  /** Catalog tool name. */
  tool: string;
  /** Tool input (validated against the tool's schema before anything is sent). */
  input: unknown;
  /** Surface the call came through. */
  surface: Surface;
  /**
   * Persona bearer token. Absent means the local operator (CLI without --persona, library use).
   * Surfaces that authenticate once per session may pass `persona` instead.
   */
  personaToken?: string;
  /** A persona already authenticated by the surface (e.g. an MCP HTTP session); re-checked on every call. */
  personaId?: string;
  /** Named account to use; default: the persona's routing policy, else `default`. */
  account?: string;
  /** The prompt or reason the agent gave for the call (audit). */
  prompt?: string;
  /** The end user the agent acts for, when known (audit). */
  user?: string;
  /** Cancels the call (and any wait). */
  signal?: AbortSignal;
  /** Receives progress while waiting for jobs. */
  onProgress?: (progress: Progress) => void;
  /**
   * For tools that start a job: wait for the job to reach a terminal state and return the final resource.
   * `timeoutMs` bounds the wait (default 30 minutes).
   */
  wait?: boolean | { timeoutMs?: number };
  /** Caller-supplied idempotency key for creates (otherwise derived where needed). */
  idempotencyKey?: string;
  /**
   * How long the call may wait for a rate-limited account when it cannot move to another one (its input
   * holds account-scoped ids, or it names an account). Default 0: a structured `rate_limited` result with
   * `retry_after_ms` comes back at once and the agent decides.
   */
  maxWaitMs?: number;
  /**
   * Where the call sits in a larger unit of work, recorded as the audit record's `context` (JSON object): a
   * flow step passes `{ flow, run, step }`. Values are identifiers, never secrets.
   */
  context?: Readonly<Record<string, string | number>>;
}

/** The data an agent sees when a call fails in a way it can recover from (tool errors, DESIGN.md). */
export interface ToolErrorData {
  code: string;
  message: string;
  retryable: boolean;
  retry_after_ms?: number;
  hint?: string;
  /** Offending input field, for `invalid_input` and HeyGen's `param`. */
  field?: string;
  /** HTTP status HeyGen answered, when it answered. */
  status?: number;
  /** HeyGen's request id, when known. */
  request_id?: string;
  /** Account the call was tried on (e.g. the one cooling down). */
  account?: string;
}

/** One account the router tried or passed over for a call (ADR 0008). */
export interface RoutingAttempt {
  account: string;
  /**
   * `ok` answered; `skipped` not tried (cooling down, circuit open, account budget); `rate_limited` 429;
   * `failed` 5xx/timeout/connection; `rejected` other refusal; `reconciled` no answer but the job was found by
   * lookup; `unknown` no answer and the job could not be looked up.
   */
  outcome: 'ok' | 'skipped' | 'rate_limited' | 'failed' | 'rejected' | 'reconciled' | 'unknown';
  /** Short reason: `cooling_down`, `circuit_open`, `budget_exceeded`, `http_429`, `http_503`, `timeout`, … */
  reason?: string;
  /** When the account takes calls of this class again (skips and 429s). */
  retryAfterMs?: number;
}

/** What the router did for a call: the accounts it tried, and whether the answer is a replay or a lookup. */
export interface RoutingReport {
  /** Accounts tried or skipped, in order (empty for a replay: nothing was sent). */
  attempts: RoutingAttempt[];
  /** The identical create had already run: its first result came from the idempotency ledger, no new job. */
  replayed?: boolean;
  /** For a replay: when the first call made the job (ISO 8601). */
  replayedFrom?: string;
  /** The create got no answer (timeout, reset); its job was found by looking it up instead of re-sending. */
  reconciled?: boolean;
}

/** Fields every result carries. */
interface ResultBase {
  tool: string;
  /** Account the call went to (after routing). */
  account?: string;
  /** Account the router moved away from, when it fell back. */
  fallbackFrom?: string;
  /** HeyGen request id, when known. */
  requestId?: string;
  /** Wall time of the whole call, milliseconds. */
  durationMs: number;
  /** Credits HeyGen reported charging (none of its v3 answers does today): as reported, not converted. */
  creditsCharged?: number;
  /**
   * What the call cost in US dollars: HeyGen's reported credits at the operator's rate, else the catalog's
   * estimate from the prices in force; 0 for an answer replayed from the idempotency ledger. Absent for free
   * tools.
   */
  costUsd?: number;
  /** The router's attempts and replay/reconcile flags, when the call was routed (also in the audit record). */
  routing?: RoutingReport;
  /**
   * Fields or enum values in HeyGen's answers that the catalog does not document (HeyGen changed something),
   * each given once per process; the data passed on unchanged. Surfaces show them beside the result: HTTP
   * `warnings`, MCP `_meta["heygate/warnings"]`, CLI standard error.
   */
  warnings?: string[];
}

export type ExecuteResult =
  (ResultBase & { ok: true; data: unknown }) | (ResultBase & { ok: false; error: ToolErrorData });

/**
 * Anything that executes catalog tools: the full gateway (personas, scopes, routing, audit) or the bare
 * executor over one client. Gateway errors (unknown tool, bad persona token, denied scope) are thrown as
 * `HeyGateError`s; tool errors come back as `{ ok: false, error }`.
 */
export interface Executor {
  execute(request: ExecuteRequest): Promise<ExecuteResult>;
  /** Tools the caller may use (all tools for the operator; the persona's allowed tools otherwise). */
  visibleTools(caller?: { personaToken?: string; personaId?: string }): Promise<readonly ToolDefinition[]>;
}
