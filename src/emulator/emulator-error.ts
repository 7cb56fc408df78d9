/** Options of {@link EmulatorError}. */
export interface EmulatorErrorOptions {
  /** HTTP status HeyGen answers with. */
  status: number;
  /** v2/v3 string code, e.g. `invalid_parameter`, `not_found`, `rate_limit_exceeded`. */
  code: string;
  /** Human message (never contains secrets). */
  message: string;
  /** The request field at fault (v3 `error.param`). */
  param?: string | null;
  /**
   * Numeric code of the v1 envelope, e.g. 40104 (video not found) or 400131 (webhook endpoint not found);
   * default: the HTTP status.
   */
  legacyCode?: number;
  /** Extra response headers (e.g. `Retry-After`). */
  headers?: Record<string, string>;
}

/**
 * A HeyGen-shaped failure raised by a handler or by the request pipeline. The pipeline renders it in the
 * envelope of the endpoint (v1 `{code, message}`, v2 `{data:null, error}`, v3 `{error:{code, message, param,
 * doc_url}}`).
 */
export class EmulatorError extends Error {
  readonly status: number;
  readonly code: string;
  readonly param: string | null;
  readonly legacyCode: number;
  readonly headers: Record<string, string>;

  constructor(options: EmulatorErrorOptions) {
    super(options.message);
    this.name = 'EmulatorError';
    this.status = options.status;
    this.code = options.code;
    this.param = options.param ?? null;
    this.legacyCode = options.legacyCode ?? options.status;
    this.headers = options.headers ?? {};
  }

  /** 400 `invalid_parameter` naming the field. */
  static invalid(param: string, message: string): EmulatorError {
    return new EmulatorError({ status: 400, code: 'invalid_parameter', message, param });
  }

  /** 404 `not_found` for an id that does not exist in the calling account. */
  static notFound(what: string, id: string, legacyCode?: number): EmulatorError {
    return new EmulatorError({
      status: 404,
      code: 'not_found',
      message: `${what} not found: ${id}`,
      legacyCode,
    });
  }
}
