import { createEmulator, type Emulator, type EmulatorOptions } from '../emulator/index.ts';
import { createManualClock } from '../emulator/manual-clock.ts';

/** Options of {@link startEmulator}: the emulator's options, plus whether to listen on a real socket. */
export interface StartEmulatorOptions extends EmulatorOptions {
  /** Listen on 127.0.0.1 (a free port) and point `baseUrl` at it; default false (in-process fetch). */
  listen?: boolean;
}

/** A started emulator and what a HeyGen client needs to talk to it. */
export interface StartedEmulator {
  emulator: Emulator;
  /** The first API key (default `sandbox-key`). */
  apiKey: string;
  /** Base URL for both HeyGen hosts (api and upload). */
  baseUrl: string;
  uploadBaseUrl: string;
  /** In-process fetch (or the global fetch when listening). */
  fetch: typeof globalThis.fetch;
  /**
   * Ready for `createHeyGenClient(started.clientOptions)`: besides where and how to reach the emulator, a
   * `clock` and a virtual `sleep` that advances the emulator clock, so job waits and retry back-offs finish
   * at once and deterministically.
   */
  clientOptions: {
    apiKey: string;
    baseUrl: string;
    uploadBaseUrl: string;
    fetch: typeof globalThis.fetch;
    clock: { now(): number };
    sleep: (ms: number) => Promise<void>;
  };
  /** Advances the emulator clock (ms): jobs progress and due webhooks are sent. */
  advance(ms: number): void;
  close(): Promise<void>;
}

/**
 * Starts a HeyGen emulator for a test: a manual clock unless one is given (advance it to make jobs
 * progress), in-process unless `listen` is set. Spread `clientOptions` into `createHeyGenClient`.
 */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<StartedEmulator> {
  const { listen, ...emulatorOptions } = options;
  const emulator = createEmulator({ clock: createManualClock(), ...emulatorOptions });
  const apiKey = emulator.keys[0] ?? 'sandbox-key';
  let baseUrl = 'http://emulator.local';
  let fetch: typeof globalThis.fetch = emulator.fetch as typeof globalThis.fetch;
  if (listen) {
    baseUrl = (await emulator.listen(0)).url;
    fetch = globalThis.fetch;
  }
  return {
    emulator,
    apiKey,
    baseUrl,
    uploadBaseUrl: baseUrl,
    fetch,
    clientOptions: {
      apiKey,
      baseUrl,
      uploadBaseUrl: baseUrl,
      fetch,
      clock: emulator.clock,
      sleep: async (ms) => emulator.clock.advance(Math.max(0, ms)),
    },
    advance: (ms) => emulator.clock.advance(ms),
    close: () => emulator.close(),
  };
}
