import type { SQLInputValue } from 'node:sqlite';
import type { Store } from './store.ts';

/**
 * Durable state of MCP tasks (issue 12, ADR 0024): the `mcp_tasks` table of migration 5, in the same SQLite
 * file or Postgres database as everything else, so a task outlives the session and the process that started
 * it, and every gateway process on one Postgres sees the same tasks. All of its SQL is here.
 */

/** MCP task states (spec 2025-11-25 `Task.status`). */
export type McpTaskStatus = 'working' | 'input_required' | 'completed' | 'failed' | 'cancelled';

/** The terminal states: a task in one of them never changes again. */
export const terminalTaskStatuses: readonly McpTaskStatus[] = ['completed', 'failed', 'cancelled'];

/** One task. JSON fields are serialised by the caller. */
export interface McpTaskRow {
  taskId: string;
  /** Who may see it: a persona id, or `operator`. */
  owner: string;
  /** The tool called. */
  tool: string;
  /** The call's arguments (JSON object text). */
  arguments: string;
  status: McpTaskStatus;
  /** HeyGen's state and elapsed time while working; what happened when finished. */
  statusMessage: string | null;
  /** Account the job runs on, once created. */
  account: string | null;
  /** Job kind (`video`, `lipsync`, …), once created. */
  jobKind: string | null;
  /** Job ids as a JSON array, once created. */
  jobIds: string | null;
  /** The final `CallToolResult` (JSON), when completed or failed. */
  result: string | null;
  /** Which process follows the job now (null: nobody; any process may take it over). */
  runner: string | null;
  /** When that runner last reported (ISO). */
  heartbeatAt: string | null;
  /** How long the task is kept after creation (ms); null: until deleted. */
  ttlMs: number | null;
  pollIntervalMs: number;
  createdAt: string;
  updatedAt: string;
  /** createdAt + ttlMs (ISO), null when kept forever. */
  expiresAt: string | null;
}

/** Fields of a task that change while it runs. */
export type McpTaskPatch = Partial<
  Pick<
    McpTaskRow,
    'status' | 'statusMessage' | 'account' | 'jobKind' | 'jobIds' | 'result' | 'runner' | 'heartbeatAt'
  >
>;

/** Conditions an update must meet, checked atomically with it. */
export interface McpTaskCondition {
  /** Only while the task is not terminal (default true). */
  notTerminal?: boolean;
  /** Only while this process (or nobody, with null) holds the task. */
  runner?: string | null;
  /** Only while the heartbeat is older than this ISO time (takeover of a silent runner). */
  heartbeatBefore?: string;
}

/** Storage of MCP tasks. */
export interface McpTaskStore {
  insert(row: McpTaskRow): Promise<void>;
  /** The task, unless it expired. */
  get(taskId: string, now: string): Promise<McpTaskRow | undefined>;
  /** Applies `patch` when `condition` holds; returns the new row, or undefined when it did not apply. */
  update(
    taskId: string,
    patch: McpTaskPatch,
    updatedAt: string,
    condition?: McpTaskCondition,
  ): Promise<McpTaskRow | undefined>;
  /** An owner's tasks, newest first, `limit` at a time after `cursor` (a task id). */
  list(owner: string, now: string, limit: number, cursor?: string): Promise<McpTaskRow[]>;
  /** Working tasks that follow job `kind`/`id` on `account`. */
  findByJob(account: string, kind: string, id: string): Promise<McpTaskRow[]>;
  /** Deletes expired tasks; returns how many. */
  deleteExpired(now: string): Promise<number>;
}

const columns: Record<keyof McpTaskRow, string> = {
  taskId: 'task_id',
  owner: 'owner',
  tool: 'tool',
  arguments: 'arguments',
  status: 'status',
  statusMessage: 'status_message',
  account: 'account',
  jobKind: 'job_kind',
  jobIds: 'job_ids',
  result: 'result',
  runner: 'runner',
  heartbeatAt: 'heartbeat_at',
  ttlMs: 'ttl_ms',
  pollIntervalMs: 'poll_interval_ms',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  expiresAt: 'expires_at',
};

const numeric = new Set<keyof McpTaskRow>(['ttlMs', 'pollIntervalMs']);

function fromRow(row: Record<string, unknown>): McpTaskRow {
  const task: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(columns) as [keyof McpTaskRow, string][]) {
    const value = row[column];
    task[field] =
      value === null || value === undefined ? null : numeric.has(field) ? Number(value) : String(value);
  }
  return task as unknown as McpTaskRow;
}

/** The WHERE clause of a conditional update, with `?` placeholders, and its values. */
function conditionSql(condition: McpTaskCondition): { sql: string; values: (string | null)[] } {
  const parts: string[] = [];
  const values: (string | null)[] = [];
  if (condition.notTerminal !== false) parts.push(`status NOT IN ('completed', 'failed', 'cancelled')`);
  if (condition.runner === null) parts.push('runner IS NULL');
  if (typeof condition.runner === 'string') {
    parts.push('runner = ?');
    values.push(condition.runner);
  }
  if (condition.heartbeatBefore !== undefined) {
    parts.push('(runner IS NULL OR heartbeat_at IS NULL OR heartbeat_at < ?)');
    values.push(condition.heartbeatBefore);
  }
  return { sql: parts.length ? ` AND ${parts.join(' AND ')}` : '', values };
}

/** The task store on the database behind `store` (SQLite or Postgres). */
export function createMcpTaskStore(store: Store): McpTaskStore {
  const connection = store.connection;
  if (!connection) throw new Error('MCP tasks need a store with a database connection (SQLite or Postgres).');
  if (connection.kind === 'sqlite') return sqliteTaskStore(connection.database);
  return postgresTaskStore(connection.sql);
}

function sqliteTaskStore(db: import('node:sqlite').DatabaseSync): McpTaskStore {
  const all = (sql: string, values: SQLInputValue[]) =>
    db.prepare(sql).all(...values) as Record<string, unknown>[];
  return {
    async insert(row) {
      const keys = Object.keys(columns) as (keyof McpTaskRow)[];
      db.prepare(
        `INSERT INTO mcp_tasks (${keys.map((key) => columns[key]).join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`,
      ).run(...keys.map((key) => row[key] as SQLInputValue));
    },
    async get(taskId, now) {
      const [row] = all(
        `SELECT * FROM mcp_tasks WHERE task_id = ? AND (expires_at IS NULL OR expires_at > ?)`,
        [taskId, now],
      );
      return row ? fromRow(row) : undefined;
    },
    async update(taskId, patch, updatedAt, condition = {}) {
      const entries = Object.entries(patch) as [keyof McpTaskPatch, string | null][];
      const where = conditionSql(condition);
      const changed = db
        .prepare(
          `UPDATE mcp_tasks SET ${[...entries.map(([field]) => `${columns[field]} = ?`), 'updated_at = ?'].join(', ')} ` +
            `WHERE task_id = ?${where.sql}`,
        )
        .run(...entries.map(([, value]) => value), updatedAt, taskId, ...where.values);
      if (Number(changed.changes) === 0) return undefined;
      const [row] = all('SELECT * FROM mcp_tasks WHERE task_id = ?', [taskId]);
      return row ? fromRow(row) : undefined;
    },
    async list(owner, now, limit, cursor) {
      const after = cursor
        ? all('SELECT created_at FROM mcp_tasks WHERE task_id = ?', [cursor])[0]
        : undefined;
      const rows = after
        ? all(
            `SELECT * FROM mcp_tasks WHERE owner = ? AND (expires_at IS NULL OR expires_at > ?) AND (created_at < ? OR (created_at = ? AND task_id < ?)) ORDER BY created_at DESC, task_id DESC LIMIT ?`,
            [owner, now, String(after.created_at), String(after.created_at), cursor!, limit],
          )
        : all(
            `SELECT * FROM mcp_tasks WHERE owner = ? AND (expires_at IS NULL OR expires_at > ?) ORDER BY created_at DESC, task_id DESC LIMIT ?`,
            [owner, now, limit],
          );
      return rows.map(fromRow);
    },
    async findByJob(account, kind, id) {
      return all(
        `SELECT * FROM mcp_tasks WHERE account = ? AND job_kind = ? AND status = 'working' AND job_ids LIKE ?`,
        [account, kind, `%${JSON.stringify(id)}%`],
      ).map(fromRow);
    },
    async deleteExpired(now) {
      const deleted = db
        .prepare('DELETE FROM mcp_tasks WHERE expires_at IS NOT NULL AND expires_at <= ?')
        .run(now);
      return Number(deleted.changes);
    },
  };
}

function postgresTaskStore(sql: import('postgres').Sql): McpTaskStore {
  /** `?` placeholders to Postgres `$n`. */
  const run = (text: string, values: unknown[]) => {
    let n = 0;
    return sql.unsafe(
      text.replace(/\?/g, () => `$${++n}`),
      values as never[],
    ) as unknown as Promise<Record<string, unknown>[]>;
  };
  return {
    async insert(row) {
      const keys = Object.keys(columns) as (keyof McpTaskRow)[];
      await run(
        `INSERT INTO mcp_tasks (${keys.map((key) => columns[key]).join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`,
        keys.map((key) => row[key]),
      );
    },
    async get(taskId, now) {
      const [row] = await run(
        `SELECT * FROM mcp_tasks WHERE task_id = ? AND (expires_at IS NULL OR expires_at > ?)`,
        [taskId, now],
      );
      return row ? fromRow(row) : undefined;
    },
    async update(taskId, patch, updatedAt, condition = {}) {
      const entries = Object.entries(patch) as [keyof McpTaskPatch, string | null][];
      const where = conditionSql(condition);
      const [row] = await run(
        `UPDATE mcp_tasks SET ${[...entries.map(([field]) => `${columns[field]} = ?`), 'updated_at = ?'].join(', ')} ` +
          `WHERE task_id = ?${where.sql} RETURNING *`,
        [...entries.map(([, value]) => value), updatedAt, taskId, ...where.values],
      );
      return row ? fromRow(row) : undefined;
    },
    async list(owner, now, limit, cursor) {
      const [after] = cursor ? await run('SELECT created_at FROM mcp_tasks WHERE task_id = ?', [cursor]) : [];
      const rows = after
        ? await run(
            `SELECT * FROM mcp_tasks WHERE owner = ? AND (expires_at IS NULL OR expires_at > ?) AND (created_at < ? OR (created_at = ? AND task_id < ?)) ORDER BY created_at DESC, task_id DESC LIMIT ?`,
            [owner, now, String(after.created_at), String(after.created_at), cursor, limit],
          )
        : await run(
            `SELECT * FROM mcp_tasks WHERE owner = ? AND (expires_at IS NULL OR expires_at > ?) ORDER BY created_at DESC, task_id DESC LIMIT ?`,
            [owner, now, limit],
          );
      return rows.map(fromRow);
    },
    async findByJob(account, kind, id) {
      const rows = await run(
        `SELECT * FROM mcp_tasks WHERE account = ? AND job_kind = ? AND status = 'working' AND job_ids LIKE ?`,
        [account, kind, `%${JSON.stringify(id)}%`],
      );
      return rows.map(fromRow);
    },
    async deleteExpired(now) {
      const rows = await run(
        'DELETE FROM mcp_tasks WHERE expires_at IS NOT NULL AND expires_at <= ? RETURNING task_id',
        [now],
      );
      return rows.length;
    },
  };
}
