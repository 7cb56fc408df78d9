import type { EmulatorClock } from './emulator-clock.ts';

/** Creates the real-time clock the CLI uses; `advance` shifts it forward (never back). */
export function createSystemClock(): EmulatorClock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`clock.advance expects ms >= 0, got ${ms}`);
      offset += ms;
    },
  };
}
