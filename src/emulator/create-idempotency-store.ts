import { createHash } from 'node:crypto';

/**
 * `Idempotency-Key` memory, as HeyGen documents it since its May 2026 changelog (most v3 creates; the
 * catalog's `idempotencyKey` flag says which):
 *
 * - keys are 1–255 characters of `A–Z a–z 0–9 _ - : .` ({@link idempotencyKeyPattern}); any other key is a 400;
 * - a key is scoped to the account, the endpoint and its path parameters (the concrete path);
 * - a repeat within 24 hours replays the first response (status and body) — even when its body differs
 *   slightly: HeyGen only logs a warning, which the emulator records as `idempotencyMismatch` in its request log;
 * - a repeat that arrives while the first request is still being processed gets 409 `request_in_progress`;
 * - only completed requests are remembered: a request that failed (4xx, 5xx) frees its key;
 * - a 429 is never stored: the rate limit answers before the key is looked at, so a key refused with 429 stays
 *   free (the next request with it is processed), while a key whose work was done replays that work's answer
 *   even when the answer itself was lost — a "lying 429" after processing included (README, December section:
 *   "a repeat within 24 h replays the first response"; ADR 0058).
 */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What the store knows about a key. */
export type IdempotencyLookup =
  | { state: 'new' }
  | { state: 'in_flight' }
  /** `bodyDiffers`: the first request's body was not this one's (HeyGen replays it anyway). */
  | { state: 'done'; response: StoredResponse; bodyDiffers: boolean };

export interface IdempotencyStore {
  /**
   * Looks a key up for a request whose body has `fingerprint` (see {@link bodyFingerprint}); a `new` key is
   * reserved (in flight) until `complete` or `release`.
   */
  begin(scope: string, key: string, fingerprint: string, now: number): IdempotencyLookup;
  /** Stores the final response of a reserved key. */
  complete(scope: string, key: string, response: StoredResponse, now: number): void;
  /** Forgets a reservation (the request failed in a way that must not be replayed, e.g. 5xx or 429). */
  release(scope: string, key: string): void;
}

/** How long HeyGen remembers an idempotency key. */
export const idempotencyTtlMs = 24 * 60 * 60 * 1000;

/** HeyGen's Idempotency-Key format. */
export const idempotencyKeyPattern = /^[A-Za-z0-9_\-:.]{1,255}$/;

/** A digest of a request's parsed input, the same whatever the order of its keys. */
export function bodyFingerprint(input: unknown): string {
  return createHash('sha256').update(sortedJson(input)).digest('hex');
}

function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${sortedJson((value as Record<string, unknown>)[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Creates an in-memory idempotency store. */
export function createIdempotencyStore(): IdempotencyStore {
  const entries = new Map<
    string,
    { inFlight: boolean; storedAt: number; fingerprint: string; response?: StoredResponse }
  >();
  const id = (scope: string, key: string) => `${scope}\u0000${key}`;
  return {
    begin(scope, key, fingerprint, now) {
      const entry = entries.get(id(scope, key));
      if (entry && entry.inFlight) return { state: 'in_flight' };
      if (entry && entry.response && now - entry.storedAt < idempotencyTtlMs) {
        return { state: 'done', response: entry.response, bodyDiffers: entry.fingerprint !== fingerprint };
      }
      entries.set(id(scope, key), { inFlight: true, storedAt: now, fingerprint });
      return { state: 'new' };
    },
    complete(scope, key, response, now) {
      const entry = entries.get(id(scope, key));
      entries.set(id(scope, key), {
        inFlight: false,
        storedAt: now,
        fingerprint: entry?.fingerprint ?? '',
        response,
      });
    },
    release(scope, key) {
      entries.delete(id(scope, key));
    },
  };
}
