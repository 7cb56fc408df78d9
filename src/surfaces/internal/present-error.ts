import { HeyGateError } from '../../catalog/errors.ts';
import { toToolError } from '../../gateway/tool-error.ts';
import type { ToolErrorData } from '../../gateway/types.ts';

/**
 * How a failure reads on every surface. One mapping, so the same mistake gets the same answer over HTTP,
 * MCP, the AI SDK, OpenAI, Lua and the CLI (DESIGN.md "Errors").
 */
export interface PresentedError {
  /** What the agent sees: code, message, retryable, retry_after_ms, hint, field, … (never a secret). */
  error: ToolErrorData;
  /** HTTP status for HTTP surfaces (`/v1/tools`, problem+json). */
  status: number;
  /** `Retry-After` in whole seconds, when the error says when to retry. */
  retryAfterSeconds?: number;
  /**
   * `agent`: the caller's request was wrong or refused (4xx; MCP protocol error for thrown refusals);
   * `upstream`: HeyGen or the network failed (502/504); `gateway`: heygate itself failed — audit log, store,
   * an unexpected error (5xx, never 4xx, so nobody "fixes" a request that was fine).
   */
  side: 'agent' | 'upstream' | 'gateway';
  /** Exit code of the `heygate` CLI (see exit-codes.ts). */
  exitCode: number;
}

/** Exit codes of the CLI for failures, by class (kept here so every surface's mapping is one table). */
export const exitCodeOf = {
  /** HeyGen (or a tool) answered with an error. */
  toolError: 1,
  /** Bad command line or invalid tool input; nothing was sent to HeyGen. */
  usage: 2,
  /** HeyGen rejected the account's key, or the persona token is invalid, revoked or lacks the scope. */
  auth: 3,
  /** A request or a job wait timed out. */
  timeout: 4,
  /** Rate limited, and no other account could take the call. */
  rateLimited: 5,
} as const;

interface Rule {
  status: number;
  side: PresentedError['side'];
  exitCode: number;
}

const agent = (status: number, exitCode: number = exitCodeOf.toolError): Rule => ({
  status,
  side: 'agent',
  exitCode,
});
const upstream = (status: number, exitCode: number = exitCodeOf.toolError): Rule => ({
  status,
  side: 'upstream',
  exitCode,
});
const gateway = (status: number): Rule => ({ status, side: 'gateway', exitCode: exitCodeOf.toolError });

/** Status, side and exit code per error code. Codes not listed: see `ruleOf`. */
const rules: Readonly<Record<string, Rule>> = {
  invalid_input: agent(400, exitCodeOf.usage),
  invalid_json: agent(400, exitCodeOf.usage),
  unsupported_media_type: agent(415, exitCodeOf.usage),
  header_too_large: agent(431, exitCodeOf.usage),
  host_not_allowed: agent(403),
  origin_not_allowed: agent(403),
  missing_token: agent(401, exitCodeOf.auth),
  invalid_token: agent(401, exitCodeOf.auth),
  invalid_scope: agent(400, exitCodeOf.usage),
  unknown_tool: agent(404, exitCodeOf.usage),
  unknown_account: agent(404, exitCodeOf.usage),
  unknown_persona: agent(404, exitCodeOf.usage),
  webhook_not_set_up: agent(404, exitCodeOf.usage),
  unauthenticated: agent(401, exitCodeOf.auth),
  persona_revoked: agent(401, exitCodeOf.auth),
  scope_denied: agent(403, exitCodeOf.auth),
  account_not_allowed: agent(403, exitCodeOf.auth),
  budget_exceeded: agent(402),
  rate_limited: agent(429, exitCodeOf.rateLimited),
  request_in_progress: agent(409),
  conflict: agent(409),
  store_conflict: agent(409),
  not_found: agent(404),
  bad_request: agent(400),
  payload_too_large: agent(413),
  insufficient_credits: agent(402),
  job_failed: agent(422),
  account_verification_failed: agent(422),
  aborted: agent(499),
  upstream_auth: upstream(502, exitCodeOf.auth),
  // OAuth connect and refresh (issue 14): the operator's consent or the account's connection, never the agent's.
  oauth_access_denied: agent(403, exitCodeOf.auth),
  oauth_state_mismatch: agent(400, exitCodeOf.auth),
  oauth_invalid_grant: agent(400, exitCodeOf.auth),
  oauth_refresh_failed: upstream(502, exitCodeOf.auth),
  oauth_error: upstream(502, exitCodeOf.auth),
  oauth_not_accepted: agent(422),
  oauth_client_unavailable: gateway(503),
  oauth_unavailable: gateway(503),
  server_error: upstream(502),
  connection_error: upstream(502),
  invalid_response: upstream(502),
  outcome_unknown: upstream(502),
  timeout: upstream(504, exitCodeOf.timeout),
  wait_timeout: upstream(504, exitCodeOf.timeout),
  no_account: gateway(503),
  audit_unavailable: gateway(503),
  store_unavailable: gateway(503),
  store_migration: gateway(503),
  // Never reaches a caller: the gateway runs the call again on fresh reads (ADR 0062).
  store_stale_reads: gateway(503),
  internal_error: gateway(500),
};

/** HeyGen's refusals of the *account's* key: the agent did nothing wrong and cannot fix it. */
const upstreamAuthCodes = new Set(['authentication_failed', 'permission_denied']);

/**
 * Presents a failure: a thrown error (gateway refusal, gateway failure, anything unexpected) or the
 * `error` of an `{ ok: false }` result. Rules:
 *
 * - HeyGen answering 401/403 to the account's key becomes `upstream_auth` (502): the agent's own token was
 *   fine, an operator must fix the account (a 401 would tell the agent its token is wrong);
 * - `rate_limited` is 429 with `Retry-After`; scope and budget denials keep their code on every surface;
 *   an unknown tool is 404;
 * - gateway-side failures (`audit_unavailable`, the store, `internal_error`, any non-heygate error) are 5xx,
 *   never 4xx; their message is heygate's own — an unexpected error's message is not passed on;
 * - other HeyGen answers keep their status (4xx), HeyGen 5xx is 502.
 */
export function presentError(failure: unknown): PresentedError {
  const data: ToolErrorData = isToolErrorData(failure) ? { ...failure } : toToolError(failure);
  if (upstreamAuthCodes.has(data.code) || (data.status === 401 && data.code !== 'unauthenticated')) {
    data.code = 'upstream_auth';
    data.retryable = false;
    data.hint =
      'HeyGen refused the key of the account this call used; an operator must check it (heygate accounts list). Your own token is fine.';
  }
  const rule = ruleOf(data, HeyGateError.isInstance(failure) || !isToolErrorData(failure));
  const presented: PresentedError = { error: data, ...rule };
  if (data.retry_after_ms !== undefined && data.retry_after_ms >= 0) {
    presented.retryAfterSeconds = Math.max(1, Math.ceil(data.retry_after_ms / 1000));
  } else if (rule.status === 429) {
    presented.retryAfterSeconds = 1;
  }
  return presented;
}

function ruleOf(data: ToolErrorData, thrown: boolean): Rule {
  const known = rules[data.code];
  if (known) return known;
  if (data.status === 429) return rules.rate_limited!;
  if (data.status !== undefined && data.status >= 500) return upstream(502);
  if (data.status === 403) return agent(403, exitCodeOf.auth);
  if (data.status !== undefined && data.status >= 400) return agent(data.status);
  // A thrown error with a code nobody mapped is the gateway's problem; a returned one is the tool's answer.
  return thrown ? gateway(500) : agent(422);
}

function isToolErrorData(value: unknown): value is ToolErrorData {
  return (
    typeof value === 'object' &&
    value !== null &&
    !(value instanceof Error) &&
    typeof (value as ToolErrorData).code === 'string' &&
    typeof (value as ToolErrorData).message === 'string'
  );
}
