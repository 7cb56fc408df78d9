import { userInfo } from 'node:os';
import { InvalidInputError } from '../../../catalog/errors.ts';
import type { AdminActor } from '../../../gateway/admin-audit.ts';
import type { Gateway } from '../../../gateway/gateway.ts';
import type { CliRuntime } from '../cli-runtime.ts';

/**
 * Runs an operator command (accounts, personas, audit, vault) on the gateway opened from the environment
 * (`$HEYGATE_HOME` or `HEYGATE_DATABASE_URL`, the master key), closing it afterwards. These commands manage
 * state; they never need the sandbox emulator. The gateway loads on demand, so registering these commands
 * costs nothing for the others (`heygate mcp` start-up, see bench/mcp-cold-start.ts).
 */
export async function withGateway<T>(
  runtime: CliRuntime,
  work: (gateway: Gateway) => Promise<T>,
): Promise<T> {
  const { openGateway } = await import('../../../gateway/open-gateway.ts');
  const opened = await openGateway({ env: runtime.env });
  try {
    return await work(opened.gateway);
  } finally {
    await opened.close();
  }
}

/**
 * Reads a secret (a HeyGen key) from `--from-env VAR` or standard input — never from argv, where it would
 * land in shell history and the process list. Surrounding whitespace and one trailing newline are ignored.
 */
export async function readSecret(
  runtime: CliRuntime,
  fromEnv: string | undefined,
  what: string,
): Promise<string> {
  if (fromEnv !== undefined) {
    const value = runtime.env[fromEnv];
    if (!value) {
      throw new InvalidInputError('cli', [
        {
          field: '--from-env',
          expected: 'a set environment variable',
          message: `Environment variable ${fromEnv} is not set.`,
        },
      ]);
    }
    return value.trim();
  }
  if (runtime.interactive) runtime.stderr(`Paste ${what}, then press Enter and Ctrl-D:\n`);
  const lines = (await runtime.readStdin())
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (lines.length !== 1) {
    throw new InvalidInputError('cli', [
      {
        field: 'stdin',
        expected: `${what} on one line`,
        message:
          lines.length === 0
            ? `Standard input is empty; expected ${what} on one line (e.g. \`… < key.txt\`), or use --from-env VAR.`
            : `Standard input holds ${lines.length} lines; expected only ${what}.`,
      },
    ]);
  }
  return lines[0]!;
}

/** Formats rows as aligned columns (the first row is the header). */
export function table(rows: readonly (readonly string[])[]): string {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return (
    rows
      .map((row) =>
        row
          .map((cell, column) => cell.padEnd(widths[column] ?? 0))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

/**
 * Who runs an admin command, for its audit record: the local operator, named by the OS account running the
 * CLI (or `$USER`), through the `cli` surface.
 */
export function cliActor(runtime: CliRuntime): AdminActor {
  let user: string | undefined;
  try {
    user = userInfo().username;
  } catch {
    user = runtime.env.USER;
  }
  return { surface: 'cli', user: `operator${user ? ` (${user})` : ''}` };
}
