import { HeyGateError } from '../catalog/errors.ts';

/**
 * Store errors. Codes: `store_conflict` (a unique name is taken), `store_unavailable` (the database cannot
 * be opened or reached), `store_migration` (the schema is newer than this heygate), `store_stale_reads` (a
 * record checked against remembered reads was not appended: the gateway runs the call again, so it never reaches
 * a caller).
 */

/** A row with the same unique key exists. */
export class StoreConflictError extends HeyGateError {
  constructor(what: string) {
    super(`${what} already exists.`, { code: 'store_conflict' });
    this.name = 'StoreConflictError';
  }
}

/** The database could not be opened, reached or migrated. */
export class StoreUnavailableError extends HeyGateError {
  constructor(message: string, cause?: unknown) {
    super(message, { code: 'store_unavailable', retryable: true, cause });
    this.name = 'StoreUnavailableError';
  }
}

/** The database was migrated by a newer heygate than this one. */
export class StoreMigrationError extends HeyGateError {
  constructor(message: string) {
    super(message, {
      code: 'store_migration',
      hint: 'Upgrade heygate to the version that migrated this database.',
    });
    this.name = 'StoreMigrationError';
  }
}

/**
 * A persona or account changed after the reads a record was checked against (`AppendAuditOptions.readsAsOf`):
 * nothing was appended, and the call runs again on fresh reads (ADR 0062).
 */
export class StaleReadsError extends HeyGateError {
  constructor() {
    super('A persona or account changed while the call ran on remembered reads.', {
      code: 'store_stale_reads',
    });
    this.name = 'StaleReadsError';
  }
}
