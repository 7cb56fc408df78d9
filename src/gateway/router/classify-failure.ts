import type { ToolDefinition } from '../../catalog/define-tool.ts';
import type { HeyGateError } from '../../catalog/errors.ts';

/** What a failed HeyGen call means for routing. */
export type FailureClass =
  /** 429: HeyGen refused before doing anything; cool the (account, class) down and try elsewhere. */
  | { kind: 'rate_limited'; retryAfterMs?: number }
  /**
   * 5xx, timeout, reset, malformed answer: the account is failing (circuit breaker). `maybeDone` when the
   * request may have been processed anyway (everything but a refused connection).
   */
  | { kind: 'unavailable'; problem: string; maybeDone: boolean; retryAfterMs?: number }
  /** 401/402 or a removed account: this account cannot do it (key rejected, out of credits); another may. */
  | { kind: 'account'; problem: string }
  /** The caller cancelled. */
  | { kind: 'aborted' }
  /**
   * 409 `request_in_progress`: HeyGen is still running the first request with this Idempotency-Key (the client
   * already waited for it, within its bound). The job exists or is about to: re-ask later with the same key.
   */
  | { kind: 'in_progress'; retryAfterMs?: number }
  /** Any other refusal: the same request fails everywhere. `status`/`param` say which field HeyGen blamed. */
  | { kind: 'rejected'; status?: number; param?: string }
  /** Internal: a public-looking id was not found on a fallback account (it was private). */
  | { kind: 'public_id_not_found' };

/**
 * Classifies an error thrown by the HeyGen client (`src/heygen/errors.ts`) by its documented `code` and
 * HTTP `status`, not by class identity, so errors from another copy of the package classify the same.
 */
export function classifyFailure(error: HeyGateError, _tool?: ToolDefinition): FailureClass {
  const details = error as HeyGateError & { status?: number; param?: string; cause?: unknown };
  const status = typeof details.status === 'number' ? details.status : undefined;
  switch (error.code) {
    case 'rate_limited':
      return withRetryAfter({ kind: 'rate_limited' }, error.retryAfterMs);
    case 'aborted':
      return { kind: 'aborted' };
    case 'timeout':
      return { kind: 'unavailable', problem: 'timeout', maybeDone: true };
    case 'connection_error':
      return { kind: 'unavailable', problem: 'connection', maybeDone: !refused(details.cause) };
    case 'invalid_response':
      // A success status with a broken body: HeyGen most likely did the work.
      return { kind: 'unavailable', problem: 'invalid_response', maybeDone: true };
    case 'authentication_failed':
      return { kind: 'account', problem: 'http_401' };
    case 'insufficient_credits':
      return { kind: 'account', problem: 'http_402' };
    case 'conflict':
      if ((details as { heygenCode?: unknown }).heygenCode === 'request_in_progress')
        return withRetryAfter({ kind: 'in_progress' }, error.retryAfterMs);
      break;
    case 'unknown_account':
      // A persona's routing policy may name an account that was removed; the next one can still serve.
      return { kind: 'account', problem: 'unknown_account' };
    case 'oauth_not_accepted':
    case 'oauth_refresh_failed':
      // An OAuth account cannot serve a legacy endpoint, or its connection could not be refreshed: an API-key
      // account (or another connection) still can.
      return { kind: 'account', problem: error.code };
    default:
      break;
  }
  if (status === 429) return withRetryAfter({ kind: 'rate_limited' }, error.retryAfterMs);
  if (status !== undefined && status >= 500) {
    const failure: FailureClass = { kind: 'unavailable', problem: `http_${status}`, maybeDone: true };
    if (error.retryAfterMs !== undefined) failure.retryAfterMs = error.retryAfterMs;
    return failure;
  }
  const rejected: FailureClass = { kind: 'rejected' };
  if (status !== undefined) rejected.status = status;
  if (typeof details.param === 'string') rejected.param = details.param;
  return rejected;
}

function withRetryAfter<T extends { kind: 'rate_limited' | 'in_progress'; retryAfterMs?: number }>(
  failure: T,
  retryAfterMs: number | undefined,
): T {
  if (retryAfterMs !== undefined) failure.retryAfterMs = retryAfterMs;
  return failure;
}

/** True when the connection was refused: the request never left, so nothing can have been created. */
function refused(cause: unknown): boolean {
  let current: unknown = cause;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth += 1) {
    if ((current as { code?: unknown }).code === 'ECONNREFUSED') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
