import type { ToolDefinition } from '../../catalog/define-tool.ts';

/** True for a tool that starts an asynchronous HeyGen job (not for the `*_wait` tools that wait for one). */
export function startsJob(tool: ToolDefinition): boolean {
  return tool.job !== undefined && tool.implementation.kind !== 'wait';
}
