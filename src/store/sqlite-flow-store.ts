import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
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

type Row = Record<string, SQLInputValue>;

/** SQLite has no booleans: 1/0. */
function sqliteValue(value: unknown): SQLInputValue {
  if (typeof value === 'boolean') return value ? 1 : 0;
  return (value ?? null) as SQLInputValue;
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && /UNIQUE constraint failed|PRIMARY KEY/.test(error.message);
}

/**
 * The flow store in the embedded database (the gateway store's connection). Every method is one statement or
 * one `BEGIN IMMEDIATE` transaction, so claims are atomic across processes sharing the file.
 */
export function createSqliteFlowStore(database: DatabaseSync): FlowStore {
  const insert = (table: string, columns: Record<string, unknown>, conflict = '') => {
    const names = Object.keys(columns);
    return database
      .prepare(
        `INSERT ${conflict} INTO ${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
      )
      .run(...Object.values(columns).map(sqliteValue));
  };
  const all = (sql: string, ...values: unknown[]) =>
    database.prepare(sql).all(...values.map(sqliteValue)) as Row[];
  const get = (sql: string, ...values: unknown[]) =>
    database.prepare(sql).get(...values.map(sqliteValue)) as Row | undefined;
  const run = (sql: string, ...values: unknown[]) => database.prepare(sql).run(...values.map(sqliteValue));
  const patchSql = (columns: Record<string, string>, patch: Record<string, unknown>) => {
    const entries = Object.entries(patch).filter(([key, value]) => value !== undefined && key in columns);
    return {
      set: entries.map(([key]) => `${columns[key]} = ?`),
      values: entries.map(([, value]) => value),
    };
  };

  return {
    async insertFlow(row) {
      try {
        insert('flows', flowColumns(row));
      } catch (error) {
        if (isUniqueViolation(error)) throw new StoreConflictError(`Flow "${row.name}"`);
        throw error;
      }
    },
    async getFlow(idOrName) {
      const row = get('SELECT * FROM flows WHERE id = ? OR name = ?', idOrName, idOrName);
      return row ? flowFromRow(row) : undefined;
    },
    async listFlows() {
      return all('SELECT * FROM flows ORDER BY name').map(flowFromRow);
    },
    async updateFlow(id, patch, updatedAt) {
      const { set, values } = patchSql(flowPatchColumns, patch);
      const row = get(
        `UPDATE flows SET ${[...set, 'updated_at = ?'].join(', ')} WHERE id = ? RETURNING *`,
        ...values,
        updatedAt,
        id,
      );
      return row ? flowFromRow(row) : undefined;
    },
    async deleteFlow(id) {
      return Number(run('DELETE FROM flows WHERE id = ?', id).changes) > 0;
    },

    async insertRun(row) {
      return Number(insert('flow_runs', runColumns(row), 'OR IGNORE').changes) > 0;
    },
    async getRun(id) {
      const row = get('SELECT * FROM flow_runs WHERE id = ?', id);
      return row ? runFromRow(row) : undefined;
    },
    async listRuns(query) {
      const where: string[] = [];
      const values: unknown[] = [];
      if (query.flowId) {
        where.push('flow_id = ?');
        values.push(query.flowId);
      }
      if (query.status) {
        where.push('status = ?');
        values.push(query.status);
      }
      if (query.before) {
        where.push('(created_at, id) < (SELECT created_at, id FROM flow_runs WHERE id = ?)');
        values.push(query.before);
      }
      return all(
        `SELECT * FROM flow_runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY created_at DESC, id DESC LIMIT ?`,
        ...values,
        runLimit(query.limit),
      ).map(runFromRow);
    },
    async claimRun(id, owner, leaseUntil, now, at) {
      const row = get(
        `UPDATE flow_runs SET owner = ?, lease_until = ?, status = 'running', claims = claims + 1,
           started_at = COALESCE(started_at, ?), updated_at = ?
         WHERE id = ? AND (status = 'queued' OR (status = 'running' AND lease_until < ?))
         RETURNING *`,
        owner,
        leaseUntil,
        at,
        at,
        id,
        now,
      );
      return row ? runFromRow(row) : undefined;
    },
    async renewLease(id, owner, leaseUntil) {
      return (
        Number(
          run(
            `UPDATE flow_runs SET lease_until = ? WHERE id = ? AND owner = ? AND status = 'running'`,
            leaseUntil,
            id,
            owner,
          ).changes,
        ) > 0
      );
    },
    async updateRun(id, owner, patch, updatedAt) {
      const { set, values } = patchSql(runPatchColumns, patch);
      const ending = patch.status !== undefined && patch.status !== 'running' && patch.status !== 'queued';
      if (ending) set.push('lease_until = 0');
      return (
        Number(
          run(
            `UPDATE flow_runs SET ${[...set, 'updated_at = ?'].join(', ')}
             WHERE id = ? AND owner = ? AND status = 'running'`,
            ...values,
            updatedAt,
            id,
            owner,
          ).changes,
        ) > 0
      );
    },
    async requestCancel(id, at) {
      run(
        `UPDATE flow_runs SET cancel_requested = 1, updated_at = ?,
           status = CASE WHEN status = 'queued' THEN 'cancelled' ELSE status END,
           finished_at = CASE WHEN status = 'queued' THEN ? ELSE finished_at END
         WHERE id = ? AND status IN ('queued', 'running')`,
        at,
        at,
        id,
      );
      const row = get('SELECT * FROM flow_runs WHERE id = ?', id);
      return row ? runFromRow(row) : undefined;
    },
    async listClaimable(now, limit) {
      return all(
        `SELECT * FROM flow_runs WHERE status = 'queued' OR (status = 'running' AND lease_until < ?)
         ORDER BY created_at LIMIT ?`,
        now,
        limit,
      ).map(runFromRow);
    },

    async saveStep(row) {
      insert('flow_steps', stepColumns(row), 'OR REPLACE');
    },
    async listSteps(runId) {
      return all('SELECT * FROM flow_steps WHERE run_id = ? ORDER BY seq, key', runId).map(stepFromRow);
    },

    async insertConnection(row) {
      try {
        insert('flow_connections', {
          name: row.name,
          kind: row.kind,
          config: row.config,
          secret_record: row.secretRecord,
          created_at: row.createdAt,
          updated_at: row.updatedAt,
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new StoreConflictError(`Connection "${row.name}"`);
        throw error;
      }
    },
    async getConnection(name) {
      const row = get('SELECT * FROM flow_connections WHERE name = ?', name);
      return row ? connectionFromRow(row) : undefined;
    },
    async listConnections() {
      return all('SELECT * FROM flow_connections ORDER BY name').map(connectionFromRow);
    },
    async replaceConnectionSecret(name, expected, next, updatedAt) {
      return (
        Number(
          run(
            'UPDATE flow_connections SET secret_record = ?, updated_at = ? WHERE name = ? AND secret_record = ?',
            next,
            updatedAt,
            name,
            expected,
          ).changes,
        ) > 0
      );
    },
    async deleteConnection(name) {
      return Number(run('DELETE FROM flow_connections WHERE name = ?', name).changes) > 0;
    },
  };
}
