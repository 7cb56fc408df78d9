/** Tracks work in flight and, at shutdown, refuses new work and waits for the rest (graceful shutdown). */
export interface Drain {
  /** True once `drain` was called: new requests are refused with 503. */
  readonly draining: boolean;
  /** Work units (HTTP requests being handled, tool calls) in flight. */
  readonly inFlight: number;
  /** One unit of work starts. */
  enter(): void;
  /** One unit of work ends. */
  leave(): void;
  /**
   * Stops taking new work and resolves when nothing is in flight or after `timeoutMs`, with how many units
   * were still running then (0 when everything finished).
   */
  drain(timeoutMs: number): Promise<{ unfinished: number }>;
}

/** Creates a {@link Drain}. */
export function createDrain(): Drain {
  let inFlight = 0;
  let draining = false;
  const idle = new Set<() => void>();

  return {
    get draining() {
      return draining;
    },
    get inFlight() {
      return inFlight;
    },
    enter() {
      inFlight += 1;
    },
    leave() {
      inFlight = Math.max(0, inFlight - 1);
      if (inFlight === 0) for (const resolve of idle) resolve();
    },
    async drain(timeoutMs) {
      draining = true;
      if (inFlight === 0) return { unfinished: 0 };
      let timer: NodeJS.Timeout | undefined;
      let resolveIdle: (() => void) | undefined;
      await Promise.race([
        new Promise<void>((resolve) => {
          resolveIdle = resolve;
          idle.add(resolve);
        }),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, timeoutMs);
        }),
      ]);
      clearTimeout(timer);
      if (resolveIdle) idle.delete(resolveIdle);
      return { unfinished: inFlight };
    },
  };
}
