import { webhookEventTypes } from '../catalog/generated/v3-operations.ts';

/** A job a webhook event is about: the job kind a wait registers under and the job's id. */
export interface WebhookEventJob {
  /** Job kind as waits register it (`JobKind.kind`, e.g. `video`, `video_translation`). */
  kind: string;
  /** The job's id, read from `event_data`. */
  id: string;
}

/** Where to find one job's id in an event's data. */
interface JobField {
  kind: string;
  field: string;
}

/**
 * Which jobs each HeyGen event family finishes, by event-type prefix (the part before the first dot). Derived
 * from the event types HeyGen lists (`webhookEventTypes` in the v3 spec), the fields the emulator sends with
 * them (src/emulator/handlers/*) and the job kinds of the catalog (src/catalog/job-kinds.ts and the compat
 * kinds). One event may wake several kinds that share an id: HeyGen sends `video_translate.*` for lipsyncs
 * too (a lipsync is built on video translation), and legacy tools poll the same job under other kinds. Waking a
 * kind nobody waits for is a no-op, so listing a candidate too many costs nothing.
 */
const jobFieldsByFamily: Readonly<Record<string, readonly JobField[]>> = {
  // {video_id, url, callback_id, …}; legacy video tools wait under the same `video` kind.
  avatar_video: [{ kind: 'video', field: 'video_id' }],
  // {video_translate_id, url, output_language, …}; also the `preflight.*` failures before a translation runs.
  video_translate: [
    { kind: 'video_translation', field: 'video_translate_id' },
    { kind: 'lipsync', field: 'video_translate_id' },
  ],
  // {proofread_id, srt_url, output_language}
  proofread_creation: [{ kind: 'video_translation_proofread', field: 'proofread_id' }],
  // {job_id, url, callback_id}
  ai_clipping: [{ kind: 'ai_clipping', field: 'job_id' }],
  // {session_id, video_id, url, callback_id}: the session ends and so does the video it rendered.
  video_agent: [
    { kind: 'video_agent', field: 'session_id' },
    { kind: 'video', field: 'video_id' },
  ],
  // Digital twins: {avatar_id (the look), avatar_group_id}.
  instant_avatar: [
    { kind: 'avatar_look', field: 'avatar_id' },
    { kind: 'avatar', field: 'avatar_group_id' },
  ],
  // Photo and prompt avatars: {avatar_id, avatar_group_id}; legacy photo tools poll groups and generations.
  photo_avatar_generation: [
    { kind: 'avatar_look', field: 'avatar_id' },
    { kind: 'avatar', field: 'avatar_group_id' },
    { kind: 'photo_avatar_group', field: 'avatar_group_id' },
    { kind: 'photo_generation', field: 'generation_id' },
  ],
  photo_avatar_train: [
    { kind: 'avatar', field: 'avatar_group_id' },
    { kind: 'avatar', field: 'group_id' },
    { kind: 'photo_avatar_group', field: 'avatar_group_id' },
    { kind: 'photo_avatar_group', field: 'group_id' },
  ],
  // {render_id, video_url, callback_id} (the payload is undocumented; render_id is what the render is known by).
  hyperframes_video: [{ kind: 'hyperframes_render', field: 'render_id' }],
  // {id (the new look), source_id}: legacy motion returns a new photo avatar polled by its id.
  photo_avatar_add_motion: [
    { kind: 'photo_avatar', field: 'id' },
    { kind: 'avatar_look', field: 'id' },
  ],
};

/** `batch.finished` carries `batch_type`; each batch type has its own wait kind. */
const batchKinds: Readonly<Record<string, string>> = {
  video: 'video_batch',
  video_translation: 'video_translation_batch',
  lipsync: 'lipsync_batch',
  asset: 'asset_batch',
};

function stringAt(data: Record<string, unknown>, field: string): string | undefined {
  const value = data[field];
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/**
 * The jobs a verified HeyGen webhook event is about, so their waits can poll at once. Events that end no job
 * heygate waits for (`personalized_video`, `live_avatar.*`, the gif/caption side
 * outputs of a video) answer an empty list. Only ids are read; the wait re-reads the job's status from
 * HeyGen rather than trusting the event.
 */
export function webhookEventJobs(eventType: string, eventData: unknown): WebhookEventJob[] {
  if (!eventData || typeof eventData !== 'object' || Array.isArray(eventData)) return [];
  const data = eventData as Record<string, unknown>;
  const jobs: WebhookEventJob[] = [];
  const add = (kind: string, id: string | undefined) => {
    if (id === undefined || jobs.some((job) => job.kind === kind && job.id === id)) return;
    jobs.push({ kind, id });
  };

  if (eventType === 'batch.finished') {
    const batchType = stringAt(data, 'batch_type');
    const kind = batchType === undefined ? undefined : batchKinds[batchType];
    if (kind) add(kind, stringAt(data, 'batch_id'));
    return jobs;
  }
  const family = eventType.split('.')[0] ?? '';
  // Object.hasOwn: an event type like `constructor.x` must not reach Object.prototype.
  const fields = Object.hasOwn(jobFieldsByFamily, family) ? jobFieldsByFamily[family] : undefined;
  for (const { kind, field } of fields ?? []) add(kind, stringAt(data, field));
  return jobs;
}

/**
 * The HeyGen event types that end a job heygate waits for — what `heygate webhooks setup` subscribes an
 * account's endpoint to. Derived from the generated list of event types and the families above, so a new event
 * in an existing family is subscribed without a change here.
 */
export function waitedWebhookEventTypes(): string[] {
  return webhookEventTypes.filter((type) => {
    if (type === 'batch.finished') return true;
    const family = type.split('.')[0] ?? '';
    return Object.hasOwn(jobFieldsByFamily, family);
  });
}
