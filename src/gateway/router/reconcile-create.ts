import { z } from 'zod';
import type { ToolDefinition } from '../../catalog/define-tool.ts';

/**
 * How heygate finds a job whose create got no answer (timeout, reset, 5xx) when HeyGen offers no replay for it
 * (no Idempotency-Key, no dedup field). Derived from the catalog, so a new job kind needs no entry here:
 *
 * - `list`: the list endpoint is the `GET` on the create's own path (`POST /v3/videos` → `GET /v3/videos`), and
 *   the router stamps a marker its items echo — `callback_id` (AI clipping, and translations or lipsyncs when
 *   their key is not usable), else `title`.
 * - `messages`: the job is a conversation whose status shows the user's messages (video agents). The create's
 *   own text (`prompt`, `message`) is the marker: a session created or messaged since the attempt with exactly
 *   that text is the job. The session comes from the input (`POST /v3/video-agents/{session_id}`) or from the
 *   list on the create's path (`POST /v3/video-agents` → `GET /v3/video-agents`, then each new session's status).
 * - `snapshot`: the job is an item of a list on the create's parent path that shows its `name` but no creation
 *   time (voice clones). Before each send the router notes which items already carry the name the create gives
 *   (`*_name`); after a lost answer, an item with that name that was not there before is the job (ADR 0053).
 * - `items`: the create submits an array of item bodies whose own jobs appear in the list on its parent path
 *   (`POST /v3/videos/batches` → `GET /v3/videos`), but the batch itself is listed nowhere. Each item is stamped
 *   with its own `title` (`<marker>-<index>`, unless the caller titled it); the item jobs found by title are the
 *   batch, and the create's answer is rebuilt from them (ADR 0057).
 */
export type ReconcilePlan =
  | {
      kind: 'list';
      /** The list tool to search (one page, newest first). */
      listTool: ToolDefinition;
      /** The field stamped and matched. */
      matchField: 'callback_id' | 'title';
    }
  | {
      kind: 'messages';
      /** The job's status tool, whose answer carries `messages[]` with `role` and `content`. */
      statusTool: ToolDefinition;
      /** Lists new jobs when the input does not name the job (`POST /v3/video-agents`). */
      listTool?: ToolDefinition;
      /** The create's text field the job's user message echoes. */
      textField: 'prompt' | 'message';
    }
  | {
      kind: 'snapshot';
      /** The list of the account's own items, on the create's parent path (`POST /v3/voices/clone` → `GET /v3/voices`). */
      listTool: ToolDefinition;
      /** The create's `*_name` field the new item's `name` echoes (`voice_name`); none for a `scope` snapshot. */
      nameField?: string;
      /** What makes the list show the account's own items (`type: private`), when it needs saying. */
      filter: Record<string, unknown>;
      /**
       * The part of the list the new item appears in, read from the item the input names (`newItemIn`: the
       * motion look joins the group of the look it animates).
       */
      scope?: { readTool: ToolDefinition; from: string; as: string; field: string };
    }
  | {
      kind: 'items';
      /** The list of the items' own jobs, on the create's parent path (`GET /v3/videos`), filterable by title. */
      listTool: ToolDefinition;
      /** The input's array of item bodies (`videos`). */
      itemsField: string;
      /** The item field stamped and matched, one value per item. */
      matchField: 'title';
    };

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
  if (tool.job && tool.endpoint.method === 'POST')
    plan =
      messagesPlan(tool, tools) ??
      listPlan(tool, tools) ??
      itemsPlan(tool, tools) ??
      snapshotPlan(tool, tools);
  plans.set(tool, plan);
  return plan ?? undefined;
}

/** The `GET` http tool on `path` (same host as the create), if the catalog has one. */
function getOn(tool: ToolDefinition, tools: readonly ToolDefinition[], path: string) {
  return tools.find(
    (candidate) =>
      candidate.endpoint.method === 'GET' &&
      candidate.endpoint.path === path &&
      candidate.endpoint.host === tool.endpoint.host &&
      candidate.implementation.kind === 'http',
  );
}

function listPlan(tool: ToolDefinition, tools: readonly ToolDefinition[]): ReconcilePlan | null {
  const listTool = getOn(tool, tools, tool.endpoint.path);
  if (!listTool) return null;
  const items = schemaText(listTool.output);
  if (items.includes('"callback_id"') && acceptsField(tool, 'callback_id'))
    return { kind: 'list', listTool, matchField: 'callback_id' };
  if (items.includes('"title"') && acceptsField(tool, 'title'))
    return { kind: 'list', listTool, matchField: 'title' };
  return null;
}

/** The `GET` on the create's parent path (`POST /v3/voices/clone` → `GET /v3/voices`), if any. */
function parentList(tool: ToolDefinition, tools: readonly ToolDefinition[]) {
  const parent = tool.endpoint.path.replace(/\/[^/{}]+$/, '');
  return parent === tool.endpoint.path || parent === '' ? undefined : getOn(tool, tools, parent);
}

function itemsPlan(tool: ToolDefinition, tools: readonly ToolDefinition[]): ReconcilePlan | null {
  const listTool = parentList(tool, tools);
  if (!listTool || !schemaText(listTool.output).includes('"title"')) return null;
  if (!listTool.input().safeParse({ title: 'x' }).success) return null;
  const itemsField = arrayFieldsOf(tool).find(([, items]) => JSON.stringify(items).includes('"title"'))?.[0];
  return itemsField ? { kind: 'items', listTool, itemsField, matchField: 'title' } : null;
}

/** Top-level array fields of the tool's input, with their item schema. */
function arrayFieldsOf(tool: ToolDefinition): [string, unknown][] {
  const properties = (inputJsonSchema(tool)['properties'] ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(properties)
    .filter(([, property]) => property['type'] === 'array')
    .map(([field, property]) => [field, property['items']]);
}

function inputJsonSchema(tool: ToolDefinition): Record<string, any> {
  try {
    return z.toJSONSchema(tool.input(), { unrepresentable: 'any' }) as Record<string, any>;
  } catch {
    return {};
  }
}

function snapshotPlan(tool: ToolDefinition, tools: readonly ToolDefinition[]): ReconcilePlan | null {
  if (tool.newItemIn) return scopePlan(tool.newItemIn, tools);
  const listTool = parentList(tool, tools);
  if (!listTool || !schemaText(listTool.output).includes('"name"')) return null;
  const nameField = requiredStringFields(tool).find((field) => field.endsWith('_name'));
  if (!nameField) return null;
  return { kind: 'snapshot', listTool, nameField, filter: ownItems(listTool) };
}

/** A snapshot of the part of a list the catalog names (`newItemIn`), when its tools exist and fit. */
function scopePlan(
  where: NonNullable<ToolDefinition['newItemIn']>,
  tools: readonly ToolDefinition[],
): ReconcilePlan | null {
  const listTool = tools.find((candidate) => candidate.name === where.list);
  const readTool = tools.find((candidate) => candidate.name === where.read);
  if (!listTool || !readTool || listTool.access !== 'read' || readTool.access !== 'read') return null;
  const filter = ownItems(listTool);
  if (!listTool.input().safeParse({ ...filter, [where.scope]: 'x' }).success) return null;
  const scope = { readTool, from: where.from, as: where.as, field: where.scope };
  return { kind: 'snapshot', listTool, filter, scope };
}

/** What makes a list show the account's own items (`type: private` or `ownership: private`), if it takes it. */
function ownItems(listTool: ToolDefinition): Record<string, unknown> {
  const schema = listTool.input();
  return (
    [{ type: 'private' }, { ownership: 'private' }].find(
      (candidate) => schema.safeParse(candidate).success,
    ) ?? {}
  );
}

/** Top-level string fields every variant of the tool's input requires. */
function requiredStringFields(tool: ToolDefinition): string[] {
  const json = inputJsonSchema(tool);
  const properties = (json['properties'] ?? {}) as Record<string, { type?: unknown }>;
  const required = new Set<string>(Array.isArray(json['required']) ? json['required'] : []);
  return Object.entries(properties)
    .filter(([field, property]) => required.has(field) && property.type === 'string')
    .map(([field]) => field);
}

function messagesPlan(tool: ToolDefinition, tools: readonly ToolDefinition[]): ReconcilePlan | null {
  const job = tool.job!;
  const statusTool = tools.find((candidate) => candidate.name === job.statusTool);
  if (!statusTool || statusTool.implementation.kind !== 'http') return null;
  const status = schemaText(statusTool.output);
  if (!status.includes('"messages"') || !status.includes('"role"') || !status.includes('"content"'))
    return null;
  const textField = (['prompt', 'message'] as const).find((field) => acceptsField(tool, field));
  if (!textField) return null;
  // The job named in the create's path (a message to a session), or new ones found through the list.
  if (tool.endpoint.path.includes(`{${job.idField}}`)) return { kind: 'messages', statusTool, textField };
  const listTool = getOn(tool, tools, tool.endpoint.path);
  if (!listTool || !schemaText(listTool.output).includes(`"${job.idField}"`)) return null;
  return { kind: 'messages', statusTool, listTool, textField };
}

/**
 * Stamps the create's input with the marker reconciliation matches on, unless the caller already set the
 * field (then the caller's value is the marker). Only fields the tool's own schema accepts are stamped; the
 * stamped input is re-validated so a strict variant that lacks the field keeps the input as it was. A
 * `messages` plan stamps nothing: the caller's own text is the marker.
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
  // A snapshot stamp is read from the account before each send (`snapshotStamp`).
  if (plan.kind === 'snapshot') return { input, stamp: {} };
  if (plan.kind === 'messages') {
    const text = record[plan.textField];
    return { input, stamp: filled(text) ? { [plan.textField]: text } : {} };
  }
  if (plan.kind === 'items') return stampItems(tool, plan, record, marker);
  return stampField(tool, plan.matchField, input, marker);
}

/**
 * Gives every item the caller left untitled its own marker (`<marker>-<index>`); the stamp records the marker
 * and the number of items. Caller titles are kept (and matched as they are).
 */
function stampItems(
  tool: ToolDefinition,
  plan: Extract<ReconcilePlan, { kind: 'items' }>,
  record: Record<string, unknown>,
  marker: string,
): { input: unknown; stamp: Record<string, string> } {
  const items = record[plan.itemsField];
  if (!Array.isArray(items) || items.length === 0) return { input: record, stamp: {} };
  const stamped = {
    ...record,
    [plan.itemsField]: items.map((item: unknown, index) =>
      isRecord(item) && !filled(item[plan.matchField])
        ? { ...item, [plan.matchField]: `${marker}-${index}` }
        : item,
    ),
  };
  if (!tool.input().safeParse(stamped).success) return { input: record, stamp: {} };
  return { input: stamped, stamp: { [plan.matchField]: marker, items: String(items.length) } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function filled(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

/** Sets `field` to `marker` unless the caller set it (the caller's value is then the marker). */
export function stampField(
  tool: ToolDefinition,
  field: string,
  input: unknown,
  marker: string,
): { input: unknown; stamp: Record<string, string> } {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return { input, stamp: {} };
  const record = input as Record<string, unknown>;
  const existing = record[field];
  if (filled(existing)) return { input, stamp: { [field]: existing } };
  const stamped = { ...record, [field]: marker };
  if (!tool.input().safeParse(stamped).success) return { input, stamp: {} };
  return { input: stamped, stamp: { [field]: marker } };
}

/**
 * Looks for the job a create may have made, on the same account, created no earlier than the attempt (minus
 * clock skew): one page of the list matched on the stamped marker, or the user messages of the job's
 * conversation. Throws when the lookup itself fails, or when the marker matches several jobs — the caller then
 * keeps the outcome unknown rather than guessing.
 */
export async function reconcileCreate(options: {
  tool: ToolDefinition;
  plan: ReconcilePlan;
  stamp: Record<string, string>;
  attemptAt: number;
  send: ReconcileSend;
  /** The create's input (a `messages` plan reads the job id from it, an `items` plan the caller's titles). */
  input?: unknown;
  /** Now (router clock, ms): an `items` lookup tells "not made" from "not listed yet" by the attempt's age. */
  now?: number;
}): Promise<ReconcileOutcome> {
  const { tool, plan } = options;
  const job = tool.job;
  const marker = options.stamp[markerField(plan)];
  if (marker === undefined || !job) throw new Error(`${tool.name}: nothing to match a job on`);
  const since = options.attemptAt - clockSkewMs;
  if (plan.kind === 'items') return itemsOutcome(plan, marker, since, options);
  const ids =
    plan.kind === 'list'
      ? await listMatches(plan, marker, since, options.send, job.idField)
      : plan.kind === 'snapshot'
        ? await snapshotMatches(plan, marker, options.stamp['known'] ?? '', options.send, job.idField)
        : await messageMatches(plan, marker, since, options, job.idField);
  if (ids.length === 0) return { found: false };
  const manyJobs = /_ids$|\.\d+$/.test(job.resultIdPath);
  // A single-job create matching several jobs means the marker was not unique (a caller-chosen title reused
  // within minutes): guessing could hand back someone else's job, so the outcome stays unknown.
  if (!manyJobs && ids.length > 1) throw new Error(`${ids.length} jobs match "${marker.slice(0, 80)}"`);
  const result: Record<string, unknown> = {};
  setPath(
    result,
    job.resultIdPath,
    ids.map((match) => match.id),
  );
  const status = ids[0]?.status;
  if (!manyJobs && typeof status === 'string' && !job.resultIdPath.includes('.')) result['status'] = status;
  return { found: true, result, ids: ids.map((match) => match.id) };
}

function markerField(plan: ReconcilePlan): string {
  if (plan.kind === 'list' || plan.kind === 'items') return plan.matchField;
  if (plan.kind === 'snapshot') return plan.nameField ?? plan.scope?.field ?? 'known';
  return plan.textField;
}

/**
 * How long after the send an `items` lookup that finds none of the items still cannot tell "not made" from "not
 * listed yet": HeyGen creates a batch item's video asynchronously (`video_id` is null while the item is queued).
 * Past it, no item found means the batch was not made.
 */
export const itemsSettleMs = 60_000;

/** Most distinct titles an `items` lookup asks the list for (each caller title is one request). */
const maxTitleQueries = 10;

/**
 * Finds the item jobs of a create that submits several (a video batch) by the title each item was sent with, and
 * rebuilds the create's answer from them: the batch id is not listed anywhere, so it is `null`, and the answer
 * carries the item jobs instead (`video_ids`, and `items[]` by `item_index` with `title`, `video_id`, `status`;
 * an item not listed yet has `video_id: null`). Throws when the titles match more jobs than items (a reused
 * title) or when nothing is listed yet and the attempt is too recent to call it absent.
 */
async function itemsOutcome(
  plan: Extract<ReconcilePlan, { kind: 'items' }>,
  marker: string,
  since: number,
  options: {
    stamp: Record<string, string>;
    attemptAt: number;
    now?: number;
    input?: unknown;
    send: ReconcileSend;
  },
): Promise<ReconcileOutcome> {
  const titles = itemTitles(plan, marker, Number(options.stamp['items'] ?? 0), options.input);
  const listed = await listedByTitle(plan, marker, titles, since, options.send);
  const items = titles.map((title, index) => {
    const match = listed.get(title)?.shift();
    return { item_index: index, title, video_id: match?.id ?? null, status: match?.status ?? 'queued' };
  });
  const surplus = [...listed.values()].reduce((total, left) => total + left.length, 0);
  if (surplus > 0) throw new Error(`${surplus} more jobs than items carry the batch's titles`);
  const ids = items.flatMap((item) => (item.video_id === null ? [] : [item.video_id]));
  if (ids.length === 0) {
    if ((options.now ?? options.attemptAt) - options.attemptAt < itemsSettleMs)
      throw new Error('none of the items is listed yet');
    return { found: false };
  }
  const result = { batch_id: null, status: 'processing', total_items: titles.length, video_ids: ids, items };
  return { found: true, result, ids };
}

/** The title each item was sent with: the caller's, or the stamped `<marker>-<index>`. */
function itemTitles(
  plan: Extract<ReconcilePlan, { kind: 'items' }>,
  marker: string,
  count: number,
  input: unknown,
): string[] {
  const items = isRecord(input) && Array.isArray(input[plan.itemsField]) ? input[plan.itemsField] : [];
  return Array.from({ length: count }, (_, index) => {
    const item = (items as unknown[])[index];
    const own = isRecord(item) ? item[plan.matchField] : undefined;
    return filled(own) ? own : `${marker}-${index}`;
  });
}

/**
 * The jobs created since the attempt whose title is one of `titles`, oldest first per title: one list request for
 * the stamped titles (they share the marker) and one per distinct caller title.
 */
async function listedByTitle(
  plan: Extract<ReconcilePlan, { kind: 'items' }>,
  marker: string,
  titles: readonly string[],
  since: number,
  send: ReconcileSend,
): Promise<Map<string, Match[]>> {
  const queries = [...new Set(titles.map((title) => (title.startsWith(`${marker}-`) ? marker : title)))];
  if (queries.length > maxTitleQueries)
    throw new Error(`${queries.length} distinct item titles: too many to look up`);
  const wanted = new Set(titles);
  const listed = new Map<string, Match[]>();
  for (const query of queries) {
    const data = await send(plan.listTool, listInput(plan.listTool, { title: query }));
    for (const item of listItems(data).reverse()) {
      const title = item[plan.matchField];
      const id = item['id'];
      if (typeof title !== 'string' || !wanted.has(title) || typeof id !== 'string') continue;
      if (!createdSince(item, since) || listed.get(title)?.some((match) => match.id === id)) continue;
      listed.set(title, [...(listed.get(title) ?? []), { id, status: item['status'] }]);
    }
  }
  return listed;
}

/** A job the lookup found. */
interface Match {
  id: string;
  status?: unknown;
}

async function listMatches(
  plan: Extract<ReconcilePlan, { kind: 'list' }>,
  marker: string,
  since: number,
  send: ReconcileSend,
  idField: string,
): Promise<Match[]> {
  const data = await send(
    plan.listTool,
    listInput(plan.listTool, plan.matchField === 'title' ? { title: marker } : {}),
  );
  return listItems(data)
    .filter((item) => item[plan.matchField] === marker && createdSince(item, since))
    .flatMap((item) => {
      const id = item['id'] ?? item[lastSegment(idField)];
      return typeof id === 'string' ? [{ id, status: item['status'] }] : [];
    });
}

/** Most pages of the account's own items a snapshot reads; more and the account is too big to tell. */
const maxSnapshotPages = 10;

/**
 * Before a send of a `snapshot` create: the ids already in the part of the list where its job will appear, as the
 * stamp to record with the attempt — the items carrying the name the create gives (`{ voice_name, known }`), or
 * every item of the scope read from the item the input names (`{ group_id, known }`). Empty when the input has no
 * such name or item, or the list cannot be read in full: a lost answer then stays unknown.
 */
export async function snapshotStamp(options: {
  tool: ToolDefinition;
  plan: ReconcilePlan;
  input: unknown;
  send: ReconcileSend;
}): Promise<Record<string, string>> {
  const { plan, tool } = options;
  if (plan.kind !== 'snapshot' || !tool.job) return {};
  try {
    const part = await snapshotPart(plan, options.input, options.send);
    if (part === undefined) return {};
    const known = (await listAll(plan.listTool, part.filter, options.send))
      .filter(part.holds)
      .map((item) => itemId(item, tool.job!.idField))
      .filter((id): id is string => id !== undefined);
    return { [part.key]: part.value, known: known.join(',') };
  } catch {
    return {};
  }
}

/** Where a snapshot looks: the stamp key and value, the list filter, and which listed items count. */
interface SnapshotPart {
  key: string;
  value: string;
  filter: Record<string, unknown>;
  holds: (item: Record<string, unknown>) => boolean;
}

/** The part of the list a snapshot covers, from the create's input (`undefined` when the input lacks it). */
async function snapshotPart(
  plan: Extract<ReconcilePlan, { kind: 'snapshot' }>,
  input: unknown,
  send: ReconcileSend,
): Promise<SnapshotPart | undefined> {
  const record = isRecord(input) ? input : {};
  if (plan.nameField !== undefined) {
    const name = record[plan.nameField];
    return filled(name) ? partFor(plan, name) : undefined;
  }
  const { scope } = plan;
  const source = scope ? record[scope.from] : undefined;
  if (!scope || !filled(source)) return undefined;
  const value = unwrapData(await send(scope.readTool, { [scope.as]: source }))[scope.field];
  return filled(value) ? partFor(plan, value) : undefined;
}

/** The part a snapshot covers for `value`: the items with that name, or every item of that scope. */
function partFor(plan: Extract<ReconcilePlan, { kind: 'snapshot' }>, value: string): SnapshotPart {
  if (plan.nameField !== undefined)
    return { key: plan.nameField, value, filter: plan.filter, holds: (item) => item['name'] === value };
  const key = plan.scope!.field;
  return { key, value, filter: { ...plan.filter, [key]: value }, holds: () => true };
}

async function snapshotMatches(
  plan: Extract<ReconcilePlan, { kind: 'snapshot' }>,
  value: string,
  knownText: string,
  send: ReconcileSend,
  idField: string,
): Promise<Match[]> {
  const part = partFor(plan, value);
  const known = new Set(knownText.split(',').filter((id) => id !== ''));
  return (await listAll(plan.listTool, part.filter, send)).flatMap((item) => {
    const id = itemId(item, idField);
    return part.holds(item) && id !== undefined && !known.has(id) ? [{ id, status: item['status'] }] : [];
  });
}

/** Every item of a list (following `next_token`), or a throw past `maxSnapshotPages`. */
async function listAll(
  listTool: ToolDefinition,
  filter: Record<string, unknown>,
  send: ReconcileSend,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let token: string | undefined;
  for (let page = 0; page < maxSnapshotPages; page += 1) {
    const data = await send(
      listTool,
      listInput(listTool, token === undefined ? filter : { ...filter, token }),
    );
    items.push(...listItems(data));
    const next = nextToken(data);
    if (next === undefined) return items;
    token = next;
  }
  throw new Error(`${listTool.name}: more than ${maxSnapshotPages} pages to read`);
}

/** The cursor of the next page (`next_token`, at the top or under `data`), when there is one. */
function nextToken(data: unknown): string | undefined {
  const record = (data ?? {}) as Record<string, any>;
  for (const level of [record, record['data']]) {
    if (level === null || typeof level !== 'object' || Array.isArray(level)) continue;
    if (level['has_more'] === false) return undefined;
    const token = level['next_token'];
    if (typeof token === 'string' && token !== '') return token;
  }
  return undefined;
}

function itemId(item: Record<string, unknown>, idField: string): string | undefined {
  const id = item[lastSegment(idField)] ?? item['id'];
  return typeof id === 'string' ? id : undefined;
}

/** Most new sessions whose status a lookup reads; more means the account is too busy to tell. */
const maxSessionsRead = 20;

async function messageMatches(
  plan: Extract<ReconcilePlan, { kind: 'messages' }>,
  text: string,
  since: number,
  options: { send: ReconcileSend; input?: unknown },
  idField: string,
): Promise<Match[]> {
  const named = (options.input as Record<string, unknown> | undefined)?.[idField];
  let candidates: string[];
  if (plan.listTool) {
    const listed = listItems(await options.send(plan.listTool, listInput(plan.listTool, {})));
    candidates = listed
      .filter((item) => createdSince(item, since))
      .map((item) => item[idField])
      .filter((id): id is string => typeof id === 'string');
    if (candidates.length > maxSessionsRead)
      throw new Error(`${candidates.length} new sessions since the attempt: too many to read`);
  } else if (typeof named === 'string') {
    candidates = [named];
  } else {
    throw new Error(`no ${idField} to look the job up with`);
  }
  const matches: Match[] = [];
  for (const id of candidates) {
    const status = unwrapData(await options.send(plan.statusTool, { [idField]: id }));
    const messages = Array.isArray(status['messages']) ? status['messages'] : [];
    const echoed = messages.filter(
      (message: Record<string, unknown>) =>
        message?.['role'] === 'user' && message['content'] === text && createdSince(message, since),
    );
    // A message sent twice to one session is two jobs: the lookup cannot tell which is ours.
    for (let count = 0; count < echoed.length; count += 1) matches.push({ id, status: status['status'] });
  }
  return matches;
}

/** True when the item has no creation time or was created at or after `since` (ms; items carry seconds). */
function createdSince(item: Record<string, unknown>, since: number): boolean {
  const createdAt = item['created_at'];
  return typeof createdAt !== 'number' || createdAt * 1000 >= since;
}

/** A status answer's object (`{ data: {...} }` or the object itself). */
function unwrapData(data: unknown): Record<string, any> {
  const record = (data ?? {}) as Record<string, any>;
  return record['data'] !== null && typeof record['data'] === 'object' && !Array.isArray(record['data'])
    ? record['data']
    : record;
}

/** Input of the lookup: the biggest page the list accepts, with `filter` when the list takes it. */
function listInput(listTool: ToolDefinition, filter: Record<string, unknown>): Record<string, unknown> {
  const schema = listTool.input();
  for (const limit of [100, 50, 20]) {
    const candidate = { ...filter, limit };
    if (schema.safeParse(candidate).success) return candidate;
  }
  return schema.safeParse(filter).success ? filter : {};
}

/** The items of a list answer: the array itself, or the first array member (`data`, `videos`, …). */
function listItems(data: unknown): Record<string, unknown>[] {
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
