import type { z } from 'zod';
import type { ToolDefinition } from './define-tool.ts';
import { InvalidInputError, type InputIssue } from './errors.ts';

/**
 * Validation of tool inputs and outputs against the catalog schemas. Input errors name the field as a dotted
 * path with `[i]` indexes (`scenes[0].input.avatar_id`) and say in plain words what was expected, so an agent
 * can fix its call without reading JSON Schema; nothing reaches HeyGen before the input passes.
 */

type ZodIssue = z.core.$ZodIssue;
type PathKey = PropertyKey;

/** Parses a tool's input with its strict schema: the parsed value, or `InvalidInputError` listing every issue. */
export function parseInput(tool: ToolDefinition, input: unknown): unknown {
  const result = tool.input().safeParse(input);
  if (result.success) return result.data;
  throw new InvalidInputError(tool.name, describeIssues(result.error.issues, input));
}

/** The outcome of checking a HeyGen answer against a tool's output schema. */
export interface OutputCheck {
  /** True when the data matched the (tolerant) output schema. */
  ok: boolean;
  /** The parsed data when it matched, else the data unchanged. */
  data: unknown;
  /** What did not match (empty when `ok`); for logs and drift reports, never for failing a call. */
  issues: readonly InputIssue[];
}

/**
 * Checks data against a tool's output schema without throwing. Output schemas let unknown fields through and
 * make every field nullish, because HeyGen adds fields and values; what still does not match (a string where
 * a number was documented) is reported in `issues` and the data is handed back unchanged.
 */
export function checkOutput(tool: ToolDefinition, data: unknown): OutputCheck {
  let result: ReturnType<z.ZodType['safeParse']>;
  try {
    result = tool.output().safeParse(data);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, data, issues: [{ field: '(root)', expected: 'a valid value', message }] };
  }
  if (result.success) return { ok: true, data: result.data, issues: [] };
  return { ok: false, data, issues: describeIssues(result.error.issues, data) };
}

/**
 * The tool's result as it should be handed on: parsed when it matches the output schema, otherwise unchanged.
 * Never throws, not on extra fields and not on drifted ones: a surprising answer is more useful to an agent
 * than an error (use `checkOutput` to see what drifted).
 */
export function parseOutput(tool: ToolDefinition, data: unknown): unknown {
  return checkOutput(tool, data).data;
}

/** Turns zod issues into field-named issues (one per zod issue; plain unions pick their closest branch). */
export function describeIssues(issues: readonly ZodIssue[], input: unknown): InputIssue[] {
  return issues.flatMap((issue) => describeIssue(issue, input, []));
}

function describeIssue(issue: ZodIssue, input: unknown, prefix: readonly PathKey[]): InputIssue[] {
  const path = [...prefix, ...issue.path];
  const value = valueAt(input, path);
  switch (issue.code) {
    case 'invalid_type': {
      if (value === undefined) return [make(path, 'required', `\`${formatPath(path)}\` is required`)];
      return [mismatch(path, typeName(issue.expected), value)];
    }
    case 'invalid_value': {
      const options = issue.values.map((option) => String(option));
      const expected = options.length === 1 ? `exactly ${options[0]}` : `one of: ${options.join(', ')}`;
      return [mismatch(path, expected, value)];
    }
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const inclusive = issue.inclusive !== false;
      const words =
        issue.code === 'too_small'
          ? inclusive
            ? 'at least'
            : 'more than'
          : inclusive
            ? 'at most'
            : 'less than';
      const one = Number(bound) === 1;
      const unit =
        issue.origin === 'string'
          ? one
            ? ' character'
            : ' characters'
          : issue.origin === 'array'
            ? one
              ? ' item'
              : ' items'
            : '';
      return [mismatch(path, `${words} ${String(bound)}${unit}`, value)];
    }
    case 'not_multiple_of':
      return [mismatch(path, `a multiple of ${String(issue.divisor)}`, value)];
    case 'unrecognized_keys': {
      const keys = issue.keys;
      const field = keys.length === 1 ? [...path, keys[0]!] : path;
      const expected = `no unknown fields (got: ${keys.join(', ')})`;
      return [make(field, expected, `\`${formatPath(field)}\`: ${expected}`)];
    }
    case 'invalid_format':
      return [mismatch(path, formatName(issue.format), value)];
    case 'invalid_union':
      return describeUnion(issue, input, path, value);
    case 'invalid_key':
    case 'invalid_element':
      return issue.issues.flatMap((inner) => describeIssue(inner, input, path));
    default:
      return [make(path, 'a valid value', `\`${formatPath(path)}\`: ${issue.message}`)];
  }
}

/** A discriminated union names its tag; a plain union reports its closest branch, or lists the shapes. */
function describeUnion(
  issue: Extract<ZodIssue, { code: 'invalid_union' }>,
  input: unknown,
  path: PathKey[],
  value: unknown,
): InputIssue[] {
  const options = (issue as { options?: readonly unknown[] }).options;
  if ('discriminator' in issue && Array.isArray(options)) {
    const expected = `one of: ${options.map((option) => String(option)).join(', ')}`;
    if (value === undefined) {
      return [make(path, `required (${expected})`, `\`${formatPath(path)}\` is required: ${expected}`)];
    }
    return [mismatch(path, expected, value)];
  }
  const branches = issue.errors;
  if (branches.length === 0)
    return [make(path, 'a valid value', `\`${formatPath(path)}\`: ${issue.message}`)];
  // A branch whose only problem is the value's basic type (an object where a string was wanted) was not meant.
  const relevant = branches.filter(
    (errors) => !errors.every((inner) => inner.code === 'invalid_type' && !inner.path.length),
  );
  const candidates = relevant.length ? relevant : branches;
  const sorted = [...candidates].sort((a, b) => a.length - b.length);
  if (sorted.length === 1 || sorted[0]!.length < sorted[1]!.length) {
    return sorted[0]!.flatMap((inner) => describeIssue(inner, input, path));
  }
  // Several branches fit equally badly (e.g. `{}` against the three file shapes): name the shapes.
  const shapes = branches.map(describeBranch).filter((shape, index, all) => all.indexOf(shape) === index);
  const expected = `one of: ${shapes.join(' | ')}`;
  return [mismatch(path, expected, value)];
}

/** A short picture of a union branch from its issues: the fields it wanted, e.g. `{url}`. */
function describeBranch(errors: readonly ZodIssue[]): string {
  const fields = errors
    .filter((inner) => inner.code === 'invalid_type' && inner.path.length === 1)
    .map((inner) => String(inner.path[0]));
  if (fields.length) return `{${fields.join(', ')}}`;
  const root = errors.find((inner) => inner.code === 'invalid_type' && inner.path.length === 0);
  if (root && root.code === 'invalid_type') return typeName(root.expected);
  return 'another shape';
}

function make(path: readonly PathKey[], expected: string, message: string): InputIssue {
  return { field: formatPath(path), expected, message };
}

function mismatch(path: readonly PathKey[], expected: string, value: unknown): InputIssue {
  const field = formatPath(path);
  return { field, expected, message: `\`${field}\`: expected ${expected}, got ${describeValue(value)}` };
}

/** `['scenes', 0, 'input', 'avatar_id']` → `scenes[0].input.avatar_id`; the empty path is `(root)`. */
export function formatPath(path: readonly PathKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text ? `.${String(key)}` : String(key);
  }
  return text || '(root)';
}

function valueAt(input: unknown, path: readonly PathKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function typeName(expected: string): string {
  switch (expected) {
    case 'int':
      return 'integer';
    case 'record':
      return 'object';
    default:
      return expected;
  }
}

function formatName(format: string): string {
  switch (format) {
    case 'url':
      return 'an http(s) URL';
    case 'regex':
      return 'text matching the expected pattern';
    default:
      return `a ${format} string`;
  }
}

/** A short, secret-free description of a received value: its type, and the value itself when short. */
function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string')
    return value.length <= 40 ? `"${value}"` : `a string of ${value.length} characters`;
  return `${typeof value} ${String(value)}`;
}
