import type { Account, RealtimeSessionRecord } from '../account.ts';
import type { EmulatorCore } from '../emulator-core.ts';
import { EmulatorError } from '../emulator-error.ts';
import { creditsFor, creditsPerMinute } from '../pricing.ts';
import {
  realtimeActive,
  realtimeConcurrentSessions,
  realtimeState,
  wordBatches,
  type RealtimeWord,
} from '../realtime-session.ts';
import type { HandlerContext, HandlerMap, HandlerResult } from './handler-context.ts';
import { resolveSource, text, wantsFailure } from './shared.ts';

/** How often a live word stream looks for newly spoken words when none is due sooner (emulator ms). */
const streamPollMs = 1_000;

/** Stream ids look like UUIDs in HeyGen's examples: the emulator's 32-hex id in that layout. */
function uuidOf(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function requireSession(context: HandlerContext, id: string): RealtimeSessionRecord {
  const record = context.account.realtimeSessions.get(id);
  if (!record) throw EmulatorError.notFound('Avatar Realtime session', id);
  return record;
}

/** Charges an ended session once, per second it streamed (billing follows the session's length). */
function settle(core: EmulatorCore, account: Account, record: RealtimeSessionRecord, now: number): void {
  const state = realtimeState(record, now);
  if (record.charged || (state.status !== 'completed' && state.status !== 'error')) return;
  record.charged = true;
  const credits =
    state.billedSeconds > 0 ? creditsFor(state.billedSeconds, creditsPerMinute.avatarRealtime) : 0;
  account.credits -= credits;
  account.creditsSpent += credits;
}

function sessionView(context: HandlerContext, record: RealtimeSessionRecord): Record<string, unknown> {
  settle(context.core, context.account, record, context.now);
  const state = realtimeState(record, context.now);
  return {
    stream_id: record.id,
    status: state.status,
    hls_url: state.status === 'streaming' ? context.url(`realtime/${record.id}/index.m3u8`) : null,
    end_reason: state.endReason,
    error_message: state.status === 'error' ? record.failure : null,
  };
}

/** The 429 HeyGen's guide implies at the 3-session limit (the answer itself is not documented). */
function tooManySessions(): EmulatorError {
  return new EmulatorError({
    status: 429,
    code: 'rate_limit_exceeded',
    message: `At most ${realtimeConcurrentSessions} Avatar Realtime sessions may run at once; end one (cancel) or retry later.`,
    headers: { 'retry-after': '30' },
  });
}

/** An HLS playlist for the session: one segment, the emulator's sample clip (no live media is emulated). */
function putPlaylist(context: HandlerContext, id: string): void {
  const segment = context.url(`realtime/${id}/segment0.mp4`);
  const playlist = `#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:1\n#EXTINF:1.0,\n${segment}\n`;
  context.core.media.put(`realtime/${id}/index.m3u8`, {
    contentType: 'application/vnd.apple.mpegurl',
    bytes: new TextEncoder().encode(playlist),
  });
}

/** A `data:` frame of the word stream. */
function frame(words: readonly RealtimeWord[]): string {
  return `data: ${JSON.stringify({ words })}\n\n`;
}

/**
 * The word-timestamp stream: every word spoken so far (late subscribers get the whole history), then new words
 * as the emulator clock passes them, in batches of about a second or 10 words, and one `event: end` frame
 * when the session is over (at once for a finished session).
 */
function wordStream(context: HandlerContext, record: RealtimeSessionRecord): Response {
  const encoder = new TextEncoder();
  let sent = 0;
  let closed = false;
  const hangUp = new AbortController();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        if (closed) return;
        const now = context.core.clock.now();
        const state = realtimeState(record, now);
        const fresh = state.spoken.slice(sent);
        sent = state.spoken.length;
        const chunks = wordBatches(fresh).map(frame);
        const over = state.status === 'completed' || state.status === 'error';
        if (over) {
          const end = {
            stream_id: record.id,
            status: state.status,
            end_reason: state.endReason,
            word_count: sent,
          };
          chunks.push(`event: end\ndata: ${JSON.stringify(end)}\n\n`);
        }
        if (chunks.length > 0) controller.enqueue(encoder.encode(chunks.join('')));
        if (over) {
          closed = true;
          controller.close();
          return;
        }
        if (chunks.length > 0) return;
        const next = state.scheduled[sent];
        const due = next ? state.streamStart + next.end * 1000 : now + streamPollMs;
        try {
          await context.sleep(Math.max(1, Math.min(due, state.endsAt) - now), hangUp.signal);
        } catch {
          // The client hung up or the emulator closed: end the stream quietly.
          closed = true;
          controller.close();
          return;
        }
      }
    },
    cancel() {
      closed = true;
      hangUp.abort();
    },
  });
  return new Response(body, {
    status: 200,
    headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' },
  });
}

/** Handlers of the v3 Avatar Realtime endpoints. */
export const avatarRealtimeHandlers: HandlerMap = {
  avatar_realtime_create(context): HandlerResult {
    const { core, account, input } = context;
    for (const session of account.realtimeSessions.values()) settle(core, account, session, context.now);
    const active = [...account.realtimeSessions.values()].filter((session) =>
      realtimeActive(session, context.now),
    );
    if (active.length >= realtimeConcurrentSessions) throw tooManySessions();
    if (account.credits < 1) {
      throw new EmulatorError({
        status: 402,
        code: 'insufficient_credits',
        message: 'Insufficient credits to start an Avatar Realtime session.',
      });
    }
    const known = core.library.avatarGroups.some((group) =>
      group.looks.some((look) => look.id === input.avatar_id),
    );
    if (!known && !account.looks.has(input.avatar_id)) {
      // A third-party test saw 404 resource_not_found for an unsupported avatar (v3-additions.json, uncertain).
      throw new EmulatorError({
        status: 404,
        code: 'resource_not_found',
        message: `Avatar not found: ${String(input.avatar_id)}`,
        param: 'avatar_id',
      });
    }
    const audio = input.type === 'audio' ? resolveSource(context, input.audio, 'audio') : undefined;
    const record: RealtimeSessionRecord = {
      id: uuidOf(core.newId()),
      createdAt: context.now,
      type: input.type,
      avatarId: input.avatar_id,
      voiceId: text(input.voice_id),
      pieces: typeof input.text === 'string' ? [{ text: input.text, at: context.now }] : [],
      audioSeconds: audio ? audio.duration : null,
      finalAt: null,
      cancelledAt: null,
      failure: wantsFailure(context, input.text)
        ? 'The avatar stream failed to start (simulated by the heygate emulator).'
        : null,
      charged: false,
    };
    account.realtimeSessions.set(record.id, record);
    putPlaylist(context, record.id);
    return { status: 201, data: { stream_id: record.id } };
  },

  avatar_realtime_get(context) {
    return { data: sessionView(context, requireSession(context, context.input.stream_id)) };
  },

  avatar_realtime_text_append(context) {
    const record = requireSession(context, context.input.stream_id);
    const delta = String(context.input.delta ?? '');
    const final = context.input.final === true;
    if (record.type !== 'text_stream') {
      throw EmulatorError.invalid(
        'stream_id',
        `Session ${record.id} is a ${record.type} session; only text_stream sessions take text.`,
      );
    }
    const state = realtimeState(record, context.now);
    if (record.finalAt !== null || state.status === 'completed' || state.status === 'error') {
      throw new EmulatorError({
        status: 410,
        code: 'stream_closed',
        message:
          record.finalAt !== null
            ? 'This session already received its final text.'
            : `This session has ended (${state.endReason ?? state.status}).`,
      });
    }
    if (delta === '' && !final)
      throw EmulatorError.invalid('delta', 'delta must not be empty unless final is true.');
    if (delta !== '') record.pieces.push({ text: delta, at: context.now });
    if (final) record.finalAt = context.now;
    const buffered = record.pieces.reduce((total, piece) => total + Buffer.byteLength(piece.text, 'utf8'), 0);
    return { status: 202, data: { buffered_bytes: buffered, ok: true } };
  },

  avatar_realtime_words_get(context) {
    const record = requireSession(context, context.input.stream_id);
    return { data: null, response: wordStream(context, record) };
  },

  avatar_realtime_cancel(context) {
    const record = requireSession(context, context.input.stream_id);
    const live = realtimeActive(record, context.now);
    if (live) record.cancelledAt = context.now;
    settle(context.core, context.account, record, context.now);
    return { data: { cancelled: live, stream_id: record.id } };
  },
};
