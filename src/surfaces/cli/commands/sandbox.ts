import type { Command } from 'commander';
import type { CliRuntime } from '../cli-runtime.ts';
import type { SandboxInfo } from '../sandbox-process.ts';

/** One line about a running sandbox. */
function describe(info: SandboxInfo): string {
  return (
    `sandbox running at ${info.url} (pid ${info.pid}, since ${info.startedAt}, ` +
    `renders take ${info.renderSeconds} s, key ${info.apiKey})`
  );
}

async function home(runtime: CliRuntime): Promise<string> {
  const { resolveHeygateHome } = await import('../../../gateway/heygate-home.ts');
  return resolveHeygateHome(runtime.env);
}

/**
 * `heygate sandbox status|start|stop|reset`: the shared sandbox of `$HEYGATE_HOME` (ADR 0037), the HeyGen emulator
 * every sandbox command reuses. Its videos, assets and jobs last while it runs; `stop` and `reset` end them.
 */
export function registerSandboxCommand(program: Command, runtime: CliRuntime): void {
  const sandbox = program
    .command('sandbox')
    .description('the shared sandbox (HeyGen emulator) every --sandbox command of this HEYGATE_HOME reuses');

  sandbox
    .command('status')
    .description('say whether the sandbox runs, where, and since when')
    .option('--json', 'print {running, url, pid, startedAt, renderSeconds} as JSON')
    .action(async (options: { json?: boolean }) => {
      const { findSandbox } = await import('../sandbox-process.ts');
      const running = await findSandbox(await home(runtime));
      if (options.json) runtime.stdout(`${JSON.stringify({ running: Boolean(running), ...running })}\n`);
      else
        runtime.stdout(
          running ? `${describe(running)}\n` : 'sandbox not running (the next sandbox command starts it)\n',
        );
    });

  sandbox
    .command('start')
    .description('start the sandbox now (sandbox commands also start it on first use)')
    .action(async () => {
      const { ensureSandbox } = await import('../sandbox-process.ts');
      runtime.stdout(`${describe(await ensureSandbox(await home(runtime), runtime.env))}\n`);
    });

  sandbox
    .command('stop')
    .description('stop the sandbox; its videos, assets and jobs are gone')
    .action(async () => {
      const { stopSandbox } = await import('../sandbox-process.ts');
      const stopped = await stopSandbox(await home(runtime));
      runtime.stdout(stopped ? `sandbox stopped (pid ${stopped.pid})\n` : 'sandbox not running\n');
    });

  sandbox
    .command('reset')
    .description('stop the sandbox and start an empty one (new URL and key)')
    .action(async () => {
      const { ensureSandbox, stopSandbox } = await import('../sandbox-process.ts');
      const directory = await home(runtime);
      await stopSandbox(directory);
      runtime.stdout(`${describe(await ensureSandbox(directory, runtime.env))}\n`);
    });
}
