import type { FlowActor } from '../../flows/create-flow-service.ts';
import type { OpenedFlows } from '../../flows/open-flows.ts';
import type { Gateway } from '../../gateway/gateway.ts';
import type { McpExtraTool, McpExtraToolContext } from './mcp-extra-tool.ts';

/** Options of {@link createFlowMcpTools}. */
export interface FlowMcpToolsOptions {
  gateway: Gateway;
  flows: OpenedFlows;
  /** Persona when the session carries none (stdio `--persona`); absent: the local operator. */
  personaToken?: string;
  /** Longest `wait_seconds` a caller may ask of `flow_run` (default 600). */
  maxWaitSeconds?: number;
}

const nameArgument = { type: 'string', description: 'Flow name.' } as const;

/**
 * MCP tools to create, run and inspect flows (issue 15), for a persona holding the `flows` grant: flows it saves
 * run as itself, and it sees only those. Served by `heygate serve` at `/mcp` beside the catalog tools.
 */
export function createFlowMcpTools(options: FlowMcpToolsOptions): McpExtraTool[] {
  const { gateway, flows } = options;
  const maxWait = options.maxWaitSeconds ?? 600;

  async function actor(context: McpExtraToolContext): Promise<FlowActor> {
    const caller =
      context.personaId !== undefined
        ? { personaId: context.personaId }
        : {
            ...((context.personaToken ?? options.personaToken)
              ? { personaToken: context.personaToken ?? options.personaToken }
              : {}),
          };
    const persona = await gateway.authenticate(caller);
    return persona ? { kind: 'persona', persona } : { kind: 'operator' };
  }

  const text = (args: Record<string, unknown>, field: string) => String(args[field] ?? '');

  return [
    {
      name: 'flows_list',
      title: 'List flows',
      description:
        'List the flows you may run: name, trigger, enabled, version. Then flow_get for one, flow_run to run it.',
      inputSchema: { type: 'object', properties: {}, additionalProperties: false },
      annotations: { readOnlyHint: true },
      handler: async (_args, context) => ({
        flows: (await flows.service.list(await actor(context))).map(({ definition: _d, ...flow }) => flow),
      }),
    },
    {
      name: 'flow_get',
      title: 'Show a flow',
      description: 'A flow with its full definition (trigger and steps).',
      inputSchema: {
        type: 'object',
        properties: { name: nameArgument },
        required: ['name'],
        additionalProperties: false,
      },
      annotations: { readOnlyHint: true },
      handler: async (args, context) => flows.service.get(text(args, 'name'), await actor(context)),
    },
    {
      name: 'flow_save',
      title: 'Create or update a flow',
      description:
        'Save a flow from its YAML or JSON text (format: heygate docs/flows.md; trigger manual/cron/event/after, steps ' +
        'tool/mcp/http/lua/if/for_each with {{ steps.<id>.<field> }} templates). It is validated first (tools, inputs, ' +
        'templates, your scopes); errors name the field. The flow runs as you.',
      inputSchema: {
        type: 'object',
        properties: { source: { type: 'string', description: 'The flow file text (YAML or JSON).' } },
        required: ['source'],
        additionalProperties: false,
      },
      handler: async (args, context) => {
        const result = await flows.service.save(text(args, 'source'), await actor(context));
        return { created: result.created, warnings: result.warnings, flow: result.flow };
      },
    },
    {
      name: 'flow_validate',
      title: 'Validate a flow',
      description: 'Check a flow text without saving it; answers valid or the problems with their fields.',
      inputSchema: {
        type: 'object',
        properties: { source: { type: 'string' } },
        required: ['source'],
        additionalProperties: false,
      },
      annotations: { readOnlyHint: true },
      handler: async (args, context) => {
        const { definition, warnings } = await flows.service.validate(
          text(args, 'source'),
          await actor(context),
        );
        return { valid: true, name: definition.name, warnings };
      },
    },
    {
      name: 'flow_run',
      title: 'Run a flow',
      description: `Start a run. With wait_seconds (at most ${maxWait}) wait for it and get each step's output; else get the run id and call flow_run_get later.`,
      inputSchema: {
        type: 'object',
        properties: {
          name: nameArgument,
          input: { description: 'Run input, read by the flow as {{ trigger.input }}.' },
          wait_seconds: { type: 'number', minimum: 0, maximum: maxWait },
        },
        required: ['name'],
        additionalProperties: false,
      },
      handler: async (args, context) => {
        const caller = await actor(context);
        const run = await flows.service.start(text(args, 'name'), caller, args.input);
        const wait = Math.min(maxWait, Number(args.wait_seconds ?? 0));
        if (!(wait > 0)) return run;
        const signal = AbortSignal.any([context.signal, AbortSignal.timeout(wait * 1000)]);
        await flows.waitForRun(run.id, { signal }).catch(() => undefined);
        return flows.service.run(run.id, caller);
      },
    },
    {
      name: 'flow_runs',
      title: 'Run history of a flow',
      description: 'Recent runs of a flow, newest first: status, trigger, timings, credits.',
      inputSchema: {
        type: 'object',
        properties: { name: nameArgument, limit: { type: 'number', minimum: 1, maximum: 100 } },
        required: ['name'],
        additionalProperties: false,
      },
      annotations: { readOnlyHint: true },
      handler: async (args, context) => ({
        runs: await flows.service.runs(text(args, 'name'), await actor(context), {
          limit: Number(args.limit ?? 20),
        }),
      }),
    },
    {
      name: 'flow_run_get',
      title: 'Show a run',
      description: "A run with each step's input, output, error, attempts, timings and credits.",
      inputSchema: {
        type: 'object',
        properties: { run_id: { type: 'string' } },
        required: ['run_id'],
        additionalProperties: false,
      },
      annotations: { readOnlyHint: true },
      handler: async (args, context) => flows.service.run(text(args, 'run_id'), await actor(context)),
    },
    {
      name: 'flow_run_cancel',
      title: 'Cancel a run',
      description: 'Cancel a queued or running run; a running one stops at its current call or wait.',
      inputSchema: {
        type: 'object',
        properties: { run_id: { type: 'string' } },
        required: ['run_id'],
        additionalProperties: false,
      },
      annotations: { destructiveHint: true },
      handler: async (args, context) => flows.service.cancel(text(args, 'run_id'), await actor(context)),
    },
  ];
}
