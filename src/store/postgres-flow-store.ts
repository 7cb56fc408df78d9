import type { Sql } from 'postgres';
import { StoreConflictError } from './errors.ts';
import type { FlowStore } from './flow-store.ts';
import {
  connectionFromRow,
  flowColumns,
  flowFromRow,
  flowPatchColumns,
  runColumns,
  runFromRow,
  runLimit,
  runPatchColumns,
  stepColumns,
  stepFromRow,
} from './flow-store-rows.ts';

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === '23505';
}

function patchColumns(
  columns: Record<string, string>,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch))
    if (value !== undefined && key in columns) row[columns[key]!] = value;
  return row;
}

type Values = Record<string, string | number | boolean | null>;

/**
 * The flow store in Postgres (`HEYGATE_DATABASE_URL`). Claims are one conditional `UPDATE … RETURNING`, atomic
 * under concurrent engines in several processes.
 */
export function createPostgresFlowStore(sql: Sql): FlowStore {
  return {
    async insertFlow(row) {
      try {
        await sql`INSERT INTO flows ${sql(flowColumns(row) as Values)}`;
      } catch (error) {
        if (isUniqueViolation(error)) throw new StoreConflictError(`Flow "${row.name}"`);
        throw error;
      }
    },
    async getFlow(idOrName) {
      const [row] = await sql`SELECT * FROM flows WHERE id = ${idOrName} OR name = ${idOrName}`;
      return row ? flowFromRow(row) : undefined;
    },
    async listFlows() {
      return (await sql`SELECT * FROM flows ORDER BY name`).map(flowFromRow);
    },
    async updateFlow(id, patch, updatedAt) {
      const row = { ...patchColumns(flowPatchColumns, patch), updated_at: updatedAt } as Values;
      const [updated] = await sql`UPDATE flows SET ${sql(row)} WHERE id = ${id} RETURNING *`;
      return updated ? flowFromRow(updated) : undefined;
    },
    async deleteFlow(id) {
      return (await sql`DELETE FROM flows WHERE id = ${id}`).count > 0;
    },

    async insertRun(row) {
      const result =
        await sql`INSERT INTO flow_runs ${sql(runColumns(row) as Values)} ON CONFLICT DO NOTHING`;
      return result.count > 0;
    },
    async getRun(id) {
      const [row] = await sql`SELECT * FROM flow_runs WHERE id = ${id}`;
      return row ? runFromRow(row) : undefined;
    },
    async listRuns(query) {
      const rows = await sql`
        SELECT * FROM flow_runs
        WHERE (${query.flowId ?? null}::text IS NULL OR flow_id = ${query.flowId ?? null})
          AND (${query.status ?? null}::text IS NULL OR status = ${query.status ?? null})
          AND (${query.before ?? null}::text IS NULL OR
               (created_at, id) < (SELECT created_at, id FROM flow_runs WHERE id = ${query.before ?? null}))
        ORDER BY created_at DESC, id DESC LIMIT ${runLimit(query.limit)}`;
      return rows.map(runFromRow);
    },
    async claimRun(id, owner, leaseUntil, now, at) {
      const [row] = await sql`
        UPDATE flow_runs SET owner = ${owner}, lease_until = ${leaseUntil}, status = 'running',
          claims = claims + 1, started_at = COALESCE(started_at, ${at}), updated_at = ${at}
        WHERE id = ${id} AND (status = 'queued' OR (status = 'running' AND lease_until < ${now}))
        RETURNING *`;
      return row ? runFromRow(row) : undefined;
    },
    async renewLease(id, owner, leaseUntil) {
      const result = await sql`
        UPDATE flow_runs SET lease_until = ${leaseUntil}
        WHERE id = ${id} AND owner = ${owner} AND status = 'running'`;
      return result.count > 0;
    },
    async updateRun(id, owner, patch, updatedAt) {
      const row = { ...patchColumns(runPatchColumns, patch), updated_at: updatedAt } as Values;
      if (patch.status !== undefined && patch.status !== 'running' && patch.status !== 'queued')
        row.lease_until = 0;
      const result = await sql`
        UPDATE flow_runs SET ${sql(row)} WHERE id = ${id} AND owner = ${owner} AND status = 'running'`;
      return result.count > 0;
    },
    async requestCancel(id, at) {
      const [row] = await sql`
        UPDATE flow_runs SET cancel_requested = true, updated_at = ${at},
          status = CASE WHEN status = 'queued' THEN 'cancelled' ELSE status END,
          finished_at = CASE WHEN status = 'queued' THEN ${at} ELSE finished_at END
        WHERE id = ${id} AND status IN ('queued', 'running')
        RETURNING *`;
      if (row) return runFromRow(row);
      const [current] = await sql`SELECT * FROM flow_runs WHERE id = ${id}`;
      return current ? runFromRow(current) : undefined;
    },
    async listClaimable(now, limit) {
      const rows = await sql`
        SELECT * FROM flow_runs WHERE status = 'queued' OR (status = 'running' AND lease_until < ${now})
        ORDER BY created_at LIMIT ${limit}`;
      return rows.map(runFromRow);
    },

    async saveStep(row) {
      const columns = stepColumns(row) as Values;
      const { run_id: _runId, key: _key, ...update } = columns;
      await sql`INSERT INTO flow_steps ${sql(columns)}
        ON CONFLICT (run_id, key) DO UPDATE SET ${sql(update)}`;
    },
    async listSteps(runId) {
      return (await sql`SELECT * FROM flow_steps WHERE run_id = ${runId} ORDER BY seq, key`).map(stepFromRow);
    },

    async insertConnection(row) {
      try {
        await sql`INSERT INTO flow_connections (name, kind, config, secret_record, created_at, updated_at)
          VALUES (${row.name}, ${row.kind}, ${row.config}, ${row.secretRecord}, ${row.createdAt}, ${row.updatedAt})`;
      } catch (error) {
        if (isUniqueViolation(error)) throw new StoreConflictError(`Connection "${row.name}"`);
        throw error;
      }
    },
    async getConnection(name) {
      const [row] = await sql`SELECT * FROM flow_connections WHERE name = ${name}`;
      return row ? connectionFromRow(row) : undefined;
    },
    async listConnections() {
      return (await sql`SELECT * FROM flow_connections ORDER BY name`).map(connectionFromRow);
    },
    async replaceConnectionSecret(name, expected, next, updatedAt) {
      const result = await sql`
        UPDATE flow_connections SET secret_record = ${next}, updated_at = ${updatedAt}
        WHERE name = ${name} AND secret_record = ${expected}`;
      return result.count > 0;
    },
    async deleteConnection(name) {
      return (await sql`DELETE FROM flow_connections WHERE name = ${name}`).count > 0;
    },
  };
}
