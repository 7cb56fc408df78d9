import { describe, expect, it } from 'vitest';
import { HeyGateError } from '../catalog/errors.ts';
import {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  HeyGenApiError,
  InsufficientCreditsError,
  InternalServerError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitError,
} from './errors.ts';

describe('HeyGenApiError.from', () => {
  const cases: [number, new (...args: any[]) => HeyGenApiError, string][] = [
    [400, BadRequestError, 'bad_request'],
    [401, AuthenticationError, 'authentication_failed'],
    [402, InsufficientCreditsError, 'insufficient_credits'],
    [403, PermissionDeniedError, 'permission_denied'],
    [404, NotFoundError, 'not_found'],
    [409, ConflictError, 'conflict'],
    [413, PayloadTooLargeError, 'payload_too_large'],
    [422, BadRequestError, 'bad_request'],
    [429, RateLimitError, 'rate_limited'],
    [500, InternalServerError, 'server_error'],
    [503, InternalServerError, 'server_error'],
  ];
  it.each(cases)('maps HTTP %i to its subclass', (status, ErrorClass, code) => {
    const error = HeyGenApiError.from(status, { error: { code: 'x', message: 'nope' } });
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(HeyGenApiError);
    expect(HeyGateError.isInstance(error)).toBe(true);
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
  });

  it('falls back to the base class for other statuses', () => {
    const error = HeyGenApiError.from(405, { error: { code: 'method_not_allowed', message: 'no' } });
    expect(error.constructor).toBe(HeyGenApiError);
    expect(error.code).toBe('heygen_api_error');
  });

  it('carries the v3 error fields, the request id and Retry-After', () => {
    const error = HeyGenApiError.from(
      429,
      {
        error: {
          code: 'rate_limit_exceeded',
          message: 'Too many requests',
          param: null,
          doc_url: 'https://docs/x',
        },
      },
      { 'retry-after': '7', 'x-request-id': 'req_123' },
    );
    expect(error).toMatchObject({
      heygenCode: 'rate_limit_exceeded',
      requestId: 'req_123',
      docUrl: 'https://docs/x',
      retryAfterMs: 7000,
      retryable: true,
    });
    expect(error.message).toContain('Too many requests');
  });

  it('names the param HeyGen blamed', () => {
    const error = HeyGenApiError.from(400, {
      error: {
        code: 'invalid_parameter',
        message: "'voice_id' is required.",
        param: 'voice_id',
        doc_url: null,
      },
    });
    expect(error.param).toBe('voice_id');
    expect(error.message).toContain('voice_id');
    expect(error.hint).toContain('voice_id');
    expect(error.retryable).toBe(false);
  });

  it('reads HTTP-date Retry-After against the given clock', () => {
    const now = Date.parse('2026-05-01T10:00:00Z');
    const error = HeyGenApiError.from(429, {}, { 'retry-after': 'Fri, 01 May 2026 10:00:30 GMT' }, { now });
    expect(error.retryAfterMs).toBe(30_000);
  });

  it('treats request_in_progress conflicts as retryable and other conflicts as final', () => {
    expect(
      HeyGenApiError.from(409, { error: { code: 'request_in_progress', message: 'busy' } }).retryable,
    ).toBe(true);
    expect(HeyGenApiError.from(409, { error: { code: 'conflict', message: 'state' } }).retryable).toBe(false);
  });

  it('reads v1 bodies ({code, message})', () => {
    const error = HeyGenApiError.from(404, { code: 40104, message: 'Video not found' });
    expect(error.heygenCode).toBe('40104');
    expect(error.message).toContain('Video not found');
  });

  it('describes a non-JSON body given as text', () => {
    const error = HeyGenApiError.from(502, '<html><head><title>502 Bad Gateway</title></head></html>', {
      'content-type': 'text/html',
    });
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.message).toContain('HTML page');
    expect(error.message).toContain('502 Bad Gateway');
  });

  it('removes secrets HeyGen echoes back', () => {
    const apiKey = 'sk_live_very_secret_key_123';
    const error = HeyGenApiError.from(
      401,
      { error: { code: 'authentication_failed', message: `Invalid API key ${apiKey}` } },
      {},
      { secrets: [apiKey] },
    );
    expect(error.message).not.toContain(apiKey);
    expect(String(error)).not.toContain(apiKey);
    expect(JSON.stringify(error)).not.toContain(apiKey);
    expect(error.message).toContain('[redacted]');
  });
});
