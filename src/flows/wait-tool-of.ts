import type { ToolDefinition } from '../catalog/define-tool.ts';

/**
 * The `<kind>_wait` tool that waits for the job `tool` starts (`video_create` → `video_wait`), from the given
 * tools; undefined for tools that start no job. Flow steps wait through it so a wait is its own audited,
 * resumable call (ADR 0035).
 */
export function waitToolOf(
  tool: ToolDefinition,
  tools: readonly ToolDefinition[],
): ToolDefinition | undefined {
  const kind = tool.job?.kind;
  if (!kind) return undefined;
  return tools.find(
    (candidate) => candidate.implementation.kind === 'wait' && candidate.implementation.job.kind === kind,
  );
}
