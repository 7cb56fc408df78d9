import { Command, CommanderError } from 'commander';
import { HeyGateError } from '../../catalog/errors.ts';
import { createCliRuntime, type CliRuntime } from './cli-runtime.ts';
import { registerCommands } from './commands/index.ts';
import { exitCodeFor, exitCodes } from './exit-codes.ts';
import { version } from './version.ts';

/** Builds the `heygate` command tree on a runtime (tests build it on their own runtime). */
export function createProgram(runtime: CliRuntime): Command {
  const program = new Command('heygate')
    .description('heygate — the HeyGen API as safe, typed, audited tools for AI agents')
    .version(version)
    .option(
      '--sandbox',
      'run against the shared sandbox HeyGen emulator (no key, no credits; see `heygate sandbox`)',
    )
    .option(
      '--persona <token>',
      'act as this persona (default: $HEYGATE_PERSONA_TOKEN, else the local operator)',
    )
    .option('--account <name>', 'named HeyGen account to use')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (text) => runtime.stdout(text), writeErr: (text) => runtime.stderr(text) });
  registerCommands(program, runtime);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** HeyGen's refusals of a key being added or rotated in (401, 403): exit 3, as docs/cli.md says. */
const keyRefusalCodes = new Set(['authentication_failed', 'permission_denied', 'upstream_auth']);

/** True when `accounts add|rotate` failed because HeyGen refused the key (not because it was unreachable). */
function keyRefused(error: HeyGateError): boolean {
  const cause = (error as { cause?: unknown }).cause;
  return (
    error.code === 'account_verification_failed' &&
    HeyGateError.isInstance(cause) &&
    keyRefusalCodes.has(cause.code)
  );
}

/**
 * Runs the `heygate` command line and returns its exit code (see exit-codes.ts). Nothing here calls
 * `process.exit`, so tests drive it in-process.
 */
export async function main(
  argv: readonly string[],
  runtime: CliRuntime = createCliRuntime(),
): Promise<number> {
  const program = createProgram(runtime);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return runtime.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
    }
    if (HeyGateError.isInstance(error)) {
      runtime.stderr(`heygate: ${error.message}${error.hint ? `\n  hint: ${error.hint}` : ''}\n`);
      if (keyRefused(error)) return exitCodes.auth;
      return exitCodeFor({ code: error.code, status: (error as { status?: number }).status });
    }
    throw error;
  }
}
