/**
 * `Idempotency-Key` memory. HeyGen keeps a key for 24 hours: a replay returns the first response (same status
 * and body); a duplicate that arrives while the first request is still being processed gets 409
 * `request_in_progress`. Keys are scoped to the account and the endpoint.
 */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What the store knows about a key. */
export type IdempotencyLookup =
  { state: 'new' } | { state: 'in_flight' } | { state: 'done'; response: StoredResponse };

export interface IdempotencyStore {
  /** Looks a key up; a `new` key is reserved (in flight) until `complete` or `release`. */
  begin(scope: string, key: string, now: number): IdempotencyLookup;
  /** Stores the final response of a reserved key. */
  complete(scope: string, key: string, response: StoredResponse, now: number): void;
  /** Forgets a reservation (the request failed in a way that must not be replayed, e.g. 5xx or 429). */
  release(scope: string, key: string): void;
}

/** How long HeyGen remembers an idempotency key. */
export const idempotencyTtlMs = 24 * 60 * 60 * 1000;

/** Creates an in-memory idempotency store. */
export function createIdempotencyStore(): IdempotencyStore {
  const entries = new Map<string, { inFlight: boolean; storedAt: number; response?: StoredResponse }>();
  const id = (scope: string, key: string) => `${scope}\u0000${key}`;
  return {
    begin(scope, key, now) {
      const entry = entries.get(id(scope, key));
      if (entry && entry.inFlight) return { state: 'in_flight' };
      if (entry && entry.response && now - entry.storedAt < idempotencyTtlMs) {
        return { state: 'done', response: entry.response };
      }
      entries.set(id(scope, key), { inFlight: true, storedAt: now });
      return { state: 'new' };
    },
    complete(scope, key, response, now) {
      entries.set(id(scope, key), { inFlight: false, storedAt: now, response });
    },
    release(scope, key) {
      entries.delete(id(scope, key));
    },
  };
}
