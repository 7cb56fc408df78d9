import { HeyGateError } from '../catalog/errors.ts';

/** Options of {@link OAuthError}. */
export interface OAuthErrorOptions {
  /** heygate's code: `oauth_invalid_grant`, `oauth_access_denied`, `oauth_invalid_client`, `oauth_error`, … */
  code: string;
  /** The OAuth error string (RFC 6749 §5.2, e.g. `invalid_grant`), when HeyGen sent one. */
  oauthError?: string;
  /** HTTP status of HeyGen's answer, when there was one. */
  status?: number;
  retryable?: boolean;
  hint?: string;
  cause?: unknown;
}

/**
 * HeyGen's OAuth endpoints (or the consent page) refused: a denied consent, an expired or reused authorization
 * code, a revoked refresh token, an unknown client. Messages never contain a code, token or verifier.
 *
 * | code                   | when                                                                         |
 * |------------------------|------------------------------------------------------------------------------|
 * | `oauth_access_denied`  | the user declined on the consent page                                        |
 * | `oauth_invalid_grant`  | the code expired or was used, or the refresh token is revoked or expired     |
 * | `oauth_invalid_client` | HeyGen does not know the client id                                           |
 * | `oauth_error`          | any other refusal, or an answer heygate cannot read                          |
 */
export class OAuthError extends HeyGateError {
  /** The OAuth error string HeyGen sent, when it sent one. */
  readonly oauthError: string | undefined;
  /** HTTP status of the answer. */
  readonly status: number | undefined;

  constructor(message: string, options: OAuthErrorOptions) {
    super(message, options);
    this.name = 'OAuthError';
    this.oauthError = options.oauthError;
    this.status = options.status;
  }
}

/** heygate's code for an OAuth error string. */
export function oauthErrorCode(oauthError: string | undefined): string {
  switch (oauthError) {
    case 'access_denied':
      return 'oauth_access_denied';
    case 'invalid_grant':
      return 'oauth_invalid_grant';
    case 'invalid_client':
    case 'unauthorized_client':
      return 'oauth_invalid_client';
    default:
      return 'oauth_error';
  }
}
