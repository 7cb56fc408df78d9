/**
 * Test helpers, published at `heygate/test`: start a HeyGen emulator (in-process or on a socket) and get a
 * ready client configuration.
 */
export { startEmulator, type StartEmulatorOptions, type StartedEmulator } from './emulator.ts';
export { createManualClock, type ManualClock } from '../emulator/manual-clock.ts';
