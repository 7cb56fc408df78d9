import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { HeyGateError } from '../../catalog/errors.ts';

/**
 * Maps an error thrown by the gateway to an MCP protocol error (DESIGN.md "Errors", kind 2): an unknown
 * tool is `InvalidParams` (as the MCP spec asks for unknown tools); a refusal — bad or revoked persona
 * token, denied scope, exhausted budget — is `InvalidRequest` carrying the heygate `code` and `hint` in
 * `data`. Anything else is an internal error whose message is not passed on, so nothing unexpected (a
 * key, a token) can leak to the client. Aborts are re-thrown unchanged: the SDK sends no response to a
 * cancelled request.
 */
export function toMcpError(error: unknown): unknown {
  if (error instanceof McpError) return error;
  if (error instanceof Error && error.name === 'AbortError') return error;
  if (HeyGateError.isInstance(error)) {
    const data = { code: error.code, ...(error.hint === undefined ? {} : { hint: error.hint }) };
    const code = error.code === 'unknown_tool' ? ErrorCode.InvalidParams : ErrorCode.InvalidRequest;
    return new McpError(code, error.message, data);
  }
  return new McpError(ErrorCode.InternalError, 'Internal error in heygate while handling the call.');
}
