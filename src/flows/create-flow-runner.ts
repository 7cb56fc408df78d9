import type { ToolDefinition } from '../catalog/define-tool.ts';
import { HeyGateError } from '../catalog/errors.ts';
import { getPath } from '../catalog/get-path.ts';
import { toToolError } from '../gateway/tool-error.ts';
import type { ExecuteRequest, ExecuteResult, Executor, Progress, ToolErrorData } from '../gateway/types.ts';
import type { FlowRunRow, FlowStepRow, FlowStore } from '../store/flow-store.ts';
import type { McpConnections } from './create-mcp-connections.ts';
import type { FlowHttpFetch } from './create-guarded-fetch.ts';
import {
  durationMs,
  stepKind,
  type FlowDefinition,
  type FlowStep,
  type ForEachStep,
  type HttpStep,
  type ToolStep,
} from './flow-definition.ts';
import { evaluateCondition, renderTemplates } from './flow-template.ts';
import { retryDelayMs, retryPolicyOf } from './step-retry.ts';
import { waitToolOf } from './wait-tool-of.ts';

/** What a Lua step asks of the Lua surface (the composition root supplies it; flows do not import surfaces). */
export interface FlowLuaRequest {
  script: string;
  /** The step's rendered `input`, readable in the script as `input`. */
  input: unknown;
  /** Executes the script's calls as the flow's persona, audited as this step. */
  executor: Executor;
  account?: string;
  signal: AbortSignal;
}

/** Runs a Lua step's script: its return value, or the error that ended it. */
export type FlowLuaRunner = (
  request: FlowLuaRequest,
) => Promise<{ ok: true; value: unknown } | { ok: false; error: ToolErrorData }>;

/** Options of {@link createFlowRunner}. */
export interface FlowRunnerOptions {
  /** Where tool steps go: the gateway (persona, scopes, budgets, routing, audit). */
  executor: Executor;
  flowStore: FlowStore;
  /** The catalog (tool lookups for waits). */
  tools: readonly ToolDefinition[];
  /** `mcp` steps. */
  mcp: McpConnections;
  /** `http` steps: a fetch behind the outbound URL guard. */
  httpFetch: FlowHttpFetch;
  /** `lua` steps; absent: a Lua step fails with `lua_unavailable`. */
  lua?: FlowLuaRunner;
  /** This process's engine instance (lease owner id). */
  instanceId: string;
  /** How long a claim lasts without renewal (default 30 s); renewed every third of it. */
  leaseMs?: number;
  clock?: { now(): number };
  /** Sleeps between retries (default a real, abortable timer). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Told when a run ends (after-flow triggers, `--wait` callers). */
  onRunEnd?: (run: FlowRunRow) => void;
  /** Told of job-wait progress of a step. */
  onProgress?: (runId: string, stepKey: string, progress: Progress) => void;
}

/** Executes runs. */
export interface FlowRunner {
  /**
   * Claims the run and executes it to its end (or until this process loses it or shuts down). Returns the run
   * as it ended, or undefined when another owner holds it or it had already ended.
   */
  execute(runId: string): Promise<FlowRunRow | undefined>;
  /** Runs this process is executing now. */
  active(): string[];
  /** Stops every run in this process, giving up the leases so another process takes them over at once. */
  shutdown(): Promise<void>;
}

/** Why a step or the run stopped. */
class StepFailure extends Error {
  readonly step: string;
  readonly error: ToolErrorData;
  constructor(step: string, error: ToolErrorData) {
    super(error.message);
    this.step = step;
    this.error = error;
  }
}

/** The run was cancelled, or this process lost or gave up its lease. */
class RunStopped extends Error {
  readonly reason: 'cancelled' | 'lost' | 'shutdown';
  constructor(reason: 'cancelled' | 'lost' | 'shutdown') {
    super(reason);
    this.reason = reason;
  }
}

function realSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', stop, { once: true });
  });
}

function errorData(error: unknown): ToolErrorData {
  if (error instanceof StepFailure) return error.error;
  if (HeyGateError.isInstance(error)) return toToolError(error);
  return {
    code: 'step_error',
    message: error instanceof Error ? error.message : String(error),
    retryable: false,
  };
}

/** Idempotency key of a tool step in a run: stable across retries and restarts, new for every run. */
function stepIdempotencyKey(runId: string, key: string): string {
  return `flow.${runId}.${key}`.replace(/[^A-Za-z0-9_\-:.]/g, '_').slice(0, 255);
}

/** Everything one execution of a run holds. */
interface RunContext {
  run: FlowRunRow;
  definition: FlowDefinition;
  /** Stored step rows (resume). */
  saved: Map<string, FlowStepRow>;
  /** Shared by every part of the run: the next step row's order, and the credits charged so far. */
  totals: { seq: number; credits: number };
  signal: AbortSignal;
}

/** Template scope: trigger, outputs so far, loop variables, the run. */
type Scope = Record<string, unknown> & { steps: Record<string, unknown> };

/**
 * Creates the flow runner (ADR 0035). A run executes its steps in order as the flow's persona; every tool call
 * goes through `executor.execute()` with surface `flow` and audit context `{flow, run, step}`. Each step's
 * rendered input, output, error, attempts, timings and credits are written to the store as it goes, so a run
 * resumes after a restart: finished steps are not repeated, a job wait goes back to waiting for the job it
 * recorded, and a create interrupted before its job id was recorded is replayed from the router's idempotency
 * ledger (the step's idempotency key is stable for the run) — never sent twice.
 */
export function createFlowRunner(options: FlowRunnerOptions): FlowRunner {
  const { flowStore, executor } = options;
  const clock = options.clock ?? Date;
  const leaseMs = options.leaseMs ?? 30_000;
  const sleep = options.sleep ?? realSleep;
  const running = new Map<string, AbortController>();
  const now = () => new Date(clock.now()).toISOString();

  async function save(
    context: RunContext,
    row: Partial<FlowStepRow> & { key: string },
  ): Promise<FlowStepRow> {
    const previous = context.saved.get(row.key);
    const merged: FlowStepRow = {
      runId: context.run.id,
      stepId: row.stepId ?? previous?.stepId ?? row.key,
      kind: row.kind ?? previous?.kind ?? 'tool',
      seq: previous?.seq ?? context.totals.seq++,
      status: 'running',
      attempt: 0,
      input: null,
      output: null,
      error: null,
      state: null,
      credits: null,
      startedAt: null,
      finishedAt: null,
      durationMs: null,
      ...previous,
      ...row,
      updatedAt: now(),
    };
    context.saved.set(row.key, merged);
    await flowStore.saveStep(merged);
    return merged;
  }

  /** An executor that runs every call as the flow's persona, audited with the step's context. */
  function stepExecutor(context: RunContext, key: string): Executor {
    const persona = context.run.personaId === null ? {} : { personaId: context.run.personaId };
    return {
      execute: (request: ExecuteRequest) =>
        executor.execute({
          ...request,
          ...persona,
          personaToken: undefined,
          surface: 'flow',
          context: { flow: context.run.flowName, run: context.run.id, step: key },
          ...(request.signal ? {} : { signal: context.signal }),
        }),
      visibleTools: () => executor.visibleTools(persona),
    };
  }

  async function callTool(
    context: RunContext,
    key: string,
    request: Omit<ExecuteRequest, 'surface'>,
  ): Promise<ExecuteResult> {
    const result = await stepExecutor(context, key).execute({ ...request, surface: 'flow' });
    if (result.creditsCharged) context.totals.credits += result.creditsCharged;
    return result;
  }

  async function runToolStep(
    context: RunContext,
    step: ToolStep,
    key: string,
    input: unknown,
    row: FlowStepRow,
  ): Promise<unknown> {
    const tool = options.tools.find((candidate) => candidate.name === step.tool);
    const account = step.account ?? context.definition.account;
    const state = row.state ? (JSON.parse(row.state) as { created?: unknown; account?: string }) : {};
    const onProgress = options.onProgress
      ? (progress: Progress) => options.onProgress!(context.run.id, key, progress)
      : undefined;
    let created = state.created;
    let createdOn = state.account ?? account;
    if (created === undefined) {
      const result = await callTool(context, key, {
        tool: step.tool,
        input,
        idempotencyKey: stepIdempotencyKey(context.run.id, key),
        ...(account ? { account } : {}),
        signal: context.signal,
      });
      if (!result.ok) throw new StepFailure(key, result.error);
      if (!step.wait || !tool?.job) return result.data;
      created = result.data;
      createdOn = result.account ?? account;
      // Recorded before waiting: after a restart the wait goes straight back to this job.
      await save(context, {
        key,
        status: 'waiting',
        state: JSON.stringify({ created, ...(createdOn ? { account: createdOn } : {}) }),
        credits: result.creditsCharged ?? null,
      });
    }
    const wait = waitToolOf(tool!, options.tools);
    const job = tool!.job!;
    const found = getPath(created, job.resultIdPath);
    const ids = (Array.isArray(found) ? found : [found]).filter(
      (id): id is string => typeof id === 'string' && id !== '',
    );
    if (!wait || ids.length === 0) return created;
    const deadline = clock.now() + durationMs(typeof step.wait === 'object' ? step.wait.timeout : '2h');
    const finals = await Promise.all(
      ids.map(async (id) => {
        for (;;) {
          const remaining = Math.max(1, Math.ceil((deadline - clock.now()) / 1000));
          const result = await callTool(context, key, {
            tool: wait.name,
            input: { [job.idField]: id, timeout_seconds: Math.min(3600, remaining) },
            // A job id belongs to the account that made it.
            ...(createdOn ? { account: createdOn } : {}),
            signal: context.signal,
            ...(onProgress ? { onProgress } : {}),
          });
          if (result.ok) return result.data;
          if (result.error.code === 'wait_timeout' && clock.now() < deadline) continue;
          throw new StepFailure(key, result.error);
        }
      }),
    );
    return Array.isArray(found) ? finals : finals[0];
  }

  async function runHttpStep(step: HttpStep, input: HttpStep['http'], signal: AbortSignal): Promise<unknown> {
    const headers: Record<string, string> = { ...(input.headers ?? {}) };
    let body: string | undefined;
    if (input.body !== undefined && input.method !== 'GET') {
      body = typeof input.body === 'string' ? input.body : JSON.stringify(input.body);
      if (
        typeof input.body !== 'string' &&
        !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')
      )
        headers['content-type'] = 'application/json';
    }
    const response = await options.httpFetch(String(input.url), {
      method: input.method,
      headers,
      ...(body === undefined ? {} : { body }),
      signal,
    });
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json')) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    if (!response.ok) {
      throw new StepFailure(step.id, {
        code: response.status === 429 ? 'rate_limited' : 'http_error',
        message: `${input.method} ${String(input.url)} answered HTTP ${response.status}.`,
        retryable: response.status === 429 || response.status >= 500,
        status: response.status,
      });
    }
    return { status: response.status, body: parsed };
  }

  /** Runs one try of a leaf step (tool, mcp, http, lua) and returns its output. */
  async function attempt(
    context: RunContext,
    step: FlowStep,
    key: string,
    input: unknown,
    row: FlowStepRow,
    signal: AbortSignal,
  ): Promise<unknown> {
    const kind = stepKind(step);
    if (kind === 'tool') return runToolStep({ ...context, signal }, step as ToolStep, key, input, row);
    if (kind === 'http') return runHttpStep(step as HttpStep, input as HttpStep['http'], signal);
    if (kind === 'mcp' && 'mcp' in step) {
      return options.mcp.call(
        step.mcp.connection,
        step.mcp.tool,
        (input ?? {}) as Record<string, unknown>,
        signal,
      );
    }
    if (kind === 'lua' && 'lua' in step) {
      if (!options.lua) {
        throw new StepFailure(key, {
          code: 'lua_unavailable',
          message: 'This process runs no Lua engine.',
          retryable: false,
        });
      }
      const result = await options.lua({
        script: step.lua,
        input,
        executor: stepExecutor({ ...context, signal }, key),
        ...(context.definition.account ? { account: context.definition.account } : {}),
        signal,
      });
      if (!result.ok) throw new StepFailure(key, result.error);
      return result.value;
    }
    throw new Error(`unexpected step kind ${kind}`);
  }

  /** A leaf step with its retries; the attempt count and last error are stored between tries. */
  async function runLeaf(context: RunContext, step: FlowStep, key: string, scope: Scope): Promise<unknown> {
    const kind = stepKind(step);
    const raw = kind === 'http' ? (step as HttpStep).http : ((step as { input?: unknown }).input ?? {});
    const input = renderTemplates(raw, scope);
    const policy = retryPolicyOf(step.retry);
    let row = context.saved.get(key);
    const started = clock.now();
    row = await save(context, {
      key,
      stepId: step.id,
      kind,
      input: JSON.stringify(input ?? null),
      startedAt: row?.startedAt ?? now(),
      status: row?.status === 'waiting' ? 'waiting' : 'running',
    });
    for (;;) {
      const tryNumber = row.attempt + 1;
      const timeout =
        step.timeout === undefined || kind === 'tool'
          ? undefined
          : AbortSignal.timeout(durationMs(step.timeout));
      const signal = timeout ? AbortSignal.any([context.signal, timeout]) : context.signal;
      try {
        const output = await attempt(context, step, key, input, row, signal);
        await save(context, {
          key,
          status: 'succeeded',
          attempt: tryNumber,
          output: JSON.stringify(output ?? null),
          error: null,
          finishedAt: now(),
          durationMs: clock.now() - started,
        });
        return output;
      } catch (error) {
        if (context.signal.aborted) throw context.signal.reason;
        const data = timeout?.aborted
          ? {
              code: 'step_timeout',
              message: `Step ${key} took longer than ${String(step.timeout)}.`,
              retryable: true,
            }
          : errorData(error);
        const retry = data.retryable && tryNumber < policy.attempts;
        row = await save(context, {
          key,
          attempt: tryNumber,
          error: JSON.stringify(data),
          status: row.status,
        });
        if (!retry) {
          await save(context, {
            key,
            status: 'failed',
            finishedAt: now(),
            durationMs: clock.now() - started,
          });
          throw new StepFailure(key, data);
        }
        await sleep(retryDelayMs(policy, tryNumber, data.retry_after_ms), context.signal);
      }
    }
  }

  async function runForEach(
    context: RunContext,
    step: ForEachStep,
    key: string,
    scope: Scope,
  ): Promise<unknown[]> {
    const items = typeof step.for_each === 'string' ? renderTemplates(step.for_each, scope) : step.for_each;
    if (!Array.isArray(items)) {
      throw new StepFailure(key, {
        code: 'invalid_list',
        message: `${key}.for_each gave ${items === undefined ? 'nothing' : typeof items}, not a list.`,
        retryable: false,
      });
    }
    const results: unknown[] = new Array(items.length);
    let next = 0;
    const worker = async () => {
      while (next < items.length) {
        const index = next++;
        const inner: Scope = {
          ...scope,
          steps: { ...scope.steps },
          [step.as ?? 'item']: items[index],
          index,
        };
        await runList(context, step.steps, `${key}[${index}].`, inner);
        results[index] = Object.fromEntries(step.steps.map((each) => [each.id, inner.steps[each.id]]));
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(step.concurrency ?? 1, Math.max(items.length, 1)) }, worker),
    );
    return results;
  }

  async function runStep(context: RunContext, step: FlowStep, key: string, scope: Scope): Promise<unknown> {
    const kind = stepKind(step);
    if (kind === 'if' && 'then' in step) {
      const branch = evaluateCondition(step.if, scope) ? 'then' : 'else';
      await save(context, {
        key,
        stepId: step.id,
        kind,
        startedAt: now(),
        output: JSON.stringify({ branch }),
      });
      await runList(context, (branch === 'then' ? step.then : step.else) ?? [], `${key}.${branch}.`, scope);
      await save(context, { key, status: 'succeeded', finishedAt: now() });
      return { branch };
    }
    if (kind === 'for_each') {
      await save(context, {
        key,
        stepId: step.id,
        kind,
        startedAt: context.saved.get(key)?.startedAt ?? now(),
      });
      const output = await runForEach(context, step as ForEachStep, key, scope);
      await save(context, { key, status: 'succeeded', output: JSON.stringify(output), finishedAt: now() });
      return output;
    }
    return runLeaf(context, step, key, scope);
  }

  /** Runs a list of steps in order, each output visible to the later ones as `steps.<id>`. */
  async function runList(
    context: RunContext,
    steps: readonly FlowStep[],
    prefix: string,
    scope: Scope,
  ): Promise<void> {
    for (const step of steps) {
      const key = `${prefix}${step.id}`;
      const saved = context.saved.get(key);
      if (saved && (saved.status === 'succeeded' || saved.status === 'skipped')) {
        scope.steps[step.id] = saved.output === null ? null : JSON.parse(saved.output);
        continue;
      }
      if (stepKind(step) !== 'if' && step.if !== undefined && !evaluateCondition(step.if, scope)) {
        await save(context, {
          key,
          stepId: step.id,
          kind: stepKind(step),
          status: 'skipped',
          finishedAt: now(),
        });
        scope.steps[step.id] = null;
        continue;
      }
      try {
        scope.steps[step.id] = await runStep(context, step, key, scope);
      } catch (error) {
        if (!(error instanceof StepFailure) || step.on_failure !== 'continue') throw error;
        scope.steps[step.id] = { error: error.error };
      }
    }
  }

  async function finish(
    context: RunContext,
    owner: string,
    status: FlowRunRow['status'],
    error?: ToolErrorData & { step?: string },
  ): Promise<FlowRunRow | undefined> {
    const at = now();
    const ok = await flowStore.updateRun(
      context.run.id,
      owner,
      {
        status,
        finishedAt: at,
        credits: context.totals.credits,
        ...(error ? { error: JSON.stringify(error) } : {}),
      },
      at,
    );
    if (!ok) return undefined;
    const ended = await flowStore.getRun(context.run.id);
    if (ended) options.onRunEnd?.(ended);
    return ended;
  }

  async function execute(runId: string): Promise<FlowRunRow | undefined> {
    if (running.has(runId)) return undefined;
    const owner = `${options.instanceId}:${runId}`;
    const claimed = await flowStore.claimRun(runId, owner, clock.now() + leaseMs, clock.now(), now());
    if (!claimed) return undefined;
    const controller = new AbortController();
    running.set(runId, controller);
    // Renew the lease and watch for cancellation; losing the lease stops this execution without writing more.
    const renew = setInterval(
      () => {
        void (async () => {
          const kept = await flowStore.renewLease(runId, owner, clock.now() + leaseMs).catch(() => false);
          if (!kept) return controller.abort(new RunStopped('lost'));
          const current = await flowStore.getRun(runId).catch(() => undefined);
          if (current?.cancelRequested) controller.abort(new RunStopped('cancelled'));
        })();
      },
      Math.max(50, Math.floor(leaseMs / 3)),
    );
    const saved = new Map((await flowStore.listSteps(runId)).map((row) => [row.key, row]));
    const context: RunContext = {
      run: claimed,
      definition: JSON.parse(claimed.definition) as FlowDefinition,
      saved,
      totals: {
        seq: Math.max(0, ...[...saved.values()].map((row) => row.seq + 1)),
        credits: claimed.credits,
      },
      signal: controller.signal,
    };
    const trigger = JSON.parse(claimed.trigger) as Record<string, unknown>;
    const scope: Scope = {
      trigger,
      steps: {},
      run: { id: claimed.id, flow: claimed.flowName },
      flow: { name: claimed.flowName, version: claimed.flowVersion },
    };
    try {
      if (claimed.cancelRequested) throw new RunStopped('cancelled');
      await runList(context, context.definition.steps, '', scope);
      return await finish(context, owner, 'succeeded');
    } catch (error) {
      const stopped =
        error instanceof RunStopped
          ? error
          : controller.signal.reason instanceof RunStopped
            ? controller.signal.reason
            : undefined;
      if (stopped?.reason === 'lost') return undefined;
      if (stopped?.reason === 'shutdown') {
        await flowStore.renewLease(runId, owner, 0).catch(() => {});
        return undefined;
      }
      if (stopped?.reason === 'cancelled') {
        for (const row of context.saved.values())
          if (row.status === 'running' || row.status === 'waiting')
            await save(context, { key: row.key, status: 'cancelled', finishedAt: now() });
        return await finish(context, owner, 'cancelled', {
          code: 'cancelled',
          message: 'The run was cancelled.',
          retryable: false,
        });
      }
      const failure = errorData(error);
      const step = error instanceof StepFailure ? error.step : undefined;
      if (context.definition.on_failure) {
        const handlerScope: Scope = { ...scope, steps: { ...scope.steps }, error: { ...failure, step } };
        try {
          await runList(context, context.definition.on_failure, 'on_failure.', handlerScope);
        } catch {
          // The handler's own failure is in its step rows; the run reports the original error.
        }
      }
      return await finish(context, owner, 'failed', { ...failure, ...(step ? { step } : {}) });
    } finally {
      clearInterval(renew);
      running.delete(runId);
    }
  }

  return {
    execute,
    active: () => [...running.keys()],
    async shutdown() {
      for (const controller of running.values()) controller.abort(new RunStopped('shutdown'));
      const deadline = Date.now() + 5_000;
      while (running.size > 0 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 10));
    },
  };
}
