import { createEmulator, type Emulator, type EmulatorOptions } from './create-emulator.ts';
import { createManualClock } from './manual-clock.ts';

/**
 * Test support for the emulator's own suites (and anyone who wants raw HTTP against it): an emulator on a
 * manual clock plus a `request` helper that sends real HTTP requests (as HeyGen clients do) through the
 * in-process fetch and parses the answer.
 */
export interface HarnessResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON body, or undefined when the body is not JSON. */
  body: any;
  text: string;
}

/** Options of one harness request. */
export interface HarnessRequestOptions {
  /** JSON body (sent with `content-type: application/json`). */
  json?: unknown;
  /** Raw body (multipart FormData or bytes); set `headers['content-type']` for bytes. */
  body?: RequestInit['body'];
  /** API key (`X-Api-Key`); default `sandbox-key`; null sends none. */
  key?: string | null;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** An emulator on a manual clock and a request helper. */
export interface Harness {
  emulator: Emulator;
  request(method: string, path: string, options?: HarnessRequestOptions): Promise<HarnessResponse>;
  /** Advances the clock (jobs progress, due webhooks go out). */
  advance(ms: number): void;
}

/** Origin the harness sends requests to (in-process: any origin works). */
export const harnessOrigin = 'http://emulator.local';

/** Creates a harness; options go to `createEmulator` (the clock defaults to a manual one). */
export function createHarness(options: EmulatorOptions = {}): Harness {
  const emulator = createEmulator({ clock: createManualClock(), ...options });
  return {
    emulator,
    advance: (ms) => emulator.clock.advance(ms),
    async request(method, path, requestOptions = {}) {
      const headers: Record<string, string> = { ...requestOptions.headers };
      const key = requestOptions.key === undefined ? 'sandbox-key' : requestOptions.key;
      if (key !== null) headers['x-api-key'] = key;
      let body = requestOptions.body;
      if (requestOptions.json !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(requestOptions.json);
      }
      const url = path.startsWith('http') ? path : `${harnessOrigin}${path}`;
      const response = await emulator.fetch(url, { method, headers, body, signal: requestOptions.signal });
      const text = await response.text();
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      return { status: response.status, headers: response.headers, body: parsed, text };
    },
  };
}
