import { availableParallelism } from 'node:os';

/**
 * Turns to compute, shared by the scripts of one worker-thread runner (ADR 0058). A script holds a slot while
 * its VM runs — from its start to its first integration call, and from each call's answer to the next call or
 * its end — and gives it back while it waits for a call (HeyGen, a job wait). With fewer slots than cores, the
 * scripts of a server never take every core: one is always left to the event loop, whatever the scripts do.
 */
export interface LuaComputeSlots {
  /** Waits for a free slot (first come, first served); rejects when `signal` aborts first. */
  acquire(signal?: AbortSignal): Promise<void>;
  /** Gives a slot back; the longest-waiting script gets it. */
  release(): void;
  /** Slots in all. */
  readonly size: number;
  /** Slots held now. */
  readonly busy: () => number;
  /** Scripts waiting for a slot now. */
  readonly waiting: () => number;
}

/** The default number of compute slots: one less than the cores this process may use, at least one. */
export function defaultComputeSlots(): number {
  return Math.max(1, availableParallelism() - 1);
}

/** Creates {@link LuaComputeSlots} with `size` slots (at least 1). */
export function createLuaComputeSlots(size: number = defaultComputeSlots()): LuaComputeSlots {
  const total = Math.max(1, Math.floor(size));
  let busy = 0;
  const queue: (() => void)[] = [];
  return {
    size: total,
    busy: () => busy,
    waiting: () => queue.length,
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (busy < total) {
        busy += 1;
        return Promise.resolve();
      }
      return new Promise<void>((resolve, reject) => {
        const grant = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = () => {
          const index = queue.indexOf(grant);
          if (index >= 0) queue.splice(index, 1);
          reject(signal?.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        queue.push(grant);
      });
    },
    release() {
      const next = queue.shift();
      // The slot passes straight to the next script: `busy` stays the same.
      if (next) next();
      else busy = Math.max(0, busy - 1);
    },
  };
}
