import type { z } from 'zod';
import type { PriceTable } from './price-table.ts';

/**
 * The shape of one heygate tool. The catalog (src/catalog) is the only list of tools; everything else —
 * the HeyGen client, the emulator's routes, MCP/Lua/OpenAI/AI SDK exposure, CLI help, docs and the
 * contract tests — is derived from these entries.
 */

/** What a call does to the HeyGen account: scopes and MCP annotations derive from it. */
export type Access = 'read' | 'write' | 'destructive';

/** HTTP methods HeyGen uses. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Which HeyGen host serves an endpoint: `api` (api.heygen.com) or `upload` (upload.heygen.com, used by the
 * legacy raw-byte uploads `POST /v1/asset` and `POST /v1/talking_photo`).
 */
export type Host = 'api' | 'upload';

/**
 * Response envelope of an endpoint: v1 `{code:100,data}`, v2 `{error,data}`, v3 `{data}` or
 * `{error:{code,message,param,doc_url}}`. The client unwraps it and maps errors (even inside HTTP 200).
 */
export type Envelope = 'v1' | 'v2' | 'v3';

/**
 * How the request body is encoded. `json` (default for bodies), `multipart` (v3 uploads: field `file`),
 * `raw` (legacy uploads: the file's bytes as the body, its MIME type as Content-Type), `none`.
 */
export type BodyEncoding = 'json' | 'multipart' | 'raw' | 'none';

/** A lazily built schema: constructed on first use so start-up does not build ~170 validators. */
export interface LazySchema<T extends z.ZodType = z.ZodType> {
  (): T;
}

/** Where each input field goes on the wire. Fields not listed in `path` or `query` go to the body. */
export interface RequestShape {
  /** Input fields substituted into `{name}` placeholders of the path (URL-encoded). */
  path?: readonly string[];
  /** Input fields sent as query string parameters (arrays repeat the key). */
  query?: readonly string[];
  /** Body encoding; default `json` for POST/PUT/PATCH with body fields, `none` otherwise. */
  body?: BodyEncoding;
  /** For `multipart`/`raw` bodies: the input field holding the file (see `fileInput` in schemas.ts). */
  fileField?: string;
  /**
   * How the answer comes: `json` (default; an envelope) or `event-stream` (Server-Sent Events, read within
   * bounds and merged into one object by the client; see `eventStreamResult` in schemas.ts).
   */
  response?: 'json' | 'event-stream';
}

/**
 * An asynchronous HeyGen job that a tool starts. Waiting is generic: the client polls `statusTool` with
 * `{ [idField]: id }` until `statusField` reaches one of the terminal states.
 */
export interface JobKind {
  /** Stable name of the job kind, e.g. `video`, `video_translation`, `lipsync`. */
  kind: string;
  /** Tool that reports the job's status. */
  statusTool: string;
  /** Input field of `statusTool` that takes the job id. */
  idField: string;
  /**
   * Dotted path of the job id in the creating tool's result (e.g. `video_id`, `data.video_id`). When the
   * value found there is an array of ids (v3 translations return one id per output language), each id is a
   * job of this kind.
   */
  resultIdPath: string;
  /** Dotted path of the status in `statusTool`'s result (e.g. `status`). */
  statusField: string;
  /** Terminal states that mean success. */
  success: readonly string[];
  /** Terminal states that mean failure. */
  failure: readonly string[];
  /** Typical time to finish, used for polling backoff and progress estimates. */
  typicalSeconds?: number;
  /**
   * Set for live sessions HeyGen ends by itself (a realtime avatar stream): at most `maxSeconds` long, and closed
   * after `idleSeconds` without input when the session waits for it. Such a job is not a lasting result: a
   * session whose answer was lost cannot be found (HeyGen lists none) and lapses on its own (ADR 0053).
   */
  session?: { maxSeconds: number; idleSeconds?: number };
}

/**
 * Account-scoped inputs: dotted paths (arrays as `[]`, e.g. `scenes[].avatar_id`) whose values are ids that
 * exist in one HeyGen account only. A call with any of these set is not portable: the router never moves it
 * to another account. Public library ids (public avatars/voices) are still account-scoped by this rule
 * unless `publicIdsPortable` is true for the tool (HeyGen shares public ids across accounts).
 * `'*'` binds every call of the tool to its account whatever the input: reads of account state (the
 * account's videos, assets, webhooks, balance) would describe another account after a fallback.
 */
export interface Portability {
  accountScoped: readonly string[];
  /** True when the ids may be public library ids that exist in every account. */
  publicIdsPortable?: boolean;
  /**
   * The subset of `accountScoped` that may hold public library ids (public avatars/looks, public and stock
   * voices). Ids under the other paths (assets, folders, private jobs) are always account-scoped.
   */
  publicIdPaths?: readonly string[];
}

/** Marks a tool that calls HeyGen's v1/v2 API, which reached end of life on 2026-11-01. */
export interface LegacyInfo {
  /** Date HeyGen stopped serving the endpoint (ISO date). */
  sunset: string;
  /** What to use instead, for agents and operators. */
  replacement?: string;
}

/**
 * What a call costs, when it costs anything: budgets hold the estimate before the call and book it (or what
 * HeyGen reports, converted) after. Money is US dollars throughout: API keys bill HeyGen's USD wallet.
 */
export interface CostEstimate {
  /** Short human note quoting the shipped prices, e.g. "Estimate in USD: $0.0667/s of output". */
  note: string;
  /**
   * Estimate in US dollars from the (validated) input and the prices in force (`PriceTable`: the shipped
   * HeyGen prices plus the operator's overrides).
   */
  estimate?: (input: any, prices: PriceTable) => number;
}

/** Context given to composite tools: lets them call other catalog tools on the same account. */
export interface CompositeContext {
  /** Calls another catalog tool (validated) on the same account and returns its unwrapped result. */
  call(toolName: string, input: Record<string, unknown>): Promise<any>;
  /** Aborts when the caller cancels. */
  signal?: AbortSignal;
}

/** The implementation of a tool. */
export type ToolImplementation =
  /** One HTTP request to `endpoint`, input placed per `request`. */
  | { kind: 'http'; request?: RequestShape }
  /**
   * A tool built on other tools (seed/KosmoKrator compatibility tools carried on v3): translates the
   * arguments, calls one or more tools through `context.call`, translates the result.
   */
  | { kind: 'composite'; run: (input: any, context: CompositeContext) => Promise<unknown> }
  /** Waits for a job of `job` kind (input `{ [job.idField]: id, timeout_seconds? }`) and returns the final status. */
  | { kind: 'wait'; job: JobKind };

/** One tool. */
export interface ToolDefinition {
  /** `^[a-z0-9_]{1,64}$`; v3 tools `<area>_<verb>`, seed tools their seed slug. */
  name: string;
  /** Short human title (MCP `title`). */
  title: string;
  /** Our own description for an LLM: when to use it, what it returns, what to call next. */
  description: string;
  /** Area (HeyGen domain) the tool belongs to, e.g. `videos`, `avatars`, `voices`. */
  area: string;
  /** The HeyGen endpoint it calls (for a composite seed tool: the main v3 endpoint it is carried on). */
  endpoint: { method: HttpMethod; path: string; host: Host; envelope: Envelope };
  access: Access;
  /**
   * True when repeating the call has no further effect (reads, deletes, PUT/PATCH). Decides whether the
   * client may retry it after a 5xx or connection error.
   */
  idempotent: boolean;
  /** True when HeyGen honours an `Idempotency-Key` header on this endpoint; the client sends one. */
  idempotencyKey?: boolean;
  /**
   * A body field HeyGen deduplicates creates on instead of the header (background removals' `request_id`: a
   * repeat returns the first job). The router fills it with a fingerprint of the request when the caller leaves
   * it empty, so a retry of the same request returns the same job (ADR 0018).
   */
  idempotencyField?: string;
  /**
   * Where the job of a create shows up when HeyGen neither replays the create nor echoes anything the router could
   * stamp: a new item of `list`, next to the item the input names. `read` (called with `{ [as]: input[from] }`)
   * gives the `scope` value `list` is filtered by — the sunset v2 motion step makes a new look in the group of the
   * look it animates. The router lists the scope before the send; one item that appeared since is the job
   * (ADR 0057).
   */
  newItemIn?: { list: string; read: string; from: string; as: string; scope: string };
  /**
   * True for writes that continue a stream (text appended to a realtime avatar): two identical calls are two
   * intended pieces, so the router never answers one from its idempotency ledger (it still holds budgets).
   */
  sequential?: boolean;
  /** The job this tool starts, if any (creates that render). */
  job?: JobKind;
  /** Account-scoped inputs (routing). */
  portability: Portability;
  /** Set on tools that use HeyGen's v1/v2 API. */
  legacy?: LegacyInfo;
  /**
   * Authentication HeyGen accepts for the endpoint. HeyGen has no per-endpoint key scopes (see
   * docs/decisions/0003-scopes.md): `api_key` (X-Api-Key), `oauth` (Bearer, v3 only), `streaming_token`.
   */
  heygenAuth: readonly ('api_key' | 'oauth' | 'streaming_token')[];
  /** Credits the call may charge. */
  cost?: CostEstimate;
  /** True for list tools that return one page plus a cursor. */
  paginated?: boolean;
  /**
   * Where the tool comes from: `v3` (one per v3 operation), `seed` (the seed's 71 tools), `kosmokrator`
   * (the 7 KosmoKrator functions and their `heygen_` twins), `heygate` (our additions, e.g. `*_wait`).
   */
  family: 'v3' | 'seed' | 'kosmokrator' | 'heygate';
  /** Strict input schema (an object schema, or a union of object schemas for `oneOf` bodies). */
  input: LazySchema;
  /** Tolerant output schema (unknown fields pass through; most fields nullish). */
  output: LazySchema;
  implementation: ToolImplementation;
}

/** Identity function that types a catalog entry (like the AI SDK's `tool()`). */
export function defineTool<const T extends ToolDefinition>(definition: T): T {
  return definition;
}

/** Memoises a schema factory so each schema is built once, on first use. */
export function lazySchema<T extends z.ZodType>(factory: () => T): LazySchema<T> {
  let schema: T | undefined;
  return () => (schema ??= factory());
}
