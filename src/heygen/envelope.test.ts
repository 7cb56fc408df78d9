import { describe, expect, it } from 'vitest';
import type { Envelope } from '../catalog/define-tool.ts';
import { unwrapEnvelope } from './envelope.ts';
import {
  AuthenticationError,
  BadRequestError,
  HeyGenApiError,
  InternalServerError,
  InvalidResponseError,
  NotFoundError,
  RateLimitError,
} from './errors.ts';

function unwrap(
  envelope: Envelope,
  body: unknown,
  status = 200,
  extra: { paginated?: boolean; contentType?: string } = {},
) {
  return unwrapEnvelope({
    envelope,
    status,
    headers: new Headers({
      'content-type': extra.contentType ?? 'application/json',
      'x-request-id': 'req_9',
    }),
    body: typeof body === 'string' ? body : JSON.stringify(body),
    paginated: extra.paginated,
    tool: 'some_tool',
  });
}

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('unwrapEnvelope: v1', () => {
  it('returns data on code 100', () => {
    expect(unwrap('v1', { code: 100, data: { video_id: 'v1' }, msg: null, message: null })).toEqual({
      video_id: 'v1',
    });
  });

  it('turns code 40104 inside HTTP 200 into NotFoundError', () => {
    const error = thrown(() => unwrap('v1', { code: 40104, message: 'Video not found' })) as NotFoundError;
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.status).toBe(404);
    expect(error.httpStatus).toBe(200);
    expect(error.heygenCode).toBe('40104');
    expect(error.requestId).toBe('req_9');
    expect(error.message).toContain('Video not found');
  });

  it('turns the webhook code 400131 into NotFoundError, also on HTTP 400', () => {
    expect(
      thrown(() => unwrap('v1', { code: 400131, message: 'Webhook endpoint not found' })),
    ).toBeInstanceOf(NotFoundError);
    expect(
      thrown(() => unwrap('v1', { code: 400131, message: 'Webhook endpoint not found' }, 400)),
    ).toBeInstanceOf(NotFoundError);
  });

  it('maps other codes by their HTTP meaning or message', () => {
    expect(thrown(() => unwrap('v1', { code: 429, message: 'Too many requests' }))).toBeInstanceOf(
      RateLimitError,
    );
    expect(thrown(() => unwrap('v1', { code: 401, message: 'Unauthorized' }))).toBeInstanceOf(
      AuthenticationError,
    );
    expect(
      thrown(() => unwrap('v1', { code: 400542, message: 'Url of this webhook endpoint is invalid' })),
    ).toBeInstanceOf(BadRequestError);
    expect(thrown(() => unwrap('v1', { code: 123456, message: 'Avatar does not exist' }))).toBeInstanceOf(
      NotFoundError,
    );
  });

  it('keeps the legacy cursor inside data', () => {
    expect(unwrap('v1', { code: 100, data: { videos: [{ video_id: 'a' }], token: 'next' } })).toEqual({
      videos: [{ video_id: 'a' }],
      token: 'next',
    });
  });
});

describe('unwrapEnvelope: v2', () => {
  it('returns data when error is null', () => {
    expect(unwrap('v2', { error: null, data: { id: 'a' } })).toEqual({ id: 'a' });
  });

  it('throws on an error object inside HTTP 200', () => {
    const error = thrown(() =>
      unwrap('v2', { data: null, error: { code: 'not_found', message: 'Avatar not found' } }),
    ) as HeyGenApiError;
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.heygenCode).toBe('not_found');
  });

  it('falls back to 400 for an unknown v2 error code inside HTTP 200', () => {
    const error = thrown(() => unwrap('v2', { data: null, error: { code: 'weird', message: 'Bad thing' } }));
    expect(error).toBeInstanceOf(BadRequestError);
  });

  it('accepts v1-style answers from /v2 deletes', () => {
    expect(unwrap('v2', { code: 100, data: null, msg: null })).toBeNull();
    expect(thrown(() => unwrap('v2', { code: 40104, message: 'Not found' }))).toBeInstanceOf(NotFoundError);
  });
});

describe('unwrapEnvelope: v3', () => {
  it('returns data for a single resource', () => {
    expect(unwrap('v3', { data: { video_id: 'v', status: 'pending' } })).toEqual({
      video_id: 'v',
      status: 'pending',
    });
  });

  it('keeps has_more and next_token next to list data', () => {
    const body = { data: [{ id: 'a' }], has_more: true, next_token: 'tok' };
    expect(unwrap('v3', body)).toEqual(body);
    expect(unwrap('v3', { data: [] }, 200, { paginated: true })).toEqual({ data: [] });
  });

  it('does not treat a top-level code as an error on v3 success', () => {
    expect(unwrap('v3', { data: { code: 7 } })).toEqual({ code: 7 });
  });

  it('maps v3 errors with their fields', () => {
    const error = thrown(() =>
      unwrap(
        'v3',
        {
          error: {
            code: 'invalid_parameter',
            message: "'limit' must be between 1 and 100.",
            param: 'limit',
            doc_url: null,
          },
        },
        400,
      ),
    ) as BadRequestError;
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.param).toBe('limit');
    expect(error.httpStatus).toBe(400);
  });

  it('treats an error status with a success-looking body as an error', () => {
    expect(thrown(() => unwrap('v3', { data: null }, 503))).toBeInstanceOf(InternalServerError);
  });

  it('answers 204 with null', () => {
    expect(unwrap('v3', '', 204)).toBeNull();
  });
});

describe('unwrapEnvelope: bodies that are not HeyGen JSON', () => {
  it('malformed JSON on 200 → InvalidResponseError saying what came back', () => {
    const error = thrown(() => unwrap('v3', '{"data": {"video_id": "abc"', 200)) as InvalidResponseError;
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.code).toBe('invalid_response');
    expect(error.message).toContain('malformed JSON');
    expect(error.message).toContain('{"data": {"video_id": "abc"');
    expect(error.requestId).toBe('req_9');
  });

  it('an HTML page on 200 → InvalidResponseError naming the page title', () => {
    const html = `<!DOCTYPE html><html><head><title>Captive portal</title></head><body>${'x'.repeat(5000)}</body></html>`;
    const error = thrown(() => unwrap('v3', html, 200, { contentType: 'text/html' })) as InvalidResponseError;
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toContain('HTML page');
    expect(error.message).toContain('Captive portal');
    expect(error.message.length).toBeLessThan(400);
  });

  it('an empty body on 200 → InvalidResponseError', () => {
    const error = thrown(() => unwrap('v1', '', 200)) as InvalidResponseError;
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toContain('empty body');
  });

  it('a JSON array where an envelope belongs → InvalidResponseError', () => {
    expect(thrown(() => unwrap('v3', [1, 2]))).toBeInstanceOf(InvalidResponseError);
  });

  it('an HTML error page on 502 → InternalServerError (retryable) describing it', () => {
    const error = thrown(() =>
      unwrap('v3', '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>', 502, {
        contentType: 'text/html',
      }),
    ) as InternalServerError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('502 Bad Gateway');
  });

  it('an empty body on 401 → AuthenticationError', () => {
    expect(thrown(() => unwrap('v3', '', 401))).toBeInstanceOf(AuthenticationError);
  });

  it('long non-JSON text is truncated', () => {
    const error = thrown(() =>
      unwrap('v3', 'oops '.repeat(1000), 200, { contentType: 'text/plain' }),
    ) as Error;
    expect(error.message.length).toBeLessThan(400);
    expect(error.message).toContain('…');
  });
});
