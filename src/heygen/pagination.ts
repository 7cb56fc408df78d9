import type { ToolDefinition } from '../catalog/define-tool.ts';
import { AbortedError } from './errors.ts';

/** Options of `paginate`. */
export interface PaginateOptions {
  /** Most pages to fetch. Default 10: enough for most listings, bounded so an agent cannot drain an account. */
  maxPages?: number;
  /** Stops the iteration (and the page request in flight). */
  signal?: AbortSignal;
}

/** One page of a cursor-paged list. */
export interface Page {
  /** The page as the list tool returns it (v3: `{ data, has_more, next_token }`; legacy: `data`). */
  data: unknown;
  /** The page's items. */
  items: readonly unknown[];
  /** Cursor of the next page (`token` input), when there is one. */
  nextToken: string | undefined;
  /** True when HeyGen reports more pages. */
  hasMore: boolean;
  /** 1-based page number within this iteration. */
  pageNumber: number;
  /** HeyGen's request id for this page, when known. */
  requestId?: string;
}

/** What `paginate` needs from the client. */
export interface PageReader {
  /** Calls a list tool once. */
  call(
    tool: ToolDefinition,
    input: Record<string, unknown>,
    options: { signal?: AbortSignal },
  ): Promise<{ data: unknown; requestId?: string }>;
}

/**
 * Iterates the pages of a list tool, following HeyGen's cursors:
 * - v3: input `limit` + `token`, answer `has_more` + `next_token` (no `offset` anywhere in v3);
 * - legacy v1 (`/v1/video.list`, `/v1/asset/list`, `/v1/folders`, …): input `token`, next cursor in
 *   `data.token` (null or empty at the end); `/v2/streaming.list`'s `next_pagination_token` is read the same way.
 * Stops after `maxPages`, at the last page, or if HeyGen hands back the cursor it was given. List tools
 * themselves return one page and the cursor; only this iterator walks further, and only as far as asked.
 */
export async function* paginate(
  client: PageReader,
  tool: ToolDefinition,
  input: Record<string, unknown> = {},
  options: PaginateOptions = {},
): AsyncGenerator<Page, void, undefined> {
  const maxPages = Math.max(1, Math.floor(options.maxPages ?? 10));
  let token = typeof input['token'] === 'string' ? input['token'] : undefined;
  for (let pageNumber = 1; pageNumber <= maxPages; pageNumber++) {
    if (options.signal?.aborted) {
      throw new AbortedError(`Listing ${tool.name} was cancelled.`, {
        tool: tool.name,
        cause: options.signal.reason,
      });
    }
    const pageInput = token === undefined ? input : { ...input, token };
    const result = await client.call(tool, pageInput, { signal: options.signal });
    const cursor = readCursor(tool, result.data);
    const page: Page = { data: result.data, ...cursor, pageNumber };
    if (result.requestId !== undefined) page.requestId = result.requestId;
    yield page;
    if (!cursor.hasMore || cursor.nextToken === undefined || cursor.nextToken === token) return;
    token = cursor.nextToken;
  }
}

function readCursor(tool: ToolDefinition, data: unknown): Pick<Page, 'items' | 'nextToken' | 'hasMore'> {
  if (Array.isArray(data)) return { items: data, nextToken: undefined, hasMore: false };
  if (data === null || typeof data !== 'object') return { items: [], nextToken: undefined, hasMore: false };
  const record = data as Record<string, unknown>;
  if (tool.endpoint.envelope === 'v3' || 'next_token' in record || 'has_more' in record) {
    const nextToken = nonEmpty(record['next_token']);
    // Some v3 lists omit has_more; a cursor alone then means "more".
    const hasMore = typeof record['has_more'] === 'boolean' ? record['has_more'] : nextToken !== undefined;
    return { items: Array.isArray(record['data']) ? record['data'] : firstArray(record), nextToken, hasMore };
  }
  const nextToken = nonEmpty(record['token']) ?? nonEmpty(record['next_pagination_token']);
  return { items: firstArray(record), nextToken, hasMore: nextToken !== undefined };
}

/** Legacy lists name their items differently (`videos`, `assets`, `folders`, `list`…): take the first array. */
function firstArray(record: Record<string, unknown>): unknown[] {
  for (const value of Object.values(record)) if (Array.isArray(value)) return value;
  return [];
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
