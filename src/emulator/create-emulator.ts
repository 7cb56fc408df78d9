import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import type { Envelope, ToolDefinition } from '../catalog/define-tool.ts';
import { InvalidInputError } from '../catalog/errors.ts';
import { catalog as heygateCatalog } from '../catalog/index.ts';
import { parseInput } from '../catalog/validate.ts';
import { hashKey, type Account } from './account.ts';
import {
  bodyFingerprint,
  createIdempotencyStore,
  idempotencyKeyPattern,
  type StoredResponse,
} from './create-idempotency-store.ts';
import { mediaPrefix } from './create-media-store.ts';
import {
  createOAuthServer,
  type EmulatorOAuthOptions,
  type EmulatorOAuthSnapshot,
} from './create-oauth-server.ts';
import { createRandom } from './create-random.ts';
import { createRateLimiter } from './create-rate-limiter.ts';
import { createRouteTable, type Route } from './create-route-table.ts';
import type { WebhookDelivery } from './create-webhook-dispatcher.ts';
import type { EmulatorClock } from './emulator-clock.ts';
import { createEmulatorCore } from './emulator-core.ts';
import { EmulatorError } from './emulator-error.ts';
import { approveConsent } from './handlers/avatars.ts';
import type { HandlerContext, ToolHandler } from './handlers/handler-context.ts';
import { handlers } from './handlers/index.ts';
import { maxUploadBytes } from './handlers/assets.ts';
import { jobPhase } from './job.ts';
import { parseFaultSpec, type FaultRule } from './parse-fault-spec.ts';
import { readToolInput } from './read-tool-input.ts';
import { createSystemClock } from './system-clock.ts';

/** Options of {@link createEmulator}. */
export interface EmulatorOptions {
  /** API keys that exist (each is an account); any other key gets HeyGen's 401. Default `['sandbox-key']`. */
  keys?: readonly string[];
  /** How long every job (render, translation, clone, …) takes, in seconds of emulator time. Default 10. */
  renderSeconds?: number;
  /** Per-key limits: requests per minute (default unlimited) and concurrent running jobs (default 10, HeyGen's pay-as-you-go limit). */
  rateLimit?: { requestsPerMinute?: number; concurrentJobs?: number };
  /** Fault injection rules, as a spec string (see parse-fault-spec.ts) or parsed rules. */
  faults?: string | readonly FaultRule[];
  /** Seed of ids, library data, failure and fault rolls. Default 1. */
  seed?: string | number;
  /** Share of jobs that fail (0..1), deterministic by seed and job id. Default 0. */
  failureRate?: number;
  /** The clock (a manual clock in tests); default real time. */
  clock?: EmulatorClock;
  /** Credits each new account starts with. Default 1000. */
  startingCredits?: number;
  /** Sends webhook deliveries (tests inject one); default the global fetch, loopback targets only. */
  webhookFetch?: typeof fetch;
  /** Deliver webhooks to non-loopback URLs with the global fetch (default false: the emulator stays offline). */
  allowExternalWebhooks?: boolean;
  /** Origin of media URLs (e.g. behind a proxy); default the origin of each request. */
  publicBaseUrl?: string;
  /** The tools to serve; default heygate's catalog. */
  catalog?: readonly ToolDefinition[];
  /**
   * HeyGen's OAuth provider: consent page (or immediate approval), token, refresh, revoke and client
   * registration on the emulator's origin; access tokens expire on the emulator clock.
   */
  oauth?: EmulatorOAuthOptions;
  /**
   * How often (ms) a real-time emulator completes due jobs and retries webhooks without being asked. Default
   * 250 with the default clock; off (0) when a clock is injected (tests drive time with `clock.advance`).
   */
  tickIntervalMs?: number;
}

/** One request the emulator answered (API keys appear only as a hash). */
export interface RequestLogEntry {
  /** Emulator time (ms). */
  at: number;
  method: string;
  path: string;
  /** Catalog tool of the route, when one matched. */
  tool: string | null;
  /** First 12 hex digits of SHA-256 of the API key, or null without a key. */
  keyHash: string | null;
  idempotencyKey: string | null;
  status: number;
  /** Injected fault, if any. */
  fault: string | null;
  /** True when the answer was an idempotent replay. */
  replayed: boolean;
  /**
   * True when the handler ran to completion: HeyGen did the work (and charged for it), whatever the answer then
   * was (an `-after` fault replaces it). False for replays, refusals and faults before processing.
   */
  processed: boolean;
  /** True for a replay whose first request had a different body (HeyGen replays it and logs a warning). */
  idempotencyMismatch: boolean;
}

/** A job as `inspect.jobs` reports it. */
export interface JobSnapshot {
  id: string;
  kind: string;
  state: 'blocked' | 'queued' | 'running' | 'succeeded' | 'failed';
  credits: number;
}

/** What tests and other suites can observe. */
export interface EmulatorInspector {
  /** Renders accepted (paid jobs: videos of every API, translations, lipsyncs, …) for a key, or all keys. */
  renders(key?: string): number;
  /** Remaining credits of a key (default the first key). */
  credits(key?: string): number;
  /** Credits spent (charged minus refunds) by a key (default the first key). */
  creditsSpent(key?: string): number;
  /** The request log, optionally for one key or one tool. */
  requests(filter?: { key?: string; tool?: string }): readonly RequestLogEntry[];
  /** Jobs of a key (default all keys). */
  jobs(key?: string): JobSnapshot[];
  /** Webhook deliveries (attempt series), optionally for one key. */
  webhookDeliveries(key?: string): readonly WebhookDelivery[];
  /** The raw state of an account, for assertions. */
  account(key?: string): Account | undefined;
  /** Stable ids from the public library to build calls with. */
  library(): EmulatorLibraryIds;
  /** OAuth clients, consents (by key hash, never a token), tokens issued, refreshes and revocations. */
  oauth(): EmulatorOAuthSnapshot;
}

/** Handy public ids. */
export interface EmulatorLibraryIds {
  /** A public look (studio avatar) that supports every engine, usable as `avatar_id`. */
  avatarId: string;
  /** Its avatar group. */
  avatarGroupId: string;
  /** A public English voice. */
  voiceId: string;
  /** A public template with text variables. */
  templateId: string;
  /** Translation target languages. */
  languages: readonly string[];
  /** A video-agent style. */
  styleId: string;
}

/** A running emulator. */
export interface Emulator {
  /** Answers a request in-process (no socket): pass it as the HeyGen client's `fetch`. */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /** Listens on 127.0.0.1 (port 0 = any free port) and returns the base URL. */
  listen(port?: number, hostname?: string): Promise<{ url: string }>;
  /** Stops listening, ends hanging (timeout-fault) requests and the real-time ticker. */
  close(): Promise<void>;
  /** The API keys that exist. */
  readonly keys: string[];
  /** The emulator's clock; `advance` also completes due jobs and sends due webhooks. */
  readonly clock: EmulatorClock;
  /** The URL while listening. */
  readonly url: string | undefined;
  inspect: EmulatorInspector;
  /** Adds an account (key) at runtime. */
  addKey(key: string, options?: { credits?: number }): void;
  /** Sets a key's credit balance (e.g. to test 402). */
  setCredits(key: string, credits: number): void;
  /** Resolves when no webhook delivery is in flight. */
  idle(): Promise<void>;
  /**
   * Makes every OAuth access token (of one key's account, or all) invalid at once — as a password change at
   * HeyGen would — so the next call with one gets 401. Returns how many were invalidated.
   */
  invalidateAccessTokens(key?: string): number;
}

/** How many requests `inspect.requests()` remembers. */
const maxLoggedRequests = 10_000;

type Transport =
  { kind: 'in-process' } | { kind: 'socket'; incoming: IncomingMessage; outgoing: ServerResponse };

/** Signals that the answer is a destroyed connection (fault `reset`). */
class ConnectionReset extends Error {}

interface Sleeper {
  due: number;
  resolve: () => void;
  reject: (error: unknown) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** The envelope of a path when no route matched (v3 paths: v3; /v2: v2; else v1). */
function envelopeOfPath(pathname: string): Envelope {
  if (pathname.startsWith('/v3/')) return 'v3';
  if (pathname.startsWith('/v2/')) return 'v2';
  return 'v1';
}

/** Renders a HeyGen error in the envelope of the endpoint. */
function errorResponse(envelope: Envelope, error: EmulatorError, requestId: string): Response {
  const headers = { ...error.headers, 'x-request-id': requestId };
  if (envelope === 'v3') {
    return jsonResponse(
      error.status,
      { error: { code: error.code, message: error.message, param: error.param, doc_url: null } },
      headers,
    );
  }
  if (envelope === 'v2') {
    return jsonResponse(
      error.status,
      { data: null, error: { code: error.code, message: error.message, param: error.param } },
      headers,
    );
  }
  return jsonResponse(
    error.status,
    { code: error.legacyCode, message: error.message, msg: error.message },
    headers,
  );
}

/** Wraps a handler result in the endpoint's success envelope. */
function successBody(envelope: Envelope, data: unknown, extra: Record<string, unknown> = {}): unknown {
  if (envelope === 'v3') return { data, ...extra };
  if (envelope === 'v2') return { error: null, data, ...extra };
  return { code: 100, data, msg: null, message: null, ...extra };
}

function networkError(code: string, message: string): TypeError {
  const cause = Object.assign(new Error(message), { code });
  return new TypeError('fetch failed', { cause });
}

/**
 * Creates a faithful, stateful, offline HeyGen: every HTTP endpoint of the catalog (routes derived from it),
 * per-key accounts with credits, HeyGen's envelopes and errors, job lifecycles on the clock, signed expiring
 * media URLs, signed webhooks, idempotency, rate limits and fault injection. See README.md.
 */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const clock = options.clock ?? createSystemClock();
  const seed = options.seed ?? 1;
  const renderMs = Math.max(0, (options.renderSeconds ?? 10) * 1000);
  const core = createEmulatorCore({
    clock,
    seed,
    renderMs,
    failureRate: options.failureRate ?? 0,
    concurrentJobs: options.rateLimit?.concurrentJobs ?? 10,
    startingCredits: options.startingCredits ?? 1000,
    webhookFetch: options.webhookFetch,
    allowExternalWebhooks: options.allowExternalWebhooks,
  });
  const keys = [...(options.keys ?? ['sandbox-key'])];
  for (const key of keys) core.addAccount(key);
  const routes = createRouteTable(options.catalog ?? heygateCatalog);
  const faultRules =
    typeof options.faults === 'string' ? parseFaultSpec(options.faults) : [...(options.faults ?? [])];
  const faultRandom = createRandom(`${seed}:faults`);
  const limiter = createRateLimiter(options.rateLimit?.requestsPerMinute ?? 0);
  const idempotency = createIdempotencyStore();
  const oauth = createOAuthServer({
    ...options.oauth,
    clock,
    accounts: () => [...core.accounts.values()],
  });
  const requestLog: RequestLogEntry[] = [];
  const sleepers = new Set<Sleeper>();
  const hanging = new Set<() => void>();
  let server: ReturnType<typeof createAdaptorServer> | undefined;
  let url: string | undefined;
  let closed = false;

  const runTimers = () => {
    const now = clock.now();
    for (const sleeper of [...sleepers]) {
      if (sleeper.due <= now) {
        sleepers.delete(sleeper);
        if (sleeper.timer) clearTimeout(sleeper.timer);
        sleeper.resolve();
      }
    }
  };

  /**
   * Waits until `from + ms` of emulator time: a manual clock resolves it on `advance`, the real clock on a
   * timer. Measured from the request's arrival, so advancing the clock right after sending works.
   */
  const sleep = (ms: number, signal: AbortSignal | undefined, from = clock.now()) =>
    new Promise<void>((resolve, reject) => {
      const sleeper: Sleeper = { due: from + ms, resolve, reject, timer: undefined };
      sleeper.timer = setTimeout(runTimers, Math.max(0, from + ms - clock.now()) + 1);
      sleeper.timer.unref?.();
      sleepers.add(sleeper);
      signal?.addEventListener(
        'abort',
        () => {
          sleepers.delete(sleeper);
          if (sleeper.timer) clearTimeout(sleeper.timer);
          reject(signal.reason);
        },
        { once: true },
      );
      runTimers();
    });

  const emulatorClock: EmulatorClock = {
    now: () => clock.now(),
    advance(ms) {
      clock.advance(ms);
      runTimers();
      core.runDue();
    },
  };

  const tickMs = options.tickIntervalMs ?? (options.clock ? 0 : 250);
  const ticker = tickMs > 0 ? setInterval(() => core.runDue(), tickMs) : undefined;
  ticker?.unref?.();

  const pickFault = (request: Request, pathname: string): FaultRule | undefined => {
    const header = request.headers.get('x-emulator-fault');
    if (header) {
      const rules = parseFaultSpec(header);
      return rules.find((rule) => !rule.pathPrefix || pathname.startsWith(rule.pathPrefix));
    }
    for (const rule of faultRules) {
      if (rule.pathPrefix && !pathname.startsWith(rule.pathPrefix)) continue;
      if (faultRandom.next() < rule.probability) return rule;
    }
    return undefined;
  };

  /** The answer a fault replaces the real answer with (slow is handled by the caller). */
  const faultAnswer = async (
    rule: FaultRule,
    envelope: Envelope,
    request: Request,
    transport: Transport,
  ): Promise<Response> => {
    const requestId = core.newId();
    switch (rule.kind) {
      case '500':
      case '502':
        return errorResponse(
          envelope,
          new EmulatorError({
            status: Number(rule.kind),
            code: rule.kind === '500' ? 'internal_error' : 'bad_gateway',
            message: rule.kind === '500' ? 'Internal server error.' : 'Bad gateway.',
          }),
          requestId,
        );
      case '503': {
        const retryAfter = String(Math.max(1, Math.round(rule.parameter ?? 2)));
        return errorResponse(
          envelope,
          new EmulatorError({
            status: 503,
            code: 'service_unavailable',
            message: 'The service is temporarily unavailable.',
            headers: { 'retry-after': retryAfter },
          }),
          requestId,
        );
      }
      case '429': {
        const retryAfter = String(Math.max(1, Math.round(rule.parameter ?? 2)));
        return errorResponse(envelope, rateLimited(retryAfter), requestId);
      }
      case 'malformed':
        return new Response('{"data": {"id": "', {
          status: 200,
          headers: { 'content-type': 'application/json' },
        });
      case 'html':
        return new Response(
          '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n',
          { status: 502, headers: { 'content-type': 'text/html' } },
        );
      case 'reset':
        throw new ConnectionReset();
      case 'timeout':
        return new Promise<Response>((_, reject) => {
          const end = (error: unknown) => {
            hanging.delete(onClose);
            reject(error);
          };
          const onClose = () => end(new ConnectionReset());
          hanging.add(onClose);
          if (request.signal.aborted) end(request.signal.reason);
          request.signal.addEventListener('abort', () => end(request.signal.reason), { once: true });
          if (transport.kind === 'socket')
            transport.incoming.socket.once('close', () => end(new ConnectionReset()));
        });
      case 'slow':
        throw new Error('slow faults are applied by the pipeline');
    }
  };

  const rateLimited = (retryAfter: string) =>
    new EmulatorError({
      status: 429,
      code: 'rate_limit_exceeded',
      message: 'Too many requests. Retry after the duration specified in the Retry-After header.',
      legacyCode: 429,
      headers: { 'retry-after': retryAfter },
    });

  const unauthorized = (message = 'Invalid or expired API key. Verify your x-api-key header.') =>
    new EmulatorError({ status: 401, code: 'authentication_failed', message, legacyCode: 401 });

  /**
   * Finds the account of a request and how it authenticated: `X-Api-Key`, an OAuth access token as Bearer where
   * the endpoint accepts one (v3), or a streaming session token. Answers HeyGen's 401 otherwise, saying why.
   */
  const authenticate = (
    request: Request,
    tool: ToolDefinition,
  ): { account: Account; authKind: 'api_key' | 'oauth' } | EmulatorError => {
    const apiKey = request.headers.get('x-api-key');
    if (apiKey) {
      const account = core.accounts.get(apiKey.trim());
      return account ? { account, authKind: 'api_key' } : unauthorized();
    }
    const authorization = request.headers.get('authorization') ?? '';
    const bearer = /^Bearer\s+(.+)$/i.exec(authorization)?.[1]?.trim();
    if (!bearer) return unauthorized();
    if (tool.heygenAuth.includes('streaming_token')) {
      const token = core.streamingTokens.get(bearer);
      const account = token && token.expiresAt > clock.now() ? core.accounts.get(token.key) : undefined;
      if (account) return { account, authKind: 'api_key' };
    }
    const check = oauth.checkBearer(bearer);
    if (!tool.heygenAuth.includes('oauth')) {
      return unauthorized(
        check.kind === 'ok'
          ? 'This endpoint does not accept OAuth access tokens; send your API key in X-Api-Key.'
          : undefined,
      );
    }
    if (check.kind === 'ok') return { account: check.account, authKind: 'oauth' };
    if (check.kind === 'expired') return unauthorized('The access token has expired; refresh it.');
    if (check.kind === 'revoked') return unauthorized('The access token has been revoked.');
    return unauthorized('Invalid access token.');
  };

  const handlerOf = (route: Route): ToolHandler | undefined =>
    handlers[route.tool.name] ?? route.aliases.map((tool) => handlers[tool.name]).find(Boolean);

  /** Emulator-only pages: share pages, consent pages, uploads, health. */
  const serveEmulatorPath = async (request: Request, pathname: string): Promise<Response> => {
    if (pathname.startsWith(`${mediaPrefix}uploads/`) && request.method === 'PUT') {
      const verified = core.media.verify(request);
      if ('denied' in verified) return verified.denied;
      const assetId = verified.path.slice('uploads/'.length);
      for (const account of core.accounts.values()) {
        const asset = account.assets.get(assetId);
        if (!asset) continue;
        const bytes = new Uint8Array(await request.arrayBuffer());
        core.media.put(asset.mediaPath, { contentType: asset.contentType, bytes });
        return new Response(null, { status: 200, headers: { etag: `"${assetId}"` } });
      }
      return new Response('Not Found', { status: 404 });
    }
    if (pathname.startsWith(mediaPrefix) && (request.method === 'GET' || request.method === 'HEAD')) {
      return core.media.serve(request);
    }
    const share = /^\/emulator\/share\/([0-9a-f]{32})$/.exec(pathname);
    if (share) {
      const html = `<!doctype html><html><head><title>Shared video</title></head><body><h1>Video ${share[1]}</h1><p>Served by the heygate HeyGen emulator.</p></body></html>`;
      return new Response(html, { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' } });
    }
    const consent = /^\/emulator\/consent\/([0-9a-f]{32})$/.exec(pathname);
    if (consent) {
      for (const account of core.accounts.values()) {
        const group = account.avatarGroups.get(consent[1] as string);
        if (!group) continue;
        // Opening the consent page stands in for the person recording their consent.
        approveConsent({ core, account }, group);
        return new Response('<!doctype html><html><body><h1>Consent recorded</h1></body></html>', {
          status: 200,
          headers: { 'content-type': 'text/html; charset=utf-8' },
        });
      }
      return new Response('Not Found', { status: 404 });
    }
    if (pathname === '/emulator/health')
      return jsonResponse(200, { ok: true, emulator: 'heygate', accounts: core.accounts.size });
    return new Response('Not Found', { status: 404 });
  };

  const handle = async (request: Request, transport: Transport): Promise<Response> => {
    if (closed) throw new ConnectionReset();
    core.runDue();
    const url = new URL(request.url);
    const pathname = url.pathname.replace(/\/+$/, '') || '/';
    if (pathname.startsWith('/emulator/')) return serveEmulatorPath(request, pathname);
    if (pathname.startsWith('/oauth/') || pathname.startsWith('/v1/oauth/')) {
      const answer = await oauth.handle(request, pathname);
      if (answer) return answer;
    }

    const match = routes.match(request.method, pathname);
    const route = match.kind === 'route' ? match.route : undefined;
    const envelope = route?.tool.endpoint.envelope ?? envelopeOfPath(pathname);
    const requestId = core.newId();
    const entry: RequestLogEntry = {
      at: clock.now(),
      method: request.method,
      path: pathname,
      tool: route?.tool.name ?? null,
      keyHash: null,
      idempotencyKey: request.headers.get('idempotency-key'),
      status: 0,
      fault: null,
      replayed: false,
      processed: false,
      idempotencyMismatch: false,
    };
    requestLog.push(entry);
    // A long-running emulator (the CLI) keeps the most recent requests only.
    if (requestLog.length > maxLoggedRequests) requestLog.splice(0, requestLog.length - maxLoggedRequests);
    const finish = (response: Response): Response => {
      entry.status = response.status;
      return response;
    };
    const fail = (error: EmulatorError) => finish(errorResponse(envelope, error, requestId));

    let fault: FaultRule | undefined;
    try {
      fault = pickFault(request, pathname);
    } catch (error) {
      return fail(
        EmulatorError.invalid('X-Emulator-Fault', error instanceof Error ? error.message : String(error)),
      );
    }
    if (fault) entry.fault = `${fault.kind}${fault.after ? '-after' : ''}`;
    if (fault && !fault.after && fault.kind !== 'slow') {
      const answer = await faultAnswer(fault, envelope, request, transport);
      return finish(answer);
    }

    if (match.kind === 'none') {
      return fail(
        new EmulatorError({
          status: 404,
          code: 'not_found',
          message: `No such endpoint: ${request.method} ${pathname}`,
        }),
      );
    }
    if (match.kind === 'method_not_allowed') {
      return fail(
        new EmulatorError({
          status: 405,
          code: 'method_not_allowed',
          message: `${request.method} is not allowed on ${pathname}.`,
          headers: { allow: match.allowed.join(', ') },
        }),
      );
    }
    const tool = match.route.tool;
    const caller = authenticate(request, tool);
    if (caller instanceof EmulatorError) return fail(caller);
    const { account, authKind } = caller;
    entry.keyHash = account.keyHash;

    const retryAfter = limiter.take(account.keyHash, clock.now());
    if (retryAfter > 0) return fail(rateLimited(String(retryAfter)));

    let input: unknown;
    try {
      const raw = await readToolInput(tool, request, match.params, { maxUploadBytes });
      input = parseInput(tool, raw);
    } catch (error) {
      if (error instanceof EmulatorError) return fail(error);
      if (error instanceof InvalidInputError) {
        const first = error.issues[0];
        return fail(
          new EmulatorError({
            status: 400,
            code: 'invalid_parameter',
            message: error.issues.map((issue) => issue.message).join('; ') || error.message,
            param: first?.field ?? null,
            legacyCode: 400,
          }),
        );
      }
      throw error;
    }

    // Endpoints that do not honour Idempotency-Key ignore the header, as HeyGen does.
    const idempotencyKey = tool.idempotencyKey === true ? request.headers.get('idempotency-key') : null;
    const honoursKey = idempotencyKey !== null;
    if (idempotencyKey !== null && !idempotencyKeyPattern.test(idempotencyKey)) {
      return fail(
        EmulatorError.invalid(
          'Idempotency-Key',
          'Idempotency-Key must be 1-255 characters of A-Z, a-z, 0-9, underscore, hyphen, colon or period.',
        ),
      );
    }
    // Scoped to the account, the endpoint and its path parameters.
    const scope = `${account.keyHash} ${request.method} ${pathname}`;
    if (idempotencyKey !== null) {
      const lookup = idempotency.begin(scope, idempotencyKey, bodyFingerprint(input), clock.now());
      if (lookup.state === 'in_flight') {
        return fail(
          new EmulatorError({
            status: 409,
            code: 'request_in_progress',
            message: 'A request with this Idempotency-Key is still being processed. Retry later.',
            legacyCode: 409,
          }),
        );
      }
      if (lookup.state === 'done') {
        entry.replayed = true;
        entry.idempotencyMismatch = lookup.bodyDiffers;
        const stored = lookup.response;
        return finish(
          new Response(stored.body, {
            status: stored.status,
            headers: { ...stored.headers, 'idempotent-replayed': 'true' },
          }),
        );
      }
    }

    let response: Response;
    let stored: StoredResponse | undefined;
    try {
      if (fault?.kind === 'slow') await sleep(fault.parameter ?? 2000, request.signal, entry.at);
      const handler = handlerOf(match.route);
      if (!handler) throw new Error(`The emulator has no handler for ${tool.name}`);
      const origin = options.publicBaseUrl?.replace(/\/+$/, '') ?? url.origin;
      const now = clock.now();
      const context: HandlerContext = {
        core,
        tool,
        input,
        account,
        authKind,
        origin,
        now,
        forceFailure: /^fail(ed|ure)?$/i.test(request.headers.get('x-emulator-job-outcome') ?? ''),
        request,
        url: (path) => core.media.url(origin, path),
        sleep: (ms, signal) => sleep(ms, signal ? AbortSignal.any([request.signal, signal]) : request.signal),
      };
      const result = await handler(context);
      // A request deduplicated by a body field did no new work: a replay, like a repeated Idempotency-Key.
      if (result.replayed) entry.replayed = true;
      else entry.processed = true;
      if (result.response) {
        result.response.headers.set('x-request-id', requestId);
        return finish(result.response);
      }
      const status = result.status ?? 200;
      const body = JSON.stringify(successBody(tool.endpoint.envelope, result.data, result.extra));
      const headers = { 'content-type': 'application/json', 'x-request-id': requestId };
      stored = { status, headers, body };
      response = new Response(body, { status, headers });
    } catch (error) {
      if (honoursKey) idempotency.release(scope, idempotencyKey);
      if (error instanceof EmulatorError) return fail(error);
      throw error;
    }
    if (honoursKey) idempotency.complete(scope, idempotencyKey, stored, clock.now());
    // An `-after` fault follows work. A replay did none — a repeated key is answered before the handler, and a
    // request deduplicated by a body field the same way — so its answer is the first one, unchanged.
    if (fault?.after && !entry.replayed)
      return finish(await faultAnswer(fault, envelope, request, transport));
    return finish(response);
  };

  const internalError = (error: unknown) =>
    jsonResponse(500, {
      error: {
        code: 'internal_error',
        message: `Emulator error: ${error instanceof Error ? error.message : String(error)}`,
        param: null,
        doc_url: null,
      },
    });

  const accountOf = (key?: string): Account | undefined => core.accounts.get(key ?? keys[0] ?? 'sandbox-key');

  const emulator: Emulator = {
    async fetch(input, init) {
      const request = input instanceof Request && init === undefined ? input : new Request(input, init);
      try {
        return await handle(request, { kind: 'in-process' });
      } catch (error) {
        if (error instanceof ConnectionReset) throw networkError('ECONNRESET', 'socket hang up');
        if (request.signal.aborted && error === request.signal.reason) throw error;
        return internalError(error);
      }
    },

    async listen(port = 0, hostname = '127.0.0.1') {
      if (server) throw new Error('The emulator is already listening.');
      server = createAdaptorServer({
        fetch: async (request: Request, env: unknown) => {
          const { incoming, outgoing } = env as { incoming: IncomingMessage; outgoing: ServerResponse };
          try {
            return await handle(request, { kind: 'socket', incoming, outgoing });
          } catch (error) {
            if (error instanceof ConnectionReset || request.signal.aborted) {
              outgoing.on('error', () => undefined);
              incoming.socket.destroy();
              return new Response(null, { status: 499 });
            }
            return internalError(error);
          }
        },
      });
      const listening = server;
      await new Promise<void>((resolve, reject) => {
        listening.once('error', reject);
        listening.listen(port, hostname, () => resolve());
      });
      const address = listening.address() as AddressInfo;
      const host = hostname.includes(':') ? `[${hostname}]` : hostname;
      url = `http://${host}:${address.port}`;
      return { url };
    },

    async close() {
      closed = true;
      if (ticker) clearInterval(ticker);
      for (const end of [...hanging]) end();
      for (const sleeper of [...sleepers]) {
        sleepers.delete(sleeper);
        if (sleeper.timer) clearTimeout(sleeper.timer);
        sleeper.reject(new ConnectionReset());
      }
      const listening = server;
      server = undefined;
      url = undefined;
      if (listening) {
        await new Promise<void>((resolve) => {
          listening.close(() => resolve());
          if ('closeAllConnections' in listening) listening.closeAllConnections();
        });
      }
      await core.webhooks.idle();
    },

    keys,
    clock: emulatorClock,
    get url() {
      return url;
    },

    addKey(key, addOptions = {}) {
      core.addAccount(key, addOptions.credits);
      if (!keys.includes(key)) keys.push(key);
    },

    setCredits(key, credits) {
      const account = core.accounts.get(key);
      if (!account) throw new Error(`Unknown emulator key (hash ${hashKey(key)})`);
      account.credits = credits;
    },

    idle: () => core.webhooks.idle(),

    invalidateAccessTokens(key) {
      if (key === undefined) return oauth.invalidateAccessTokens();
      const account = core.accounts.get(key);
      return account ? oauth.invalidateAccessTokens(account) : 0;
    },

    inspect: {
      renders(key) {
        if (key !== undefined) return core.accounts.get(key)?.renders ?? 0;
        let total = 0;
        for (const account of core.accounts.values()) total += account.renders;
        return total;
      },
      credits: (key) => accountOf(key)?.credits ?? 0,
      creditsSpent: (key) => accountOf(key)?.creditsSpent ?? 0,
      requests(filter = {}) {
        const keyHash = filter.key === undefined ? undefined : hashKey(filter.key);
        return requestLog.filter(
          (entry) =>
            (keyHash === undefined || entry.keyHash === keyHash) &&
            (!filter.tool || entry.tool === filter.tool),
        );
      },
      jobs(key) {
        const accounts =
          key === undefined ? [...core.accounts.values()] : [core.accounts.get(key)].filter(Boolean);
        const now = clock.now();
        return accounts.flatMap((account) =>
          (account as Account).jobs.map((job) => ({
            id: job.id,
            kind: job.kind,
            state: jobPhase(job, now).state,
            credits: job.credits,
          })),
        );
      },
      webhookDeliveries(key) {
        const keyHash = key === undefined ? undefined : hashKey(key);
        return core.webhooks.deliveries.filter(
          (delivery) => keyHash === undefined || delivery.keyHash === keyHash,
        );
      },
      account: accountOf,
      library() {
        const group = core.library.avatarGroups[0];
        const look = group?.looks[0];
        const voice = core.library.voices.find((candidate) => candidate.locale === 'en-US');
        return {
          avatarId: look?.id ?? '',
          avatarGroupId: group?.id ?? '',
          voiceId: voice?.id ?? '',
          templateId: core.library.templates[0]?.id ?? '',
          languages: core.library.translationLanguages,
          styleId: core.library.styles[0]?.id ?? '',
        };
      },
      oauth: () => oauth.snapshot(),
    },
  };
  return emulator;
}
