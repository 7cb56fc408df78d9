import { HeyGateError, InvalidInputError } from '../../catalog/errors.ts';
import type { ToolErrorData } from '../../gateway/types.ts';

/**
 * Turns a thrown error into the data an agent can act on (DESIGN.md "Errors": code, message, retryable,
 * retry_after_ms, hint). Used for errors that are the agent's to recover from — input errors and failures
 * of surface-level tools such as `execute_lua`; gateway refusals are mapped to protocol errors instead.
 */
export function toolErrorData(error: unknown): ToolErrorData {
  if (HeyGateError.isInstance(error)) {
    const data: ToolErrorData = { code: error.code, message: error.message, retryable: error.retryable };
    if (error.retryAfterMs !== undefined) data.retry_after_ms = error.retryAfterMs;
    if (error.hint !== undefined) data.hint = error.hint;
    const field = error instanceof InvalidInputError ? error.field : (error as { field?: unknown }).field;
    if (typeof field === 'string') data.field = field;
    return data;
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'tool_error', message, retryable: false };
}
