import type { ToolDefinition } from '../../catalog/define-tool.ts';
import type { ToolErrorData } from '../../gateway/types.ts';
import { isJsonObject } from './json-schema.ts';
import { presentedInputSchema } from './presented-input-schema.ts';
import { toolInputJsonSchema } from './tool-input-json-schema.ts';

/** The tool input with the surface-level `wait` flag taken out, or why the flag is unusable. */
export type SplitWaitArgument =
  | {
      /** The input to validate and execute. */
      input: unknown;
      /** Whether the caller asked to wait for the job (`ExecuteRequest.wait`). */
      wait: boolean;
      error?: undefined;
    }
  | { error: ToolErrorData };

/**
 * Takes the `wait` flag that `presentedInputSchema` adds to job-starting tools out of the arguments, so the
 * catalog's strict schema never sees it. `null` counts as absent (OpenAI strict mode sends null for every
 * optional field); any other non-boolean is an `invalid_input` error naming `wait`.
 */
export function splitWaitArgument(tool: ToolDefinition, args: unknown): SplitWaitArgument {
  const added = presentedInputSchema(tool) !== toolInputJsonSchema(tool);
  if (!added || !isJsonObject(args) || !('wait' in args)) return { input: args, wait: false };
  const { wait, ...input } = args;
  if (wait === undefined || wait === null || typeof wait === 'boolean') return { input, wait: wait === true };
  return {
    error: {
      code: 'invalid_input',
      message: `Invalid input for ${tool.name}: \`wait\` must be a boolean, got ${typeof wait}.`,
      retryable: false,
      field: 'wait',
      hint: 'Pass wait: true to wait for the job, or leave it out.',
    },
  };
}
