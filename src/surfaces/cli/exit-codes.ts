import type { ToolErrorData } from '../../gateway/types.ts';

/**
 * Exit codes of the `heygate` command. Scripts rely on them to tell a bad invocation from a HeyGen refusal,
 * an auth problem, a timeout or a rate limit.
 */
export const exitCodes = {
  ok: 0,
  /** HeyGen (or a tool) answered with an error. */
  toolError: 1,
  /** Bad command line or invalid tool input; nothing was sent to HeyGen. */
  usage: 2,
  /**
   * HeyGen rejected the key (401/403), or the persona token is invalid, revoked or lacks the scope, or an OAuth
   * connection was declined or cannot be refreshed.
   */
  auth: 3,
  /** A request or a job wait timed out. */
  timeout: 4,
  /** Rate limited, and no other account could take the call. */
  rateLimited: 5,
} as const;

const authCodes = new Set([
  'unauthenticated',
  'scope_denied',
  'persona_revoked',
  'authentication_error',
  'permission_denied',
  'oauth_access_denied',
  'oauth_state_mismatch',
  'oauth_invalid_grant',
  'oauth_refresh_failed',
]);
const timeoutCodes = new Set(['timeout', 'wait_timeout']);
const rateCodes = new Set(['rate_limited', 'rate_limit_exceeded']);

/** Exit code for a failed tool call. */
export function exitCodeFor(error: Pick<ToolErrorData, 'code' | 'status'>): number {
  if (error.code === 'invalid_input' || error.code === 'unknown_tool') return exitCodes.usage;
  if (authCodes.has(error.code) || error.status === 401 || error.status === 403) return exitCodes.auth;
  if (timeoutCodes.has(error.code)) return exitCodes.timeout;
  if (rateCodes.has(error.code) || error.status === 429) return exitCodes.rateLimited;
  return exitCodes.toolError;
}
