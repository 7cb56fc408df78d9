import type { Command } from 'commander';
import type { Access } from '../../../catalog/define-tool.ts';
import type { Gateway } from '../../../gateway/gateway.ts';
import type { Executor } from '../../../gateway/types.ts';
import type { McpExtraTool } from '../../mcp/index.ts';
import type { CliRuntime } from '../cli-runtime.ts';
import { schemaDialects, type SchemaDialect } from '../../internal/schema-dialect-name.ts';
import { exitCodes } from '../exit-codes.ts';
import { clusterFromEnv } from '../cluster-from-env.ts';
import { outboundOptions, type OutboundOptionValues } from './outbound-options.ts';

interface McpCommandOptions extends OutboundOptionValues {
  mode: string;
  areas?: string;
  access?: string;
  lua?: boolean;
  flows?: boolean;
  maxWait: string;
  dialect: string;
}

const MODES = ['auto', 'full', 'compact', 'code'] as const;
const ACCESS_CLASSES = ['read', 'write', 'destructive'] as const;

/**
 * `heygate mcp`: serves the HeyGen tools to an MCP client (Claude, Cursor, agent SDKs) over stdio. Standard
 * output carries only the protocol; messages go to standard error. The server runs until the client closes
 * standard input (or on SIGINT/SIGTERM).
 *
 * Heavy modules load inside the action, so other commands do not pay for the MCP SDK and MCP start-up
 * does not pay for other commands (see bench/mcp-cold-start.ts).
 */
export function registerMcpCommand(program: Command, runtime: CliRuntime): void {
  const command = program
    .command('mcp')
    .description('serve the HeyGen tools to an MCP client over stdio')
    .option(
      '--mode <mode>',
      'full | compact | code | auto (full only when the filtered tools are small)',
      'auto',
    )
    .option('--areas <list>', 'only tools of these areas, comma-separated (e.g. videos,avatars)')
    .option('--access <class>', 'most powerful access class served: read | write | destructive')
    .option(
      '--max-wait <seconds>',
      'how long a call that cannot move off a rate-limited account may wait (default 0: answer rate_limited)',
      '0',
    )
    .option(
      '--lua',
      'also serve the Lua tools (execute_lua, lua_read_doc, …) beside the full or compact tools',
    )
    .option('--dialect <name>', `input schemas for a model family: ${schemaDialects.join(' | ')}`, 'mcp')
    .option(
      '--flows',
      'also serve the flow tools (flows_list, flow_save, flow_run, …; for personas with the flows grant) and run flows here',
    );
  outboundOptions(command, 'none: no local file is read').action(
    async (options: McpCommandOptions, command: Command) => {
      const globals = command.optsWithGlobals<{ sandbox?: boolean; persona?: string; account?: string }>();
      const mode = options.mode as (typeof MODES)[number];
      if (!MODES.includes(mode))
        return usage(runtime, `--mode must be one of ${MODES.join(', ')} (got "${options.mode}")`);
      const access = options.access as Access | undefined;
      if (access !== undefined && !ACCESS_CLASSES.includes(access)) {
        return usage(
          runtime,
          `--access must be one of ${ACCESS_CLASSES.join(', ')} (got "${options.access}")`,
        );
      }
      const dialect = options.dialect as SchemaDialect;
      if (!schemaDialects.includes(dialect))
        return usage(
          runtime,
          `--dialect must be one of ${schemaDialects.join(', ')} (got "${options.dialect}")`,
        );
      const maxWaitSeconds = Number(options.maxWait);
      if (!Number.isFinite(maxWaitSeconds) || maxWaitSeconds < 0) {
        return usage(runtime, `--max-wait must be a number of seconds ≥ 0 (got "${options.maxWait}")`);
      }
      const areas = options.areas
        ?.split(',')
        .map((area) => area.trim())
        .filter(Boolean);
      if (areas) {
        const { catalog } = await import('../../../catalog/index.ts');
        const known = [...new Set(catalog.map((tool) => tool.area))].sort();
        const unknown = areas.filter((area) => !known.includes(area));
        if (unknown.length > 0) {
          return usage(runtime, `--areas: unknown area ${unknown.join(', ')}; areas are ${known.join(', ')}`);
        }
      }

      const personaToken = globals.persona ?? runtime.env.HEYGATE_PERSONA_TOKEN;
      // Start-up is what an MCP client waits for: load the SDK while the executor (and sandbox) opens.
      const [{ createMcpServer }, { gatewayMcpTasks }, { StdioServerTransport }, opened] = await Promise.all([
        import('../../mcp/mcp-server.ts'),
        import('../../mcp/gateway-mcp-tasks.ts'),
        import('@modelcontextprotocol/sdk/server/stdio.js'),
        runtime.openExecutor({
          sandbox: globals.sandbox,
          account: globals.account,
          fileRoots: options.filesRoot,
          fetchAllow: options.fetchAllow,
        }),
      ]);
      // Beside `heygate serve` processes on the same database and Redis (ADR 0061): this process keeps a presence
      // key, so its MCP tasks are taken over at once if it dies, and webhooks they receive wake its waits.
      // MCP sessions over stdio are this process's own: none is recorded in Redis.
      const cluster = await clusterFromEnv(opened.gateway, runtime.env, 60 * 60_000);
      const tasks = gatewayMcpTasks(opened.gateway, cluster?.taskPeers);
      let flows: Awaited<ReturnType<typeof loadFlowTools>> | undefined;
      try {
        if (options.flows) flows = await loadFlowTools(opened.gateway, runtime, personaToken);
        const extraTools = [
          ...(mode === 'code' || options.lua
            ? await loadLuaTools(opened.executor, personaToken, opened.gateway, runtime.env)
            : []),
          ...(flows?.tools ?? []),
        ];
        const mcp = await createMcpServer({
          executor: opened.executor,
          mode,
          areas,
          access,
          personaToken,
          account: globals.account,
          maxWaitMs: maxWaitSeconds * 1000,
          extraTools,
          tasks,
          dialect,
        });
        const closed = new Promise<void>((resolve) => {
          mcp.server.onclose = () => resolve();
        });
        const stop = () => void mcp.close();
        // The SDK's stdio transport does not end on EOF; a client that closes our stdin is done with us.
        process.stdin.once('end', stop);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        await mcp.connect(new StdioServerTransport());
        runtime.stderr(
          `heygate mcp: serving ${mcp.mode} mode over stdio${opened.sandbox ? ` (sandbox: HeyGen emulator at ${opened.sandbox.url})` : ''}\n`,
        );
        await closed;
        process.stdin.off('end', stop);
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      } finally {
        await flows?.close();
        await tasks.close();
        await cluster?.close();
        await opened.close();
      }
    },
  );
}

function usage(runtime: CliRuntime, message: string): void {
  runtime.stderr(`heygate mcp: ${message}\n`);
  runtime.exitCode = exitCodes.usage;
}

/** The Lua tools served in `code` mode, from the Lua surface (the CLI is a composition root). */
async function loadLuaTools(
  executor: Executor,
  personaToken: string | undefined,
  gateway: Gateway,
  env: CliRuntime['env'],
): Promise<McpExtraTool[]> {
  // Loaded on demand: only `code` mode pays for the Lua VM. Scripts run in worker threads and need the
  // persona's `lua` grant (ADR 0020).
  const { createLuaMcpTools, luaConcurrencyFromEnv } = await import('../../lua/index.ts');
  return createLuaMcpTools({ executor, personaToken, gateway, concurrency: luaConcurrencyFromEnv(env) });
}

/**
 * The flow tools with a flow engine in this process (`--flows`): a run an agent starts here executes here, as in
 * `heygate serve` (embedded on the store, or a BullMQ worker when `HEYGATE_REDIS_URL` is set).
 */
async function loadFlowTools(
  gateway: Gateway,
  runtime: CliRuntime,
  personaToken: string | undefined,
): Promise<{ tools: McpExtraTool[]; close(): Promise<void> }> {
  const [{ openFlows }, { createFlowMcpTools }, { createFlowLua }] = await Promise.all([
    import('../../../flows/open-flows.ts'),
    import('../../mcp/create-flow-mcp-tools.ts'),
    import('../../lua/create-flow-lua.ts'),
  ]);
  const flows = openFlows({ gateway, env: runtime.env, lua: createFlowLua({ threads: true }) });
  await flows.engine.start();
  return {
    tools: createFlowMcpTools({ gateway, flows, ...(personaToken ? { personaToken } : {}) }),
    close: () => flows.close(),
  };
}
