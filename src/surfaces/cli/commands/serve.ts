import type { Command } from 'commander';
import type { CliRuntime } from '../cli-runtime.ts';
import { exitCodes } from '../exit-codes.ts';
import { parseDuration } from '../parse-duration.ts';
import { version } from '../version.ts';

interface ServeOptions {
  port?: string;
  host: string;
  mcpMode: string;
  allowOperator?: boolean;
  publicUrl?: string;
  maintenanceInterval: string;
}

/**
 * `heygate serve`: the HTTP surface — tools at `/v1/tools`, MCP Streamable HTTP at `/mcp`, the admin REST
 * API at `/admin`, the webhook receiver at `/webhooks`, the OAuth callback at `/oauth`, and in the background the
 * credential maintenance (OAuth refresh, staged keys, due rotations). `npm start` runs it. Requests authenticate with a persona bearer token; calls without
 * one act as the local operator only in sandbox mode or with `--allow-operator` (see ADR 0012).
 */
export function registerServeCommand(program: Command, runtime: CliRuntime): void {
  program
    .command('serve')
    .description('start the heygate server (sandbox mode when no HeyGen key is configured)')
    .option('--port <port>', 'port to listen on (default $HEYGATE_PORT or 4000)')
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--mcp-mode <mode>', 'MCP mode at /mcp: auto | full | compact | code', 'auto')
    .option(
      '--allow-operator',
      'let requests without a persona token act as the operator (always on in sandbox)',
    )
    .option(
      '--public-url <url>',
      'where HeyGen and browsers reach this server (OAuth redirect, webhook endpoints); default $HEYGATE_PUBLIC_URL, else the request origin',
    )
    .option(
      '--maintenance-interval <duration>',
      'how often to refresh OAuth tokens, verify staged keys and run due rotations in the background',
      '1m',
    )
    .action(async (options: ServeOptions, command: Command) => {
      const globals = command.optsWithGlobals<{ sandbox?: boolean; account?: string }>();
      const port = Number(options.port ?? runtime.env.HEYGATE_PORT ?? 4000);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        runtime.stderr(`heygate: --port must be an integer 0-65535 (got "${options.port}")\n`);
        runtime.exitCode = exitCodes.usage;
        return;
      }
      const modes = ['auto', 'full', 'compact', 'code'] as const;
      const mcpMode = options.mcpMode as (typeof modes)[number];
      if (!modes.includes(mcpMode)) {
        runtime.stderr(`heygate: --mcp-mode must be one of ${modes.join(', ')} (got "${options.mcpMode}")\n`);
        runtime.exitCode = exitCodes.usage;
        return;
      }
      const maintenanceMs = parseDuration(options.maintenanceInterval, '--maintenance-interval') as number;
      const publicUrl = options.publicUrl ?? runtime.env.HEYGATE_PUBLIC_URL;
      const [
        { serve },
        { createHttpApp },
        { createAdminRoutes },
        { createMcpHttpHandler },
        { createLuaMcpTools },
        { createWebhookRoutes, webhookSecretsFromEnv },
        { createOAuthRoutes },
        { createCookieSessionBinding },
        { createMaintenanceLoop },
      ] = await Promise.all([
        import('@hono/node-server'),
        import('../../http/create-http-app.ts'),
        import('../../http/admin-routes.ts'),
        import('../../mcp/http-handler.ts'),
        import('../../lua/index.ts'),
        import('../../http/webhook-routes.ts'),
        import('../../http/oauth-routes.ts'),
        import('../../http/oauth-session-binding.ts'),
        import('../../../gateway/maintenance-loop.ts'),
      ]);
      const opened = await runtime.openExecutor({ sandbox: globals.sandbox, account: globals.account });
      const sharedToken = runtime.env.HEYGATE_MCP_TOKEN;
      const mcp = createMcpHttpHandler({
        executor: opened.executor,
        auth: sharedToken ? { token: sharedToken } : 'persona',
        mode: mcpMode,
        account: globals.account,
        extraTools: createLuaMcpTools({ executor: opened.executor }),
      });
      const webhookSecrets = webhookSecretsFromEnv(runtime.env);
      // One binding for the OAuth start (admin API) and its callback: the flow finishes in the browser that began it.
      const oauthSession = createCookieSessionBinding();
      const app = createHttpApp({
        executor: opened.executor,
        operatorWithoutToken: opened.sandbox !== undefined || options.allowOperator === true,
        mounts: {
          '/mcp': mcp,
          '/admin': createAdminRoutes({
            gateway: opened.gateway,
            oauthSession,
            ...(publicUrl ? { publicUrl } : {}),
          }),
          // HeyGen events end job waits early (ADR 0011); each account's secrets from the vault (ADR 0032), and
          // HEYGATE_WEBHOOK_SECRET for every account.
          '/webhooks': createWebhookRoutes({ gateway: opened.gateway, secrets: webhookSecrets }),
          '/oauth': createOAuthRoutes({ gateway: opened.gateway, oauthSession }),
        },
        info: { version, mode: opened.sandbox ? 'sandbox' : 'heygen' },
      });
      // Keeps credentials fresh without the operator: OAuth refresh ahead of expiry, staged keys, due rotations.
      const maintenance = createMaintenanceLoop({
        run: () => opened.gateway.rotation.runDue({ surface: 'library', user: 'heygate serve (scheduled)' }),
        intervalMs: maintenanceMs,
        onError: (error) =>
          runtime.stderr(
            `heygate: background rotation failed: ${error instanceof Error ? error.message : String(error)}\n`,
          ),
      });
      const server = serve({ fetch: app.fetch, port, hostname: options.host });
      maintenance.start();
      await new Promise<void>((resolve) => server.once('listening', () => resolve()));
      const address = server.address();
      const base = `http://${options.host}:${typeof address === 'object' && address ? address.port : port}`;
      runtime.stdout(`heygate ${version} listening on ${base}\n`);
      runtime.stdout(
        opened.sandbox
          ? `  mode:   sandbox — HeyGen emulator at ${opened.sandbox.url} (key ${opened.sandbox.apiKey}); ` +
              'set HEYGEN_API_KEY or run `heygate accounts add default` to use HeyGen\n'
          : '  mode:   HeyGen\n',
      );
      runtime.stdout(`  tools:  GET ${base}/v1/tools · POST ${base}/v1/tools/<name> {"input": {…}}\n`);
      runtime.stdout(`  mcp:    ${base}/mcp (Streamable HTTP; Authorization: Bearer <persona token>)\n`);
      runtime.stdout(`  admin:  ${base}/admin (persona with the admin scope)\n`);
      runtime.stdout(
        `  webhooks: ${publicUrl ?? base}/webhooks/heygen/<account> (\`heygate webhooks setup ACCOUNT --public-url URL\` ` +
          'registers it; events wake job waits)\n',
      );
      runtime.stdout(
        `  oauth:  ${publicUrl ?? base}/oauth/callback (POST /admin/accounts/<name>/oauth/start)\n`,
      );
      runtime.stdout(
        '  personas: `npm run heygate -- personas create NAME --allow read write` prints a token\n',
      );
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await maintenance.stop();
      await mcp.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await opened.close();
    });
}
