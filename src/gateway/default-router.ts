import { HeyGateError } from '../catalog/errors.ts';
import type { RouteRequest, RouteResult } from './router/create-router.ts';

/**
 * The seam between `execute()` and routing. The gateway authenticates, checks scopes and validates; then it
 * hands the call to a router, which decides which account(s) to try and sends through `request.send` (the
 * gateway's per-account HeyGen client). The full router of issue 7 (`createRouter` in ./router/: cooldowns,
 * fallback, idempotency ledger, budgets) implements this interface; {@link createDefaultRouter} is the
 * minimal one.
 */
export interface GatewayRouter {
  /** Routes one validated call; never throws for HeyGen failures (they come back as `{ ok: false }`). */
  route(request: RouteRequest): Promise<RouteResult>;
}

/** Options of {@link createDefaultRouter}. */
export interface DefaultRouterOptions {
  /** Every account in default order (`default` first). */
  accounts: () => Promise<readonly string[]>;
}

/**
 * One account, one attempt, no fallback: the account the call names, else the persona's first allowed
 * account, else `default` (else the first account configured).
 */
export function createDefaultRouter(options: DefaultRouterOptions): GatewayRouter {
  return {
    async route(request) {
      let account = request.account ?? request.persona?.accounts[0];
      if (account === undefined) {
        const accounts = await options.accounts();
        account = accounts.includes('default') ? 'default' : accounts[0];
      }
      if (account === undefined) {
        const error = new HeyGateError('No HeyGen account is configured for this call.', {
          code: 'no_account',
          hint: 'Add one with `heygate accounts add NAME` (key on stdin), or set HEYGEN_API_KEY.',
        });
        return { ok: false, error, outcome: 'error', attempts: [] };
      }
      try {
        const result = await request.send(account, request.tool, request.input, {
          ...(request.idempotencyKey === undefined ? {} : { idempotencyKey: request.idempotencyKey }),
          ...(request.signal ? { signal: request.signal } : {}),
        });
        return {
          ok: true,
          data: result.data,
          account,
          ...(result.requestId === undefined ? {} : { requestId: result.requestId }),
          ...(result.creditsCharged === undefined ? {} : { creditsCharged: result.creditsCharged }),
          attempts: [{ account, outcome: 'ok' }],
        };
      } catch (error) {
        if (!HeyGateError.isInstance(error)) throw error;
        const rateLimited = error.code === 'rate_limited';
        return {
          ok: false,
          error,
          outcome: rateLimited ? 'rate_limited' : 'error',
          account,
          attempts: [{ account, outcome: rateLimited ? 'rate_limited' : 'rejected', reason: error.code }],
        };
      }
    },
  };
}
