import type { Command } from 'commander';
import type { CliRuntime } from '../cli-runtime.ts';
import { schemaDialects, type SchemaDialect } from '../../internal/schema-dialect-name.ts';
import { exitCodes } from '../exit-codes.ts';
import { clusterFromEnv } from '../cluster-from-env.ts';
import { outboundOptions, type OutboundOptionValues } from './outbound-options.ts';
import { parseDuration } from '../parse-duration.ts';
import { version } from '../version.ts';

interface ServeOptions extends OutboundOptionValues {
  allowedHost: string[];
  allowedOrigin: string[];
  port?: string;
  host: string;
  mcpMode: string;
  dialect: string;
  lua?: boolean;
  flows?: boolean;
  allowOperator?: boolean;
  publicUrl?: string;
  maintenanceInterval: string;
  logLevel?: string;
  drainTimeout: string;
}

/**
 * `heygate serve`: the HTTP surface — tools at `/v1/tools`, MCP Streamable HTTP at `/mcp`, the admin REST
 * API at `/admin`, the webhook receiver at `/webhooks`, the OAuth callback at `/oauth`, and in the background the
 * credential maintenance (OAuth refresh, staged keys, due rotations). `npm start` runs it. Requests authenticate with a persona bearer token; calls without
 * one act as the local operator only in sandbox mode or with `--allow-operator` (see ADR 0012).
 */
export function registerServeCommand(program: Command, runtime: CliRuntime): void {
  const command = program
    .command('serve')
    .description('start the heygate server (sandbox mode when no HeyGen key is configured)')
    .option('--port <port>', 'port to listen on (default $HEYGATE_PORT or 4000)')
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--mcp-mode <mode>', 'MCP mode at /mcp: auto | full | compact | code', 'auto')
    .option(
      '--dialect <name>',
      `input schemas at /mcp for a model family: ${schemaDialects.join(' | ')}`,
      'mcp',
    )
    .option(
      '--lua',
      'also serve the Lua tools at /mcp beside the full or compact tools (as heygate mcp --lua)',
    )
    .option(
      '--flows',
      'also serve the flow tools at /mcp (for personas with the flows grant; as heygate mcp --flows)',
    )
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
    .option(
      '--log-level <level>',
      'fatal | error | warn | info | debug | trace | silent (default $HEYGATE_LOG_LEVEL or info)',
    )
    .option(
      '--drain-timeout <duration>',
      'on SIGTERM/SIGINT, how long calls in flight may finish while new requests get 503',
      '30s',
    )
    .option(
      '--allowed-host <name>',
      'host name clients address the server by (repeatable; adds to HEYGATE_ALLOWED_HOSTS; default: localhost, 127.0.0.1, [::1] and --host; * turns the check off)',
      collect,
      [],
    )
    .option(
      '--allowed-origin <origin>',
      'browser origin allowed to call the server besides its own (repeatable; adds to HEYGATE_ALLOWED_ORIGINS)',
      collect,
      [],
    );
  outboundOptions(command, 'none: no local file is read').action(
    async (options: ServeOptions, command: Command) => {
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
      const dialect = options.dialect as SchemaDialect;
      if (!schemaDialects.includes(dialect)) {
        runtime.stderr(
          `heygate: --dialect must be one of ${schemaDialects.join(', ')} (got "${options.dialect}")\n`,
        );
        runtime.exitCode = exitCodes.usage;
        return;
      }
      const maintenanceMs = parseDuration(options.maintenanceInterval, '--maintenance-interval') as number;
      const publicUrl = options.publicUrl ?? runtime.env.HEYGATE_PUBLIC_URL;
      if (publicUrl !== undefined && !/^https?:$/.test(URL.parse(publicUrl)?.protocol ?? '')) {
        runtime.stderr(`heygate: --public-url must be an http(s) URL (got "${publicUrl}")\n`);
        runtime.exitCode = exitCodes.usage;
        return;
      }
      const { createOperations, parseLogLevel } = await import('../../../observability/index.ts');
      let logLevel;
      let drainMs: number;
      try {
        logLevel = parseLogLevel(options.logLevel ?? runtime.env.HEYGATE_LOG_LEVEL);
        drainMs = parseDuration(options.drainTimeout, '--drain-timeout') as number;
      } catch (error) {
        runtime.stderr(`heygate: ${error instanceof Error ? error.message : String(error)}\n`);
        runtime.exitCode = exitCodes.usage;
        return;
      }
      // Logs, metrics and traces around every call (ADR 0046); the gateway gets the observer when it opens.
      const operations = createOperations({ env: runtime.env, logLevel, version, write: runtime.stdout });
      const [
        { serve },
        { createHttpApp },
        { createAdminRoutes },
        { createMcpHttpHandler },
        { createLuaMcpTools, luaConcurrencyFromEnv },
        { createWebhookRoutes, webhookSecretsFromEnv },
        { loopbackHosts },
        { gatewayMcpTasks },
        { createOAuthRoutes },
        { createCookieSessionBinding },
        { createMaintenanceLoop },
        { openFlows },
        { createFlowRoutes },
        { createFlowMcpTools },
        { createFlowLua },
        { createConsoleApp },
      ] = await Promise.all([
        import('@hono/node-server'),
        import('../../http/create-http-app.ts'),
        import('../../http/admin-routes.ts'),
        import('../../mcp/http-handler.ts'),
        import('../../lua/index.ts'),
        import('../../http/webhook-routes.ts'),
        import('../../http/host-origin-check.ts'),
        import('../../mcp/gateway-mcp-tasks.ts'),
        import('../../http/oauth-routes.ts'),
        import('../../http/oauth-session-binding.ts'),
        import('../../../gateway/maintenance-loop.ts'),
        import('../../../flows/open-flows.ts'),
        import('../../http/flow-routes.ts'),
        import('../../mcp/create-flow-mcp-tools.ts'),
        import('../../lua/create-flow-lua.ts'),
        import('../../console/create-console-app.ts'),
      ]);
      const opened = await runtime.openExecutor({
        sandbox: globals.sandbox,
        account: globals.account,
        fileRoots: options.filesRoot,
        fetchAllow: options.fetchAllow,
        observer: operations.observer,
      });
      // Flows (issue 15): the engine runs scheduled, event-triggered and queued runs in this process (embedded),
      // or on BullMQ workers shared with every other process when HEYGATE_REDIS_URL is set.
      const flows = openFlows({
        gateway: opened.gateway,
        env: runtime.env,
        lua: createFlowLua({ threads: true }),
      });
      await flows.engine.start();
      const sharedToken = runtime.env.HEYGATE_MCP_TOKEN;
      // Several processes as one (ADRs 0056, 0061): MCP sessions, webhook wake-ups, task runners and
      // cancellations shared through Redis.
      const sessionIdleMs = 60 * 60_000;
      const cluster = await clusterFromEnv(opened.gateway, runtime.env, sessionIdleMs);
      const tasks = gatewayMcpTasks(opened.gateway, cluster?.taskPeers);
      // The same tools as `heygate mcp` for the same mode and options: Lua only in code mode or with --lua.
      const mcp = createMcpHttpHandler({
        executor: opened.executor,
        auth: sharedToken ? { token: sharedToken } : 'persona',
        mode: mcpMode,
        dialect,
        account: globals.account,
        extraTools: [
          ...(mcpMode === 'code' || options.lua === true
            ? createLuaMcpTools({
                executor: opened.executor,
                gateway: opened.gateway,
                concurrency: luaConcurrencyFromEnv(runtime.env),
              })
            : []),
          ...(options.flows === true ? createFlowMcpTools({ gateway: opened.gateway, flows }) : []),
        ],
        tasks,
        sessionIdleMs,
        ...(cluster ? { sessionRegistry: cluster.mcpSessions } : {}),
      });
      const webhookSecrets = webhookSecretsFromEnv(runtime.env);
      const allowedHosts = [
        ...new Set([
          ...loopbackHosts,
          ...(['0.0.0.0', '::', ''].includes(options.host) ? [] : [options.host]),
          // HeyGen's webhook deliveries and the OAuth redirect address the server by its public name.
          ...(publicUrl ? [new URL(publicUrl).hostname] : []),
          ...listFromEnv(runtime.env.HEYGATE_ALLOWED_HOSTS),
          ...options.allowedHost,
        ]),
      ];
      const allowedOrigins = [...listFromEnv(runtime.env.HEYGATE_ALLOWED_ORIGINS), ...options.allowedOrigin];
      // One binding for the OAuth start (admin API) and its callback: the flow finishes in the browser that began it.
      const oauthSession = createCookieSessionBinding();
      const flowRoutes = createFlowRoutes({ gateway: opened.gateway, flows });
      // The web console (issue 16): operator sign-in without a token only in sandbox on a loopback bind.
      const consoleApp = createConsoleApp({
        gateway: opened.gateway,
        flows,
        oauthSession,
        operatorSignIn: opened.sandbox !== undefined && loopbackHosts.includes(bindName(options.host)),
        ...(publicUrl ? { publicUrl } : {}),
      });
      const app = createHttpApp({
        allowedHosts,
        allowedOrigins,
        executor: opened.executor,
        operatorWithoutToken: opened.sandbox !== undefined || options.allowOperator === true,
        mounts: {
          '/mcp': mcp,
          // Flow routes before `/admin`: mounts match in order, and `/admin/*` would answer them with a 404.
          '/admin/flows': flowRoutes,
          '/admin/flow-runs': flowRoutes,
          '/admin/connections': flowRoutes,
          '/admin': createAdminRoutes({
            gateway: opened.gateway,
            oauthSession,
            ...(publicUrl ? { publicUrl } : {}),
          }),
          // HeyGen events end job waits early (ADR 0011); each account's secrets from the vault (ADR 0032), and
          // HEYGATE_WEBHOOK_SECRET for every account. Verified events also start event-triggered flows.
          '/webhooks': createWebhookRoutes({
            gateway: opened.gateway,
            secrets: webhookSecrets,
            onEvent: async (account, event) => void (await flows.service.onEvent(account, event)),
          }),
          '/oauth': createOAuthRoutes({ gateway: opened.gateway, oauthSession }),
          '/console': consoleApp,
          '/': consoleApp,
        },
        info: { version, mode: opened.sandbox ? 'sandbox' : 'heygen' },
        operations: operations.attach({
          gateway: opened.gateway,
          flowRuns: async () => ({
            queued: (await flows.flowStore.listRuns({ status: 'queued', limit: 500 })).length,
            running: (await flows.flowStore.listRuns({ status: 'running', limit: 500 })).length,
          }),
        }),
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
      // Node refuses heads over its limit by resetting the connection; a generous limit lets the app answer
      // an oversized head (a 64 KB Authorization header) with a readable 431 instead.
      const server = serve({
        fetch: app.fetch,
        port,
        hostname: options.host,
        serverOptions: { maxHeaderSize: 256 * 1024, requestTimeout: 5 * 60_000, headersTimeout: 30_000 },
      });
      // A busy or forbidden port is one clear line and exit 2 (docs/cli.md), not an unhandled 'error' event.
      const listenError = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
        server.once('listening', () => resolve(undefined));
        server.once('error', (error: NodeJS.ErrnoException) => resolve(error));
      });
      if (listenError) {
        const where = `${options.host}:${port}`;
        runtime.stderr(
          listenError.code === 'EADDRINUSE'
            ? `heygate: port ${port} is already in use on ${options.host} (another heygate serve?); choose another with --port P or HEYGATE_PORT\n`
            : listenError.code === 'EACCES'
              ? `heygate: not allowed to listen on ${where} (ports below 1024 need privileges); choose another with --port P\n`
              : `heygate: cannot listen on ${where}: ${listenError.message}\n`,
        );
        runtime.exitCode = exitCodes.usage;
        consoleApp.close();
        await mcp.close();
        await cluster?.close();
        await tasks.close();
        await flows.close();
        await opened.close();
        await operations.close();
        return;
      }
      maintenance.start();
      const address = server.address();
      const base = `http://${options.host}:${typeof address === 'object' && address ? address.port : port}`;
      runtime.stdout(`heygate ${version} listening on ${base}\n`);
      runtime.stdout(
        opened.sandbox
          ? `  mode:   sandbox — HeyGen emulator at ${opened.sandbox.url} (key ${opened.sandbox.apiKey}); ` +
              'set HEYGEN_API_KEY or run `heygate accounts add default` to use HeyGen\n'
          : '  mode:   HeyGen\n',
      );
      runtime.stdout(
        `  hosts:  ${allowedHosts.includes('*') ? 'any (Host check off)' : allowedHosts.join(', ')} (add the public name with --allowed-host)\n`,
      );
      runtime.stdout(`  tools:  GET ${base}/v1/tools · POST ${base}/v1/tools/<name> {"input": {…}}\n`);
      runtime.stdout(`  mcp:    ${base}/mcp (Streamable HTTP; Authorization: Bearer <persona token>)\n`);
      runtime.stdout(`  admin:  ${base}/admin (persona with the admin scope)\n`);
      runtime.stdout(`  console: ${base}/ (web console: sign in with an admin persona token)\n`);
      runtime.stdout(
        `  flows:  ${flows.engine.kind} engine; ${base}/admin/flows (persona with the flows scope)\n`,
      );
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
      // Graceful shutdown: /readyz turns 503 and new requests get 503 while calls in flight finish.
      operations.logger.info({ event: 'shutdown', drainTimeoutMs: drainMs }, 'draining');
      const drained = operations.drain.drain(drainMs);
      consoleApp.close();
      await maintenance.stop();
      const { unfinished } = await drained;
      if (unfinished > 0)
        operations.logger.warn({ event: 'shutdown', unfinished }, 'drain timeout: calls still in flight');
      await mcp.close();
      await cluster?.close();
      await tasks.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // What is still open after the drain carries no call that could finish (an MCP client's event stream, a
        // browser's keep-alive socket): close it, or the process would wait for every client to hang up.
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      await flows.close();
      await opened.close();
      operations.logger.info({ event: 'shutdown' }, 'stopped');
      await operations.close();
    },
  );
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** `::1` → `[::1]` (as the loopback host list writes it). */
const bindName = (host: string): string => (host.includes(':') ? `[${host}]` : host);

/** A comma-separated environment list, blanks dropped. */
function listFromEnv(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}
