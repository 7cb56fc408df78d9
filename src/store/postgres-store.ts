import postgres from 'postgres';
import { auditQuery } from './audit-query.ts';
import { auditFromRow } from './audit-rows.ts';
import { accountColumns, personaColumns, secretColumns } from './patch-columns.ts';
import { createPostgresAuditSequencer } from './postgres-audit-sequencer.ts';
import { createPostgresReadCache } from './postgres-read-cache.ts';
import { StoreConflictError, StoreMigrationError, StoreUnavailableError } from './errors.ts';
import { migrations } from './migrations.ts';
import type {
  AccountRow,
  AuditRecord,
  MasterKeyRow,
  PersonaRow,
  SecretRow,
  Store,
  StoreReads,
} from './store.ts';

/** Options of {@link createPostgresStore}. */
export interface PostgresStoreOptions {
  /** Connection URL (`HEYGATE_DATABASE_URL`). */
  url: string;
  /**
   * Schema for heygate's tables, created when missing (letters, digits, `_`). Default: the server's
   * `search_path` (usually `public`). Tests use a fresh schema per run.
   */
  schema?: string;
  /** Connection pool size (default 4). */
  max?: number;
  /** Seconds to wait for a connection (default 10). */
  connectTimeoutSeconds?: number;
  /**
   * `changes` (default): audit records appended with `flush: false` (calls that changed nothing at HeyGen) are
   * committed without waiting for the WAL flush; every other record waits for it. `on`: every record waits
   * (`HEYGATE_POSTGRES_SYNC_COMMIT`, ADR 0060).
   */
  synchronousCommit?: 'changes' | 'on';
}

type Row = Record<string, any>;

const schemaPattern = /^[a-z_][a-z0-9_]{0,62}$/;

function iso(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return (value instanceof Date ? value : new Date(String(value))).toISOString();
}

function nullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

function accountFromRow(row: Row): AccountRow {
  return {
    name: row.name,
    billingPool: row.billing_pool,
    baseUrl: row.base_url ?? null,
    keyRecord: row.key_record,
    lastVerifiedAt: iso(row.last_verified_at),
    health: row.health,
    healthDetail: row.health_detail ?? null,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
    authKind: row.auth_kind === 'oauth' ? 'oauth' : 'api_key',
    credentialExpiresAt: iso(row.credential_expires_at),
    credentialRotatedAt: iso(row.credential_rotated_at),
    oauthClientId: row.oauth_client_id ?? null,
    identity: row.identity ?? null,
  };
}

function secretFromRow(row: Row): SecretRow {
  return {
    id: row.id,
    sealed: row.sealed,
    meta: row.meta ?? null,
    expiresAt: iso(row.expires_at),
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
  };
}

function personaFromRow(row: Row): PersonaRow {
  return {
    id: row.id,
    name: row.name,
    tokenHash: row.token_hash,
    scopes: row.scopes,
    accounts: row.accounts,
    budgetUsd: nullableNumber(row.budget_usd),
    budgetPeriod: row.budget_period ?? null,
    status: row.status,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
    revokedAt: iso(row.revoked_at),
    tokenExpiresAt: iso(row.token_expires_at),
    tokenTtlMs: nullableNumber(row.token_ttl_ms),
    previousTokenHash: row.previous_token_hash ?? null,
    previousTokenExpiresAt: iso(row.previous_token_expires_at),
  };
}

/** An audit row as the record it was written from (`time` is a `timestamptz`). */
const auditRecordFromRow = (row: Row): AuditRecord => auditFromRow(row, (value) => iso(value)!);

function masterKeyFromRow(row: Row): MasterKeyRow {
  return {
    version: Number(row.version),
    keyId: row.key_id,
    status: row.status,
    createdAt: iso(row.created_at)!,
    activatedAt: iso(row.activated_at),
    retiredAt: iso(row.retired_at),
    rewrapped: Number(row.rewrapped),
    total: Number(row.total),
  };
}

function columnsOf(
  patch: Record<string, unknown>,
  columns: Record<string, string>,
  json: (value: unknown[]) => unknown,
): Row {
  const row: Row = {};
  for (const [field, value] of Object.entries(patch)) {
    const column = columns[field];
    if (column && value !== undefined) row[column] = Array.isArray(value) ? json(value) : value;
  }
  return row;
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === '23505';
}

/** The URL without its password, for messages and `store.location`. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres (unparseable URL)';
  }
}

/**
 * The scale-out store: Postgres via the `postgres` package, for several heygate instances sharing accounts,
 * personas and one audit chain. The chain stays linear across processes: appends are a compare-and-swap on
 * `audit_head`, several records per statement under load (postgres-audit-sequencer.ts); migrations serialise on
 * an advisory lock.
 */
export async function createPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const { schema } = options;
  if (schema !== undefined && !schemaPattern.test(schema)) {
    throw new RangeError(`schema must match ${schemaPattern} (got "${schema}")`);
  }
  const location = redactUrl(options.url);
  const sql = postgres(options.url, {
    max: options.max ?? 4,
    connect_timeout: options.connectTimeoutSeconds ?? 10,
    onnotice: () => {},
    ...(schema ? { connection: { search_path: schema } } : {}),
  });

  const json = (value: unknown[]) => sql.json(value as postgres.JSONValue);
  // One connection for appends that need not wait for the WAL flush (the sequencer writes one batch at a time).
  const lazySql =
    options.synchronousCommit === 'on'
      ? undefined
      : postgres(options.url, {
          max: 1,
          connect_timeout: options.connectTimeoutSeconds ?? 10,
          onnotice: () => {},
          connection: { ...(schema ? { search_path: schema } : {}), synchronous_commit: 'off' },
        });
  const appendAuditRecord = createPostgresAuditSequencer(sql, lazySql);

  try {
    if (schema) await sql.unsafe(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await sql.begin(async (tx) => {
      await tx`SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':heygate-migrations'))`;
      await tx`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)`;
      const applied = new Set(
        (await tx`SELECT version FROM schema_migrations`).map((row) => Number(row.version)),
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
        await tx.unsafe(migration.postgres);
        await tx`INSERT INTO schema_migrations (version, name, applied_at) VALUES (${migration.version}, ${migration.name}, now())`;
      }
    });
  } catch (error) {
    await sql.end({ timeout: 1 }).catch(() => {});
    await lazySql?.end({ timeout: 1 }).catch(() => {});
    if (error instanceof StoreMigrationError) throw error;
    throw new StoreUnavailableError(`Cannot open the Postgres database at ${location}.`, error);
  }

  const reads: StoreReads = {
    async listAccounts() {
      return (await sql`SELECT * FROM accounts ORDER BY name`).map(accountFromRow);
    },
    async getAccount(name) {
      const [row] = await sql`SELECT * FROM accounts WHERE name = ${name}`;
      return row ? accountFromRow(row) : undefined;
    },
    async getPersona(id) {
      const [row] = await sql`SELECT * FROM personas WHERE id = ${id}`;
      return row ? personaFromRow(row) : undefined;
    },
    async getPersonaByTokenHash(tokenHash) {
      const [row] = await sql`SELECT * FROM personas WHERE token_hash = ${tokenHash}`;
      if (row) return personaFromRow(row);
      const [previous] = await sql`SELECT * FROM personas WHERE previous_token_hash = ${tokenHash}`;
      return previous ? personaFromRow(previous) : undefined;
    },
  };

  const readCache = createPostgresReadCache(sql, reads);
  const store: Store = {
    ...reads,
    freshReads: readCache.fresh,
    rememberedReads: readCache.remembered,
    kind: 'postgres',
    location,
    connection: { kind: 'postgres', sql },

    async insertAccount(row) {
      try {
        await sql`INSERT INTO accounts (name, billing_pool, base_url, key_record, last_verified_at, health,
          health_detail, created_at, updated_at, auth_kind, credential_expires_at, credential_rotated_at,
          oauth_client_id, identity) VALUES (${row.name}, ${row.billingPool}, ${row.baseUrl ?? null},
          ${row.keyRecord}, ${row.lastVerifiedAt ?? null}, ${row.health}, ${row.healthDetail ?? null},
          ${row.createdAt}, ${row.updatedAt}, ${row.authKind ?? 'api_key'}, ${row.credentialExpiresAt ?? null},
          ${row.credentialRotatedAt ?? null}, ${row.oauthClientId ?? null}, ${row.identity ?? null})`;
      } catch (error) {
        if (isUniqueViolation(error)) throw new StoreConflictError(`Account "${row.name}"`);
        throw error;
      }
    },

    async updateAccount(name, patch, updatedAt) {
      const row = { ...columnsOf(patch, accountColumns, json), updated_at: updatedAt };
      const result = await sql`UPDATE accounts SET ${sql(row)} WHERE name = ${name}`;
      return result.count > 0;
    },

    async replaceAccountKey(name, expected, keyRecord, patch, updatedAt) {
      const row = { ...columnsOf(patch, accountColumns, json), key_record: keyRecord, updated_at: updatedAt };
      const result =
        await sql`UPDATE accounts SET ${sql(row)} WHERE name = ${name} AND key_record = ${expected}`;
      return result.count > 0;
    },

    async deleteAccount(name) {
      return (await sql`DELETE FROM accounts WHERE name = ${name}`).count > 0;
    },

    async insertPersona(row) {
      try {
        await sql`INSERT INTO personas (id, name, token_hash, scopes, accounts, budget_usd, budget_period,
          status, created_at, updated_at, revoked_at, token_expires_at, token_ttl_ms, previous_token_hash,
          previous_token_expires_at) VALUES (${row.id}, ${row.name}, ${row.tokenHash},
          ${json(row.scopes)}, ${json(row.accounts)}, ${row.budgetUsd ?? null},
          ${row.budgetPeriod ?? null}, ${row.status}, ${row.createdAt}, ${row.updatedAt}, ${row.revokedAt ?? null},
          ${row.tokenExpiresAt ?? null}, ${row.tokenTtlMs ?? null}, ${row.previousTokenHash ?? null},
          ${row.previousTokenExpiresAt ?? null})`;
      } catch (error) {
        if (isUniqueViolation(error)) throw new StoreConflictError(`Persona "${row.name}"`);
        throw error;
      }
    },

    async getPersonaByName(name) {
      const [row] = await sql`SELECT * FROM personas WHERE name = ${name}`;
      return row ? personaFromRow(row) : undefined;
    },

    async listPersonas() {
      return (await sql`SELECT * FROM personas ORDER BY name`).map(personaFromRow);
    },

    async updatePersona(id, patch, updatedAt) {
      const row = { ...columnsOf(patch, personaColumns, json), updated_at: updatedAt };
      try {
        const [updated] = await sql`UPDATE personas SET ${sql(row)} WHERE id = ${id} RETURNING *`;
        return updated ? personaFromRow(updated) : undefined;
      } catch (error) {
        if (isUniqueViolation(error)) throw new StoreConflictError(`Persona "${patch.name ?? id}"`);
        throw error;
      }
    },

    appendAudit: appendAuditRecord,

    async queryAudit(query) {
      const plan = auditQuery(
        query,
        (index, kind) => `$${index}${kind === 'time' ? '::timestamptz' : kind === 'int' ? '::bigint' : ''}`,
      );
      const rows = await sql.unsafe(
        `SELECT * FROM audit ${plan.where} ORDER BY seq ${plan.order} LIMIT ${plan.fetch}`,
        plan.params,
      );
      const records = rows.slice(0, plan.limit).map(auditRecordFromRow);
      const last = records.at(-1);
      return rows.length > plan.limit && last ? { records, nextCursor: String(last.seq) } : { records };
    },

    async scanAudit(afterSeq, limit) {
      return (await sql`SELECT * FROM audit WHERE seq > ${afterSeq} ORDER BY seq ASC LIMIT ${limit}`).map(
        auditRecordFromRow,
      );
    },

    async getAuditHead() {
      const [row] = await sql`SELECT seq, hash FROM audit_head WHERE id = 1`;
      return row ? { seq: Number(row.seq), hash: String(row.hash) } : undefined;
    },

    async listMasterKeys() {
      return (await sql`SELECT * FROM vault_keys ORDER BY version`).map(masterKeyFromRow);
    },

    async insertMasterKey(row) {
      try {
        await sql`INSERT INTO vault_keys (version, key_id, status, created_at, activated_at, retired_at, rewrapped,
          total) VALUES (${row.version}, ${row.keyId}, ${row.status}, ${row.createdAt}, ${row.activatedAt ?? null},
          ${row.retiredAt ?? null}, ${row.rewrapped}, ${row.total})`;
      } catch (error) {
        if (isUniqueViolation(error)) throw new StoreConflictError(`Master key version ${row.version}`);
        throw error;
      }
    },

    async recordRotationProgress(version, rewrapped, total) {
      await sql`UPDATE vault_keys SET rewrapped = ${rewrapped}, total = ${total} WHERE version = ${version}`;
    },

    async activateMasterKey(version, at) {
      await sql.begin(async (tx) => {
        await tx`UPDATE vault_keys SET status = 'retired', retired_at = ${at} WHERE status = 'active'`;
        await tx`UPDATE vault_keys SET status = 'active', activated_at = ${at} WHERE version = ${version}`;
      });
    },

    async getSecret(id) {
      const [row] = await sql`SELECT * FROM secrets WHERE id = ${id}`;
      return row ? secretFromRow(row) : undefined;
    },

    async listSecrets(prefix = '') {
      // left() instead of LIKE: ids may contain `_` and `%`, which LIKE would read as wildcards.
      return (await sql`SELECT * FROM secrets WHERE left(id, ${prefix.length}) = ${prefix} ORDER BY id`).map(
        secretFromRow,
      );
    },

    async putSecret(row) {
      await sql`INSERT INTO secrets (id, sealed, meta, expires_at, created_at, updated_at)
        VALUES (${row.id}, ${row.sealed}, ${row.meta}, ${row.expiresAt}, ${row.createdAt}, ${row.updatedAt})
        ON CONFLICT (id) DO UPDATE SET sealed = excluded.sealed, meta = excluded.meta,
          expires_at = excluded.expires_at, created_at = excluded.created_at, updated_at = excluded.updated_at`;
    },

    async replaceSecret(id, expected, sealed, patch, updatedAt) {
      const row = { ...columnsOf(patch, secretColumns, json), sealed, updated_at: updatedAt };
      const result = await sql`UPDATE secrets SET ${sql(row)} WHERE id = ${id} AND sealed = ${expected}`;
      return result.count > 0;
    },

    async deleteSecret(id, expected) {
      const result =
        expected === undefined
          ? await sql`DELETE FROM secrets WHERE id = ${id}`
          : await sql`DELETE FROM secrets WHERE id = ${id} AND sealed = ${expected}`;
      return result.count > 0;
    },

    async getSetting(key) {
      const [row] = await sql`SELECT value FROM settings WHERE key = ${key}`;
      return row ? String(row.value) : undefined;
    },

    async listSettings(prefix) {
      return (
        await sql`SELECT key, value FROM settings WHERE left(key, ${prefix.length}) = ${prefix} ORDER BY key`
      ).map((row) => ({ key: String(row.key), value: String(row.value) }));
    },

    async putSetting(key, value, updatedAt) {
      await sql`INSERT INTO settings (key, value, updated_at) VALUES (${key}, ${value}, ${updatedAt})
        ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`;
    },

    async deleteSetting(key) {
      return (await sql`DELETE FROM settings WHERE key = ${key}`).count > 0;
    },

    async migrations() {
      return (await sql`SELECT version FROM schema_migrations ORDER BY version`).map((row) =>
        Number(row.version),
      );
    },

    async close() {
      await Promise.all([sql.end({ timeout: 5 }), lazySql?.end({ timeout: 5 })]);
    },
  };
  // A change this process makes itself is read afresh by its next call, not found by that call's append (ADR 0062).
  for (const write of changesOfReads) {
    const original = store[write] as (...args: unknown[]) => Promise<unknown>;
    Object.assign(store, { [write]: (...args: unknown[]) => original(...args).finally(readCache.forget) });
  }
  return store;
}

/** The store's writes to the rows `StoreReads` returns. */
const changesOfReads = [
  'insertAccount',
  'updateAccount',
  'replaceAccountKey',
  'deleteAccount',
  'insertPersona',
  'updatePersona',
] as const satisfies readonly (keyof Store)[];
