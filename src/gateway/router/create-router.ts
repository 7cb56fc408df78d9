import { createHash, randomUUID } from 'node:crypto';
import type { ToolDefinition } from '../../catalog/define-tool.ts';
import { HeyGateError } from '../../catalog/errors.ts';
import { estimateCostUsd } from '../../catalog/estimate-cost.ts';
import { shippedPrices, type PriceTable } from '../../catalog/price-table.ts';
import { createAccountHealth, type AccountHealth, type HealthPolicy } from './account-health.ts';
import { budgetPeriods } from './budget-period.ts';
import { checkPortability, type PortabilityVerdict } from './check-portability.ts';
import { classifyFailure, type FailureClass } from './classify-failure.ts';
import {
  createCreditBudgets,
  type BudgetParty,
  type CreditBudgets,
  type CreditReservation,
} from './credit-budgets.ts';
import type { HealthStore } from './health-store.ts';
import {
  createIdempotencyLedger,
  LedgerLeaseLostError,
  type IdempotencyLedger,
  type LedgerHandle,
} from './idempotency-ledger.ts';
import { createMemoryHealthStore } from './memory-health-store.ts';
import { createMemoryRouterStore } from '../../store/memory-router-store.ts';
import { operationClass, type OperationClass } from './operation-class.ts';
import {
  reconcileCreate,
  snapshotStamp,
  stampField,
  stampInput,
  type ReconcilePlan,
} from './reconcile-create.ts';
import { recoveryPath, type RecoveryPath } from './recovery-path.ts';
import { createCallReservation } from './call-reservation.ts';
import {
  BudgetExceededError,
  OutcomeUnknownError,
  type OutcomeUnknownOptions,
  RequestInProgressError,
  RouteRateLimitedError,
} from './router-errors.ts';
import type { BudgetPeriod, LedgerRecord, RouterStore } from '../../store/router-store.ts';
import type { RoutingAttempt } from '../types.ts';

/** The persona a call acts as, as far as routing and budgets care. */
export interface RoutePersona {
  id: string;
  name: string;
  /** Allowed accounts in routing order; empty means every account (in the gateway's order). */
  accounts: readonly string[];
  /** US dollars per budget period; null or undefined means no persona budget. */
  budgetUsd?: number | null;
  /** `day`, `week` or `month` (default `month`). */
  budgetPeriod?: string | null;
}

/** What one HeyGen call returned (the client's `CallResult`, structurally). */
export interface RouteCallResult {
  data: unknown;
  requestId?: string;
  /** Credits HeyGen reported charging (none of its v3 answers does today). */
  creditsCharged?: number;
}

/** Options of one send. */
export interface RouteSendOptions {
  /** Idempotency-Key for this account (the client sends it where HeyGen honours one). */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

/** Sends one call to one named account: the gateway's client for that account. */
export type RouteSend = (
  account: string,
  tool: ToolDefinition,
  input: unknown,
  options: RouteSendOptions,
) => Promise<RouteCallResult>;

/** One call to route. */
export interface RouteRequest {
  tool: ToolDefinition;
  /** The validated input. */
  input: unknown;
  /** The persona; absent for the local operator. */
  persona?: RoutePersona;
  /** Account the caller named: the call stays on it (no fallback). */
  account?: string;
  /** The configured accounts as this call reads them (default the router's `accounts`). */
  accounts?: () => Promise<readonly string[]>;
  /** Caller-supplied idempotency key; otherwise derived from the arguments for creates. */
  idempotencyKey?: string;
  /**
   * How long the call may wait for a cooling-down account when it cannot move (default: the router's
   * `defaultMaxWaitMs`, 0 — answer `rate_limited` at once so the agent decides).
   */
  maxWaitMs?: number;
  signal?: AbortSignal;
  /** The transport. */
  send: RouteSend;
  /**
   * Called with exactly what is about to be sent, before the attempt is recorded and sent (the gateway appends
   * the call's audit intent here, ADR 0017). When it throws, nothing is sent and the error propagates.
   */
  beforeSend?: RouteBeforeSend;
}

/** See `RouteRequest.beforeSend`. */
export type RouteBeforeSend = (
  account: string,
  tool: ToolDefinition,
  input: unknown,
  options: RouteSendOptions,
) => Promise<void>;

/** What the router did with one account (the same shape `ExecuteResult.routing` reports). */
export type RouteAttempt = RoutingAttempt;

/** The routed call's outcome. */
export type RouteResult =
  | {
      ok: true;
      data: unknown;
      /** Account that did the work (or, for a replay, did it the first time). */
      account: string;
      /** The call's first-choice account, when the work went elsewhere. */
      fallbackFrom?: string;
      requestId?: string;
      /**
       * US dollars booked for this call: HeyGen's reported credits at the operator's `creditUsd`, else the
       * catalog's estimate (0 for a replay: the first call paid).
       */
      costUsd?: number;
      /** Credits HeyGen reported charging, as reported. */
      creditsCharged?: number;
      attempts: RouteAttempt[];
      /** The create had already been done (ledger or coalesced): its first result is returned. */
      replayed?: boolean;
      /** For a replay: when the first call made the job (router clock, ms since the epoch). */
      replayedFrom?: number;
      /** The create got no answer; its job was found by looking it up. */
      reconciled?: boolean;
    }
  | {
      ok: false;
      /** A heygate error (map it with `toToolError`). */
      error: HeyGateError;
      /** `rate_limited` when no account could take it, `denied` for budget and account refusals. */
      outcome: 'error' | 'rate_limited' | 'denied';
      /** Account the failure is about (the one cooling down, or the last one tried). */
      account?: string;
      fallbackFrom?: string;
      attempts: RouteAttempt[];
    };

/** Options of {@link createRouter}. */
export interface RouterOptions {
  /** Every configured account in default routing order (`default` first, say). */
  accounts: () => readonly string[] | Promise<readonly string[]>;
  /** Ledger and budgets (default: in memory; the gateway passes its SQLite/Postgres store). */
  store?: RouterStore;
  /** Cooldown state (default: in memory; Redis when `HEYGATE_REDIS_URL` is set). */
  health?: HealthStore;
  /** Catalog tools, for finding the list tool that reconciles a create (default: none, set by the gateway). */
  tools?: readonly ToolDefinition[];
  /** Time source (the emulator's manual clock in tests). */
  clock?: { now(): number };
  /** Sleep used when a call waits for a cooldown or for an identical call in flight. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Cooldown and circuit-breaker tunables. */
  healthPolicy?: Partial<HealthPolicy>;
  /** Default of `RouteRequest.maxWaitMs` (default 0). */
  defaultMaxWaitMs?: number;
  /** How long a finished create is replayed to identical calls (default 24 h). */
  ledgerTtlMs?: number;
  /** Lease of a create in flight before another process may take it over (default 150 s). */
  leaseMs?: number;
  /** Poll interval while an identical create runs in another process (default 50 ms). */
  busyPollMs?: number;
  /** Identifies this instance in ledger leases. */
  instanceId?: string;
  /**
   * The prices in force (shipped HeyGen prices plus the operator's overrides; read on every costed call, so a
   * `heygate pricing set` applies without a restart). Budgets, estimates and spend are US dollars. Default:
   * the shipped table.
   */
  prices?: () => PriceTable;
}

/** Rate-limit routing with fallback, duplicate-free creates and USD budgets. */
export interface Router {
  /** Routes one call: picks the account, sends, falls back when allowed, records health and spend. */
  route(request: RouteRequest): Promise<RouteResult>;
  /** Cooldown and circuit state (status displays). */
  readonly health: AccountHealth;
  /** Budgets and spend (usage displays). */
  readonly budgets: CreditBudgets;
  /** The ledger and budget store. */
  readonly store: RouterStore;
  /** Closes the health store's connections (Redis). */
  close(): Promise<void>;
}

/** The outcome of sending to one account. */
type SendOutcome =
  | { kind: 'ok'; result: RouteCallResult; reconciled?: boolean }
  | { kind: 'retry'; failure: FailureClass; error: HeyGateError }
  | { kind: 'final'; error: HeyGateError }
  | { kind: 'stop'; error: HeyGateError }
  /**
   * The create may have happened on this account and HeyGen honours its Idempotency-Key: the record stays
   * pinned to the account, and a retry re-sends there with the same key (HeyGen replays the first answer).
   */
  | { kind: 'pin'; error: HeyGateError };

/** One attempt that was sent: where, its stamp, when, and its index in the ledger record. */
interface SentAttempt {
  account: string;
  stamp: Record<string, string>;
  attemptAt: number;
  index: number | undefined;
}

/** The default sleep: a timer that ends early when the signal aborts. */
const realSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, Math.max(0, ms));
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/**
 * Creates the router (issue 7, ADR 0008). Per call it:
 *
 * 1. picks the accounts: the named one, else the persona's routing order (all accounts when it has none);
 *    a call whose input holds account-scoped ids (catalog `portability`) only ever uses the first;
 * 2. for creates that render (paid, not repeatable), claims the idempotency ledger so retries and concurrent
 *    identical calls get the first job instead of a second render;
 * 3. holds the USD estimate against the persona's and the account's budgets (refusing before sending);
 * 4. sends to the first account whose (account, operation class) is not cooling down or circuit-open; on 429,
 *    5xx or an open circuit it moves to the next allowed account, only when the call is portable;
 * 5. reconciles a create that got no answer by looking its job up, never by sending it again blindly.
 */
export function createRouter(options: RouterOptions): Router {
  const clock = options.clock ?? Date;
  const sleep = options.sleep ?? realSleep;
  const store = options.store ?? createMemoryRouterStore();
  const healthStore = options.health ?? createMemoryHealthStore();
  const health = createAccountHealth({
    store: healthStore,
    clock,
    ...(options.healthPolicy ? { policy: options.healthPolicy } : {}),
  });
  const budgets = createCreditBudgets({ store, clock });
  const ledger: IdempotencyLedger = createIdempotencyLedger({
    store,
    clock,
    ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
    ...(options.ledgerTtlMs === undefined ? {} : { ttlMs: options.ledgerTtlMs }),
    instanceId: options.instanceId ?? randomUUID().slice(0, 8),
  });
  const tools = options.tools ?? [];
  const busyPollMs = options.busyPollMs ?? 50;
  /** Expired ledger records are deleted at most hourly, in the background of a create. */
  let lastPrune = Number.NEGATIVE_INFINITY;
  const pruneLedger = () => {
    const now = clock.now();
    if (now - lastPrune < 3_600_000) return;
    lastPrune = now;
    store.pruneLedger(now).catch(() => {
      lastPrune = Number.NEGATIVE_INFINITY;
    });
  };
  /** Identical creates in flight in this process: later callers await the first one's result. */
  const inflight = new Map<string, Promise<RouteResult>>();

  /**
   * The accounts a call may use, in order: the named one alone, else the persona's routing policy (its
   * accounts that exist, in its order), else every configured account. The gateway has already refused a
   * named account the persona may not use (scope check).
   */
  async function candidateAccounts(request: RouteRequest): Promise<string[]> {
    if (request.account !== undefined) return [request.account];
    const configured = [...(await (request.accounts ?? options.accounts)())];
    const policy = request.persona?.accounts ?? [];
    if (policy.length === 0) return configured;
    return policy.filter((account) => configured.includes(account));
  }

  function personaParty(persona: RoutePersona | undefined): BudgetParty | undefined {
    if (!persona) return undefined;
    const party: BudgetParty = { scope: 'persona', name: persona.name };
    if (typeof persona.budgetUsd === 'number') {
      const period = budgetPeriods.includes(persona.budgetPeriod as BudgetPeriod)
        ? (persona.budgetPeriod as BudgetPeriod)
        : 'month';
      party.rule = { limit: persona.budgetUsd, period };
    }
    return party;
  }

  async function accountParty(account: string): Promise<BudgetParty> {
    const rule = await budgets.accountRule(account);
    return rule
      ? { scope: 'account', name: account, rule: { limit: rule.limit, period: rule.period } }
      : { scope: 'account', name: account };
  }

  /** The Idempotency-Key for one account: stable across attempts on it, never the same on two accounts. */
  function accountKey(base: string, account: string): string {
    return `heygate-${createHash('sha256').update(`${base}\u0000${account}`).digest('hex').slice(0, 40)}`;
  }

  async function route(request: RouteRequest): Promise<RouteResult> {
    const { tool } = request;
    const accounts = await candidateAccounts(request);
    if (accounts.length === 0) {
      const error = new HeyGateError('No HeyGen account is configured for this call.', {
        code: 'no_account',
        hint: 'Add one with `heygate accounts add NAME`, or set HEYGEN_API_KEY.',
      });
      return { ok: false, error, outcome: 'error', attempts: [] };
    }
    const verdict = checkPortability(tool, request.input);
    const order = verdict.portable && request.account === undefined ? accounts : accounts.slice(0, 1);
    const personaId = request.persona?.id ?? 'operator';

    const recovery: RecoveryPath = tool.access === 'read' ? { kind: 'none' } : recoveryPath(tool, tools);
    if (!isLedgered(tool)) {
      // A keyed write outside the ledger (no cost: webhooks, uploads) still gets a key bound to the request, so
      // the agent's retry of the same request is the same key and HeyGen replays instead of creating twice.
      const keyBase =
        recovery.kind === 'key'
          ? ledger.keyFor(personaId, tool.name, request.input, request.idempotencyKey)
          : undefined;
      return attemptLoop({ request, order, verdict, keyBase, recovery });
    }

    pruneLedger();
    const key = ledger.keyFor(personaId, tool.name, request.input, request.idempotencyKey);
    const running = inflight.get(key);
    if (running) return asReplay(await running);
    const work = routeLedgered(request, order, verdict, key, personaId, recovery);
    inflight.set(key, work);
    try {
      return await work;
    } finally {
      inflight.delete(key);
    }
  }

  async function routeLedgered(
    request: RouteRequest,
    order: string[],
    verdict: PortabilityVerdict,
    key: string,
    personaId: string,
    recovery: RecoveryPath,
  ): Promise<RouteResult> {
    const { tool } = request;
    for (let poll = 0; ; poll += 1) {
      const claim = await ledger.claim({
        key,
        persona: personaId,
        tool: tool.name,
        requestKey: request.idempotencyKey,
      });
      if (claim.kind === 'replay') return replayOf(claim.record);
      if (claim.kind === 'owned') {
        try {
          return await attemptLoop({ request, order, verdict, keyBase: key, handle: claim.handle, recovery });
        } catch (error) {
          // Never leave a live lease behind (identical calls would wait for it): an attempt that may have been
          // sent keeps the record for a look-up on retry, otherwise the record is dropped.
          const record = claim.handle.record;
          const open = record.attempts.some(
            (attempt) => attempt.outcome === 'sent' || attempt.outcome === 'unknown',
          );
          if (record.status === 'pending')
            await (open ? claim.handle.markUnknown() : claim.handle.release()).catch(() => {});
          throw error;
        }
      }
      // Another process runs the same create. Wait for it (its lease bounds the wait), unless cancelled.
      if (request.signal?.aborted || poll > 100_000) {
        const retryAfterMs = Math.max(busyPollMs, claim.record.leaseUntil - clock.now());
        return {
          ok: false,
          error: new RequestInProgressError(tool.name, retryAfterMs),
          outcome: 'error',
          attempts: [],
        };
      }
      await sleep(busyPollMs, request.signal);
    }
  }

  function replayOf(record: LedgerRecord): RouteResult {
    const result: RouteResult = {
      ok: true,
      data: structuredClone(record.result),
      account: record.account ?? '',
      costUsd: 0,
      attempts: [],
      replayed: true,
      replayedFrom: record.updatedAt,
    };
    if (record.fallbackFrom !== undefined) result.fallbackFrom = record.fallbackFrom;
    if (record.requestId !== undefined) result.requestId = record.requestId;
    return result;
  }

  function asReplay(first: RouteResult): RouteResult {
    if (!first.ok) return { ...first, attempts: [] };
    const { creditsCharged: _reported, ...rest } = first;
    return {
      ...rest,
      data: structuredClone(first.data),
      costUsd: 0,
      attempts: [],
      replayed: true,
      replayedFrom: clock.now(),
    };
  }

  interface LoopContext {
    request: RouteRequest;
    order: string[];
    verdict: PortabilityVerdict;
    /** Base of per-account Idempotency-Keys: the fingerprint of the request (persona, tool, arguments, key). */
    keyBase: string | undefined;
    /** How a lost answer of this create is recovered (ADR 0018). */
    recovery: RecoveryPath;
    /** Set for ledgered creates: the claimed record. */
    handle?: LedgerHandle;
    /** Account a create with an unsettled attempt is pinned to (see `SendOutcome` `pin`). */
    pinned?: string;
    /** Set while a keyed create is re-asked on the account that answered 429 (see `afterRateLimit`). */
    recheckedAfter429?: boolean;
  }

  async function attemptLoop(context: LoopContext): Promise<RouteResult> {
    const { request, verdict, handle } = context;
    let { order } = context;
    const { tool } = request;
    const operation = operationClass(tool);
    const home = order[0] as string;
    const attempts: RouteAttempt[] = [];
    const started = clock.now();
    const maxWaitMs = request.maxWaitMs ?? options.defaultMaxWaitMs ?? 0;
    const costed = tool.cost !== undefined;
    const prices = (options.prices ?? shippedTable)();
    const estimate = costed ? estimateCostUsd(tool, request.input, prices) : 0;
    // Every hold this call makes; whatever is still held when the call ends, however it ends, is released.
    const reservation = createCallReservation(budgets, estimate);

    try {
      // A taken-over record may hold attempts whose outcome nobody saw: settle them before sending anything.
      if (handle) {
        const settled = await settleOpenAttempts(handle, request, context.recovery, attempts);
        if (settled && 'pin' in settled) {
          context.pinned = settled.pin;
          order = [settled.pin];
        } else if (settled) return settled;
      }
      /** Ends a create that made nothing here: forget it, unless it is pinned to an account with an open attempt. */
      const dropRecord = async () => {
        if (!handle) return;
        if (context.pinned !== undefined) await handle.markUnknown();
        else await handle.release();
      };

      const persona = personaParty(request.persona);
      if (costed && persona) {
        try {
          await reservation.hold([persona]);
        } catch (error) {
          if (error instanceof BudgetExceededError) return denied(error, attempts);
          throw error;
        }
      }

      let lastError: { error: HeyGateError; account: string } | undefined;
      let budgetRefusal: BudgetExceededError | undefined;
      for (;;) {
        let soonest: { account: string; retryAfterMs: number } | undefined;
        const noteWait = (account: string, retryAfterMs: number) => {
          if (!soonest || retryAfterMs < soonest.retryAfterMs) soonest = { account, retryAfterMs };
        };
        for (const account of order) {
          const admission = await health.admit(account, operation);
          if (!admission.admitted) {
            attempts.push({
              account,
              outcome: 'skipped',
              reason: admission.reason,
              retryAfterMs: admission.retryAfterMs,
            });
            noteWait(account, admission.retryAfterMs);
            continue;
          }
          let accountHold: CreditReservation | undefined;
          if (costed) {
            try {
              accountHold = await reservation.hold([await accountParty(account)]);
            } catch (error) {
              if (!(error instanceof BudgetExceededError)) throw error;
              if (admission.probe) await health.releaseProbe(account, operation);
              attempts.push({ account, outcome: 'skipped', reason: 'budget_exceeded' });
              budgetRefusal = error;
              continue;
            }
          }
          const outcome = await sendTo(account, admission.probe, operation, { ...context, order }, attempts);
          if (outcome.kind === 'ok') {
            const charged = spendUsd(outcome.result.creditsCharged, costed ? estimate : undefined, prices);
            await reservation.settle(charged ?? 0);
            return await succeeded(outcome, account, home, attempts, charged, handle);
          }
          if (outcome.kind === 'stop' && outcome.error instanceof OutcomeUnknownError) {
            // An unknown outcome that stays unknown may have been charged: keep the estimate booked.
            await reservation.settle(estimate);
            return failed(outcome.error, account, home, attempts);
          }
          if (accountHold) await reservation.drop(accountHold);
          if (outcome.kind === 'pin') {
            // The retry re-sends with the same key and books the call when HeyGen answers.
            context.pinned = account;
            await dropRecord();
            return failed(outcome.error, account, home, attempts);
          }
          if (outcome.kind === 'stop') return failed(outcome.error, account, home, attempts);
          if (outcome.kind === 'final') {
            if (handle) await handle.release();
            return failed(outcome.error, account, home, attempts);
          }
          // The id was private to the first account after all: the first account's answer stands.
          if (outcome.failure.kind === 'public_id_not_found') break;
          lastError = { error: outcome.error, account };
          if (outcome.failure.kind === 'rate_limited')
            noteWait(account, outcome.failure.retryAfterMs ?? 1_000);
        }

        // No account took the call. Wait for the soonest cooldown when the caller allows it.
        if (soonest) {
          const waited = clock.now() - started;
          if (waited + soonest.retryAfterMs <= maxWaitMs) {
            await sleep(soonest.retryAfterMs, request.signal);
            if (request.signal?.aborted) break;
            continue;
          }
        }
        await dropRecord();
        if (soonest && (!lastError || isRateLimit(lastError.error) || lastError.account !== home))
          return coolingDown(soonest, request, verdict, context.pinned, order, home, attempts);
        if (lastError) return failed(lastError.error, lastError.account, home, attempts);
        if (budgetRefusal) return denied(budgetRefusal, attempts);
        break;
      }
      await dropRecord().catch(() => {});
      const error = new HeyGateError(`${tool.name} was cancelled while waiting for an account.`, {
        code: 'aborted',
      });
      return { ok: false, error, outcome: 'error', attempts };
    } catch (error) {
      if (error instanceof LedgerLeaseLostError) {
        const retryAfterMs = busyPollMs;
        return {
          ok: false,
          error: new RequestInProgressError(tool.name, retryAfterMs),
          outcome: 'error',
          attempts,
        };
      }
      throw error;
    } finally {
      // Nothing settled (refused, moved on, failed, thrown): the holds go back. A store that is down keeps them.
      await reservation.release().catch(() => {});
    }
  }

  /** The result of a send that succeeded (or was found), remembered in the ledger for identical retries. */
  async function succeeded(
    outcome: Extract<SendOutcome, { kind: 'ok' }>,
    account: string,
    home: string,
    attempts: RouteAttempt[],
    charged: number | undefined,
    handle: LedgerHandle | undefined,
  ): Promise<RouteResult> {
    const result: RouteResult = { ok: true, data: outcome.result.data, account, attempts };
    if (account !== home) result.fallbackFrom = home;
    if (outcome.result.requestId !== undefined) result.requestId = outcome.result.requestId;
    if (charged !== undefined) result.costUsd = charged;
    if (outcome.result.creditsCharged !== undefined) result.creditsCharged = outcome.result.creditsCharged;
    if (outcome.reconciled) result.reconciled = true;
    if (handle) {
      await handle.complete({
        result: result.data,
        account,
        ...(result.fallbackFrom === undefined ? {} : { fallbackFrom: result.fallbackFrom }),
        ...(result.requestId === undefined ? {} : { requestId: result.requestId }),
        ...(charged === undefined ? {} : { costUsd: charged }),
      });
    }
    return result;
  }

  /** No allowed account can take the call now: `rate_limited` naming the one that frees up first. */
  function coolingDown(
    cooling: { account: string; retryAfterMs: number },
    request: RouteRequest,
    verdict: PortabilityVerdict,
    pinned: string | undefined,
    order: string[],
    home: string,
    attempts: RouteAttempt[],
  ): RouteResult {
    const { tool } = request;
    const reason = attempts.find((attempt) => attempt.account === cooling.account)?.reason ?? 'cooling_down';
    const why = reason === 'circuit_open' || reason === 'probe_in_flight' ? 'is failing' : 'is rate limited';
    const seconds = Math.ceil(cooling.retryAfterMs / 1000);
    const error = new RouteRateLimitedError(
      order.length > 1
        ? `Every allowed HeyGen account is busy for ${tool.name}; account "${cooling.account}" frees up first, in ${seconds} s.`
        : `HeyGen account "${cooling.account}" ${why} for ${tool.name} and the call cannot move to another account ` +
            `(${stayReason(request, verdict, pinned)}). Retry in ${seconds} s.`,
      {
        account: cooling.account,
        retryAfterMs: cooling.retryAfterMs,
        hint: `Call again after ${seconds} s (or pass a wait budget); HeyGen did not take this call.`,
      },
    );
    return {
      ok: false,
      error,
      outcome: 'rate_limited',
      account: cooling.account,
      attempts,
      ...fallbackOf(cooling.account, home),
    };
  }

  function fallbackOf(account: string, home: string): { fallbackFrom?: string } {
    return account === home ? {} : { fallbackFrom: home };
  }

  function failed(error: HeyGateError, account: string, home: string, attempts: RouteAttempt[]): RouteResult {
    return {
      ok: false,
      error,
      outcome: isRateLimit(error) ? 'rate_limited' : 'error',
      account,
      attempts,
      ...fallbackOf(account, home),
    };
  }

  function denied(error: BudgetExceededError, attempts: RouteAttempt[]): RouteResult {
    const result: RouteResult = { ok: false, error, outcome: 'denied', attempts };
    if (error.budget.scope === 'account') result.account = error.budget.name;
    return result;
  }

  /** Sends to one account and records what happened (health, ledger, attempts). */
  async function sendTo(
    account: string,
    probe: boolean,
    operation: OperationClass,
    context: LoopContext,
    attempts: RouteAttempt[],
  ): Promise<SendOutcome> {
    const { request, handle, verdict, recovery } = context;
    const { tool } = request;
    let input = request.input;
    let attemptIndex: number | undefined;
    let stamp: Record<string, string> = {};
    if (handle) ({ input, stamp } = stampFor(tool, recovery, input, handle));
    const sendOptions: RouteSendOptions = {};
    if (context.keyBase !== undefined) sendOptions.idempotencyKey = accountKey(context.keyBase, account);
    if (request.signal) sendOptions.signal = request.signal;
    if (request.beforeSend) {
      try {
        await request.beforeSend(account, tool, input, sendOptions);
      } catch (error) {
        if (probe) await health.releaseProbe(account, operation);
        throw error;
      }
    }
    if (handle && recovery.kind === 'lookup' && recovery.plan.kind === 'snapshot') {
      // What the account holds before the send, so a lost answer can be told apart from older items.
      stamp = await snapshotStamp({
        tool,
        plan: recovery.plan,
        input,
        send: async (readTool, readInput) =>
          (await request.send(account, readTool, readInput, request.signal ? { signal: request.signal } : {}))
            .data,
      });
    }
    if (handle) attemptIndex = await handle.addAttempt(account, stamp);
    const attemptAt = clock.now();
    let result: RouteCallResult;
    try {
      result = await request.send(account, tool, input, sendOptions);
    } catch (caught) {
      if (!HeyGateError.isInstance(caught)) {
        if (probe) await health.releaseProbe(account, operation);
        throw caught;
      }
      const failure = classifyFailure(caught, tool);
      const sent: SentAttempt = { account, stamp, attemptAt, index: attemptIndex };
      switch (failure.kind) {
        case 'rate_limited':
          return afterRateLimit(sent, caught, failure, operation, context, attempts);
        case 'in_progress': {
          // HeyGen is still running the first request with this key: its job exists, or is about to.
          await health.recordSuccess(account, operation, probe);
          attempts.push({ account, outcome: 'unknown', reason: 'request_in_progress' });
          const error = new RequestInProgressError(tool.name, failure.retryAfterMs ?? 5_000, caught);
          if (!handle || attemptIndex === undefined) return { kind: 'final', error };
          await handle.setOutcome(attemptIndex, 'unknown');
          return { kind: 'pin', error };
        }
        case 'unavailable': {
          await health.recordFailure(account, operation, failure.problem, probe);
          if (failure.retryAfterMs !== undefined)
            await health.recordRateLimited(account, operation, failure.retryAfterMs);
          if (tool.idempotent || tool.access === 'read' || !failure.maybeDone) {
            attempts.push({ account, outcome: 'failed', reason: failure.problem });
            if (handle && attemptIndex !== undefined) await handle.setOutcome(attemptIndex, 'rejected');
            return { kind: 'retry', failure, error: caught };
          }
          if (!handle) {
            // A write that may have happened and that is not ledgered: never send it anywhere else. (A keyed one
            // repeated by the agent carries the same key, so HeyGen replays it on this account.)
            attempts.push({ account, outcome: 'failed', reason: failure.problem });
            return { kind: 'final', error: caught };
          }
          // A create that may have happened: recover it before anything else is sent.
          return afterLostAnswer(sent, caught, failure, handle, request, recovery, attempts);
        }
        case 'account': {
          await health.recordSuccess(account, operation, probe);
          attempts.push({ account, outcome: 'rejected', reason: failure.problem });
          if (handle && attemptIndex !== undefined) await handle.setOutcome(attemptIndex, 'rejected');
          return { kind: 'retry', failure, error: caught };
        }
        case 'aborted': {
          if (probe) await health.releaseProbe(account, operation);
          attempts.push({ account, outcome: 'failed', reason: 'aborted' });
          if (handle && attemptIndex !== undefined) {
            // Cancelled after sending: the create may still happen. Keep the record so a retry recovers it.
            await handle.setOutcome(attemptIndex, 'unknown');
            await handle.markUnknown();
            return { kind: 'stop', error: caught };
          }
          return { kind: 'final', error: caught };
        }
        case 'rejected':
        default: {
          await health.recordSuccess(account, operation, probe);
          attempts.push({ account, outcome: 'rejected', reason: caught.code });
          if (handle && attemptIndex !== undefined) await handle.setOutcome(attemptIndex, 'rejected');
          if (
            verdict.dependsOnPublicIds &&
            account !== context.order[0] &&
            blamesScopedId(failure, verdict)
          ) {
            // The id was private to the first account after all: do not try further accounts.
            return { kind: 'retry', failure: { kind: 'public_id_not_found' }, error: caught };
          }
          return { kind: 'final', error: caught };
        }
      }
    }
    await health.recordSuccess(account, operation, probe);
    attempts.push({ account, outcome: 'ok' });
    if (handle && attemptIndex !== undefined) await handle.setOutcome(attemptIndex, 'accepted');
    return { kind: 'ok', result };
  }

  /**
   * A 429 on a create. HeyGen's contract is that a 429 comes before any work, and the router moves the create to
   * another account on it; but a 429 that followed the work (a "lying 429") would then be paid twice. So a create
   * that can be checked is checked on the account that said 429 before it moves (ADRs 0053, 0058):
   *
   * - `key` / `field`: re-asked there once, at once, with the same Idempotency-Key (or dedup value). HeyGen
   *   replays a job it made; a 429 is never stored under a key, so an honest 429 leaves the key free and the
   *   re-ask is either taken or refused again — a second 429 is trusted and the create moves on. An honest 429
   *   costs one request, and keeps its fallback.
   * - `lookup`: looked up by the stamp recorded with the attempt; a found job is returned.
   *
   * `inline`, `session` and `none` creates have nothing to check with: the 429 is trusted.
   */
  async function afterRateLimit(
    sent: SentAttempt,
    error: HeyGateError,
    failure: Extract<FailureClass, { kind: 'rate_limited' }>,
    operation: OperationClass,
    context: LoopContext,
    attempts: RouteAttempt[],
  ): Promise<SendOutcome> {
    const { account, index } = sent;
    const { handle, recovery, request } = context;
    await health.recordRateLimited(account, operation, failure.retryAfterMs);
    attempts.push({
      account,
      outcome: 'rate_limited',
      reason: 'http_429',
      ...withRetry(failure.retryAfterMs),
    });
    if (!handle || index === undefined) return { kind: 'retry', failure, error };
    // A 429 on the client's retry of a keyed create: the first try may have been processed.
    if (recovery.kind === 'key' && retriedByClient(error)) {
      await handle.setOutcome(index, 'unknown');
      return { kind: 'pin', error };
    }
    if ((recovery.kind === 'key' || recovery.kind === 'field') && !context.recheckedAfter429) {
      // The re-ask is a new attempt on the same account with the same key: were it lost too, it pins the record.
      await handle.setOutcome(index, 'rejected');
      return sendTo(account, false, operation, { ...context, recheckedAfter429: true }, attempts);
    }
    if (recovery.kind === 'lookup' && Object.keys(sent.stamp).length > 0) {
      const found = await lookUp(request, recovery.plan, account, sent.stamp, sent.attemptAt).catch(
        () => undefined,
      );
      if (found?.found) {
        await handle.setOutcome(index, 'accepted');
        attempts.push({ account, outcome: 'reconciled', reason: 'http_429' });
        return { kind: 'ok', result: { data: found.result }, reconciled: true };
      }
    }
    await handle.setOutcome(index, 'rejected');
    return { kind: 'retry', failure, error };
  }

  /** The input as sent (with the marker or dedup field a lost answer is recovered by) and the stamp to record. */
  function stampFor(
    tool: ToolDefinition,
    recovery: RecoveryPath,
    input: unknown,
    handle: LedgerHandle,
  ): { input: unknown; stamp: Record<string, string> } {
    // Stable across retries and processes: derived from the ledger key (the request's fingerprint).
    const marker = `heygate-${handle.record.key.slice(0, 24)}`;
    if (recovery.kind === 'lookup') return stampInput(tool, recovery.plan, input, marker);
    if (recovery.kind === 'field') return stampField(tool, recovery.field, input, marker);
    return { input, stamp: {} };
  }

  /**
   * A create got no answer but may have run (ADR 0018): where HeyGen replays it (key or dedup field) the record is
   * pinned to the account and the retry re-sends the same request there; otherwise it is looked up, and only an
   * unverifiable outcome stays `outcome_unknown` — never re-sent.
   */
  async function afterLostAnswer(
    sent: SentAttempt,
    error: HeyGateError,
    failure: FailureClass,
    handle: LedgerHandle,
    request: RouteRequest,
    recovery: RecoveryPath,
    attempts: RouteAttempt[],
  ): Promise<SendOutcome> {
    const { tool } = request;
    const { account } = sent;
    await handle.setOutcome(sent.index as number, 'unknown');
    if (recovery.kind === 'key' || recovery.kind === 'field') {
      attempts.push({ account, outcome: 'unknown', reason: failureReason(failure) });
      return {
        kind: 'pin',
        error: new OutcomeUnknownError(tool.name, account, error, { recovery: 'replay' }),
      };
    }
    if (recovery.kind === 'lookup' && Object.keys(sent.stamp).length > 0) {
      try {
        const found = await lookUp(request, recovery.plan, sent.account, sent.stamp, sent.attemptAt);
        if (found.found) {
          await handle.setOutcome(sent.index as number, 'accepted');
          attempts.push({ account, outcome: 'reconciled', reason: failureReason(failure) });
          return { kind: 'ok', result: { data: found.result }, reconciled: true };
        }
        await handle.setOutcome(sent.index as number, 'absent');
        attempts.push({ account, outcome: 'failed', reason: failureReason(failure) });
        return { kind: 'retry', failure, error };
      } catch {
        // The lookup failed too: the outcome stays unknown.
      }
    }
    attempts.push({ account, outcome: 'unknown', reason: failureReason(failure) });
    await handle.markUnknown();
    return {
      kind: 'stop',
      error: new OutcomeUnknownError(tool.name, account, error, unknownRecovery(recovery, sent.stamp)),
    };
  }

  /** Looks a create's job up on `account` (reads only: list and status tools). */
  function lookUp(
    request: RouteRequest,
    plan: ReconcilePlan,
    account: string,
    stamp: Record<string, string>,
    attemptAt: number,
  ) {
    return reconcileCreate({
      tool: request.tool,
      plan,
      stamp,
      attemptAt,
      now: clock.now(),
      input: request.input,
      send: async (readTool, input) =>
        (await request.send(account, readTool, input, request.signal ? { signal: request.signal } : {})).data,
    });
  }

  /**
   * Settles attempts a previous owner left open (it crashed, or the outcome was unknown): a create HeyGen replays
   * is pinned to its account (the retry re-sends it there), a found job is returned, an absent one is forgotten,
   * and an unverifiable one keeps the record unknown.
   */
  async function settleOpenAttempts(
    handle: LedgerHandle,
    request: RouteRequest,
    recovery: RecoveryPath,
    attempts: RouteAttempt[],
  ): Promise<RouteResult | { pin: string } | undefined> {
    const { tool } = request;
    const open = handle.record.attempts
      .map((attempt, index) => ({ attempt, index }))
      .filter(({ attempt }) => attempt.outcome === 'sent' || attempt.outcome === 'unknown');
    for (const { attempt, index } of open) {
      if (recovery.kind === 'key' || recovery.kind === 'field') return { pin: attempt.account };
      const unknown = (cause?: unknown): RouteResult => ({
        ok: false,
        error: new OutcomeUnknownError(
          tool.name,
          attempt.account,
          cause,
          unknownRecovery(recovery, attempt.stamp),
        ),
        outcome: 'error',
        account: attempt.account,
        attempts,
      });
      if (recovery.kind !== 'lookup' || Object.keys(attempt.stamp).length === 0) {
        await handle.markUnknown();
        return unknown();
      }
      let found: Awaited<ReturnType<typeof reconcileCreate>>;
      try {
        found = await lookUp(request, recovery.plan, attempt.account, attempt.stamp, attempt.at);
      } catch (error) {
        await handle.markUnknown();
        return unknown(error);
      }
      if (!found.found) {
        await handle.setOutcome(index, 'absent');
        continue;
      }
      await handle.setOutcome(index, 'accepted');
      const home = handle.record.attempts[0]?.account ?? attempt.account;
      attempts.push({ account: attempt.account, outcome: 'reconciled', reason: 'earlier_attempt' });
      await handle.complete({
        result: found.result,
        account: attempt.account,
        ...(home === attempt.account ? {} : { fallbackFrom: home }),
      });
      return {
        ok: true,
        data: found.result,
        account: attempt.account,
        attempts,
        reconciled: true,
        ...fallbackOf(attempt.account, home),
      };
    }
    return undefined;
  }

  return {
    route,
    health,
    budgets,
    store,
    async close() {
      await healthStore.close();
    },
  };
}

/**
 * Paid creates go through the ledger: writes HeyGen does not treat as repeatable that start a job or cost money.
 * The ledger replays them to identical calls across accounts (a HeyGen key protects one account only) and keeps
 * a lost answer pinned until it is recovered. Keyed writes that cost nothing (webhook endpoints, uploads) stay
 * out — their answers may carry secrets the ledger would have to store — and rely on the request-bound key.
 */
function isLedgered(tool: ToolDefinition): boolean {
  if (tool.access === 'read' || tool.idempotent || tool.sequential) return false;
  if (tool.implementation.kind === 'wait') return false;
  return tool.job !== undefined || tool.cost !== undefined;
}

/** The shipped prices, as a price source. */
const shippedTable = (): PriceTable => shippedPrices;

/**
 * What a finished call cost in US dollars: credits HeyGen reported, converted explicitly at the operator's
 * `creditUsd`; otherwise (no report, or no rate to convert it) the estimate.
 */
function spendUsd(reportedCredits: number | undefined, estimate: number | undefined, prices: PriceTable) {
  if (reportedCredits !== undefined && prices.creditUsd !== null)
    return Math.round(reportedCredits * prices.creditUsd * 10_000) / 10_000;
  return estimate;
}

/** True when HeyGen's refusal points at one of the call's account-scoped ids (404, or a 400 naming the field). */
function blamesScopedId(failure: FailureClass, verdict: PortabilityVerdict): boolean {
  if (failure.kind !== 'rejected') return false;
  if (failure.status === 404) return true;
  const param = failure.param;
  return (
    param !== undefined &&
    verdict.scopedFields.some((field) => field === param || field.endsWith(`.${param}`))
  );
}

/** True when the HeyGen client sent the request more than once (its own retry) before this error. */
function retriedByClient(error: HeyGateError): boolean {
  const attempts = (error as HeyGateError & { attempts?: unknown }).attempts;
  return typeof attempts === 'number' && attempts > 1;
}

/** Why a call that found no free account could not move, for the `rate_limited` message. */
function stayReason(request: RouteRequest, verdict: PortabilityVerdict, pinned: string | undefined): string {
  if (pinned !== undefined) return 'an earlier attempt may have started the job there';
  if (request.account !== undefined) return 'the account was named';
  if (!verdict.portable)
    return `its input holds ids that exist on that account only: ${verdict.scopedFields.join(', ')}`;
  return 'no other account is allowed';
}

function isRateLimit(error: HeyGateError): boolean {
  return error.code === 'rate_limited';
}

function withRetry(retryAfterMs: number | undefined): { retryAfterMs?: number } {
  return retryAfterMs === undefined ? {} : { retryAfterMs };
}

/** How an outcome that stays unknown can still be settled (a later lookup), or what is left of it (ADR 0053). */
function unknownRecovery(recovery: RecoveryPath, stamp: Record<string, string>): OutcomeUnknownOptions {
  switch (recovery.kind) {
    case 'lookup':
      // Nothing was recorded to match on (the input had no marker, or the snapshot could not be read): no later
      // lookup can settle it either.
      return Object.keys(stamp).length > 0
        ? { recovery: 'lookup' }
        : {
            recovery: 'none',
            listTool:
              recovery.plan.kind === 'messages'
                ? (recovery.plan.listTool ?? recovery.plan.statusTool).name
                : recovery.plan.listTool.name,
          };
    case 'inline':
      return { recovery: 'inline' };
    case 'session':
      return {
        recovery: 'session',
        session: {
          maxSeconds: recovery.maxSeconds,
          ...(recovery.idleSeconds === undefined ? {} : { idleSeconds: recovery.idleSeconds }),
        },
      };
    case 'none':
      return recovery.listTool === undefined
        ? { recovery: 'none' }
        : { recovery: 'none', listTool: recovery.listTool };
    default:
      return { recovery: 'none' };
  }
}

function failureReason(failure: FailureClass): string {
  return failure.kind === 'unavailable' ? failure.problem : failure.kind;
}
