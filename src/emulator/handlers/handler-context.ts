import type { ToolDefinition } from '../../catalog/define-tool.ts';
import type { Account } from '../account.ts';
import type { EmulatorCore } from '../emulator-core.ts';

/** What a tool handler gets: the validated input, the calling account and the emulator's services. */
export interface HandlerContext {
  core: EmulatorCore;
  tool: ToolDefinition;
  /** The input as the catalog's `parseInput` returned it (path + query + body fields). */
  input: any;
  account: Account;
  /** How the request authenticated: an API key (bills the wallet) or an OAuth token (bills the web plan). */
  authKind: 'api_key' | 'oauth';
  /** Origin media URLs are built on (the request's origin, or `publicBaseUrl`). */
  origin: string;
  /** Current time (ms) on the emulator clock. */
  now: number;
  /** Jobs started by this request fail (header `X-Emulator-Job-Outcome: failed`, or `#emulator-fail` in the input). */
  forceFailure: boolean;
  request: Request;
  /** A signed, expiring media URL for a media path (e.g. `videos/<id>.mp4`). */
  url(path: string): string;
  /**
   * Waits `ms` of emulator time (a manual clock: until `advance` passes it); rejects when the request or
   * `signal` is aborted or the emulator closes. For answers that stream as time passes (Server-Sent Events).
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** What a handler answers; the pipeline wraps `data` in the endpoint's envelope. */
export interface HandlerResult {
  /** The `data` member of the envelope. */
  data: unknown;
  /** HTTP status (default 200; batch creates answer 202). */
  status?: number;
  /** Extra top-level members next to `data` (v3 lists: `has_more`, `next_token`). */
  extra?: Record<string, unknown>;
  /** The answer is an earlier job's, deduplicated by a body field (background removals' `request_id`). */
  replayed?: boolean;
  /**
   * A complete answer that is not an envelope (a `text/event-stream`); `data` is then ignored. Sent as it is,
   * plus `X-Request-Id`.
   */
  response?: Response;
}

/** A tool handler: one per catalog tool with an HTTP implementation. */
export type ToolHandler = (context: HandlerContext) => HandlerResult | Promise<HandlerResult>;

/** Handlers keyed by catalog tool name. */
export type HandlerMap = Record<string, ToolHandler>;
