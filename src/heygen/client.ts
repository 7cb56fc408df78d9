import { randomUUID } from 'node:crypto';
import type { JobKind, ToolDefinition, ToolImplementation } from '../catalog/define-tool.ts';
import { InvalidInputError, UnknownToolError } from '../catalog/errors.ts';
import { getTool } from '../catalog/index.ts';
import { parseInput, parseOutput } from '../catalog/validate.ts';
import { buildRequest } from './build-request.ts';
import type { LocalFiles } from './create-local-files.ts';
import { createUrlGuard, type UrlGuardOptions } from './create-url-guard.ts';
import { checkWebhookUrl } from './check-webhook-url.ts';
import { downloadFile } from './download-file.ts';
import { AbortedError, EndpointSunsetError, HeyGenClientError } from './errors.ts';
import { credentialsOf, type HeyGenCredentials } from './heygen-credentials.ts';
import { processOutputWarnings, type OutputWarnings } from './output-warnings.ts';
import { paginate, type Page, type PaginateOptions } from './pagination.ts';
import { defaultEventStreamLimits, type EventStreamLimits } from './read-event-stream.ts';
import { retryPolicy, type RetryEvent, type RetryPolicyOptions } from './retry-policy.ts';
import type { Sleep } from './sleep-with-abort.ts';
import { createTransport, defaultTimeouts, type Timeouts } from './transport.ts';
import { userAgent } from './user-agent.ts';
import { waitFor, type WaitForOptions, type WaitProgress } from './wait-for.ts';
import { createWakeRegistry } from './wake-registry.ts';

type CompositeRun = Extract<ToolImplementation, { kind: 'composite' }>['run'];

/** HeyGen's API host; `HEYGEN_BASE_URL` or `baseUrl` override it. */
export const defaultBaseUrl = 'https://api.heygen.com';
/** HeyGen's upload host for the legacy raw uploads (`POST /v1/asset`, `POST /v1/talking_photo`). */
export const defaultUploadBaseUrl = 'https://upload.heygen.com';

/** Options of `createHeyGenClient`. */
export interface HeyGenClientOptions {
  /** HeyGen API key, sent as `X-Api-Key`. Never appears in errors or messages. Needed unless `credentials`. */
  apiKey?: string;
  /**
   * An API key or an OAuth connection (see heygen-credentials.ts); wins over `apiKey`. With OAuth the client
   * refuses, before sending, every tool whose HeyGen endpoint takes no OAuth token (the legacy v1/v2 ones).
   */
  credentials?: HeyGenCredentials;
  /** API origin. Default: env `HEYGEN_BASE_URL`, else `https://api.heygen.com`. */
  baseUrl?: string;
  /**
   * Upload origin for legacy raw uploads. Default: env `HEYGEN_BASE_URL` (the emulator serves both hosts on
   * one origin), else `https://upload.heygen.com`.
   */
  uploadBaseUrl?: string;
  /** The `fetch` to use. Default the global one; tests and the in-process emulator inject theirs. */
  fetch?: typeof globalThis.fetch;
  /** Clock for `Retry-After` dates and job-wait deadlines (the emulator's clock fits). Default `Date.now`. */
  clock?: { now(): number };
  /** Sleep for retry back-off and polling (tests inject an instant one). Default a real timer. */
  sleep?: Sleep;
  /** Random source in [0, 1) for jitter. Default `Math.random`. */
  random?: () => number;
  /** Retry tuning (attempts, back-off, `Retry-After` cap). */
  retry?: Omit<RetryPolicyOptions, 'random' | 'sleep'>;
  /** Per-class request timeouts (reads 30 s, writes 120 s, uploads 10 min by default). */
  timeouts?: Partial<Timeouts>;
  /**
   * How much of a Server-Sent Events answer (Avatar Realtime word timings) one call reads: 15 s, 1 MiB,
   * 10,000 frames by default; the tool descriptions state these defaults.
   */
  eventStreamLimits?: Partial<EventStreamLimits>;
  /**
   * Reads `{ path }` file inputs from the operator's allowed roots (`createLocalFiles`). Absent (the default),
   * `{ path }` is refused: a server must not read its own disk for an agent.
   */
  localFiles?: LocalFiles;
  /** Makes Idempotency-Keys when the caller gives none. Default `crypto.randomUUID`. */
  generateIdempotencyKey?: () => string;
  /**
   * Tools callable by name (composite tools call other tools by name; waits call status tools). Default:
   * the whole catalog. Library users and tests may pass their own definitions.
   */
  tools?: readonly ToolDefinition[];
  /**
   * Tools on HeyGen's retired v1/v2 API (catalog `legacy`): `refuse` (default) answers `endpoint_sunset`
   * without sending anything; `send` sends them anyway, for accounts HeyGen still serves. Default: env
   * `HEYGATE_LEGACY_CALLS` (`send` sends; anything else refuses).
   */
  legacyCalls?: 'refuse' | 'send';
  /** Environment to read `HEYGEN_BASE_URL` and `HEYGATE_LEGACY_CALLS` from. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Largest `{ url }` file input downloaded for an upload. Default 32 MB (HeyGen's v3 asset upload limit). */
  maxDownloadBytes?: number;
  /**
   * The outbound URL guard for `{ url }` file inputs (see create-url-guard.ts): `allow` is the operator's
   * intranet allow-list (`--fetch-allow`); `resolve` and `request` are test seams. The configured base URLs
   * are always trusted and fetched with `fetch` (the sandbox serves its media files there).
   */
  urlGuard?: Pick<UrlGuardOptions, 'allow' | 'resolve' | 'request' | 'maxRedirects'>;
  /**
   * Accept plain-`http` webhook endpoint URLs on loopback hosts (sandbox mode: the emulator delivers to a local
   * `heygate serve`). Default false: webhook URLs must be https (see check-webhook-url.ts).
   */
  allowLoopbackHttpWebhooks?: boolean;
  /** Told about every retry (logging, router cooldowns). */
  onRetry?: (event: RetryEvent & { tool: string }) => void;
  /**
   * Where warnings about undocumented fields and enum values in HeyGen's answers are deduplicated. Default:
   * one registry for the whole process, so each change of HeyGen's is reported once per process.
   */
  outputWarnings?: OutputWarnings;
}

/** Options of one `call`. */
export interface CallOptions {
  /** Cancels the call (and any wait or inner call). */
  signal?: AbortSignal;
  /**
   * Idempotency-Key for tools where HeyGen honours one (`tool.idempotencyKey`); otherwise one is generated
   * per call. The same key is sent on every retry of the call.
   */
  idempotencyKey?: string;
  /** Overrides the class timeout of each HTTP request; for wait tools, the wait's overall timeout. */
  timeoutMs?: number;
  /** Receives progress of job waits. */
  onProgress?: (progress: WaitProgress) => void;
  /** Validate the input against the tool's schema first. Default true; the gateway may have done it. */
  validate?: boolean;
}

/** The outcome of a successful call. */
export interface CallResult {
  /**
   * The unwrapped data: the envelope's `data`; for v3 lists `{ data: [...], has_more, next_token }`; for
   * composite tools what they return; for wait tools the final status resource.
   */
  data: unknown;
  /** HTTP status of the (last) answer. */
  status: number;
  /** HeyGen's request id of the (last) answer, when a header carried one. */
  requestId?: string;
  /** HTTP requests made: retries included, summed over the inner calls of composite and wait tools. */
  attempts: number;
  /**
   * Credits HeyGen reported charging. HeyGen's v3 responses (spec of 2026-07) carry no cost field, so this
   * stays undefined for HeyGen itself; the gateway then uses the catalog's estimate.
   */
  creditsCharged?: number;
  /**
   * Fields or enum values in HeyGen's answers (of this call and its inner calls) that the catalog does not
   * document, each reported once per process; the data passed on unchanged.
   */
  warnings?: string[];
}

/** Options of `client.waitFor` (clock, sleep and wake-ups come from the client). */
export type ClientWaitForOptions = Pick<
  WaitForOptions,
  'signal' | 'timeoutMs' | 'onProgress' | 'pollIntervalMs' | 'maxPollIntervalMs'
> & {
  /** Receives the output warnings of the status polls (see `CallResult.warnings`). */
  onWarnings?: (warnings: string[]) => void;
};

/** The typed HeyGen client, driven by catalog entries. */
export interface HeyGenClient {
  /**
   * Calls a tool: validates the input (before any network I/O), then runs it — one HTTP request with
   * retries, a composite's inner calls, or a job wait — and returns the unwrapped data or throws a typed
   * error (see errors.ts).
   */
  call(tool: string | ToolDefinition, input: unknown, options?: CallOptions): Promise<CallResult>;
  /** Polls `job`'s status tool until the job ends; returns the final status resource (see wait-for.ts). */
  waitFor(job: JobKind, id: string, options?: ClientWaitForOptions): Promise<unknown>;
  /** Iterates the pages of a list tool, at most `maxPages` (default 10). */
  paginate(
    tool: string | ToolDefinition,
    input?: Record<string, unknown>,
    options?: PaginateOptions,
  ): AsyncIterable<Page>;
  /**
   * Ends the back-off sleep of every wait for this job so it polls now — for the webhook receiver after it
   * verified an event. Returns true when a wait was in progress.
   */
  wakeUp(job: JobKind | string, id: string): boolean;
  /** Looks a tool up by name among the client's tools (throws `UnknownToolError`). */
  resolveTool(tool: string | ToolDefinition): ToolDefinition;
  /** The API origin in use. */
  readonly baseUrl: string;
  /** The upload origin in use. */
  readonly uploadBaseUrl: string;
}

/**
 * The error for a tool whose HeyGen endpoint takes no OAuth token (HeyGen's legacy v1/v2 API wants an API key),
 * raised before anything is sent. Its code lets the router move a portable call to an API-key account.
 */
function oauthRefused(tool: ToolDefinition): HeyGenClientError {
  const { method, path } = tool.endpoint;
  const replacement = tool.legacy?.replacement;
  return new HeyGenClientError(
    `${tool.name} calls HeyGen's ${method} ${path}, which accepts API keys only; this account is connected with OAuth.`,
    {
      code: 'oauth_not_accepted',
      tool: tool.name,
      hint: `Use an account added with an API key (--account NAME)${replacement ? `, or the v3 tool ${replacement}` : ''}.`,
    },
  );
}

/**
 * Creates the HeyGen client. Every HTTP detail of HeyGen lives behind it: `X-Api-Key` auth, the
 * `User-Agent: heygate/<version>` header, hosts, envelopes v1/v2/v3, error classes, per-class timeouts, the
 * one retry policy, Idempotency-Keys, uploads, pagination and job waits.
 *
 * @example
 * const client = createHeyGenClient({ apiKey: 'sandbox-key', baseUrl: 'http://emulator.local', fetch: emulator.fetch });
 * const { data } = await client.call('video_get', { video_id: 'abc' });
 */
export function createHeyGenClient(options: HeyGenClientOptions): HeyGenClient {
  const credentials = credentialsOf(options);
  const env = options.env ?? process.env;
  const envBaseUrl = env['HEYGEN_BASE_URL'] || undefined;
  const baseUrl = options.baseUrl ?? envBaseUrl ?? defaultBaseUrl;
  const uploadBaseUrl = options.uploadBaseUrl ?? envBaseUrl ?? defaultUploadBaseUrl;
  const clock = options.clock ?? { now: () => Date.now() };
  const random = options.random ?? Math.random;
  const generateIdempotencyKey = options.generateIdempotencyKey ?? randomUUID;
  const fetchFunction = options.fetch ?? globalThis.fetch;
  const guard = createUrlGuard({
    ...options.urlGuard,
    trusted: { origins: [baseUrl, uploadBaseUrl], fetch: fetchFunction },
  });
  const timeouts: Timeouts = { ...defaultTimeouts, ...options.timeouts };
  const policy = retryPolicy({ ...options.retry, random, sleep: options.sleep });
  const transport = createTransport({
    credentials,
    fetch: fetchFunction,
    userAgent,
    timeouts,
    now: () => clock.now(),
    eventStreamLimits: { ...defaultEventStreamLimits, ...options.eventStreamLimits },
  });
  const legacyCalls = options.legacyCalls ?? (env['HEYGATE_LEGACY_CALLS'] === 'send' ? 'send' : 'refuse');
  const wake = createWakeRegistry();
  const outputWarnings = options.outputWarnings ?? processOutputWarnings;
  const ownTools = options.tools ? new Map(options.tools.map((tool) => [tool.name, tool])) : undefined;

  function resolveTool(tool: string | ToolDefinition): ToolDefinition {
    if (typeof tool !== 'string') return tool;
    if (!ownTools) return getTool(tool);
    const found = ownTools.get(tool);
    if (!found) throw new UnknownToolError(tool);
    return found;
  }

  async function call(toolOrName: string | ToolDefinition, input: unknown, callOptions: CallOptions = {}) {
    const tool = resolveTool(toolOrName);
    const { signal } = callOptions;
    if (signal?.aborted) {
      throw new AbortedError(`The call to ${tool.name} was cancelled.`, {
        tool: tool.name,
        cause: signal.reason,
      });
    }
    const parsed = callOptions.validate === false ? input : parseInput(tool, input);
    checkWebhookUrl(tool.name, parsed, { allowLoopbackHttp: options.allowLoopbackHttpWebhooks ?? false });
    const implementation = tool.implementation;
    if (implementation.kind === 'composite')
      return callComposite(tool, implementation.run, parsed, callOptions);
    if (implementation.kind === 'wait') return callWait(tool, implementation.job, parsed, callOptions);
    if (tool.legacy && legacyCalls === 'refuse') {
      throw new EndpointSunsetError({
        tool: tool.name,
        endpoint: `${tool.endpoint.method} ${tool.endpoint.path}`,
        sunset: tool.legacy.sunset,
        ...(tool.legacy.replacement ? { replacement: tool.legacy.replacement } : {}),
      });
    }
    return callHttp(tool, parsed, callOptions);
  }

  async function callHttp(
    tool: ToolDefinition,
    input: unknown,
    callOptions: CallOptions,
  ): Promise<CallResult> {
    if (credentials.kind === 'oauth' && !tool.heygenAuth.includes('oauth')) throw oauthRefused(tool);
    const request = await buildRequest(tool, input, {
      baseUrl,
      uploadBaseUrl,
      ...(options.localFiles ? { localFiles: options.localFiles } : {}),
      download: (url, field) =>
        downloadFile(url, {
          guard,
          tool: tool.name,
          field,
          maxBytes: options.maxDownloadBytes ?? 32 * 1024 * 1024,
          timeoutMs: timeouts.uploadMs,
          signal: callOptions.signal,
        }),
    });
    // One key per call, reused by every retry: HeyGen replays the first result for a repeated key.
    const idempotencyKey = tool.idempotencyKey
      ? (callOptions.idempotencyKey ?? generateIdempotencyKey())
      : undefined;
    const { value, attempts } = await policy.run(
      () =>
        transport.send(request, {
          tool,
          signal: callOptions.signal,
          timeoutMs: callOptions.timeoutMs,
          idempotencyKey,
        }),
      {
        idempotent: tool.idempotent,
        idempotencyKey: idempotencyKey !== undefined,
        signal: callOptions.signal,
        tool: tool.name,
        onRetry: options.onRetry ? (event) => options.onRetry?.({ ...event, tool: tool.name }) : undefined,
      },
    );
    // Output parsing is tolerant (parseOutput never throws): unknown fields pass, drifted values come back as sent.
    const result: CallResult = { data: parseOutput(tool, value.data), status: value.status, attempts };
    if (value.requestId !== undefined) result.requestId = value.requestId;
    const warnings = outputWarnings.check(tool, value.data);
    if (warnings.length > 0) result.warnings = warnings;
    return result;
  }

  async function callComposite(
    tool: ToolDefinition,
    run: CompositeRun,
    input: unknown,
    callOptions: CallOptions,
  ): Promise<CallResult> {
    let attempts = 0;
    let status = 200;
    let requestId: string | undefined;
    let creditsCharged: number | undefined;
    const warnings: string[] = [];
    let innerCalls = 0;
    const data = await run(input, {
      signal: callOptions.signal,
      call: async (name, innerInput) => {
        innerCalls += 1;
        // Inner inputs are built by the translation, not checked by the caller: always validate them. A
        // caller's idempotency key is derived per inner call so two inner creates never share one.
        const inner = await call(name, innerInput, {
          signal: callOptions.signal,
          onProgress: callOptions.onProgress,
          timeoutMs: callOptions.timeoutMs,
          idempotencyKey:
            callOptions.idempotencyKey === undefined
              ? undefined
              : `${callOptions.idempotencyKey}-${innerCalls}`,
        });
        attempts += inner.attempts;
        status = inner.status;
        if (inner.requestId !== undefined) requestId = inner.requestId;
        if (inner.creditsCharged !== undefined) creditsCharged = (creditsCharged ?? 0) + inner.creditsCharged;
        if (inner.warnings) warnings.push(...inner.warnings);
        return inner.data;
      },
    });
    const result: CallResult = { data: parseOutput(tool, data), status, attempts };
    if (requestId !== undefined) result.requestId = requestId;
    if (creditsCharged !== undefined) result.creditsCharged = creditsCharged;
    if (warnings.length > 0) result.warnings = warnings;
    return result;
  }

  async function callWait(
    tool: ToolDefinition,
    job: JobKind,
    input: unknown,
    callOptions: CallOptions,
  ): Promise<CallResult> {
    const record = (input ?? {}) as Record<string, unknown>;
    const id = record[job.idField];
    if (typeof id !== 'string' || id === '') {
      throw new InvalidInputError(tool.name, [
        {
          field: job.idField,
          expected: 'a non-empty string',
          message: `\`${job.idField}\` (the job id) is required.`,
        },
      ]);
    }
    const timeoutSeconds = record['timeout_seconds'];
    let attempts = 0;
    let status = 200;
    let requestId: string | undefined;
    const warnings: string[] = [];
    const counting = {
      call: async (
        name: string,
        pollInput: Record<string, unknown>,
        pollOptions: { signal?: AbortSignal },
      ) => {
        const result = await call(name, pollInput, pollOptions);
        attempts += result.attempts;
        status = result.status;
        requestId = result.requestId ?? requestId;
        if (result.warnings) warnings.push(...result.warnings);
        return result;
      },
    };
    const data = await waitFor(counting, job, id, {
      ...waitDependencies(),
      signal: callOptions.signal,
      onProgress: callOptions.onProgress,
      timeoutMs: typeof timeoutSeconds === 'number' ? timeoutSeconds * 1000 : callOptions.timeoutMs,
    });
    const result: CallResult = { data: parseOutput(tool, data), status, attempts };
    if (requestId !== undefined) result.requestId = requestId;
    if (warnings.length > 0) result.warnings = warnings;
    return result;
  }

  function waitDependencies(): Pick<WaitForOptions, 'clock' | 'sleep' | 'random' | 'wake'> {
    return { clock, sleep: options.sleep, random, wake };
  }

  return {
    baseUrl,
    uploadBaseUrl,
    call,
    resolveTool,
    waitFor(job, id, waitOptions = {}) {
      const { onWarnings, ...options } = waitOptions;
      const polling: typeof call = async (...args) => {
        const result = await call(...args);
        if (result.warnings) onWarnings?.(result.warnings);
        return result;
      };
      return waitFor({ call: polling }, job, id, { ...options, ...waitDependencies() });
    },
    paginate(toolOrName, input = {}, paginateOptions = {}) {
      return paginate({ call }, resolveTool(toolOrName), input, paginateOptions);
    },
    wakeUp(job, id) {
      return wake.wakeUp(typeof job === 'string' ? job : job.kind, id);
    },
  };
}
