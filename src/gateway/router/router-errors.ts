import { HeyGateError } from '../../catalog/errors.ts';
import type { BudgetPeriod, BudgetScope } from '../../store/router-store.ts';

/**
 * Errors of the router. Codes: `budget_exceeded` (a USD budget would be exceeded; nothing was sent),
 * `rate_limited` (no allowed account can take the call now; `retryAfterMs` says when one can),
 * `outcome_unknown` (a create got no answer and heygate could not find out whether HeyGen made the job; it is
 * not re-sent), `request_in_progress` (the same create is running in another call).
 */

/** What a budget refusal names: the budget, its spend and limit, and when it resets. */
export interface BudgetExceededDetails {
  scope: BudgetScope;
  /** Persona or account name. */
  name: string;
  /** US dollars per period. */
  limit: number;
  /** US dollars spent plus those held by calls in flight. */
  spent: number;
  /** Estimated US dollars of the refused call. */
  estimate: number;
  period: BudgetPeriod;
  /** ISO time the period ends and the budget resets. */
  periodEnd: string;
}

/** A USD budget would be exceeded; refused before anything was sent to HeyGen. */
export class BudgetExceededError extends HeyGateError {
  readonly budget: BudgetExceededDetails;

  constructor(budget: BudgetExceededDetails) {
    const who = budget.scope === 'persona' ? `Persona "${budget.name}"` : `Account "${budget.name}"`;
    super(
      `${who} would exceed its budget of ${formatUsd(budget.limit)} per ${budget.period}: ` +
        `${formatUsd(budget.spent)} spent, this call is estimated at ${formatUsd(budget.estimate)}; ` +
        `the budget resets at ${budget.periodEnd}. Nothing was sent to HeyGen.`,
      {
        code: 'budget_exceeded',
        retryable: false,
        hint: 'Wait for the budget period to reset, use a cheaper call, or ask an operator to raise the budget.',
      },
    );
    this.name = 'BudgetExceededError';
    this.budget = budget;
  }
}

/** No allowed account can take the call now. */
export class RouteRateLimitedError extends HeyGateError {
  /** The account that is cooling down (the call's home account). */
  readonly account: string;

  constructor(message: string, options: { account: string; retryAfterMs: number; hint: string }) {
    super(message, {
      code: 'rate_limited',
      retryable: true,
      retryAfterMs: options.retryAfterMs,
      hint: options.hint,
    });
    this.name = 'RouteRateLimitedError';
    this.account = options.account;
  }
}

/**
 * A create got no answer and its outcome is not established yet; it is not re-sent blindly. How the agent gets
 * out of it depends on the create's recovery path (ADR 0018):
 * - `replay`: HeyGen keeps the first answer under the request's Idempotency-Key (or dedup field); the retry
 *   re-sends the same request on the same account and gets the job, or makes it once;
 * - `lookup` (default): the retry looks the job up first and returns it if it exists;
 * - `none`: HeyGen offers no way to find it; the record stays unknown (24 h) unless the caller asks to send again
 *   on purpose with a new idempotency key.
 */
/**
 * How an unknown outcome can be settled, or what is left of it (ADR 0018, ADR 0053): `replay` (same key, same
 * job), `lookup` (looked up on the next call), `inline` (the product was the answer; nothing kept to find),
 * `session` (a live session that lapses by itself), `none` (a lasting job nothing identifies; `listTool` shows
 * where its results appear).
 */
export interface OutcomeUnknownOptions {
  recovery?: 'replay' | 'lookup' | 'none' | 'inline' | 'session';
  listTool?: string;
  session?: { maxSeconds: number; idleSeconds?: number };
}

export class OutcomeUnknownError extends HeyGateError {
  readonly account: string;
  /** How the outcome can be settled, or what is left of it. */
  readonly recovery: NonNullable<OutcomeUnknownOptions['recovery']>;

  constructor(tool: string, account: string, cause?: unknown, options: OutcomeUnknownOptions = {}) {
    const recovery = options.recovery ?? 'lookup';
    const again = 'To make it again (and pay again), call with a new idempotency_key.';
    const session = options.session;
    const lapse = session
      ? `It ends by itself${session.idleSeconds === undefined ? '' : ` after ${session.idleSeconds} s without input, and`} ` +
        `after ${Math.round(session.maxSeconds / 60)} min at most.`
      : 'It ends by itself.';
    const texts = {
      replay: {
        message:
          `${tool} on account "${account}" got no answer; HeyGen may have started the job. Calling again with the ` +
          'same arguments returns that job (HeyGen replays it for the same Idempotency-Key), never a second one.',
        hint: 'Call again with the same arguments: you get the job the first call started, or it is made once.',
      },
      lookup: {
        message:
          `${tool} on account "${account}" got no answer and heygate could not confirm whether HeyGen started the ` +
          'job; it was not sent again, to avoid a second render.',
        hint: 'Call again with the same arguments later: heygate looks the job up first and returns it if it exists.',
      },
      inline: {
        message:
          `${tool} on account "${account}" got no answer. HeyGen returns its result in the answer and keeps no job ` +
          'to look up, so the result is lost whether or not it was charged; it was not sent again.',
        hint: again,
      },
      session: {
        message:
          `${tool} on account "${account}" got no answer; HeyGen may have opened the session, but lists no sessions, ` +
          `so it cannot be found. ${lapse} It was not opened again.`,
        hint: `Open another session with a new idempotency_key (HeyGen allows a few at once; the lost one lapses).`,
      },
      none: {
        message:
          `${tool} on account "${account}" got no answer, and HeyGen offers no way to look up or replay this call; ` +
          'it was not sent again, to avoid paying twice.',
        hint:
          (options.listTool === undefined
            ? 'Check the result in HeyGen (dashboard or list tools). '
            : `Check whether it was made with ${options.listTool}. `) +
          `${again.replace('make it', 'send it')}`,
      },
    }[recovery];
    super(texts.message, {
      code: 'outcome_unknown',
      retryable: recovery === 'replay' || recovery === 'lookup',
      retryAfterMs: recovery === 'replay' ? 1_000 : recovery === 'lookup' ? 30_000 : undefined,
      hint: texts.hint,
      cause,
    });
    this.name = 'OutcomeUnknownError';
    this.account = account;
    this.recovery = recovery;
  }
}

/** The same create is being executed by another call right now (here, or at HeyGen under the same key). */
export class RequestInProgressError extends HeyGateError {
  constructor(tool: string, retryAfterMs: number, cause?: unknown) {
    super(
      `An identical ${tool} call is still in progress; its job will be returned to this call once it is known.`,
      {
        code: 'request_in_progress',
        retryable: true,
        retryAfterMs,
        hint: 'Call again with the same arguments shortly; you will get the same job, not a second one.',
        cause,
      },
    );
    this.name = 'RequestInProgressError';
  }
}

/** Formats US dollars with at most four decimals (estimates are fractional: $0.1334). */
function formatUsd(value: number): string {
  return `$${Number(value.toFixed(4))}`;
}
