import type { RealtimeSessionRecord } from './account.ts';

/**
 * The lifecycle of an Avatar Realtime session on the emulator clock, computed from its record (create time,
 * text pieces, final marker, cancel) — nothing runs in the background. The limits are HeyGen's (Avatar
 * Realtime guide): text_stream sessions close after 30 s without text, every session after 1 h.
 */

/** Time from create until the HLS stream is live (`pending` → `streaming`). */
export const realtimeStartupMs = 2_000;
/** A text_stream session without new text (and nothing left to say) for this long ends (`idle_timeout`). */
export const realtimeIdleMs = 30_000;
/** The longest session (`max_duration`). */
export const realtimeMaxMs = 3_600_000;
/** Sessions an account may have pending or streaming at once. */
export const realtimeConcurrentSessions = 3;
/** Speaking time of one word (150 words a minute); punctuation takes none. */
const wordMs = 400;

/** One spoken word: `start`/`end` in seconds from the start of the streamed audio. */
export interface RealtimeWord {
  word: string;
  start: number;
  end: number;
}

/** What a session looks like at one moment. */
export interface RealtimeState {
  status: 'pending' | 'streaming' | 'completed' | 'error';
  /** When the stream went (or goes) live, ms. */
  streamStart: number;
  /** When the session ends as things stand (later appends or a cancel can move it), ms. */
  endsAt: number;
  endReason: 'final_marker' | 'idle_timeout' | 'max_duration' | 'cancelled' | null;
  /** Words spoken by `now` (or by the end). */
  spoken: RealtimeWord[];
  /** Every scheduled word, spoken or not. */
  scheduled: RealtimeWord[];
  /** Seconds of session billed so far (from going live until now or the end). */
  billedSeconds: number;
}

/** Words and punctuation marks of a text, in order. */
export function tokenize(text: string): string[] {
  return text.match(/[\p{L}\p{N}'’-]+|[^\s\p{L}\p{N}]/gu) ?? [];
}

/** Schedules every word back to back from the stream start; text arriving after a pause starts at arrival. */
function schedule(
  record: RealtimeSessionRecord,
  streamStart: number,
): { words: RealtimeWord[]; speechEnd: number } {
  const words: RealtimeWord[] = [];
  let cursor = streamStart;
  for (const piece of record.pieces) {
    cursor = Math.max(cursor, piece.at, streamStart);
    for (const token of tokenize(piece.text)) {
      const length = /[\p{L}\p{N}]/u.test(token) ? wordMs : 0;
      words.push({
        word: token,
        start: (cursor - streamStart) / 1000,
        end: (cursor + length - streamStart) / 1000,
      });
      cursor += length;
    }
  }
  return { words, speechEnd: cursor };
}

/** The session's state at `now`. */
export function realtimeState(record: RealtimeSessionRecord, now: number): RealtimeState {
  const streamStart = record.createdAt + realtimeStartupMs;
  const { words, speechEnd } = schedule(record, streamStart);
  const ends: { at: number; reason: NonNullable<RealtimeState['endReason']> }[] = [
    { at: record.createdAt + realtimeMaxMs, reason: 'max_duration' },
  ];
  if (record.cancelledAt !== null)
    ends.push({ at: Math.max(record.cancelledAt, record.createdAt), reason: 'cancelled' });
  if (record.type === 'tts') ends.push({ at: speechEnd, reason: 'final_marker' });
  if (record.type === 'audio')
    ends.push({ at: streamStart + (record.audioSeconds ?? 0) * 1000, reason: 'final_marker' });
  if (record.type === 'text_stream') {
    if (record.finalAt !== null)
      ends.push({ at: Math.max(speechEnd, record.finalAt), reason: 'final_marker' });
    const lastText = Math.max(...record.pieces.map((piece) => piece.at));
    ends.push({ at: Math.max(lastText, speechEnd, streamStart) + realtimeIdleMs, reason: 'idle_timeout' });
  }
  const end = ends.reduce((soonest, candidate) => (candidate.at < soonest.at ? candidate : soonest));
  const ended = end.at <= now;
  const until = Math.min(now, end.at);
  const spokenUntil = (until - streamStart) / 1000;
  const status =
    record.failure !== null && now >= streamStart
      ? 'error'
      : ended
        ? 'completed'
        : now < streamStart
          ? 'pending'
          : 'streaming';
  return {
    status,
    streamStart,
    endsAt: end.at,
    endReason: ended && record.failure === null ? end.reason : null,
    spoken: record.failure !== null ? [] : words.filter((word) => word.end <= spokenUntil),
    scheduled: words,
    billedSeconds: record.failure !== null ? 0 : Math.max(0, (until - streamStart) / 1000),
  };
}

/** True while the session is pending or streaming (it counts against the concurrent-session limit). */
export function realtimeActive(record: RealtimeSessionRecord, now: number): boolean {
  const { status } = realtimeState(record, now);
  return status === 'pending' || status === 'streaming';
}

/** Groups words the way HeyGen batches them on the stream: about one second of audio, at most 10 words. */
export function wordBatches(words: readonly RealtimeWord[]): RealtimeWord[][] {
  const batches: RealtimeWord[][] = [];
  for (const word of words) {
    const current = batches.at(-1);
    if (current && current.length < 10 && word.start - (current[0]?.start ?? 0) < 1) current.push(word);
    else batches.push([word]);
  }
  return batches;
}
