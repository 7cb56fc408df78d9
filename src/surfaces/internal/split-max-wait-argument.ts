import type { ToolDefinition } from '../../catalog/define-tool.ts';
import type { ToolErrorData } from '../../gateway/types.ts';
import { isJsonObject } from './json-schema.ts';
import { maxWaitInputSchema, maxWaitSecondsLimit } from './max-wait-input-schema.ts';
import { presentedInputSchema } from './presented-input-schema.ts';

/** The tool input with the surface-level `max_wait_seconds` taken out, or why it is unusable. */
export type SplitMaxWaitArgument =
  | {
      /** The input to validate and execute. */
      input: unknown;
      /** The wait budget in milliseconds (`ExecuteRequest.maxWaitMs`), when the caller set one. */
      maxWaitMs?: number;
      error?: undefined;
    }
  | { error: ToolErrorData };

/**
 * Takes the `max_wait_seconds` budget that `maxWaitInputSchema` adds out of the arguments, so the catalog's
 * strict schema never sees it (the same way `splitWaitArgument` handles `wait`). `null` counts as absent; a
 * value that is not a number from 0 to the limit is an `invalid_input` error naming `max_wait_seconds`.
 */
export function splitMaxWaitArgument(tool: ToolDefinition, args: unknown): SplitMaxWaitArgument {
  const added = maxWaitInputSchema(tool) !== presentedInputSchema(tool);
  if (!added || !isJsonObject(args) || !('max_wait_seconds' in args)) return { input: args };
  const { max_wait_seconds: seconds, ...input } = args;
  if (seconds === undefined || seconds === null) return { input };
  if (
    typeof seconds === 'number' &&
    Number.isFinite(seconds) &&
    seconds >= 0 &&
    seconds <= maxWaitSecondsLimit
  )
    return { input, maxWaitMs: Math.round(seconds * 1000) };
  return {
    error: {
      code: 'invalid_input',
      message: `Invalid input for ${tool.name}: \`max_wait_seconds\` must be a number from 0 to ${maxWaitSecondsLimit}, got ${
        typeof seconds === 'number' ? seconds : typeof seconds
      }.`,
      retryable: false,
      field: 'max_wait_seconds',
      hint: 'Pass the seconds the call may wait for a rate-limited account, or leave it out (no wait).',
    },
  };
}
