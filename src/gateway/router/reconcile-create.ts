import { z } from 'zod';
import type { ToolDefinition } from '../../catalog/define-tool.ts';

/**
 * How heygate finds a job whose create got no answer (timeout, reset, 5xx): the list tool of the same
 * resource and the field to match on. Derived from the catalog — the list endpoint is the `GET` on the
 * create's own path (`POST /v3/videos` → `GET /v3/videos`) — so a new job kind needs no entry here.
 */
export interface ReconcilePlan {
  /** The list tool to search (one page, newest first). */
  listTool: ToolDefinition;
  /**
   * `callback_id` where HeyGen's list items echo it (lipsyncs, video translations, AI clipping), else `title`
   * (videos: `GET /v3/videos` returns titles, not callback ids, and can filter by title).
   */
  matchField: 'callback_id' | 'title';
}

/** What reconciliation found. */
export type ReconcileOutcome =
  /** The job exists: `result` is shaped like the create's answer (job id at `job.resultIdPath`). */
  | { found: true; result: Record<string, unknown>; ids: string[] }
  /** HeyGen has no such job: nothing was created. */
  | { found: false };

/** Sends one call to one account (the router's transport). */
export type ReconcileSend = (tool: ToolDefinition, input: Record<string, unknown>) => Promise<unknown>;

const plans = new WeakMap<ToolDefinition, ReconcilePlan | null>();

/**
 * Jobs created more than this long before the attempt (by HeyGen's clock) never match: a caller-chosen
 * callback id or title may have been used for older jobs. Allows for clock skew between heygate and HeyGen.
 */
const clockSkewMs = 10 * 60_000;

/** The reconciliation plan of a create, or `undefined` when its jobs cannot be looked up. */
export function reconcilePlan(
  tool: ToolDefinition,
  tools: readonly ToolDefinition[],
): ReconcilePlan | undefined {
  const cached = plans.get(tool);
  if (cached !== undefined) return cached ?? undefined;
  let plan: ReconcilePlan | null = null;
  if (tool.job && tool.endpoint.method === 'POST') {
    const listTool = tools.find(
      (candidate) =>
        candidate.endpoint.method === 'GET' &&
        candidate.endpoint.path === tool.endpoint.path &&
        candidate.endpoint.host === tool.endpoint.host &&
        candidate.implementation.kind === 'http',
    );
    if (listTool) {
      const items = schemaText(listTool.output);
      if (items.includes('"callback_id"') && acceptsField(tool, 'callback_id'))
        plan = { listTool, matchField: 'callback_id' };
      else if (items.includes('"title"') && acceptsField(tool, 'title'))
        plan = { listTool, matchField: 'title' };
    }
  }
  plans.set(tool, plan);
  return plan ?? undefined;
}

/**
 * Stamps the create's input with the marker reconciliation matches on, unless the caller already set the
 * field (then the caller's value is the marker). Only fields the tool's own schema accepts are stamped; the
 * stamped input is re-validated so a strict variant that lacks the field keeps the input as it was.
 */
export function stampInput(
  tool: ToolDefinition,
  plan: ReconcilePlan | undefined,
  input: unknown,
  marker: string,
): { input: unknown; stamp: Record<string, string> } {
  if (!plan || input === null || typeof input !== 'object' || Array.isArray(input))
    return { input, stamp: {} };
  const record = input as Record<string, unknown>;
  const existing = record[plan.matchField];
  if (typeof existing === 'string' && existing !== '')
    return { input, stamp: { [plan.matchField]: existing } };
  const stamped = { ...record, [plan.matchField]: marker };
  if (!tool.input().safeParse(stamped).success) return { input, stamp: {} };
  return { input: stamped, stamp: { [plan.matchField]: marker } };
}

/**
 * Looks for the job a create may have made: one page of the list tool on the same account, matched on the
 * stamped marker and created no earlier than the attempt (minus clock skew). Throws when the lookup itself
 * fails — the caller then keeps the outcome unknown rather than guessing.
 */
export async function reconcileCreate(options: {
  tool: ToolDefinition;
  plan: ReconcilePlan;
  stamp: Record<string, string>;
  attemptAt: number;
  send: ReconcileSend;
}): Promise<ReconcileOutcome> {
  const { tool, plan, stamp } = options;
  const marker = stamp[plan.matchField];
  const job = tool.job;
  if (marker === undefined || !job) throw new Error(`${tool.name}: nothing to match a job on`);
  const data = await options.send(plan.listTool, listInput(plan, marker));
  const items = listItems(data).filter((item) => {
    if (item[plan.matchField] !== marker) return false;
    const createdAt = item['created_at'];
    return typeof createdAt !== 'number' || createdAt * 1000 >= options.attemptAt - clockSkewMs;
  });
  const ids = items
    .map((item) => item['id'] ?? item[lastSegment(job.idField)])
    .filter((id): id is string => typeof id === 'string');
  if (ids.length === 0) return { found: false };
  const manyJobs = /_ids$|\.\d+$/.test(job.resultIdPath);
  // A single-job create matching several jobs means the marker was not unique (a caller-chosen title reused
  // within minutes): guessing could hand back someone else's job, so the outcome stays unknown.
  if (!manyJobs && ids.length > 1) throw new Error(`${ids.length} jobs match ${plan.matchField} "${marker}"`);
  const result: Record<string, unknown> = {};
  setPath(result, job.resultIdPath, ids);
  const status = items[0]?.['status'];
  if (!manyJobs && typeof status === 'string' && !job.resultIdPath.includes('.')) result['status'] = status;
  return { found: true, result, ids };
}

/** Input of the lookup: the biggest page the list accepts, filtered by title when the list can. */
function listInput(plan: ReconcilePlan, marker: string): Record<string, unknown> {
  const schema = plan.listTool.input();
  const filter = plan.matchField === 'title' ? { title: marker } : {};
  for (const limit of [100, 50, 20]) {
    const candidate = { ...filter, limit };
    if (schema.safeParse(candidate).success) return candidate;
  }
  return schema.safeParse(filter).success ? filter : {};
}

/** The items of a list answer: the array itself, or the first array member (`data`, `videos`, …). */
function listItems(data: unknown): Record<string, unknown>[] {
  const isRecord = (value: unknown): value is Record<string, unknown> =>
    value !== null && typeof value === 'object' && !Array.isArray(value);
  if (Array.isArray(data)) return data.filter(isRecord);
  if (!isRecord(data)) return [];
  for (const value of Object.values(data)) {
    if (Array.isArray(value)) return value.filter(isRecord);
    if (isRecord(value)) {
      const nested = listItems(value);
      if (nested.length > 0) return nested;
    }
  }
  return [];
}

/**
 * Sets the job id(s) at a create's `resultIdPath`: `video_id` → `{ video_id }`; a list of ids
 * (`video_translation_ids`, or a path through an array index) gets every id found.
 */
function setPath(target: Record<string, unknown>, path: string, ids: readonly string[]): void {
  const steps = path.split('.');
  let current: Record<string, unknown> = target;
  for (let index = 0; index < steps.length; index += 1) {
    const step = steps[index] as string;
    const next = steps[index + 1];
    if (next !== undefined && /^\d+$/.test(next)) {
      current[step] = [...ids];
      return;
    }
    if (next === undefined) {
      // `video_translation_ids`: one create, one job per output language — all of them.
      current[step] = step.endsWith('_ids') ? [...ids] : ids[0];
      return;
    }
    const child: Record<string, unknown> = {};
    current[step] = child;
    current = child;
  }
}

function lastSegment(path: string): string {
  return path.split('.').pop() ?? path;
}

/** The JSON Schema text of a lazy schema (to see which fields a list answer carries). */
function schemaText(schema: () => z.ZodType): string {
  try {
    return JSON.stringify(z.toJSONSchema(schema(), { unrepresentable: 'any' }));
  } catch {
    return '';
  }
}

/** True when some variant of the tool's input schema declares `field`. */
function acceptsField(tool: ToolDefinition, field: string): boolean {
  return schemaText(tool.input).includes(`"${field}"`);
}
