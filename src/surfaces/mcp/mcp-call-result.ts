import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { isJsonObject } from '../internal/json-schema.ts';
import type { SurfaceToolOutcome } from '../internal/surface-tool.ts';

/**
 * The MCP `tools/call` result of an outcome. Success: `structuredContent` is the result itself when it is an
 * object (or `{ result }` when it is not, or when the tool's output schema is a wrapper), with the same JSON
 * as text for clients that ignore structure. Failure: `isError: true` and
 * `structuredContent: { error: { code, message, retryable, retry_after_ms?, hint?, field?, … } }`.
 * The error sits under one `error` key rather than at the root so that it can never clash with a field
 * of the tool's own result, and it validates against the published (root-tolerant) output schema.
 * The account the call went to (and the one it fell back from) travels in `_meta["heygate/routing"]`, and
 * warnings about undocumented fields or values in HeyGen's answer in `_meta["heygate/warnings"]`: beside the
 * result rather than inside it.
 */
export function mcpCallResult(outcome: SurfaceToolOutcome, wrapped = false): CallToolResult {
  if (outcome.ok) {
    const data = outcome.data === undefined ? null : outcome.data;
    const structured = !wrapped && isJsonObject(data) ? data : { result: data };
    return {
      content: [{ type: 'text', text: JSON.stringify(structured) }],
      structuredContent: structured,
      ...routingMeta(outcome),
    };
  }
  const structured = { error: outcome.error };
  return {
    isError: true,
    content: [{ type: 'text', text: JSON.stringify(structured) }],
    structuredContent: structured,
    ...routingMeta(outcome),
  };
}

/** `_meta` carrying the routing decision and the output warnings, when the executor reported them. */
function routingMeta(outcome: SurfaceToolOutcome): { _meta?: Record<string, unknown> } {
  const meta: Record<string, unknown> = {};
  if (outcome.routing) meta['heygate/routing'] = outcome.routing;
  if (outcome.warnings?.length) meta['heygate/warnings'] = outcome.warnings;
  return Object.keys(meta).length > 0 ? { _meta: meta } : {};
}
