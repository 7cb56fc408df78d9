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
 *
 * Where HeyGen offers none of these, what "recovery" means is fixed per kind of result (ADR 0053); a lost
 * answer is never re-sent blind, it is answered `outcome_unknown` with a hint that says exactly what is left:
 *
 * - `inline`: the create starts no job — what was bought is in the answer itself (speech audio, designed voices,
 *   a preview). HeyGen keeps nothing to look up, so a lost answer leaves no charged job behind to find; making it
 *   again is a new purchase the caller asks for with a new idempotency key.
 * - `session`: the job is a live session HeyGen lists nowhere and ends by itself (`JobKind.session`): an orphan
 *   lapses within the session's limits, and a new session needs a new idempotency key.
 * - `none`: a lasting job HeyGen neither replays nor lists in a way that identifies it. The hint names the list
 *   tool where its results appear, when the catalog has one (`listTool`).
 */
export type RecoveryPath =
  | { kind: 'key' }
  | { kind: 'field'; field: string }
  | { kind: 'lookup'; plan: ReconcilePlan }
  | { kind: 'inline' }
  | { kind: 'session'; maxSeconds: number; idleSeconds?: number }
  | { kind: 'none'; listTool?: string };

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
  if (plan) return { kind: 'lookup', plan };
  if (!tool.job) return { kind: 'inline' };
  if (tool.job.session) return { kind: 'session', ...tool.job.session };
  const listTool = resultList(tool, tools);
  return listTool ? { kind: 'none', listTool } : { kind: 'none' };
}

/**
 * The list tool where a job without a recovery path shows its results: the `GET` on the create's path or on its
 * parent (`POST /v3/videos/batches` → `GET /v3/videos`), or a read tool on the job's own path.
 */
function resultList(tool: ToolDefinition, tools: readonly ToolDefinition[]): string | undefined {
  const paths = [tool.endpoint.path, tool.endpoint.path.replace(/\/[^/]+$/, '')];
  const lists = tools.filter(
    (candidate) =>
      candidate.access === 'read' &&
      candidate.endpoint.method === 'GET' &&
      candidate.endpoint.host === tool.endpoint.host &&
      paths.includes(candidate.endpoint.path),
  );
  return (lists.find((candidate) => candidate.family === 'v3') ?? lists[0])?.name ?? tool.job?.statusTool;
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
