import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import type { CliRuntime } from '../cli-runtime.ts';
import { exitCodeFor, exitCodes } from '../exit-codes.ts';

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
    .option('--timeout <seconds>', 'stop the script after this many seconds', '30')
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
      try {
        const { createLuaRunner } = await import('../../lua/index.ts');
        // The local operator's own process: no other callers share its event loop, so computing may take
        // the whole --timeout (a gateway keeps the shorter default CPU limit).
        const limits = { timeoutMs: timeoutSeconds * 1000, cpuTimeMs: timeoutSeconds * 1000 };
        const runner = createLuaRunner({ executor: opened.executor, limits });
        const result = await runner.run(script, {
          personaToken,
          account: globals.account,
          prompt: options.prompt,
          signal: abort.signal,
          onPrint: (text) => runtime.stdout(text),
        });
        if (result.ok) {
          if (result.value !== null) runtime.stdout(`${JSON.stringify(result.value, null, 2)}\n`);
          return;
        }
        const error = result.error!;
        runtime.stderr(`heygate lua: ${error.message}${error.hint ? `\n  hint: ${error.hint}` : ''}\n`);
        runtime.exitCode = luaExitCodes[error.code] ?? exitCodeFor({ code: error.code });
      } finally {
        process.removeListener('SIGINT', onSignal);
        await opened.close();
      }
    });
}
