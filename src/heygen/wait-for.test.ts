import { describe, expect, it } from 'vitest';
import type { JobKind } from '../catalog/define-tool.ts';
import { AbortedError, JobFailedError, NotFoundError, RateLimitError, WaitTimeoutError } from './errors.ts';
import { waitFor, type WaitProgress } from './wait-for.ts';
import { createWakeRegistry } from './wake-registry.ts';

const job: JobKind = {
  kind: 'video',
  statusTool: 'video_get',
  idField: 'video_id',
  resultIdPath: 'video_id',
  statusField: 'status',
  success: ['completed'],
  failure: ['failed'],
  typicalSeconds: 100,
};

/** A virtual clock whose sleep advances time instantly. */
function virtualTime() {
  let now = 1_000_000;
  const sleeps: number[] = [];
  return {
    clock: { now: () => now },
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
    advance: (ms: number) => (now += ms),
  };
}

/** A status reader answering from a script of resources (or errors), recording its calls. */
function statuses(script: readonly (Record<string, unknown> | Error)[]) {
  const calls: { tool: string; input: Record<string, unknown> }[] = [];
  let index = 0;
  return {
    calls,
    reader: {
      async call(tool: string, input: Record<string, unknown>) {
        calls.push({ tool, input });
        const next = script[Math.min(index++, script.length - 1)];
        if (next instanceof Error) throw next;
        return { data: next };
      },
    },
  };
}

describe('waitFor', () => {
  it('polls the status tool with backoff until success and returns the final resource', async () => {
    const time = virtualTime();
    const { reader, calls } = statuses([
      { status: 'pending' },
      { status: 'processing' },
      { status: 'processing' },
      { status: 'completed', video_url: 'https://cdn/v.mp4' },
    ]);
    const result = await waitFor(reader, job, 'v1', { ...time, random: () => 0.5 });
    expect(result).toEqual({ status: 'completed', video_url: 'https://cdn/v.mp4' });
    expect(calls).toHaveLength(4);
    expect(calls[0]).toEqual({ tool: 'video_get', input: { video_id: 'v1' } });
    // Back-off grows: 2 s, 3 s, 4.5 s (random 0.5 → no jitter).
    expect(time.sleeps).toEqual([2000, 3000, 4500]);
  });

  it('reports progress after every poll, monotonic, ending at 100', async () => {
    const time = virtualTime();
    const { reader } = statuses([{ status: 'pending' }, { status: 'processing' }, { status: 'completed' }]);
    const progress: WaitProgress[] = [];
    await waitFor(reader, job, 'v1', { ...time, random: () => 0.5, onProgress: (p) => progress.push(p) });
    expect(progress.map((p) => p.status)).toEqual(['pending', 'processing', 'completed']);
    expect(progress.every((p) => p.total === 100)).toBe(true);
    const values = progress.map((p) => p.progress);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(values.at(-1)).toBe(100);
    expect(progress[1]?.message).toMatch(/^video processing \(about \d+%\)$/);
  });

  it("uses HeyGen's own progress when the resource reports it", async () => {
    const time = virtualTime();
    const { reader } = statuses([
      { status: 'running', progress: 42 },
      { status: 'completed', progress: 100 },
    ]);
    const progress: WaitProgress[] = [];
    await waitFor(reader, job, 'v1', { ...time, onProgress: (p) => progress.push(p) });
    expect(progress[0]).toMatchObject({ progress: 42, total: 100, status: 'running' });
    expect(progress[0]?.message).toBe('video running (42%)');
  });

  it('throws JobFailedError with the failure code and message', async () => {
    const time = virtualTime();
    const { reader } = statuses([
      { status: 'processing' },
      { status: 'failed', failure_code: 'AVATAR_NOT_FOUND', failure_message: 'The avatar was deleted' },
    ]);
    const error = await waitFor(reader, job, 'v1', time).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(JobFailedError);
    expect(error).toMatchObject({
      code: 'job_failed',
      kind: 'video',
      id: 'v1',
      status: 'failed',
      failureCode: 'AVATAR_NOT_FOUND',
      failureMessage: 'The avatar was deleted',
    });
    expect((error as Error).message).toContain('The avatar was deleted');
  });

  it('reads legacy failure details from error.message', async () => {
    const time = virtualTime();
    const { reader } = statuses([{ status: 'failed', error: { code: 'X1', message: 'Bad script' } }]);
    const error = (await waitFor(reader, job, 'v1', time).catch(
      (reason: unknown) => reason,
    )) as JobFailedError;
    expect(error.failureCode).toBe('X1');
    expect(error.failureMessage).toBe('Bad script');
  });

  it('throws WaitTimeoutError carrying the last status once the overall timeout passes', async () => {
    const time = virtualTime();
    const { reader, calls } = statuses([{ status: 'processing' }]);
    const error = await waitFor(reader, job, 'v1', { ...time, timeoutMs: 60_000 }).catch(
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error).toMatchObject({
      code: 'wait_timeout',
      lastStatus: 'processing',
      retryable: true,
      timeoutMs: 60_000,
    });
    // The last sleep is cut to the deadline; it never sleeps past it.
    expect(time.sleeps.reduce((sum, ms) => sum + ms, 0)).toBe(60_000);
    expect(calls.length).toBeGreaterThan(3);
  });

  it('honours an abort before the first poll', async () => {
    const time = virtualTime();
    const { reader, calls } = statuses([{ status: 'processing' }]);
    const controller = new AbortController();
    controller.abort();
    await expect(waitFor(reader, job, 'v1', { ...time, signal: controller.signal })).rejects.toBeInstanceOf(
      AbortedError,
    );
    expect(calls).toHaveLength(0);
  });

  it('honours an abort during a sleep immediately, even if the sleep ignores the signal', async () => {
    const { reader, calls } = statuses([{ status: 'processing' }]);
    const controller = new AbortController();
    const neverEndingSleep = () => new Promise<void>(() => {});
    const waiting = waitFor(reader, job, 'v1', { signal: controller.signal, sleep: neverEndingSleep });
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(AbortedError);
    expect(calls).toHaveLength(1);
  });

  it('keeps waiting through transient poll failures but not through final ones', async () => {
    const time = virtualTime();
    const rateLimited = new RateLimitError('slow down', { status: 429, retryAfterMs: 5000 });
    const { reader } = statuses([rateLimited, { status: 'completed' }]);
    await expect(waitFor(reader, job, 'v1', { ...time, random: () => 0.5 })).resolves.toEqual({
      status: 'completed',
    });
    expect(time.sleeps[0]).toBe(5000); // Retry-After outweighs the 2 s interval

    const notFound = new NotFoundError('gone', { status: 404 });
    const final = statuses([notFound]);
    await expect(waitFor(final.reader, job, 'v1', virtualTime())).rejects.toBe(notFound);
  });

  it('wakes up early when wakeUp is called for the job', async () => {
    const wake = createWakeRegistry();
    const { reader, calls } = statuses([{ status: 'processing' }, { status: 'completed' }]);
    const sleepStarted: number[] = [];
    // A sleep that never ends by itself: only the wake-up can move the wait on.
    const sleep = (ms: number) => {
      sleepStarted.push(ms);
      return new Promise<void>(() => {});
    };
    const waiting = waitFor(reader, job, 'v1', { sleep, wake });
    while (sleepStarted.length === 0) await new Promise((resolve) => setImmediate(resolve));
    expect(wake.wakeUp('video', 'other-id')).toBe(false);
    expect(wake.wakeUp('video', 'v1')).toBe(true);
    await expect(waiting).resolves.toEqual({ status: 'completed' });
    expect(calls).toHaveLength(2);
    expect(wake.wakeUp('video', 'v1')).toBe(false); // unregistered when the wait ended
  });

  it('matches terminal states case-insensitively', async () => {
    const { reader } = statuses([{ status: 'COMPLETED' }]);
    await expect(waitFor(reader, job, 'v1', virtualTime())).resolves.toEqual({ status: 'COMPLETED' });
  });
});
