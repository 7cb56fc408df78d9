/**
 * The Store: everything heygate persists — named HeyGen accounts (keys sealed by the vault), personas, the
 * audit log and the vault's key history. Two implementations pass one test suite: embedded SQLite
 * (`node:sqlite`, the default) and Postgres (`HEYGATE_DATABASE_URL`). See ADR 0005.
 *
 * Times are ISO-8601 UTC strings with milliseconds. Secrets never reach the store in plain text: account
 * keys arrive sealed, persona tokens as SHA-256 hashes, audit payloads already redacted.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { Sql } from 'postgres';

/** Which pool of HeyGen credits an account spends: API credits or the web plan's credits. */
export type BillingPool = 'api' | 'plan';

/** Result of the last verification of an account's key. */
export type AccountHealth = 'unknown' | 'ok' | 'unauthorized' | 'unreachable' | 'error';

/**
 * How an account authenticates at HeyGen: an API key (`X-Api-Key`, bills the USD wallet) or an OAuth connection
 * (`Authorization: Bearer`, bills the user's web plan; v3 endpoints only).
 */
export type AccountAuthKind = 'api_key' | 'oauth';

/** A named HeyGen account. */
export interface AccountRow {
  /** Unique name (`default`, `work`, …). */
  name: string;
  billingPool: BillingPool;
  /** Base URL override (e.g. an emulator or proxy); undefined → HeyGen. */
  baseUrl?: string | null;
  /** The API key sealed by the vault (JSON). */
  keyRecord: string;
  /** ISO time of the last successful verification. */
  lastVerifiedAt?: string | null;
  health: AccountHealth;
  /** Short reason for the health (error code), never a secret. */
  healthDetail?: string | null;
  createdAt: string;
  updatedAt: string;
  /** `api_key` (default) or `oauth`; `keyRecord` then seals the API key or the OAuth tokens (JSON). */
  authKind?: AccountAuthKind;
  /** When the stored credential stops working by itself: the OAuth access token's expiry. */
  credentialExpiresAt?: string | null;
  /** When the credential was last replaced: API key rotated, OAuth connected (refreshes do not count). */
  credentialRotatedAt?: string | null;
  /** The OAuth client the tokens were issued to (refresh and revoke need it). */
  oauthClientId?: string | null;
  /** Who the credential belongs to at HeyGen (username or email from `users/me`), for display. */
  identity?: string | null;
}

/** Fields of an account that can change. */
export type AccountPatch = Partial<
  Pick<
    AccountRow,
    | 'billingPool'
    | 'baseUrl'
    | 'lastVerifiedAt'
    | 'health'
    | 'healthDetail'
    | 'authKind'
    | 'credentialExpiresAt'
    | 'credentialRotatedAt'
    | 'oauthClientId'
    | 'identity'
  >
>;

/** Whether a persona may act. */
export type PersonaStatus = 'active' | 'revoked';

/** An agent identity with a bearer token, scopes and allowed accounts. */
export interface PersonaRow {
  /** Stable id (`ps_…`). */
  id: string;
  /** Unique human name. */
  name: string;
  /** SHA-256 (hex) of the bearer token; the token itself is never stored. */
  tokenHash: string;
  /** Scope grants (ADR 0007). */
  scopes: string[];
  /** Allowed accounts in routing order; empty means every account. */
  accounts: string[];
  /** Budget in US dollars per period (enforced by the router, issue 7; migration 6); null = unlimited. */
  budgetUsd?: number | null;
  /** Budget period, e.g. `month`. */
  budgetPeriod?: string | null;
  status: PersonaStatus;
  createdAt: string;
  updatedAt: string;
  revokedAt?: string | null;
  /** When the current token stops working; null = never. */
  tokenExpiresAt?: string | null;
  /** Lifetime given to each new token (create, rotate) in ms; null = tokens do not expire. */
  tokenTtlMs?: number | null;
  /** SHA-256 of the token replaced by the last rotation, accepted until `previousTokenExpiresAt`. */
  previousTokenHash?: string | null;
  /** End of the grace period of the previous token. */
  previousTokenExpiresAt?: string | null;
}

/** Fields of a persona that can change. */
export type PersonaPatch = Partial<
  Pick<
    PersonaRow,
    | 'name'
    | 'tokenHash'
    | 'scopes'
    | 'accounts'
    | 'budgetUsd'
    | 'budgetPeriod'
    | 'status'
    | 'revokedAt'
    | 'tokenExpiresAt'
    | 'tokenTtlMs'
    | 'previousTokenHash'
    | 'previousTokenExpiresAt'
  >
>;

/**
 * A sealed secret that is not an account's main credential: a webhook signing secret, an API key waiting to be
 * verified, the previous secret during a rotation's grace window, a pending OAuth authorization. `id` is the
 * vault record id (the AAD), e.g. `webhook:work`; the vault re-wraps these with the account keys.
 */
export interface SecretRow {
  id: string;
  /** The secret sealed by the vault (JSON). */
  sealed: string;
  /** Non-secret facts about it as a JSON object (endpoint id, URL, events…), or null. */
  meta: string | null;
  /** When it stops being accepted (grace windows, pending flows); null = no expiry. */
  expiresAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Fields of a secret that can change along with its sealed value. */
export type SecretPatch = Partial<Pick<SecretRow, 'meta' | 'expiresAt'>>;

/**
 * How a call ended, for audit queries. `pending` is the outcome of an `intent` record: written before the call
 * was sent, its result follows in the call's own record.
 */
export type AuditOutcome = 'ok' | 'error' | 'denied' | 'rate_limited' | 'pending';

/**
 * What an audit record is about: `call` (a tool call through `execute()`, the default), `admin` (an operator
 * or admin-persona action on personas, accounts, the vault, webhooks or flows; `tool` then names the action,
 * e.g. `persona.create`, and `arguments` what changed, never a secret) or `intent` (what a call that changes
 * something at HeyGen is about to send, appended before it is sent; the call's record names it in its
 * `context` as `{"intent": seq}` — an intent no record names is a call whose outcome was never recorded,
 * ADR 0017).
 */
export type AuditKind = 'call' | 'admin' | 'intent';

/** What the gateway appends for one call. JSON fields are serialised (and redacted) by the caller. */
export interface AuditEntry {
  /** ISO time the call started. */
  time: string;
  /** The end user the agent acted for, or `operator`. */
  user: string | null;
  personaId: string | null;
  /** Persona name at the time of the call. */
  personaName: string | null;
  /** Surface the call came through. */
  surface: string;
  /** The prompt or reason the agent gave. */
  prompt: string | null;
  tool: string;
  /** Account the call went to. */
  account: string | null;
  /** Account the router fell back from. */
  fallbackFrom: string | null;
  /** Arguments as JSON (secrets and file bytes redacted). */
  arguments: string | null;
  /** Response as JSON (size-capped), when the call succeeded. */
  response: string | null;
  /** Error as JSON (`ToolErrorData`), when it failed. */
  error: string | null;
  outcome: AuditOutcome;
  /** HeyGen's request id. */
  requestId: string | null;
  /** Wall time of the call in milliseconds (microsecond precision). */
  latencyMs: number;
  /** Credits HeyGen reported charging (as reported; `costUsd` holds the spend in dollars). */
  credits: number | null;
  /**
   * The router's decisions as JSON (`{ attempts, replayed?, reconciled? }`, ADR 0008): every account tried or
   * skipped and why, whether the create was answered from the idempotency ledger or found by lookup. Absent or
   * null when the call was not routed (refused, invalid input). Hashed only when present (chain version 2).
   */
  routing?: string | null;
  /** `call` (default when absent) or `admin`. Chain version 3 covers it (see audit-hash.ts). */
  kind?: AuditKind;
  /**
   * Where the record sits in a larger unit of work, as a JSON object: e.g. `{"flow":"…","run":"…","step":"…"}`
   * for a flow step, `{"task":"…"}` for an MCP task. Null or absent otherwise. Chain version 3.
   */
  context?: string | null;
  /** Cost of the call in US dollars (HeyGen bills API keys in USD), charged or estimated. Chain version 3. */
  costUsd?: number | null;
}

/** A stored audit record: the entry plus its position and hash chain. */
export interface AuditRecord extends AuditEntry {
  /** 1, 2, 3… without gaps. */
  seq: number;
  /** Hash of the previous record (64 zeros for the first). */
  prevHash: string;
  /** SHA-256 of the canonical JSON of this record including `prevHash` (see audit-hash.ts). */
  hash: string;
}

/** Filter and page of an audit query. */
export interface AuditQuery {
  /** Persona id or name. */
  persona?: string;
  tool?: string;
  outcome?: AuditOutcome;
  /** Only records of this kind (`call`, `admin` or `intent`). */
  kind?: AuditKind;
  /** Only records made through this surface (`mcp`, `http`, `cli`, `flow`, …). */
  surface?: string;
  /** Only records at or after this ISO time. */
  since?: string;
  /** Only records before this ISO time. */
  until?: string;
  /** Page size (default 50, at most 1000). */
  limit?: number;
  /** Continue after this cursor (from a previous page's `nextCursor`). */
  cursor?: string;
  /** `desc` (newest first, default) or `asc`. */
  order?: 'asc' | 'desc';
}

/** One page of audit records. */
export interface AuditPage {
  records: AuditRecord[];
  /** Present when more records match. */
  nextCursor?: string;
}

/** The last record of the chain, kept separately so deleting the newest records is detected. */
export interface AuditHead {
  seq: number;
  hash: string;
}

/** One master key version (mirrors the vault's `MasterKeyVersion`). */
export interface MasterKeyRow {
  version: number;
  keyId: string;
  status: 'active' | 'pending' | 'retired';
  createdAt: string;
  activatedAt?: string | null;
  retiredAt?: string | null;
  rewrapped: number;
  total: number;
}

/** The database connection behind a store (see `Store.connection`). */
export type StoreConnection = { kind: 'sqlite'; database: DatabaseSync } | { kind: 'postgres'; sql: Sql };

/** How an audit record is appended. */
export interface AppendAuditOptions {
  /**
   * Whether `appendAudit` waits until the record is flushed to disk (default true). False for the record of a
   * call that changed nothing at HeyGen: it is committed before `appendAudit` returns (every process sees it, a
   * gateway crash cannot lose it), but Postgres may flush it a fraction of a second later, so a database or OS
   * crash in that window can lose it — as SQLite's default `synchronous=NORMAL` can (ADRs 0005, 0060).
   */
  flush?: boolean;
  /**
   * Appends the record only if no persona or account change was committed since the change counter stood at
   * this value (`RememberedReads.asOf`); otherwise nothing is appended and `appendAudit` rejects with
   * `StaleReadsError`, so the call runs again on fresh reads (ADR 0062). Stores without `rememberedReads` never
   * get it.
   */
  readsAsOf?: number;
}

/** Reads this process remembers, all as of one value of the change counter (ADR 0062). */
export interface RememberedReads {
  reads: StoreReads;
  /** The counter they belong to: pass it as `AppendAuditOptions.readsAsOf` to check them at the append. */
  asOf: number;
}

/** The reads every call makes before it is sent: who the persona is and which accounts exist. */
export type StoreReads = Pick<Store, 'getPersona' | 'getPersonaByTokenHash' | 'listAccounts' | 'getAccount'>;

/** Persistence of accounts, personas, audit and vault metadata. */
export interface Store {
  /** `sqlite` or `postgres`. */
  readonly kind: 'sqlite' | 'postgres';
  /** Where the data lives (file path, or the database URL without password). */
  readonly location: string;
  /**
   * The open connection, for gateway parts that keep their own tables in this database (the router's
   * idempotency ledger and credit budgets, issue 7 — tables created by the migrations above).
   */
  readonly connection?: StoreConnection;

  listAccounts(): Promise<AccountRow[]>;
  getAccount(name: string): Promise<AccountRow | undefined>;
  /** Adds an account; throws `StoreConflictError` when the name exists. */
  insertAccount(row: AccountRow): Promise<void>;
  /** Updates fields; false when the account does not exist. */
  updateAccount(name: string, patch: AccountPatch, updatedAt: string): Promise<boolean>;
  /**
   * Replaces the sealed key only if it still equals `expected` (compare-and-swap, so a concurrent rotation
   * is never overwritten); false otherwise.
   */
  replaceAccountKey(
    name: string,
    expected: string,
    keyRecord: string,
    patch: AccountPatch,
    updatedAt: string,
  ): Promise<boolean>;
  deleteAccount(name: string): Promise<boolean>;

  insertPersona(row: PersonaRow): Promise<void>;
  getPersona(id: string): Promise<PersonaRow | undefined>;
  getPersonaByName(name: string): Promise<PersonaRow | undefined>;
  /** The persona whose current token — or previous token, during a rotation's grace period — has this hash. */
  getPersonaByTokenHash(tokenHash: string): Promise<PersonaRow | undefined>;
  listPersonas(): Promise<PersonaRow[]>;
  /** Updates fields and returns the new row; undefined when it does not exist. */
  updatePersona(id: string, patch: PersonaPatch, updatedAt: string): Promise<PersonaRow | undefined>;

  /**
   * The persona and account reads of one call, reflecting every change committed before `freshReads` was
   * called, in this process or another (ADR 0060). Postgres serves them from this process's memory after one
   * read of a change counter that every persona and account change moves; stores without it are read directly.
   */
  freshReads?(): Promise<StoreReads>;
  /**
   * The reads this process remembers, without a round trip: possibly stale, so a call using them appends its
   * record with `readsAsOf` (checked in the same statement) and runs again on `freshReads` when they were
   * (ADR 0062). Undefined until a `freshReads` has read the counter.
   */
  rememberedReads?(): RememberedReads | undefined;

  /** Appends a record to the hash chain atomically and durably; returns it with seq and hashes. */
  appendAudit(entry: AuditEntry, options?: AppendAuditOptions): Promise<AuditRecord>;
  queryAudit(query: AuditQuery): Promise<AuditPage>;
  /** Records with `seq > afterSeq`, ascending (for chain verification). */
  scanAudit(afterSeq: number, limit: number): Promise<AuditRecord[]>;
  getAuditHead(): Promise<AuditHead | undefined>;

  listMasterKeys(): Promise<MasterKeyRow[]>;
  insertMasterKey(row: MasterKeyRow): Promise<void>;
  recordRotationProgress(version: number, rewrapped: number, total: number): Promise<void>;
  activateMasterKey(version: number, at: string): Promise<void>;

  getSecret(id: string): Promise<SecretRow | undefined>;
  /** Secrets whose id starts with `prefix` (all when empty), by id. */
  listSecrets(prefix?: string): Promise<SecretRow[]>;
  /** Inserts or replaces a secret. */
  putSecret(row: SecretRow): Promise<void>;
  /**
   * Replaces a secret's sealed value (and the patched fields) only if it still equals `expected`
   * (compare-and-swap, as `replaceAccountKey`); false otherwise.
   */
  replaceSecret(
    id: string,
    expected: string,
    sealed: string,
    patch: SecretPatch,
    updatedAt: string,
  ): Promise<boolean>;
  /** Deletes a secret (only if its sealed value still equals `expected`, when given); false when nothing was deleted. */
  deleteSecret(id: string, expected?: string): Promise<boolean>;

  /** A setting (rotation policies, the registered OAuth client): its value, a JSON text. */
  getSetting(key: string): Promise<string | undefined>;
  /** Settings whose key starts with `prefix`. */
  listSettings(prefix: string): Promise<{ key: string; value: string }[]>;
  putSetting(key: string, value: string, updatedAt: string): Promise<void>;
  deleteSetting(key: string): Promise<boolean>;

  /** Applied migration versions, ascending. */
  migrations(): Promise<number[]>;
  close(): Promise<void>;
}
