/**
 * What flows keep in the gateway's database (migration 8; SQLite embedded, Postgres when
 * `HEYGATE_DATABASE_URL` is set): flow definitions, durable runs with per-step history, and connections to
 * other MCP servers. JSON fields are serialised by the caller. Runs are owned through a lease: an engine
 * claims a run (compare-and-set on status, owner and lease) and renews the lease while it works, so a run
 * whose process died is taken over by another process — or the same one after a restart — once its lease
 * ends (ADR 0035).
 */

/** A saved flow. */
export interface FlowRow {
  /** `fl_…`. */
  id: string;
  name: string;
  /** The parsed flow (JSON of `FlowDefinition`). */
  definition: string;
  /** Persona the flow runs as; null for the local operator. */
  personaId: string | null;
  enabled: boolean;
  /** 1, 2, 3… bumped on every change of the definition. */
  version: number;
  /** Who saved it: `operator` or `persona:<name>`. */
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** Fields of a flow that can change. */
export type FlowPatch = Partial<
  Pick<FlowRow, 'definition' | 'personaId' | 'enabled' | 'version' | 'createdBy'>
>;

/** Where a run is. */
export type FlowRunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** One run of a flow. */
export interface FlowRunRow {
  /** `run_…`. */
  id: string;
  flowId: string;
  flowName: string;
  flowVersion: number;
  /** The definition the run executes (a later edit does not change a run under way). */
  definition: string;
  personaId: string | null;
  status: FlowRunStatus;
  /** JSON of what started it: `{ kind, input?, event?, scheduled_for?, run? }`. */
  trigger: string;
  /** Unique when set: a cron tick (`cron:<flow>:<time>`), an event delivery or a parent run, so each starts one run. */
  dedupeKey: string | null;
  /** Engine instance holding the lease. */
  owner: string | null;
  /** Epoch ms the lease ends; 0 when nobody holds it. */
  leaseUntil: number;
  /** How often the run was claimed (1 for a run that never moved between processes). */
  claims: number;
  cancelRequested: boolean;
  /** JSON of the error that ended the run. */
  error: string | null;
  /** Credits its steps were charged (or estimated). */
  credits: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
}

/** Fields a run's owner changes. */
export type FlowRunPatch = Partial<Pick<FlowRunRow, 'status' | 'error' | 'credits' | 'finishedAt'>>;

/** Filter of {@link FlowStore.listRuns}. */
export interface FlowRunQuery {
  flowId?: string;
  status?: FlowRunStatus;
  /** Newest first; at most this many (default 50, max 500). */
  limit?: number;
  /** Runs created before this run (cursor: a run id). */
  before?: string;
}

/** One step execution of a run (a step inside `for_each` has one row per element: `each[2].render`). */
export interface FlowStepRow {
  runId: string;
  /** Position-qualified id, unique in the run: `render`, `each[2].notify`. */
  key: string;
  stepId: string;
  kind: string;
  /** Order of first start in the run. */
  seq: number;
  status: 'running' | 'waiting' | 'succeeded' | 'failed' | 'skipped' | 'cancelled';
  /** Tries so far. */
  attempt: number;
  /** JSON of the rendered input. */
  input: string | null;
  /** JSON of the output. */
  output: string | null;
  /** JSON of the last error. */
  error: string | null;
  /** JSON the step needs to resume (e.g. the job a wait is for). */
  state: string | null;
  credits: number | null;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  updatedAt: string;
}

/** A stored connection to another MCP server. */
export interface ConnectionRow {
  name: string;
  kind: 'stdio' | 'http';
  /** JSON of the non-secret part: `{ command, args }` or `{ url }`, and the names of secret headers/env. */
  config: string;
  /** Headers or environment values, sealed by the vault (record id `connection:<name>`); null when none. */
  secretRecord: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Flow persistence over the gateway's database. */
export interface FlowStore {
  insertFlow(row: FlowRow): Promise<void>;
  /** By id or name. */
  getFlow(idOrName: string): Promise<FlowRow | undefined>;
  listFlows(): Promise<FlowRow[]>;
  updateFlow(id: string, patch: FlowPatch, updatedAt: string): Promise<FlowRow | undefined>;
  deleteFlow(id: string): Promise<boolean>;

  /** Inserts a run; false (nothing written) when its dedupe key already started one. */
  insertRun(row: FlowRunRow): Promise<boolean>;
  getRun(id: string): Promise<FlowRunRow | undefined>;
  listRuns(query: FlowRunQuery): Promise<FlowRunRow[]>;
  /**
   * Takes the lease of a run that is queued, or running with an expired lease (its owner died): sets owner,
   * lease, status `running`, `started_at` once, bumps `claims`. Returns the claimed run, or undefined when
   * another live owner holds it or it has ended.
   */
  claimRun(
    id: string,
    owner: string,
    leaseUntil: number,
    now: number,
    at: string,
  ): Promise<FlowRunRow | undefined>;
  /** Extends the lease while `owner` still holds it; false when it lost the run. */
  renewLease(id: string, owner: string, leaseUntil: number): Promise<boolean>;
  /** Updates a run `owner` holds (a finished run also drops its lease); false when it lost the run. */
  updateRun(id: string, owner: string, patch: FlowRunPatch, updatedAt: string): Promise<boolean>;
  /** Asks a run to stop; a queued run is cancelled at once. Returns the run after the change. */
  requestCancel(id: string, at: string): Promise<FlowRunRow | undefined>;
  /** Runs an engine should pick up: queued, or running with a lease that ended before `now`. Oldest first. */
  listClaimable(now: number, limit: number): Promise<FlowRunRow[]>;

  /** Inserts or replaces a step row. */
  saveStep(row: FlowStepRow): Promise<void>;
  listSteps(runId: string): Promise<FlowStepRow[]>;

  insertConnection(row: ConnectionRow): Promise<void>;
  getConnection(name: string): Promise<ConnectionRow | undefined>;
  listConnections(): Promise<ConnectionRow[]>;
  /** Replaces the sealed secret only if it still equals `expected` (master-key rotation re-wraps it). */
  replaceConnectionSecret(name: string, expected: string, next: string, updatedAt: string): Promise<boolean>;
  deleteConnection(name: string): Promise<boolean>;
}
