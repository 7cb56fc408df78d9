import type { Executor, ExecuteRequest } from '../../gateway/types.ts';

/**
 * The waits of jobs started from the console's playground. The job list itself is the gateway's (stored, from
 * every surface: `gateway.jobs`); this only keeps a wait running in the background so the job's row follows
 * HeyGen's progress, and ends the waits at shutdown.
 */
export interface ConsoleJobs {
  /**
   * Starts `request` with `wait: true` in the background. Resolves once the job is recorded (its first progress
   * report, or the end of the call), so the jobs page shows it at once.
   */
  start(executor: Executor, request: ExecuteRequest): Promise<void>;
  /** Ends the waits (server shutdown): their jobs stay listed as running, and any later status check updates them. */
  close(): void;
}

/** Creates the background waits of the console. */
export function createConsoleJobs(): ConsoleJobs {
  const stop = new AbortController();
  return {
    start(executor, request) {
      return new Promise<void>((resolve) => {
        void executor
          .execute({ ...request, wait: true, signal: stop.signal, onProgress: () => resolve() })
          .catch(() => undefined)
          .finally(resolve);
      });
    },
    close: () => stop.abort(),
  };
}
