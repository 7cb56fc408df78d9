import { createParser, type EventSourceMessage } from 'eventsource-parser';

/**
 * How much of a Server-Sent Events answer one tool call reads. A live stream (an Avatar Realtime session's
 * word timings) can stay open for an hour; a tool call must return, so reading stops at the first bound
 * reached and the result says which (`truncated`).
 */
export interface EventStreamLimits {
  /** Longest time spent reading, in ms (default 15 s). */
  maxMs: number;
  /** Most bytes read (default 1 MiB). */
  maxBytes: number;
  /** Most `data` frames merged (default 10,000). */
  maxEvents: number;
}

/** The bounds of `EventStreamLimits`, as the tool descriptions state them. */
export const defaultEventStreamLimits: EventStreamLimits = {
  maxMs: 15_000,
  maxBytes: 1024 * 1024,
  maxEvents: 10_000,
};

/** What was read: the merged frames plus how the reading ended (see `eventStreamResult` in the catalog). */
export interface EventStreamResult extends Record<string, unknown> {
  /** True when the stream's `end` event arrived (or the server closed the stream). */
  ended: boolean;
  /** Data of the `end` event (parsed JSON, else the text), null without one. */
  end: unknown;
  /** The bound that stopped reading early, or null. */
  truncated: 'time' | 'bytes' | 'events' | null;
}

/** Options of {@link readEventStream}. */
export interface ReadEventStreamOptions {
  limits: EventStreamLimits;
  /** Caller cancellation: stops reading and rejects. */
  signal?: AbortSignal;
}

/**
 * Reads a `text/event-stream` body within `limits` and merges its `data` frames into one object: array
 * members are concatenated in order (a word-timestamp batch `{words:[…]}` after another), other members keep
 * the last value. An `event: end` frame ends reading (its data becomes `end`); so does the server closing
 * the stream. Frames whose data is not a JSON object are skipped. The body is cancelled when reading stops
 * early, so HeyGen sees the client go away.
 */
export async function readEventStream(
  body: ReadableStream<Uint8Array> | null,
  options: ReadEventStreamOptions,
): Promise<EventStreamResult> {
  const { limits, signal } = options;
  const merged: Record<string, unknown> = {};
  const result: EventStreamResult = { ended: false, end: null, truncated: null };
  if (!body) return { ...merged, ...result, ended: true };

  let events = 0;
  const parser = createParser({
    onEvent(message: EventSourceMessage) {
      if (result.ended || result.truncated) return;
      if (message.event === 'end') {
        result.ended = true;
        result.end = parseData(message.data);
        return;
      }
      const data = parseData(message.data);
      if (data === null || typeof data !== 'object' || Array.isArray(data)) return;
      events += 1;
      if (events > limits.maxEvents) {
        result.truncated = 'events';
        return;
      }
      mergeFrame(merged, data as Record<string, unknown>);
    },
  });

  const reader = body.getReader();
  const decoder = new TextDecoder();
  // A referenced timer (unlike AbortSignal.timeout): a waiting read keeps the process alive until it ends.
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), limits.maxMs);
  const stop = signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal;
  let bytes = 0;
  try {
    while (!result.ended && !result.truncated) {
      const chunk = await nextChunk(reader, stop);
      if (chunk === 'stopped') {
        if (signal?.aborted) throw signal.reason;
        result.truncated = 'time';
        break;
      }
      if (chunk.done) {
        result.ended = true;
        break;
      }
      bytes += chunk.value.byteLength;
      if (bytes > limits.maxBytes) {
        result.truncated = 'bytes';
        break;
      }
      parser.feed(decoder.decode(chunk.value, { stream: true }));
    }
  } finally {
    clearTimeout(timer);
    // Ends the request either way: after `end` HeyGen closes it too; early, this is the client hanging up.
    await reader.cancel().catch(() => undefined);
  }
  return { ...merged, ...result };
}

/** The next chunk, or `stopped` when the deadline or the caller's signal fires first. */
async function nextChunk(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  stop: AbortSignal,
): Promise<Awaited<ReturnType<ReadableStreamDefaultReader<Uint8Array>['read']>> | 'stopped'> {
  if (stop.aborted) return 'stopped';
  let onAbort: (() => void) | undefined;
  const stopped = new Promise<'stopped'>((resolve) => {
    onAbort = () => resolve('stopped');
    stop.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([reader.read(), stopped]);
  } finally {
    if (onAbort) stop.removeEventListener('abort', onAbort);
  }
}

function parseData(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return data === '' ? null : data;
  }
}

/** Arrays are appended (into the merged object's own copy), everything else replaced. */
function mergeFrame(target: Record<string, unknown>, frame: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(frame)) {
    const current = target[key];
    if (Array.isArray(value) && Array.isArray(current)) current.push(...(value as unknown[]));
    else target[key] = Array.isArray(value) ? [...(value as unknown[])] : value;
  }
}
