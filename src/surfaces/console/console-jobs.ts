import { randomBytes } from 'node:crypto';
import type { Executor, ExecuteRequest, ExecuteResult, Progress } from '../../gateway/types.ts';

/** A job started from the console's playground, waited for in the background with its real progress. */
export interface ConsoleJob {
  id: string;
  tool: string;
  persona: string;
  startedAt: number;
  finishedAt?: number;
  status: 'running' | 'completed' | 'failed';
  progress?: Progress;
  /** The final resource (completed), or the tool error (failed). */
  result?: ExecuteResult;
}

/** Jobs the console waits for (in memory: the audit log keeps every call; this is the live view). */
export interface ConsoleJobs {
  /** Starts `request` with `wait: true` and tracks it; returns at once. */
  start(executor: Executor, request: ExecuteRequest, persona: string): ConsoleJob;
  list(): ConsoleJob[];
  get(id: string): ConsoleJob | undefined;
  /** Ends the waits (server shutdown). */
  close(): void;
}

/** Creates the tracker; keeps the latest `limit` jobs (default 100). */
export function createConsoleJobs(options: { clock?: { now(): number }; limit?: number } = {}): ConsoleJobs {
  const clock = options.clock ?? Date;
  const limit = options.limit ?? 100;
  const jobs: ConsoleJob[] = [];
  const stop = new AbortController();
  return {
    start(executor, request, persona) {
      const job: ConsoleJob = {
        id: `job_${randomBytes(6).toString('hex')}`,
        tool: request.tool,
        persona,
        startedAt: clock.now(),
        status: 'running',
      };
      jobs.unshift(job);
      jobs.splice(limit);
      void executor
        .execute({
          ...request,
          wait: true,
          signal: stop.signal,
          onProgress: (progress) => {
            job.progress = progress;
          },
        })
        .then(
          (result) => {
            job.result = result;
            job.status = result.ok ? 'completed' : 'failed';
          },
          (error: unknown) => {
            job.status = 'failed';
            job.result = {
              ok: false,
              tool: request.tool,
              durationMs: clock.now() - job.startedAt,
              error: {
                code: (error as { code?: string }).code ?? 'error',
                message: error instanceof Error ? error.message : String(error),
                retryable: false,
              },
            };
          },
        )
        .finally(() => {
          job.finishedAt = clock.now();
        });
      return job;
    },
    list: () => [...jobs],
    get: (id) => jobs.find((job) => job.id === id),
    close: () => stop.abort(),
  };
}
