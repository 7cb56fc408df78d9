/**
 * Header names that carry a request id, most specific first. HeyGen's specs name none; the official
 * HeyGen CLI reads `X-Request-Id`, so that comes first, then names other API gateways and CDNs use.
 */
const requestIdHeaders = [
  'x-request-id',
  'x-heygen-request-id',
  'request-id',
  'x-amzn-requestid',
  'x-amz-request-id',
  'x-trace-id',
  'cf-ray',
] as const;

/** Reads HeyGen's request id from response headers (for support tickets and audit), when one is present. */
export function readRequestId(headers: Headers | undefined): string | undefined {
  if (!headers) return undefined;
  for (const name of requestIdHeaders) {
    const value = headers.get(name)?.trim();
    if (value) return value;
  }
  return undefined;
}
