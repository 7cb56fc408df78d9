import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import type { Executor, Progress } from '../../../gateway/types.ts';
import type { CliRuntime } from '../cli-runtime.ts';
import { exitCodeFor, exitCodes, interruptedExitCode } from '../exit-codes.ts';

interface LuaCommandOptions {
  timeout?: string;
  prompt?: string;
}

/** Exit codes of script failures that are not tool errors (tool error codes map as for `heygate call`). */
const luaExitCodes: Record<string, number> = {
  lua_syntax_error: exitCodes.usage,
  lua_timeout: exitCodes.timeout,
};

/**
 * `heygate lua FILE|-`: runs a Lua script against `app.integrations.heygen.*` (the KosmoKrator namespace).
 * What the script prints goes to stdout as it is printed; its return value follows as JSON. A Lua error
 * exits non-zero with its message on stderr. `--sandbox`, `--account` and `--persona` are the global
 * options: the in-process emulator, the account for unqualified calls, the persona every call runs as.
 */
export function registerLuaCommand(program: Command, runtime: CliRuntime): void {
  program
    .command('lua')
    .description(
      'run a Lua script calling app.integrations.heygen.* (prints its output, then its return value as JSON)',
    )
    .argument('<file>', "Lua script file, or '-' for standard input")
    .option(
      '--timeout <seconds>',
      'stop the script after this many seconds, waits for HeyGen included (renders take minutes)',
      '3600',
    )
    .option('--prompt <text>', 'why the script runs (recorded with each call in the audit log)')
    .action(async (file: string, options: LuaCommandOptions, command: Command) => {
      const globals = command.optsWithGlobals<{ sandbox?: boolean; persona?: string; account?: string }>();
      const timeoutSeconds = Number(options.timeout);
      if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
        runtime.stderr(
          `heygate lua: --timeout must be a positive number of seconds (got "${options.timeout}")\n`,
        );
        runtime.exitCode = exitCodes.usage;
        return;
      }
      let script: string;
      try {
        script = file === '-' ? await runtime.readStdin() : await readFile(file, 'utf8');
      } catch (error) {
        runtime.stderr(
          `heygate lua: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`,
        );
        runtime.exitCode = exitCodes.usage;
        return;
      }
      // Like the lua interpreter, ignore a first line starting with '#' (a shebang), keeping line numbers.
      if (script.startsWith('#')) script = script.replace(/^#[^\n]*/, '');

      const personaToken = globals.persona ?? runtime.env.HEYGATE_PERSONA_TOKEN;
      const opened = await runtime.openExecutor({
        sandbox: globals.sandbox,
        account: globals.account,
      });
      const abort = new AbortController();
      const onSignal = () => abort.abort();
      process.once('SIGINT', onSignal);
      const waits = createWaitReporter(runtime);
      try {
        const { createLuaRunner } = await import('../../lua/index.ts');
        // The local operator's own process: no other callers share its event loop, so computing may take
        // the whole --timeout (a server keeps the shorter default CPU limit). Waiting never counts as computing.
        const limits = { timeoutMs: timeoutSeconds * 1000, cpuTimeMs: timeoutSeconds * 1000 };
        // Each call the script makes is watched, so a long wait for HeyGen shows on stderr.
        const executor: Executor = {
          execute(request) {
            waits.start(request.tool);
            return opened.executor.execute(request).finally(() => waits.end());
          },
          visibleTools: (caller) => opened.executor.visibleTools(caller),
        };
        const runner = createLuaRunner({ executor, limits });
        const result = await runner.run(script, {
          personaToken,
          account: globals.account,
          prompt: options.prompt,
          signal: abort.signal,
          onPrint: (text) => {
            waits.clear();
            runtime.stdout(text);
          },
          onProgress: waits.progress,
          timeoutHint:
            `Allow more time with --timeout SECONDS (this run had ${timeoutSeconds} s), or return the job id ` +
            'and wait for it in another run (e.g. heygate call video_wait).',
        });
        waits.end();
        if (abort.signal.aborted) {
          // Ctrl-C: the script stopped where it was; a job it started continues at HeyGen.
          const reason = result.ok ? '' : ` ${result.error!.message}`;
          runtime.stderr(`heygate lua: interrupted.${reason}\n`);
          runtime.exitCode = interruptedExitCode;
          return;
        }
        if (result.ok) {
          if (result.value !== null) runtime.stdout(`${JSON.stringify(result.value, null, 2)}\n`);
          return;
        }
        const error = result.error!;
        runtime.stderr(`heygate lua: ${error.message}${error.hint ? `\n  hint: ${error.hint}` : ''}\n`);
        runtime.exitCode = luaExitCodes[error.code] ?? exitCodeFor({ code: error.code });
      } finally {
        waits.end();
        process.removeListener('SIGINT', onSignal);
        await opened.close();
      }
    });
}

/** How long a call waits before `heygate lua` says so, and how often it repeats itself without news. */
const quietMs = 2_000;
const heartbeatMs = 30_000;

/**
 * Shows on stderr what a script is waiting for: the tool, HeyGen's own status for a job wait, and the
 * elapsed time — never a percentage heygate made up. On a terminal one line is rewritten every second and
 * cleared when the call ends; otherwise a line is printed when HeyGen's status changes, and every 30 s.
 */
function createWaitReporter(runtime: CliRuntime) {
  let current: { tool: string; started: number; status?: string } | undefined;
  let ticker: ReturnType<typeof setInterval> | undefined;
  let onLine = false;
  let lastPrinted = 0;
  let lastStatus: string | undefined;

  const text = () => {
    const call = current!;
    const status = call.status ? ` — HeyGen: ${call.status}` : '';
    return `heygate lua: waiting for ${call.tool}${status} — ${elapsed(Date.now() - call.started)}`;
  };
  const show = (force: boolean) => {
    if (!current) return;
    const now = Date.now();
    if (runtime.interactive) {
      if (now - current.started < quietMs && !force) return;
      runtime.stderr(`\r\x1b[K${text()}`);
      onLine = true;
      return;
    }
    const news = current.status !== lastStatus;
    const due = lastPrinted === 0 ? now - current.started >= quietMs : now - lastPrinted >= heartbeatMs;
    if (!news && !due) return;
    lastStatus = current.status;
    lastPrinted = now;
    runtime.stderr(`${text()}\n`);
  };
  const clear = () => {
    if (onLine) runtime.stderr('\r\x1b[K');
    onLine = false;
  };
  return {
    start(tool: string) {
      current = { tool, started: Date.now() };
      lastPrinted = 0;
      lastStatus = undefined;
      ticker ??= setInterval(() => show(false), 1_000);
      ticker.unref();
    },
    progress(progress: Progress) {
      if (!current || progress.status === undefined) return;
      current.status = progress.status;
      show(true);
    },
    clear,
    end() {
      clear();
      current = undefined;
      clearInterval(ticker);
      ticker = undefined;
    },
  };
}

/** `8 s`, `2 min 05 s`, `1 h 02 min`. */
function elapsed(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}
