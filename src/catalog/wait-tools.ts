import { defineTool, lazySchema, type JobKind, type ToolDefinition } from './define-tool.ts';
import { v3Operations, type V3OperationName } from './generated/v3-operations.ts';
import { jobKinds, type JobKindName } from './job-kinds.ts';
import { waitInput } from './schemas.ts';

/** What each wait tool says, in our words: what it waits for and what to do with the result. */
const waitTexts: Record<JobKindName, { title: string; area: string; description: string }> = {
  video: {
    title: 'Wait for video',
    area: 'videos',
    description:
      'Block until a video render (video_id from video_create or template_generate) completes or fails, then ' +
      'return the video with video_url. Polls with backoff and reports progress.',
  },
  video_translation: {
    title: 'Wait for video translation',
    area: 'video-translations',
    description:
      'Block until one translation (a video_translation_id from video_translation_create) completes or fails, ' +
      'then return it with video_url. Call once per output language.',
  },
  video_translation_proofread: {
    title: 'Wait for translation proofread',
    area: 'video-translations',
    description:
      'Block until a proofread session (proofread_id) has its subtitles ready; then review them with ' +
      'video_translation_proofread_srt_get.',
  },
  lipsync: {
    title: 'Wait for lipsync',
    area: 'lipsyncs',
    description: 'Block until a lipsync job (lipsync_id) completes or fails, then return it with video_url.',
  },
  ai_clipping: {
    title: 'Wait for AI clips',
    area: 'ai-clipping',
    description:
      'Block until an AI clipping job (job_id) completes, fails or is cancelled, then return it with its clips.',
  },
  background_removal: {
    title: 'Wait for background removal',
    area: 'background-removals',
    description:
      'Block until a background removal job (job_id) completes or fails, then return it with layer URLs.',
  },
  avatar: {
    title: 'Wait for avatar group',
    area: 'avatars',
    description:
      'Block until an avatar group (group_id) finishes training or needs consent. Returns the group; status ' +
      'pending_consent means call avatar_consent_create and have the person approve.',
  },
  avatar_look: {
    title: 'Wait for avatar look',
    area: 'avatars',
    description:
      'Block until a new avatar look (look_id, the avatar_item.id from avatar_create) is ready or needs consent. ' +
      'Returns the look; its id is the avatar_id for video_create.',
  },
  voice_clone: {
    title: 'Wait for voice clone',
    area: 'voices',
    description:
      'Block until a voice clone (voice_id = voice_clone_id from voice_clone_create) reaches complete or failed, ' +
      'then return the voice.',
  },
  video_agent: {
    title: 'Wait for video agent',
    area: 'video-agents',
    description:
      'Block until a video agent session (session_id) completes, fails or waits for your input. On ' +
      'waiting_for_input reply with video_agent_send; on completed list its videos with video_agent_video_list.',
  },
  video_batch: {
    title: 'Wait for video batch',
    area: 'videos',
    description:
      'Block until every item of a video batch (batch_id) has finished; returns the batch with per-item ' +
      'video_id and status.',
  },
  video_translation_batch: {
    title: 'Wait for translation batch',
    area: 'video-translations',
    description:
      'Block until every item of a translation batch (batch_id) has finished; returns the batch with per-item ' +
      'ids and status.',
  },
  lipsync_batch: {
    title: 'Wait for lipsync batch',
    area: 'lipsyncs',
    description:
      'Block until every item of a lipsync batch (batch_id) has finished; returns the batch with per-item ids ' +
      'and status.',
  },
  asset_batch: {
    title: 'Wait for asset batch',
    area: 'assets',
    description:
      'Block until every file of an asset upload batch (batch_id) is ingested or failed; returns the batch with ' +
      'per-file asset ids (in video_id) and status.',
  },
  hyperframes_render: {
    title: 'Wait for HyperFrames render',
    area: 'hyperframes',
    description:
      'Block until a HyperFrames render (render_id from hyperframes_render_create) completes or fails, then ' +
      'return it with video_url and thumbnail_url (short-lived links: read the render again for fresh ones).',
  },
  avatar_realtime: {
    title: 'Wait for realtime avatar stream',
    area: 'avatar-realtime',
    description:
      'Block until an Avatar Realtime session (stream_id from avatar_realtime_create) is live — then play ' +
      'hls_url and, for text_stream sessions, keep appending text within 30 s — or has already ended or failed.',
  },
};

const timeoutNote = ' timeout_seconds (1-3600, default set by the gateway) bounds the wait.';

/** What `defineWaitTool` needs. */
export interface WaitToolOptions {
  /** The job kind waited for; the tool is named `<kind>_wait`. */
  job: JobKind;
  /** The status tool's endpoint (the one the wait polls) and its output schema (what the wait returns). */
  status: Pick<ToolDefinition, 'endpoint' | 'output' | 'heygenAuth' | 'legacy'>;
  /** Short human title. */
  title: string;
  /** Area the tool belongs to (the job's area). */
  area: string;
  /** Our description: what it waits for, what it returns, what to do next. */
  description: string;
}

/**
 * Defines a `<job>_wait` tool: input `{ <idField>: string, timeout_seconds?: 1..3600 }`, read access, the
 * status tool's endpoint and output. Compatibility tools with their own job kinds use it too, so every job
 * kind in the catalog has exactly one wait tool.
 */
export function defineWaitTool(options: WaitToolOptions): ToolDefinition {
  const { job, status } = options;
  return defineTool({
    name: `${job.kind}_wait`,
    title: options.title,
    description: options.description + timeoutNote,
    area: options.area,
    // The wait polls the status endpoint, so that is the HeyGen endpoint the tool calls.
    endpoint: status.endpoint,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: [job.idField] },
    heygenAuth: status.heygenAuth,
    // Waiting on a legacy status endpoint ends with that endpoint: operators see the same sunset.
    ...(status.legacy ? { legacy: status.legacy } : {}),
    family: 'heygate',
    input: lazySchema(() => waitInput(job.idField)),
    output: status.output,
    implementation: { kind: 'wait', job },
  });
}

function v3WaitTool(name: JobKindName, job: JobKind): ToolDefinition {
  const operation = v3Operations[job.statusTool as V3OperationName];
  return defineWaitTool({
    job,
    status: {
      endpoint: { method: operation.method, path: operation.path, host: 'api', envelope: 'v3' },
      output: operation.output,
      heygenAuth: ['api_key', 'oauth'],
    },
    ...waitTexts[name],
  });
}

/** One `<job>_wait` tool per v3 job kind: waits for the job and returns its final status resource. */
export const waitTools: readonly ToolDefinition[] = (
  Object.entries(jobKinds) as [JobKindName, JobKind][]
).map(([name, job]) => v3WaitTool(name, job));
