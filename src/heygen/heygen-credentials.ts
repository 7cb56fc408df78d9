/**
 * How the HeyGen client authenticates: an API key (`X-Api-Key`, every endpoint) or an OAuth connection
 * (`Authorization: Bearer`, v3 endpoints only — HeyGen's legacy v1/v2 endpoints take API keys). The OAuth
 * side is a source of tokens: whoever owns the connection (the gateway, with its vault) refreshes and stores
 * them; the client only asks for a valid token and, once per request, for a new one after a 401.
 */
export type HeyGenCredentials = ApiKeyCredentials | OAuthCredentials;

/** A HeyGen API key. */
export interface ApiKeyCredentials {
  kind: 'api_key';
  apiKey: string;
}

/** An OAuth connection's tokens. */
export interface OAuthCredentials {
  kind: 'oauth';
  /** A valid access token, refreshed first when it is about to expire. */
  accessToken(signal?: AbortSignal): Promise<string>;
  /**
   * HeyGen answered 401 to `rejected`: returns a fresh token to retry with once (a token another call already
   * refreshed, or a new one), or throws when the connection cannot be refreshed.
   */
  refresh(rejected: string, signal?: AbortSignal): Promise<string>;
}

/** The credentials for a client built from an API key or explicit credentials (explicit ones win). */
export function credentialsOf(options: {
  apiKey?: string;
  credentials?: HeyGenCredentials;
}): HeyGenCredentials {
  if (options.credentials) return options.credentials;
  if (typeof options.apiKey !== 'string' || options.apiKey === '') {
    throw new TypeError(
      'createHeyGenClient: apiKey (a HeyGen API key, or the emulator key) or credentials are required.',
    );
  }
  return { kind: 'api_key', apiKey: options.apiKey };
}
