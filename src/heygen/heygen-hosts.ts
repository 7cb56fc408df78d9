/**
 * Where HeyGen lives. HeyGen spreads its API over several hosts: the API itself, the legacy upload host, the web
 * app that shows the OAuth consent page, and the host of the OAuth token, revoke and registration endpoints
 * (`../shared/heygen-api/README.md`, "OAuth for third-party apps"). Every one is configurable, and one origin
 * can stand in for all of them — the emulator answers every path on its single origin.
 */
export interface HeyGenHosts {
  /** The API (`/v1`, `/v2`, `/v3`). */
  api: string;
  /** Legacy raw uploads (`POST /v1/asset`, `POST /v1/talking_photo`). */
  upload: string;
  /** The web app: the OAuth authorize page `/oauth/authorize`. */
  app: string;
  /** The OAuth endpoints: `/v1/oauth/token`, `/v1/oauth/revoke`, `/v1/oauth/register`. */
  oauth: string;
}

/** HeyGen's own hosts. */
export const defaultHeyGenHosts: Readonly<HeyGenHosts> = Object.freeze({
  api: 'https://api.heygen.com',
  upload: 'https://upload.heygen.com',
  app: 'https://app.heygen.com',
  oauth: 'https://api2.heygen.com',
});

/** Options of {@link resolveHeyGenHosts}. */
export interface ResolveHeyGenHostsOptions {
  /**
   * One origin for every host — an account's stored base URL (an emulator or a proxy). Wins over the
   * environment.
   */
  baseUrl?: string | null;
  /**
   * Reads `HEYGEN_BASE_URL` (every host, like `baseUrl`, as the client does), then `HEYGEN_APP_BASE_URL` and
   * `HEYGEN_OAUTH_BASE_URL`, which win over it for the consent page and the OAuth endpoints. Default `process.env`.
   */
  env?: Readonly<Record<string, string | undefined>>;
}

const trim = (url: string): string => url.replace(/\/+$/, '');

/** The hosts to use: a base URL for all of them, else the environment, else HeyGen's own. */
export function resolveHeyGenHosts(options: ResolveHeyGenHostsOptions = {}): HeyGenHosts {
  if (options.baseUrl) {
    const origin = trim(options.baseUrl);
    return { api: origin, upload: origin, app: origin, oauth: origin };
  }
  const env = options.env ?? process.env;
  const all = env.HEYGEN_BASE_URL ? trim(env.HEYGEN_BASE_URL) : undefined;
  const pick = (specific: string | undefined, fallback: string) =>
    specific ? trim(specific) : (all ?? fallback);
  return {
    api: all ?? defaultHeyGenHosts.api,
    upload: all ?? defaultHeyGenHosts.upload,
    app: pick(env.HEYGEN_APP_BASE_URL, defaultHeyGenHosts.app),
    oauth: pick(env.HEYGEN_OAUTH_BASE_URL, defaultHeyGenHosts.oauth),
  };
}
