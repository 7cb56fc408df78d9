import { HeyGateError, InvalidInputError } from '../catalog/errors.ts';
import type { ToolErrorData } from './types.ts';

/**
 * Turns an error thrown while executing a tool into the data an agent sees (DESIGN.md "Errors", kind 1):
 * `code`, `message`, `retryable`, `retry_after_ms`, `hint`, plus `field`/`status`/`request_id` when known.
 * Errors that are not heygate errors become `internal_error` without their message (it may hold anything).
 */
export function toToolError(error: unknown, account?: string): ToolErrorData {
  if (!HeyGateError.isInstance(error)) {
    return {
      code: 'internal_error',
      message: 'heygate failed while executing the tool; see the gateway logs.',
      retryable: false,
      ...(account === undefined ? {} : { account }),
    };
  }
  const details = error as HeyGateError & {
    status?: number;
    requestId?: string;
    param?: string;
    field?: string;
  };
  const field = error instanceof InvalidInputError ? error.field : (details.param ?? details.field);
  const data: ToolErrorData = { code: error.code, message: error.message, retryable: error.retryable };
  if (error.retryAfterMs !== undefined) data.retry_after_ms = error.retryAfterMs;
  if (error.hint !== undefined) data.hint = error.hint;
  if (field !== undefined && field !== null) data.field = field;
  if (typeof details.status === 'number') data.status = details.status;
  if (typeof details.requestId === 'string') data.request_id = details.requestId;
  if (account !== undefined) data.account = account;
  return data;
}
