import type { ToolDefinition } from '../catalog/define-tool.ts';
import { HeyGateError, InvalidInputError } from '../catalog/errors.ts';
import { idHint } from '../catalog/lead-description.ts';
import type { ToolErrorData } from './types.ts';

/**
 * Turns an error thrown while executing a tool into the data an agent sees (DESIGN.md "Errors", kind 1):
 * `code`, `message`, `retryable`, `retry_after_ms`, `hint`, plus `field`/`status`/`request_id` when known.
 * Errors that are not heygate errors become `internal_error` without their message (it may hold anything).
 * With the `tool`, an id HeyGen did not accept gets a hint naming the tools that list valid ones.
 */
export function toToolError(error: unknown, account?: string, tool?: ToolDefinition): ToolErrorData {
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
  // An id HeyGen did not know: name the heygate tools that give a valid one (HeyGen's text names HTTP paths).
  if (tool && (error.code === 'not_found' || (error.code === 'bad_request' && typeof field === 'string'))) {
    const hint = idHint(tool, error.code === 'not_found' ? (field ?? undefined) : (field as string));
    if (hint) data.hint = hint;
  }
  if (field !== undefined && field !== null) data.field = field;
  if (typeof details.status === 'number') data.status = details.status;
  if (typeof details.requestId === 'string') data.request_id = details.requestId;
  if (account !== undefined) data.account = account;
  return data;
}
