import type { Store } from './store.ts';
import { createRunSql } from './run-sql.ts';

/** Where a job stands: `running` until HeyGen reports a terminal state (or a wait gives up with an error). */
export type JobState = 'running' | 'completed' | 'failed';

/**
 * One HeyGen job any surface started (issue 16): the `jobs` table of migration 10. Identified by (account, kind,
 * job id); JSON fields are serialised (and redacted) by the caller.
 */
export interface JobRow {
  account: string;
  /** Job kind (`video`, `video_translation`, …). */
  kind: string;
  /** HeyGen's id of the job. */
  jobId: string;
  /** The tool that created it. */
  tool: string;
  personaId: string | null;
  personaName: string | null;
  /** Surface the create came through (`http`, `mcp`, `lua`, `console`, …). */
  surface: string;
  state: JobState;
  /** HeyGen's status word (`processing`, `completed`, …), as last read. */
  status: string | null;
  /** Percent done, 0–100 (HeyGen's own when it reports one, else the wait's estimate). */
  progress: number | null;
  /** Short human message of the last progress report. */
  message: string | null;
  /** The final resource (JSON), when completed. */
  result: string | null;
  /** The failure as JSON (`{code, message}` with HeyGen's reason), when failed. */
  error: string | null;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

/** What a progress or outcome report changes. */
export type JobPatch = Partial<
  Pick<JobRow, 'state' | 'status' | 'progress' | 'message' | 'result' | 'error' | 'finishedAt'>
>;

/** Storage of jobs. */
export interface JobStore {
  /** Records a new job; a job already known (a replayed create) is left as it is. */
  insert(row: JobRow): Promise<void>;
  /** Applies `patch` to a job still running; false when there is none (unknown, or already finished). */
  update(account: string, kind: string, jobId: string, patch: JobPatch, updatedAt: string): Promise<boolean>;
  get(account: string, kind: string, jobId: string): Promise<JobRow | undefined>;
  /** Jobs started at or after `since` (ISO), newest first, at most `limit`. */
  list(options: { limit: number; since?: string }): Promise<JobRow[]>;
  /** Deletes jobs started before `before` (ISO); returns how many. */
  deleteStartedBefore(before: string): Promise<number>;
}

const columns: Record<keyof JobRow, string> = {
  account: 'account',
  kind: 'kind',
  jobId: 'job_id',
  tool: 'tool',
  personaId: 'persona_id',
  personaName: 'persona_name',
  surface: 'surface',
  state: 'state',
  status: 'status',
  progress: 'progress',
  message: 'message',
  result: 'result',
  error: 'error',
  startedAt: 'started_at',
  updatedAt: 'updated_at',
  finishedAt: 'finished_at',
};

function fromRow(row: Record<string, unknown>): JobRow {
  const job: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(columns) as [keyof JobRow, string][]) {
    const value = row[column];
    job[field] =
      value === null || value === undefined ? null : field === 'progress' ? Number(value) : String(value);
  }
  return job as unknown as JobRow;
}

/** The job store on the database behind `store` (SQLite or Postgres). */
export function createJobStore(store: Store): JobStore {
  const run = createRunSql(store, 'Jobs');
  const keys = Object.keys(columns) as (keyof JobRow)[];
  const byKey = 'account = ? AND kind = ? AND job_id = ?';
  return {
    async insert(row) {
      await run(
        `INSERT INTO jobs (${keys.map((key) => columns[key]).join(', ')}) VALUES (${keys.map(() => '?').join(', ')}) ` +
          'ON CONFLICT (account, kind, job_id) DO NOTHING',
        keys.map((key) => row[key]),
      );
    },
    async update(account, kind, jobId, patch, updatedAt) {
      const entries = Object.entries(patch) as [keyof JobPatch, string | number | null][];
      const rows = await run(
        `UPDATE jobs SET ${[...entries.map(([field]) => `${columns[field]} = ?`), 'updated_at = ?'].join(', ')} ` +
          `WHERE ${byKey} AND state = 'running' RETURNING job_id`,
        [...entries.map(([, value]) => value), updatedAt, account, kind, jobId],
      );
      return rows.length > 0;
    },
    async get(account, kind, jobId) {
      const [row] = await run(`SELECT * FROM jobs WHERE ${byKey}`, [account, kind, jobId]);
      return row ? fromRow(row) : undefined;
    },
    async list({ limit, since }) {
      const rows = since
        ? await run('SELECT * FROM jobs WHERE started_at >= ? ORDER BY started_at DESC, job_id LIMIT ?', [
            since,
            limit,
          ])
        : await run('SELECT * FROM jobs ORDER BY started_at DESC, job_id LIMIT ?', [limit]);
      return rows.map(fromRow);
    },
    async deleteStartedBefore(before) {
      return (await run('DELETE FROM jobs WHERE started_at < ? RETURNING job_id', [before])).length;
    },
  };
}
