import { Queue, Worker, type Job } from 'bullmq';
import type { FlowStore } from '../store/flow-store.ts';
import type { FlowRunner } from './create-flow-runner.ts';
import type { FlowService } from './create-flow-service.ts';
import type { FlowDefinition } from './flow-definition.ts';
import type { FlowEngine } from './flow-engine.ts';
import { nextTick } from './next-tick.ts';

/** Options of {@link createBullmqEngine}. */
export interface BullmqEngineOptions {
  service: Pick<FlowService, 'startScheduled'>;
  runner: FlowRunner;
  flowStore: FlowStore;
  /** Redis, e.g. `HEYGATE_REDIS_URL`. */
  redisUrl: string;
  /** Key prefix of the queues (default `heygate`); processes that share work use the same one. */
  prefix?: string;
  /** How often this process sweeps the store for runs to (re)start (default 5000 ms). */
  sweepMs?: number;
  /** Runs one process executes at once (default 20). */
  concurrency?: number;
  /** False for a producer-only engine: queues runs and schedules, executes nothing. */
  execute?: boolean;
  /** How long a BullMQ job lock lasts without renewal (default 30 s; the run's own lease is in the store). */
  lockMs?: number;
}

interface TickData {
  flowId: string;
}

interface RunData {
  runId: string;
}

/** Parses a Redis URL into BullMQ connection options (workers need `maxRetriesPerRequest: null`). */
function connectionOf(url: string) {
  const parsed = new URL(url);
  return {
    host: parsed.hostname || '127.0.0.1',
    port: Number(parsed.port || 6379),
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.pathname.length > 1 ? { db: Number(parsed.pathname.slice(1)) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}

/**
 * The BullMQ engine (`HEYGATE_REDIS_URL`): each enabled cron flow is a BullMQ job scheduler (id `flow-<id>`,
 * pattern and time zone, next times computed by croner like the embedded engine), so every tick is one job
 * whichever processes run; a tick job queues the run (`cron:<flow>:<tick>` unique in the store, so even a
 * redelivered tick starts one run) and a run job executes it on whichever worker takes it. Run ownership is the
 * store lease, as in the embedded engine: a sweep re-queues runs whose process died, and the worker that claims
 * one resumes it.
 */
export function createBullmqEngine(options: BullmqEngineOptions): FlowEngine {
  const { flowStore, runner } = options;
  const connection = connectionOf(options.redisUrl);
  const prefix = options.prefix ?? 'heygate';
  const executes = options.execute ?? true;
  const settings = {
    repeatStrategy: (millis: number, repeat: { pattern?: string; tz?: string }) =>
      repeat.pattern ? nextTick(repeat.pattern, repeat.tz, millis) : undefined,
  };
  const ticks = new Queue<TickData>('flow-ticks', { connection, prefix, settings });
  const runs = new Queue<RunData>('flow-runs', { connection, prefix });
  const workers: Worker[] = [];
  let sweeper: ReturnType<typeof setInterval> | undefined;

  async function enqueue(runId: string, claims: number): Promise<void> {
    // One job per claim generation: a duplicate add while the job exists is ignored, and the store claim makes
    // any second execution a no-op anyway.
    await runs.add(
      'run',
      { runId },
      { jobId: `run-${runId}-${claims}`, removeOnComplete: true, removeOnFail: true },
    );
  }

  async function sweep(): Promise<void> {
    for (const run of await flowStore.listClaimable(Date.now(), 100)) await enqueue(run.id, run.claims);
  }

  async function refresh(): Promise<void> {
    const wanted = new Map<string, { pattern: string; tz: string }>();
    for (const flow of await flowStore.listFlows()) {
      const trigger = (JSON.parse(flow.definition) as FlowDefinition).trigger;
      if (flow.enabled && 'cron' in trigger)
        wanted.set(`flow-${flow.id}`, { pattern: trigger.cron, tz: trigger.timezone ?? 'UTC' });
    }
    const existing = await ticks.getJobSchedulers(0, -1);
    for (const scheduler of existing) {
      const id = scheduler.id ?? scheduler.key;
      const want = wanted.get(id);
      if (!want) await ticks.removeJobScheduler(id);
      else if (scheduler.pattern === want.pattern && scheduler.tz === want.tz) wanted.delete(id);
    }
    for (const [id, repeat] of wanted) {
      await ticks.upsertJobScheduler(
        id,
        { pattern: repeat.pattern, tz: repeat.tz },
        {
          name: 'tick',
          data: { flowId: id.slice('flow-'.length) },
          opts: { removeOnComplete: true, removeOnFail: true },
        },
      );
    }
  }

  async function onTick(job: Job<TickData>): Promise<void> {
    if (job.name !== 'tick') return; // `wake` jobs only end the workers' blocking wait
    const at = job.opts.prevMillis ?? job.timestamp;
    await options.service.startScheduled(job.data.flowId, at);
  }

  async function onRun(job: Job<RunData>): Promise<void> {
    await runner.execute(job.data.runId);
  }

  return {
    kind: 'bullmq',
    async start() {
      await refresh();
      if (!executes) return;
      const lockDuration = options.lockMs ?? 30_000;
      workers.push(
        new Worker<TickData>('flow-ticks', onTick, {
          connection,
          prefix,
          settings,
          concurrency: 50,
          lockDuration,
        }),
        new Worker<RunData>('flow-runs', onRun, {
          connection,
          prefix,
          concurrency: options.concurrency ?? 20,
          lockDuration,
          stalledInterval: lockDuration,
          maxStalledCount: 10,
        }),
      );
      for (const worker of workers) worker.on('error', () => {});
      sweeper = setInterval(() => void sweep().catch(() => {}), options.sweepMs ?? 5000);
      sweeper.unref?.();
      await sweep();
    },
    async poke() {
      // A job added to the queue ends the workers' blocking wait, and fetching promotes delayed ticks that are due.
      await ticks.add('wake', { flowId: '' }, { removeOnComplete: true, removeOnFail: true });
      if (executes) await sweep();
    },
    async dispatch(runId) {
      await enqueue(runId, 0);
    },
    refresh,
    async close() {
      if (sweeper) clearInterval(sweeper);
      await runner.shutdown();
      await Promise.all(workers.map((worker) => worker.close()));
      await Promise.all([ticks.close(), runs.close()]);
    },
  };
}
