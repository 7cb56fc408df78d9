import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/** JSON-RPC error code for a request whose id is already in flight (the spec's "Invalid Request"). */
export const duplicateIdErrorCode = -32600;

/** The ids of one session's requests that have not been answered yet. */
export interface RequestIdGuard {
  /**
   * Claims the ids of the requests in `messages`; answers the first id already in flight (and claims
   * nothing), or undefined when all were free.
   */
  claim(messages: readonly unknown[]): string | number | undefined;
  /**
   * Wraps a connected transport so ids are released when their response is sent or the client cancels them.
   * With `claimIncoming` (transports with no HTTP layer in front: stdio) it also claims each incoming request
   * and answers a duplicate with an error at once; the HTTP handler claims a POST's ids itself, before the
   * SDK transport sees them.
   */
  watch(transport: Transport, options?: { claimIncoming?: boolean }): void;
  /** Releases ids claimed for requests the transport refused (and so will never answer). */
  release(messages: readonly unknown[]): void;
  /** Number of requests in flight. */
  readonly size: number;
}

type Id = string | number;

function requestId(message: unknown): Id | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const { id, method } = message as { id?: unknown; method?: unknown };
  return typeof method === 'string' && (typeof id === 'string' || typeof id === 'number') ? id : undefined;
}

function responseId(message: unknown): Id | undefined {
  if (typeof message !== 'object' || message === null || 'method' in message) return undefined;
  const { id } = message as { id?: unknown };
  return typeof id === 'string' || typeof id === 'number' ? id : undefined;
}

function cancelledId(message: unknown): Id | undefined {
  const { method, params } = (message ?? {}) as { method?: unknown; params?: { requestId?: unknown } };
  const id = params?.requestId;
  return method === 'notifications/cancelled' && (typeof id === 'string' || typeof id === 'number')
    ? id
    : undefined;
}

/**
 * Refuses a JSON-RPC request whose id is still in flight in the same session. The MCP SDK keys responses,
 * streams and cancellation by request id, so a reused id overwrites the first request's entry: one of the
 * two is never answered (found by the issue-10 probe). A duplicate gets a JSON-RPC error instead, and the
 * request that holds the id is answered as usual. Ids are released when the response goes out or the client
 * cancels the request.
 */
export function createRequestIdGuard(): RequestIdGuard {
  const inFlight = new Set<Id>();
  return {
    claim(messages) {
      const ids = messages.map(requestId).filter((id): id is Id => id !== undefined);
      const seen = new Set<Id>();
      for (const id of ids) {
        if (inFlight.has(id) || seen.has(id)) return id;
        seen.add(id);
      }
      for (const id of ids) inFlight.add(id);
      return undefined;
    },
    release(messages) {
      for (const id of messages.map(requestId)) if (id !== undefined) inFlight.delete(id);
    },
    watch(transport, options = {}) {
      const send = transport.send.bind(transport);
      transport.send = async (message, options) => {
        const id = responseId(message);
        if (id !== undefined) inFlight.delete(id);
        return send(message, options);
      };
      // Installed after `server.connect`, which sets the transport's handler.
      const receive = transport.onmessage;
      transport.onmessage = (message, extra) => {
        const cancelled = cancelledId(message);
        if (cancelled !== undefined) inFlight.delete(cancelled);
        const id = options.claimIncoming ? requestId(message) : undefined;
        if (id !== undefined && inFlight.has(id)) {
          void send(duplicateIdError(id)).catch(() => {});
          return;
        }
        if (id !== undefined) inFlight.add(id);
        receive?.(message, extra);
      };
    },
    get size() {
      return inFlight.size;
    },
  };
}

/** The JSON-RPC error answering a duplicate id. */
export function duplicateIdError(id: Id): JSONRPCMessage {
  return {
    jsonrpc: '2.0',
    id,
    error: {
      code: duplicateIdErrorCode,
      message: `Request id ${JSON.stringify(id)} is already in flight in this session; use a new id.`,
    },
  } as JSONRPCMessage;
}
