import { serve } from '@hono/node-server';
import type { Command } from 'commander';
import { createHttpApp } from '../../http/create-http-app.ts';
import type { CliRuntime } from '../cli-runtime.ts';
import { exitCodes } from '../exit-codes.ts';
import { version } from '../version.ts';

/** `heygate serve`: the HTTP surface (tools, MCP at /mcp, admin API). `npm start` runs it. */
export function registerServeCommand(program: Command, runtime: CliRuntime): void {
  program
    .command('serve')
    .description('start the heygate server (sandbox mode when no HeyGen key is configured)')
    .option('--port <port>', 'port to listen on (default $HEYGATE_PORT or 4000)')
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .action(async (options: { port?: string; host: string }, command: Command) => {
      const globals = command.optsWithGlobals<{ sandbox?: boolean; account?: string }>();
      const port = Number(options.port ?? runtime.env.HEYGATE_PORT ?? 4000);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        runtime.stderr(`heygate: --port must be an integer 0-65535 (got "${options.port}")\n`);
        runtime.exitCode = exitCodes.usage;
        return;
      }
      const opened = await runtime.openExecutor({ sandbox: globals.sandbox, account: globals.account });
      const app = createHttpApp({
        executor: opened.executor,
        info: { version, mode: opened.sandbox ? 'sandbox' : 'heygen' },
      });
      const server = serve({ fetch: app.fetch, port, hostname: options.host });
      await new Promise<void>((resolve) => server.once('listening', () => resolve()));
      const address = server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      const base = `http://${options.host}:${actualPort}`;
      runtime.stdout(`heygate ${version} listening on ${base}\n`);
      if (opened.sandbox) {
        runtime.stdout(
          `  mode: sandbox — HeyGen emulator at ${opened.sandbox.url} (API key ${opened.sandbox.apiKey}); ` +
            'set HEYGEN_API_KEY or run `heygate accounts add default` to use HeyGen\n',
        );
      } else {
        runtime.stdout('  mode: HeyGen\n');
      }
      runtime.stdout(`  tools:  GET ${base}/v1/tools, POST ${base}/v1/tools/<name>\n`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await opened.close();
    });
}
