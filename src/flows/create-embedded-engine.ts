import type { FlowStore } from '../store/flow-store.ts';
import type { FlowRunner } from './create-flow-runner.ts';
import type { FlowService } from './create-flow-service.ts';
import type { FlowDefinition } from './flow-definition.ts';
import type { FlowEngine } from './flow-engine.ts';
import { nextTick } from './next-tick.ts';

/** Options of {@link createEmbeddedEngine}. */
export interface EmbeddedEngineOptions {
  service: Pick<FlowService, 'startScheduled'>;
  runner: FlowRunner;
  flowStore: FlowStore;
  /** Time source of ticks (default `Date`). */
  clock?: { now(): number };
  /** How often the engine looks at the clock and the store (default 1000 ms). */
  pollMs?: number;
  /** How often schedules are re-read from the store, for flows changed by other processes (default 5000 ms). */
  reloadMs?: number;
  /** Runs executed at once in this process (default 20). */
  concurrency?: number;
  /** False for a producer-only engine (a CLI command that queues runs for a server to execute). */
  execute?: boolean;
}

interface Schedule {
  pattern: string;
  timezone: string | undefined;
  /** Next tick, epoch ms. */
  next: number | undefined;
}

/**
 * The embedded engine: croner computes each enabled cron flow's next tick, a poll loop fires due ticks into
 * the store (`cron:<flow>:<tick>` is unique, so several processes on one database start each tick once) and
 * executes queued or abandoned runs in this process. Ticks missed while no process ran fire once, late; the
 * ones before are skipped.
 */
export function createEmbeddedEngine(options: EmbeddedEngineOptions): FlowEngine {
  const { flowStore, runner } = options;
  const clock = options.clock ?? Date;
  const pollMs = options.pollMs ?? 1000;
  const reloadMs = options.reloadMs ?? 5000;
  const concurrency = options.concurrency ?? 20;
  const executes = options.execute ?? true;
  const schedules = new Map<string, Schedule>();
  let timer: ReturnType<typeof setInterval> | undefined;
  let closed = false;
  let lastReload = -Infinity;
  let passing: Promise<void> | undefined;
  /** While a pass queues due ticks, runs are not started one by one: inserting the whole burst comes first. */
  let queueing = false;

  async function reload(): Promise<void> {
    lastReload = clock.now();
    const seen = new Set<string>();
    for (const flow of await flowStore.listFlows()) {
      const trigger = (JSON.parse(flow.definition) as FlowDefinition).trigger;
      if (!flow.enabled || !('cron' in trigger)) continue;
      seen.add(flow.id);
      const current = schedules.get(flow.id);
      if (current && current.pattern === trigger.cron && current.timezone === trigger.timezone) continue;
      schedules.set(flow.id, {
        pattern: trigger.cron,
        timezone: trigger.timezone,
        next: nextTick(trigger.cron, trigger.timezone, clock.now()),
      });
    }
    for (const id of schedules.keys()) if (!seen.has(id)) schedules.delete(id);
  }

  function start(runId: string): void {
    if (queueing || !executes || runner.active().length >= concurrency) return;
    void runner
      .execute(runId)
      .catch(() => {
        // The run's lease expires and the next pass (here or elsewhere) takes it over.
      })
      // A slot is free: take the next queued run now rather than at the next poll.
      .finally(() => void fill().catch(() => {}));
  }

  let filling: Promise<void> | undefined;
  let fillAgain = false;

  /** Starts claimable runs while this process has free slots (one fill at a time; a request during one repeats it). */
  async function fill(): Promise<void> {
    if (!executes || closed) return;
    if (filling) {
      fillAgain = true;
      return filling;
    }
    filling = (async () => {
      do {
        fillAgain = false;
        const active = new Set(runner.active());
        const free = concurrency - active.size;
        if (free <= 0) return;
        for (const run of await flowStore.listClaimable(clock.now(), free + active.size))
          if (!active.has(run.id)) start(run.id);
      } while (fillAgain);
    })().finally(() => (filling = undefined));
    return filling;
  }

  async function pass(): Promise<void> {
    if (clock.now() - lastReload >= reloadMs) await reload();
    const now = clock.now();
    queueing = true;
    try {
      for (const [flowId, schedule] of schedules) {
        if (schedule.next === undefined || schedule.next > now) continue;
        const due = schedule.next;
        schedule.next = nextTick(schedule.pattern, schedule.timezone, now);
        await options.service.startScheduled(flowId, due);
      }
    } finally {
      queueing = false;
    }
    if (!executes) return;
    const active = new Set(runner.active());
    const free = concurrency - active.size;
    if (free <= 0) return;
    for (const run of await flowStore.listClaimable(now, free + active.size))
      if (!active.has(run.id)) start(run.id);
  }

  /** One pass at a time; a poke during a pass waits for it and runs another. */
  async function poke(): Promise<void> {
    while (passing) await passing.catch(() => {});
    passing = pass().finally(() => (passing = undefined));
    return passing;
  }

  return {
    kind: 'embedded',
    async start() {
      await reload();
      timer = setInterval(() => void poke().catch(() => {}), pollMs);
      timer.unref?.();
      if (executes) void poke().catch(() => {});
    },
    poke,
    async dispatch(runId) {
      start(runId);
    },
    async refresh() {
      await reload();
    },
    async close() {
      closed = true;
      if (timer) clearInterval(timer);
      await passing?.catch(() => {});
      await runner.shutdown();
    },
  };
}
