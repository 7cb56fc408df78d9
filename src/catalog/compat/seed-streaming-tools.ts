import { z } from 'zod';
import type { ToolDefinition } from '../define-tool.ts';
import {
  defineLegacySeedTool,
  looseNullableResult,
  looseResult,
  strictInput,
  unknownResult,
  type LegacySeedToolDefinition,
} from './define-seed-tool.ts';

/**
 * Seed tools for Interactive Avatar streaming and its knowledge bases. v3 has no streaming routes (HeyGen is
 * moving Interactive Avatar to LiveAvatar), so every one stays on v1/v2.
 *
 * Session token: `streaming_create_token` (X-Api-Key) returns `token`; HeyGen's official SDK sends it as
 * `Authorization: Bearer` on streaming.new/start/task/interrupt/stop/keep_alive (and X-Api-Key is accepted
 * too). Those tools take an optional `session_token` input and list `streaming_token` in `heygenAuth`: the
 * client sends `session_token` as the Bearer header — never in the body, never in logs — and falls back to
 * the account's API key when it is absent.
 */

const replacement = 'none in v3: Interactive Avatar streaming moves to HeyGen LiveAvatar';
const noV3 = 'v3 has no streaming routes (Interactive Avatar is moving to LiveAvatar).';
const sessionCost = {
  note: 'An open streaming session consumes credits per minute until it is stopped or times out.',
};

const sessionToken = () =>
  z
    .string()
    .min(1)
    .optional()
    .describe('Token from streaming_create_token, sent as Bearer auth (omit to use the API key)');

const sessionId = () => z.string().min(1).describe('session_id from new_streaming_session / streaming_new');

/** A streaming control call that takes the session token. */
function sessionTool(definition: LegacySeedToolDefinition): ToolDefinition {
  return defineLegacySeedTool({
    ...definition,
    heygenAuth: ['streaming_token', 'api_key'],
    replacement,
    request: { body: 'json', ...definition.request },
  });
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

const newStreamingSession = sessionTool({
  name: 'new_streaming_session',
  title: 'Open an Interactive Avatar session',
  description:
    'Open a real-time Interactive Avatar session (avatar, voice, knowledge base, quality). Returns session_id ' +
    'plus connection details (LiveKit url + access_token with version v2, or an SDP offer). Then ' +
    '`streaming_start`, `streaming_task` to make it speak, `streaming_stop` to end it (it bills per minute). ' +
    noV3,
  area: 'streaming',
  method: 'POST',
  path: '/v1/streaming.new',
  envelope: 'v1',
  access: 'write',
  idempotent: false,
  cost: sessionCost,
  portability: {
    accountScoped: ['avatar_id', 'knowledge_base_id', 'voice.voice_id'],
    publicIdsPortable: true,
  },
  input: strictInput({ ...newSessionOptions, session_token: sessionToken() }),
  output: sessionOutput,
});

const streamingNew = sessionTool({
  name: 'streaming_new',
  title: 'Open a streaming session (quality only)',
  description:
    'Open an Interactive Avatar session choosing only the quality (low, medium, high). Same endpoint as ' +
    '`new_streaming_session`, which exposes every option. Returns session_id and connection details. ' +
    noV3,
  area: 'streaming',
  method: 'POST',
  path: '/v1/streaming.new',
  envelope: 'v1',
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
    'Create a short-lived token that authorises the streaming calls (pass it as `session_token`, or to a ' +
    'browser client). Keep it secret and server-side; create a new one when it expires. ' +
    noV3,
  area: 'streaming',
  method: 'POST',
  path: '/v1/streaming.create_token',
  envelope: 'v1',
  replacement,
  access: 'write',
  idempotent: false,
  portability: { accountScoped: [] },
  input: strictInput({ expiry: z.number().int().positive().optional().describe('Lifetime in seconds') }),
  output: looseResult({ token: z.string().nullish() }),
  request: { body: 'json' },
});

const streamingStart = sessionTool({
  name: 'streaming_start',
  title: 'Start a streaming session',
  description:
    'Start the connection of a session opened with `new_streaming_session`; in the WebRTC flow pass the ' +
    'client’s SDP answer as `sdp {type, sdp}`. ' +
    noV3,
  area: 'streaming',
  method: 'POST',
  path: '/v1/streaming.start',
  envelope: 'v1',
  access: 'write',
  idempotent: false,
  cost: sessionCost,
  portability: { accountScoped: ['session_id'] },
  input: strictInput({
    session_id: sessionId(),
    sdp: z
      .strictObject({ type: z.string(), sdp: z.string() })
      .optional()
      .describe('SDP answer (WebRTC flow)'),
    session_token: sessionToken(),
  }),
  output: looseNullableResult(),
});

const streamingIce = sessionTool({
  name: 'streaming_ice',
  title: 'Send an ICE candidate',
  description:
    'Send a WebRTC ICE candidate for a session (legacy WebRTC flow only; LiveKit sessions do not need it). ' +
    noV3,
  area: 'streaming',
  method: 'POST',
  path: '/v1/streaming.ice',
  envelope: 'v1',
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

const streamingTask = sessionTool({
  name: 'streaming_task',
  title: 'Make the streaming avatar speak',
  description:
    'Make the avatar of an active session speak: `task_type: repeat` says `text` verbatim, `talk` lets it answer ' +
    'from its knowledge base. `task_mode: sync` waits until it has spoken. Returns task_id and duration_ms. ' +
    noV3,
  area: 'streaming',
  method: 'POST',
  path: '/v1/streaming.task',
  envelope: 'v1',
  access: 'write',
  idempotent: false,
  portability: { accountScoped: ['session_id'] },
  input: strictInput({
    session_id: sessionId(),
    text: z.string().min(1),
    task_type: z.enum(['talk', 'repeat', 'chat']).optional().describe('Default talk'),
    task_mode: z.enum(['sync', 'async']).optional(),
    session_token: sessionToken(),
  }),
  output: looseResult({ task_id: z.string().nullish(), duration_ms: z.number().nullish() }),
});

const streamingInterrupt = sessionTool({
  name: 'streaming_interrupt',
  title: 'Interrupt the streaming avatar',
  description: `Stop what the avatar is saying right now (harmless when it is silent); the session stays open. ${noV3}`,
  area: 'streaming',
  method: 'POST',
  path: '/v1/streaming.interrupt',
  envelope: 'v1',
  access: 'write',
  idempotent: true,
  portability: { accountScoped: ['session_id'] },
  input: strictInput({ session_id: sessionId(), session_token: sessionToken() }),
  output: looseNullableResult(),
});

const streamingStop = sessionTool({
  name: 'streaming_stop',
  title: 'End a streaming session',
  description:
    'End a session for good and stop its per-minute billing; it cannot be resumed (open a new one). ' + noV3,
  area: 'streaming',
  method: 'POST',
  path: '/v1/streaming.stop',
  envelope: 'v1',
  access: 'destructive',
  idempotent: true,
  portability: { accountScoped: ['session_id'] },
  input: strictInput({ session_id: sessionId(), session_token: sessionToken() }),
  output: looseNullableResult(),
});

const keepAliveStreamingSession = sessionTool({
  name: 'keep_alive_streaming_session',
  title: 'Keep a streaming session alive',
  description: `Reset a session’s idle timer so it is not closed during a quiet period. ${noV3}`,
  area: 'streaming',
  method: 'POST',
  path: '/v1/streaming.keep_alive',
  envelope: 'v1',
  access: 'write',
  idempotent: true,
  portability: { accountScoped: ['session_id'] },
  input: strictInput({ session_id: sessionId(), session_token: sessionToken() }),
  output: looseNullableResult(),
});

const streamingList = defineLegacySeedTool({
  name: 'streaming_list',
  title: 'List active streaming sessions',
  description:
    'List the sessions open right now (status new, connecting or connected); for past sessions use ' +
    '`list_sessions_history`. Stop forgotten ones with `streaming_stop`. ' +
    noV3,
  area: 'streaming',
  method: 'GET',
  path: '/v1/streaming.list',
  envelope: 'v1',
  replacement,
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
    'carries `next_pagination_token` for `token`). ' +
    noV3,
  area: 'streaming',
  method: 'GET',
  path: '/v2/streaming.list',
  envelope: 'v2',
  replacement,
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
    'List the public and custom avatars usable in streaming sessions (avatar_id for new_streaming_session, ' +
    'status ACTIVE or INACTIVE). These are not the video avatars of v3. ' +
    noV3,
  area: 'streaming',
  method: 'GET',
  path: '/v1/streaming/avatar.list',
  envelope: 'v1',
  replacement,
  access: 'read',
  idempotent: true,
  portability: { accountScoped: [] },
  input: strictInput({}),
  output: unknownResult(),
});

const knowledgeBaseNote = 'Knowledge bases feed Interactive Avatar sessions; v3 has no equivalent.';

const createKnowledgeBase = defineLegacySeedTool({
  name: 'create_knowledge_base',
  title: 'Create a knowledge base',
  description:
    'Create a knowledge base for Interactive Avatar sessions: a name, the opening line the avatar says, and a ' +
    `prompt that shapes its answers. Use its id as knowledge_base_id in new_streaming_session. ${knowledgeBaseNote}`,
  area: 'streaming',
  method: 'POST',
  path: '/v1/streaming/knowledge_base/create',
  envelope: 'v1',
  replacement,
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
  replacement,
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
  replacement,
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
  replacement,
  access: 'destructive',
  idempotent: true,
  portability: { accountScoped: ['knowledge_base_id'] },
  input: strictInput({ knowledge_base_id: z.string().min(1) }),
  output: unknownResult(),
  request: { path: ['knowledge_base_id'] },
});

/** Seed tools for Interactive Avatar streaming and knowledge bases (all legacy). */
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
