/**
 * The root of every error heygate throws. Each error has a documented string `code`; `isInstance()` uses a
 * `Symbol.for` brand so it works across duplicate installs of the package (as the AI SDK and MCP SDK do).
 *
 * Codes (stable, documented in docs/errors.md):
 * - `invalid_input`            input failed the tool's schema (field path in `field`)
 * - `unknown_tool`             no tool of that name
 * - `heygen_api_error` family  see src/heygen/errors.ts
 * - gateway codes              see src/gateway/errors.ts
 */
const brand = Symbol.for('heygate.error');

export interface HeyGateErrorOptions {
  /** Stable machine-readable code. */
  code: string;
  /** True when the same call may succeed later without changes. */
  retryable?: boolean;
  /** How long to wait before retrying, when known. */
  retryAfterMs?: number;
  /** A short suggestion for the agent or operator. */
  hint?: string;
  cause?: unknown;
}

export class HeyGateError extends Error {
  readonly [brand] = true;
  readonly code: string;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly hint: string | undefined;

  constructor(message: string, options: HeyGateErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HeyGateError';
    this.code = options.code;
    this.retryable = options.retryable ?? false;
    this.retryAfterMs = options.retryAfterMs;
    this.hint = options.hint;
  }

  /** True for any heygate error, even one from another copy of the package. */
  static isInstance(error: unknown): error is HeyGateError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[brand] === true;
  }
}

/** One problem found in a tool's input. */
export interface InputIssue {
  /** Dotted path of the field, e.g. `video_inputs[0].character.avatar_id`; `(root)` for the whole input. */
  field: string;
  /** What was expected, e.g. `string`, `one of: mp4, webm`, `at most 100`. */
  expected: string;
  /** Human message naming the field and the expectation. */
  message: string;
}

/** The input of a tool does not match its schema. Raised before anything is sent to HeyGen. */
export class InvalidInputError extends HeyGateError {
  readonly tool: string;
  readonly issues: readonly InputIssue[];

  constructor(tool: string, issues: readonly InputIssue[]) {
    const first = issues[0];
    const summary = issues.map((issue) => issue.message).join('; ');
    super(`Invalid input for ${tool}: ${summary}`, {
      code: 'invalid_input',
      hint: first ? `Fix \`${first.field}\`: expected ${first.expected}.` : undefined,
    });
    this.name = 'InvalidInputError';
    this.tool = tool;
    this.issues = issues;
  }

  /** The first offending field. */
  get field(): string | undefined {
    return this.issues[0]?.field;
  }
}

/** No tool has that name. */
export class UnknownToolError extends HeyGateError {
  readonly tool: string;
  constructor(tool: string, suggestions: readonly string[] = []) {
    super(
      `Unknown tool "${tool}".` + (suggestions.length ? ` Did you mean: ${suggestions.join(', ')}?` : ''),
      { code: 'unknown_tool', hint: 'List tools with `heygate tools list` or search them by intent.' },
    );
    this.name = 'UnknownToolError';
    this.tool = tool;
  }
}
