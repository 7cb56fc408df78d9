import { AbortedError } from './errors.ts';

/** Sleeps `ms` milliseconds; may end early (tests inject an instant or virtual-clock sleep). */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The real sleep: a timer, cleared when the signal aborts. */
export const realSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, Math.max(0, ms));
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/**
 * Sleeps with `sleep` (injected or real) but ends at once, with `AbortedError`, when `signal` aborts — even
 * when an injected sleep ignores the signal — so cancelling a retry back-off or a job wait is immediate.
 */
export async function sleepWithAbort(
  ms: number,
  signal: AbortSignal | undefined,
  sleep: Sleep = realSleep,
  what = 'The call',
): Promise<void> {
  if (signal?.aborted) throw abortedError(signal, what);
  if (!signal) return sleep(ms);
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(abortedError(signal, what));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([sleep(ms, signal), aborted]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
  if (signal.aborted) throw abortedError(signal, what);
}

function abortedError(signal: AbortSignal, what: string): AbortedError {
  return new AbortedError(`${what} was cancelled.`, { cause: signal.reason });
}
