import type { ToolDefinition } from './define-tool.ts';
import { jobKinds } from './job-kinds.ts';
import { pricing } from './pricing.ts';
import { v3Tool } from './v3-tool.ts';

const area = 'avatar-realtime';

/** Limits HeyGen's Avatar Realtime guide states (raised on request), told to agents once per tool. */
const limits = '720p HLS; text_stream sessions close after 30 s without text; 1 h per session; 3 at once.';

/**
 * Tools for Avatar Realtime: a low-latency, one-way (HLS) streaming avatar driven by a text, an audio track or
 * text appended as it is produced, with word timestamps (v3-additions.json). It replaces the legacy
 * Interactive Avatar streaming for agents that only need the avatar to speak.
 */
export const avatarRealtime: readonly ToolDefinition[] = [
  v3Tool('avatar_realtime_create', {
    title: 'Start realtime avatar stream',
    description:
      'Start a streaming avatar (avatar_id: a photo or motion look from avatar_look_list). type tts (speak text with ' +
      'voice_id from voice_list), audio ' +
      '(lip-sync an audio source) or text_stream (voice_id + first text, then avatar_realtime_text_append). ' +
      `Returns stream_id; avatar_realtime_wait until it is live, then play hls_url. Billed per second. ${limits} ` +
      'Uncertain: the audio source shape and the optional fields of the audio and text_stream modes.',
    area,
    access: 'write',
    idempotent: false,
    job: jobKinds.avatar_realtime,
    portability: {
      accountScoped: ['avatar_id', 'voice_id', 'audio.asset_id'],
      publicIdsPortable: true,
      publicIdPaths: ['avatar_id', 'voice_id'],
    },
    cost: pricing.avatar_realtime_create,
  }),
  v3Tool('avatar_realtime_get', {
    title: 'Get realtime avatar stream',
    description:
      'State of a session by stream_id: pending (starting), streaming (hls_url is live), completed (end_reason ' +
      'says why) or error (error_message). Uncertain: HeyGen’s guide also shows status ready and a `url` field; ' +
      'both pass through unchanged.',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: ['stream_id'] },
  }),
  v3Tool('avatar_realtime_text_append', {
    title: 'Append text to realtime avatar',
    description:
      'Give a text_stream session its next words (delta, e.g. LLM tokens as they arrive); the avatar speaks ' +
      'them in order. final:true closes input (delta may then be empty); later appends answer gone (HTTP 410). ' +
      'Returns buffered_bytes. Send text at least every 30 s or the session ends; appends are billed as ' +
      'session time. Uncertain: the guide once sends `text` instead of `delta`; delta is what the reference takes.',
    area,
    access: 'write',
    idempotent: false,
    sequential: true,
    portability: { accountScoped: ['stream_id'] },
    cost: pricing.avatar_realtime_text_append,
  }),
  v3Tool('avatar_realtime_words_get', {
    title: 'Get realtime avatar word timings',
    description:
      'Word timestamps of a session ({word, start, end} in seconds of streamed audio; punctuation is a word). ' +
      'Reads HeyGen’s event stream until it ends, at most 15 s, 1 MiB or 10,000 events: `ended` says whether ' +
      'the session’s words are complete, `truncated` which bound stopped reading. Call again for newer words. ' +
      'Uncertain: the end event’s fields are undocumented (returned as `end`).',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: ['stream_id'] },
  }),
  v3Tool('avatar_realtime_cancel', {
    title: 'Cancel realtime avatar stream',
    description:
      'End a session now and stop its per-second billing. Safe to repeat: cancelled is true when this call ' +
      'ended it, false when it had already ended. Uncertain: the echoed stream_id is not in HeyGen’s text.',
    area,
    access: 'destructive',
    idempotent: true,
    portability: { accountScoped: ['stream_id'] },
  }),
];
