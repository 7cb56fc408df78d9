/** Options of {@link createMaintenanceLoop}. */
export interface MaintenanceLoopOptions {
  /** The work of one round (e.g. `gateway.rotation.runDue`). */
  run: () => Promise<unknown>;
  /** Pause between rounds (default one minute). */
  intervalMs?: number;
  /** Told about a round that threw; the loop keeps going. */
  onError?: (error: unknown) => void;
}

/** A background loop that runs one round at a time. */
export interface MaintenanceLoop {
  /** Runs a round now and then one every interval. */
  start(): void;
  /** Stops, waiting for a round in progress to end. */
  stop(): Promise<void>;
}

/**
 * The background work of `heygate serve`: one round of `run` at start and then every interval, never two at once
 * (a slow round delays the next instead of overlapping it), on an unref'd timer so it never keeps the process
 * alive. Errors are reported and the next round still runs.
 */
export function createMaintenanceLoop(options: MaintenanceLoopOptions): MaintenanceLoop {
  const intervalMs = options.intervalMs ?? 60_000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  let stopped = true;

  const round = () => {
    running = options
      .run()
      .then(
        () => undefined,
        (error: unknown) => options.onError?.(error),
      )
      .finally(() => {
        running = undefined;
        if (!stopped) {
          timer = setTimeout(round, intervalMs);
          timer.unref?.();
        }
      });
  };

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      round();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
