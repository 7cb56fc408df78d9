/**
 * Requests-per-minute limit per API key over a sliding 60-second window on the emulator clock. HeyGen
 * answers excess requests with 429 and an integer `Retry-After` (seconds) — see README "Rate limits".
 */
export interface RateLimiter {
  /** Records a request at `now`; returns the seconds to wait when the key is over its limit, else 0. */
  take(keyHash: string, now: number): number;
}

/** Creates a limiter allowing `requestsPerMinute` (0 or Infinity = unlimited). */
export function createRateLimiter(requestsPerMinute: number): RateLimiter {
  const windows = new Map<string, number[]>();
  return {
    take(keyHash, now) {
      if (!requestsPerMinute || !Number.isFinite(requestsPerMinute)) return 0;
      const window = (windows.get(keyHash) ?? []).filter((at) => at > now - 60_000);
      windows.set(keyHash, window);
      if (window.length >= requestsPerMinute) {
        const oldest = window[0] as number;
        return Math.max(1, Math.ceil((oldest + 60_000 - now) / 1000));
      }
      window.push(now);
      return 0;
    },
  };
}
