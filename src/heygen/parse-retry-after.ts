/**
 * Parses a `Retry-After` header into milliseconds from `now`.
 *
 * HeyGen's 2026-04 OpenAPI documents `Retry-After` on every 429 as an integer number of seconds; RFC 9110
 * also allows an HTTP date, which proxies and CDNs in front of HeyGen may send. Returns `undefined` for a
 * missing or unreadable header; a date in the past gives 0.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
