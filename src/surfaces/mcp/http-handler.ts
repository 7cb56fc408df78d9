import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import {
  CancelledNotificationSchema,
  isInitializeRequest,
  type JSONRPCMessage,
} from '@modelcontextprotocol/sdk/types.js';
import { HeyGateError } from '../../catalog/errors.ts';
import { readJsonBody } from '../internal/read-json-body.ts';
import { createMcpServer, type HeyGateMcpServer, type McpServerOptions } from './mcp-server.ts';
import { duplicateIdError } from './request-id-guard.ts';

/** Options of `createMcpHttpHandler`. */
export interface McpHttpHandlerOptions extends Omit<McpServerOptions, 'personaToken' | 'personaId'> {
  /**
   * How requests authenticate; every request must carry `Authorization: Bearer <token>`.
   * - `'persona'`: the bearer is a persona token. The executor (the gateway) checks it on every HTTP request
   *   and again on every tool call, so a revoked persona is refused on its next request even inside an open
   *   session.
   * - `{ token }`: one shared token (e.g. `HEYGATE_MCP_TOKEN`) for deployments without personas; calls run
   *   as the local operator. Use it with the bare executor, which accepts any persona token.
   */
  auth: 'persona' | { token: string };
  /** Host header values to accept (DNS-rebinding protection, recommended on loopback). */
  allowedHosts?: string[];
  /** Origin header values to accept. */
  allowedOrigins?: string[];
  /** Close a session after this long without a request (default 1 hour; 0 keeps sessions until DELETE). */
  sessionIdleMs?: number;
  /** Most concurrent sessions (default 1,000); further `initialize` requests get 503. */
  maxSessions?: number;
  /**
   * Largest POST body in bytes (default 48 MiB: a 32 MB file as base64 in a tool call). Larger is 413, refused
   * from `Content-Length` before reading and only after the bearer token was checked.
   */
  maxBodyBytes?: number;
  /**
   * Where sessions are shared with other gateway processes (ADR 0056): a request for a session another process
   * opened continues here. Without it, sessions live in this process only.
   */
  sessionRegistry?: McpSessionRegistry;
}

/** What another process needs to continue a session: who opened it and how it was initialized. */
export interface McpSessionRecord {
  /** SHA-256 (hex) of the bearer that opened the session. */
  tokenDigest: string;
  /** The client's `initialize` request, replayed to rebuild the session elsewhere. */
  initialize: unknown;
}

/** Sessions shared between gateway processes (e.g. `createRedisMcpSessionRegistry`). */
export interface McpSessionRegistry {
  save(id: string, record: McpSessionRecord): Promise<void>;
  load(id: string): Promise<McpSessionRecord | undefined>;
  /** Keeps a session that is in use alive for every process (its idle timeout starts again). */
  touch(id: string): Promise<void>;
  remove(id: string): Promise<void>;
  /**
   * Passes a client's `notifications/cancelled` for session `id` to the other processes: the request it cancels
   * may be running in one of them (ADR 0061).
   */
  cancel?(id: string, notification: unknown): void;
  /** Calls `listener` for each cancellation another process received; returns the unsubscribe. */
  onCancel?(listener: (id: string, notification: unknown) => void): () => void;
}

/** An MCP Streamable HTTP endpoint as a fetch-style handler, to mount at `/mcp` (e.g. in Hono). */
export interface McpHttpHandler {
  /** Answers one HTTP request (POST, GET or DELETE on the MCP endpoint). */
  fetch(request: Request): Promise<Response>;
  /** Closes every session. */
  close(): Promise<void>;
  /** Number of open sessions. */
  readonly sessionCount: number;
}

interface Session {
  mcp: HeyGateMcpServer;
  transport: WebStandardStreamableHTTPServerTransport;
  /** SHA-256 of the bearer that opened the session; later requests must present the same token. */
  tokenDigest: Buffer;
  lastSeen: number;
  /** When the shared record's idle timeout was last restarted (see `McpSessionRegistry.touch`). */
  sharedAt?: number;
}

/**
 * Serves heygate's MCP server over Streamable HTTP with one MCP session per client (`Mcp-Session-Id`), so
 * progress notifications stream on the call's response and `notifications/cancelled` reaches the running
 * call. Authentication happens on every request, before the MCP transport sees it; a session is bound to
 * the token that opened it. The composition root (`heygate serve`) mounts it:
 * `app.all('/mcp', (c) => handler.fetch(c.req.raw))`.
 */
export function createMcpHttpHandler(options: McpHttpHandlerOptions): McpHttpHandler {
  const {
    auth,
    allowedHosts,
    allowedOrigins,
    sessionIdleMs = 60 * 60_000,
    maxSessions = 1000,
    maxBodyBytes = 48 * 1024 * 1024,
    sessionRegistry,
    ...serverOptions
  } = options;
  const sharedDigest = auth === 'persona' ? undefined : digest(auth.token);
  const sessions = new Map<string, Session>();
  // A cancellation received by another process reaches the call it cancels if that call runs here: handed to the
  // session's transport as if this process had received it (unknown request ids are ignored by the SDK).
  const stopRelay = sessionRegistry?.onCancel?.((id, notification) => {
    sessions.get(id)?.transport.onmessage?.(notification as JSONRPCMessage);
  });

  const sweep =
    sessionIdleMs > 0
      ? setInterval(
          () => {
            const now = Date.now();
            for (const [id, session] of sessions)
              if (now - session.lastSeen > sessionIdleMs) void closeSession(id, session);
          },
          Math.min(sessionIdleMs, 60_000),
        )
      : undefined;
  sweep?.unref();

  async function closeSession(id: string, session: Session): Promise<void> {
    sessions.delete(id);
    await session.mcp.close().catch(() => {});
  }

  /** Null when the bearer is acceptable, else the refusal. */
  async function authenticate(token: string | undefined): Promise<Response | null> {
    if (token === undefined) return problem(401, 'missing_token', 'Send Authorization: Bearer <token>.');
    if (sharedDigest) {
      return timingSafeEqual(digest(token), sharedDigest)
        ? null
        : problem(401, 'invalid_token', 'The bearer token is not valid.');
    }
    try {
      await serverOptions.executor.visibleTools({ personaToken: token });
      return null;
    } catch (error) {
      if (!HeyGateError.isInstance(error)) throw error;
      return problem(401, error.code, error.message);
    }
  }

  /** A new MCP server and transport; `id` fixes the session id (when continuing a shared session). */
  async function build(token: string, id: () => string = randomUUID) {
    const mcp = await createMcpServer({
      ...serverOptions,
      personaToken: auth === 'persona' ? token : undefined,
      // Ids are claimed here, per POST, before the SDK transport maps them (see `forward`).
      claimRequestIds: false,
    });
    const tokenDigest = digest(token);
    const transport: WebStandardStreamableHTTPServerTransport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: id,
      onsessioninitialized: (sessionId) => {
        sessions.set(sessionId, { mcp, transport, tokenDigest, lastSeen: Date.now() });
      },
      onsessionclosed: (sessionId) => {
        sessions.delete(sessionId);
        void sessionRegistry?.remove(sessionId).catch(() => {});
      },
      allowedHosts,
      allowedOrigins,
      enableDnsRebindingProtection: allowedHosts !== undefined || allowedOrigins !== undefined,
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await mcp.connect(transport);
    return transport;
  }

  async function open(request: Request, token: string, parsedBody: unknown): Promise<Response> {
    if (sessions.size >= maxSessions) return problem(503, 'too_many_sessions', 'Too many open MCP sessions.');
    const transport = await build(token);
    const response = await transport.handleRequest(request, { parsedBody });
    const initialize = (Array.isArray(parsedBody) ? parsedBody : [parsedBody]).find(isInitializeRequest);
    if (sessionRegistry && transport.sessionId && initialize) {
      await sessionRegistry.save(transport.sessionId, {
        tokenDigest: digest(token).toString('hex'),
        initialize,
      });
    }
    return response;
  }

  /**
   * Continues here a session another process opened: replays its `initialize` and `initialized` into a new
   * transport that keeps the session's id. Undefined when no process knows the session.
   */
  async function resume(
    id: string,
    token: string,
    request: Request,
  ): Promise<Session | Response | undefined> {
    const record = await sessionRegistry?.load(id);
    if (!record) return undefined;
    if (!timingSafeEqual(digest(token), Buffer.from(record.tokenDigest, 'hex'))) {
      return problem(403, 'session_token_mismatch', 'This session was opened with a different token.');
    }
    if (sessions.size >= maxSessions) return problem(503, 'too_many_sessions', 'Too many open MCP sessions.');
    const transport = await build(token, () => id);
    const headers = new Headers(request.headers);
    headers.set('content-type', 'application/json');
    headers.set('accept', 'application/json, text/event-stream');
    headers.delete('content-length');
    headers.delete('mcp-session-id');
    const replay = async (message: unknown) => {
      const body = JSON.stringify(message);
      const answer = await transport.handleRequest(
        new Request(request.url, { method: 'POST', headers, body }),
        {
          parsedBody: message,
        },
      );
      await answer.text();
    };
    await replay(record.initialize);
    headers.set('mcp-session-id', id);
    await replay({ jsonrpc: '2.0', method: 'notifications/initialized' });
    return sessions.get(id);
  }

  /** Hands a POST to its session's transport, refusing a request id that is still in flight there. */
  async function forward(
    session: Session,
    request: Request,
    messages: readonly unknown[],
    body: unknown,
  ): Promise<Response> {
    const duplicate = session.mcp.requestIds.claim(messages);
    if (duplicate !== undefined) {
      return new Response(JSON.stringify(duplicateIdError(duplicate)), {
        status: 409,
        headers: { 'content-type': 'application/json' },
      });
    }
    const sessionId = session.transport.sessionId;
    if (sessionRegistry?.cancel && sessionId) {
      for (const message of messages.filter(isCancelledNotification))
        sessionRegistry.cancel(sessionId, message);
    }
    const response = await session.transport.handleRequest(request, { parsedBody: body });
    // A refused POST (bad message, wrong headers) is never answered on a stream: free its ids at once.
    if (response.status >= 400) session.mcp.requestIds.release(messages);
    return response;
  }

  return {
    async fetch(request) {
      const token = bearer(request);
      const refusal = await authenticate(token);
      if (refusal) return refusal;

      const sessionId = request.headers.get('mcp-session-id');
      let session = sessionId ? sessions.get(sessionId) : undefined;
      if (sessionId && !session) {
        const resumed = await resume(sessionId, token!, request);
        if (resumed instanceof Response) return resumed;
        session = resumed;
      }
      if (sessionId) {
        if (!session) return jsonRpcError(404, -32001, 'Session not found; send initialize again.');
        if (!timingSafeEqual(digest(token!), session.tokenDigest)) {
          return problem(403, 'session_token_mismatch', 'This session was opened with a different token.');
        }
        session.lastSeen = Date.now();
        if (sessionRegistry && session.lastSeen - (session.sharedAt ?? 0) > 60_000) {
          session.sharedAt = session.lastSeen;
          void sessionRegistry.touch(sessionId).catch(() => {});
        }
        if (request.method !== 'POST') return session.transport.handleRequest(request);
      } else if (request.method !== 'POST') {
        return jsonRpcError(400, -32000, 'Mcp-Session-Id header is required.');
      }

      let body: unknown;
      try {
        body = await readJsonBody(request, { maxBytes: maxBodyBytes });
      } catch (error) {
        if (!HeyGateError.isInstance(error)) throw error;
        if (error.code === 'invalid_json')
          return jsonRpcError(400, -32700, 'Parse error: the body is not JSON.');
        return problem(error.code === 'payload_too_large' ? 413 : 415, error.code, error.message);
      }
      const messages = Array.isArray(body) ? body : [body];
      if (session) return forward(session, request, messages, body);
      if (!messages.some(isInitializeRequest)) {
        return jsonRpcError(400, -32000, 'No session: send an initialize request first.');
      }
      return open(request, token!, body);
    },
    async close() {
      stopRelay?.();
      if (sweep) clearInterval(sweep);
      await Promise.all([...sessions].map(([id, session]) => closeSession(id, session)));
    },
    get sessionCount() {
      return sessions.size;
    },
  };
}

function isCancelledNotification(message: unknown): boolean {
  return CancelledNotificationSchema.safeParse(message).success;
}

function bearer(request: Request): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '');
  return match?.[1];
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** An RFC 9457 problem+json answer (DESIGN.md: HTTP surfaces answer problem+json). Never echoes the token. */
function problem(status: number, code: string, detail: string): Response {
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
  if (status === 401) headers['www-authenticate'] = 'Bearer realm="heygate-mcp"';
  const titles: Record<number, string> = {
    401: 'Unauthorized',
    403: 'Forbidden',
    413: 'Content Too Large',
    415: 'Unsupported Media Type',
  };
  const title = titles[status] ?? 'Service Unavailable';
  return new Response(JSON.stringify({ type: 'about:blank', title, status, detail, code }), {
    status,
    headers,
  });
}

/** The JSON-RPC error body MCP clients expect for session-level failures. */
function jsonRpcError(status: number, code: number, message: string): Response {
  return new Response(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}
