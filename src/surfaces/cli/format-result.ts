/**
 * The readable form of a tool result, for `heygate call` on a terminal: one `key  value` line per scalar
 * (nested objects as dotted keys), ids and status first, lists as a short table. Scripts use `--json`, which
 * prints the result as is; this form leaves things out (nulls, deep nesting, rows past the first 20).
 */

const maxRows = 20;
const maxDepth = 3;
const maxColumns = 4;
const maxCell = 60;

type Row = [key: string, value: string];

/** True for keys read first: ids and status. */
function isLeading(key: string): boolean {
  const leaf = key.split('.').at(-1) ?? key;
  return leaf === 'id' || leaf.endsWith('_id') || leaf === 'status';
}

function scalar(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function clip(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

/** Columns of a table of objects: ids first, then name/title/status, then other scalars, at most four. */
function columnsOf(items: readonly Record<string, unknown>[]): string[] {
  const keys: string[] = [];
  for (const item of items.slice(0, maxRows))
    for (const [key, value] of Object.entries(item))
      if (scalar(value) !== undefined && !keys.includes(key)) keys.push(key);
  // The row's own id first: `id`, then ids that differ per row (a shared group_id says little per row).
  const shown = items.slice(0, maxRows);
  const unique = (key: string) => new Set(shown.map((item) => scalar(item[key]))).size === shown.length;
  const rank = (key: string) =>
    key === 'id'
      ? 0
      : key.endsWith('_id') && unique(key)
        ? 1
        : ['name', 'title', 'status'].includes(key)
          ? 2
          : key.endsWith('url')
            ? 4
            : 3;
  return keys.sort((a, b) => rank(a) - rank(b)).slice(0, maxColumns);
}

function table(items: readonly Record<string, unknown>[], indent: string): string[] {
  const columns = columnsOf(items);
  if (columns.length === 0) return [];
  const rows = [
    columns.map((column) => column.toUpperCase()),
    ...items
      .slice(0, maxRows)
      .map((item) => columns.map((column) => clip(scalar(item[column]) ?? '-', maxCell))),
  ];
  const widths = columns.map((_, index) => Math.max(...rows.map((row) => row[index]!.length)));
  const lines = rows.map(
    (row) =>
      indent +
      row
        .map((cell, index) => cell.padEnd(widths[index]!))
        .join('  ')
        .trimEnd(),
  );
  if (items.length > maxRows) lines.push(`${indent}… ${items.length - maxRows} more`);
  return lines;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Collects the scalar rows and the lists of an object, depth first. */
function walk(
  value: Record<string, unknown>,
  prefix: string,
  depth: number,
  rows: Row[],
  lists: string[],
): void {
  for (const [key, child] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    const text = scalar(child);
    // HeyGen's timestamps are Unix seconds; read as a date.
    if (typeof child === 'number' && key.endsWith('_at') && child > 1e9 && child < 1e11)
      rows.push([path, new Date(child * 1000).toISOString()]);
    else if (text !== undefined) rows.push([path, text]);
    else if (Array.isArray(child)) {
      if (child.length === 0) rows.push([path, '(none)']);
      else if (child.every((item) => scalar(item) !== undefined))
        rows.push([path, clip(child.map((item) => scalar(item)).join(', '), 200)]);
      else if (child.every(isRecord)) {
        lists.push(`${path}: ${child.length} item${child.length === 1 ? '' : 's'}`, ...table(child, '  '));
      } else rows.push([path, `${child.length} items`]);
    } else if (isRecord(child) && depth < maxDepth) walk(child, path, depth + 1, rows, lists);
  }
}

/** Formats a tool result for reading on a terminal (see the file comment). Ends with a newline. */
export function formatResult(data: unknown): string {
  if (Array.isArray(data) && data.every(isRecord)) return data.map((item) => formatResult(item)).join('\n');
  const text = scalar(data);
  if (text !== undefined) return `${text}\n`;
  if (!isRecord(data)) return `${JSON.stringify(data, null, 2)}\n`;
  const rows: Row[] = [];
  const lists: string[] = [];
  walk(data, '', 1, rows, lists);
  rows.sort((a, b) => Number(isLeading(b[0])) - Number(isLeading(a[0])));
  const width = Math.min(32, Math.max(0, ...rows.map(([key]) => key.length)));
  const lines = rows.map(([key, value]) => `${key.padEnd(width)}  ${value}`);
  if (lines.length > 0 && lists.length > 0) lines.push('');
  lines.push(...lists);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '(empty result)\n';
}
