import { describe, expect, it } from 'vitest';
import { startEmulator } from '../test/emulator.ts';
import { createHeyGenClient } from './client.ts';
import { readEventStream, type EventStreamLimits } from './read-event-stream.ts';

/** A body that sends `chunks` one by one and then stays open (a live stream) unless `close` is set. */
function body(
  chunks: readonly string[],
  close = false,
): { stream: ReadableStream<Uint8Array>; cancelled: () => boolean } {
  let index = 0;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[index++];
      if (chunk !== undefined) controller.enqueue(new TextEncoder().encode(chunk));
      else if (close) controller.close();
      else return new Promise<void>(() => undefined); // nothing more, ever
    },
    cancel() {
      cancelled = true;
    },
  });
  return { stream, cancelled: () => cancelled };
}

const limits: EventStreamLimits = { maxMs: 200, maxBytes: 1024 * 1024, maxEvents: 100 };
const frame = (words: string[]) =>
  `data: ${JSON.stringify({ words: words.map((word) => ({ word, start: 0, end: 0 })) })}\n\n`;

describe('readEventStream', () => {
  it('merges data frames (arrays concatenated, split across chunks) and stops at the end event', async () => {
    const whole =
      frame(['a', 'b']) + frame(['c']) + 'event: end\ndata: {"word_count":3}\n\n' + frame(['late']);
    const source = body([whole.slice(0, 17), whole.slice(17, 60), whole.slice(60)]);
    const result = await readEventStream(source.stream, { limits });
    expect((result.words as { word: string }[]).map((word) => word.word)).toEqual(['a', 'b', 'c']);
    expect(result).toMatchObject({ ended: true, end: { word_count: 3 }, truncated: null });
    expect(source.cancelled()).toBe(true);
  });

  it('returns what arrived when the time bound passes on a live stream, and hangs up', async () => {
    const source = body([frame(['so', 'far'])]);
    const result = await readEventStream(source.stream, { limits });
    expect(result).toMatchObject({ ended: false, truncated: 'time', end: null });
    expect(result.words).toHaveLength(2);
    expect(source.cancelled()).toBe(true);
  });

  it('stops at the byte and frame bounds', async () => {
    const many = Array.from({ length: 10 }, (_, index) => frame([`w${index}`]));
    const byFrames = await readEventStream(body(many).stream, { limits: { ...limits, maxEvents: 3 } });
    expect(byFrames).toMatchObject({ truncated: 'events' });
    expect(byFrames.words).toHaveLength(3);
    const byBytes = await readEventStream(body(many).stream, { limits: { ...limits, maxBytes: 100 } });
    expect(byBytes.truncated).toBe('bytes');
  });

  it('treats a closed stream as ended and skips frames that are not JSON objects', async () => {
    const result = await readEventStream(
      body(['data: oops\n\n', ': comment\n\n', frame(['x'])], true).stream,
      {
        limits,
      },
    );
    expect(result).toMatchObject({ ended: true, truncated: null });
    expect(result.words).toHaveLength(1);
  });

  it('rejects when the caller cancels', async () => {
    const controller = new AbortController();
    const reading = readEventStream(body([]).stream, {
      limits: { ...limits, maxMs: 5_000 },
      signal: controller.signal,
    });
    controller.abort(new Error('stop'));
    await expect(reading).rejects.toThrow('stop');
  });
});

describe('avatar_realtime_words_get through the client', () => {
  it('returns the words of a finished session at once, and a live one within the bound', async () => {
    const started = await startEmulator();
    const client = createHeyGenClient({ ...started.clientOptions, eventStreamLimits: { maxMs: 100 } });
    const library = started.emulator.inspect.library();
    const created = await client.call('avatar_realtime_create', {
      type: 'text_stream',
      avatar_id: library.avatarId,
      voice_id: library.voiceId,
      text: 'Live words here',
    });
    const streamId = (created.data as { stream_id: string }).stream_id;
    started.advance(2_500);
    const live = await client.call('avatar_realtime_words_get', { stream_id: streamId });
    expect(live.data).toMatchObject({ ended: false, truncated: 'time' });
    expect((live.data as { words: unknown[] }).words.length).toBeGreaterThan(0);
    await client.call('avatar_realtime_cancel', { stream_id: streamId });
    const done = await client.call('avatar_realtime_words_get', { stream_id: streamId });
    expect(done.data).toMatchObject({ ended: true, truncated: null, end: { end_reason: 'cancelled' } });
    await started.close();
  });
});
