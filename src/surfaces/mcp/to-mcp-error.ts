import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { HeyGateError } from '../../catalog/errors.ts';
import { presentError } from '../internal/present-error.ts';

/**
 * Maps an error thrown by the gateway to an MCP protocol error (DESIGN.md "Errors", kind 2), through the one
 * presenter (`presentError`), so the code in `data` is the one every surface shows: an unknown tool is
 * `InvalidParams` (as the MCP spec asks); a refusal — bad or revoked persona token, denied scope, exhausted
 * budget — is `InvalidRequest`; a gateway-side failure (audit log, store) is `InternalError` with heygate's
 * own message and code. Anything that is not a heygate error is an internal error whose message is not passed
 * on, so nothing unexpected (a key, a token) can leak to the client. Aborts are re-thrown unchanged: the SDK
 * sends no response to a cancelled request.
 */
export function toMcpError(error: unknown): unknown {
  if (error instanceof McpError) return error;
  if (error instanceof Error && error.name === 'AbortError') return error;
  if (!HeyGateError.isInstance(error)) {
    return new McpError(ErrorCode.InternalError, 'Internal error in heygate while handling the call.');
  }
  const presented = presentError(error);
  const { code, hint, retry_after_ms: retryAfterMs } = presented.error;
  const data = {
    code,
    ...(hint === undefined ? {} : { hint }),
    ...(retryAfterMs === undefined ? {} : { retry_after_ms: retryAfterMs }),
  };
  const mcpCode =
    presented.side !== 'agent'
      ? ErrorCode.InternalError
      : code === 'unknown_tool'
        ? ErrorCode.InvalidParams
        : ErrorCode.InvalidRequest;
  return new McpError(mcpCode, presented.error.message, data);
}
