import { randomBytes } from 'node:crypto';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { Gateway } from '../gateway/gateway.ts';
import type { Progress } from '../gateway/types.ts';
import { openFlowStore } from '../store/open-flow-store.ts';
import type { FlowRunRow, FlowStore } from '../store/flow-store.ts';
import { createConnectionManager, type ConnectionManager } from './connection-manager.ts';
import { createBullmqEngine } from './create-bullmq-engine.ts';
import { createEmbeddedEngine } from './create-embedded-engine.ts';
import { createFlowRunner, type FlowLuaRunner, type FlowRunner } from './create-flow-runner.ts';
import { createFlowService, type FlowService } from './create-flow-service.ts';
import { createGuardedFetch, flowHttpAllowFromEnv, type FlowHttpFetch } from './create-guarded-fetch.ts';
import { createMcpConnections, type McpConnections } from './create-mcp-connections.ts';
import type { FlowEngine } from './flow-engine.ts';

/** Options of {@link openFlows}. */
export interface OpenFlowsOptions {
  gateway: Gateway;
  /**
   * `HEYGATE_REDIS_URL` (BullMQ engine when set), `HEYGATE_FLOW_HTTP_ALLOW` (HTTP steps' allow-list),
   * `HEYGATE_FLOW_LEASE_MS`, `HEYGATE_FLOW_POLL_MS`, `HEYGATE_FLOW_QUEUE_PREFIX`. Default `process.env`.
   */
  env?: Readonly<Record<string, string | undefined>>;
  /** `embedded`, `bullmq`, or `auto` (default: BullMQ when `HEYGATE_REDIS_URL` is set). */
  engine?: 'auto' | 'embedded' | 'bullmq';
  /** False: queue runs and schedules for other processes, execute nothing here (CLI commands). Default true. */
  execute?: boolean;
  /** Lua steps (the composition root passes the Lua surface's adapter). */
  lua?: FlowLuaRunner;
  /**
   * The fetch of HTTP steps. Default: the outbound URL guard (`createGuardedFetch`) with the allow-list
   * `HEYGATE_FLOW_HTTP_ALLOW`.
   */
  httpFetch?: FlowHttpFetch;
  /** Time source (default `Date`; the BullMQ engine always uses `Date`, as BullMQ does). */
  clock?: { now(): number };
  /** Told of job-wait progress of a step (the CLI's `--wait` shows it). */
  onProgress?: (runId: string, stepKey: string, progress: Progress) => void;
}

/** Flows opened on a gateway. */
export interface OpenedFlows {
  service: FlowService;
  connections: ConnectionManager;
  flowStore: FlowStore;
  runner: FlowRunner;
  engine: FlowEngine;
  mcp: McpConnections;
  /** Resolves when the run ends (in any process; polls the store every `pollMs`). */
  waitForRun(runId: string, options?: { signal?: AbortSignal; pollMs?: number }): Promise<FlowRunRow>;
  close(): Promise<void>;
}

function positive(value: string | undefined, fallback: number): number {
  const number = Number(value);
  return Number.isFinite(number) && number > 0 ? number : fallback;
}

/**
 * Opens flows on a gateway: the flow store in its database, connections sealed by its vault, the MCP client
 * pool, the runner, the service and an engine (not started: call `engine.start()` in servers). `heygate
 * serve`, the CLI commands and the tests build everything through here.
 */
export function openFlows(options: OpenFlowsOptions): OpenedFlows {
  const { gateway } = options;
  const env = options.env ?? process.env;
  const flowStore = openFlowStore(gateway.store);
  const connections = createConnectionManager({
    flowStore,
    vault: gateway.vault,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const mcp = createMcpConnections({ connections });
  const waiters = new Map<string, Set<(run: FlowRunRow) => void>>();
  const validator = new AjvJsonSchemaValidator();
  let engine: FlowEngine | undefined;
  const service = createFlowService({
    gateway,
    flowStore,
    connections,
    mcp,
    validateJsonSchema: (schema, value) => {
      const result = validator.getValidator(schema as never)(value);
      return result.valid ? undefined : result.errorMessage;
    },
    dispatcher: {
      dispatch: async (runId) => engine?.dispatch(runId),
      refresh: async () => engine?.refresh(),
    },
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const runner = createFlowRunner({
    executor: gateway,
    flowStore,
    tools: gateway.tools,
    mcp,
    httpFetch: options.httpFetch ?? createGuardedFetch({ allow: flowHttpAllowFromEnv(env) }),
    ...(options.lua ? { lua: options.lua } : {}),
    instanceId: `${process.pid}-${randomBytes(4).toString('hex')}`,
    leaseMs: positive(env.HEYGATE_FLOW_LEASE_MS, 30_000),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    onRunEnd: (run) => {
      for (const wake of waiters.get(run.id) ?? []) wake(run);
      void service.onRunEnd(run).catch(() => {});
    },
  });
  const choice = options.engine ?? 'auto';
  const redisUrl = env.HEYGATE_REDIS_URL || undefined;
  const pollMs = positive(env.HEYGATE_FLOW_POLL_MS, 1000);
  const execute = options.execute ?? true;
  if (choice === 'bullmq' || (choice === 'auto' && redisUrl)) {
    if (!redisUrl) throw new Error('The BullMQ flow engine needs HEYGATE_REDIS_URL.');
    engine = createBullmqEngine({
      service,
      runner,
      flowStore,
      redisUrl,
      prefix: env.HEYGATE_FLOW_QUEUE_PREFIX || 'heygate',
      sweepMs: pollMs * 5,
      lockMs: positive(env.HEYGATE_FLOW_LEASE_MS, 30_000),
      execute,
    });
  } else {
    engine = createEmbeddedEngine({
      service,
      runner,
      flowStore,
      pollMs,
      execute,
      ...(options.clock ? { clock: options.clock } : {}),
    });
  }
  const opened: OpenedFlows = {
    service,
    connections,
    flowStore,
    runner,
    engine,
    mcp,
    async waitForRun(runId, waitOptions = {}) {
      const pollEvery = waitOptions.pollMs ?? pollMs;
      for (;;) {
        const run = await flowStore.getRun(runId);
        if (!run) throw new Error(`No run ${runId}.`);
        if (run.status !== 'queued' && run.status !== 'running') return run;
        if (waitOptions.signal?.aborted) throw waitOptions.signal.reason;
        await new Promise<void>((resolve) => {
          const set = waiters.get(runId) ?? new Set();
          waiters.set(runId, set);
          const done = () => {
            clearTimeout(timer);
            set.delete(done);
            resolve();
          };
          const timer = setTimeout(done, pollEvery);
          set.add(done);
        });
      }
    },
    async close() {
      await engine!.close();
      await mcp.close();
    },
  };
  return opened;
}
