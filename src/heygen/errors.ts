import { HeyGateError } from '../catalog/errors.ts';
import { describeBody } from './describe-body.ts';
import { parseRetryAfter } from './parse-retry-after.ts';
import { readRequestId } from './read-request-id.ts';
import { redactSecrets } from './redact-secrets.ts';

/**
 * Errors the HeyGen client throws. Every class extends `HeyGateError` and has a documented string `code`:
 *
 * | class                      | code                    | when                                                          |
 * |----------------------------|-------------------------|---------------------------------------------------------------|
 * | `HeyGenApiError`           | `heygen_api_error`      | HeyGen refused the call with a status no subclass covers      |
 * | `BadRequestError`          | `bad_request`           | 400/422: HeyGen rejected the input (`param` names the field)  |
 * | `AuthenticationError`      | `authentication_failed` | 401: the API key was rejected                                 |
 * | `InsufficientCreditsError` | `insufficient_credits`  | 402: not enough credits for the operation                     |
 * | `PermissionDeniedError`    | `permission_denied`     | 403: the key may not use the endpoint (plan, feature)         |
 * | `NotFoundError`            | `not_found`             | 404, and v1/v2 "not found" codes inside HTTP 200 (40104, …)   |
 * | `ConflictError`            | `conflict`              | 409, e.g. `request_in_progress` for a reused Idempotency-Key  |
 * | `GoneError`                | `gone`                  | 410: the resource takes no more calls (realtime text after    |
 * |                            |                         | `final`); `endpoint_sunset` when HeyGen retired the endpoint  |
 * | `PayloadTooLargeError`     | `payload_too_large`     | 413: upload above the endpoint's limit (v3 assets: 32 MB)     |
 * | `RateLimitError`           | `rate_limited`          | 429 (`retryAfterMs` from `Retry-After` when sent)             |
 * | `InternalServerError`      | `server_error`          | 5xx                                                           |
 * | `HeyGenConnectionError`    | `connection_error`      | connection reset/refused, DNS failure: no HTTP answer         |
 * | `HeyGenTimeoutError`       | `timeout`               | no answer within the call's timeout                           |
 * | `InvalidResponseError`     | `invalid_response`      | a success status with malformed JSON, HTML, or an empty body  |
 * | `JobFailedError`           | `job_failed`            | a waited-for job ended in a failure state                     |
 * | `WaitTimeoutError`         | `wait_timeout`          | a job did not finish within the wait's timeout                |
 * | `EndpointSunsetError`      | `endpoint_sunset`       | a retired v1/v2 endpoint; refused before sending (operator    |
 * |                            |                         | switch `HEYGATE_LEGACY_CALLS=send` sends it anyway)           |
 * | `AbortedError`             | `aborted`               | the caller cancelled (AbortSignal)                            |
 *
 * Messages quote what HeyGen said (truncated, secrets removed) and never contain the API key.
 */

/** Options common to every error the HeyGen client raises. */
export interface HeyGenClientErrorOptions {
  /** Stable machine-readable code (see the table above). */
  code: string;
  /** True when the same call may succeed later without changes. */
  retryable?: boolean;
  /** How long to wait before retrying, when known. */
  retryAfterMs?: number;
  /** A short suggestion for the agent or operator. */
  hint?: string;
  /** Catalog tool the call was for, when known. */
  tool?: string;
  /** The underlying error (network error, abort reason). */
  cause?: unknown;
}

/** The common base of the HeyGen client's errors: knows the tool and how many HTTP attempts were made. */
export class HeyGenClientError extends HeyGateError {
  /** Catalog tool the call was for, when known. */
  readonly tool: string | undefined;
  /**
   * HTTP attempts made before giving up (set by the retry policy; 1 when the call was not retried). The
   * policy throws the last error itself rather than wrapping it, so its type still says what went wrong.
   */
  attempts = 1;

  constructor(message: string, options: HeyGenClientErrorOptions) {
    super(message, options);
    this.name = 'HeyGenClientError';
    this.tool = options.tool;
  }
}

/** What `HeyGenApiError.from` needs besides status, body and headers. */
export interface HeyGenApiErrorContext {
  /** Catalog tool the call was for. */
  tool?: string;
  /** The HTTP status HeyGen actually sent, when it differs from `status` (an error inside an HTTP 200). */
  httpStatus?: number;
  /** Current time in ms, for `Retry-After` HTTP dates (injectable clock). */
  now?: number;
  /** Strings that must not appear in the message (the API key). */
  secrets?: readonly (string | undefined)[];
  /** Content type of a body given as text (used to describe HTML pages and malformed JSON). */
  contentType?: string | null;
}

/** Options of `HeyGenApiError` and its subclasses. */
export interface HeyGenApiErrorOptions extends Partial<HeyGenClientErrorOptions> {
  /** The status class of the error (HTTP status, or the status a v1/v2 error code inside HTTP 200 maps to). */
  status: number;
  /** HTTP status HeyGen actually answered with (defaults to `status`). */
  httpStatus?: number;
  /** HeyGen's own error code: v3/v2 strings (`invalid_parameter`) or v1 numbers as text (`40104`). */
  heygenCode?: string;
  /** The request field HeyGen blamed (v3 `error.param`). */
  param?: string;
  /** HeyGen's request id, when a response header carried one. */
  requestId?: string;
  /** Link to HeyGen's documentation of the error (v3 `error.doc_url`). */
  docUrl?: string;
}

/** HeyGen answered and refused the call. Use `HeyGenApiError.from()` to get the right subclass. */
export class HeyGenApiError extends HeyGenClientError {
  /** Status class of the error (see `HeyGenApiErrorOptions.status`). */
  readonly status: number;
  /** HTTP status HeyGen actually answered with; differs from `status` for errors inside an HTTP 200. */
  readonly httpStatus: number;
  /** HeyGen's own error code, when the body had one. */
  readonly heygenCode: string | undefined;
  /** The request field HeyGen blamed, when it named one. */
  readonly param: string | undefined;
  /** HeyGen's request id, when a response header carried one. */
  readonly requestId: string | undefined;
  /** Link to HeyGen's documentation of the error. */
  readonly docUrl: string | undefined;

  constructor(message: string, options: HeyGenApiErrorOptions) {
    super(message, { ...options, code: options.code ?? 'heygen_api_error' });
    this.name = 'HeyGenApiError';
    this.status = options.status;
    this.httpStatus = options.httpStatus ?? options.status;
    this.heygenCode = options.heygenCode;
    this.param = options.param;
    this.requestId = options.requestId;
    this.docUrl = options.docUrl;
  }

  /**
   * Builds the error for a refused call, choosing the subclass by `status`. `body` is the parsed JSON
   * (v3 `{error:{code,message,param,doc_url}}`, v2 `{error:{code,message}}`, v1 `{code,message}`) or the raw
   * text when the body was not JSON (an HTML error page, say), which the message then describes.
   */
  static from(
    status: number,
    body: unknown,
    headers?: Headers | Record<string, string>,
    context: HeyGenApiErrorContext = {},
  ): HeyGenApiError {
    const headerBag = headers instanceof Headers ? headers : new Headers(headers ?? {});
    const secrets = context.secrets ?? [];
    const details = readErrorDetails(body);
    const httpStatus = context.httpStatus ?? status;
    const said =
      details.message ??
      (typeof body === 'string'
        ? `HeyGen sent ${describeBody(body, context.contentType ?? headerBag.get('content-type'), secrets)}`
        : 'HeyGen gave no error message');
    const where = context.tool ? ` on ${context.tool}` : '';
    const inside = httpStatus !== status ? ` (inside an HTTP ${httpStatus} answer)` : '';
    const param = details.param ? ` (param \`${details.param}\`)` : '';
    const message = redactSecrets(
      `HeyGen ${status}${details.code ? ` ${details.code}` : ''}${where}: ${said}${param}${inside}`,
      secrets,
    );
    const options: HeyGenApiErrorOptions = {
      status,
      httpStatus,
      heygenCode: details.code,
      param: details.param,
      docUrl: details.docUrl,
      requestId: readRequestId(headerBag),
      retryAfterMs: parseRetryAfter(headerBag.get('retry-after'), context.now ?? Date.now()),
      tool: context.tool,
    };
    const ErrorClass = errorClassFor(status);
    return new ErrorClass(message, options);
  }
}

/** 400 (and 422): HeyGen rejected the input; `param` names the field when HeyGen said which. */
export class BadRequestError extends HeyGenApiError {
  constructor(message: string, options: HeyGenApiErrorOptions) {
    super(message, {
      code: 'bad_request',
      hint: options.param
        ? `HeyGen rejected \`${options.param}\`; fix it and call again.`
        : 'HeyGen rejected the input; fix it and call again.',
      ...options,
    });
    this.name = 'BadRequestError';
  }
}

/** 401: HeyGen rejected the API key. */
export class AuthenticationError extends HeyGenApiError {
  constructor(message: string, options: HeyGenApiErrorOptions) {
    super(message, {
      code: 'authentication_failed',
      hint: "HeyGen rejected this account's API key; an operator must update the key.",
      ...options,
    });
    this.name = 'AuthenticationError';
  }
}

/** 402: the account lacks the credits the operation needs. */
export class InsufficientCreditsError extends HeyGenApiError {
  constructor(message: string, options: HeyGenApiErrorOptions) {
    super(message, {
      code: 'insufficient_credits',
      hint: 'The HeyGen account has too few credits for this; top up or use another account.',
      ...options,
    });
    this.name = 'InsufficientCreditsError';
  }
}

/** 403: the key may not use this endpoint (plan, feature flag, or a resource of another account). */
export class PermissionDeniedError extends HeyGenApiError {
  constructor(message: string, options: HeyGenApiErrorOptions) {
    super(message, {
      code: 'permission_denied',
      hint: "This HeyGen account's plan or permissions do not allow the operation.",
      ...options,
    });
    this.name = 'PermissionDeniedError';
  }
}

/** 404, and v1/v2 "not found" codes HeyGen sends inside HTTP 200 (40104 video, 400131 webhook endpoint). */
export class NotFoundError extends HeyGenApiError {
  constructor(message: string, options: HeyGenApiErrorOptions) {
    super(message, {
      code: 'not_found',
      hint: 'Check the id; ids are per HeyGen account. Find valid ids with the matching list tool.',
      ...options,
    });
    this.name = 'NotFoundError';
  }
}

/**
 * 409. HeyGen answers `request_in_progress` when a request with the same Idempotency-Key is still being
 * processed; the retry policy retries that one, since the first request's result will be replayed.
 */
export class ConflictError extends HeyGenApiError {
  constructor(message: string, options: HeyGenApiErrorOptions) {
    const inProgress = options.heygenCode === 'request_in_progress';
    super(message, {
      code: 'conflict',
      retryable: inProgress,
      hint: inProgress
        ? 'The same request is still being processed; call again shortly with the same idempotency key.'
        : 'The resource is in a state that does not allow this; read it and decide again.',
      ...options,
    });
    this.name = 'ConflictError';
  }
}

/**
 * 410: the resource takes no more calls of this kind — an Avatar Realtime session after its final text or
 * its end. HeyGen also answers 410 `endpoint_sunset` for retired endpoints (the legacy streaming API); that
 * keeps its code so agents see the same answer as heygate's own sunset refusal.
 */
export class GoneError extends HeyGenApiError {
  constructor(message: string, options: HeyGenApiErrorOptions) {
    const sunset = options.heygenCode === 'endpoint_sunset';
    super(message, {
      code: sunset ? 'endpoint_sunset' : 'gone',
      hint: sunset
        ? 'HeyGen retired this endpoint; use the v3 tool its description names.'
        : 'Start a new one instead of calling this one again.',
      ...options,
    });
    this.name = 'GoneError';
  }
}

/** 413: the upload is larger than the endpoint accepts. */
export class PayloadTooLargeError extends HeyGenApiError {
  constructor(message: string, options: HeyGenApiErrorOptions) {
    super(message, {
      code: 'payload_too_large',
      hint: 'The file is too large for this endpoint (v3 asset uploads take up to 32 MB); use a direct upload.',
      ...options,
    });
    this.name = 'PayloadTooLargeError';
  }
}

/** 429: HeyGen's rate limit. `retryAfterMs` comes from `Retry-After` (integer seconds per HeyGen's spec). */
export class RateLimitError extends HeyGenApiError {
  constructor(message: string, options: HeyGenApiErrorOptions) {
    super(message, {
      code: 'rate_limited',
      retryable: true,
      hint:
        options.retryAfterMs === undefined
          ? 'HeyGen rate limit reached; wait a little before calling again.'
          : `HeyGen rate limit reached; wait ${Math.ceil(options.retryAfterMs / 1000)} s before calling again.`,
      ...options,
    });
    this.name = 'RateLimitError';
  }
}

/** 5xx: HeyGen (or a gateway in front of it) failed. */
export class InternalServerError extends HeyGenApiError {
  constructor(message: string, options: HeyGenApiErrorOptions) {
    super(message, {
      code: 'server_error',
      retryable: true,
      hint: 'HeyGen had a temporary problem; try again later.',
      ...options,
    });
    this.name = 'InternalServerError';
  }
}

/** No HTTP answer: the connection was reset or refused, or the host could not be resolved. */
export class HeyGenConnectionError extends HeyGenClientError {
  constructor(message: string, options: Partial<HeyGenClientErrorOptions> = {}) {
    super(message, {
      code: 'connection_error',
      retryable: true,
      hint: 'HeyGen could not be reached; check the network or HEYGEN_BASE_URL and try again.',
      ...options,
    });
    this.name = 'HeyGenConnectionError';
  }
}

/** Options of `HeyGenTimeoutError`. */
export interface HeyGenTimeoutErrorOptions extends Partial<HeyGenClientErrorOptions> {
  /** The timeout that elapsed, in milliseconds. */
  timeoutMs: number;
}

/**
 * HeyGen did not answer in time. For a call that is not idempotent (a create) `retryable` is false: the
 * request may have reached HeyGen, so it is never re-sent silently, and the hint says to look the job up.
 */
export class HeyGenTimeoutError extends HeyGenClientError {
  /** The timeout that elapsed, in milliseconds. */
  readonly timeoutMs: number;

  constructor(message: string, options: HeyGenTimeoutErrorOptions) {
    super(message, { code: 'timeout', retryable: true, ...options });
    this.name = 'HeyGenTimeoutError';
    this.timeoutMs = options.timeoutMs;
  }
}

/** Options of `InvalidResponseError`. */
export interface InvalidResponseErrorOptions extends Partial<HeyGenClientErrorOptions> {
  /** HTTP status of the answer. */
  status: number;
  /** HeyGen's request id, when a header carried one. */
  requestId?: string;
}

/** HeyGen (or something in between) answered with a success status but not with the JSON it documents. */
export class InvalidResponseError extends HeyGenClientError {
  /** HTTP status of the answer. */
  readonly status: number;
  /** HeyGen's request id, when a header carried one. */
  readonly requestId: string | undefined;

  constructor(message: string, options: InvalidResponseErrorOptions) {
    super(message, {
      code: 'invalid_response',
      hint: 'HeyGen answered with something other than JSON; a proxy or an outage may be in between.',
      ...options,
    });
    this.name = 'InvalidResponseError';
    this.status = options.status;
    this.requestId = options.requestId;
  }
}

/** Options of `JobFailedError`. */
export interface JobFailedErrorOptions extends Partial<HeyGenClientErrorOptions> {
  /** Job kind, e.g. `video`. */
  kind: string;
  /** Job id. */
  id: string;
  /** The failure state HeyGen reported, e.g. `failed`. */
  status: string;
  /** HeyGen's machine-readable failure reason (`failure_code`), when given. */
  failureCode?: string;
  /** HeyGen's human failure description (`failure_message`), when given. */
  failureMessage?: string;
  /** The final status resource. */
  data?: unknown;
}

/** A waited-for job reached one of its failure states. */
export class JobFailedError extends HeyGenClientError {
  /** Job kind, e.g. `video`. */
  readonly kind: string;
  /** Job id. */
  readonly id: string;
  /** The failure state HeyGen reported. */
  readonly status: string;
  /** HeyGen's machine-readable failure reason, when given. */
  readonly failureCode: string | undefined;
  /** HeyGen's human failure description, when given. */
  readonly failureMessage: string | undefined;
  /** The final status resource. */
  readonly data: unknown;

  constructor(message: string, options: JobFailedErrorOptions) {
    super(message, {
      code: 'job_failed',
      hint: 'The job failed on HeyGen; read the failure message, fix the input and start a new job.',
      ...options,
    });
    this.name = 'JobFailedError';
    this.kind = options.kind;
    this.id = options.id;
    this.status = options.status;
    this.failureCode = options.failureCode;
    this.failureMessage = options.failureMessage;
    this.data = options.data;
  }
}

/** Options of `WaitTimeoutError`. */
export interface WaitTimeoutErrorOptions extends Partial<HeyGenClientErrorOptions> {
  /** Job kind, e.g. `video`. */
  kind: string;
  /** Job id. */
  id: string;
  /** The wait's timeout in milliseconds. */
  timeoutMs: number;
  /** The last status seen, when any poll succeeded. */
  lastStatus?: string;
  /** The last status resource seen. */
  lastData?: unknown;
}

/** A job did not reach a terminal state within the wait's timeout; it may still finish on HeyGen. */
export class WaitTimeoutError extends HeyGenClientError {
  /** Job kind, e.g. `video`. */
  readonly kind: string;
  /** Job id. */
  readonly id: string;
  /** The wait's timeout in milliseconds. */
  readonly timeoutMs: number;
  /** The last status seen, when any poll succeeded. */
  readonly lastStatus: string | undefined;
  /** The last status resource seen. */
  readonly lastData: unknown;

  constructor(message: string, options: WaitTimeoutErrorOptions) {
    super(message, {
      code: 'wait_timeout',
      retryable: true,
      hint: 'The job is still running on HeyGen; wait again with the same id or check its status later.',
      ...options,
    });
    this.name = 'WaitTimeoutError';
    this.kind = options.kind;
    this.id = options.id;
    this.timeoutMs = options.timeoutMs;
    this.lastStatus = options.lastStatus;
    this.lastData = options.lastData;
  }
}

/** Options of {@link EndpointSunsetError}. */
export interface EndpointSunsetErrorOptions {
  /** The tool refused. */
  tool: string;
  /** `METHOD /path` of its legacy endpoint. */
  endpoint: string;
  /** The date HeyGen retired it (ISO). */
  sunset: string;
  /** The v3 alternative, in words an agent can act on (the catalog's `legacy.replacement`). */
  replacement?: string;
}

/**
 * A tool on HeyGen's retired v1/v2 API was called and the operator has not allowed legacy calls
 * (`HEYGATE_LEGACY_CALLS=send`): nothing was sent. Same code as HeyGen's own 410 for retired endpoints.
 */
export class EndpointSunsetError extends HeyGenClientError {
  /** The legacy endpoint, `METHOD /path`. */
  readonly endpoint: string;
  readonly sunset: string;

  constructor(options: EndpointSunsetErrorOptions) {
    const instead = options.replacement ? ` Instead: ${options.replacement}.` : '';
    super(
      `${options.tool} calls ${options.endpoint}, which HeyGen retired on ${options.sunset}; nothing was sent.${instead}`,
      {
        code: 'endpoint_sunset',
        retryable: false,
        tool: options.tool,
        hint: options.replacement
          ? `Use ${options.replacement}.`
          : 'HeyGen v3 has no equivalent; an operator may still send legacy calls (HEYGATE_LEGACY_CALLS=send).',
      },
    );
    this.name = 'EndpointSunsetError';
    this.endpoint = options.endpoint;
    this.sunset = options.sunset;
  }
}

/** The caller cancelled the call or the wait (its AbortSignal fired). Never retried. */
export class AbortedError extends HeyGenClientError {
  constructor(message: string, options: Partial<HeyGenClientErrorOptions> = {}) {
    super(message, { code: 'aborted', ...options });
    this.name = 'AbortedError';
  }
}

type HeyGenApiErrorClass = new (message: string, options: HeyGenApiErrorOptions) => HeyGenApiError;

function errorClassFor(status: number): HeyGenApiErrorClass {
  if (status >= 500) return InternalServerError;
  switch (status) {
    case 400:
    case 422:
      return BadRequestError;
    case 401:
      return AuthenticationError;
    case 402:
      return InsufficientCreditsError;
    case 403:
      return PermissionDeniedError;
    case 404:
      return NotFoundError;
    case 409:
      return ConflictError;
    case 410:
      return GoneError;
    case 413:
      return PayloadTooLargeError;
    case 429:
      return RateLimitError;
    default:
      return HeyGenApiError;
  }
}

interface ErrorDetails {
  code?: string;
  message?: string;
  param?: string;
  docUrl?: string;
}

/** Reads code/message/param/doc_url from any of HeyGen's error body shapes (v3, v2, v1). */
function readErrorDetails(body: unknown): ErrorDetails {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return {};
  const record = body as Record<string, unknown>;
  const error = record['error'];
  if (error !== null && typeof error === 'object' && !Array.isArray(error)) {
    const inner = error as Record<string, unknown>;
    return {
      code: text(inner['code']),
      message: text(inner['message']) ?? text(inner['msg']) ?? text(inner['detail']),
      param: text(inner['param']),
      docUrl: text(inner['doc_url']),
    };
  }
  // v2 sometimes sends `error` as a plain string; v1 puts `code` and `message`/`msg` at the top level.
  const message = text(error) ?? text(record['message']) ?? text(record['msg']);
  return { code: text(record['code']), message };
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}
