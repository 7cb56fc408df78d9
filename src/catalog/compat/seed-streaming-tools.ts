import { z } from 'zod';
import { InvalidInputError } from '../errors.ts';
import type { ToolDefinition } from '../define-tool.ts';
import { jobKinds } from '../job-kinds.ts';
import type { PriceTable } from '../price-table.ts';
import { pricing } from '../pricing.ts';
import {
  defineLegacySeedTool,
  defineSeedTool,
  looseNullableResult,
  looseResult,
  strictInput,
  unknownResult,
  type LegacySeedToolDefinition,
} from './define-seed-tool.ts';
import { readV3Object, stringField } from './v3-result.ts';

/**
 * Seed tools for Interactive Avatar streaming and its knowledge bases. HeyGen retired `/v1/streaming.*`
 * (a third-party report has it answering 410 `endpoint_sunset` since March 2026) and points conversational
 * use to LiveAvatar, a separate API. v3's Avatar Realtime is a one-way HLS avatar that speaks text as it
 * arrives, so the calls that only make an avatar speak are carried on it (docs/decisions/0027-seed-tools-after-the-sunset.md):
 *
 * - `new_streaming_session` → `avatar_realtime_create` (type text_stream; needs avatar_id, voice.voice_id and
 *   an opening `text`, which v3 requires), `streaming_start` → `avatar_realtime_wait` (the session starts by
 *   itself; this waits until its HLS url is live), `streaming_task` with task_type `repeat` →
 *   `avatar_realtime_text_append`, `streaming_stop` → `avatar_realtime_cancel`.
 * - Everything else (WebRTC ICE, interrupt, keep-alive, tokens, session lists, knowledge bases, `talk` tasks)
 *   has no honest v3 counterpart: those tools stay on their legacy endpoint, which the client refuses with
 *   `endpoint_sunset` naming the alternative unless the operator allows legacy calls.
 *
 * Session token (legacy only): `streaming_create_token` (X-Api-Key) returns `token`; HeyGen's SDK sent it as
 * `Authorization: Bearer` on the session calls, which take an optional `session_token` input. The carried
 * tools accept and ignore it (v3 takes the API key); the client never puts it in a body or a log.
 */

/** What HeyGen offers instead of the legacy calls nothing in v3 replaces. */
const liveAvatar = 'none in v3: conversation (WebRTC, talk tasks) moved to LiveAvatar, a separate HeyGen API';
const sessionCost = {
  note: 'An open streaming session consumed credits per minute until it was stopped or timed out.',
};
/** Avatar Realtime's limits, stated on every carried tool. */
const realtimeLimits =
  'v3 Avatar Realtime: one-way HLS at 720p (no WebRTC/LiveKit), closes after 30 s without text, 1 h per session, 3 at once.';

const sessionToken = () =>
  z
    .string()
    .min(1)
    .optional()
    .describe('Token from streaming_create_token, sent as Bearer auth (omit to use the API key)');

const sessionId = () => z.string().min(1).describe('session_id from new_streaming_session / streaming_new');

/** A legacy streaming control call that takes the session token. */
function sessionTool(definition: LegacySeedToolDefinition): ToolDefinition {
  return defineLegacySeedTool({
    ...definition,
    heygenAuth: ['streaming_token', 'api_key'],
    request: { body: 'json', ...definition.request },
  });
}

/** A warning for a `session_token` given to a carried tool: v3 authenticates with the API key instead. */
function tokenWarnings(input: { session_token?: string }): string[] {
  return input.session_token === undefined
    ? []
    : ['session_token: v3 Avatar Realtime takes the API key; the token was not used'];
}

const newSessionOptions = {
  quality: z.enum(['low', 'medium', 'high']).optional().describe('Video quality, default medium'),
  avatar_id: z.string().optional().describe('Interactive avatar id from list_streaming_avatars'),
  voice: z
    .strictObject({
      voice_id: z.string().optional(),
      rate: z.number().optional().describe('Speaking rate, default 1'),
      emotion: z.string().optional(),
    })
    .optional(),
  knowledge_base_id: z.string().optional(),
  knowledge_base: z.string().optional().describe('Inline knowledge-base prompt for chat tasks'),
  language: z.string().optional(),
  version: z.string().optional().describe('v2 = LiveKit flow (url + access_token)'),
  video_encoding: z.enum(['VP8', 'H264']).optional(),
  disable_idle_timeout: z.boolean().optional(),
  activity_idle_timeout: z
    .number()
    .int()
    .optional()
    .describe('Seconds of inactivity before the session closes'),
  stt_settings: z.record(z.string(), z.unknown()).optional(),
  silence_response: z.boolean().optional(),
  ia_is_livekit_transport: z.boolean().optional(),
  livekit_settings: z.record(z.string(), z.unknown()).optional(),
  voice_name: z.string().optional(),
};

const sessionOutput = looseResult({
  session_id: z.string().nullish(),
  url: z.string().nullish(),
  access_token: z.string().nullish(),
});

/** Legacy session options Avatar Realtime has no field for: accepted, reported in `warnings`. */
const ignoredOnV3 = [
  'knowledge_base_id',
  'knowledge_base',
  'language',
  'version',
  'video_encoding',
  'activity_idle_timeout',
  'stt_settings',
  'silence_response',
  'ia_is_livekit_transport',
  'livekit_settings',
  'voice_name',
] as const;

/** What a carried `new_streaming_session` cannot do as asked, for its `warnings`. */
function sessionWarnings(input: Record<string, any>): string[] {
  const warnings = ignoredOnV3
    .filter((field) => input[field] !== undefined)
    .map((field) => `${field}: no Avatar Realtime field; ignored`);
  if (input.quality !== undefined && input.quality !== 'medium')
    warnings.push(`quality: Avatar Realtime streams 720p only; ${input.quality} was ignored`);
  if (input.voice?.rate !== undefined) warnings.push('voice.rate: no Avatar Realtime field; ignored');
  if (input.voice?.emotion !== undefined) warnings.push('voice.emotion: no Avatar Realtime field; ignored');
  if (input.disable_idle_timeout === true)
    warnings.push('disable_idle_timeout: Avatar Realtime always closes a session after 30 s without text');
  return [...warnings, ...tokenWarnings(input)];
}

/** The legacy session's answer from a v3 session: HLS url instead of LiveKit, no access token. */
function sessionResult(session: Record<string, unknown>, warnings: string[]): Record<string, unknown> {
  return {
    session_id: stringField(session, 'stream_id'),
    status: stringField(session, 'status'),
    url: stringField(session, 'hls_url') ?? stringField(session, 'url'),
    access_token: null,
    session_duration_limit: 3600,
    warnings,
  };
}

const newStreamingSession = defineSeedTool({
  name: 'new_streaming_session',
  title: 'Open a streaming avatar session',
  description:
    'Open a streaming avatar that speaks `text` at once (required, with avatar_id — a photo or motion look — ' +
    'and voice.voice_id). Returns session_id and status; `url` is the HLS stream once streaming_start says it ' +
    'is live. More words: streaming_task (task_type repeat); end: streaming_stop; billed per second. Runs on POST ' +
    `/v3/avatar-realtime; knowledge bases and LiveKit options are ignored. ${realtimeLimits}`,
  area: 'streaming',
  endpoint: { method: 'POST', path: '/v3/avatar-realtime', host: 'api', envelope: 'v3' },
  access: 'write',
  idempotent: false,
  job: { ...jobKinds.avatar_realtime, resultIdPath: 'session_id' },
  cost: {
    note: `${pricing.avatar_realtime_create.note} Estimated from the opening text.`,
    estimate: (input: any, prices: PriceTable) =>
      pricing.avatar_realtime_create.estimate({ type: 'text_stream', text: input?.text }, prices),
  },
  portability: {
    accountScoped: ['avatar_id', 'voice.voice_id'],
    publicIdsPortable: true,
    publicIdPaths: ['avatar_id', 'voice.voice_id'],
  },
  input: strictInput({
    ...newSessionOptions,
    avatar_id: z.string().min(1).describe('Photo or motion avatar look (avatar_look_list)'),
    voice: z.strictObject({
      voice_id: z.string().min(1).describe('Voice for the speech (voice_list)'),
      rate: z.number().optional().describe('Ignored on v3'),
      emotion: z.string().optional().describe('Ignored on v3'),
    }),
    text: z.string().min(1).describe('The opening words: a v3 session starts speaking at once'),
    session_token: sessionToken(),
  }),
  output: sessionOutput,
  implementation: {
    kind: 'composite',
    async run(input, context) {
      const created = readV3Object(
        await context.call('avatar_realtime_create', {
          type: 'text_stream',
          avatar_id: input.avatar_id,
          voice_id: input.voice.voice_id,
          text: input.text,
        }),
      );
      const streamId = stringField(created, 'stream_id');
      const session = streamId
        ? readV3Object(await context.call('avatar_realtime_get', { stream_id: streamId }))
        : created;
      return sessionResult({ stream_id: streamId, ...session }, sessionWarnings(input));
    },
  },
});

const streamingNew = sessionTool({
  name: 'streaming_new',
  title: 'Open a streaming session (quality only)',
  description:
    'Open an Interactive Avatar session choosing only the quality (low, medium, high). Same endpoint as ' +
    'new_streaming_session, which now runs on v3 Avatar Realtime and needs an avatar, a voice and an opening text.',
  area: 'streaming',
  method: 'POST',
  path: '/v1/streaming.new',
  envelope: 'v1',
  replacement:
    'new_streaming_session (on v3 Avatar Realtime: avatar_id, voice.voice_id and an opening text) or avatar_realtime_create',
  access: 'write',
  idempotent: false,
  cost: sessionCost,
  portability: { accountScoped: [] },
  input: strictInput({ quality: z.enum(['low', 'medium', 'high']), session_token: sessionToken() }),
  output: sessionOutput,
});

const streamingCreateToken = defineLegacySeedTool({
  name: 'streaming_create_token',
  title: 'Create a streaming session token',
  description:
    'Create a short-lived token that authorised the legacy streaming calls (as `session_token`, or for a ' +
    'browser client). Keep it secret and server-side.',
  area: 'streaming',
  method: 'POST',
  path: '/v1/streaming.create_token',
  envelope: 'v1',
  replacement:
    'no token: v3 Avatar Realtime takes the API key, so call new_streaming_session (or avatar_realtime_create) directly',
  access: 'write',
  idempotent: false,
  portability: { accountScoped: [] },
  input: strictInput({ expiry: z.number().int().positive().optional().describe('Lifetime in seconds') }),
  output: looseResult({ token: z.string().nullish() }),
  request: { body: 'json' },
});

const streamingStart = defineSeedTool({
  name: 'streaming_start',
  title: 'Start a streaming session',
  description:
    'Wait until a session from new_streaming_session is live (a v3 session starts by itself, in seconds) and ' +
    'return its status and HLS `url`; status completed or error means it already ended. The WebRTC `sdp` ' +
    `answer is refused: v3 streams HLS. Runs on GET /v3/avatar-realtime/{stream_id}. ${realtimeLimits}`,
  area: 'streaming',
  endpoint: { method: 'GET', path: '/v3/avatar-realtime/{stream_id}', host: 'api', envelope: 'v3' },
  access: 'write',
  idempotent: true,
  portability: { accountScoped: ['session_id'] },
  input: strictInput({
    session_id: sessionId(),
    sdp: z
      .strictObject({ type: z.string(), sdp: z.string() })
      .optional()
      .describe('SDP answer (legacy WebRTC flow; refused on v3)'),
    session_token: sessionToken(),
  }),
  output: looseNullableResult({ session_id: z.string().nullish(), url: z.string().nullish() }),
  implementation: {
    kind: 'composite',
    async run(input, context) {
      if (input.sdp !== undefined) {
        throw new InvalidInputError('streaming_start', [
          {
            field: 'sdp',
            expected: 'nothing (v3 Avatar Realtime has no WebRTC)',
            message:
              '`sdp`: v3 Avatar Realtime streams HLS and takes no SDP answer; omit sdp and play the session url.',
          },
        ]);
      }
      const session = readV3Object(
        await context.call('avatar_realtime_wait', { stream_id: input.session_id, timeout_seconds: 60 }),
      );
      return sessionResult({ stream_id: input.session_id, ...session }, tokenWarnings(input));
    },
  },
});

const streamingIce = sessionTool({
  name: 'streaming_ice',
  title: 'Send an ICE candidate',
  description:
    'Send a WebRTC ICE candidate for a session (legacy WebRTC flow only; LiveKit sessions did not need it).',
  area: 'streaming',
  method: 'POST',
  path: '/v1/streaming.ice',
  envelope: 'v1',
  replacement: `no WebRTC on v3: Avatar Realtime streams HLS (play the url new_streaming_session returns); ${liveAvatar}`,
  access: 'write',
  idempotent: false,
  portability: { accountScoped: ['session_id'] },
  input: strictInput({
    session_id: sessionId(),
    candidate: z.strictObject({
      candidate: z.string(),
      sdpMid: z.string().nullish(),
      sdpMLineIndex: z.union([z.number().int(), z.string()]).nullish(),
      usernameFragment: z.string().nullish(),
    }),
    session_token: sessionToken(),
  }),
  output: looseNullableResult(),
});

const streamingTask = defineSeedTool({
  name: 'streaming_task',
  title: 'Make the streaming avatar speak',
  description:
    'Make a session from new_streaming_session say `text` verbatim: task_type must be `repeat` (talk/chat ' +
    'answered from a knowledge base, which v3 lacks; refused). Returns buffered_bytes once queued, not after ' +
    'it was spoken; task_id and duration_ms are null. Send text at least every 30 s or the session closes. ' +
    'Billed as session time. Runs on POST /v3/avatar-realtime/{stream_id}/text.',
  area: 'streaming',
  endpoint: { method: 'POST', path: '/v3/avatar-realtime/{stream_id}/text', host: 'api', envelope: 'v3' },
  access: 'write',
  idempotent: false,
  sequential: true,
  cost: {
    note: pricing.avatar_realtime_text_append.note,
    estimate: (input: any, prices: PriceTable) =>
      pricing.avatar_realtime_text_append.estimate({ delta: input?.text }, prices),
  },
  portability: { accountScoped: ['session_id'] },
  input: strictInput({
    session_id: sessionId(),
    text: z.string().min(1),
    task_type: z.enum(['talk', 'repeat', 'chat']).optional().describe('Must be repeat on v3 (default talk)'),
    task_mode: z.enum(['sync', 'async']).optional(),
    session_token: sessionToken(),
  }),
  output: looseResult({ task_id: z.string().nullish(), duration_ms: z.number().nullish() }),
  implementation: {
    kind: 'composite',
    async run(input, context) {
      if (input.task_type !== 'repeat') {
        throw new InvalidInputError('streaming_task', [
          {
            field: 'task_type',
            expected: 'repeat',
            message:
              `\`task_type\`: v3 Avatar Realtime only says text verbatim, so pass task_type "repeat" ` +
              `(got ${input.task_type === undefined ? 'nothing, which meant talk' : `"${input.task_type}"`}); ` +
              'answers from a knowledge base need LiveAvatar, a separate HeyGen API.',
          },
        ]);
      }
      const appended = readV3Object(
        await context.call('avatar_realtime_text_append', { stream_id: input.session_id, delta: input.text }),
      );
      const warnings = tokenWarnings(input);
      if (input.task_mode === 'sync')
        warnings.push('task_mode sync: v3 answers once the text is queued, not after it was spoken');
      return { task_id: null, duration_ms: null, buffered_bytes: appended.buffered_bytes ?? null, warnings };
    },
  },
});

const streamingInterrupt = sessionTool({
  name: 'streaming_interrupt',
  title: 'Interrupt the streaming avatar',
  description:
    'Stop what the avatar is saying right now (harmless when it is silent); the session stays open.',
  area: 'streaming',
  method: 'POST',
  path: '/v1/streaming.interrupt',
  envelope: 'v1',
  replacement:
    'nothing cuts speech short on v3 Avatar Realtime; streaming_stop (avatar_realtime_cancel) ends the whole session',
  access: 'write',
  idempotent: true,
  portability: { accountScoped: ['session_id'] },
  input: strictInput({ session_id: sessionId(), session_token: sessionToken() }),
  output: looseNullableResult(),
});

const streamingStop = defineSeedTool({
  name: 'streaming_stop',
  title: 'End a streaming session',
  description:
    'End a session from new_streaming_session now and stop its per-second billing; it cannot be resumed. Safe ' +
    'to repeat: `cancelled` is false when it had already ended. Runs on POST /v3/avatar-realtime/{stream_id}/cancel.',
  area: 'streaming',
  endpoint: {
    method: 'POST',
    path: '/v3/avatar-realtime/{stream_id}/cancel',
    host: 'api',
    envelope: 'v3',
  },
  access: 'destructive',
  idempotent: true,
  portability: { accountScoped: ['session_id'] },
  input: strictInput({ session_id: sessionId(), session_token: sessionToken() }),
  output: looseNullableResult({ cancelled: z.boolean().nullish() }),
  implementation: {
    kind: 'composite',
    async run(input, context) {
      const result = readV3Object(
        await context.call('avatar_realtime_cancel', { stream_id: input.session_id }),
      );
      return {
        session_id: input.session_id,
        cancelled: result.cancelled ?? null,
        warnings: tokenWarnings(input),
      };
    },
  },
});

const keepAliveStreamingSession = sessionTool({
  name: 'keep_alive_streaming_session',
  title: 'Keep a streaming session alive',
  description: 'Reset a session’s idle timer so it is not closed during a quiet period.',
  area: 'streaming',
  method: 'POST',
  path: '/v1/streaming.keep_alive',
  envelope: 'v1',
  replacement:
    'streaming_task or avatar_realtime_text_append: a v3 Avatar Realtime session stays open while text arrives at least every 30 s',
  access: 'write',
  idempotent: true,
  portability: { accountScoped: ['session_id'] },
  input: strictInput({ session_id: sessionId(), session_token: sessionToken() }),
  output: looseNullableResult(),
});

/** v3 lists no Avatar Realtime sessions: the caller keeps the id. */
const noSessionList =
  'avatar_realtime_get with the session_id you kept (v3 does not list Avatar Realtime sessions)';

const streamingList = defineLegacySeedTool({
  name: 'streaming_list',
  title: 'List active streaming sessions',
  description:
    'List the sessions open right now (status new, connecting or connected); for past sessions use ' +
    'list_sessions_history. Stop forgotten ones with streaming_stop.',
  area: 'streaming',
  method: 'GET',
  path: '/v1/streaming.list',
  envelope: 'v1',
  replacement: noSessionList,
  access: 'read',
  idempotent: true,
  portability: { accountScoped: ['*'] },
  input: strictInput({}),
  output: looseNullableResult({ sessions: z.array(z.looseObject({})).nullish() }),
});

const listSessionsHistory = defineLegacySeedTool({
  name: 'list_sessions_history',
  title: 'List past streaming sessions',
  description:
    'List past streaming sessions with duration and timestamps, page by page (`page`, `page_size`; the answer ' +
    'carries `next_pagination_token` for `token`).',
  area: 'streaming',
  method: 'GET',
  path: '/v2/streaming.list',
  envelope: 'v2',
  replacement: noSessionList,
  access: 'read',
  idempotent: true,
  paginated: true,
  portability: { accountScoped: ['*'] },
  input: strictInput({
    page: z.number().int().min(1).optional(),
    page_size: z.number().int().min(1).max(100).optional(),
    token: z.string().optional().describe('next_pagination_token of the previous page'),
  }),
  output: unknownResult(),
  request: { query: ['page', 'page_size', 'token'] },
});

const listStreamingAvatars = defineLegacySeedTool({
  name: 'list_streaming_avatars',
  title: 'List interactive (streaming) avatars',
  description:
    'List the public and custom avatars of the legacy Interactive Avatar (avatar_id, status ACTIVE or INACTIVE).',
  area: 'streaming',
  method: 'GET',
  path: '/v1/streaming/avatar.list',
  envelope: 'v1',
  replacement:
    'avatar_look_list: v3 Avatar Realtime takes photo and motion avatar looks (which ones HeyGen accepts is not documented)',
  access: 'read',
  idempotent: true,
  portability: { accountScoped: [] },
  input: strictInput({}),
  output: unknownResult(),
});

const knowledgeBaseNote = 'Knowledge bases fed the answers of legacy Interactive Avatar sessions.';
const knowledgeBaseReplacement = 'none in v3: knowledge bases belong to LiveAvatar, a separate HeyGen API';

const createKnowledgeBase = defineLegacySeedTool({
  name: 'create_knowledge_base',
  title: 'Create a knowledge base',
  description:
    'Create a knowledge base for Interactive Avatar sessions: a name, the opening line the avatar says, and a ' +
    `prompt that shapes its answers. ${knowledgeBaseNote}`,
  area: 'streaming',
  method: 'POST',
  path: '/v1/streaming/knowledge_base/create',
  envelope: 'v1',
  replacement: knowledgeBaseReplacement,
  access: 'write',
  idempotent: false,
  portability: { accountScoped: [] },
  input: strictInput({
    name: z.string().min(1),
    opening: z.string().optional().describe('Opening line'),
    prompt: z.string().optional().describe('Custom prompt / knowledge'),
  }),
  output: unknownResult(),
  request: { body: 'json' },
});

const listKnowledgeBases = defineLegacySeedTool({
  name: 'list_knowledge_bases',
  title: 'List knowledge bases',
  description: `List the account’s knowledge bases for Interactive Avatar sessions. ${knowledgeBaseNote}`,
  area: 'streaming',
  method: 'GET',
  path: '/v1/streaming/knowledge_base/list',
  envelope: 'v1',
  replacement: knowledgeBaseReplacement,
  access: 'read',
  idempotent: true,
  portability: { accountScoped: ['*'] },
  input: strictInput({}),
  output: unknownResult(),
});

const updateKnowledgeBase = defineLegacySeedTool({
  name: 'update_knowledge_base',
  title: 'Update a knowledge base',
  description:
    'Change the name, opening line or prompt of a knowledge base. Send all three: the legacy endpoint may ' +
    `clear fields left out. ${knowledgeBaseNote}`,
  area: 'streaming',
  method: 'POST',
  path: '/v1/streaming/knowledge_base/{knowledge_base_id}',
  envelope: 'v1',
  replacement: knowledgeBaseReplacement,
  access: 'write',
  idempotent: true,
  portability: { accountScoped: ['knowledge_base_id'] },
  input: strictInput({
    knowledge_base_id: z.string().min(1),
    name: z.string().optional(),
    opening: z.string().optional(),
    prompt: z.string().optional(),
  }),
  output: unknownResult(),
  request: { path: ['knowledge_base_id'], body: 'json' },
});

const deleteKnowledgeBase = defineLegacySeedTool({
  name: 'delete_knowledge_base',
  title: 'Delete a knowledge base',
  description: `Permanently delete a knowledge base. ${knowledgeBaseNote}`,
  area: 'streaming',
  method: 'POST',
  path: '/v1/streaming/knowledge_base/{knowledge_base_id}/delete',
  envelope: 'v1',
  replacement: knowledgeBaseReplacement,
  access: 'destructive',
  idempotent: true,
  portability: { accountScoped: ['knowledge_base_id'] },
  input: strictInput({ knowledge_base_id: z.string().min(1) }),
  output: unknownResult(),
  request: { path: ['knowledge_base_id'] },
});

/**
 * Seed tools for Interactive Avatar streaming and knowledge bases: four carried on v3 Avatar Realtime, the
 * rest on their retired legacy endpoints.
 */
export const seedStreamingTools: readonly ToolDefinition[] = [
  createKnowledgeBase,
  deleteKnowledgeBase,
  keepAliveStreamingSession,
  listKnowledgeBases,
  listSessionsHistory,
  listStreamingAvatars,
  newStreamingSession,
  streamingCreateToken,
  streamingIce,
  streamingInterrupt,
  streamingList,
  streamingNew,
  streamingStart,
  streamingStop,
  streamingTask,
  updateKnowledgeBase,
];
