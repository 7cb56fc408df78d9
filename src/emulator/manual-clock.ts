import type { EmulatorClock } from './emulator-clock.ts';

/** A clock that only moves when told to: the clock of tests. */
export interface ManualClock extends EmulatorClock {
  /** Sets the absolute time (must not go backwards). */
  set(ms: number): void;
}

/** Options of {@link createManualClock}. */
export interface ManualClockOptions {
  /** Starting time in ms since the epoch; default 2026-01-01T00:00:00Z (before HeyGen's v1/v2 sunset). */
  start?: number;
}

/** Creates a manual clock starting at `options.start`. */
export function createManualClock(options: ManualClockOptions = {}): ManualClock {
  let current = options.start ?? Date.UTC(2026, 0, 1);
  return {
    now: () => current,
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`clock.advance expects ms >= 0, got ${ms}`);
      current += ms;
    },
    set(ms) {
      if (ms < current) throw new RangeError('a manual clock cannot go backwards');
      current = ms;
    },
  };
}
