import type { FlowDispatcher } from './create-flow-service.ts';

/**
 * An engine runs the flows of a gateway: it fires cron ticks, starts queued runs and takes over runs whose
 * process died. Two implementations, one behaviour (ADR 0036): embedded (croner ticks on the store, runs in
 * this process) and BullMQ (job schedulers and workers on Redis, shared by every process).
 */
export interface FlowEngine extends FlowDispatcher {
  readonly kind: 'embedded' | 'bullmq';
  /** Starts ticking and working (a producer-only engine only dispatches). */
  start(): Promise<void>;
  /**
   * Looks at the clock now instead of at the next interval: fires due ticks and picks up claimable runs (after
   * a clock change, and in tests driving a fake clock).
   */
  poke(): Promise<void>;
  /** Stops ticking; runs under way give up their leases so another process (or the next start) resumes them. */
  close(): Promise<void>;
}
