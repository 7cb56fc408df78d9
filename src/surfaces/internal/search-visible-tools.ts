import { createToolSearch } from '../../catalog/create-tool-search.ts';
import type { ToolDefinition } from '../../catalog/define-tool.ts';
import { filterTools, type ToolFilter } from './filter-tools.ts';

type Search = (query: string, limit?: number) => ToolDefinition[];

/** One search index per visible-tools list (the bare executor returns the same catalog array every time). */
const indexes = new WeakMap<readonly ToolDefinition[], Search>();

/**
 * Ranks the tools a caller may use by intent, with the catalog's search (`heygate tools search` ranks the
 * same way), then applies the operator's filter.
 */
export function searchVisibleTools(
  visible: readonly ToolDefinition[],
  query: string,
  limit: number,
  filter?: ToolFilter,
): ToolDefinition[] {
  let search = indexes.get(visible);
  if (!search) {
    search = createToolSearch(visible);
    indexes.set(visible, search);
  }
  return filterTools(search(query, visible.length), filter).slice(0, limit);
}
