import type { RoutingReport } from './types.ts';

/**
 * The audit column form of a routing report: JSON in the snake_case of the other audit fields
 * (`{ attempts: [{ account, outcome, reason?, retry_after_ms? }], replayed?, reconciled? }`). Account names and
 * reason codes only — never keys or inputs.
 */
export function routingAuditJson(report: RoutingReport): string {
  return JSON.stringify({
    attempts: report.attempts.map((attempt) => ({
      account: attempt.account,
      outcome: attempt.outcome,
      ...(attempt.reason === undefined ? {} : { reason: attempt.reason }),
      ...(attempt.retryAfterMs === undefined ? {} : { retry_after_ms: attempt.retryAfterMs }),
    })),
    ...(report.replayed ? { replayed: true } : {}),
    ...(report.reconciled ? { reconciled: true } : {}),
  });
}
