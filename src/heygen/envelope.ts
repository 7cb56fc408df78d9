import type { Envelope } from '../catalog/define-tool.ts';
import { describeBody } from './describe-body.ts';
import { HeyGenApiError, InvalidResponseError } from './errors.ts';
import { readRequestId } from './read-request-id.ts';

/** One HTTP answer from HeyGen, body still as text. */
export interface UnwrapEnvelopeInput {
  /** The envelope the endpoint documents (`tool.endpoint.envelope`). */
  envelope: Envelope;
  /** HTTP status. */
  status: number;
  /** Response headers (request id, Retry-After, content type). */
  headers: Headers;
  /** Raw response body. */
  body: string;
  /** True for list tools: v3 answers keep `has_more`/`next_token` next to `data`. */
  paginated?: boolean;
  /** Catalog tool the call was for (error messages). */
  tool?: string;
  /** Current time in ms (injectable clock), for `Retry-After` dates. */
  now?: number;
  /** Strings that must not appear in error messages (the API key). */
  secrets?: readonly (string | undefined)[];
}

/**
 * Turns a HeyGen answer into the call's data or a typed error.
 *
 * - v1: `{code: 100, data, msg, message}`; any other `code` is an error even on HTTP 200 (e.g.
 *   `{"code":40104,"message":"Video not found"}`), mapped to the status it means (40104 and 400131 → 404).
 * - v2: `{error: null, data}` / `{data: null, error: {code, message}}`; some /v2 deletes answer v1-style, so a
 *   numeric `code` is checked on v2 too.
 * - v3: `{data}` (lists add `has_more` and `next_token`) / `{error: {code, message, param, doc_url}}` with a
 *   4xx/5xx status.
 *
 * Success data: the envelope's `data`. v3 list answers return `{ data, has_more, next_token }` so the cursor
 * is not lost; legacy lists already carry their cursor inside `data` (`data.token`). HTTP 204 gives `null`.
 * A success status with an empty, HTML or malformed body throws `InvalidResponseError`; an error status with
 * such a body throws the `HeyGenApiError` subclass for the status, its message describing what came back.
 */
export function unwrapEnvelope(input: UnwrapEnvelopeInput): unknown {
  const { status, headers, body } = input;
  const context = {
    tool: input.tool,
    now: input.now,
    secrets: input.secrets,
    contentType: headers.get('content-type'),
  };
  if (body.trim() === '') {
    if (status === 204 || status === 205) return null;
    if (status >= 400) throw HeyGenApiError.from(status, body, headers, context);
    throw invalidResponse(input, describeBody(body, context.contentType, input.secrets));
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    if (status >= 400) throw HeyGenApiError.from(status, body, headers, context);
    throw invalidResponse(input, describeBody(body, context.contentType, input.secrets));
  }

  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    if (status >= 400) throw HeyGenApiError.from(status, parsed, headers, context);
    const shape = Array.isArray(parsed) ? 'a JSON array' : `the JSON value ${JSON.stringify(parsed)}`;
    throw invalidResponse(input, `${shape} instead of a ${input.envelope} envelope object`);
  }

  const record = parsed as Record<string, unknown>;
  const failure = readFailure(input.envelope, record, status);
  if (failure || status >= 400) {
    const effective =
      status < 400 || (status === 400 && failure)
        ? statusForHeyGenCode(failure?.code, failure?.message, status)
        : status;
    throw HeyGenApiError.from(effective, record, headers, { ...context, httpStatus: status });
  }

  if (input.envelope === 'v3') {
    const isPage = input.paginated === true || 'has_more' in record || 'next_token' in record;
    if (isPage) {
      const { error: _error, ...page } = record;
      return page;
    }
  }
  if ('data' in record) return record['data'];
  // Tolerate answers without a `data` key: hand back the body minus the envelope's bookkeeping fields.
  const { code: _code, error: _error, msg: _msg, message: _message, ...rest } = record;
  return rest;
}

interface Failure {
  code: string | number | undefined;
  message: string | undefined;
}

/** Finds an error in an envelope, even inside HTTP 200 (HeyGen's v1/v2 do that). */
function readFailure(
  envelope: Envelope,
  record: Record<string, unknown>,
  status: number,
): Failure | undefined {
  const error = record['error'];
  if (error !== null && error !== undefined && error !== '' && error !== false) {
    if (typeof error === 'object' && !Array.isArray(error)) {
      const inner = error as Record<string, unknown>;
      return { code: codeOf(inner['code']), message: messageOf(inner['message']) };
    }
    return { code: undefined, message: messageOf(error) };
  }
  const code = codeOf(record['code']);
  // v1 success is code 100. Only v1 and v2 (some /v2 deletes answer v1-style) put a status code at the top
  // level; on v3 a top-level `code` means something only on an error status (legacy 429 `{code: 429}`).
  const checksCode = envelope !== 'v3' || status >= 400;
  if (checksCode && code !== undefined && String(code) !== '100') {
    return { code, message: messageOf(record['message']) ?? messageOf(record['msg']) };
  }
  return undefined;
}

function codeOf(value: unknown): string | number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  return undefined;
}

function messageOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/**
 * v1 numeric codes whose meaning is documented. HeyGen's v1 codes do not follow the HTTP status in their
 * digits (40104 is "video not found", not a 401), so only documented ones are mapped by number.
 */
const v1Codes: Readonly<Record<string, number>> = {
  '40104': 404, // video not found (GET /v1/video_status.get, DELETE /v1/video.delete)
  '400131': 404, // webhook endpoint not found (/v1/webhook/endpoint.update, .delete)
  '400542': 400, // webhook endpoint URL invalid
};

/** v2/v3 string codes and the HTTP status they stand for (codes seen in HeyGen's 2026-04 OpenAPI and docs). */
const stringCodes: Readonly<Record<string, number>> = {
  invalid_parameter: 400,
  invalid_request: 400,
  bad_request: 400,
  authentication_failed: 401,
  unauthorized: 401,
  invalid_api_key: 401,
  insufficient_credit: 402,
  insufficient_credits: 402,
  insufficient_balance: 402,
  payment_required: 402,
  forbidden: 403,
  permission_denied: 403,
  not_found: 404,
  request_in_progress: 409,
  conflict: 409,
  payload_too_large: 413,
  file_too_large: 413,
  rate_limit_exceeded: 429,
  too_many_requests: 429,
  internal_error: 500,
  internal_server_error: 500,
  service_unavailable: 503,
};

/**
 * The HTTP status an error code inside an envelope stands for. Unknown codes fall back to what the message
 * says ("not found", "rate limit", …) and then to the HTTP status (or 400 when HeyGen said 200).
 */
function statusForHeyGenCode(
  code: string | number | undefined,
  message: string | undefined,
  httpStatus: number,
): number {
  if (code !== undefined) {
    const key = String(code);
    const known = v1Codes[key] ?? stringCodes[key.toLowerCase()];
    if (known !== undefined) return known;
    if (/^[45]\d\d$/.test(key)) return Number(key); // v1 also uses plain HTTP statuses: `{code: 429}`, `{code: 401}`.
    if (/_not_found$/i.test(key)) return 404;
  }
  const text = message ?? '';
  if (/not found|does not exist|no such/i.test(text)) return 404;
  if (/unauthori[sz]ed|api key|authentication/i.test(text)) return 401;
  if (/too many requests|rate limit/i.test(text)) return 429;
  if (/insufficient (credit|quota|balance)|not enough credit/i.test(text)) return 402;
  if (/forbidden|permission/i.test(text)) return 403;
  return httpStatus >= 400 ? httpStatus : 400;
}

function invalidResponse(input: UnwrapEnvelopeInput, what: string): InvalidResponseError {
  const where = input.tool ? ` for ${input.tool}` : '';
  return new InvalidResponseError(`HeyGen answered HTTP ${input.status}${where} with ${what}`, {
    status: input.status,
    requestId: readRequestId(input.headers),
    tool: input.tool,
  });
}
