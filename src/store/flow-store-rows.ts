import type { ConnectionRow, FlowRow, FlowRunRow, FlowStepRow } from './flow-store.ts';

/**
 * Row conversions shared by the SQLite and Postgres flow stores: both hand back plain column records (SQLite
 * integers for booleans, Postgres strings for `bigint`), converted here once.
 */
type Columns = Record<string, unknown>;

function text(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

function number(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/** A `flows` row. */
export function flowFromRow(row: Columns): FlowRow {
  return {
    id: String(row.id),
    name: String(row.name),
    definition: String(row.definition),
    personaId: text(row.persona_id),
    enabled: Boolean(row.enabled),
    version: Number(row.version),
    createdBy: String(row.created_by),
    createdAt: String(row.created_at),
    updatedAt: String(row.updated_at),
  };
}

/** A `flow_runs` row. */
export function runFromRow(row: Columns): FlowRunRow {
  return {
    id: String(row.id),
    flowId: String(row.flow_id),
    flowName: String(row.flow_name),
    flowVersion: Number(row.flow_version),
    definition: String(row.definition),
    personaId: text(row.persona_id),
    status: row.status as FlowRunRow['status'],
    trigger: String(row.trigger),
    dedupeKey: text(row.dedupe_key),
    owner: text(row.owner),
    leaseUntil: Number(row.lease_until),
    claims: Number(row.claims),
    cancelRequested: Boolean(row.cancel_requested),
    error: text(row.error),
    credits: Number(row.credits),
    createdAt: String(row.created_at),
    startedAt: text(row.started_at),
    finishedAt: text(row.finished_at),
    updatedAt: String(row.updated_at),
  };
}

/** A `flow_steps` row. */
export function stepFromRow(row: Columns): FlowStepRow {
  return {
    runId: String(row.run_id),
    key: String(row.key),
    stepId: String(row.step_id),
    kind: String(row.kind),
    seq: Number(row.seq),
    status: row.status as FlowStepRow['status'],
    attempt: Number(row.attempt),
    input: text(row.input),
    output: text(row.output),
    error: text(row.error),
    state: text(row.state),
    credits: number(row.credits),
    startedAt: text(row.started_at),
    finishedAt: text(row.finished_at),
    durationMs: number(row.duration_ms),
    updatedAt: String(row.updated_at),
  };
}

/** A `flow_connections` row. */
export function connectionFromRow(row: Columns): ConnectionRow {
  return {
    name: String(row.name),
    kind: row.kind as ConnectionRow['kind'],
    config: String(row.config),
    secretRecord: text(row.secret_record),
    createdAt: String(row.created_at),
    updatedAt: String(row.updated_at),
  };
}

/** Column names of the patchable flow fields. */
export const flowPatchColumns = {
  definition: 'definition',
  personaId: 'persona_id',
  enabled: 'enabled',
  version: 'version',
  createdBy: 'created_by',
} as const;

/** Column names of the patchable run fields. */
export const runPatchColumns = {
  status: 'status',
  error: 'error',
  credits: 'credits',
  finishedAt: 'finished_at',
} as const;

/** The page size of a run listing: default 50, at most 500. */
export function runLimit(limit: number | undefined): number {
  return Math.min(Math.max(1, Math.floor(limit ?? 50)), 500);
}

/** The columns of a step row, in insert order. */
export function stepColumns(row: FlowStepRow): Columns {
  return {
    run_id: row.runId,
    key: row.key,
    step_id: row.stepId,
    kind: row.kind,
    seq: row.seq,
    status: row.status,
    attempt: row.attempt,
    input: row.input,
    output: row.output,
    error: row.error,
    state: row.state,
    credits: row.credits,
    started_at: row.startedAt,
    finished_at: row.finishedAt,
    duration_ms: row.durationMs,
    updated_at: row.updatedAt,
  };
}

/** The columns of a run row. */
export function runColumns(row: FlowRunRow): Columns {
  return {
    id: row.id,
    flow_id: row.flowId,
    flow_name: row.flowName,
    flow_version: row.flowVersion,
    definition: row.definition,
    persona_id: row.personaId,
    status: row.status,
    trigger: row.trigger,
    dedupe_key: row.dedupeKey,
    owner: row.owner,
    lease_until: row.leaseUntil,
    claims: row.claims,
    cancel_requested: row.cancelRequested,
    error: row.error,
    credits: row.credits,
    created_at: row.createdAt,
    started_at: row.startedAt,
    finished_at: row.finishedAt,
    updated_at: row.updatedAt,
  };
}

/** The columns of a flow row. */
export function flowColumns(row: FlowRow): Columns {
  return {
    id: row.id,
    name: row.name,
    definition: row.definition,
    persona_id: row.personaId,
    enabled: row.enabled,
    version: row.version,
    created_by: row.createdBy,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}
