import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import type { CliRuntime } from '../cli-runtime.ts';
import { presentError } from '../../internal/present-error.ts';
import { readRequestEnvelope } from '../../internal/read-request-envelope.ts';
import { toExecuteRequest } from '../../internal/to-execute-request.ts';
import { exitCodes } from '../exit-codes.ts';
import { outboundOptions, type OutboundOptionValues } from './outbound-options.ts';

interface CallOptions extends OutboundOptionValues {
  json?: string;
  wait?: boolean;
  timeout?: string;
  prompt?: string;
  user?: string;
  idempotencyKey?: string;
  maxWait?: string;
}

/** Parses the `--json` argument: inline JSON, `-` for standard input, or `@file`. */
async function readInput(runtime: CliRuntime, text: string | undefined): Promise<unknown> {
  if (text === undefined) return {};
  const source =
    text === '-'
      ? await runtime.readStdin()
      : text.startsWith('@')
        ? await readFile(text.slice(1), 'utf8')
        : text;
  try {
    return JSON.parse(source) as unknown;
  } catch (error) {
    throw new SyntaxError(`--json is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

/** `heygate call NAME --json '{…}' [--wait]`: calls one tool and prints the result JSON on stdout. */
export function registerCallCommand(program: Command, runtime: CliRuntime): void {
  const command = program
    .command('call')
    .description('call a tool and print its result JSON')
    .argument('<name>', 'tool name (see `heygate tools list`)')
    .option('--json <input>', "tool input as JSON, '-' for stdin, or @file", undefined)
    .option('--wait', 'for tools that start a job: wait for it to finish and print the final resource')
    .option('--timeout <seconds>', 'give up waiting after this many seconds', '1800')
    .option('--prompt <text>', 'why the call is made (recorded in the audit log)')
    .option('--user <id>', 'end user the call is made for (recorded in the audit log)')
    .option('--idempotency-key <key>', 'key that makes a retried create return the first job')
    .option(
      '--max-wait <seconds>',
      'when the account is rate limited and the call cannot move: wait up to this long',
      '0',
    );
  outboundOptions(command, 'the current directory').action(
    async (name: string, options: CallOptions, command: Command) => {
      const globals = command.optsWithGlobals<{ sandbox?: boolean; persona?: string; account?: string }>();
      // The catalog loads with the action: registering `call` stays cheap for every other command.
      const { getTool } = await import('../../../catalog/index.ts');
      const tool = getTool(name);
      let input: unknown;
      try {
        input = await readInput(runtime, options.json);
      } catch (error) {
        runtime.stderr(`heygate: ${(error as Error).message}\n`);
        runtime.exitCode = exitCodes.usage;
        return;
      }
      const timeoutSeconds = Number(options.timeout);
      if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
        runtime.stderr(
          `heygate: --timeout must be a positive number of seconds (got "${options.timeout}")\n`,
        );
        runtime.exitCode = exitCodes.usage;
        return;
      }
      const maxWaitSeconds = Number(options.maxWait ?? '0');
      if (!Number.isFinite(maxWaitSeconds) || maxWaitSeconds < 0) {
        runtime.stderr(`heygate: --max-wait must be a number of seconds ≥ 0 (got "${options.maxWait}")\n`);
        runtime.exitCode = exitCodes.usage;
        return;
      }
      const opened = await runtime.openExecutor({
        sandbox: globals.sandbox,
        account: globals.account,
        // The CLI acts for the operator at their shell: the current directory unless roots are named.
        fileRoots: options.filesRoot.length > 0 ? options.filesRoot : [process.cwd()],
        fetchAllow: options.fetchAllow,
      });
      const abort = new AbortController();
      const onSignal = () => abort.abort();
      process.once('SIGINT', onSignal);
      // The progress bar library loads only when a bar is shown.
      const progress =
        options.wait && tool.job
          ? (await import('../progress-reporter.ts')).createProgressReporter(runtime, tool.job.kind)
          : undefined;
      try {
        // The same envelope and mapping as every other surface (ADR 0015): flags are its options.
        const envelope = readRequestEnvelope(
          {
            input,
            ...(options.wait ? { wait: { timeout_seconds: timeoutSeconds } } : {}),
            max_wait_seconds: maxWaitSeconds,
            idempotency_key: options.idempotencyKey,
            prompt: options.prompt,
            user: options.user,
          },
          { tool: name },
        );
        const result = await opened.executor.execute(
          toExecuteRequest(envelope, {
            tool: name,
            surface: 'cli',
            caller: { personaToken: globals.persona ?? runtime.env.HEYGATE_PERSONA_TOKEN },
            signal: abort.signal,
            ...(progress ? { onProgress: progress.update } : {}),
            defaults: { ...(globals.account === undefined ? {} : { account: globals.account }) },
          }),
        );
        progress?.stop();
        if (result.ok) {
          runtime.stdout(JSON.stringify(result.data, null, 2) + '\n');
          if (result.fallbackFrom)
            runtime.stderr(`note: ${result.fallbackFrom} was unavailable; used account ${result.account}\n`);
          for (const warning of result.warnings ?? []) runtime.stderr(`warning: ${warning}\n`);
          return;
        }
        const presented = presentError(result.error);
        runtime.stdout(JSON.stringify({ error: presented.error }, null, 2) + '\n');
        runtime.stderr(
          `heygate: ${presented.error.message}${presented.error.hint ? `\n  hint: ${presented.error.hint}` : ''}\n`,
        );
        runtime.exitCode = presented.exitCode;
      } finally {
        progress?.stop();
        process.removeListener('SIGINT', onSignal);
        await opened.close();
      }
    },
  );
}
