import type { Access, ToolDefinition } from '../../catalog/define-tool.ts';

/** Narrows a tool list the way an operator configures a surface (`--areas`, `--access`). */
export interface ToolFilter {
  /** Keep only tools of these areas (e.g. `videos`, `avatars`). Empty or absent: every area. */
  areas?: readonly string[];
  /**
   * The most powerful access class to expose: `read` keeps read tools; `write` keeps read and write;
   * `destructive` (or absent) keeps everything. A ceiling, because "read-only agent" is the common ask.
   */
  access?: Access;
}

const rank: Record<Access, number> = { read: 0, write: 1, destructive: 2 };

/** The tools that pass `filter`, in their original order. */
export function filterTools(tools: readonly ToolDefinition[], filter: ToolFilter = {}): ToolDefinition[] {
  const areas = filter.areas && filter.areas.length > 0 ? new Set(filter.areas) : undefined;
  const ceiling = rank[filter.access ?? 'destructive'];
  return tools.filter((tool) => (!areas || areas.has(tool.area)) && rank[tool.access] <= ceiling);
}
