import type { JobKind } from '../catalog/define-tool.ts';
import { HeyGateError } from '../catalog/errors.ts';
import { getPath } from '../catalog/get-path.ts';
import { AbortedError, JobFailedError, WaitTimeoutError } from './errors.ts';
import { realSleep, sleepWithAbort, type Sleep } from './sleep-with-abort.ts';
import type { WakeRegistry } from './wake-registry.ts';

/** Progress of a job wait (same shape as the gateway's `Progress`). */
export interface WaitProgress {
  /** Monotonic progress value (0..total when total is known). */
  progress: number;
  /** 100 when the value is a percentage (HeyGen's own or estimated from `typicalSeconds`). */
  total?: number;
  /** Short human message, e.g. "video processing (42%)", or "video processing (about 40%)" when estimated. */
  message?: string;
  /** Current job status as HeyGen reports it. */
  status?: string;
  /** HeyGen's own percentage (`progress` on the resource), when it reported one; never an estimate. */
  reportedPercent?: number;
}

/** Options of `waitFor`. */
export interface WaitForOptions {
  /** Cancels the wait at once, also during a sleep between polls. */
  signal?: AbortSignal;
  /** Overall bound of the wait. Default 30 minutes. */
  timeoutMs?: number;
  /** Receives progress after every poll. */
  onProgress?: (progress: WaitProgress) => void;
  /** First interval between polls. Default 2 s; it grows ×1.5 per poll. */
  pollIntervalMs?: number;
  /** Longest interval between polls. Default 30 s (less for jobs whose `typicalSeconds` is short). */
  maxPollIntervalMs?: number;
  /** Clock (injectable for tests). Default `Date.now`. */
  clock?: { now(): number };
  /** Sleep between polls (injectable for tests). Default a real timer. */
  sleep?: Sleep;
  /** Random source in [0, 1) for jitter. Default `Math.random`. */
  random?: () => number;
  /** Registry through which a verified webhook event ends a sleep early (`client.wakeUp`). */
  wake?: WakeRegistry;
}

/** What `waitFor` needs from the client: calling the job's status tool. */
export interface JobStatusReader {
  /** Calls a catalog tool and returns its unwrapped data. */
  call(
    tool: string,
    input: Record<string, unknown>,
    options: { signal?: AbortSignal },
  ): Promise<{ data: unknown }>;
}

/** Polls that may fail in a row with retryable errors (after the client's own retries) before the wait gives up. */
const maxConsecutiveFailures = 5;

/**
 * Waits for a HeyGen job to reach a terminal state by polling `job.statusTool` with `{ [job.idField]: id }`.
 *
 * Polling backs off (first poll at once, then ~2 s growing ×1.5 to a cap of 30 s, ±20 % jitter; a short
 * `typicalSeconds` lowers the cap) rather than looping tightly: HeyGen rate-limits per key and renders take
 * minutes. Reports progress after every poll (HeyGen's `progress` 0-100 when the resource has it, else an
 * estimate from `typicalSeconds`). Returns the final status resource on success; throws `JobFailedError` on
 * a failure state, `WaitTimeoutError` (with the last status) when `timeoutMs` passes, `AbortedError` when the
 * signal fires. Transient poll failures (rate limits, 5xx) do not end the wait unless they persist.
 */
export async function waitFor(
  client: JobStatusReader,
  job: JobKind,
  id: string,
  options: WaitForOptions = {},
): Promise<unknown> {
  const { signal, onProgress } = options;
  const clock = options.clock ?? { now: () => Date.now() };
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const timeoutMs = options.timeoutMs ?? 30 * 60_000;
  const initialIntervalMs = options.pollIntervalMs ?? 2_000;
  const typicalMs = job.typicalSeconds === undefined ? undefined : job.typicalSeconds * 1000;
  const maxIntervalMs =
    options.maxPollIntervalMs ??
    Math.min(30_000, Math.max(initialIntervalMs, typicalMs === undefined ? 30_000 : typicalMs / 4));
  const success = new Set(job.success.map((state) => state.toLowerCase()));
  const failure = new Set(job.failure.map((state) => state.toLowerCase()));
  const what = `Waiting for ${job.kind} ${id}`;

  const started = clock.now();
  const deadline = started + timeoutMs;
  let intervalMs = initialIntervalMs;
  let lastStatus: string | undefined;
  let lastData: unknown;
  let lastProgress = 0;
  let failures = 0;
  let woken = false;
  let interruptSleep: (() => void) | undefined;
  const unregister = options.wake?.register(job.kind, id, () => {
    woken = true;
    interruptSleep?.();
  });

  try {
    for (let poll = 1; ; poll++) {
      if (signal?.aborted) throw new AbortedError(`${what} was cancelled.`, { cause: signal.reason });
      let minimumDelayMs = 0;
      let data: unknown;
      let polled = false;
      try {
        data = (await client.call(job.statusTool, { [job.idField]: id }, { signal })).data;
        polled = true;
        failures = 0;
      } catch (error) {
        if (signal?.aborted) throw new AbortedError(`${what} was cancelled.`, { cause: signal.reason });
        if (!HeyGateError.isInstance(error) || !error.retryable || ++failures >= maxConsecutiveFailures)
          throw error;
        minimumDelayMs = error.retryAfterMs ?? 0;
      }

      if (polled) {
        const status = readStatus(data, job.statusField);
        lastStatus = status;
        lastData = data;
        const state = status?.toLowerCase();
        if (state !== undefined && success.has(state)) {
          onProgress?.({ progress: 100, total: 100, message: `${job.kind} ${status}`, status });
          return data;
        }
        if (state !== undefined && failure.has(state)) throw jobFailed(job, id, status as string, data);
        const reported = readPercent(data);
        const percent = reported ?? estimatePercent(clock.now() - started, typicalMs);
        if (percent === undefined) {
          lastProgress = Math.max(lastProgress, poll);
          onProgress?.({ progress: lastProgress, message: `${job.kind} ${status ?? 'pending'}`, status });
        } else {
          lastProgress = Math.max(lastProgress, percent);
          // An estimate from typicalSeconds says so; HeyGen's own percent is given as is.
          const percentText = `${reported === undefined ? 'about ' : ''}${Math.round(lastProgress)}%`;
          const message = `${job.kind} ${status ?? 'pending'} (${percentText})`;
          onProgress?.({
            progress: lastProgress,
            total: 100,
            message,
            status,
            ...(reported === undefined ? {} : { reportedPercent: reported }),
          });
        }
      }

      const now = clock.now();
      if (now >= deadline) {
        const minutes =
          timeoutMs >= 60_000 ? `${Math.round(timeoutMs / 6_000) / 10} min` : `${timeoutMs / 1000} s`;
        throw new WaitTimeoutError(
          `${job.kind} ${id} did not finish within ${minutes}` +
            (lastStatus ? `; last status "${lastStatus}".` : '; no status could be read.'),
          { kind: job.kind, id, timeoutMs, lastStatus, lastData },
        );
      }
      const jittered = intervalMs * (0.8 + random() * 0.4);
      const delayMs = Math.round(Math.min(Math.max(jittered, minimumDelayMs), deadline - now));
      intervalMs = Math.min(intervalMs * 1.5, maxIntervalMs);
      if (woken) {
        woken = false;
        continue;
      }
      await sleepUnlessWoken(delayMs);
      woken = false;
    }
  } finally {
    unregister?.();
  }

  /** Sleeps, but returns as soon as `wakeUp` is called for this job; throws `AbortedError` on cancel. */
  async function sleepUnlessWoken(delayMs: number): Promise<void> {
    const wakeController = new AbortController();
    const wokenUp = new Promise<void>((resolve) =>
      wakeController.signal.addEventListener('abort', () => resolve(), { once: true }),
    );
    interruptSleep = () => wakeController.abort();
    // The sleep also gets the wake signal so a real timer is cleared rather than left running.
    const sleepSignal = signal ? AbortSignal.any([signal, wakeController.signal]) : wakeController.signal;
    try {
      await sleepWithAbort(delayMs, signal, (ms) => Promise.race([sleep(ms, sleepSignal), wokenUp]), what);
    } finally {
      interruptSleep = undefined;
      wakeController.abort();
    }
  }
}

function readStatus(data: unknown, statusField: string): string | undefined {
  const value = getPath(data, statusField);
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** HeyGen's own progress (v3 ai-clipping and video-agent sessions report `progress` 0-100). */
function readPercent(data: unknown): number | undefined {
  const value = getPath(data, 'progress');
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  return Math.min(99, Math.max(0, value));
}

/** An estimate from elapsed time, held below 95 % until HeyGen says the job is done. */
function estimatePercent(elapsedMs: number, typicalMs: number | undefined): number | undefined {
  if (typicalMs === undefined || typicalMs <= 0) return undefined;
  return Math.min(95, Math.round((elapsedMs / typicalMs) * 100));
}

/** The error of a job HeyGen reports failed, naming its reason (`failure_code: failure_message`). */
export function jobFailed(job: JobKind, id: string, status: string, data: unknown): JobFailedError {
  const failureCode = firstString(data, ['failure_code', 'error.code', 'error_code']);
  const failureMessage = firstString(data, [
    'failure_message',
    'error.message',
    'error.detail',
    'error',
    'error_message',
    'message',
  ]);
  const reason = [failureCode, failureMessage].filter(Boolean).join(': ');
  return new JobFailedError(`${job.kind} ${id} failed (status "${status}")${reason ? `: ${reason}` : '.'}`, {
    kind: job.kind,
    id,
    status,
    failureCode,
    failureMessage,
    data,
    tool: job.statusTool,
  });
}

function firstString(data: unknown, paths: readonly string[]): string | undefined {
  for (const path of paths) {
    const value = getPath(data, path);
    if (typeof value === 'string' && value.trim() !== '') return value;
    if (typeof value === 'number') return String(value);
  }
  return undefined;
}
