import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { SQLInputValue, StatementSync } from 'node:sqlite';
import { auditHash } from './audit-hash.ts';
import { auditQuery } from './audit-query.ts';
import { auditColumns, auditFromRow, auditRow } from './audit-rows.ts';
import { StoreConflictError, StoreMigrationError, StoreUnavailableError } from './errors.ts';
import { migrations } from './migrations.ts';
import { accountColumns, personaColumns, secretColumns } from './patch-columns.ts';
import { wellFormedAuditEntry } from './well-formed-audit-entry.ts';
import type {
  AccountRow,
  AuditEntry,
  AuditRecord,
  MasterKeyRow,
  PersonaRow,
  SecretRow,
  Store,
} from './store.ts';

/** Options of {@link createSqliteStore}. */
export interface SqliteStoreOptions {
  /** Database file (created with mode 0600), or `:memory:`. */
  path: string;
  /**
   * `normal` (default): with WAL every commit is written to the log before `appendAudit` returns, so a killed
   * process (kill -9) loses nothing; only an OS crash or power loss can drop the last commits. `full` also
   * fsyncs each commit (power-loss safe) at ~0.3 ms per call. See ADR 0005.
   */
  synchronous?: 'normal' | 'full';
  /** How long to wait for another process's write lock (default 5000 ms). */
  busyTimeoutMs?: number;
}

type Row = Record<string, SQLInputValue>;

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && /UNIQUE constraint failed|PRIMARY KEY/.test(error.message);
}

function text(value: SQLInputValue | undefined): string | null {
  return value === null || value === undefined ? null : String(value);
}

function number(value: SQLInputValue | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}

function accountFromRow(row: Row): AccountRow {
  return {
    name: String(row.name),
    billingPool: row.billing_pool as AccountRow['billingPool'],
    baseUrl: text(row.base_url),
    keyRecord: String(row.key_record),
    lastVerifiedAt: text(row.last_verified_at),
    health: row.health as AccountRow['health'],
    healthDetail: text(row.health_detail),
    createdAt: String(row.created_at),
    updatedAt: String(row.updated_at),
    authKind: row.auth_kind === 'oauth' ? 'oauth' : 'api_key',
    credentialExpiresAt: text(row.credential_expires_at),
    credentialRotatedAt: text(row.credential_rotated_at),
    oauthClientId: text(row.oauth_client_id),
    identity: text(row.identity),
  };
}

function secretFromRow(row: Row): SecretRow {
  return {
    id: String(row.id),
    sealed: String(row.sealed),
    meta: text(row.meta),
    expiresAt: text(row.expires_at),
    createdAt: String(row.created_at),
    updatedAt: String(row.updated_at),
  };
}

function personaFromRow(row: Row): PersonaRow {
  return {
    id: String(row.id),
    name: String(row.name),
    tokenHash: String(row.token_hash),
    scopes: JSON.parse(String(row.scopes)) as string[],
    accounts: JSON.parse(String(row.accounts)) as string[],
    budgetUsd: number(row.budget_usd),
    budgetPeriod: text(row.budget_period),
    status: row.status as PersonaRow['status'],
    createdAt: String(row.created_at),
    updatedAt: String(row.updated_at),
    revokedAt: text(row.revoked_at),
    tokenExpiresAt: text(row.token_expires_at),
    tokenTtlMs: number(row.token_ttl_ms),
    previousTokenHash: text(row.previous_token_hash),
    previousTokenExpiresAt: text(row.previous_token_expires_at),
  };
}

function masterKeyFromRow(row: Row): MasterKeyRow {
  return {
    version: Number(row.version),
    keyId: String(row.key_id),
    status: row.status as MasterKeyRow['status'],
    createdAt: String(row.created_at),
    activatedAt: text(row.activated_at),
    retiredAt: text(row.retired_at),
    rewrapped: Number(row.rewrapped),
    total: Number(row.total),
  };
}

/** Turns a patch into `column = ?` assignments (JSON for arrays). */
function assignments(
  patch: Record<string, unknown>,
  columns: Record<string, string>,
): { sql: string[]; values: SQLInputValue[] } {
  const sql: string[] = [];
  const values: SQLInputValue[] = [];
  for (const [field, value] of Object.entries(patch)) {
    const column = columns[field];
    if (!column || value === undefined) continue;
    sql.push(`${column} = ?`);
    values.push(Array.isArray(value) ? JSON.stringify(value) : (value as SQLInputValue));
  }
  return { sql, values };
}

/**
 * The embedded store: one SQLite file in `$HEYGATE_HOME` opened in WAL mode (readers never block the
 * writer; several heygate processes — `serve` and CLI commands — can share it). `node:sqlite` is
 * synchronous, so each method runs to completion without interleaving inside one process.
 */
export function createSqliteStore(options: SqliteStoreOptions): Store {
  const memory = options.path === ':memory:';
  let database: DatabaseSync;
  try {
    if (!memory) mkdirSync(dirname(options.path), { recursive: true, mode: 0o700 });
    const created = !memory && !existsSync(options.path);
    database = new DatabaseSync(options.path);
    // Account keys are sealed, but the file still holds the audit log: keep it private to the owner.
    if (created) chmodSync(options.path, 0o600);
  } catch (error) {
    throw new StoreUnavailableError(`Cannot open the SQLite database at ${options.path}.`, error);
  }
  const db = database;
  db.exec(`PRAGMA busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  if (!memory) db.exec('PRAGMA journal_mode = WAL');
  db.exec(`PRAGMA synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  db.exec('PRAGMA foreign_keys = ON');

  const statements = new Map<string, StatementSync>();
  const prepare = (sql: string): StatementSync => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };

  /** Runs `work` in a write transaction taken up front (no lock upgrade deadlock between processes). */
  function transaction<T>(work: () => T): T {
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      db.exec('COMMIT');
      return result;
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw error;
    }
  }

  transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    const applied = new Set(
      (db.prepare('SELECT version FROM schema_migrations').all() as Row[]).map((row) => Number(row.version)),
    );
    const newest = Math.max(0, ...applied);
    const known = Math.max(0, ...migrations.map((migration) => migration.version));
    if (newest > known) {
      throw new StoreMigrationError(
        `The database is at schema version ${newest}; this heygate knows up to ${known}.`,
      );
    }
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      db.exec(migration.sqlite);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        new Date().toISOString(),
      );
    }
  });

  const appendInsert = `INSERT INTO audit (${auditColumns.join(', ')})
    VALUES (${auditColumns.map(() => '?').join(', ')})`;

  return {
    kind: 'sqlite',
    location: options.path,
    connection: { kind: 'sqlite', database: db },

    async listAccounts() {
      return (prepare('SELECT * FROM accounts ORDER BY name').all() as Row[]).map(accountFromRow);
    },

    async getAccount(name) {
      const row = prepare('SELECT * FROM accounts WHERE name = ?').get(name) as Row | undefined;
      return row ? accountFromRow(row) : undefined;
    },

    async insertAccount(row) {
      try {
        prepare(
          `INSERT INTO accounts (name, billing_pool, base_url, key_record, last_verified_at, health, health_detail,
            created_at, updated_at, auth_kind, credential_expires_at, credential_rotated_at, oauth_client_id,
            identity) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          row.name,
          row.billingPool,
          row.baseUrl ?? null,
          row.keyRecord,
          row.lastVerifiedAt ?? null,
          row.health,
          row.healthDetail ?? null,
          row.createdAt,
          row.updatedAt,
          row.authKind ?? 'api_key',
          row.credentialExpiresAt ?? null,
          row.credentialRotatedAt ?? null,
          row.oauthClientId ?? null,
          row.identity ?? null,
        );
      } catch (error) {
        if (isUniqueViolation(error)) throw new StoreConflictError(`Account "${row.name}"`);
        throw error;
      }
    },

    async updateAccount(name, patch, updatedAt) {
      const { sql, values } = assignments(patch, accountColumns);
      const result = prepare(
        `UPDATE accounts SET ${[...sql, 'updated_at = ?'].join(', ')} WHERE name = ?`,
      ).run(...values, updatedAt, name);
      return Number(result.changes) > 0;
    },

    async replaceAccountKey(name, expected, keyRecord, patch, updatedAt) {
      const { sql, values } = assignments(patch, accountColumns);
      const result = prepare(
        `UPDATE accounts SET ${[...sql, 'key_record = ?', 'updated_at = ?'].join(', ')} WHERE name = ? AND key_record = ?`,
      ).run(...values, keyRecord, updatedAt, name, expected);
      return Number(result.changes) > 0;
    },

    async deleteAccount(name) {
      return Number(prepare('DELETE FROM accounts WHERE name = ?').run(name).changes) > 0;
    },

    async insertPersona(row) {
      try {
        prepare(
          `INSERT INTO personas (id, name, token_hash, scopes, accounts, budget_usd, budget_period, status,
            created_at, updated_at, revoked_at, token_expires_at, token_ttl_ms, previous_token_hash,
            previous_token_expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          row.id,
          row.name,
          row.tokenHash,
          JSON.stringify(row.scopes),
          JSON.stringify(row.accounts),
          row.budgetUsd ?? null,
          row.budgetPeriod ?? null,
          row.status,
          row.createdAt,
          row.updatedAt,
          row.revokedAt ?? null,
          row.tokenExpiresAt ?? null,
          row.tokenTtlMs ?? null,
          row.previousTokenHash ?? null,
          row.previousTokenExpiresAt ?? null,
        );
      } catch (error) {
        if (isUniqueViolation(error)) throw new StoreConflictError(`Persona "${row.name}"`);
        throw error;
      }
    },

    async getPersona(id) {
      const row = prepare('SELECT * FROM personas WHERE id = ?').get(id) as Row | undefined;
      return row ? personaFromRow(row) : undefined;
    },

    async getPersonaByName(name) {
      const row = prepare('SELECT * FROM personas WHERE name = ?').get(name) as Row | undefined;
      return row ? personaFromRow(row) : undefined;
    },

    async getPersonaByTokenHash(tokenHash) {
      const row = (prepare('SELECT * FROM personas WHERE token_hash = ?').get(tokenHash) ??
        prepare('SELECT * FROM personas WHERE previous_token_hash = ?').get(tokenHash)) as Row | undefined;
      return row ? personaFromRow(row) : undefined;
    },

    async listPersonas() {
      return (prepare('SELECT * FROM personas ORDER BY name').all() as Row[]).map(personaFromRow);
    },

    async updatePersona(id, patch, updatedAt) {
      const { sql, values } = assignments(patch, personaColumns);
      try {
        prepare(`UPDATE personas SET ${[...sql, 'updated_at = ?'].join(', ')} WHERE id = ?`).run(
          ...values,
          updatedAt,
          id,
        );
      } catch (error) {
        if (isUniqueViolation(error)) throw new StoreConflictError(`Persona "${patch.name ?? id}"`);
        throw error;
      }
      const row = prepare('SELECT * FROM personas WHERE id = ?').get(id) as Row | undefined;
      return row ? personaFromRow(row) : undefined;
    },

    async appendAudit(entry: AuditEntry) {
      return transaction(() => {
        const head = prepare('SELECT seq, hash FROM audit_head WHERE id = 1').get() as Row;
        const unsigned = {
          ...wellFormedAuditEntry(entry),
          seq: Number(head.seq) + 1,
          prevHash: String(head.hash),
        };
        const record: AuditRecord = { ...unsigned, hash: auditHash(unsigned) };
        const row = auditRow(record);
        prepare(appendInsert).run(...auditColumns.map((column) => row[column]));
        prepare('UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1').run(record.seq, record.hash);
        return record;
      });
    },

    async queryAudit(query) {
      const plan = auditQuery(query, () => '?');
      const rows = prepare(`SELECT * FROM audit ${plan.where} ORDER BY seq ${plan.order} LIMIT ?`).all(
        ...plan.params,
        plan.fetch,
      ) as Row[];
      const records = rows.slice(0, plan.limit).map((row) => auditFromRow(row, String));
      const last = records.at(-1);
      return rows.length > plan.limit && last ? { records, nextCursor: String(last.seq) } : { records };
    },

    async scanAudit(afterSeq, limit) {
      return (
        prepare('SELECT * FROM audit WHERE seq > ? ORDER BY seq ASC LIMIT ?').all(afterSeq, limit) as Row[]
      ).map((row) => auditFromRow(row, String));
    },

    async getAuditHead() {
      const row = prepare('SELECT seq, hash FROM audit_head WHERE id = 1').get() as Row | undefined;
      return row ? { seq: Number(row.seq), hash: String(row.hash) } : undefined;
    },

    async listMasterKeys() {
      return (prepare('SELECT * FROM vault_keys ORDER BY version').all() as Row[]).map(masterKeyFromRow);
    },

    async insertMasterKey(row) {
      try {
        prepare(
          `INSERT INTO vault_keys (version, key_id, status, created_at, activated_at, retired_at, rewrapped, total)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          row.version,
          row.keyId,
          row.status,
          row.createdAt,
          row.activatedAt ?? null,
          row.retiredAt ?? null,
          row.rewrapped,
          row.total,
        );
      } catch (error) {
        if (isUniqueViolation(error)) throw new StoreConflictError(`Master key version ${row.version}`);
        throw error;
      }
    },

    async recordRotationProgress(version, rewrapped, total) {
      prepare('UPDATE vault_keys SET rewrapped = ?, total = ? WHERE version = ?').run(
        rewrapped,
        total,
        version,
      );
    },

    async activateMasterKey(version, at) {
      transaction(() => {
        prepare("UPDATE vault_keys SET status = 'retired', retired_at = ? WHERE status = 'active'").run(at);
        prepare("UPDATE vault_keys SET status = 'active', activated_at = ? WHERE version = ?").run(
          at,
          version,
        );
      });
    },

    async getSecret(id) {
      const row = prepare('SELECT * FROM secrets WHERE id = ?').get(id) as Row | undefined;
      return row ? secretFromRow(row) : undefined;
    },

    async listSecrets(prefix = '') {
      // substr instead of LIKE: ids may contain `_` and `%`, which LIKE would read as wildcards.
      return (
        prepare('SELECT * FROM secrets WHERE substr(id, 1, ?) = ? ORDER BY id').all(
          prefix.length,
          prefix,
        ) as Row[]
      ).map(secretFromRow);
    },

    async putSecret(row) {
      prepare(
        `INSERT INTO secrets (id, sealed, meta, expires_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET sealed = excluded.sealed, meta = excluded.meta,
           expires_at = excluded.expires_at, created_at = excluded.created_at, updated_at = excluded.updated_at`,
      ).run(row.id, row.sealed, row.meta, row.expiresAt, row.createdAt, row.updatedAt);
    },

    async replaceSecret(id, expected, sealed, patch, updatedAt) {
      const { sql, values } = assignments(patch, secretColumns);
      const result = prepare(
        `UPDATE secrets SET ${[...sql, 'sealed = ?', 'updated_at = ?'].join(', ')} WHERE id = ? AND sealed = ?`,
      ).run(...values, sealed, updatedAt, id, expected);
      return Number(result.changes) > 0;
    },

    async deleteSecret(id, expected) {
      const result =
        expected === undefined
          ? prepare('DELETE FROM secrets WHERE id = ?').run(id)
          : prepare('DELETE FROM secrets WHERE id = ? AND sealed = ?').run(id, expected);
      return Number(result.changes) > 0;
    },

    async getSetting(key) {
      const row = prepare('SELECT value FROM settings WHERE key = ?').get(key) as Row | undefined;
      return row ? String(row.value) : undefined;
    },

    async listSettings(prefix) {
      return (
        prepare('SELECT key, value FROM settings WHERE substr(key, 1, ?) = ? ORDER BY key').all(
          prefix.length,
          prefix,
        ) as Row[]
      ).map((row) => ({ key: String(row.key), value: String(row.value) }));
    },

    async putSetting(key, value, updatedAt) {
      prepare(
        `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      ).run(key, value, updatedAt);
    },

    async deleteSetting(key) {
      return Number(prepare('DELETE FROM settings WHERE key = ?').run(key).changes) > 0;
    },

    async migrations() {
      return (prepare('SELECT version FROM schema_migrations ORDER BY version').all() as Row[]).map((row) =>
        Number(row.version),
      );
    },

    async close() {
      if (db.isOpen) db.close();
    },
  };
}
