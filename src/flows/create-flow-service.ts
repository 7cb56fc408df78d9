import { createHash, randomBytes } from 'node:crypto';
import { HeyGateError, InvalidInputError } from '../catalog/errors.ts';
import { ScopeDeniedError } from '../gateway/errors.ts';
import type { Gateway } from '../gateway/gateway.ts';
import type { Persona } from '../gateway/persona-manager.ts';
import { adminScope, flowsScope } from '../gateway/scopes.ts';
import type { FlowRow, FlowRunRow, FlowRunStatus, FlowStepRow, FlowStore } from '../store/flow-store.ts';
import type { ConnectionManager } from './connection-manager.ts';
import type { McpConnections } from './create-mcp-connections.ts';
import { triggerKind, type FlowDefinition } from './flow-definition.ts';
import { readPath } from './flow-expression.ts';
import { parseFlowDefinition, parseFlowFile } from './parse-flow-file.ts';
import { validateFlow, type FlowValidation } from './validate-flow.ts';

/** Who asks: the local operator (CLI, library) or a persona (admin API, MCP). */
export type FlowActor = { kind: 'operator' } | { kind: 'persona'; persona: Persona };

/** The engine side the service needs: start queued runs, pick up changed schedules. */
export interface FlowDispatcher {
  /** A run was queued: start it somewhere (in this process, or a BullMQ worker). */
  dispatch(runId: string): Promise<void>;
  /** Flows changed (added, enabled, disabled, removed): re-read schedules. */
  refresh(): Promise<void>;
}

/** A flow as the CLI, the admin API and MCP show it. */
export interface FlowView {
  id: string;
  name: string;
  description: string | null;
  enabled: boolean;
  version: number;
  trigger: FlowDefinition['trigger'];
  trigger_kind: ReturnType<typeof triggerKind>;
  /** Persona name the flow runs as; null for the operator. */
  persona: string | null;
  steps: number;
  created_by: string;
  created_at: string;
  updated_at: string;
  definition: FlowDefinition;
}

/** One step of a run as history shows it. */
export interface FlowStepView {
  key: string;
  id: string;
  kind: string;
  status: FlowStepRow['status'];
  attempts: number;
  input: unknown;
  output: unknown;
  error: unknown;
  credits: number | null;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | null;
}

/** A run as history shows it. */
export interface FlowRunView {
  id: string;
  flow: string;
  flow_version: number;
  status: FlowRunStatus;
  trigger: unknown;
  error: unknown;
  credits: number;
  cancel_requested: boolean;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | null;
  /** How often the run was claimed; above 1 when it moved to another process (or resumed after a restart). */
  claims: number;
  steps?: FlowStepView[];
}

/** A flow or run that does not exist (or that the caller may not see). */
export class FlowNotFoundError extends HeyGateError {
  constructor(what: string) {
    super(`No ${what}.`, { code: 'unknown_flow', hint: 'List flows with `heygate flows list`.' });
    this.name = 'FlowNotFoundError';
  }
}

/** Options of {@link createFlowService}. */
export interface FlowServiceOptions {
  gateway: Gateway;
  flowStore: FlowStore;
  connections: ConnectionManager;
  /** For save-time checks of `mcp` steps (connects to the server and lists its tools). */
  mcp?: McpConnections;
  /** Validates MCP tool inputs against their JSON Schema. */
  validateJsonSchema?: (schema: Record<string, unknown>, value: unknown) => string | undefined;
  /** The engine; absent in processes that run no engine (runs stay queued for one that does). */
  dispatcher?: FlowDispatcher;
  clock?: { now(): number };
}

/** Flow management and runs: the one API behind `heygate flows`, the admin routes and the MCP tools. */
export interface FlowService {
  /** Checks a flow file without saving it (format, tools, inputs, templates, persona scopes, connections). */
  validate(
    text: string,
    actor: FlowActor,
    fileName?: string,
  ): Promise<{ definition: FlowDefinition } & FlowValidation>;
  /** Saves a flow (a new one, or a new version of the flow with that name). */
  save(
    source: string | Record<string, unknown>,
    actor: FlowActor,
    fileName?: string,
  ): Promise<{ flow: FlowView; created: boolean } & FlowValidation>;
  list(actor: FlowActor): Promise<FlowView[]>;
  get(name: string, actor: FlowActor): Promise<FlowView>;
  setEnabled(name: string, enabled: boolean, actor: FlowActor): Promise<FlowView>;
  remove(name: string, actor: FlowActor): Promise<void>;
  /** Queues a manual run and hands it to the engine. */
  start(name: string, actor: FlowActor, input?: unknown): Promise<FlowRunView>;
  runs(
    name: string,
    actor: FlowActor,
    query?: { limit?: number; before?: string; status?: FlowRunStatus },
  ): Promise<FlowRunView[]>;
  /** A run with its steps. */
  run(runId: string, actor: FlowActor): Promise<FlowRunView>;
  cancel(runId: string, actor: FlowActor): Promise<FlowRunView>;
  /**
   * A verified HeyGen webhook event reached the gateway: starts every enabled flow whose event trigger matches.
   * A redelivered event starts nothing new. Returns the runs started.
   */
  onEvent(account: string, event: { event_type: string; event_data?: unknown }): Promise<string[]>;
  /** A run ended: starts the flows triggered `after` it. */
  onRunEnd(run: FlowRunRow): Promise<string[]>;
  /** Queues a scheduled run of a flow for the tick `at` (epoch ms); undefined when that tick already ran. */
  startScheduled(flowId: string, at: number): Promise<string | undefined>;
}

function newId(prefix: string): string {
  return `${prefix}_${randomBytes(10).toString('hex')}`;
}

function parseJson(text: string | null): unknown {
  return text === null ? null : JSON.parse(text);
}

/** A run as history shows it. */
export function runView(run: FlowRunRow, steps?: readonly FlowStepRow[]): FlowRunView {
  return {
    id: run.id,
    flow: run.flowName,
    flow_version: run.flowVersion,
    status: run.status,
    trigger: parseJson(run.trigger),
    error: parseJson(run.error),
    credits: run.credits,
    cancel_requested: run.cancelRequested,
    created_at: run.createdAt,
    started_at: run.startedAt,
    finished_at: run.finishedAt,
    duration_ms:
      run.startedAt && run.finishedAt ? Date.parse(run.finishedAt) - Date.parse(run.startedAt) : null,
    claims: run.claims,
    ...(steps
      ? {
          steps: steps.map((step) => ({
            key: step.key,
            id: step.stepId,
            kind: step.kind,
            status: step.status,
            attempts: step.attempt,
            input: parseJson(step.input),
            output: parseJson(step.output),
            error: parseJson(step.error),
            credits: step.credits,
            started_at: step.startedAt,
            finished_at: step.finishedAt,
            duration_ms: step.durationMs,
          })),
        }
      : {}),
  };
}

/** True when an event matches a trigger's types (`avatar_video.*` matches a family) and filter. */
function eventMatches(definition: FlowDefinition, account: string, event: Record<string, unknown>): boolean {
  const trigger = definition.trigger;
  if (!('event' in trigger)) return false;
  if (trigger.account !== undefined && trigger.account !== account) return false;
  const type = String(event.event_type);
  const types = Array.isArray(trigger.event) ? trigger.event : [trigger.event];
  if (
    !types.some((pattern) =>
      pattern.endsWith('*') ? type.startsWith(pattern.slice(0, -1)) : pattern === type,
    )
  )
    return false;
  for (const [path, expected] of Object.entries(trigger.filter ?? {})) {
    const actual = readPath(event, path.split('.'));
    const accepted = Array.isArray(expected) ? expected : [expected];
    if (!accepted.some((value) => JSON.stringify(value) === JSON.stringify(actual ?? null))) return false;
  }
  return true;
}

/**
 * Creates the flow service. Who may do what: the operator everything; a persona needs the `flows` grant (or
 * `admin`) and sees only flows that run as itself — it cannot make a flow run as anyone else, so a flow never
 * widens what its author may do. Admins manage every flow and may name any persona. Saving validates against
 * the persona the flow will run as.
 */
export function createFlowService(options: FlowServiceOptions): FlowService {
  const { gateway, flowStore } = options;
  const clock = options.clock ?? Date;
  const now = () => new Date(clock.now()).toISOString();
  const parsed = new Map<string, FlowDefinition>();

  /** A flow's definition, parsed once per version (event and after triggers look at every flow often). */
  function definitionOf(flow: FlowRow): FlowDefinition {
    const key = `${flow.id}:${flow.version}`;
    let definition = parsed.get(key);
    if (!definition) {
      definition = JSON.parse(flow.definition) as FlowDefinition;
      parsed.set(key, definition);
    }
    return definition;
  }

  function authorize(actor: FlowActor): void {
    if (actor.kind === 'operator') return;
    const scopes = actor.persona.scopes;
    if (!scopes.includes(flowsScope) && !scopes.includes(adminScope)) {
      throw new ScopeDeniedError({
        persona: actor.persona.name,
        tool: 'flows',
        access: flowsScope,
        area: 'flows',
      });
    }
  }

  function isAdmin(actor: FlowActor): boolean {
    return actor.kind === 'operator' || actor.persona.scopes.includes(adminScope);
  }

  function visible(row: FlowRow | FlowRunRow, actor: FlowActor): boolean {
    return isAdmin(actor) || (actor.kind === 'persona' && row.personaId === actor.persona.id);
  }

  async function personaNames(): Promise<Map<string, string>> {
    return new Map((await gateway.personas.list()).map((persona) => [persona.id, persona.name]));
  }

  function flowView(row: FlowRow, names: Map<string, string>): FlowView {
    const definition = JSON.parse(row.definition) as FlowDefinition;
    return {
      id: row.id,
      name: row.name,
      description: definition.description ?? null,
      enabled: row.enabled,
      version: row.version,
      trigger: definition.trigger,
      trigger_kind: triggerKind(definition.trigger),
      persona: row.personaId === null ? null : (names.get(row.personaId) ?? row.personaId),
      steps: definition.steps.length,
      created_by: row.createdBy,
      created_at: row.createdAt,
      updated_at: row.updatedAt,
      definition,
    };
  }

  async function findFlow(name: string, actor: FlowActor): Promise<FlowRow> {
    authorize(actor);
    const row = await flowStore.getFlow(name);
    if (!row || !visible(row, actor)) throw new FlowNotFoundError(`flow named "${name}"`);
    return row;
  }

  async function findRun(runId: string, actor: FlowActor): Promise<FlowRunRow> {
    authorize(actor);
    const run = await flowStore.getRun(runId);
    if (!run || !visible(run, actor)) throw new FlowNotFoundError(`run "${runId}"`);
    return run;
  }

  /** The persona a flow runs as: the one it names (admins only, unless it is the caller), else the caller. */
  async function runAs(definition: FlowDefinition, actor: FlowActor): Promise<Persona | undefined> {
    if (definition.persona === undefined) return actor.kind === 'persona' ? actor.persona : undefined;
    const persona = await gateway.personas.get(definition.persona);
    if (!isAdmin(actor) && actor.kind === 'persona' && persona.id !== actor.persona.id) {
      throw new ScopeDeniedError({
        persona: actor.persona.name,
        tool: 'flows',
        access: adminScope,
        area: `persona ${definition.persona}`,
      });
    }
    if (persona.status !== 'active') {
      throw new InvalidInputError('flow', [
        { field: 'persona', expected: 'an active persona', message: `persona "${persona.name}" is revoked.` },
      ]);
    }
    return persona;
  }

  async function check(definition: FlowDefinition, actor: FlowActor) {
    const persona = await runAs(definition, actor);
    const matcher = persona ? gateway.personas.matcher(persona) : undefined;
    const validation = await validateFlow(definition, {
      tools: gateway.tools,
      ...(persona && matcher
        ? {
            persona: {
              name: persona.name,
              allows: (tool) => matcher.allows(tool),
              accounts: persona.accounts,
              lua: matcher.lua,
            },
          }
        : {}),
      connections: async (name) => {
        const target = await options.connections.open(name).catch(() => undefined);
        if (!target) return { missing: true };
        if (!options.mcp) return { unreachable: 'not checked in this process' };
        try {
          return { tools: await options.mcp.listTools(name) };
        } catch (error) {
          return { unreachable: (error as Error).message };
        }
      },
      ...(options.validateJsonSchema ? { validateJsonSchema: options.validateJsonSchema } : {}),
    });
    return { persona, validation };
  }

  async function queueRun(
    flow: FlowRow,
    trigger: Record<string, unknown>,
    dedupeKey: string | null,
  ): Promise<FlowRunRow | undefined> {
    const at = now();
    const run: FlowRunRow = {
      id: newId('run'),
      flowId: flow.id,
      flowName: flow.name,
      flowVersion: flow.version,
      definition: flow.definition,
      personaId: flow.personaId,
      status: 'queued',
      trigger: JSON.stringify(trigger),
      dedupeKey,
      owner: null,
      leaseUntil: 0,
      claims: 0,
      cancelRequested: false,
      error: null,
      credits: 0,
      createdAt: at,
      startedAt: null,
      finishedAt: null,
      updatedAt: at,
    };
    if (!(await flowStore.insertRun(run))) return undefined;
    await options.dispatcher?.dispatch(run.id);
    return run;
  }

  const service: FlowService = {
    async validate(text, actor, fileName) {
      authorize(actor);
      const definition = parseFlowFile(text, fileName);
      const { validation } = await check(definition, actor);
      return { definition, ...validation };
    },

    async save(source, actor, fileName) {
      authorize(actor);
      const definition =
        typeof source === 'string' ? parseFlowFile(source, fileName) : parseFlowDefinition(source);
      const { persona, validation } = await check(definition, actor);
      const existing = await flowStore.getFlow(definition.name);
      if (existing && !visible(existing, actor)) {
        throw new ScopeDeniedError({
          persona: actor.kind === 'persona' ? actor.persona.name : 'operator',
          tool: 'flows',
          access: adminScope,
          area: `flow ${definition.name}`,
        });
      }
      const createdBy = actor.kind === 'operator' ? 'operator' : `persona:${actor.persona.name}`;
      const at = now();
      let row: FlowRow;
      if (existing) {
        row = (await flowStore.updateFlow(
          existing.id,
          {
            definition: JSON.stringify(definition),
            personaId: persona?.id ?? null,
            enabled: definition.enabled ?? existing.enabled,
            version: existing.version + 1,
            createdBy,
          },
          at,
        ))!;
      } else {
        row = {
          id: newId('fl'),
          name: definition.name,
          definition: JSON.stringify(definition),
          personaId: persona?.id ?? null,
          enabled: definition.enabled ?? true,
          version: 1,
          createdBy,
          createdAt: at,
          updatedAt: at,
        };
        await flowStore.insertFlow(row);
      }
      await options.dispatcher?.refresh();
      return { flow: flowView(row, await personaNames()), created: !existing, ...validation };
    },

    async list(actor) {
      authorize(actor);
      const names = await personaNames();
      return (await flowStore.listFlows())
        .filter((row) => visible(row, actor))
        .map((row) => flowView(row, names));
    },

    async get(name, actor) {
      return flowView(await findFlow(name, actor), await personaNames());
    },

    async setEnabled(name, enabled, actor) {
      const row = await findFlow(name, actor);
      const updated = (await flowStore.updateFlow(row.id, { enabled }, now()))!;
      await options.dispatcher?.refresh();
      return flowView(updated, await personaNames());
    },

    async remove(name, actor) {
      const row = await findFlow(name, actor);
      await flowStore.deleteFlow(row.id);
      await options.dispatcher?.refresh();
    },

    async start(name, actor, input) {
      const flow = await findFlow(name, actor);
      const trigger = {
        kind: 'manual',
        ...(input === undefined ? {} : { input }),
        by: actor.kind === 'operator' ? 'operator' : actor.persona.name,
      };
      return runView((await queueRun(flow, trigger, null))!);
    },

    async runs(name, actor, query = {}) {
      const flow = await findFlow(name, actor);
      return (await flowStore.listRuns({ flowId: flow.id, ...query })).map((run) => runView(run));
    },

    async run(runId, actor) {
      const run = await findRun(runId, actor);
      return runView(run, await flowStore.listSteps(run.id));
    },

    async cancel(runId, actor) {
      await findRun(runId, actor);
      const run = (await flowStore.requestCancel(runId, now()))!;
      return runView(run, await flowStore.listSteps(run.id));
    },

    async onEvent(account, event) {
      const started: string[] = [];
      const data = (
        event.event_data && typeof event.event_data === 'object' ? event.event_data : {}
      ) as Record<string, unknown>;
      const flat = { ...data, event_type: event.event_type };
      // HeyGen redelivers an event until it gets a 2xx: the same delivery must start a flow once.
      const digest = createHash('sha256')
        .update(`${account}\n${JSON.stringify(event)}`)
        .digest('hex')
        .slice(0, 32);
      for (const flow of await flowStore.listFlows()) {
        if (!flow.enabled) continue;
        const definition = definitionOf(flow);
        if (!eventMatches(definition, account, flat)) continue;
        const run = await queueRun(
          flow,
          { kind: 'event', account, event_type: event.event_type, event: flat },
          `event:${flow.id}:${digest}`,
        );
        if (run) started.push(run.id);
      }
      return started;
    },

    async onRunEnd(ended) {
      const started: string[] = [];
      if (ended.status !== 'succeeded' && ended.status !== 'failed') return started;
      const followers = (await flowStore.listFlows()).filter((flow) => {
        const trigger = flow.enabled ? definitionOf(flow).trigger : undefined;
        return trigger !== undefined && 'after' in trigger && trigger.after.flow === ended.flowName;
      });
      if (followers.length === 0) return started;
      const steps = await flowStore.listSteps(ended.id);
      for (const flow of followers) {
        const trigger = definitionOf(flow).trigger as Extract<FlowDefinition['trigger'], { after: unknown }>;
        if (trigger.after.status !== 'any' && trigger.after.status !== ended.status) continue;
        const outputs = Object.fromEntries(
          steps
            .filter((step) => !step.key.includes('.') && !step.key.includes('['))
            .map((step) => [step.stepId, parseJson(step.output)]),
        );
        const run = await queueRun(
          flow,
          {
            kind: 'after',
            flow: ended.flowName,
            run: { id: ended.id, status: ended.status, steps: outputs, error: parseJson(ended.error) },
          },
          `after:${flow.id}:${ended.id}`,
        );
        if (run) started.push(run.id);
      }
      return started;
    },

    async startScheduled(flowId, at) {
      const flow = await flowStore.getFlow(flowId);
      if (!flow || !flow.enabled) return undefined;
      const definition = definitionOf(flow);
      if (!('cron' in definition.trigger)) return undefined;
      const scheduledFor = new Date(at).toISOString();
      const run = await queueRun(
        flow,
        { kind: 'cron', scheduled_for: scheduledFor, timezone: definition.trigger.timezone ?? 'UTC' },
        `cron:${flow.id}:${scheduledFor}`,
      );
      return run?.id;
    },
  };
  return service;
}
