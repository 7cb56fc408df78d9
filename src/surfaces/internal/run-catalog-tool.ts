import type { ToolDefinition } from '../../catalog/define-tool.ts';
import { InvalidInputError } from '../../catalog/errors.ts';
import type { Executor, Surface } from '../../gateway/types.ts';
import { presentError } from './present-error.ts';
import { readToolArguments } from './read-tool-arguments.ts';
import { decodeToolArguments } from './schema-dialect.ts';
import { sizeResult, takeToolResultSizing } from './size-result.ts';
import type { SurfaceRouting, SurfaceToolContext, SurfaceToolOutcome } from './surface-tool.ts';
import { toExecuteRequest } from './to-execute-request.ts';

/**
 * Runs one catalog tool for an agent surface (MCP, AI SDK, OpenAI, compact `call_tool`) through the single
 * `execute()` seam: the arguments, mapped back from the schema dialect they were published in, become a request envelope (`readToolArguments`), the envelope an
 * `ExecuteRequest` (`toExecuteRequest`), and a failed result is presented (`presentError`) so its code reads
 * the same on every surface. A successful result is sized for a context window (`sizeResult`: at most
 * ~4,000 tokens unless the agent asks for `full: true`, with a `_truncated` marker and cursor when cut). Gateway refusals (unknown tool, bad persona token, denied scope) are thrown by
 * the executor and left to the surface to map; an input error thrown instead of returned is still treated as
 * the agent's to fix.
 */
export async function runCatalogTool(
  executor: Executor,
  surface: Surface,
  tool: ToolDefinition,
  args: unknown,
  context: SurfaceToolContext,
): Promise<SurfaceToolOutcome> {
  try {
    // Arguments shaped for a schema dialect (null optionals, JSON-encoded values, flattened unions) are mapped
    // back first, so the one validation below sees what the catalog's schema expects.
    const decoded = decodeToolArguments(tool, args, context.dialect);
    // `full`, `fields` and `result_cursor` size the result (size-result.ts); a tool's own field of that name wins.
    const { sizing, args: toolArgs } = takeToolResultSizing(tool, decoded);
    const envelope = readToolArguments(tool, toolArgs, surface);
    const result = await executor.execute(
      toExecuteRequest(envelope, {
        tool: tool.name,
        surface,
        caller: context.caller,
        signal: context.signal,
        onProgress: context.onProgress,
        defaults: {
          account: context.account,
          maxWaitMs: context.defaultMaxWaitMs,
          prompt: context.prompt,
          user: context.user,
        },
      }),
    );
    const routing: SurfaceRouting | undefined =
      result.account === undefined
        ? undefined
        : {
            account: result.account,
            ...(result.fallbackFrom ? { fallback_from: result.fallbackFrom } : {}),
            ...(result.routing?.replayed ? { replayed: true } : {}),
            ...(result.routing?.reconciled ? { reconciled: true } : {}),
          };
    const outcome: SurfaceToolOutcome = result.ok
      ? { ok: true, data: sizeResult(result.data, sizing) }
      : { ok: false, error: presentError(result.error).error };
    if (result.warnings?.length) outcome.warnings = result.warnings;
    return routing ? { ...outcome, routing } : outcome;
  } catch (error) {
    if (error instanceof InvalidInputError || (error as { code?: unknown })?.code === 'invalid_input') {
      return { ok: false, error: presentError(error).error };
    }
    throw error;
  }
}
