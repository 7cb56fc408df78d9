import type { Account, AssetRecord } from '../account.ts';
import { hashToUint32 } from '../create-random.ts';
import { EmulatorError } from '../emulator-error.ts';
import { mediaPrefix } from '../create-media-store.ts';
import type { HandlerContext, HandlerResult } from './handler-context.ts';

/** Unix seconds of a ms timestamp (v3 `created_at` integers are seconds). */
export function seconds(ms: number): number {
  return Math.floor(ms / 1000);
}

/** ISO 8601 text of a ms timestamp (webhook endpoints and events use strings). */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

interface PageToken {
  offset: number;
}

function decodeToken(token: string): PageToken {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown };
    if (typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0)
      return { offset: parsed.o };
  } catch {
    // fall through to the error below
  }
  throw EmulatorError.invalid(
    'token',
    'Invalid pagination token: pass the next_token of the previous page unchanged.',
  );
}

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

/**
 * One page of a v3 list: `limit` (clamped to `max`) items after the opaque `token`, with `has_more` and
 * `next_token` (null on the last page). HeyGen's v3 lists have no offset parameter.
 */
export function pageOf<T>(
  items: readonly T[],
  input: { limit?: number | null; token?: string | null },
  defaults: { limit: number; max: number },
): { items: T[]; hasMore: boolean; nextToken: string | null } {
  const offset = input.token ? decodeToken(input.token).offset : 0;
  const limit = Math.min(Math.max(1, input.limit ?? defaults.limit), defaults.max);
  const page = items.slice(offset, offset + limit);
  const hasMore = offset + limit < items.length;
  return { items: page, hasMore, nextToken: hasMore ? encodeToken(offset + limit) : null };
}

/** A v3 list answer: `{data: [...], has_more, next_token}`. */
export function v3List<T>(
  items: readonly T[],
  input: { limit?: number | null; token?: string | null },
  defaults: { limit: number; max: number },
): HandlerResult {
  const page = pageOf(items, input, defaults);
  return { data: page.items, extra: { has_more: page.hasMore, next_token: page.nextToken } };
}

/** Legacy cursor pagination (`limit` + `token`, next cursor in `data.token`, null at the end). */
export function legacyPage<T>(
  items: readonly T[],
  input: { limit?: number | null; token?: string | null },
  max = 100,
): { items: T[]; token: string | null } {
  const page = pageOf(items, input, { limit: max, max });
  return { items: page.items, token: page.nextToken };
}

/** Newest first, as HeyGen lists. */
export function newestFirst<T extends { createdAt: number }>(records: Iterable<T>): T[] {
  return [...records].sort((left, right) => right.createdAt - left.createdAt);
}

/** Splits a comma-separated id list (v3 `video_ids`, `batch_ids`, …); arrays pass through. */
export function idList(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => idList(item));
  if (typeof value !== 'string') return [];
  return value
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
}

/** A media source given to HeyGen: `{type:'url', url}`, `{type:'asset_id', asset_id}` or `{type:'base64', …}`. */
export interface ResolvedSource {
  kind: 'url' | 'asset' | 'base64';
  url: string | null;
  asset: AssetRecord | null;
  /** Length in seconds the emulator assumes for the source media. */
  duration: number;
}

/** Seconds a source video or audio is assumed to last: known emulator videos keep theirs, others 20–90 s by hash. */
function assumedDuration(context: HandlerContext, key: string): number {
  const match = new RegExp(`${mediaPrefix}videos/([0-9a-f]{32})`).exec(key);
  const known = match ? context.account.videos.get(match[1] as string) : undefined;
  if (known) return known.duration;
  return 20 + (hashToUint32(key) % 71);
}

/** Resolves and checks a source object; unknown asset ids are a 400 naming `param`. */
export function resolveSource(context: HandlerContext, value: unknown, param: string): ResolvedSource {
  const source = (value ?? {}) as { type?: string; url?: string; asset_id?: string; data?: string };
  if (source.asset_id !== undefined || source.type === 'asset_id') {
    const asset = context.account.assets.get(source.asset_id ?? '');
    if (!asset || asset.status === 'pending' || asset.status === 'failed') {
      throw EmulatorError.invalid(
        `${param}.asset_id`,
        `Asset not found or not ready: ${source.asset_id ?? ''}`,
      );
    }
    return { kind: 'asset', url: null, asset, duration: assumedDuration(context, asset.id) };
  }
  if (source.url !== undefined || source.type === 'url') {
    const url = source.url ?? '';
    if (!/^https?:\/\//i.test(url)) throw EmulatorError.invalid(`${param}.url`, 'Expected an http(s) URL.');
    return { kind: 'url', url, asset: null, duration: assumedDuration(context, url) };
  }
  if (source.data !== undefined || source.type === 'base64') {
    return { kind: 'base64', url: null, asset: null, duration: 15 };
  }
  throw EmulatorError.invalid(
    param,
    'Expected a source object {type: "url", url} or {type: "asset_id", asset_id}.',
  );
}

/** Looks up an account asset by id for an `*_asset_id` field (400 naming the field when missing). */
export function requireAsset(account: Account, id: string, param: string): AssetRecord {
  const asset = account.assets.get(id);
  if (!asset) throw EmulatorError.invalid(param, `Asset not found: ${id}`);
  return asset;
}

/** True when a request asks the emulator to make its job fail (for failure-path tests through any client). */
export function wantsFailure(context: HandlerContext, ...texts: unknown[]): boolean {
  return (
    context.forceFailure || texts.some((text) => typeof text === 'string' && text.includes('#emulator-fail'))
  );
}

/**
 * A view without fields the endpoint's answer does not have in HeyGen's spec (views are shared between
 * endpoints whose answers differ: a video's `callback_id` is in `GET /v3/videos/{id}`, not in the list).
 */
export function withoutFields(view: Record<string, unknown>, ...fields: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(view).filter(([key]) => !fields.includes(key)));
}

/** A string field or null. */
export function text(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}
