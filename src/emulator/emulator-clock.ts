/**
 * The emulator's notion of time. Every job lifecycle, rate-limit window, URL expiry, webhook retry and `slow`
 * fault is measured on this clock, so tests drive HeyGen's asynchronous behaviour deterministically with a
 * manual clock instead of sleeping.
 */
export interface EmulatorClock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /**
   * Moves time forward by `ms`. A manual clock jumps; the system clock adds an offset (time travel for demos).
   * Through `emulator.clock.advance` the emulator also runs everything that became due.
   */
  advance(ms: number): void;
}
