import type { JobKind } from './define-tool.ts';

/**
 * The asynchronous HeyGen v3 jobs and how to wait for them. Paths are read from what the client returns:
 * the v3 envelope unwrapped to its `data` (src/heygen/envelope.ts), so a create's id is at `video_id`, not
 * `data.video_id`. Terminal states come from the status enums of the v3 spec (v3-operations.json) and the
 * README's status facts. `resultIdPath` is the id in the main create's result; tools that start the same
 * kind of job from another endpoint override it (e.g. `template_generate` returns the video as `id`).
 *
 * Two "success" states are really "stop waiting, your turn": an avatar in `pending_consent` needs the
 * consent flow (`avatar_consent_create`) before training goes on, and a chat-mode video agent session in
 * `waiting_for_input` needs `video_agent_send`. Waiting further would only run into the timeout.
 */
export const jobKinds = {
  /** Avatar video render: v3 video status `pending|processing|completed|failed`. */
  video: {
    kind: 'video',
    statusTool: 'video_get',
    idField: 'video_id',
    resultIdPath: 'video_id',
    statusField: 'status',
    success: ['completed'],
    failure: ['failed'],
    typicalSeconds: 300,
  },
  /** Video translation, one job per output language: v3 `pending|running|completed|failed`. */
  video_translation: {
    kind: 'video_translation',
    statusTool: 'video_translation_get',
    idField: 'video_translation_id',
    resultIdPath: 'video_translation_ids',
    statusField: 'status',
    success: ['completed'],
    failure: ['failed'],
    typicalSeconds: 900,
  },
  /** Subtitle proofread session, one per output language: `processing|completed|failed`. */
  video_translation_proofread: {
    kind: 'video_translation_proofread',
    statusTool: 'video_translation_proofread_get',
    idField: 'proofread_id',
    resultIdPath: 'proofread_ids',
    statusField: 'status',
    success: ['completed'],
    failure: ['failed'],
    typicalSeconds: 600,
  },
  /** Lipsync: `pending|running|completed|failed`. */
  lipsync: {
    kind: 'lipsync',
    statusTool: 'lipsync_get',
    idField: 'lipsync_id',
    resultIdPath: 'lipsync_id',
    statusField: 'status',
    success: ['completed'],
    failure: ['failed'],
    typicalSeconds: 300,
  },
  /** AI clipping: `pending|running|completed|failed|cancelled`. */
  ai_clipping: {
    kind: 'ai_clipping',
    statusTool: 'ai_clipping_get',
    idField: 'job_id',
    resultIdPath: 'id',
    statusField: 'status',
    success: ['completed'],
    failure: ['failed', 'cancelled'],
    typicalSeconds: 600,
  },
  /** Background removal: `pending|processing|completed|failed|deleted`. */
  background_removal: {
    kind: 'background_removal',
    statusTool: 'background_removal_get',
    idField: 'job_id',
    resultIdPath: 'id',
    statusField: 'status',
    success: ['completed'],
    failure: ['failed', 'deleted'],
    typicalSeconds: 300,
  },
  /** Avatar group training: `processing|pending_consent|completed|failed`. */
  avatar: {
    kind: 'avatar',
    statusTool: 'avatar_get',
    idField: 'group_id',
    resultIdPath: 'avatar_group.id',
    statusField: 'status',
    success: ['completed', 'pending_consent'],
    failure: ['failed'],
    typicalSeconds: 1800,
  },
  /** One avatar look (the `avatar_id` of videos): `processing|pending_consent|completed|failed`. */
  avatar_look: {
    kind: 'avatar_look',
    statusTool: 'avatar_look_get',
    idField: 'look_id',
    resultIdPath: 'avatar_item.id',
    statusField: 'status',
    success: ['completed', 'pending_consent'],
    failure: ['failed'],
    typicalSeconds: 600,
  },
  /** Voice clone, polled on the voice: `processing|complete|failed` (note: `complete`, not `completed`). */
  voice_clone: {
    kind: 'voice_clone',
    statusTool: 'voice_get',
    idField: 'voice_id',
    resultIdPath: 'voice_clone_id',
    statusField: 'status',
    success: ['complete'],
    failure: ['failed'],
    typicalSeconds: 120,
  },
  /** Video agent session: `thinking|waiting_for_input|reviewing|generating|completed|failed`. */
  video_agent: {
    kind: 'video_agent',
    statusTool: 'video_agent_get',
    idField: 'session_id',
    resultIdPath: 'session_id',
    statusField: 'status',
    success: ['completed', 'waiting_for_input'],
    failure: ['failed'],
    typicalSeconds: 900,
  },
  /** Video batch, aggregate of its items: `processing|completed|failed`. */
  video_batch: {
    kind: 'video_batch',
    statusTool: 'video_batch_get',
    idField: 'batch_id',
    resultIdPath: 'batch_id',
    statusField: 'status',
    success: ['completed'],
    failure: ['failed'],
    typicalSeconds: 900,
  },
  /** Video translation batch: `processing|completed|failed`. */
  video_translation_batch: {
    kind: 'video_translation_batch',
    statusTool: 'video_translation_batch_get',
    idField: 'batch_id',
    resultIdPath: 'batch_id',
    statusField: 'status',
    success: ['completed'],
    failure: ['failed'],
    typicalSeconds: 1800,
  },
  /** Lipsync batch: `processing|completed|failed`. */
  lipsync_batch: {
    kind: 'lipsync_batch',
    statusTool: 'lipsync_batch_get',
    idField: 'batch_id',
    resultIdPath: 'batch_id',
    statusField: 'status',
    success: ['completed'],
    failure: ['failed'],
    typicalSeconds: 900,
  },
  /** Asset upload batch finalisation: `processing|completed|failed`. */
  asset_batch: {
    kind: 'asset_batch',
    statusTool: 'asset_batch_get',
    idField: 'batch_id',
    resultIdPath: 'batch_id',
    statusField: 'status',
    success: ['completed'],
    failure: ['failed'],
    typicalSeconds: 60,
  },
  /** HyperFrames render (HTML composition → video): `queued|rendering|completed|failed`. */
  hyperframes_render: {
    kind: 'hyperframes_render',
    statusTool: 'hyperframes_render_get',
    idField: 'render_id',
    resultIdPath: 'render_id',
    statusField: 'status',
    success: ['completed'],
    failure: ['failed'],
    typicalSeconds: 120,
  },
  /**
   * Avatar Realtime session: `pending|streaming|completed|error`. The wait ends as soon as the HLS stream is
   * live (`streaming`: play `hls_url`, append text) — "your turn", like `pending_consent` above — or when the
   * session is already over. HeyGen's guide example shows `ready` for a live session (v3-additions.json marks
   * the status list uncertain), so `ready` ends the wait too.
   */
  avatar_realtime: {
    kind: 'avatar_realtime',
    statusTool: 'avatar_realtime_get',
    idField: 'stream_id',
    resultIdPath: 'stream_id',
    statusField: 'status',
    success: ['streaming', 'ready', 'completed'],
    failure: ['error'],
    typicalSeconds: 10,
    // HeyGen's limits: 1 h per session, 30 s without text on text_stream (v3-additions.json).
    session: { maxSeconds: 3600, idleSeconds: 30 },
  },
} as const satisfies Record<string, JobKind>;

/** Name of a v3 job kind. */
export type JobKindName = keyof typeof jobKinds;
