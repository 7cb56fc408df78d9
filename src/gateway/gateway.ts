import type { ToolDefinition } from '../catalog/define-tool.ts';
import { HeyGateError, InvalidInputError, UnknownToolError } from '../catalog/errors.ts';
import { catalog as defaultCatalog, getTool } from '../catalog/index.ts';
import { estimateCostUsd } from '../catalog/estimate-cost.ts';
import { shippedPrices, type PriceTable } from '../catalog/price-table.ts';
import { parseInput } from '../catalog/validate.ts';
import { createHeyGenClient } from '../heygen/client.ts';
import { createOAuthClient } from '../heygen/oauth-client.ts';
import type {
  AuditEntry,
  AuditOutcome,
  AuditPage,
  AuditQuery,
  PersonaRow,
  RememberedReads,
  Store,
  StoreReads,
} from '../store/store.ts';
import { StaleReadsError } from '../store/errors.ts';
import { verifyAuditChain } from '../store/verify-audit-chain.ts';
import type { AuditChainReport } from '../store/verify-audit-chain.ts';
import type { Vault } from '../vault/vault.ts';
import { createAccountManager } from './account-manager.ts';
import { createAdminAudit } from './admin-audit.ts';
import type { AdminAudit } from './admin-audit.ts';
import { quietObserver, type CallNote, type CallObserver } from './call-observer.ts';
import { createCredentialRotation } from './credential-rotation.ts';
import type { CredentialRotation } from './credential-rotation.ts';
import { createOAuthFlows } from './oauth-flows.ts';
import type { OAuthFlows } from './oauth-flows.ts';
import { createWebhookManager } from './webhook-manager.ts';
import type { WebhookManager } from './webhook-manager.ts';
import type { AccountManager, ClientFactory, VirtualAccount } from './account-manager.ts';
import type { GatewayRouter } from './default-router.ts';
import { auditedFieldIssues, auditLimits, auditText } from './audit-bounds.ts';
import { AuditWriteError, PersonaAuthError, ScopeDeniedError } from './errors.ts';
import { waitForJob } from './wait-for-job.ts';
import { createJobTracker, type JobTracker } from './job-tracker.ts';
import { getPath } from '../catalog/get-path.ts';
import type { HealthStatus } from './router/account-health.ts';
import { createPersonaManager } from './persona-manager.ts';
import { hashPersonaToken } from './persona-token.ts';
import type { Persona, PersonaManager } from './persona-manager.ts';
import { auditJson } from './redact-for-audit.ts';
import { createGatewayRouter } from './router/create-gateway-router.ts';
import type { RouteBeforeSend, RouteResult, RouteSend, RouteSendOptions } from './router/create-router.ts';
import { routingAuditJson } from './routing-audit-json.ts';
import { routingReport } from './routing-report.ts';
import { toToolError } from './tool-error.ts';
import type {
  ExecuteRequest,
  ExecuteResult,
  Executor,
  Progress,
  RoutingReport,
  ToolErrorData,
} from './types.ts';

/** What a router factory gets: the gateway's account list, tools, store and prices. */
export interface GatewayRouterContext {
  /** Every account in default order (`default` first). */
  accounts: () => Promise<string[]>;
  tools: readonly ToolDefinition[];
  store: Store;
  /** The prices in force (estimates, budgets and spend in US dollars). */
  prices: () => PriceTable;
}

/** How the gateway reaches HeyGen's OAuth endpoints (issue 14, ADR 0030). */
export interface GatewayOAuthOptions {
  /** The fetch for the OAuth endpoints (tests pass the emulator's). Default the global one. */
  fetch?: typeof globalThis.fetch;
  /** Environment with the host variables (`HEYGEN_BASE_URL`, `HEYGEN_APP_BASE_URL`, `HEYGEN_OAUTH_BASE_URL`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** One origin for every HeyGen host of accounts that store none (the sandbox emulator). */
  baseUrl?: string;
  /** Client id HeyGen issued (`HEYGATE_OAUTH_CLIENT_ID`); without one heygate registers a client dynamically. */
  clientId?: string;
  /** Scopes to ask for (`HEYGATE_OAUTH_SCOPE`); default none. */
  scope?: string;
  /** How long a started connection can be completed (default 10 minutes). */
  flowTtlMs?: number;
}

/** Options of {@link createGateway}. */
export interface GatewayOptions {
  /** Accounts, personas, audit log (SQLite or Postgres). */
  store: Store;
  /** Seals account keys (see `openVault`). */
  vault: Vault;
  /**
   * Builds the HeyGen client of an account from its decrypted key. Default `createHeyGenClient({ apiKey,
   * baseUrl })`. Tests and the sandbox pass one that uses the emulator's in-process `fetch`.
   */
  clientFactory?: ClientFactory;
  /** The virtual `default` account (`HEYGEN_API_KEY`, or the sandbox emulator's key) when none is stored. */
  defaultAccount?: VirtualAccount;
  /**
   * The routing seam (see default-router.ts): a router, or a factory given the gateway's accounts. Default:
   * the full router (router/create-gateway-router.ts: cooldowns, fallback, idempotency ledger and budgets in
   * this store, cooldowns shared through Redis when `HEYGATE_REDIS_URL` is set); `createDefaultRouter` is the
   * one-account, one-attempt alternative.
   */
  router?: GatewayRouter | ((context: GatewayRouterContext) => GatewayRouter);
  /** Time source for audit timestamps (default `Date.now`). */
  clock?: { now(): number };
  /**
   * When the audit record of a call cannot be written: `true` (default) withholds the result and throws
   * `AuditWriteError`; `false` returns the result and reports the failure to `onAuditError`.
   */
  auditFailClosed?: boolean;
  /** Told about audit write failures (both modes). */
  onAuditError?: (error: unknown) => void;
  /** The tools (default: the whole catalog). */
  catalog?: readonly ToolDefinition[];
  /** Size cap of an audited argument or response in bytes (default 64 KiB). */
  auditCapBytes?: number;
  /** `user` recorded for operator calls that name no end user (default `operator`). */
  operatorName?: string;
  /**
   * Whether a call without a persona acts as the local operator (default true: CLI and library use). Servers
   * reachable by agents set it false, so a request that forgot its bearer token is refused
   * (`unauthenticated`), never promoted to operator.
   */
  allowOperator?: boolean;
  /** Close the store when the gateway closes (default false: the caller owns it). */
  ownsStore?: boolean;
  /**
   * The prices in force, read on every costed call: the shipped HeyGen prices plus the operator's overrides
   * (`openGateway` reads `$HEYGATE_HOME/pricing.json`). Default: the shipped table.
   */
  prices?: () => PriceTable;
  /** OAuth connections: hosts, client id, scopes (default: HeyGen's hosts from `process.env`). */
  oauth?: GatewayOAuthOptions;
  /** Logs, metrics and traces around each call, its routing and its HeyGen requests (default none). */
  observer?: CallObserver;
}

/** The full executor: personas, scopes, accounts, routing and audit around the HeyGen client. */
export interface Gateway extends Executor {
  readonly store: Store;
  readonly vault: Vault;
  readonly personas: PersonaManager;
  readonly accounts: AccountManager;
  readonly tools: readonly ToolDefinition[];
  /** The router in use (cooldown and circuit state for status displays and metrics, when it keeps any). */
  readonly router: GatewayRouter;
  /**
   * Resolves a caller once (surfaces with sessions, e.g. MCP HTTP, then pass `personaId`; every `execute`
   * re-checks it). Returns undefined for the operator; throws `PersonaAuthError`/`PersonaRevokedError`.
   */
  authenticate(caller: {
    personaToken?: string;
    personaTokenHash?: string;
    personaId?: string;
  }): Promise<Persona | undefined>;
  /** Audit records, newest first by default, paginated by cursor. */
  queryAudit(query: AuditQuery): Promise<AuditPage>;
  /** Recomputes the audit hash chain. */
  verifyAudit(): Promise<AuditChainReport>;
  /**
   * Ends the poll back-off of every wait for job `kind`/`id` on `account`'s client so it polls now (the
   * webhook receiver calls it after verifying an event). Never builds a client: an account without one has
   * no waits. Returns true when a wait was in progress.
   */
  wakeJob(account: string, kind: string, id: string): boolean;
  /**
   * Calls `listener` on every `wakeJob` (after the account's waits are woken), e.g. so MCP tasks whose job runs
   * in no wait of this process finish now (issue 12). Returns the function that removes it.
   */
  onJobWake(listener: JobWakeListener): () => void;
  /** OAuth connections: start (authorize URL) and complete (callback) for the CLI and `heygate serve`. */
  readonly oauth: OAuthFlows;
  /** Per-account webhook endpoints at HeyGen and their signing secrets (the receiver reads them). */
  readonly webhooks: WebhookManager;
  /** Rotation schedules, what is due, and the background work that keeps credentials fresh. */
  readonly rotation: CredentialRotation;
  /** Records admin actions in the audit chain (for surfaces with changes of their own, such as the console). */
  readonly adminAudit: AdminAudit;
  /** Every HeyGen job any surface started, with its last known status, progress and outcome (in the store). */
  readonly jobs: Pick<JobTracker, 'list' | 'get'>;
  /**
   * The router's cooldowns and circuit breakers per account and operation class, with their last problem (read
   * only; empty when the router keeps none, e.g. `createDefaultRouter`).
   */
  accountHealth(): Promise<readonly HealthStatus[]>;
  close(): Promise<void>;
}

/** Told about a verified event for job `kind`/`id` on `account` (see `Gateway.onJobWake`). */
export type JobWakeListener = (account: string, kind: string, id: string) => void;
/** HeyGen's request id and what a call cost: reported credits, and US dollars spent. */
interface CallCost {
  requestId?: string;
  /** Credits HeyGen reported charging (none of its v3 answers does today). */
  credits?: number;
  costUsd?: number;
}

/**
 * The call's cost in US dollars for the result and the audit record: the router's booked spend, else (a
 * router that keeps no books) the catalog's estimate for a costed tool.
 */
function costOf(tool: ToolDefinition, input: unknown, booked: number | undefined, prices: PriceTable) {
  if (booked !== undefined) return { costUsd: booked };
  return tool.cost ? { costUsd: estimateCostUsd(tool, input, prices) } : {};
}

/** Rounds milliseconds to microseconds (stable in every store's float column). */
function roundMs(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function outcomeOf(error: ToolErrorData): AuditOutcome {
  if (error.code === 'rate_limited' || error.status === 429) return 'rate_limited';
  if (
    error.code === 'budget_exceeded' ||
    error.code === 'account_not_allowed' ||
    error.code === 'scope_denied'
  )
    return 'denied';
  return 'error';
}

/**
 * Creates the gateway (DESIGN.md "The one path every call takes"). Each `execute()`:
 *
 * 1. authenticates the persona (token or session persona id, read on every call through the store's fresh
 *    reads — a persona revoked in any process is refused on its next call, ADR 0060), or acts as the operator
 *    when none is given;
 * 2. checks the persona's scopes and allowed accounts — a denied call is audited as `denied` and throws
 *    `ScopeDeniedError` before anything is sent to HeyGen;
 * 3. validates the input (an invalid call is audited and returned as `invalid_input` naming the field);
 * 4. routes it (the router picks the account and sends through that account's cached client; the key is
 *    decrypted in memory only);
 * 5. waits for the job when `wait` is asked;
 * 6. appends the audit record — if that fails the call fails closed — and returns the result.
 */
export function createGateway(options: GatewayOptions): Gateway {
  const { store, vault } = options;
  const clock = options.clock ?? Date;
  const tools = options.catalog ?? defaultCatalog;
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  const failClosed = options.auditFailClosed ?? true;
  const operatorName = options.operatorName ?? 'operator';
  const clientFactory: ClientFactory =
    options.clientFactory ??
    ((account) =>
      createHeyGenClient({
        apiKey: account.apiKey,
        credentials: account.credentials,
        ...(account.baseUrl ? { baseUrl: account.baseUrl } : {}),
        tools,
        // The router owns 429s (cooldown, fallback, the caller's wait budget; ADR 0008).
        retry: { maxRetryAfterMs: 0 },
      }));

  const adminAudit = createAdminAudit({
    store,
    clock,
    operatorName,
    secrets: () => accounts.knownSecrets(),
    failClosed,
    ...(options.onAuditError ? { onAuditError: options.onAuditError } : {}),
  });
  const oauthSettings = options.oauth ?? {};
  const oauthClient = (baseUrl: string | null) =>
    createOAuthClient({
      baseUrl: baseUrl ?? oauthSettings.baseUrl ?? null,
      ...(oauthSettings.env ? { env: oauthSettings.env } : {}),
      ...(oauthSettings.fetch ? { fetch: oauthSettings.fetch } : {}),
      clock,
    });
  const personas = createPersonaManager({ store, tools, clock, audit: adminAudit });
  const accounts = createAccountManager({
    store,
    vault,
    clientFactory,
    clock,
    audit: adminAudit,
    oauthClient,
    // Removing an account removes its webhook endpoint at HeyGen first (while the credential still works).
    beforeRemove: (name, removal, actor) => webhooks.remove(name, removal, actor),
    ...(options.defaultAccount ? { defaultAccount: options.defaultAccount } : {}),
  });
  const prices = options.prices ?? (() => shippedPrices);
  const routerContext: GatewayRouterContext = { accounts: () => accounts.names(), tools, store, prices };
  const router: GatewayRouter =
    typeof options.router === 'function'
      ? options.router(routerContext)
      : (options.router ?? createGatewayRouter({ ...routerContext, clock }));

  const jobs = createJobTracker({
    store,
    tools,
    json: (value) => auditJson(value, { secrets: accounts.knownSecrets() }),
    clock,
  });

  /** Who started a job, for its row in the job list. */
  function starterOf(request: ExecuteRequest, call: CallRecord, tool: ToolDefinition, account: string) {
    const persona = call.persona ? { id: call.persona.id, name: call.persona.name } : undefined;
    return { tool, account, surface: request.surface ?? '', persona };
  }

  /** The progress callback of a send: a wait tool's reports also update its job's row. */
  function progressOf(request: ExecuteRequest, account: string, tool: ToolDefinition, input: unknown) {
    const implementation = tool.implementation;
    const jobId = implementation.kind === 'wait' ? getPath(input, implementation.job.idField) : undefined;
    if (typeof jobId !== 'string' || implementation.kind !== 'wait') {
      return request.onProgress ? { onProgress: request.onProgress } : {};
    }
    const ref = { account, kind: implementation.job.kind, jobId, job: implementation.job };
    return {
      onProgress: (progress: Progress) => {
        request.onProgress?.(progress);
        jobs.progress([ref], progress, clock.now());
      },
    };
  }

  const wakeListeners = new Set<JobWakeListener>();
  /** Reads as fresh as the call: every persona or account change committed before it is seen (ADR 0060). */
  const freshReads = (): Promise<StoreReads> => store.freshReads?.() ?? Promise.resolve(store);
  const observer = options.observer ?? quietObserver;

  function findTool(name: string): ToolDefinition {
    const tool = byName.get(name);
    if (tool) return tool;
    // The catalog's lookup suggests close names; a custom tool list gets a plain error.
    if (!options.catalog) return getTool(name);
    throw new UnknownToolError(name);
  }

  /**
   * Reads remembered by this process for a call that only reads from HeyGen (ADR 0062): its record is appended
   * only if they were still current, otherwise the call runs again on fresh reads. Calls that wait or combine
   * several requests, or change anything, always start from fresh reads.
   */
  function rememberedReadsFor(request: ExecuteRequest): RememberedReads | undefined {
    const tool = byName.get(request.tool);
    if (tool?.access !== 'read' || tool.implementation.kind !== 'http' || request.wait) return undefined;
    return store.rememberedReads?.();
  }

  /** Everything recorded about one call, filled in as the pipeline goes. */
  interface CallRecord {
    started: number;
    /** The call's persona and account reads (fresh as of the call's start, ADR 0060, or remembered, ADR 0062). */
    reads: StoreReads;
    /** For remembered reads: the change counter they belong to, checked when the record is appended. */
    readsAsOf?: number;
    /** Set on the second run of a call whose remembered reads had changed; noted in its record. */
    rerun?: boolean;
    /** Accounts whose key HeyGen refused (401) during a run on remembered reads, marked after the append. */
    refusedKeys?: string[];
    time: string;
    persona?: PersonaRow;
    account?: string;
    fallbackFrom?: string;
    /** The router's attempts and replay/reconcile flags (result and audit). */
    routing?: RoutingReport;
    secrets: (string | undefined)[];
    /** The intent record, once the first state-changing send has been announced (see `announce`). */
    intent?: Promise<number | undefined>;
    /** Why the intent could not be written (fail-closed): nothing was sent, the call is refused. */
    intentError?: AuditWriteError;
    /** Undocumented fields and values HeyGen's answers had (each once per process). */
    warnings: string[];
  }

  /**
   * The audit entry of a call, every agent-controlled field bounded (audit-bounds.ts): a record can always be
   * written, whatever the agent sent.
   */
  function auditEntry(
    request: ExecuteRequest,
    call: CallRecord,
    outcome: AuditOutcome,
    result: { input?: unknown; data?: unknown; error?: ToolErrorData } & CallCost,
  ): AuditEntry {
    const cap = options.auditCapBytes === undefined ? {} : { capBytes: options.auditCapBytes };
    // Scrub every key this gateway holds, not only the one this call used: an agent may echo any of them.
    call.secrets.push(...accounts.knownSecrets());
    const json = (value: unknown) => auditJson(value, { ...cap, secrets: call.secrets });
    return {
      time: call.time,
      user: auditText(request.user, auditLimits.userChars) ?? (call.persona ? null : operatorName),
      personaId: call.persona?.id ?? null,
      personaName: call.persona?.name ?? null,
      surface: auditText(request.surface, auditLimits.nameChars) ?? '',
      prompt: auditText(request.prompt, auditLimits.promptChars),
      tool: auditText(String(request.tool), auditLimits.nameChars) ?? '',
      account: auditText(call.account ?? request.account, auditLimits.accountChars),
      fallbackFrom: call.fallbackFrom ?? null,
      arguments: json('input' in result ? result.input : request.input),
      response: result.data === undefined ? null : json(result.data),
      error: result.error ? json(result.error) : null,
      outcome,
      requestId: auditText(result.requestId, auditLimits.nameChars),
      latencyMs: roundMs(performance.now() - call.started),
      credits: result.credits ?? null,
      costUsd: result.costUsd ?? null,
      routing: call.routing ? routingAuditJson(call.routing) : null,
      ...(request.context ? { context: JSON.stringify(request.context) } : {}),
    };
  }

  /**
   * Appends an entry; a failure is reported and, failing closed, thrown as `AuditWriteError`. Remembered reads
   * that changed throw `StaleReadsError` (nothing appended: the call runs again).
   */
  async function append(entry: AuditEntry, flush = true, readsAsOf?: number): Promise<number | undefined> {
    try {
      return (await store.appendAudit(entry, { flush, ...(readsAsOf === undefined ? {} : { readsAsOf }) }))
        .seq;
    } catch (error) {
      if (error instanceof StaleReadsError) throw error;
      options.onAuditError?.(error);
      if (failClosed) throw new AuditWriteError(error);
      return undefined;
    }
  }

  async function writeAudit(
    request: ExecuteRequest,
    call: CallRecord,
    outcome: AuditOutcome,
    result: { data?: unknown; error?: ToolErrorData } & CallCost,
  ): Promise<void> {
    const entry = auditEntry(request, call, outcome, result);
    // The call's record names its intent, so `audit verify` can tell intents whose outcome was never recorded.
    const intent = call.intent ? await call.intent.catch(() => undefined) : undefined;
    if (intent !== undefined) withContext(entry, { intent });
    if (call.rerun) withContext(entry, { rerun: 'a persona or account changed during the first run' });
    // A call that sent nothing state-changing need not wait for the disk flush (ADR 0060); one that did, does.
    await append(entry, call.intent !== undefined, call.readsAsOf);
    for (const account of call.refusedKeys ?? []) await markUnauthorized(account);
  }

  /** HeyGen refused an account's key (401): its health says so until a check or a new key. */
  const markUnauthorized = (account: string): Promise<void> =>
    accounts.markHealth(account, 'unauthorized', 'authentication_failed').catch(() => {});

  /** Adds members to a record's `context` object, keeping what is already there (e.g. a flow step). */
  function withContext(entry: AuditEntry, members: Record<string, unknown>): void {
    const current = entry.context ? (JSON.parse(entry.context) as Record<string, unknown>) : {};
    entry.context = JSON.stringify({ ...current, ...members });
  }

  /**
   * Records what a state-changing call is about to send — tool, account, the arguments as sent (with the
   * router's reconciliation marker) and the Idempotency-Key — before the first such send, once per call
   * (ADR 0017). Whatever happens after the send (the store fails, the process is killed), the chain already
   * holds the paid call. Reads need none: a read whose record cannot be written is withheld, and it changed
   * nothing at HeyGen.
   */
  function announce(
    request: ExecuteRequest,
    call: CallRecord,
    account: string,
    tool: ToolDefinition,
    input: unknown,
    sendOptions: RouteSendOptions,
  ): Promise<number | undefined> {
    if (tool.access === 'read') return Promise.resolve(undefined);
    call.intent ??= (async () => {
      const entry = auditEntry(request, { ...call, account }, 'pending', { input });
      entry.kind = 'intent';
      // The key HeyGen sees (a composite tool's inner calls send `<key>-1`, `<key>-2`, …): it finds the job.
      const keyed = tool.idempotencyKey === true || tool.implementation.kind === 'composite';
      if (keyed && sendOptions.idempotencyKey !== undefined)
        withContext(entry, { idempotency_key: sendOptions.idempotencyKey });
      try {
        return await append(entry);
      } catch (error) {
        if (error instanceof AuditWriteError) call.intentError = error;
        throw error;
      }
    })();
    return call.intent;
  }

  /** Audits a refused call and rethrows its gateway error (the audit failing does not mask the refusal). */
  async function refuse(
    request: ExecuteRequest,
    call: CallRecord,
    error: HeyGateError,
    outcome: AuditOutcome,
  ): Promise<never> {
    try {
      await writeAudit(request, call, outcome, { error: toToolError(error) });
    } catch (auditError) {
      // Refused on remembered reads that changed: the call runs again.
      if (auditError instanceof StaleReadsError) throw auditError;
      // Otherwise already reported to onAuditError; the call is refused either way.
    }
    throw error;
  }

  /** Requests the gateway makes itself for an admin action (webhook setup): the operator, whatever `allowOperator`. */
  const internalRequests = new WeakSet<ExecuteRequest>();

  async function resolvePersona(request: ExecuteRequest, call: CallRecord): Promise<PersonaRow | undefined> {
    if (request.personaToken === undefined && request.personaId === undefined) {
      if (options.allowOperator === false && !internalRequests.has(request)) {
        return refuse(
          request,
          call,
          new PersonaAuthError('This gateway requires a persona bearer token.'),
          'denied',
        );
      }
      return undefined;
    }
    try {
      return await personas.authenticate(request, call.reads);
    } catch (error) {
      if (!HeyGateError.isInstance(error)) throw error;
      if (error.code === 'persona_revoked') {
        // Record who was refused: the persona exists, only its status changed.
        call.persona =
          request.personaToken !== undefined
            ? await call.reads.getPersonaByTokenHash(hashPersonaToken(request.personaToken))
            : await call.reads.getPersona(request.personaId!);
      }
      return refuse(request, call, error, 'denied');
    }
  }

  function finish(
    call: CallRecord,
    tool: string,
    result: { ok: true; data: unknown } | { ok: false; error: ToolErrorData },
    extra: CallCost,
  ): ExecuteResult {
    return {
      ...result,
      tool,
      ...(call.account === undefined ? {} : { account: call.account }),
      ...(call.fallbackFrom === undefined ? {} : { fallbackFrom: call.fallbackFrom }),
      ...(extra.requestId === undefined ? {} : { requestId: extra.requestId }),
      ...(extra.credits === undefined ? {} : { creditsCharged: extra.credits }),
      ...(extra.costUsd === undefined ? {} : { costUsd: extra.costUsd }),
      ...(call.routing ? { routing: call.routing } : {}),
      ...(call.warnings.length > 0 ? { warnings: call.warnings } : {}),
      durationMs: performance.now() - call.started,
    };
  }

  const execute = (request: ExecuteRequest): Promise<ExecuteResult> =>
    observer.call(request, (note) => executeOnce(request, note));

  /**
   * Runs a call once for its caller: a read-only call first on remembered reads, and again on fresh reads when
   * its record finds that they changed — the first run's answer is dropped, and the record says so (ADR 0062).
   */
  async function executeOnce(request: ExecuteRequest, note: CallNote): Promise<ExecuteResult> {
    // Started before the reads: the latency includes them.
    const started = performance.now();
    const remembered = rememberedReadsFor(request);
    if (remembered) {
      try {
        return await executeCall(request, note, {
          started,
          reads: remembered.reads,
          readsAsOf: remembered.asOf,
        });
      } catch (error) {
        if (!(error instanceof StaleReadsError)) throw error;
        note.rerun = true;
        return executeCall(request, note, { started, reads: await freshReads(), rerun: true });
      }
    }
    return executeCall(request, note, { started, reads: await freshReads() });
  }

  async function executeCall(
    request: ExecuteRequest,
    note: CallNote,
    start: Pick<CallRecord, 'started' | 'reads' | 'readsAsOf' | 'rerun'>,
  ): Promise<ExecuteResult> {
    const call: CallRecord = {
      ...start,
      time: new Date(clock.now()).toISOString(),
      secrets: [request.personaToken],
      warnings: [],
    };

    const persona = await resolvePersona(request, call);
    call.persona = persona;
    if (persona) note.persona = persona.name;

    let tool: ToolDefinition;
    try {
      tool = findTool(request.tool);
    } catch (error) {
      if (!HeyGateError.isInstance(error)) throw error;
      return refuse(request, call, error, 'error');
    }

    if (persona) {
      if (!personas.matcher(persona).allows(tool)) {
        return refuse(
          request,
          call,
          new ScopeDeniedError({
            persona: persona.name,
            tool: tool.name,
            access: tool.access,
            area: tool.area,
          }),
          'denied',
        );
      }
      if (
        request.account !== undefined &&
        persona.accounts.length > 0 &&
        !persona.accounts.includes(request.account)
      ) {
        return refuse(
          request,
          call,
          new ScopeDeniedError({ persona: persona.name, tool: tool.name, account: request.account }),
          'denied',
        );
      }
    }

    let input: unknown;
    try {
      const issues = auditedFieldIssues(request);
      if (issues.length > 0) throw new InvalidInputError(tool.name, issues);
      input = parseInput(tool, request.input);
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      const data = toToolError(error);
      await writeAudit(request, call, 'error', { error: data });
      return finish(call, tool.name, { ok: false, error: data }, {});
    }

    const beforeSend: RouteBeforeSend = async (account, routedTool, routedInput, sendOptions) => {
      await announce(request, call, account, routedTool, routedInput, sendOptions);
    };
    const send: RouteSend = async (account, routedTool, routedInput, sendOptions) => {
      // Routers that do not call `beforeSend` still never send a state-changing call unannounced.
      await announce(request, call, account, routedTool, routedInput, sendOptions);
      const { client, apiKey } = await accounts.client(account, call.reads);
      call.secrets.push(apiKey);
      try {
        const result = await observer.send(account, routedTool.name, () =>
          client.call(routedTool, routedInput, {
            validate: false,
            ...(sendOptions.signal ? { signal: sendOptions.signal } : {}),
            ...(sendOptions.idempotencyKey === undefined
              ? {}
              : { idempotencyKey: sendOptions.idempotencyKey }),
            ...progressOf(request, account, routedTool, routedInput),
          }),
        );
        if (result.warnings) call.warnings.push(...result.warnings);
        return result;
      } catch (error) {
        const status = (error as { status?: number } | null)?.status;
        if (status === 401) {
          // On remembered reads the key may have been rotated since: marked once the record shows they were current.
          if (call.readsAsOf === undefined) await markUnauthorized(account);
          else (call.refusedKeys ??= []).push(account);
        }
        throw error;
      }
    };

    let routed: RouteResult;
    try {
      routed = await observer.route(tool.name, () =>
        router.route({
          tool,
          input,
          ...(persona
            ? {
                persona: {
                  id: persona.id,
                  name: persona.name,
                  accounts: persona.accounts,
                  budgetUsd: persona.budgetUsd ?? null,
                  budgetPeriod: persona.budgetPeriod ?? null,
                },
              }
            : {}),
          ...(request.account === undefined ? {} : { account: request.account }),
          accounts: () => accounts.names(call.reads),
          ...(request.idempotencyKey === undefined ? {} : { idempotencyKey: request.idempotencyKey }),
          ...(request.maxWaitMs === undefined ? {} : { maxWaitMs: request.maxWaitMs }),
          ...(request.signal ? { signal: request.signal } : {}),
          beforeSend,
          send,
        }),
      );
    } catch (error) {
      // The intent could not be written: nothing was sent, and the call is refused as a gateway failure.
      if (call.intentError) return refuse(request, call, call.intentError, 'error');
      // A router bug or a store failure inside routing: still one audit record per call.
      const data = toToolError(error);
      await writeAudit(request, call, 'error', { error: data });
      if (!HeyGateError.isInstance(error)) throw error;
      return finish(call, tool.name, { ok: false, error: data }, {});
    }

    if (call.intentError) return refuse(request, call, call.intentError, 'error');
    if (routed.account) call.account = routed.account;
    if (routed.fallbackFrom !== undefined) call.fallbackFrom = routed.fallbackFrom;
    const routing = routingReport(routed);
    if (routing) call.routing = routing;

    if (!routed.ok) {
      const data = toToolError(routed.error, routed.account, tool);
      const outcome =
        routed.outcome === 'denied'
          ? 'denied'
          : routed.outcome === 'rate_limited'
            ? 'rate_limited'
            : outcomeOf(data);
      await writeAudit(request, call, outcome, { error: data });
      return finish(call, tool.name, { ok: false, error: data }, {});
    }

    let data = routed.data;
    const extra: CallCost = {
      ...(routed.requestId === undefined ? {} : { requestId: routed.requestId }),
      ...(routed.creditsCharged === undefined ? {} : { credits: routed.creditsCharged }),
      ...costOf(tool, input, routed.costUsd, prices()),
    };
    const started = tool.job
      ? await jobs.created(starterOf(request, call, tool, routed.account), data, clock.now())
      : [];
    if (request.wait && tool.job) {
      try {
        const { client } = await accounts.client(routed.account, call.reads);
        const onProgress = (progress: Progress) => {
          request.onProgress?.(progress);
          jobs.progress(started, progress, clock.now());
        };
        data = await waitForJob(client, tool, routed.data, { ...request, onProgress }, (warnings) =>
          call.warnings.push(...warnings),
        );
        await jobs.finished(
          started,
          { finals: started.length > 1 ? (data as unknown[]) : [data] },
          clock.now(),
        );
      } catch (error) {
        if (!HeyGateError.isInstance(error)) throw error;
        const failure = toToolError(error, routed.account, tool);
        await jobs.finished(started, { error: failure }, clock.now());
        // The job was created (and maybe charged): keep the create's answer in the audit record.
        await writeAudit(request, call, outcomeOf(failure), { data: routed.data, error: failure, ...extra });
        return finish(call, tool.name, { ok: false, error: failure }, extra);
      }
    } else if (!tool.job) await jobs.observed(tool, input, data, routed.account, clock.now());
    await writeAudit(request, call, 'ok', { data, ...extra });
    return finish(call, tool.name, { ok: true, data }, extra);
  }

  const webhooks = createWebhookManager({
    store,
    vault,
    accounts,
    audit: adminAudit,
    clock,
    execute: (request) => {
      const internal = { ...request, personaToken: undefined, personaId: undefined };
      internalRequests.add(internal);
      return execute(internal);
    },
  });
  const oauthFlows = createOAuthFlows({
    store,
    vault,
    accounts,
    audit: adminAudit,
    oauthClient,
    clock,
    ...(oauthSettings.clientId ? { clientId: oauthSettings.clientId } : {}),
    ...(oauthSettings.scope ? { scope: oauthSettings.scope } : {}),
    ...(oauthSettings.flowTtlMs === undefined ? {} : { ttlMs: oauthSettings.flowTtlMs }),
  });
  const rotation = createCredentialRotation({
    store,
    vault,
    accounts,
    personas,
    webhooks,
    oauthFlows,
    audit: adminAudit,
    clock,
  });

  return {
    store,
    vault,
    personas,
    accounts,
    tools,
    router,
    execute,
    oauth: oauthFlows,
    webhooks,
    rotation,
    adminAudit,
    jobs: { list: (query) => jobs.list(query), get: (...key) => jobs.get(...key) },
    async accountHealth() {
      const health = (router as { health?: { status(): Promise<readonly HealthStatus[]> } }).health;
      return health ? await health.status() : [];
    },

    async visibleTools(caller) {
      if (!caller || (caller.personaToken === undefined && caller.personaId === undefined)) {
        if (options.allowOperator === false)
          throw new PersonaAuthError('This gateway requires a persona bearer token.');
        return tools;
      }
      const persona = await personas.authenticate(caller, await freshReads());
      const matcher = personas.matcher(persona);
      return tools.filter((tool) => matcher.allows(tool));
    },

    async authenticate(caller) {
      if (
        caller.personaToken === undefined &&
        caller.personaTokenHash === undefined &&
        caller.personaId === undefined
      ) {
        if (options.allowOperator === false)
          throw new PersonaAuthError('This gateway requires a persona bearer token.');
        return undefined;
      }
      const { tokenHash: _tokenHash, ...persona } = await personas.authenticate(caller, await freshReads());
      return persona;
    },

    queryAudit: (query) => store.queryAudit(query),
    verifyAudit: () => verifyAuditChain(store),
    wakeJob(account, kind, id) {
      const woken = accounts.cachedClient(account)?.wakeUp(kind, id) ?? false;
      for (const listener of wakeListeners) listener(account, kind, id);
      return woken;
    },

    onJobWake(listener) {
      wakeListeners.add(listener);
      return () => wakeListeners.delete(listener);
    },

    async close() {
      const closable = router as GatewayRouter & { close?: () => Promise<void> };
      await closable.close?.();
      if (options.ownsStore) await store.close();
    },
  };
}
