/** Persistence: the Store interface, SQLite and Postgres implementations, migrations, audit chain (ADR 0005). */
export { auditHash, canonicalJson, genesisHash } from './audit-hash.ts';
export { auditPageLimits } from './audit-query.ts';
export { StoreConflictError, StoreMigrationError, StoreUnavailableError } from './errors.ts';
export { migrations } from './migrations.ts';
export type { Migration } from './migrations.ts';
export { openStore } from './open-store.ts';
export type { OpenStoreOptions } from './open-store.ts';
export { createPostgresStore } from './postgres-store.ts';
export type { PostgresStoreOptions } from './postgres-store.ts';
export { createSqliteStore } from './sqlite-store.ts';
export type { SqliteStoreOptions } from './sqlite-store.ts';
export type {
  AccountHealth,
  AccountPatch,
  AccountRow,
  AuditEntry,
  AuditHead,
  AuditOutcome,
  AuditPage,
  AuditQuery,
  AuditRecord,
  BillingPool,
  MasterKeyRow,
  PersonaPatch,
  PersonaRow,
  PersonaStatus,
  Store,
} from './store.ts';
export { verifyAuditChain } from './verify-audit-chain.ts';
export type { AuditChainProblem, AuditChainReport, VerifyAuditChainOptions } from './verify-audit-chain.ts';
