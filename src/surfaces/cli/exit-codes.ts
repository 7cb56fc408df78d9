import type { ToolErrorData } from '../../gateway/types.ts';
import { exitCodeOf, presentError } from '../internal/present-error.ts';

/**
 * Exit codes of the `heygate` command. Scripts rely on them to tell a bad invocation from a HeyGen refusal,
 * an auth problem, a timeout or a rate limit.
 */
export const exitCodes = { ok: 0, ...exitCodeOf } as const;

/** Exit code of a command interrupted with Ctrl-C (128 + SIGINT), as shells report it. */
export const interruptedExitCode = 130;

/**
 * Exit code for a failed tool call or a thrown gateway error: the CLI's column of the one table every surface
 * uses (`presentError`), so `heygate call` exits as the HTTP status and MCP error read.
 */
export function exitCodeFor(error: Pick<ToolErrorData, 'code' | 'status'>): number {
  return presentError({
    code: error.code,
    message: '',
    retryable: false,
    ...(error.status === undefined ? {} : { status: error.status }),
  }).exitCode;
}
