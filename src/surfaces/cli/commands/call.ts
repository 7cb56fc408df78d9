import type { Command } from 'commander';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { HeyGateError } from '../../../catalog/errors.ts';
import type { ExecuteResult } from '../../../gateway/types.ts';
import type { CliRuntime } from '../cli-runtime.ts';
import { presentError, type PresentedError } from '../../internal/present-error.ts';
import { readRequestEnvelope } from '../../internal/read-request-envelope.ts';
import { toExecuteRequest } from '../../internal/to-execute-request.ts';
import { exitCodes, interruptedExitCode } from '../exit-codes.ts';
import { outboundOptions, type OutboundOptionValues } from './outbound-options.ts';

interface CallOptions extends OutboundOptionValues {
  /** `--json` alone: print JSON; `--json VALUE`: the input (the older spelling of `--input`), JSON printed. */
  json?: string | boolean;
  input?: string;
  wait?: boolean;
  timeout?: string;
  prompt?: string;
  user?: string;
  idempotencyKey?: string;
  newJob?: boolean;
  output?: string;
  maxWait?: string;
}

/** Parses a tool input: inline JSON, `-` for standard input, or `@file`. */
async function readInput(runtime: CliRuntime, text: string | undefined, flag: string): Promise<unknown> {
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
    throw new SyntaxError(`${flag} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

/** Standard error text of a failure: message, then the hint. */
function errorText(presented: PresentedError): string {
  const { message, hint } = presented.error;
  return `heygate: ${message}${hint ? `\n  hint: ${hint}` : ''}\n`;
}

/** The job id of a wait cancelled by Ctrl-C, read from the wait's message ("Waiting for video ID was …"). */
function cancelledJobId(message: string): string | undefined {
  return /Waiting for \S+ (\S+) was cancelled/.exec(message)?.[1];
}

/**
 * `heygate call NAME --input '{…}' [--wait] [--output FILE|DIR]`: calls one tool through the gateway. On a
 * terminal the result prints as readable lines (ids, status, URLs, lists as tables); with `--json`, or when
 * standard output is a pipe or file, it prints as JSON — refusals too, as `{"error": {…}}`.
 */
export function registerCallCommand(program: Command, runtime: CliRuntime): void {
  const command = program
    .command('call')
    .description('call a tool; readable on a terminal, JSON with --json or when piped')
    .argument('<name>', 'tool name (see `heygate tools list`, `heygate tools describe NAME`)')
    .option('--input <json>', "tool input as JSON, '-' for stdin, or @file")
    .option(
      '--json [input]',
      'print JSON (results and refusals) for scripts; a value is the tool input, as with --input',
    )
    .option('--wait', 'for tools that start a job: wait for it to finish and print the final resource')
    .option('--timeout <seconds>', 'give up waiting after this many seconds', '1800')
    .option('--output <path>', 'save the media of the result (video, audio, image) to this file or directory')
    .option('--prompt <text>', 'why the call is made (recorded in the audit log)')
    .option('--user <id>', 'end user the call is made for (recorded in the audit log)')
    .option('--idempotency-key <key>', 'key that makes a retried create return the first job')
    .option('--new-job', 'make a new job even if an identical create ran in the last 24 h (no replay)')
    .option(
      '--max-wait <seconds>',
      'when the account is rate limited and the call cannot move: wait up to this long',
      '0',
    );
  outboundOptions(command, 'the current directory').action(
    async (name: string, options: CallOptions, command: Command) => {
      const globals = command.optsWithGlobals<{ sandbox?: boolean; persona?: string; account?: string }>();
      const jsonOutput = options.json !== undefined || runtime.stdoutIsTerminal !== true;
      const usage = (message: string) => {
        runtime.stderr(`heygate: ${message}\n`);
        runtime.exitCode = exitCodes.usage;
      };
      const refuse = (failure: unknown) => {
        const presented = presentError(failure);
        if (jsonOutput) runtime.stdout(JSON.stringify({ error: presented.error }, null, 2) + '\n');
        runtime.stderr(errorText(presented));
        runtime.exitCode = presented.exitCode;
      };
      const inlineInput = typeof options.json === 'string' ? options.json : undefined;
      if (inlineInput !== undefined && options.input !== undefined)
        return usage('give the input once: --input (or the older --json VALUE), not both');
      if (options.newJob && options.idempotencyKey !== undefined)
        return usage('--new-job and --idempotency-key exclude each other');
      // The catalog loads with the action: registering `call` stays cheap for every other command.
      const { getTool } = await import('../../../catalog/index.ts');
      let tool;
      try {
        tool = getTool(name);
      } catch (error) {
        if (!HeyGateError.isInstance(error)) throw error;
        return refuse(error);
      }
      let input: unknown;
      try {
        input = await readInput(
          runtime,
          options.input ?? inlineInput,
          options.input === undefined ? '--json' : '--input',
        );
      } catch (error) {
        return usage((error as Error).message);
      }
      const timeoutSeconds = Number(options.timeout);
      if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0)
        return usage(`--timeout must be a positive number of seconds (got "${options.timeout}")`);
      const maxWaitSeconds = Number(options.maxWait ?? '0');
      if (!Number.isFinite(maxWaitSeconds) || maxWaitSeconds < 0)
        return usage(`--max-wait must be a number of seconds ≥ 0 (got "${options.maxWait}")`);
      const opened = await runtime.openExecutor({
        sandbox: globals.sandbox,
        account: globals.account,
        // The CLI acts for the operator at their shell: the current directory unless roots are named.
        fileRoots: options.filesRoot.length > 0 ? options.filesRoot : [process.cwd()],
        fetchAllow: options.fetchAllow,
      });
      const abort = new AbortController();
      let interrupted = false;
      const onSignal = () => {
        interrupted = true;
        abort.abort();
      };
      process.once('SIGINT', onSignal);
      // The progress display loads only when a wait is shown.
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
            // A fresh key is a new ledger record: the identical create runs again instead of replaying.
            idempotency_key: options.newJob ? `new-job-${randomUUID()}` : options.idempotencyKey,
            prompt: options.prompt,
            user: options.user,
          },
          { tool: name },
        );
        let result: ExecuteResult;
        try {
          result = await opened.executor.execute(
            toExecuteRequest(envelope, {
              tool: name,
              surface: 'cli',
              caller: { personaToken: globals.persona ?? runtime.env.HEYGATE_PERSONA_TOKEN },
              signal: abort.signal,
              ...(progress ? { onProgress: progress.update } : {}),
              defaults: { ...(globals.account === undefined ? {} : { account: globals.account }) },
            }),
          );
        } catch (error) {
          // Gateway refusals (token, scope, account) are thrown; they print like any failed call.
          progress?.stop();
          if (!HeyGateError.isInstance(error)) throw error;
          return refuse(error);
        }
        progress?.stop();
        if (!result.ok) {
          if (interrupted && result.error.code === 'aborted') {
            const id = cancelledJobId(result.error.message);
            const job = tool.job;
            runtime.stderr(
              id && job
                ? `heygate: interrupted. The ${job.kind} job ${id} continues at HeyGen; check it with\n` +
                    `  heygate call ${job.statusTool} --input '${JSON.stringify({ [job.idField]: id })}'\n`
                : 'heygate: interrupted.\n',
            );
            if (jsonOutput) runtime.stdout(JSON.stringify({ error: result.error }, null, 2) + '\n');
            runtime.exitCode = interruptedExitCode;
            return;
          }
          return refuse(result.error);
        }
        const replayedFrom = result.routing?.replayed
          ? (result.routing.replayedFrom ?? 'earlier')
          : undefined;
        const data =
          replayedFrom !== undefined &&
          typeof result.data === 'object' &&
          result.data !== null &&
          !Array.isArray(result.data)
            ? { ...result.data, replayed_from: replayedFrom }
            : result.data;
        if (jsonOutput) runtime.stdout(JSON.stringify(data, null, 2) + '\n');
        else runtime.stdout((await import('../format-result.ts')).formatResult(result.data));
        if (replayedFrom !== undefined)
          runtime.stderr(
            `note: replayed from ${replayedFrom}: an identical ${name} ran then, so no new job was made ` +
              '(add --new-job to make one)\n',
          );
        if (result.fallbackFrom)
          runtime.stderr(`note: ${result.fallbackFrom} was unavailable; used account ${result.account}\n`);
        for (const warning of result.warnings ?? []) runtime.stderr(`warning: ${warning}\n`);
        if (options.output !== undefined) {
          try {
            const { downloadMedia } = await import('../download-media.ts');
            await downloadMedia(runtime, result.data, { output: options.output, signal: abort.signal });
          } catch (error) {
            runtime.stderr(`heygate: could not save --output: ${(error as Error).message}\n`);
            runtime.exitCode = interrupted ? interruptedExitCode : exitCodes.toolError;
          }
        }
      } finally {
        progress?.stop();
        process.removeListener('SIGINT', onSignal);
        await opened.close();
      }
    },
  );
}
