import type { AuditQuery } from './store.ts';

/** Default and largest page of an audit query. */
export const auditPageLimits = { default: 50, max: 1000 } as const;

/** Normalises a time bound to the stored form (ISO UTC with milliseconds), so text comparison orders it. */
function isoTime(value: string, field: string): string {
  const time = new Date(value);
  if (Number.isNaN(time.getTime()))
    throw new RangeError(`${field} must be an ISO date or date-time, got "${value}"`);
  return time.toISOString();
}

/** A WHERE clause with positional parameters, built once for both stores. */
export interface AuditQueryPlan {
  /** `WHERE …` (or empty) using `placeholder(n)` for parameter n (1-based). */
  where: string;
  params: (string | number)[];
  /** Page size plus one (to know whether a next page exists). */
  fetch: number;
  limit: number;
  order: 'ASC' | 'DESC';
}

/**
 * Translates an audit query into SQL shared by SQLite (`?`) and Postgres (`$n`). The cursor is the last
 * seq of the previous page: pages are stable while new records are appended.
 */
export function auditQuery(
  query: AuditQuery,
  placeholder: (index: number, kind: 'text' | 'time' | 'int') => string,
): AuditQueryPlan {
  const conditions: string[] = [];
  const params: (string | number)[] = [];
  const add = (
    sql: (p: (kind: 'text' | 'time' | 'int') => string) => string,
    ...values: (string | number)[]
  ) => {
    let offset = 0;
    conditions.push(
      sql((kind) => {
        offset += 1;
        return placeholder(params.length + offset, kind);
      }),
    );
    params.push(...values);
  };
  if (query.persona)
    add((p) => `(persona_id = ${p('text')} OR persona_name = ${p('text')})`, query.persona, query.persona);
  if (query.tool) add((p) => `tool = ${p('text')}`, query.tool);
  if (query.outcome) add((p) => `outcome = ${p('text')}`, query.outcome);
  if (query.kind) add((p) => `kind = ${p('text')}`, query.kind);
  if (query.surface) add((p) => `surface = ${p('text')}`, query.surface);
  if (query.since) add((p) => `time >= ${p('time')}`, isoTime(query.since, 'since'));
  if (query.until) add((p) => `time < ${p('time')}`, isoTime(query.until, 'until'));
  const order = query.order === 'asc' ? 'ASC' : 'DESC';
  if (query.cursor !== undefined && query.cursor !== '') {
    const seq = Number(query.cursor);
    if (!Number.isSafeInteger(seq) || seq < 0)
      throw new RangeError('cursor must be a cursor returned by a previous page');
    add((p) => `seq ${order === 'ASC' ? '>' : '<'} ${p('int')}`, seq);
  }
  const limit = Math.min(
    Math.max(Math.trunc(query.limit ?? auditPageLimits.default), 1),
    auditPageLimits.max,
  );
  return {
    where: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '',
    params,
    fetch: limit + 1,
    limit,
    order,
  };
}
