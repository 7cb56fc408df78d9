import type { ToolDefinition } from '../../catalog/define-tool.ts';
import { InvalidInputError } from '../../catalog/errors.ts';
import type { Executor, Surface } from '../../gateway/types.ts';
import { splitMaxWaitArgument } from './split-max-wait-argument.ts';
import { splitWaitArgument } from './split-wait-argument.ts';
import type { SurfaceRouting, SurfaceToolContext, SurfaceToolOutcome } from './surface-tool.ts';
import { toolErrorData } from './tool-error-data.ts';

/**
 * Runs one catalog tool for a surface through the single `execute()` seam: takes the surface-level `wait`
 * flag (and, on MCP, the `max_wait_seconds` budget its schema adds) out of the arguments, passes caller, cancellation, progress and audit fields, and returns the
 * result as data or a tool error. Gateway refusals (unknown tool, bad persona token, denied scope) are
 * thrown by the executor and left to the surface to map; an input error thrown instead of returned is
 * still treated as the agent's to fix.
 */
export async function runCatalogTool(
  executor: Executor,
  surface: Surface,
  tool: ToolDefinition,
  args: unknown,
  context: SurfaceToolContext,
): Promise<SurfaceToolOutcome> {
  // Only MCP takes `max_wait_seconds` (announced in its instructions and describe_tool); elsewhere it stays
  // an unknown input field.
  const budget = surface === 'mcp' ? splitMaxWaitArgument(tool, args) : { input: args };
  if (budget.error) return { ok: false, error: budget.error };
  const split = splitWaitArgument(tool, budget.input);
  if (split.error) return { ok: false, error: split.error };
  try {
    const result = await executor.execute({
      tool: tool.name,
      input: split.input,
      surface,
      personaToken: context.caller.personaToken,
      personaId: context.caller.personaId,
      prompt: context.prompt,
      user: context.user,
      account: context.account,
      signal: context.signal,
      onProgress: context.onProgress,
      wait: split.wait ? true : undefined,
      ...((budget.maxWaitMs ?? context.defaultMaxWaitMs) === undefined
        ? {}
        : { maxWaitMs: budget.maxWaitMs ?? context.defaultMaxWaitMs }),
    });
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
      ? { ok: true, data: result.data }
      : { ok: false, error: result.error };
    if (result.warnings?.length) outcome.warnings = result.warnings;
    return routing ? { ...outcome, routing } : outcome;
  } catch (error) {
    if (error instanceof InvalidInputError || (error as { code?: unknown })?.code === 'invalid_input') {
      return { ok: false, error: toolErrorData(error) };
    }
    throw error;
  }
}
