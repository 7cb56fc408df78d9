import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { InvalidInputError } from '../../../catalog/errors.ts';
import type { FlowActor, FlowRunView, FlowView } from '../../../flows/create-flow-service.ts';
import type { OpenedFlows, OpenFlowsOptions } from '../../../flows/open-flows.ts';
import type { Gateway } from '../../../gateway/gateway.ts';
import type { CliRuntime } from '../cli-runtime.ts';
import { exitCodeFor, exitCodes } from '../exit-codes.ts';
import { table, withGateway } from './with-gateway.ts';

interface Globals {
  sandbox?: boolean;
  persona?: string;
  account?: string;
}

/** The caller: `--persona`/`HEYGATE_PERSONA_TOKEN`, else the local operator. */
async function actorOf(gateway: Gateway, runtime: CliRuntime, globals: Globals): Promise<FlowActor> {
  const token = globals.persona ?? runtime.env.HEYGATE_PERSONA_TOKEN;
  const persona = token ? await gateway.authenticate({ personaToken: token }) : undefined;
  return persona ? { kind: 'persona', persona } : { kind: 'operator' };
}

/** Opens flows (and the Lua steps' runner) on a gateway for one command. */
async function loadFlows(
  gateway: Gateway,
  runtime: CliRuntime,
  options: Partial<OpenFlowsOptions> = {},
): Promise<OpenedFlows> {
  const [{ openFlows }, { createFlowLua }] = await Promise.all([
    import('../../../flows/open-flows.ts'),
    import('../../lua/create-flow-lua.ts'),
  ]);
  return openFlows({ gateway, env: runtime.env, execute: false, lua: createFlowLua(), ...options });
}

/** Runs management work on flows opened over the gateway from the environment (no sandbox needed). */
async function withFlows<T>(
  runtime: CliRuntime,
  command: Command,
  work: (flows: OpenedFlows, actor: FlowActor) => Promise<T>,
): Promise<T> {
  const globals = command.optsWithGlobals<Globals>();
  return withGateway(runtime, async (gateway) => {
    const flows = await loadFlows(gateway, runtime);
    try {
      return await work(flows, await actorOf(gateway, runtime, globals));
    } finally {
      await flows.close();
    }
  });
}

async function readFlowFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new InvalidInputError('cli', [
      {
        field: 'FILE',
        expected: 'a readable flow file',
        message: `Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
      },
    ]);
  }
}

function triggerText(flow: FlowView): string {
  const trigger = flow.trigger as Record<string, unknown>;
  if ('cron' in trigger) return `cron ${String(trigger.cron)} ${String(trigger.timezone ?? 'UTC')}`;
  if ('event' in trigger) return `event ${[trigger.event].flat().join(',')}`;
  if ('after' in trigger) return `after ${(trigger.after as { flow: string }).flow}`;
  return 'manual';
}

function runLine(run: FlowRunView): string[] {
  return [
    run.id,
    run.status,
    String((run.trigger as { kind?: string }).kind ?? ''),
    run.created_at,
    run.duration_ms === null ? '' : `${run.duration_ms} ms`,
    String(run.credits),
  ];
}

function printRun(runtime: CliRuntime, run: FlowRunView): void {
  runtime.stdout(
    `run ${run.id} of ${run.flow} (v${run.flow_version}) — ${run.status}${run.duration_ms === null ? '' : ` in ${run.duration_ms} ms`}, ${run.credits} credits\n`,
  );
  for (const step of run.steps ?? []) {
    const output =
      step.error && step.status !== 'succeeded'
        ? `error ${JSON.stringify(step.error)}`
        : JSON.stringify(step.output);
    runtime.stdout(
      `  ${step.key.padEnd(24)} ${step.status.padEnd(9)} ${String(step.duration_ms ?? '').padStart(6)} ms  ${(output ?? '').slice(0, 160)}\n`,
    );
  }
  if (run.error) runtime.stdout(`  error: ${JSON.stringify(run.error)}\n`);
}

function finishRun(runtime: CliRuntime, run: FlowRunView, json: boolean | undefined): void {
  if (json) runtime.stdout(`${JSON.stringify(run, null, 2)}\n`);
  else printRun(runtime, run);
  if (run.status === 'failed' || run.status === 'cancelled') {
    runtime.exitCode = exitCodeFor({ code: (run.error as { code?: string } | null)?.code ?? 'flow_failed' });
  }
}

function parseInput(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidInputError('cli', [
      { field: '--input', expected: 'JSON', message: '--input must be JSON, e.g. \'{"name": "Ada"}\'.' },
    ]);
  }
}

/**
 * `heygate flows …`: add, validate, list, show, run, runs, cancel, enable, disable, remove (ADR 0034). Runs
 * execute in `heygate serve`; `run --wait` executes the run in this process and prints it with each step's
 * output (in sandbox mode too, where the emulator lives in this process).
 */
export function registerFlowsCommand(program: Command, runtime: CliRuntime): void {
  const flows = program
    .command('flows')
    .description('scheduled and event-driven flows: trigger + steps, run as a persona');

  flows
    .command('add')
    .description('save a flow file (YAML or JSON); a flow with the same name gets a new version')
    .argument('<file>', 'flow file')
    .option('--json', 'print the saved flow as JSON')
    .action(async (file: string, options: { json?: boolean }, command: Command) => {
      const text = await readFlowFile(file);
      await withFlows(runtime, command, async (opened, actor) => {
        const { flow, created, warnings } = await opened.service.save(text, actor, file);
        for (const warning of warnings) runtime.stderr(`warning: ${warning}\n`);
        if (options.json) return runtime.stdout(`${JSON.stringify(flow, null, 2)}\n`);
        runtime.stdout(
          `${created ? 'added' : 'updated'} flow ${flow.name} v${flow.version} (${triggerText(flow)}, ${flow.steps} steps, runs as ${flow.persona ?? 'operator'})\n`,
        );
      });
    });

  flows
    .command('validate')
    .description(
      'check a flow file: format, tools and inputs, template references, persona scopes, connections',
    )
    .argument('<file>', 'flow file')
    .action(async (file: string, _options: unknown, command: Command) => {
      const text = await readFlowFile(file);
      await withFlows(runtime, command, async (opened, actor) => {
        const { definition, warnings } = await opened.service.validate(text, actor, file);
        for (const warning of warnings) runtime.stderr(`warning: ${warning}\n`);
        runtime.stdout(`${file}: flow ${definition.name} is valid\n`);
      });
    });

  flows
    .command('list')
    .description('list flows')
    .option('--json', 'JSON output')
    .action(async (options: { json?: boolean }, command: Command) => {
      await withFlows(runtime, command, async (opened, actor) => {
        const list = await opened.service.list(actor);
        if (options.json)
          return runtime.stdout(
            `${JSON.stringify(
              list.map(({ definition: _d, ...flow }) => flow),
              null,
              2,
            )}\n`,
          );
        if (list.length === 0) return runtime.stdout('no flows; add one with `heygate flows add FILE`\n');
        runtime.stdout(
          table([
            ['NAME', 'ENABLED', 'TRIGGER', 'STEPS', 'VERSION', 'RUNS AS'],
            ...list.map((flow) => [
              flow.name,
              flow.enabled ? 'yes' : 'no',
              triggerText(flow),
              String(flow.steps),
              String(flow.version),
              flow.persona ?? 'operator',
            ]),
          ]),
        );
      });
    });

  flows
    .command('show')
    .description('show a flow (its definition and recent runs), or a run with its steps (run_…)')
    .argument('<name>', 'flow name or run id')
    .option('--json', 'JSON output')
    .action(async (name: string, options: { json?: boolean }, command: Command) => {
      await withFlows(runtime, command, async (opened, actor) => {
        if (name.startsWith('run_')) {
          const run = await opened.service.run(name, actor);
          if (options.json) return runtime.stdout(`${JSON.stringify(run, null, 2)}\n`);
          return printRun(runtime, run);
        }
        const flow = await opened.service.get(name, actor);
        const runs = await opened.service.runs(name, actor, { limit: 5 });
        if (options.json) return runtime.stdout(`${JSON.stringify({ ...flow, runs }, null, 2)}\n`);
        runtime.stdout(
          `flow ${flow.name} v${flow.version} — ${flow.enabled ? 'enabled' : 'disabled'}, ${triggerText(flow)}, runs as ${flow.persona ?? 'operator'}\n`,
        );
        if (flow.description) runtime.stdout(`  ${flow.description}\n`);
        for (const step of flow.definition.steps) runtime.stdout(`  - ${step.id}\n`);
        if (runs.length > 0)
          runtime.stdout(
            `recent runs:\n${table([['RUN', 'STATUS', 'TRIGGER', 'CREATED', 'TOOK', 'CREDITS'], ...runs.map(runLine)])}`,
          );
      });
    });

  flows
    .command('run')
    .description("start a run; --wait runs it here and prints each step's output")
    .argument('<name>', 'flow name')
    .option('--wait', 'run in this process and wait for the end')
    .option('--input <json>', 'input for the run, read as {{ trigger.input }}')
    .option('--json', 'JSON output')
    .action(
      async (name: string, options: { wait?: boolean; input?: string; json?: boolean }, command: Command) => {
        const globals = command.optsWithGlobals<Globals>();
        const input = parseInput(options.input);
        if (!options.wait) {
          return withFlows(runtime, command, async (opened, actor) => {
            const run = await opened.service.start(name, actor, input);
            if (options.json) return runtime.stdout(`${JSON.stringify(run, null, 2)}\n`);
            runtime.stdout(
              `queued run ${run.id} of ${name}; a running \`heygate serve\` executes it (\`heygate flows show ${run.id}\`; --wait runs it here)\n`,
            );
          });
        }
        // Run here: the sandbox emulator (when there is one) lives in this process.
        const opened = await runtime.openExecutor({ sandbox: globals.sandbox, account: globals.account });
        try {
          const started = Date.now();
          const flows = await loadFlows(opened.gateway, runtime, {
            execute: true,
            engine: 'embedded',
            onProgress: (_run, step, progress) => {
              if (runtime.interactive || !options.json)
                runtime.stderr(
                  `  ${step}: ${progress.message ?? progress.status ?? ''} (${Math.round((Date.now() - started) / 1000)} s)\n`,
                );
            },
          });
          try {
            const actor = await actorOf(opened.gateway, runtime, globals);
            const run = await flows.service.start(name, actor, input);
            if (!options.json) runtime.stderr(`run ${run.id} of ${name} started\n`);
            await flows.waitForRun(run.id);
            finishRun(runtime, await flows.service.run(run.id, actor), options.json);
          } finally {
            await flows.close();
          }
        } finally {
          await opened.close();
        }
      },
    );

  flows
    .command('runs')
    .description('run history of a flow, newest first')
    .argument('<name>', 'flow name')
    .option('--limit <n>', 'how many', '20')
    .option('--json', "JSON output (with each step's input, output, timings and cost)")
    .action(async (name: string, options: { limit: string; json?: boolean }, command: Command) => {
      await withFlows(runtime, command, async (opened, actor) => {
        const runs = await opened.service.runs(name, actor, { limit: Number(options.limit) || 20 });
        if (options.json) {
          const detailed = await Promise.all(runs.map((run) => opened.service.run(run.id, actor)));
          return runtime.stdout(`${JSON.stringify(detailed, null, 2)}\n`);
        }
        if (runs.length === 0) return runtime.stdout(`no runs of ${name} yet\n`);
        runtime.stdout(
          table([['RUN', 'STATUS', 'TRIGGER', 'CREATED', 'TOOK', 'CREDITS'], ...runs.map(runLine)]),
        );
      });
    });

  flows
    .command('cancel')
    .description('cancel a run (a queued run at once, a running one at its next step or wait)')
    .argument('<run>', 'run id')
    .action(async (runId: string, _options: unknown, command: Command) => {
      await withFlows(runtime, command, async (opened, actor) => {
        const run = await opened.service.cancel(runId, actor);
        runtime.stdout(
          `run ${run.id}: ${run.status === 'cancelled' ? 'cancelled' : `cancel requested (${run.status})`}\n`,
        );
      });
    });

  for (const [verb, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    flows
      .command(verb)
      .description(`${verb} a flow's schedule or event trigger`)
      .argument('<name>', 'flow name')
      .action(async (name: string, _options: unknown, command: Command) => {
        await withFlows(runtime, command, async (opened, actor) => {
          const flow = await opened.service.setEnabled(name, enabled, actor);
          runtime.stdout(`flow ${flow.name} ${enabled ? 'enabled' : 'disabled'}\n`);
        });
      });
  }

  flows
    .command('remove')
    .description('delete a flow (its run history stays)')
    .argument('<name>', 'flow name')
    .action(async (name: string, _options: unknown, command: Command) => {
      await withFlows(runtime, command, async (opened, actor) => {
        await opened.service.remove(name, actor);
        runtime.stdout(`removed flow ${name}\n`);
      });
    });

  flows
    .command('schema')
    .description('print the JSON Schema of flow files (for editor completion)')
    .action(async () => {
      const { flowJsonSchema } = await import('../../../flows/flow-json-schema.ts');
      runtime.stdout(`${JSON.stringify(flowJsonSchema(), null, 2)}\n`);
      runtime.exitCode = exitCodes.ok;
    });
}
