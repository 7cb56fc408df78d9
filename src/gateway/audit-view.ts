import { InvalidInputError } from '../catalog/errors.ts';
import type { AuditKind, AuditOutcome, AuditQuery, AuditRecord } from '../store/store.ts';

/** An audit record as the CLI (`--json`, `--jsonl`) and the admin REST API show it: snake_case, JSON parsed. */
export interface AuditRecordView {
  seq: number;
  time: string;
  user: string | null;
  persona_id: string | null;
  persona_name: string | null;
  surface: string;
  prompt: string | null;
  tool: string;
  account: string | null;
  fallback_from: string | null;
  arguments: unknown;
  response: unknown;
  error: unknown;
  outcome: AuditOutcome;
  request_id: string | null;
  latency_ms: number;
  credits: number | null;
  /** The router's attempts and replay/reconcile flags (`{ attempts, replayed?, reconciled? }`), when routed. */
  routing: unknown;
  /** `call`, `admin` (an operator or admin-persona action; `tool` names it, e.g. `persona.create`) or `intent` (what a call was about to send, written before it was sent; ADR 0017). */
  kind: AuditKind;
  /** Where the record belongs: the flow run or MCP task of a call, `{"intent": seq}` on a call's record, `{"idempotency_key": …}` on an intent. */
  context: unknown;
  /** Cost in US dollars, when known. */
  cost_usd: number | null;
  prev_hash: string;
  hash: string;
}

function parsed(json: string | null): unknown {
  if (json === null) return null;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return json;
  }
}

/** The display form of a stored record. */
export function auditRecordView(record: AuditRecord): AuditRecordView {
  return {
    seq: record.seq,
    time: record.time,
    user: record.user,
    persona_id: record.personaId,
    persona_name: record.personaName,
    surface: record.surface,
    prompt: record.prompt,
    tool: record.tool,
    account: record.account,
    fallback_from: record.fallbackFrom,
    arguments: parsed(record.arguments),
    response: parsed(record.response),
    error: parsed(record.error),
    outcome: record.outcome,
    request_id: record.requestId,
    latency_ms: record.latencyMs,
    credits: record.credits,
    routing: parsed(record.routing ?? null),
    kind: record.kind ?? 'call',
    context: parsed(record.context ?? null),
    cost_usd: record.costUsd ?? null,
    prev_hash: record.prevHash,
    hash: record.hash,
  };
}

const durations: Record<string, number> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};
const outcomes: readonly AuditOutcome[] = ['ok', 'error', 'denied', 'rate_limited', 'pending'];
const kinds: readonly AuditKind[] = ['call', 'admin', 'intent'];

function invalid(field: string, expected: string, message: string): InvalidInputError {
  return new InvalidInputError('audit', [{ field, expected, message }]);
}

/** Raw audit filters as they arrive from a command line or a query string. */
export interface AuditFilterInput {
  persona?: string;
  /** `call`, `admin` or `intent`. */
  kind?: string;
  tool?: string;
  outcome?: string;
  /** The surface a record came through (`mcp`, `http`, `cli`, …). */
  surface?: string;
  since?: string;
  until?: string;
  limit?: string | number;
  cursor?: string;
  order?: string;
}

/**
 * Validates audit filters: `since`/`until` as ISO dates or durations back from now (`15m`, `24h`, `7d`),
 * `outcome` one of ok | error | denied | rate_limited | pending, `kind` call | admin | intent, `limit` 1–1000. Bad
 * values name the field.
 */
export function parseAuditQuery(input: AuditFilterInput, now: number = Date.now()): AuditQuery {
  const query: AuditQuery = {};
  const time = (field: string, value: string): string => {
    const relative = /^(\d+)\s*([smhdw])$/.exec(value.trim());
    if (relative) return new Date(now - Number(relative[1]) * durations[relative[2]!]!).toISOString();
    const date = new Date(value);
    if (Number.isNaN(date.getTime()))
      throw invalid(field, 'an ISO date or a duration such as 15m, 24h, 7d', `Invalid ${field} "${value}".`);
    return date.toISOString();
  };
  if (input.persona) query.persona = input.persona;
  if (input.tool) query.tool = input.tool;
  if (input.kind) {
    if (!(kinds as readonly string[]).includes(input.kind))
      throw invalid('kind', kinds.join(' | '), `Invalid kind "${input.kind}".`);
    query.kind = input.kind as AuditKind;
  }
  if (input.outcome) {
    if (!(outcomes as readonly string[]).includes(input.outcome)) {
      throw invalid('outcome', outcomes.join(' | '), `Invalid outcome "${input.outcome}".`);
    }
    query.outcome = input.outcome as AuditOutcome;
  }
  if (input.surface) query.surface = input.surface;
  if (input.since) query.since = time('since', input.since);
  if (input.until) query.until = time('until', input.until);
  if (input.limit !== undefined && input.limit !== '') {
    const limit = Number(input.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      throw invalid('limit', 'an integer 1–1000', `Invalid limit "${input.limit}".`);
    query.limit = limit;
  }
  if (input.cursor) {
    if (!/^\d+$/.test(input.cursor))
      throw invalid('cursor', 'a cursor from a previous page', `Invalid cursor "${input.cursor}".`);
    query.cursor = input.cursor;
  }
  if (input.order) {
    if (input.order !== 'asc' && input.order !== 'desc')
      throw invalid('order', 'asc | desc', `Invalid order "${input.order}".`);
    query.order = input.order;
  }
  return query;
}
