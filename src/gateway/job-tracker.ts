import type { JobKind, ToolDefinition } from '../catalog/define-tool.ts';
import { getPath } from '../catalog/get-path.ts';
import { jobFailed } from '../heygen/wait-for.ts';
import { createJobStore, type JobPatch, type JobRow, type JobStore } from '../store/job-store.ts';
import type { Store } from '../store/store.ts';
import type { Progress, ToolErrorData } from './types.ts';

/** One job the tracker follows: where it runs and what it is. */
export interface JobRef {
  account: string;
  kind: string;
  jobId: string;
  /** How the job reports its status (the creating tool's: legacy tools read the same kind differently). */
  job: JobKind;
}

/** Who started a job, for its row. */
export interface JobStarter {
  tool: ToolDefinition;
  account: string;
  surface: string;
  persona: { id: string; name: string } | undefined;
}

/** A tracked job as the console shows it: the row with its final resource and failure parsed. */
export interface TrackedJob extends Omit<JobRow, 'result' | 'error'> {
  result: unknown;
  error: { code: string; message: string } | undefined;
  /** The tool that reports its status and the input field that takes its id (to check it now). */
  statusTool: string;
  idField: string;
}

/**
 * Every HeyGen job any surface starts, kept in the store (issue 16, ADR 0059): recorded when HeyGen answers
 * the create, updated by waits' progress reports (at most once a second per job, and on every status change)
 * and by any later call of the job's status or wait tool, finished with the final resource or HeyGen's
 * reason. Recording never fails a call: a store error only leaves the list behind.
 */
export interface JobTracker {
  /** Jobs started in the last `days` (default 30), newest first, at most `limit` (default 100). */
  list(options?: { limit?: number; days?: number }): Promise<TrackedJob[]>;
  /** One job by where it runs, its kind and HeyGen's id. */
  get(account: string, kind: string, jobId: string): Promise<TrackedJob | undefined>;
  /** Records the jobs a create started (its `resultIdPath` ids); returns them. */
  created(starter: JobStarter, data: unknown, now: number): Promise<JobRef[]>;
  /** A wait's progress report for these jobs. */
  progress(refs: readonly JobRef[], progress: Progress, now: number): void;
  /** A wait ended: the final resources (one per ref) or the failure. */
  finished(
    refs: readonly JobRef[],
    outcome: { finals: unknown[] } | { error: ToolErrorData },
    now: number,
  ): Promise<void>;
  /** A status or wait tool answered for a job: update it if the tracker knows it. */
  observed(tool: ToolDefinition, input: unknown, data: unknown, account: string, now: number): Promise<void>;
}

/** Options of {@link createJobTracker}. */
export interface JobTrackerOptions {
  store: Store;
  tools: readonly ToolDefinition[];
  /** Serialises (and redacts) a final resource or error the way audit records are. */
  json: (value: unknown) => string | null;
  /** Time source of the list's window (the gateway's clock). */
  clock?: { now(): number };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** What a status resource says: state, status word, HeyGen's percent, and the failure reason. */
function readJobStatus(
  job: JobKind,
  jobId: string,
  data: unknown,
  json: (value: unknown) => string | null,
): JobPatch {
  const raw = getPath(data, job.statusField);
  const status = typeof raw === 'string' || typeof raw === 'number' ? String(raw) : null;
  const state = status?.toLowerCase();
  if (state !== undefined && job.success.some((word) => word.toLowerCase() === state)) {
    return {
      state: 'completed',
      status,
      progress: 100,
      message: `${job.kind} ${status}`,
      result: json(data),
    };
  }
  if (state !== undefined && job.failure.some((word) => word.toLowerCase() === state)) {
    const failure = jobFailed(job, jobId, status!, data);
    return {
      state: 'failed',
      status,
      message: failure.message,
      error: json({ code: 'job_failed', message: failure.message }),
    };
  }
  const percent = getPath(data, 'progress');
  return {
    status,
    message: `${job.kind} ${status ?? 'pending'}`,
    ...(typeof percent === 'number' && Number.isFinite(percent)
      ? { progress: Math.min(99, Math.max(0, percent)) }
      : {}),
  };
}

function parse(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Creates the tracker over the store's `jobs` table. */
export function createJobTracker(options: JobTrackerOptions): JobTracker {
  const { json } = options;
  let jobs: JobStore | undefined;
  const table = () => (jobs ??= createJobStore(options.store));
  /** Creating tools → their job kind (one kind name may be read differently by v3 and legacy tools). */
  const creators = new Map<string, JobKind>();
  /** Status and wait tools → the job kind they report. */
  const reporters = new Map<string, JobKind>();
  for (const tool of options.tools) {
    if (tool.job) {
      creators.set(tool.name, tool.job);
      reporters.set(tool.job.statusTool, tool.job);
    }
    if (tool.implementation.kind === 'wait') reporters.set(tool.name, tool.implementation.job);
  }
  function tracked({ result, error, ...row }: JobRow): TrackedJob {
    const job = creators.get(row.tool);
    return {
      ...row,
      result: parse(result),
      error: parse(error) as TrackedJob['error'],
      statusTool: job?.statusTool ?? '',
      idField: job?.idField ?? '',
    };
  }

  const lastWrite = new Map<string, { at: number; status: string | undefined }>();
  let lastPrune = 0;
  const quietly = async (work: () => Promise<unknown>): Promise<void> => {
    try {
      await work();
    } catch {
      // The list falls behind; the call itself is never failed by its job record.
    }
  };

  async function patch(ref: JobRef, change: JobPatch, now: number): Promise<void> {
    if (change.state && change.state !== 'running') change.finishedAt = iso(now);
    await quietly(() => table().update(ref.account, ref.kind, ref.jobId, change, iso(now)));
  }

  return {
    async list(query = {}) {
      const since = iso((options.clock ?? Date).now() - (query.days ?? 30) * 86_400_000);
      const rows = await table().list({ limit: query.limit ?? 100, since });
      return rows.map(tracked);
    },
    async get(account, kind, jobId) {
      const row = await table().get(account, kind, jobId);
      return row ? tracked(row) : undefined;
    },
    async created(starter, data, now) {
      const job = starter.tool.job;
      if (!job) return [];
      const found = getPath(data, job.resultIdPath);
      const ids = (Array.isArray(found) ? found : [found]).filter(
        (id): id is string => typeof id === 'string' && id !== '',
      );
      const refs = ids.map((jobId) => ({ account: starter.account, kind: job.kind, jobId, job }));
      for (const ref of refs) {
        const first = readJobStatus(job, ref.jobId, data, json);
        await quietly(() =>
          table().insert({
            ...ref,
            tool: starter.tool.name,
            personaId: starter.persona?.id ?? null,
            personaName: starter.persona?.name ?? null,
            surface: starter.surface,
            state: 'running',
            status: first.state === 'running' || first.state === undefined ? (first.status ?? null) : null,
            progress: null,
            message: null,
            result: null,
            error: null,
            startedAt: iso(now),
            updatedAt: iso(now),
            finishedAt: null,
          }),
        );
      }
      if (now - lastPrune > 3_600_000) {
        lastPrune = now;
        void quietly(() => table().deleteStartedBefore(iso(now - 90 * 86_400_000)));
      }
      return refs;
    },
    progress(refs, progress, now) {
      for (const ref of refs) {
        const key = `${ref.account}\u0000${ref.kind}\u0000${ref.jobId}`;
        const last = lastWrite.get(key);
        if (last && last.status === progress.status && now - last.at < 1000) continue;
        lastWrite.set(key, { at: now, status: progress.status });
        const percent = progress.reportedPercent ?? (progress.total === 100 ? progress.progress : undefined);
        void patch(
          ref,
          {
            status: progress.status ?? null,
            message: progress.message ?? null,
            ...(percent === undefined ? {} : { progress: Math.round(percent * 10) / 10 }),
          },
          now,
        );
      }
    },
    async finished(refs, outcome, now) {
      for (const [index, ref] of refs.entries()) {
        lastWrite.delete(`${ref.account}\u0000${ref.kind}\u0000${ref.jobId}`);
        if ('finals' in outcome) {
          await patch(ref, readJobStatus(ref.job, ref.jobId, outcome.finals[index], json), now);
        } else {
          const { code, message } = outcome.error;
          // The wait stopped (timeout, shutdown) but the job may still run at HeyGen: keep it running.
          if (code === 'wait_timeout' || code === 'aborted') {
            await patch(ref, { message }, now);
            continue;
          }
          await patch(ref, { state: 'failed', message, error: json({ code, message }) }, now);
        }
      }
    },
    async observed(tool, input, data, account, now) {
      const job = reporters.get(tool.name);
      const jobId = job ? getPath(input, job.idField) : undefined;
      if (!job || typeof jobId !== 'string') return;
      await patch({ account, kind: job.kind, jobId, job }, readJobStatus(job, jobId, data, json), now);
    },
  };
}
