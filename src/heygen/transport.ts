import type { ToolDefinition } from '../catalog/define-tool.ts';
import { HeyGateError } from '../catalog/errors.ts';
import type { PreparedRequest, TimeoutClass } from './build-request.ts';
import { unwrapEnvelope } from './envelope.ts';
import { AbortedError, HeyGenConnectionError, HeyGenTimeoutError } from './errors.ts';
import { credentialsOf, type HeyGenCredentials } from './heygen-credentials.ts';
import { readEventStream, type EventStreamLimits } from './read-event-stream.ts';
import { readRequestId } from './read-request-id.ts';
import { redactSecrets } from './redact-secrets.ts';

/** Per-class request timeouts in milliseconds. */
export interface Timeouts {
  /** Reads (`access: read`). Default 30 s. */
  readMs: number;
  /** Writes: creates, updates, deletes; some render synchronously (speech). Default 120 s. */
  writeMs: number;
  /** Multipart and raw uploads. Default 10 minutes. */
  uploadMs: number;
}

/** The defaults of `Timeouts`. */
export const defaultTimeouts: Timeouts = { readMs: 30_000, writeMs: 120_000, uploadMs: 600_000 };

/** Options of `createTransport`. */
export interface TransportOptions {
  /** HeyGen API key, sent as `X-Api-Key`; never put into messages. Ignored when `credentials` is given. */
  apiKey?: string;
  /**
   * An API key or an OAuth connection (`Authorization: Bearer`; after a 401 the request is sent once more
   * with a refreshed token — a 401 means HeyGen did nothing, so resending is safe).
   */
  credentials?: HeyGenCredentials;
  /** The `fetch` to use (injectable: tests and the in-process emulator). */
  fetch: typeof globalThis.fetch;
  /** `User-Agent` header value. */
  userAgent: string;
  /** Per-class timeouts. */
  timeouts: Timeouts;
  /** Current time in ms (injectable clock), for `Retry-After` dates. */
  now: () => number;
  /** How much of a Server-Sent Events answer one call reads. */
  eventStreamLimits: EventStreamLimits;
}

/** Per-attempt options of `send`. */
export interface SendOptions {
  /** The tool being called: its envelope, idempotency and list-ness shape the answer and the errors. */
  tool: ToolDefinition;
  /** Caller's cancellation. */
  signal?: AbortSignal;
  /** Overrides the class timeout for this request. */
  timeoutMs?: number;
  /** `Idempotency-Key` header value; the same for every attempt of one call. */
  idempotencyKey?: string;
}

/** A successful answer. */
export interface TransportResponse {
  /** The unwrapped data (see `unwrapEnvelope`). */
  data: unknown;
  /** HTTP status. */
  status: number;
  /** HeyGen's request id, when a header carried one. */
  requestId?: string;
}

/** Sends one HTTP attempt. */
export interface Transport {
  /** Sends `request` once and returns the unwrapped data, or throws a typed error. */
  send(request: PreparedRequest, options: SendOptions): Promise<TransportResponse>;
}

/**
 * The HTTP layer: one attempt per `send` (the retry policy decides about more). Adds the credentials
 * (`X-Api-Key`, or an OAuth `Authorization: Bearer` refreshed once after a 401), `User-Agent`, `Accept` and the
 * `Idempotency-Key`; bounds the attempt with the class timeout combined with the caller's signal
 * (`AbortSignal.any`); reads the body and unwraps HeyGen's envelope. Failures without an HTTP answer become
 * `AbortedError` (caller cancelled), `HeyGenTimeoutError` (timeout) or `HeyGenConnectionError` (reset,
 * refused, DNS). None of them carries the API key or a token.
 */
export function createTransport(options: TransportOptions): Transport {
  const credentials = credentialsOf(options);
  /** Secrets to keep out of messages: the key, or every access token this transport has sent. */
  const secrets: string[] = credentials.kind === 'api_key' ? [credentials.apiKey] : [];
  const remember = (token: string): string => {
    if (!secrets.includes(token)) secrets.push(token);
    if (secrets.length > 8) secrets.shift();
    return token;
  };

  async function send(request: PreparedRequest, sendOptions: SendOptions): Promise<TransportResponse> {
    const { tool } = sendOptions;
    const callerSignal = sendOptions.signal;
    if (callerSignal?.aborted) throw aborted(tool, callerSignal);
    const timeoutMs = sendOptions.timeoutMs ?? timeoutFor(request.timeoutClass, options.timeouts);
    const timeoutSignal = AbortSignal.timeout(timeoutMs);
    const signal = callerSignal ? AbortSignal.any([callerSignal, timeoutSignal]) : timeoutSignal;

    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': options.userAgent,
      ...request.headers,
    };
    if (sendOptions.idempotencyKey !== undefined) headers['idempotency-key'] = sendOptions.idempotencyKey;

    const fail = (error: unknown): never => {
      throw classify(error, { tool, request, callerSignal, timeoutSignal, timeoutMs, secrets });
    };
    const exchange = async (authorization: Record<string, string>) => {
      // Raced against the signal so a `fetch` that ignores its signal still cannot outlive the timeout.
      const answer = await untilAborted(
        options.fetch(request.url, {
          method: request.method,
          headers: { ...headers, ...authorization },
          body: request.body,
          signal,
        }),
        signal,
      );
      if (request.eventStream && answer.ok && isEventStream(answer)) return { answer, text: undefined };
      return { answer, text: await untilAborted(answer.text(), signal) };
    };
    let response: Response;
    let body: string | undefined;
    try {
      if (credentials.kind === 'api_key') {
        ({ answer: response, text: body } = await exchange({ 'x-api-key': credentials.apiKey }));
      } else {
        const token = remember(await credentials.accessToken(signal));
        ({ answer: response, text: body } = await exchange({ authorization: `Bearer ${token}` }));
        if (response.status === 401) {
          // HeyGen refused the token before doing anything: refresh once and send again.
          const fresh = remember(await credentials.refresh(token, signal));
          ({ answer: response, text: body } = await exchange({ authorization: `Bearer ${fresh}` }));
        }
      }
      if (body === undefined) {
        // A live event stream (Avatar Realtime word timings) is read as frames, not as one text body.
        const data = await readEventStream(response.body, { limits: options.eventStreamLimits, signal });
        return { data, status: response.status, requestId: readRequestId(response.headers) };
      }
    } catch (error) {
      return fail(error);
    }

    const data = unwrapEnvelope({
      envelope: tool.endpoint.envelope,
      status: response.status,
      headers: response.headers,
      body: body ?? '',
      paginated: tool.paginated,
      tool: tool.name,
      now: options.now(),
      secrets,
    });
    return { data, status: response.status, requestId: readRequestId(response.headers) };
  }

  return { send };
}

/** True for a `text/event-stream` answer (errors come back as JSON envelopes instead). */
function isEventStream(response: Response): boolean {
  return (response.headers.get('content-type') ?? '').toLowerCase().startsWith('text/event-stream');
}

function timeoutFor(timeoutClass: TimeoutClass, timeouts: Timeouts): number {
  if (timeoutClass === 'read') return timeouts.readMs;
  if (timeoutClass === 'upload') return timeouts.uploadMs;
  return timeouts.writeMs;
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function aborted(tool: ToolDefinition, signal: AbortSignal): AbortedError {
  return new AbortedError(`The call to ${tool.name} was cancelled.`, {
    tool: tool.name,
    cause: signal.reason,
  });
}

interface ClassifyContext {
  tool: ToolDefinition;
  request: PreparedRequest;
  callerSignal: AbortSignal | undefined;
  timeoutSignal: AbortSignal;
  timeoutMs: number;
  secrets: readonly string[];
}

/** Names what went wrong when no HTTP answer arrived. */
function classify(error: unknown, context: ClassifyContext): HeyGateError {
  const { tool, request } = context;
  if (context.callerSignal?.aborted) return aborted(tool, context.callerSignal);
  if (context.timeoutSignal.aborted) {
    const seconds = Math.round(context.timeoutMs / 100) / 10;
    const message = `HeyGen did not answer ${request.label} (${tool.name}) within ${seconds} s.`;
    if (tool.idempotent) {
      return new HeyGenTimeoutError(message, {
        tool: tool.name,
        timeoutMs: context.timeoutMs,
        retryable: true,
      });
    }
    // A create that timed out may have reached HeyGen and be rendering (and billing) already; sending it
    // again could make a second job. Never re-sent: the agent looks the job up first.
    const lookUp = tool.job
      ? ` with ${tool.job.statusTool} or the matching list tool`
      : ' with the matching list tool';
    return new HeyGenTimeoutError(`${message} It may still have been processed, so it was not sent again.`, {
      tool: tool.name,
      timeoutMs: context.timeoutMs,
      retryable: false,
      hint: `Look the result up${lookUp} before calling ${tool.name} again, or the work may be done twice.`,
    });
  }
  if (HeyGateError.isInstance(error)) return error;
  const host = safeHost(request.url);
  const reason = redactSecrets(describeNetworkError(error), context.secrets);
  return new HeyGenConnectionError(
    `Could not reach HeyGen at ${host} for ${request.label} (${tool.name}): ${reason}.`,
    {
      tool: tool.name,
      cause: error,
    },
  );
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the configured base URL';
  }
}

const networkReasons: Readonly<Record<string, string>> = {
  ECONNRESET: 'the connection was reset',
  ECONNREFUSED: 'the connection was refused',
  ENOTFOUND: 'the host name could not be resolved',
  EAI_AGAIN: 'the host name could not be resolved (temporary DNS failure)',
  ETIMEDOUT: 'connecting timed out',
  EPIPE: 'the connection was closed while sending',
  UND_ERR_SOCKET: 'the connection closed unexpectedly',
  UND_ERR_CONNECT_TIMEOUT: 'connecting timed out',
  UND_ERR_CLOSED: 'the connection was closed',
};

/** A short reason for a network failure: undici puts the system error code on `cause`. */
function describeNetworkError(error: unknown): string {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    current = (current as { cause?: unknown }).cause;
  }
  for (const code of codes) {
    const reason = networkReasons[code];
    if (reason) return `${reason} (${code})`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return codes[0] ? `${message} (${codes[0]})` : message;
}
