import type { JobKind, ToolDefinition } from './define-tool.ts';

/**
 * Descriptions that lead an agent to its next call: every tool that needs an id says which tool lists (or
 * returns) it, and every tool that starts a job says how long the job usually takes and which tool waits for
 * it. Area files write the prose; `leadDescription` adds the sentence a description lacks, from the data
 * below and the tool's job, so a new tool gets it too. The catalog test checks every tool.
 */

/**
 * Tools that list or return each id, best first. Keys are `area:field` (checked first, for ids whose meaning
 * depends on the area, like `job_id`) or `field`. Values name catalog tools; the catalog test checks them.
 */
export const idSources: Readonly<Record<string, readonly string[]>> = {
  video_id: ['video_list', 'video_create'],
  video_translation_id: ['video_translation_list', 'video_translation_create'],
  video_translate_id: ['v2_video_translate', 'video_translation_list'],
  proofread_id: ['video_translation_proofread_create'],
  group_id: ['avatar_list', 'avatar_create'],
  look_id: ['avatar_look_list', 'avatar_create'],
  avatar_id: ['avatar_look_list'],
  avatar_pose_id: ['v1_avatar_list', 'avatar_look_list'],
  voice_id: ['voice_list', 'voice_clone_create'],
  asset_id: ['asset_list', 'asset_create'],
  lipsync_id: ['lipsync_list', 'lipsync_create'],
  template_id: ['template_list'],
  resource_id: ['video_agent_get'],
  endpoint_id: ['webhook_endpoint_list', 'webhook_endpoint_create'],
  folder_id: ['list_folders', 'create_folder'],
  generation_id: ['generate_photo_avatar_photos'],
  knowledge_base_id: ['list_knowledge_bases', 'create_knowledge_base'],
  project_id: ['personalized_video_project_detail'],
  render_id: ['hyperframes_render_list', 'hyperframes_render_create'],
  stream_id: ['avatar_realtime_create'],
  'videos:batch_id': ['video_batch_create'],
  'video-translations:batch_id': ['video_translation_batch_create'],
  'lipsyncs:batch_id': ['lipsync_batch_create'],
  'assets:batch_id': ['asset_direct_upload_batch_create'],
  'ai-clipping:job_id': ['ai_clipping_list', 'ai_clipping_create'],
  'background-removals:job_id': ['background_removal_list', 'background_removal_create'],
  'video-agents:session_id': ['video_agent_list', 'video_agent_create'],
  'streaming:session_id': ['new_streaming_session', 'streaming_list'],
  'avatars:id': ['avatar_look_list', 'v1_talking_photo_list'],
  'personalized-videos:id': ['personalized_video_project_detail'],
};

/** True for an input field that takes the id of something that exists in HeyGen. */
export function isIdField(field: string): boolean {
  return field === 'id' || field.endsWith('_id');
}

/** The tools that list or return `field` for a tool of `area`, or undefined when the table has none. */
export function idSourcesFor(area: string, field: string): readonly string[] | undefined {
  return idSources[`${area}:${field}`] ?? idSources[field];
}

/**
 * The required id fields a description must explain, read without building the v3 schemas (start-up): the
 * path parameters of a v3 tool, the job id of a wait tool, the required top-level ids of a compatibility
 * tool's (small, hand-written) input. Body ids of v3 tools are written into their descriptions by hand; the catalog test
 * reads the full schemas and reports any that are not.
 */
function requiredIds(tool: ToolDefinition): string[] {
  const implementation = tool.implementation;
  if (implementation.kind === 'wait') return [implementation.job.idField];
  // v3 schemas are large and generated: only their path ids are read here.
  if (tool.family === 'v3')
    return implementation.kind === 'http' ? (implementation.request?.path ?? []).filter(isIdField) : [];
  const shape = (
    tool.input() as { shape?: Record<string, { safeParse(value: unknown): { success: boolean } }> }
  ).shape;
  if (!shape) return [];
  return Object.keys(shape).filter(
    (field) => isIdField(field) && !shape[field]!.safeParse(undefined).success,
  );
}

/**
 * Hint for an id HeyGen did not accept (404, or a 400 naming an id field): which heygate tools list or return
 * a valid one, from {@link idSources} — never an HTTP path. `field` is the field HeyGen named, when it did;
 * otherwise the tool's required ids. Undefined when no id field or source is known.
 */
export function idHint(tool: ToolDefinition, field?: string): string | undefined {
  const fields =
    field === undefined ? requiredIds(tool) : isIdField(field.split('.').at(-1) ?? field) ? [field] : [];
  const parts: string[] = [];
  for (const name of fields) {
    const leaf = name.split('.').at(-1) ?? name;
    const sources = idSourcesFor(tool.area, leaf)?.filter((source) => source !== tool.name);
    if (sources && sources.length > 0) parts.push(`${name} from ${sources.slice(0, 2).join(' or ')}`);
  }
  if (parts.length === 0) return undefined;
  return `Check the id; ids belong to one HeyGen account. Get a valid ${parts.join(', ')}.`;
}

/** Whether a description says how long its job takes ("Takes ~5 min", "takes about 2 minutes"). */
export function mentionsDuration(description: string): boolean {
  return /\btakes\s+(about\s+|~)?(\d+\s*(s|min|minutes?|hours?)|minutes)\b/i.test(description);
}

/** "~5 min" from a job's typical duration. */
export function typicalDuration(job: JobKind): string {
  const seconds = job.typicalSeconds;
  if (seconds === undefined) return 'minutes';
  if (seconds < 90) return `~${seconds} s`;
  return `~${Math.round(seconds / 60)} min`;
}

/** The tool's description with the id-source and next-call sentences it lacks. */
export function leadDescription(tool: ToolDefinition): string {
  let description = tool.description.trimEnd();
  const sentences: string[] = [];
  for (const field of requiredIds(tool)) {
    const sources = idSourcesFor(tool.area, field)?.filter((source) => source !== tool.name);
    if (!sources || sources.length === 0 || sources.some((source) => description.includes(source))) continue;
    sentences.push(`${field} comes from ${sources.slice(0, 2).join(' or ')}.`);
  }
  const job = tool.implementation.kind === 'wait' ? undefined : tool.job;
  if (job) {
    const waitTool = `${job.kind}_wait`;
    const duration = typicalDuration(job);
    if (!description.includes(waitTool)) {
      sentences.push(`Takes ${duration}; wait with ${waitTool}.`);
    } else if (!mentionsDuration(description)) {
      sentences.push(`Takes ${duration}.`);
    }
  }
  if (sentences.length === 0) return tool.description;
  if (!/[.!?)]$/.test(description)) description += '.';
  return `${description} ${sentences.join(' ')}`;
}
