import type { ToolDefinition } from '../../catalog/define-tool.ts';
import { catalog } from '../../catalog/index.ts';

let byKind: Map<string, string> | undefined;

/** The name of the `*_wait` tool that waits for the job `tool` starts (`video_create` → `video_wait`). */
export function waitToolFor(tool: ToolDefinition): string | undefined {
  if (!tool.job) return undefined;
  byKind ??= new Map(
    catalog.flatMap((candidate) =>
      candidate.implementation.kind === 'wait'
        ? [[candidate.implementation.job.kind, candidate.name] as const]
        : [],
    ),
  );
  return byKind.get(tool.job.kind);
}
