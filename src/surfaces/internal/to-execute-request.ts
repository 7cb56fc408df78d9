import type { ExecuteRequest, Progress, Surface } from '../../gateway/types.ts';
import type { RequestEnvelope } from './read-request-envelope.ts';
import type { SurfaceCaller } from './surface-tool.ts';

/** What the surface knows about a call besides its envelope. */
export interface ExecuteRequestContext {
  /** Catalog tool name. */
  tool: string;
  surface: Surface;
  /** Who calls (persona token or id; neither: the local operator where allowed). */
  caller: SurfaceCaller;
  /** Cancels the call (the HTTP request's or the MCP request's signal). */
  signal?: AbortSignal;
  /** Receives job progress while waiting. */
  onProgress?: (progress: Progress) => void;
  /**
   * What the surface's configuration supplies when the envelope does not: the account (`--account`), the
   * rate-limit wait (`heygate mcp --max-wait`, ms), the prompt (an MCP `_meta` prompt, a compact `reason`).
   */
  defaults?: { account?: string; maxWaitMs?: number; prompt?: string; user?: string };
}

/**
 * The one mapping from a validated envelope to the `ExecuteRequest` every surface hands `execute()`:
 * seconds become milliseconds, `wait: { timeout_seconds }` becomes `wait: { timeoutMs }`, envelope values win
 * over the surface's defaults, and absent options stay absent.
 */
export function toExecuteRequest(envelope: RequestEnvelope, context: ExecuteRequestContext): ExecuteRequest {
  const request: ExecuteRequest = { tool: context.tool, input: envelope.input, surface: context.surface };
  const { caller, defaults = {} } = context;
  if (caller.personaToken !== undefined) request.personaToken = caller.personaToken;
  if (caller.personaId !== undefined) request.personaId = caller.personaId;
  const account = envelope.account ?? defaults.account;
  if (account !== undefined) request.account = account;
  const prompt = envelope.prompt ?? defaults.prompt;
  if (prompt !== undefined) request.prompt = prompt;
  const user = envelope.user ?? defaults.user;
  if (user !== undefined) request.user = user;
  if (envelope.idempotencyKey !== undefined) request.idempotencyKey = envelope.idempotencyKey;
  if (envelope.wait === true) request.wait = true;
  else if (envelope.wait) request.wait = { timeoutMs: Math.round(envelope.wait.timeoutSeconds * 1000) };
  const maxWaitMs =
    envelope.maxWaitSeconds === undefined ? defaults.maxWaitMs : Math.round(envelope.maxWaitSeconds * 1000);
  if (maxWaitMs !== undefined) request.maxWaitMs = maxWaitMs;
  if (context.signal) request.signal = context.signal;
  if (context.onProgress) request.onProgress = context.onProgress;
  return request;
}
