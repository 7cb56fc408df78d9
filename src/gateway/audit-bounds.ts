import type { InputIssue } from '../catalog/errors.ts';
import type { ExecuteRequest } from './types.ts';

/**
 * Bounds on what a call may ask the audit log to keep (issue 10, ADR 0017). Everything an agent controls that
 * lands in an audit record is checked before anything is sent to HeyGen, so an audit write can never fail
 * because of what the agent sent — a paid call that HeyGen has run is never left without its record.
 *
 * - Refused (invalid_input naming the field): a `prompt`, `user` or `account` that is not a string, a `user` or
 *   `account` longer than their caps, an `idempotency_key` outside HeyGen's own key format, and an `input`
 *   nested deeper than {@link auditLimits.inputDepth} (the record's JSON, the redaction of secret fields and
 *   the hash all walk it).
 * - Kept but shortened: a `prompt` over {@link auditLimits.promptChars} keeps its start and says how long it
 *   was; arguments and responses over the audit cap are stored as a marked preview (redact-for-audit.ts).
 */
export const auditLimits = {
  /** Characters of the prompt or reason kept in a record. */
  promptChars: 8192,
  /** Longest `user` (an identifier of the end user). */
  userChars: 256,
  /** Longest account name. */
  accountChars: 128,
  /** Deepest nesting of a tool input (the catalog's deepest schema is far shallower). */
  inputDepth: 32,
  /** Longest tool name or surface recorded. */
  nameChars: 200,
} as const;

/** HeyGen's Idempotency-Key format (developers.heygen.com, May 2026): the caller's key must fit it too. */
export const idempotencyKeyPattern = /^[A-Za-z0-9_\-:.]{1,255}$/;

/** The envelope fields of a request that are not what they must be (empty when all are fine). */
export function auditedFieldIssues(request: ExecuteRequest): InputIssue[] {
  const issues: InputIssue[] = [];
  const text = (field: string, value: unknown, max?: number) => {
    if (value === undefined) return;
    if (typeof value !== 'string') {
      issues.push({
        field,
        expected: 'a string',
        message: `\`${field}\` must be a string, not ${kindOf(value)}.`,
      });
    } else if (max !== undefined && value.length > max) {
      issues.push({
        field,
        expected: `at most ${max} characters`,
        message: `\`${field}\` is ${value.length} characters long; at most ${max} are allowed.`,
      });
    }
  };
  text('prompt', request.prompt);
  text('user', request.user, auditLimits.userChars);
  text('account', request.account, auditLimits.accountChars);
  const key: unknown = request.idempotencyKey;
  if (key !== undefined && (typeof key !== 'string' || !idempotencyKeyPattern.test(key))) {
    issues.push({
      field: 'idempotency_key',
      expected: '1–255 characters of A–Z, a–z, 0–9, _ - : .',
      message:
        '`idempotency_key` must be 1–255 characters of letters, digits, `_`, `-`, `:` or `.` (HeyGen’s key format).',
    });
  }
  const deep = tooDeep(request.input, auditLimits.inputDepth);
  if (deep !== undefined) {
    issues.push({
      field: deep,
      expected: `at most ${auditLimits.inputDepth} levels of nesting`,
      message: `\`${deep}\` is nested deeper than ${auditLimits.inputDepth} levels.`,
    });
  }
  return issues;
}

/**
 * A text field as an audit record keeps it: a string at most `max` characters long (a longer one keeps its start
 * and says how long it was), anything else a short marker naming its type. Null when absent.
 */
export function auditText(value: unknown, max: number): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') return `[not a string: ${kindOf(value)}]`;
  if (value.length <= max) return value;
  return `${value.slice(0, max)}… [truncated: ${value.length} characters]`;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * The path of the first value nested deeper than `limit` levels (the input itself is level 0), shortened to its
 * first steps; undefined when the whole value is within the limit. Iterative, so it cannot overflow the stack,
 * and it stops at the limit, so a cyclic value is reported rather than walked forever.
 */
function tooDeep(value: unknown, limit: number): string | undefined {
  const stack: { value: unknown; depth: number; path: string[] }[] = [{ value, depth: 0, path: [] }];
  while (stack.length > 0) {
    const { value: current, depth, path } = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth >= limit) return shortPath(path);
    const entries: [string, unknown][] = Array.isArray(current)
      ? current.map((item, index) => [`[${index}]`, item])
      : Object.entries(current);
    for (const [key, item] of entries) {
      if (item !== null && typeof item === 'object')
        stack.push({ value: item, depth: depth + 1, path: [...path, key] });
    }
  }
  return undefined;
}

function shortPath(path: readonly string[]): string {
  const steps = path
    .slice(0, 4)
    .reduce((text, step) => (step.startsWith('[') || !text ? text + step : `${text}.${step}`), '');
  return path.length > 4 ? `${steps}…` : steps || '(root)';
}
