import type { RouteResult } from './router/create-router.ts';
import type { RoutingReport } from './types.ts';

/**
 * What the router did for a call, as `ExecuteResult.routing` and the audit record report it (ADR 0008: routing
 * decisions are visible). Undefined when there is nothing to tell: no account was tried and the answer is
 * neither a replay nor a lookup (e.g. a budget refusal before sending).
 */
export function routingReport(routed: RouteResult): RoutingReport | undefined {
  const replayed = routed.ok && routed.replayed === true;
  const reconciled = routed.ok && routed.reconciled === true;
  if (routed.attempts.length === 0 && !replayed && !reconciled) return undefined;
  return {
    attempts: routed.attempts.map((attempt) => ({ ...attempt })),
    ...(replayed ? { replayed: true } : {}),
    ...(replayed && routed.replayedFrom !== undefined
      ? { replayedFrom: new Date(routed.replayedFrom).toISOString() }
      : {}),
    ...(reconciled ? { reconciled: true } : {}),
  };
}
