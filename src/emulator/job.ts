/**
 * One asynchronous HeyGen job (a render, a translation, a voice clone, …) on the emulator's clock.
 *
 * A job is queued until `startAt`, runs for `durationMs`, then ends in success or failure (decided at creation
 * from the failure rate, deterministically by seed). `startAt: null` means it waits for something outside
 * time: a digital twin's consent, or a chat-mode video agent's next message. Each resource (video,
 * translation, …) maps the job's phase onto the statuses HeyGen reports for that resource and API version.
 */
export interface Job {
  id: string;
  /** Job kind, e.g. `video`, `video_translation`, `lipsync`, `avatar`, `voice_clone`. */
  kind: string;
  /** When the job was accepted (ms). */
  createdAt: number;
  /** When processing starts (ms); later than `createdAt` for queued batch items; null while blocked. */
  startAt: number | null;
  /** Processing time (ms). */
  durationMs: number;
  /** True when the job will fail at the end. */
  fails: boolean;
  /** HeyGen-style failure code and message used when `fails`. */
  failure: { code: string; message: string };
  /** Credits charged at creation (refunded when the job fails). */
  credits: number;
  /** True once the terminal side effects (webhooks, refund) ran. */
  finished: boolean;
  /** True when the job occupies one of the account's concurrent-job slots while it runs. */
  concurrent: boolean;
  /** Runs once when the job reaches its terminal state (emits webhooks, refunds failures). */
  onFinish?: (succeeded: boolean, at: number) => void;
}

/** Where a job is at a point in time. */
export interface JobPhase {
  state: 'blocked' | 'queued' | 'running' | 'succeeded' | 'failed';
  /** 0..1 progress while running; 1 when ended. */
  fraction: number;
  /** When it ended (ms), for ended jobs. */
  endedAt?: number;
}

/** The phase of `job` at `now`. */
export function jobPhase(job: Job, now: number): JobPhase {
  if (job.startAt === null) return { state: 'blocked', fraction: 0 };
  if (now < job.startAt) return { state: 'queued', fraction: 0 };
  const endedAt = job.startAt + job.durationMs;
  if (now >= endedAt) return { state: job.fails ? 'failed' : 'succeeded', fraction: 1, endedAt };
  return { state: 'running', fraction: job.durationMs > 0 ? (now - job.startAt) / job.durationMs : 1 };
}

/** True when the job has not reached a terminal state at `now`. */
export function jobActive(job: Job, now: number): boolean {
  const { state } = jobPhase(job, now);
  return state === 'running' || state === 'queued';
}
