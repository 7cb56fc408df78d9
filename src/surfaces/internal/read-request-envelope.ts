import { InvalidInputError, type InputIssue } from '../../catalog/errors.ts';
import { waitTimeoutSeconds } from '../../catalog/schemas.ts';
import { isJsonObject } from './json-schema.ts';
import { maxWaitSecondsLimit } from './max-wait-input-schema.ts';

/**
 * A call as every surface states it, before it becomes an `ExecuteRequest` (`toExecuteRequest`). The option
 * names are the same everywhere (ADR 0015): HTTP bodies carry them beside `input`, MCP/AI SDK/OpenAI tool
 * arguments carry `wait` (and on MCP `max_wait_seconds`) beside the tool's fields, Lua passes them as the
 * call's options table, the CLI as flags (`--wait`, `--timeout`, `--max-wait`, `--idempotency-key`, …).
 */
export interface RequestEnvelope {
  /** The tool input (an object). */
  input: Record<string, unknown>;
  /** Wait for the job the call starts: `true`, or with an overall timeout in seconds. */
  wait?: boolean | { timeoutSeconds: number };
  /** How long a call that cannot leave a rate-limited account may wait for it, seconds (0–3600). */
  maxWaitSeconds?: number;
  /** Makes a retried create return the first job. */
  idempotencyKey?: string;
  /** The prompt or reason for the call (audit). */
  prompt?: string;
  /** The end user the agent acts for (audit). */
  user?: string;
  /** Named HeyGen account. */
  account?: string;
}

/** The option fields of an envelope, as spelled on the wire. */
export const envelopeOptionFields = [
  'wait',
  'max_wait_seconds',
  'idempotency_key',
  'prompt',
  'user',
  'account',
] as const;

/** An option field name. */
export type EnvelopeOptionField = (typeof envelopeOptionFields)[number];

/** Deprecated spellings still accepted, mapped to the canonical field (ADR 0015). */
const deprecatedAliases: Readonly<Record<string, EnvelopeOptionField>> = { max_wait_ms: 'max_wait_seconds' };

/** Longest accepted text per option (audit records keep them; the audit caps them again). */
const textLimits = { idempotency_key: 255, prompt: 10_000, user: 256, account: 64 } as const;

/** Options of {@link readRequestEnvelope}. */
export interface ReadRequestEnvelopeOptions {
  /** Tool name for error messages. */
  tool: string;
  /**
   * The options this surface takes (default all). Others are refused as unknown fields — the same way the
   * catalog refuses unknown input fields.
   */
  options?: readonly EnvelopeOptionField[];
  /** The body is the tool input itself with the options mixed in (agent tool arguments); default false. */
  flat?: boolean;
}

/**
 * Reads and strictly validates a request envelope: the HTTP body `{ input, wait, max_wait_seconds,
 * idempotency_key, prompt, user, account }`, or (`flat`) a tool's arguments with the options beside its
 * fields. Throws `InvalidInputError` naming every bad field — a body that is not an object (`null`, `123`,
 * `[]`, a string), `input` that is not an object, `wait: "yes"`, `idempotency_key: {}`, a negative
 * `max_wait_seconds`, an unknown envelope field — so nothing wrong is ever silently ignored. `null` counts as
 * absent for options (OpenAI strict mode sends null for every optional field).
 */
export function readRequestEnvelope(body: unknown, options: ReadRequestEnvelopeOptions): RequestEnvelope {
  const allowed = new Set<string>(options.options ?? envelopeOptionFields);
  const issues: InputIssue[] = [];
  const issue = (field: string, expected: string, got: unknown): void => {
    issues.push({ field, expected, message: `\`${field}\` must be ${expected}, got ${describe(got)}.` });
  };
  if (!isJsonObject(body)) {
    issue('(body)', options.flat ? 'an object of arguments' : 'a JSON object such as {"input": {…}}', body);
    throw new InvalidInputError(options.tool, issues);
  }
  const envelope: RequestEnvelope = { input: {} };
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const field = (deprecatedAliases[key] ?? key) as EnvelopeOptionField;
    if (!allowed.has(field) || !(envelopeOptionFields as readonly string[]).includes(field)) {
      rest[key] = value;
      continue;
    }
    if (value === null || value === undefined) continue;
    readOption(envelope, key, value, issue);
  }
  if (options.flat) {
    envelope.input = rest;
  } else {
    const { input, ...unknown } = rest;
    for (const key of Object.keys(unknown))
      issue(key, `absent (the envelope takes input, ${[...allowed].join(', ')})`, unknown[key]);
    if (input !== undefined && input !== null && !isJsonObject(input)) issue('input', 'an object', input);
    else if (isJsonObject(input)) envelope.input = input;
  }
  if (issues.length > 0) throw new InvalidInputError(options.tool, issues);
  return envelope;
}

type Issue = (field: string, expected: string, got: unknown) => void;

function readOption(envelope: RequestEnvelope, key: string, value: unknown, issue: Issue): void {
  switch (key) {
    case 'wait':
      return readWait(envelope, value, issue);
    case 'max_wait_seconds':
      if (isNumberIn(value, 0, maxWaitSecondsLimit)) envelope.maxWaitSeconds = value;
      else issue(key, `a number of seconds from 0 to ${maxWaitSecondsLimit}`, value);
      return;
    case 'max_wait_ms':
      if (isNumberIn(value, 0, maxWaitSecondsLimit * 1000)) envelope.maxWaitSeconds = value / 1000;
      else issue(key, `a number of milliseconds from 0 to ${maxWaitSecondsLimit * 1000}`, value);
      return;
    case 'idempotency_key':
    case 'prompt':
    case 'user':
    case 'account': {
      const limit = textLimits[key];
      if (typeof value !== 'string' || value === '' || value.length > limit) {
        issue(key, `a non-empty string of at most ${limit} characters`, value);
        return;
      }
      const property = (
        { idempotency_key: 'idempotencyKey', prompt: 'prompt', user: 'user', account: 'account' } as const
      )[key];
      envelope[property] = value;
      return;
    }
  }
}

function readWait(envelope: RequestEnvelope, value: unknown, issue: Issue): void {
  if (typeof value === 'boolean') {
    if (value) envelope.wait = true;
    return;
  }
  if (isJsonObject(value)) {
    const { timeout_seconds: seconds, ...extra } = value;
    const unknown = Object.keys(extra);
    if (unknown.length > 0)
      return issue(`wait.${unknown[0]}`, 'absent (wait takes timeout_seconds)', extra[unknown[0]!]);
    if (seconds === undefined || seconds === null) {
      envelope.wait = true;
      return;
    }
    if (isNumberIn(seconds, waitTimeoutSeconds.min, waitTimeoutSeconds.max)) {
      envelope.wait = { timeoutSeconds: seconds };
      return;
    }
    return issue(
      'wait.timeout_seconds',
      `a number of seconds from ${waitTimeoutSeconds.min} to ${waitTimeoutSeconds.max}`,
      seconds,
    );
  }
  issue('wait', 'a boolean, or { timeout_seconds }', value);
}

function isNumberIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
}

/** A short description of a received value for messages (never the value itself: it may be large). */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length <= 40 ? JSON.stringify(value) : 'a long string';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'object' ? 'an object' : typeof value;
}
