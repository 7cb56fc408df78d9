/**
 * The HeyGen client: executes catalog tools against HeyGen (or the emulator) with auth, timeouts, the retry
 * policy, envelopes, typed errors, pagination and job waits. Import from `heygate/heygen`.
 */
export {
  createHeyGenClient,
  defaultBaseUrl,
  defaultUploadBaseUrl,
  type CallOptions,
  type CallResult,
  type ClientWaitForOptions,
  type HeyGenClient,
  type HeyGenClientOptions,
} from './client.ts';
export { createOutputWarnings, processOutputWarnings, type OutputWarnings } from './output-warnings.ts';
export {
  AbortedError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  EndpointSunsetError,
  GoneError,
  HeyGenApiError,
  HeyGenClientError,
  HeyGenConnectionError,
  HeyGenTimeoutError,
  InsufficientCreditsError,
  InternalServerError,
  InvalidResponseError,
  JobFailedError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitError,
  WaitTimeoutError,
  type EndpointSunsetErrorOptions,
  type HeyGenApiErrorContext,
  type HeyGenApiErrorOptions,
  type HeyGenClientErrorOptions,
  type HeyGenTimeoutErrorOptions,
  type InvalidResponseErrorOptions,
  type JobFailedErrorOptions,
  type WaitTimeoutErrorOptions,
} from './errors.ts';
export { unwrapEnvelope, type UnwrapEnvelopeInput } from './envelope.ts';
export {
  retryPolicy,
  type RetryCallContext,
  type RetryEvent,
  type RetryPolicy,
  type RetryPolicyOptions,
} from './retry-policy.ts';
export {
  buildRequest,
  type BuildRequestOptions,
  type PreparedRequest,
  type TimeoutClass,
} from './build-request.ts';
export {
  createTransport,
  defaultTimeouts,
  type SendOptions,
  type Timeouts,
  type Transport,
  type TransportOptions,
  type TransportResponse,
} from './transport.ts';
export { paginate, type Page, type PageReader, type PaginateOptions } from './pagination.ts';
export { waitFor, type JobStatusReader, type WaitForOptions, type WaitProgress } from './wait-for.ts';
export { createWakeRegistry, type WakeRegistry } from './wake-registry.ts';
export { parseRetryAfter } from './parse-retry-after.ts';
export { readFileInput, type FileBytes, type ReadFileInputOptions } from './read-file-input.ts';
export { downloadFile, type DownloadedFile, type DownloadFileOptions } from './download-file.ts';
export {
  createUrlGuard,
  parseAllowList,
  type CheckedUrl,
  type GuardedFetchInit,
  type ResolveHost,
  type UrlGuard,
  type UrlGuardOptions,
} from './create-url-guard.ts';
export { UrlRefusedError, type UrlRefusalReason } from './url-refused-error.ts';
export { classifyAddress, type AddressRange } from './classify-address.ts';
export {
  pinnedRequest,
  type PinnedRequest,
  type PinnedRequestInput,
  type ResolvedAddress,
} from './pinned-request.ts';
export {
  createLocalFiles,
  LocalFileRefusedError,
  type LocalFile,
  type LocalFiles,
  type LocalFilesOptions,
} from './create-local-files.ts';
export type { Sleep } from './sleep-with-abort.ts';
export {
  credentialsOf,
  type ApiKeyCredentials,
  type HeyGenCredentials,
  type OAuthCredentials,
} from './heygen-credentials.ts';
export {
  defaultHeyGenHosts,
  resolveHeyGenHosts,
  type HeyGenHosts,
  type ResolveHeyGenHostsOptions,
} from './heygen-hosts.ts';
export {
  createOAuthClient,
  type AuthorizationRequest,
  type OAuthClient,
  type OAuthClientOptions,
  type OAuthTokens,
} from './oauth-client.ts';
export { OAuthError, oauthErrorCode, type OAuthErrorOptions } from './oauth-error.ts';
export { createOAuthState, createPkcePair, pkceChallenge, type PkcePair } from './pkce.ts';
