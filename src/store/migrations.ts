/**
 * Versioned schema migrations, one entry per version with the SQL for each store. Applied in order inside a
 * transaction and recorded in `schema_migrations (version, name, applied_at)`. Never edit a released
 * migration: add the next number.
 */
export interface Migration {
  /** 1, 2, 3… */
  version: number;
  /** Short name recorded with the version. */
  name: string;
  /** SQL for SQLite (several statements). */
  sqlite: string;
  /** SQL for Postgres (several statements). */
  postgres: string;
}

const genesis = '0'.repeat(64);

/** Every migration, ascending. */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'accounts-personas-audit-vault',
    sqlite: `
      CREATE TABLE accounts (
        name TEXT PRIMARY KEY,
        billing_pool TEXT NOT NULL CHECK (billing_pool IN ('api', 'plan')),
        base_url TEXT,
        key_record TEXT NOT NULL,
        last_verified_at TEXT,
        health TEXT NOT NULL DEFAULT 'unknown',
        health_detail TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE personas (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        token_hash TEXT NOT NULL UNIQUE,
        scopes TEXT NOT NULL,
        accounts TEXT NOT NULL,
        budget_credits REAL,
        budget_period TEXT,
        status TEXT NOT NULL CHECK (status IN ('active', 'revoked')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        revoked_at TEXT
      );
      CREATE TABLE audit (
        seq INTEGER PRIMARY KEY,
        time TEXT NOT NULL,
        user_name TEXT,
        persona_id TEXT,
        persona_name TEXT,
        surface TEXT NOT NULL,
        prompt TEXT,
        tool TEXT NOT NULL,
        account TEXT,
        fallback_from TEXT,
        arguments TEXT,
        response TEXT,
        error TEXT,
        outcome TEXT NOT NULL,
        request_id TEXT,
        latency_ms REAL NOT NULL,
        credits REAL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE INDEX audit_persona_id ON audit (persona_id, seq);
      CREATE INDEX audit_persona_name ON audit (persona_name, seq);
      CREATE INDEX audit_tool ON audit (tool, seq);
      CREATE INDEX audit_time ON audit (time);
      CREATE TABLE audit_head (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        seq INTEGER NOT NULL,
        hash TEXT NOT NULL
      );
      INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '${genesis}');
      CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
      CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
      CREATE TABLE vault_keys (
        version INTEGER PRIMARY KEY,
        key_id TEXT NOT NULL UNIQUE,
        status TEXT NOT NULL CHECK (status IN ('active', 'pending', 'retired')),
        created_at TEXT NOT NULL,
        activated_at TEXT,
        retired_at TEXT,
        rewrapped INTEGER NOT NULL DEFAULT 0,
        total INTEGER NOT NULL DEFAULT 0
      );
    `,
    postgres: `
      CREATE TABLE accounts (
        name text PRIMARY KEY,
        billing_pool text NOT NULL CHECK (billing_pool IN ('api', 'plan')),
        base_url text,
        key_record text NOT NULL,
        last_verified_at timestamptz,
        health text NOT NULL DEFAULT 'unknown',
        health_detail text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      );
      CREATE TABLE personas (
        id text PRIMARY KEY,
        name text NOT NULL UNIQUE,
        token_hash text NOT NULL UNIQUE,
        scopes jsonb NOT NULL,
        accounts jsonb NOT NULL,
        budget_credits double precision,
        budget_period text,
        status text NOT NULL CHECK (status IN ('active', 'revoked')),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        revoked_at timestamptz
      );
      CREATE TABLE audit (
        seq bigint PRIMARY KEY,
        time timestamptz NOT NULL,
        user_name text,
        persona_id text,
        persona_name text,
        surface text NOT NULL,
        prompt text,
        tool text NOT NULL,
        account text,
        fallback_from text,
        arguments text,
        response text,
        error text,
        outcome text NOT NULL,
        request_id text,
        latency_ms double precision NOT NULL,
        credits double precision,
        prev_hash text NOT NULL,
        hash text NOT NULL
      );
      CREATE INDEX audit_persona_id ON audit (persona_id, seq);
      CREATE INDEX audit_persona_name ON audit (persona_name, seq);
      CREATE INDEX audit_tool ON audit (tool, seq);
      CREATE INDEX audit_time ON audit (time);
      CREATE TABLE audit_head (
        id integer PRIMARY KEY CHECK (id = 1),
        seq bigint NOT NULL,
        hash text NOT NULL
      );
      INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '${genesis}');
      CREATE FUNCTION heygate_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit records are append-only'; END
      $$;
      CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit
        FOR EACH ROW EXECUTE FUNCTION heygate_audit_append_only();
      CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
        FOR EACH STATEMENT EXECUTE FUNCTION heygate_audit_append_only();
      CREATE TABLE vault_keys (
        version integer PRIMARY KEY,
        key_id text NOT NULL UNIQUE,
        status text NOT NULL CHECK (status IN ('active', 'pending', 'retired')),
        created_at timestamptz NOT NULL,
        activated_at timestamptz,
        retired_at timestamptz,
        rewrapped integer NOT NULL DEFAULT 0,
        total integer NOT NULL DEFAULT 0
      );
    `,
  },
  {
    // Issue 7 (router): the idempotency ledger of paid creates and the credit budgets with their spend.
    // Times are epoch milliseconds of the router's clock; see src/store/router-store.ts.
    version: 2,
    name: 'router-ledger-budgets',
    sqlite: `
      CREATE TABLE router_ledger (
        key TEXT PRIMARY KEY,
        persona TEXT NOT NULL,
        tool TEXT NOT NULL,
        request_key TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'done', 'unknown')),
        owner TEXT NOT NULL,
        lease_until INTEGER NOT NULL,
        account TEXT,
        fallback_from TEXT,
        result TEXT,
        request_id TEXT,
        credits_charged REAL,
        attempts TEXT NOT NULL,
        revision INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX router_ledger_expires ON router_ledger (expires_at);
      CREATE TABLE router_budgets (
        scope TEXT NOT NULL CHECK (scope IN ('persona', 'account')),
        name TEXT NOT NULL,
        limit_credits REAL NOT NULL,
        period TEXT NOT NULL CHECK (period IN ('day', 'week', 'month')),
        PRIMARY KEY (scope, name)
      );
      CREATE TABLE router_usage (
        scope TEXT NOT NULL,
        name TEXT NOT NULL,
        period TEXT NOT NULL,
        period_start INTEGER NOT NULL,
        period_end INTEGER NOT NULL,
        spent REAL NOT NULL DEFAULT 0,
        reserved REAL NOT NULL DEFAULT 0,
        calls INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (scope, name, period, period_start)
      );
    `,
    postgres: `
      CREATE TABLE router_ledger (
        key text PRIMARY KEY,
        persona text NOT NULL,
        tool text NOT NULL,
        request_key text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'done', 'unknown')),
        owner text NOT NULL,
        lease_until bigint NOT NULL,
        account text,
        fallback_from text,
        result text,
        request_id text,
        credits_charged double precision,
        attempts text NOT NULL,
        revision integer NOT NULL,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL,
        expires_at bigint NOT NULL
      );
      CREATE INDEX router_ledger_expires ON router_ledger (expires_at);
      CREATE TABLE router_budgets (
        scope text NOT NULL CHECK (scope IN ('persona', 'account')),
        name text NOT NULL,
        limit_credits double precision NOT NULL,
        period text NOT NULL CHECK (period IN ('day', 'week', 'month')),
        PRIMARY KEY (scope, name)
      );
      CREATE TABLE router_usage (
        scope text NOT NULL,
        name text NOT NULL,
        period text NOT NULL,
        period_start bigint NOT NULL,
        period_end bigint NOT NULL,
        spent double precision NOT NULL DEFAULT 0,
        reserved double precision NOT NULL DEFAULT 0,
        calls integer NOT NULL DEFAULT 0,
        PRIMARY KEY (scope, name, period, period_start)
      );
    `,
  },
  {
    // Issue 7 (routing visible in audit): the router's attempts and whether a create was replayed from the
    // idempotency ledger or reconciled by lookup, as JSON. Additive: old records keep NULL and their hashes.
    version: 3,
    name: 'audit-routing',
    sqlite: `
      ALTER TABLE audit ADD COLUMN routing TEXT;
    `,
    postgres: `
      ALTER TABLE audit ADD COLUMN routing text;
    `,
  },
  {
    // Admin actions in the same chain, and the context and USD cost of a call: `kind` says whether a record is a
    // tool call or an admin action, `context` ties a call to a flow run or an MCP task (JSON), `cost_usd` is the
    // call's cost in US dollars. Additive: old records keep the defaults and their version-1/2 hashes.
    version: 4,
    name: 'audit-kind-context-cost',
    sqlite: `
      ALTER TABLE audit ADD COLUMN kind TEXT NOT NULL DEFAULT 'call';
      ALTER TABLE audit ADD COLUMN context TEXT;
      ALTER TABLE audit ADD COLUMN cost_usd REAL;
      CREATE INDEX audit_kind ON audit (kind, seq);
    `,
    postgres: `
      ALTER TABLE audit ADD COLUMN kind text NOT NULL DEFAULT 'call';
      ALTER TABLE audit ADD COLUMN context text;
      ALTER TABLE audit ADD COLUMN cost_usd double precision;
      CREATE INDEX audit_kind ON audit (kind, seq);
    `,
  },
  {
    // Issue 12 (MCP tasks): one row per task an MCP client started, so a task survives a restart and any gateway
    // process on the same Postgres answers tasks/get. `owner` binds it to the persona (or `operator`) that made
    // it; `runner`/`heartbeat_at` say which process follows the job, so another can take over a silent one.
    version: 5,
    name: 'mcp-tasks',
    sqlite: `
      CREATE TABLE mcp_tasks (
        task_id TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        tool TEXT NOT NULL,
        arguments TEXT NOT NULL,
        status TEXT NOT NULL,
        status_message TEXT,
        account TEXT,
        job_kind TEXT,
        job_ids TEXT,
        result TEXT,
        runner TEXT,
        heartbeat_at TEXT,
        ttl_ms INTEGER,
        poll_interval_ms INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        expires_at TEXT
      );
      CREATE INDEX mcp_tasks_owner ON mcp_tasks (owner, created_at);
      CREATE INDEX mcp_tasks_job ON mcp_tasks (account, job_kind);
    `,
    postgres: `
      CREATE TABLE mcp_tasks (
        task_id text PRIMARY KEY,
        owner text NOT NULL,
        tool text NOT NULL,
        arguments text NOT NULL,
        status text NOT NULL,
        status_message text,
        account text,
        job_kind text,
        job_ids text,
        result text,
        runner text,
        heartbeat_at text,
        ttl_ms bigint,
        poll_interval_ms integer NOT NULL,
        created_at text NOT NULL,
        updated_at text NOT NULL,
        expires_at text
      );
      CREATE INDEX mcp_tasks_owner ON mcp_tasks (owner, created_at);
      CREATE INDEX mcp_tasks_job ON mcp_tasks (account, job_kind);
    `,
  },
  {
    // Money in US dollars (HeyGen bills API keys from a USD wallet): persona and account budgets and the
    // ledger's booked cost were "credits" converted 1:1 from the USD estimates (the router's only rate, never
    // configurable), so the values are already dollars and only the names change. HeyGen-reported credits
    // keep their own audit column (`credits`); `cost_usd` (migration 4) holds the spend.
    version: 6,
    name: 'budgets-in-usd',
    sqlite: `
      ALTER TABLE personas RENAME COLUMN budget_credits TO budget_usd;
      ALTER TABLE router_budgets RENAME COLUMN limit_credits TO limit_usd;
      ALTER TABLE router_ledger RENAME COLUMN credits_charged TO cost_usd;
    `,
    postgres: `
      ALTER TABLE personas RENAME COLUMN budget_credits TO budget_usd;
      ALTER TABLE router_budgets RENAME COLUMN limit_credits TO limit_usd;
      ALTER TABLE router_ledger RENAME COLUMN credits_charged TO cost_usd;
    `,
  },
  {
    // Issue 14 (accounts): OAuth connections next to API keys, credential expiry and rotation times, persona token
    // expiry with a grace period for the previous token, sealed secrets that are not an account's main key
    // (webhook signing secrets, API keys awaiting verification, pending OAuth authorizations), and settings
    // (rotation policies, the dynamically registered OAuth client). Additive: existing rows keep API keys.
    version: 7,
    name: 'accounts-oauth-rotation-secrets',
    sqlite: `
      ALTER TABLE accounts ADD COLUMN auth_kind TEXT NOT NULL DEFAULT 'api_key'
        CHECK (auth_kind IN ('api_key', 'oauth'));
      ALTER TABLE accounts ADD COLUMN credential_expires_at TEXT;
      ALTER TABLE accounts ADD COLUMN credential_rotated_at TEXT;
      ALTER TABLE accounts ADD COLUMN oauth_client_id TEXT;
      ALTER TABLE accounts ADD COLUMN identity TEXT;
      ALTER TABLE personas ADD COLUMN token_expires_at TEXT;
      ALTER TABLE personas ADD COLUMN token_ttl_ms INTEGER;
      ALTER TABLE personas ADD COLUMN previous_token_hash TEXT;
      ALTER TABLE personas ADD COLUMN previous_token_expires_at TEXT;
      CREATE INDEX personas_previous_token_hash ON personas (previous_token_hash);
      CREATE TABLE secrets (
        id TEXT PRIMARY KEY,
        sealed TEXT NOT NULL,
        meta TEXT,
        expires_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `,
    postgres: `
      ALTER TABLE accounts ADD COLUMN auth_kind text NOT NULL DEFAULT 'api_key'
        CHECK (auth_kind IN ('api_key', 'oauth'));
      ALTER TABLE accounts ADD COLUMN credential_expires_at timestamptz;
      ALTER TABLE accounts ADD COLUMN credential_rotated_at timestamptz;
      ALTER TABLE accounts ADD COLUMN oauth_client_id text;
      ALTER TABLE accounts ADD COLUMN identity text;
      ALTER TABLE personas ADD COLUMN token_expires_at timestamptz;
      ALTER TABLE personas ADD COLUMN token_ttl_ms bigint;
      ALTER TABLE personas ADD COLUMN previous_token_hash text;
      ALTER TABLE personas ADD COLUMN previous_token_expires_at timestamptz;
      CREATE INDEX personas_previous_token_hash ON personas (previous_token_hash);
      CREATE TABLE secrets (
        id text PRIMARY KEY,
        sealed text NOT NULL,
        meta text,
        expires_at timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      );
      CREATE TABLE settings (
        key text PRIMARY KEY,
        value text NOT NULL,
        updated_at timestamptz NOT NULL
      );
    `,
  },
  {
    // Issue 15 (flows): flow definitions, durable runs and their steps, and connections to other MCP servers
    // (secrets sealed by the vault). Times are ISO strings except the run lease (epoch ms, compared on claim).
    version: 8,
    name: 'flows',
    sqlite: `
      CREATE TABLE flows (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        definition TEXT NOT NULL,
        persona_id TEXT,
        enabled INTEGER NOT NULL,
        version INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE flow_runs (
        id TEXT PRIMARY KEY,
        flow_id TEXT NOT NULL,
        flow_name TEXT NOT NULL,
        flow_version INTEGER NOT NULL,
        definition TEXT NOT NULL,
        persona_id TEXT,
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
        trigger TEXT NOT NULL,
        dedupe_key TEXT UNIQUE,
        owner TEXT,
        lease_until INTEGER NOT NULL DEFAULT 0,
        claims INTEGER NOT NULL DEFAULT 0,
        cancel_requested INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        credits REAL NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX flow_runs_flow ON flow_runs (flow_id, created_at);
      CREATE INDEX flow_runs_status ON flow_runs (status, lease_until);
      CREATE TABLE flow_steps (
        run_id TEXT NOT NULL,
        key TEXT NOT NULL,
        step_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        seq INTEGER NOT NULL,
        status TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        input TEXT,
        output TEXT,
        error TEXT,
        state TEXT,
        credits REAL,
        started_at TEXT,
        finished_at TEXT,
        duration_ms REAL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (run_id, key)
      );
      CREATE TABLE flow_connections (
        name TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('stdio', 'http')),
        config TEXT NOT NULL,
        secret_record TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `,
    postgres: `
      CREATE TABLE flows (
        id text PRIMARY KEY,
        name text NOT NULL UNIQUE,
        definition text NOT NULL,
        persona_id text,
        enabled boolean NOT NULL,
        version integer NOT NULL,
        created_by text NOT NULL,
        created_at text NOT NULL,
        updated_at text NOT NULL
      );
      CREATE TABLE flow_runs (
        id text PRIMARY KEY,
        flow_id text NOT NULL,
        flow_name text NOT NULL,
        flow_version integer NOT NULL,
        definition text NOT NULL,
        persona_id text,
        status text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
        trigger text NOT NULL,
        dedupe_key text UNIQUE,
        owner text,
        lease_until bigint NOT NULL DEFAULT 0,
        claims integer NOT NULL DEFAULT 0,
        cancel_requested boolean NOT NULL DEFAULT false,
        error text,
        credits double precision NOT NULL DEFAULT 0,
        created_at text NOT NULL,
        started_at text,
        finished_at text,
        updated_at text NOT NULL
      );
      CREATE INDEX flow_runs_flow ON flow_runs (flow_id, created_at);
      CREATE INDEX flow_runs_status ON flow_runs (status, lease_until);
      CREATE TABLE flow_steps (
        run_id text NOT NULL,
        key text NOT NULL,
        step_id text NOT NULL,
        kind text NOT NULL,
        seq integer NOT NULL,
        status text NOT NULL,
        attempt integer NOT NULL,
        input text,
        output text,
        error text,
        state text,
        credits double precision,
        started_at text,
        finished_at text,
        duration_ms double precision,
        updated_at text NOT NULL,
        PRIMARY KEY (run_id, key)
      );
      CREATE TABLE flow_connections (
        name text PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('stdio', 'http')),
        config text NOT NULL,
        secret_record text,
        created_at text NOT NULL,
        updated_at text NOT NULL
      );
    `,
  },
  {
    // ADR 0060: a change counter that every change to personas or accounts moves in the same transaction (a
    // statement trigger, so no code path can forget it). Gateway processes on Postgres keep those rows in memory
    // and read only this counter before each call. SQLite reads its rows in process and needs none.
    version: 9,
    name: 'persona-account-change-counter',
    sqlite: `
      -- Postgres only (ADR 0060).
    `,
    postgres: `
      CREATE TABLE store_changes (id integer PRIMARY KEY CHECK (id = 1), counter bigint NOT NULL);
      INSERT INTO store_changes (id, counter) VALUES (1, 0);
      CREATE FUNCTION store_changes_bump() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          UPDATE store_changes SET counter = counter + 1 WHERE id = 1;
          RETURN NULL;
        END $$;
      CREATE TRIGGER personas_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON personas
        FOR EACH STATEMENT EXECUTE FUNCTION store_changes_bump();
      CREATE TRIGGER accounts_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON accounts
        FOR EACH STATEMENT EXECUTE FUNCTION store_changes_bump();
    `,
  },
  {
    // Issue 16 (web console): every HeyGen job any surface started (`jobs`: its last known status, progress and
    // outcome, so the console lists jobs in flight after a restart and from any process), and the console's
    // sign-in sessions (`console_sessions`: the SHA-256 of the cookie's session id, never the id itself, with
    // the admin persona and the SHA-256 of its token; expired rows are swept). See ADR 0059.
    version: 10,
    name: 'jobs-console-sessions',
    sqlite: `
      CREATE TABLE jobs (
        account TEXT NOT NULL,
        kind TEXT NOT NULL,
        job_id TEXT NOT NULL,
        tool TEXT NOT NULL,
        persona_id TEXT,
        persona_name TEXT,
        surface TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('running', 'completed', 'failed')),
        status TEXT,
        progress REAL,
        message TEXT,
        result TEXT,
        error TEXT,
        started_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        finished_at TEXT,
        PRIMARY KEY (account, kind, job_id)
      );
      CREATE INDEX jobs_started ON jobs (started_at);
      CREATE TABLE console_sessions (
        id_hash TEXT PRIMARY KEY,
        identity TEXT NOT NULL,
        created_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX console_sessions_expires ON console_sessions (expires_at);
    `,
    postgres: `
      CREATE TABLE jobs (
        account text NOT NULL,
        kind text NOT NULL,
        job_id text NOT NULL,
        tool text NOT NULL,
        persona_id text,
        persona_name text,
        surface text NOT NULL,
        state text NOT NULL CHECK (state IN ('running', 'completed', 'failed')),
        status text,
        progress double precision,
        message text,
        result text,
        error text,
        started_at text NOT NULL,
        updated_at text NOT NULL,
        finished_at text,
        PRIMARY KEY (account, kind, job_id)
      );
      CREATE INDEX jobs_started ON jobs (started_at);
      CREATE TABLE console_sessions (
        id_hash text PRIMARY KEY,
        identity text NOT NULL,
        created_at text NOT NULL,
        last_seen_at text NOT NULL,
        expires_at text NOT NULL
      );
      CREATE INDEX console_sessions_expires ON console_sessions (expires_at);
    `,
  },
];
