import type { ToolDefinition } from '../../catalog/define-tool.ts';
import { reconcilePlan, type ReconcilePlan } from './reconcile-create.ts';

/**
 * How a create whose answer was lost (timeout, reset, 5xx after HeyGen processed it) is recovered without a
 * second job — one of, in order of preference (ADR 0018):
 *
 * - `key`: HeyGen honours `Idempotency-Key` on the endpoint (the catalog's `idempotencyKey` flag; a composite
 *   tool inherits it from the v3 endpoint it is carried on). The router re-sends on the same account with the
 *   same key — one bound to a fingerprint of the request — and HeyGen answers with the first job.
 * - `field`: HeyGen deduplicates on a body field (`idempotencyField`, e.g. background removals' `request_id`).
 *   The router stamps it with the same fingerprint and re-sends the same body.
 * - `lookup`: the job is found by listing or reading (see `ReconcilePlan`).
 * - `none`: nothing identifies the job. A lost answer stays `outcome_unknown` (never re-sent).
 */
export type RecoveryPath =
  | { kind: 'key' }
  | { kind: 'field'; field: string }
  | { kind: 'lookup'; plan: ReconcilePlan }
  | { kind: 'none' };

const paths = new WeakMap<ToolDefinition, RecoveryPath>();

/** The recovery path of a create (derived from the catalog; cached per tool). */
export function recoveryPath(tool: ToolDefinition, tools: readonly ToolDefinition[]): RecoveryPath {
  let path = paths.get(tool);
  if (!path) {
    path = derive(tool, tools);
    paths.set(tool, path);
  }
  return path;
}

function derive(tool: ToolDefinition, tools: readonly ToolDefinition[]): RecoveryPath {
  if (honoursKey(tool, tools)) return { kind: 'key' };
  if (tool.idempotencyField) return { kind: 'field', field: tool.idempotencyField };
  const plan = reconcilePlan(tool, tools);
  return plan ? { kind: 'lookup', plan } : { kind: 'none' };
}

/**
 * True when HeyGen replays a repeated Idempotency-Key for this tool: an http tool flagged so, or a composite
 * carried on such an endpoint (its client derives one key per inner call from the call's key, so a repeat
 * repeats every inner key).
 */
export function honoursKey(tool: ToolDefinition, tools: readonly ToolDefinition[]): boolean {
  if (tool.implementation.kind === 'http') return tool.idempotencyKey === true;
  if (tool.implementation.kind !== 'composite') return false;
  const carrier = tools.find(
    (candidate) =>
      candidate.implementation.kind === 'http' &&
      candidate.endpoint.method === tool.endpoint.method &&
      candidate.endpoint.path === tool.endpoint.path &&
      candidate.endpoint.host === tool.endpoint.host,
  );
  return carrier?.idempotencyKey === true;
}
