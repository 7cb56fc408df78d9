import type { CompositeContext } from '../define-tool.ts';
import { readV3Page, type JsonObject } from './v3-result.ts';

/**
 * Page cap for compat tools whose legacy endpoint returned a whole list in one answer (v2 voices, avatar
 * groups, …): they read at most this many v3 pages per call and hand back `next_token` for the rest.
 */
export const drainMaxPages = 10;

/** What to read from a v3 cursor-paged list. */
export interface CollectPagesOptions {
  /** The v3 list tool, e.g. `video_list`. */
  tool: string;
  /** Input sent with every page (filters); `limit` and `token` are added here. */
  input?: JsonObject;
  /** Page size to ask for: the tool's maximum, so offset emulation and draining need the fewest calls. */
  pageSize: number;
  /** Hard cap on pages read in one call (protects the account's rate limit). */
  maxPages: number;
  /** Matching items to skip first: emulates `offset`, which v3 lists do not have. */
  skip?: number;
  /** Matching items to return after skipping; omitted = every item on the pages read. */
  take?: number;
  /** Keeps only matching items (client-side filters v3 lacks); applied before `skip`/`take`. */
  filter?: (item: JsonObject) => boolean;
  /** Cursor to start from (a `next_token` an earlier call returned). */
  token?: string;
}

/** A position in a filtered list: re-read the page at `token` (null = first page) and skip `skip` matches. */
export interface ResumePoint {
  token: string | null;
  skip: number;
}

/** The items collected across pages. */
export interface CollectedPages {
  items: JsonObject[];
  /** True when more matching items may follow the returned ones. */
  hasMore: boolean;
  /**
   * v3 cursor that continues exactly after the returned items, or null. Only set when the last page read was
   * used completely (a v3 cursor always points at a page boundary); see `resume` for the exact position.
   */
  nextToken: string | null;
  /** Where the next call continues when `hasMore` (also in the middle of a page), else null. */
  resume: ResumePoint | null;
  /** Number of v3 calls made. */
  pagesRead: number;
  /** True when `maxPages` stopped the walk before the list or `take` was exhausted. */
  truncated: boolean;
}

/**
 * Walks a v3 list page by page (`limit` + `token` → `has_more` + `next_token`) collecting items. v3 has no
 * `offset`, so skipping N items costs ceil((N + take) / pageSize) calls; tools that use this say so.
 */
export async function collectPages(
  context: CompositeContext,
  options: CollectPagesOptions,
): Promise<CollectedPages> {
  const skip = options.skip ?? 0;
  const take = options.take ?? Number.POSITIVE_INFINITY;
  const matches = options.filter ?? (() => true);
  const items: JsonObject[] = [];
  let skipped = 0;
  let token = options.token;
  let pagesRead = 0;
  for (;;) {
    if (context.signal?.aborted) throw context.signal.reason ?? new Error('aborted');
    const input: JsonObject = { ...options.input, limit: options.pageSize };
    if (token !== undefined) input.token = token;
    const page = readV3Page(await context.call(options.tool, input));
    pagesRead += 1;
    let matchedOnPage = 0;
    for (let index = 0; index < page.items.length; index += 1) {
      const item = page.items[index] as JsonObject;
      if (!matches(item)) continue;
      matchedOnPage += 1;
      if (skipped < skip) {
        skipped += 1;
        continue;
      }
      items.push(item);
      if (items.length >= take) {
        const restOfPage = page.items.slice(index + 1).some(matches);
        const hasMore = restOfPage || page.hasMore;
        const resume = restOfPage
          ? { token: token ?? null, skip: matchedOnPage }
          : page.hasMore && page.nextToken !== null
            ? { token: page.nextToken, skip: 0 }
            : null;
        return {
          items,
          hasMore: resume !== null && hasMore,
          nextToken: restOfPage ? null : page.nextToken,
          resume,
          pagesRead,
          truncated: false,
        };
      }
    }
    if (!page.hasMore || page.nextToken === null) {
      return { items, hasMore: false, nextToken: null, resume: null, pagesRead, truncated: false };
    }
    if (pagesRead >= options.maxPages) {
      return {
        items,
        hasMore: true,
        nextToken: page.nextToken,
        resume: { token: page.nextToken, skip: 0 },
        pagesRead,
        truncated: true,
      };
    }
    token = page.nextToken;
  }
}

/**
 * Encodes a resume point as one opaque `next_token` string for tools that filter v3 lists themselves (a v3
 * cursor alone cannot point into the middle of a page).
 */
export function encodeResumeToken(resume: ResumePoint): string {
  return `hg1.${Buffer.from(JSON.stringify([resume.token, resume.skip])).toString('base64url')}`;
}

/** Decodes `encodeResumeToken`; any other string is taken as a plain v3 cursor. */
export function decodeResumeToken(value: string): ResumePoint {
  if (value.startsWith('hg1.')) {
    try {
      const decoded: unknown = JSON.parse(Buffer.from(value.slice(4), 'base64url').toString('utf8'));
      if (
        Array.isArray(decoded) &&
        (typeof decoded[0] === 'string' || decoded[0] === null) &&
        Number.isInteger(decoded[1]) &&
        (decoded[1] as number) >= 0
      ) {
        return { token: decoded[0] as string | null, skip: decoded[1] as number };
      }
    } catch {
      // Not one of ours after all: fall through and treat it as a v3 cursor.
    }
  }
  return { token: value, skip: 0 };
}
