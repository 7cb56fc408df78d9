import { createHash, randomUUID } from 'node:crypto';
import type { TaskStore as SdkTaskStore } from '@modelcontextprotocol/sdk/experimental/tasks/interfaces.js';
import type { CallToolResult, Result, Task } from '@modelcontextprotocol/sdk/types.js';
import type { ToolDefinition } from '../../catalog/define-tool.ts';
import { getPath } from '../../catalog/get-path.ts';
import { findTool } from '../../catalog/index.ts';
import type { Executor, Progress } from '../../gateway/types.ts';
import {
  terminalTaskStatuses,
  type McpTaskCondition,
  type McpTaskRow,
  type McpTaskStatus,
  type McpTaskStore,
} from '../../store/mcp-task-store.ts';
import { formatElapsed } from '../internal/format-elapsed.ts';
import { runCatalogTool } from '../internal/run-catalog-tool.ts';
import { startsJob } from '../internal/starts-job.ts';
import type { SurfaceCaller, SurfaceToolContext, SurfaceToolOutcome } from '../internal/surface-tool.ts';
import { mcpCallResult } from './mcp-call-result.ts';

/** Options of {@link createMcpTasks}. */
export interface McpTasksOptions {
  /** Where tasks live (`createMcpTaskStore(store)`): SQLite or Postgres, shared by every gateway process. */
  store: McpTaskStore;
  /** Runs the tool calls (the gateway: scopes, routing and audit apply to a task's calls as to any other). */
  executor: Executor;
  /**
   * Who owns a caller's tasks: the persona id (`gateway.authenticate`) or undefined for the operator. A task
   * is visible only to its owner, in any session. Default: a hash of the persona token.
   */
  identify?: (caller: SurfaceCaller) => Promise<string | undefined>;
  /** How long a task is kept after it is created, when the client asks for no TTL (default 24 h; max 7 days). */
  ttlMs?: number;
  /** Poll interval suggested to clients (default 5 s). */
  pollIntervalMs?: number;
  /** A runner silent for this long may be replaced by another process (default 2 min). */
  staleAfterMs?: number;
  /** Time source (default `Date.now`). */
  clock?: { now(): number };
  /** The other gateway processes (`openRedisCluster(...).taskPeers`); without it, this process works alone. */
  peers?: McpTaskPeers;
}

/**
 * The gateway processes whose runners share the task table (ADR 0061): a task whose runner's process is gone is
 * taken over at once, and a task cancelled in one process stops the runner following it in another.
 */
export interface McpTaskPeers {
  /** This process's id, used as its runner id. */
  readonly id: string;
  /** Whether the process with this runner id is still up. */
  alive(id: string): Promise<boolean>;
  /** Tells the other processes a client cancelled this task. */
  cancelled(taskId: string): void;
  /** Calls `listener` for each task cancelled in another process; returns the unsubscribe. */
  onCancelled(listener: (taskId: string) => void): () => void;
}

/** Starts tasks and serves the SDK's task requests from the store; one per process. */
export interface McpTasks {
  /** The SDK task store for one caller (its tasks only, from any session). */
  sdkStore(owner: string): SdkTaskStore;
  /** The owner key of a caller. */
  ownerOf(caller: SurfaceCaller): Promise<string>;
  /** Creates a task for a tool call and runs it in the background; returns the task at once. */
  start(request: McpTaskStart): Promise<Task>;
  /**
   * A verified HeyGen event for job `kind`/`id` on `account` (`gateway.onJobWake`): a task whose job no wait
   * of this process follows is taken over here and finishes now.
   */
  wake(account: string, kind: string, id: string): Promise<void>;
  /** Stops this process's runners (their tasks stay `working`; another process or a restart takes them). */
  close(): Promise<void>;
}

/** What `start` needs. */
export interface McpTaskStart {
  owner: string;
  /** Name of the tool called (recorded). */
  toolName: string;
  /** The catalog tool that will run, when known: if it starts a job, the task follows the job to its end. */
  tool?: ToolDefinition;
  /** The arguments as the agent sent them (recorded). */
  arguments: Record<string, unknown>;
  /** Makes the call (for a job-starting tool: the create, without `wait`). */
  call(context: SurfaceToolContext): Promise<SurfaceToolOutcome>;
  /** Caller, account and audit fields of the call. */
  context: SurfaceToolContext;
  /** TTL the client asked for (ms). */
  ttl?: number | null;
  /** Told when the task's status changes (`notifications/tasks/status` to a connected client). */
  onStatus?: (task: Task) => void;
}

const OPERATOR = 'operator';
const MAX_TTL_MS = 7 * 24 * 60 * 60_000;

/** Task state as the spec shows it. */
export function toSdkTask(row: McpTaskRow): Task {
  return {
    taskId: row.taskId,
    status: row.status,
    ttl: row.ttlMs,
    createdAt: row.createdAt,
    lastUpdatedAt: row.updatedAt,
    pollInterval: row.pollIntervalMs,
    ...(row.statusMessage ? { statusMessage: row.statusMessage } : {}),
  };
}

/**
 * MCP tasks (spec 2025-11-25, the task support of the installed SDK; ADR 0024) for heygate: a `tools/call`
 * that asks for a task creates a row in the store and returns it at once; a runner in this process creates
 * the HeyGen job, records its id, and follows it with the job's `*_wait` tool (so polling, webhook wake-ups,
 * routing and audit are the gateway's), writing HeyGen's state and the elapsed time into `statusMessage`. The
 * final `CallToolResult` is stored; `tasks/get`, `tasks/result`, `tasks/list` and `tasks/cancel` are the SDK's
 * handlers over `sdkStore(owner)`. A task whose runner went silent (the process stopped) is taken over by the
 * next process that reads it or receives its job's webhook, from the stored job id (at once when `peers` says
 * its process is gone) — the create is never sent twice; a task that stopped before HeyGen answered its create
 * fails with a hint to look the job up.
 */
export function createMcpTasks(options: McpTasksOptions): McpTasks {
  const { store, executor } = options;
  const clock = options.clock ?? Date;
  const defaultTtlMs = options.ttlMs ?? 24 * 60 * 60_000;
  const pollIntervalMs = options.pollIntervalMs ?? 5_000;
  const staleAfterMs = options.staleAfterMs ?? 120_000;
  const peers = options.peers;
  const runnerId = peers?.id ?? randomUUID();
  const running = new Map<string, AbortController>();
  // A task cancelled in another process: its runner here stops following the job now.
  const unsubscribe = peers?.onCancelled((taskId) => running.get(taskId)?.abort());
  const now = () => new Date(clock.now()).toISOString();

  const identify =
    options.identify ??
    (async (caller: SurfaceCaller) =>
      caller.personaToken === undefined
        ? caller.personaId
        : `token:${createHash('sha256').update(caller.personaToken).digest('hex').slice(0, 32)}`);

  /** Writes `patch` while this runner holds the task; false when it was cancelled or taken over. */
  async function report(taskId: string, patch: Parameters<McpTaskStore['update']>[1]): Promise<boolean> {
    const updated = await store.update(taskId, { ...patch, heartbeatAt: now() }, now(), { runner: runnerId });
    if (!updated) running.get(taskId)?.abort();
    return updated !== undefined;
  }

  async function finish(
    taskId: string,
    status: McpTaskStatus,
    result: CallToolResult,
    message: string,
    onStatus?: (task: Task) => void,
  ): Promise<void> {
    const row = await store.update(
      taskId,
      { status, result: JSON.stringify(result), statusMessage: message, runner: null },
      now(),
      { runner: runnerId },
    );
    if (row) onStatus?.(toSdkTask(row));
  }

  /** Follows a created job to its end with the job's wait tool, on the account it was created on. */
  async function follow(
    row: McpTaskRow,
    context: SurfaceToolContext,
    started: number,
    onStatus?: (task: Task) => void,
  ): Promise<void> {
    const waitTool = findTool(`${row.jobKind}_wait`);
    const ids = JSON.parse(row.jobIds ?? '[]') as string[];
    if (!waitTool || waitTool.implementation.kind !== 'wait' || ids.length === 0) {
      return finish(
        row.taskId,
        'failed',
        errorResult('job_unknown', 'The job of this task cannot be followed.'),
        'failed',
      );
    }
    const idField = waitTool.implementation.job.idField;
    let lastWrite = 0;
    const onProgress = (progress: Progress) => {
      context.onProgress?.(progress);
      if (clock.now() - lastWrite < 1000) return; // at most one store write a second
      lastWrite = clock.now();
      void report(row.taskId, { statusMessage: statusText(progress, clock.now() - started) });
    };
    const finals: unknown[] = [];
    for (const id of ids) {
      const outcome = await runCatalogTool(
        executor,
        'mcp',
        waitTool,
        { [idField]: id },
        {
          ...context,
          ...(row.account ? { account: row.account } : {}),
          onProgress,
        },
      );
      if (!outcome.ok) {
        const message = `${row.jobKind} ${id}: ${outcome.error.code} after ${formatElapsed(clock.now() - started)}`;
        return finish(row.taskId, 'completed', mcpCallResult(outcome), message, onStatus);
      }
      finals.push(outcome.data);
    }
    const data = finals.length === 1 ? finals[0] : finals;
    const status = String(getPath(finals[0], waitTool.implementation.job.statusField) ?? 'done');
    const message = `${row.jobKind} ${status} after ${formatElapsed(clock.now() - started)}`;
    return finish(row.taskId, 'completed', mcpCallResult({ ok: true, data }), message, onStatus);
  }

  /** Runs a new task: the call itself (the create), then the job it started. */
  async function run(row: McpTaskRow, request: McpTaskStart, signal: AbortSignal) {
    const started = clock.now();
    const context: SurfaceToolContext = { ...request.context, signal };
    const outcome = await request.call(context);
    const tool = request.tool;
    if (!outcome.ok || !tool || !startsJob(tool)) {
      const message = outcome.ok ? 'completed' : `failed: ${outcome.error.code}`;
      return finish(row.taskId, 'completed', mcpCallResult(outcome), message, request.onStatus);
    }
    const job = tool.job!;
    const found = getPath(outcome.data, job.resultIdPath);
    const ids = (Array.isArray(found) ? found : [found]).filter((id): id is string => typeof id === 'string');
    const account = outcome.routing?.account ?? request.context.account ?? null;
    const patch = {
      account,
      jobKind: job.kind,
      jobIds: JSON.stringify(ids),
      statusMessage: `${job.kind} created`,
    };
    if (ids.length === 0) {
      return finish(
        row.taskId,
        'completed',
        mcpCallResult(outcome),
        'created; no job id to follow',
        request.onStatus,
      );
    }
    if (!(await report(row.taskId, patch))) return;
    await follow({ ...row, ...patch }, context, started, request.onStatus);
  }

  /** Runs `work` for a task this runner holds, removing it from `running` when done. */
  function launch(taskId: string, work: (signal: AbortSignal) => Promise<void>): void {
    const controller = new AbortController();
    running.set(taskId, controller);
    void work(controller.signal)
      .catch(async (error: unknown) => {
        if (controller.signal.aborted) return;
        const message = error instanceof Error ? error.message : String(error);
        await finish(taskId, 'failed', errorResult('task_failed', message), `failed: ${message}`).catch(
          () => {},
        );
      })
      .finally(() => running.delete(taskId));
  }

  /** Who may take `row` over: nobody holds it, its runner's process is gone, or its runner went silent. */
  async function abandoned(row: McpTaskRow): Promise<McpTaskCondition> {
    if (row.runner === null) return { runner: null };
    if (peers && row.runner !== runnerId && !(await peers.alive(row.runner))) return { runner: row.runner };
    return { heartbeatBefore: new Date(clock.now() - staleAfterMs).toISOString() };
  }

  /** Takes over a working task nobody follows any more (its runner stopped, died or went silent). */
  async function adopt(row: McpTaskRow): Promise<void> {
    if (running.has(row.taskId) || terminalTaskStatuses.includes(row.status)) return;
    const condition = await abandoned(row);
    const claimed = await store.update(
      row.taskId,
      { runner: runnerId, heartbeatAt: now() },
      now(),
      condition,
    );
    if (!claimed) return;
    if (!claimed.jobIds) {
      const hint = `The gateway stopped before HeyGen answered ${claimed.tool}; look the job up before calling again.`;
      return finish(claimed.taskId, 'failed', errorResult('task_interrupted', hint), 'interrupted');
    }
    const caller: SurfaceCaller =
      claimed.owner === OPERATOR || claimed.owner.startsWith('token:') ? {} : { personaId: claimed.owner };
    launch(claimed.taskId, (signal) => follow(claimed, { caller, signal }, Date.parse(claimed.createdAt)));
  }

  async function read(taskId: string, owner: string): Promise<McpTaskRow | undefined> {
    const row = await store.get(taskId, now());
    if (!row || row.owner !== owner) return undefined;
    if (row.status === 'working' && !running.has(row.taskId)) await adopt(row);
    return row;
  }

  return {
    async ownerOf(caller) {
      return (await identify(caller)) ?? OPERATOR;
    },

    async start(request) {
      const created = now();
      const requested = request.ttl ?? defaultTtlMs;
      const ttlMs = Math.min(Math.max(1_000, requested), MAX_TTL_MS);
      const row: McpTaskRow = {
        taskId: randomUUID(),
        owner: request.owner,
        tool: request.toolName,
        arguments: JSON.stringify(request.arguments),
        status: 'working',
        statusMessage: request.tool && startsJob(request.tool) ? 'creating the job' : 'running',
        account: null,
        jobKind: null,
        jobIds: null,
        result: null,
        runner: runnerId,
        heartbeatAt: created,
        ttlMs,
        pollIntervalMs,
        createdAt: created,
        updatedAt: created,
        expiresAt: new Date(clock.now() + ttlMs).toISOString(),
      };
      await store.deleteExpired(created).catch(() => 0);
      // The row is written before the answer: a tasks/get for the returned id always finds it.
      await store.insert(row);
      launch(row.taskId, (signal) => run(row, request, signal));
      return toSdkTask(row);
    },

    async wake(account, kind, id) {
      for (const row of await store.findByJob(account, kind, id)) {
        if ((JSON.parse(row.jobIds ?? '[]') as string[]).includes(id)) await adopt(row);
      }
    },

    sdkStore(owner) {
      return {
        async createTask() {
          throw new Error('heygate creates tasks itself (tools/call with a task).');
        },
        async getTask(taskId) {
          const row = await read(taskId, owner);
          return row ? toSdkTask(row) : null;
        },
        async storeTaskResult(taskId, status, result) {
          await store.update(taskId, { status, result: JSON.stringify(result), runner: null }, now());
        },
        async getTaskResult(taskId): Promise<Result> {
          const row = await read(taskId, owner);
          if (!row?.result) throw new Error(`Task ${taskId} has no result.`);
          return JSON.parse(row.result) as Result;
        },
        async updateTaskStatus(taskId, status, statusMessage) {
          const row = await read(taskId, owner);
          if (!row) throw new Error(`Task ${taskId} not found.`);
          const patch =
            status === 'cancelled' ? { status, statusMessage: cancelMessage(row), runner: null } : { status };
          await store.update(
            taskId,
            { ...patch, ...(statusMessage && status !== 'cancelled' ? { statusMessage } : {}) },
            now(),
          );
          if (status === 'cancelled') {
            running.get(taskId)?.abort();
            peers?.cancelled(taskId);
          }
        },
        async listTasks(cursor) {
          const rows = await store.list(owner, now(), 50, cursor);
          return {
            tasks: rows.map(toSdkTask),
            ...(rows.length === 50 ? { nextCursor: rows.at(-1)!.taskId } : {}),
          };
        },
      };
    },

    async close() {
      unsubscribe?.();
      for (const [taskId, controller] of running) {
        controller.abort();
        // Handing the task back lets the next process take it over at once instead of after the stale window.
        await store.update(taskId, { runner: null }, now(), { runner: runnerId }).catch(() => undefined);
      }
      running.clear();
    },
  };
}

/** What `statusMessage` says while a job runs: HeyGen's own state, its percent when it reports one, elapsed time. */
function statusText(progress: Progress, elapsedMs: number): string {
  const state = progress.message ?? progress.status ?? 'working';
  return `${state} · ${formatElapsed(elapsedMs)} elapsed`;
}

function cancelMessage(row: McpTaskRow): string {
  return row.jobIds
    ? `Cancelled: heygate stopped following ${row.jobKind} ${JSON.parse(row.jobIds).join(', ')}; HeyGen may still finish (and bill) it.`
    : 'Cancelled by the client.';
}

function errorResult(code: string, message: string): CallToolResult {
  return mcpCallResult({ ok: false, error: { code, message, retryable: false } });
}
