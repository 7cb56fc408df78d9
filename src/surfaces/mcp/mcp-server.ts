import { readFileSync } from 'node:fs';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import {
  CallToolRequestSchema,
  type CallToolRequest,
  type ServerNotification,
  type ServerRequest,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type CallToolResult,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import type { Access, ToolDefinition } from '../../catalog/define-tool.ts';
import { findTool, getTool } from '../../catalog/index.ts';
import type { Executor, Progress } from '../../gateway/types.ts';
import { createCompactTools } from '../internal/compact-tools.ts';
import { filterTools, type ToolFilter } from '../internal/filter-tools.ts';
import { formatElapsed } from '../internal/format-elapsed.ts';
import { runCatalogTool } from '../internal/run-catalog-tool.ts';
import type {
  SurfaceCaller,
  SurfaceTool,
  SurfaceToolContext,
  SurfaceToolOutcome,
} from '../internal/surface-tool.ts';
import { toolErrorData } from '../internal/tool-error-data.ts';
import { toolOutputJsonSchema } from '../internal/tool-output-json-schema.ts';
import { isJsonObject } from '../internal/json-schema.ts';
import { startsJob } from '../internal/starts-job.ts';
import { dialectJsonSchema, type SchemaDialect } from '../internal/schema-dialect.ts';
import { chooseMcpMode, type McpMode } from './choose-mcp-mode.ts';
import type { McpTasks } from './mcp-tasks.ts';
import { mcpCallResult } from './mcp-call-result.ts';
import { createRequestIdGuard, type RequestIdGuard } from './request-id-guard.ts';
import type { McpExtraTool } from './mcp-extra-tool.ts';
import { toMcpError } from './to-mcp-error.ts';
import { toMcpTool } from './to-mcp-tool.ts';

/** Options of `createMcpServer`. */
export interface McpServerOptions {
  /** The one call path: every tool call goes through `executor.execute()`. */
  executor: Executor;
  /**
   * `full`, `compact`, `code`, or `auto` (default): `full` when the caller's filtered tools fit in
   * `autoFullMaxTokens`, else `compact`. See `McpMode` and docs/mcp.md.
   */
  mode?: McpMode | 'auto';
  /** Only tools of these areas (e.g. `videos`, `avatars`). */
  areas?: readonly string[];
  /** Most powerful access class served: `read`, `write` or `destructive` (default: everything). */
  access?: Access;
  /** Persona token every call is made with (stdio `--persona`); absent means the local operator. */
  personaToken?: string;
  /** Persona id, when the embedding surface authenticated the persona itself. */
  personaId?: string;
  /** Named HeyGen account for every call (`--account`); default: the persona's routing policy. */
  account?: string;
  /** Tools served in addition to the mode's tools (and alone in `code` mode): the Lua tools. */
  extraTools?: readonly McpExtraTool[];
  /**
   * How long a call that cannot move to another account may wait for its rate-limited account, when the call
   * does not say (`max_wait_seconds`); default 0: answer `rate_limited` with `retry_after_ms` at once.
   */
  maxWaitMs?: number;
  /** Token budget under which `auto` serves `full` mode (default `AUTO_FULL_MAX_TOKENS`). */
  autoFullMaxTokens?: number;
  /**
   * Longest a `tools/call` may run before the server answers it itself with a `timeout` error and cancels the
   * call (default 15 minutes), so no request is left unanswered. Long renders: return the job id and wait
   * with the `*_wait` tools.
   */
  requestTimeoutMs?: number;
  /**
   * Whether the server claims incoming request ids itself and answers a duplicate in-flight id with an error
   * (default true: stdio). The HTTP handler passes false and claims each POST's ids before the SDK sees them.
   */
  claimRequestIds?: boolean;
  /**
   * MCP tasks (`createMcpTasks`): when given, a client may call any tool as a task (`tools/call` with `task`)
   * and job-starting tools announce `execution.taskSupport: "optional"`. Clients that ask for no task keep the
   * `wait` behaviour.
   */
  tasks?: McpTasks;
  /**
   * Schema dialect of every published input schema (default `mcp`): `openai-strict`, `gemini` or `anthropic`
   * for a client that hands the tools to that model family as they are. Arguments are mapped back before
   * validation. See schema-dialect.ts and docs/mcp.md.
   */
  dialect?: SchemaDialect;
}

/** A configured MCP server. */
export interface HeyGateMcpServer {
  /** The SDK server; connect it to any transport. */
  server: Server;
  /** The mode it serves (`auto` already resolved). */
  mode: McpMode;
  /** Connects the server to a transport (stdio, Streamable HTTP, in-memory). */
  connect(transport: Transport): Promise<void>;
  /** The ids of requests in flight (duplicates refused; see request-id-guard.ts). */
  requestIds: RequestIdGuard;
  /** Closes the connection. */
  close(): Promise<void>;
}

/** `_meta` key a client may set on `tools/call` to record the user's prompt or the reason in the audit log. */
export const PROMPT_META_KEY = 'heygate/prompt';

const COMPACT_NAMES = new Set(['search_tools', 'describe_tool', 'call_tool']);

/** What a server with tasks announces (spec 2025-11-25): tool calls as tasks, list and cancel. */
const taskCapabilities = { list: {}, cancel: {}, requests: { tools: { call: {} } } };

/** `Tool.execution` of a tool a client may call as a task. */
const optionalTask = { taskSupport: 'optional' as const };

/** heygate's version for `serverInfo`, read once from package.json (the same path from src/ and dist/). */
const version: string = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/**
 * Builds heygate's MCP server on the official SDK's low-level `Server`, which serves the catalog's JSON
 * Schemas as they are (McpServer wants zod shapes it converts itself, which would re-wrap every schema and
 * lose the union presentation). Every tool call goes through `executor.execute()` with `surface: 'mcp'`.
 *
 * Async because `auto` mode looks at the caller's visible tools first — which also means a bad persona
 * token fails here, at start-up, rather than on the first call.
 */
export async function createMcpServer(options: McpServerOptions): Promise<HeyGateMcpServer> {
  const { executor, extraTools = [], dialect = 'mcp' } = options;
  const filter: ToolFilter = { areas: options.areas, access: options.access };
  const caller: SurfaceCaller = { personaToken: options.personaToken, personaId: options.personaId };

  checkExtraTools(extraTools);
  let mode: McpMode;
  if (options.mode === undefined || options.mode === 'auto') {
    mode = chooseMcpMode(filterTools(await executor.visibleTools(caller), filter), options.autoFullMaxTokens);
  } else {
    mode = options.mode;
  }
  if (mode === 'code' && extraTools.length === 0) {
    throw new Error('MCP code mode serves the Lua tools; pass them as extraTools.');
  }

  const compactTools =
    mode === 'compact' ? createCompactTools({ executor, surface: 'mcp', filter, dialect }) : [];
  const surfaceTools = new Map<string, SurfaceTool>(compactTools.map((tool) => [tool.name, tool]));
  const extras = new Map(extraTools.map((tool) => [tool.name, tool]));

  const tasks = options.tasks;
  const owner = tasks ? await tasks.ownerOf(caller) : undefined;
  const server = new Server(
    { name: 'heygate', title: 'heygate (HeyGen)', version },
    {
      capabilities: { tools: { listChanged: false }, ...(tasks ? { tasks: taskCapabilities } : {}) },
      instructions: INSTRUCTIONS[mode],
      ...(tasks ? { taskStore: tasks.sdkStore(owner!) } : {}),
    },
  );

  server.setRequestHandler(ListToolsRequestSchema, async () => {
    const tools: Tool[] = [];
    if (mode === 'full') {
      for (const tool of filterTools(await executor.visibleTools(caller), filter))
        tools.push(
          tasks && startsJob(tool)
            ? { ...toMcpTool(tool, dialect), execution: optionalTask }
            : toMcpTool(tool, dialect),
        );
    }
    for (const tool of compactTools) {
      const entry = surfaceToolEntry(tool, dialect);
      tools.push(tasks && tool.name === 'call_tool' ? { ...entry, execution: optionalTask } : entry);
    }
    for (const tool of extraTools)
      if ((await tool.listedFor?.(caller)) !== false) tools.push(extraToolEntry(tool, dialect));
    return { tools };
  });

  const requestTimeoutMs = options.requestTimeoutMs ?? 15 * 60_000;
  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    // Every call is answered: by its result, or by this deadline, which also cancels the call.
    const deadline = AbortSignal.timeout(requestTimeoutMs);
    const signal = AbortSignal.any([extra.signal, deadline]);
    return untilDeadline(handleCall(request, { ...extra, signal }), deadline, requestTimeoutMs);
  });

  async function handleCall(
    request: CallToolRequest,
    extra: Pick<RequestHandlerExtra<ServerRequest, ServerNotification>, 'signal' | '_meta'> & {
      sendNotification: Parameters<typeof progressSender>[2];
    },
  ): Promise<CallToolResult> {
    const name = request.params.name;
    // Meta-tools and extra tools were published in the dialect: map their arguments back (catalog tools are
    // mapped back in runCatalogTool, through `context.dialect`).
    const published = surfaceTools.get(name) ?? extras.get(name);
    const args = published
      ? asArguments(dialectJsonSchema(published.inputSchema, dialect).decode(request.params.arguments ?? {}))
      : (request.params.arguments ?? {});
    const prompt = request.params._meta?.[PROMPT_META_KEY];
    const progress = progressSender(extra.signal, extra._meta?.progressToken, extra.sendNotification);
    const context: SurfaceToolContext = {
      caller,
      signal: extra.signal,
      onProgress: progress?.send,
      prompt: typeof prompt === 'string' ? prompt : undefined,
      account: options.account,
      ...(options.maxWaitMs === undefined ? {} : { defaultMaxWaitMs: options.maxWaitMs }),
      dialect,
    };
    if (tasks && request.params.task) {
      let start: ReturnType<typeof taskStart>;
      try {
        start = taskStart(name, args, context);
      } catch (error) {
        throw toMcpError(error);
      }
      const task = await tasks.start({
        ...start,
        owner: owner!,
        ttl: request.params.task.ttl,
        onStatus: (status) =>
          void server.notification({ method: 'notifications/tasks/status', params: status }).catch(() => {}),
      });
      // The SDK validates this as a CreateTaskResult because the request asked for a task.
      return { task } as unknown as CallToolResult;
    }
    try {
      return await callTool(name, args, context);
    } finally {
      // Progress always ends with a final notification, sent before the result (stdio and HTTP alike).
      await progress?.end();
    }
  }

  /**
   * How a task-augmented call runs. A catalog tool (full mode) or `call_tool` naming one (compact mode) that
   * starts a job runs its create without `wait` and the task follows the job; any other tool just runs. Names
   * that are not tools here are refused as they are without a task.
   */
  function taskStart(name: string, args: Record<string, unknown>, context: SurfaceToolContext) {
    const base = { toolName: name, arguments: args, context };
    const extraTool = extras.get(name);
    if (extraTool) return { ...base, call: (run: SurfaceToolContext) => runExtraTool(extraTool, args, run) };
    const surfaceTool = surfaceTools.get(name);
    if (surfaceTool) {
      const tool =
        surfaceTool.name === 'call_tool' && typeof args.name === 'string' ? findTool(args.name) : undefined;
      if (!tool) return { ...base, call: (run: SurfaceToolContext) => surfaceTool.run(args, run) };
      const inner = isJsonObject(args.arguments) ? args.arguments : {};
      const { wait: _wait, ...create } = inner;
      return {
        ...base,
        toolName: tool.name,
        tool,
        arguments: inner,
        call: (run: SurfaceToolContext) => surfaceTool.run({ ...args, arguments: create }, run),
      };
    }
    const tool = enabledTool(name);
    const { wait: _wait, ...create } = args;
    return {
      ...base,
      tool,
      call: (run: SurfaceToolContext) => runCatalogTool(executor, 'mcp', tool, create, run),
    };
  }

  /** The catalog tool of that name served here; throws the MCP error a client gets for any other name. */
  function enabledTool(name: string): ToolDefinition {
    if (mode !== 'full') throw unknownTool(name, mode);
    // getTool throws the catalog's unknown-tool error, with close names as suggestions.
    const tool = getTool(name);
    if (filterTools([tool], filter).length === 0) {
      throw new McpError(
        ErrorCode.InvalidParams,
        `Tool "${name}" is not enabled on this MCP server (--areas/--access).`,
      );
    }
    return tool;
  }

  async function callTool(
    name: string,
    args: Record<string, unknown>,
    context: SurfaceToolContext,
  ): Promise<CallToolResult> {
    try {
      const extraTool = extras.get(name);
      if (extraTool) return mcpCallResult(await runExtraTool(extraTool, args, context));
      const surfaceTool = surfaceTools.get(name);
      if (surfaceTool) return mcpCallResult(await surfaceTool.run(args, context));
      const tool = enabledTool(name);
      // Called even when the persona may not see the tool: the gateway refuses it and audits the denial.
      const outcome = await runCatalogTool(executor, 'mcp', tool, args, context);
      return mcpCallResult(outcome, toolOutputJsonSchema(tool).wrapped);
    } catch (error) {
      throw toMcpError(error);
    }
  }

  const requestIds = createRequestIdGuard();
  return {
    server,
    mode,
    requestIds,
    async connect(transport) {
      await server.connect(transport);
      requestIds.watch(transport, { claimIncoming: options.claimRequestIds ?? true });
    },
    close: () => server.close(),
  };
}

const INSTRUCTIONS: Record<McpMode, string> = {
  full: 'HeyGen API tools via heygate. Tools that start a render return a job id: pass wait: true to get the finished result, or call the matching *_wait tool. Failed calls return {error:{code,message,retryable,retry_after_ms,hint}}; follow the hint. A call that cannot move off a rate-limited account answers rate_limited at once; add max_wait_seconds to the arguments of any tool to let it wait that long instead. Large results are cut to ~4,000 tokens with a _truncated marker: add result_cursor (from the marker) to continue, fields: [names] to keep only some fields of listed items, or full: true for everything.',
  compact:
    'Every HeyGen API operation is reachable through three tools: search_tools (find by intent) → describe_tool (input schema) → call_tool (run it). Renders return a job id: pass wait: true in the arguments or call the matching *_wait tool. Failed calls return {error:{code,message,retryable,retry_after_ms,hint}}. A call that cannot move off a rate-limited account answers rate_limited at once; add max_wait_seconds to the arguments of any tool to let it wait that long instead. Large results are cut to ~4,000 tokens with a _truncated marker: add result_cursor (from the marker) to continue, fields: [names] to keep only some fields of listed items, or full: true for everything.',
  code: 'Script the HeyGen API in Lua: read the reference with lua_read_doc("integrations.heygen"), then run a script with execute_lua. One script can list, create, wait and return the result.',
};

/** The call's result, or a `timeout` tool error once the deadline passes (the call is cancelled by then). */
async function untilDeadline(
  call: Promise<CallToolResult>,
  deadline: AbortSignal,
  timeoutMs: number,
): Promise<CallToolResult> {
  let onTimeout: (() => void) | undefined;
  const timedOut = new Promise<CallToolResult>((resolve) => {
    onTimeout = () =>
      resolve(
        mcpCallResult({
          ok: false,
          error: {
            code: 'timeout',
            message: `The call did not finish within ${Math.round(timeoutMs / 1000)} s and was cancelled.`,
            retryable: false,
            hint: 'A create may still have run: look it up before calling again. For long renders return the job id and use the *_wait tools.',
          },
        }),
      );
    if (deadline.aborted) onTimeout();
    else deadline.addEventListener('abort', onTimeout, { once: true });
  });
  try {
    return await Promise.race([call, timedOut]);
  } finally {
    if (onTimeout) deadline.removeEventListener('abort', onTimeout);
  }
}

/** Sends a call's progress notifications; `end` sends the final one and waits until all are sent. */
interface ProgressSender {
  send(progress: Progress): void;
  end(): Promise<void>;
}

/**
 * Progress notifications for a call whose client asked for them (`_meta.progressToken`). Sends are chained
 * so they leave in order, and `end` sends a last notification (the job's final state, or "done") and waits
 * for the chain before the result goes out — otherwise the result can overtake it and the client drops it.
 */
function progressSender(
  signal: AbortSignal,
  progressToken: string | number | undefined,
  send: (notification: {
    method: 'notifications/progress';
    params: Record<string, unknown>;
  }) => Promise<void>,
): ProgressSender | undefined {
  if (progressToken === undefined) return undefined;
  let last = -Infinity;
  let lastTotal: number | undefined;
  let lastMessage: string | undefined;
  let finished = false;
  let chain = Promise.resolve();
  const started = Date.now();
  const emit = (progress: Progress) => {
    // MCP requires the progress value to increase with every notification; nothing is sent after a cancel.
    if (signal.aborted || !(progress.progress > last)) return;
    last = progress.progress;
    lastTotal = progress.total;
    const params: Record<string, unknown> = { progressToken, progress: progress.progress };
    if (progress.total !== undefined) params.total = progress.total;
    const state = progress.message ?? progress.status;
    if (state !== undefined) lastMessage = state;
    params.message = `${state ?? 'working'} · ${formatElapsed(Date.now() - started)} elapsed`;
    finished = progress.total !== undefined && progress.progress >= progress.total;
    chain = chain
      .then(() => send({ method: 'notifications/progress', params }))
      .catch(() => {
        // The client went away; the call itself ends through its abort signal.
      });
  };
  return {
    send: emit,
    async end() {
      if (last > -Infinity && !finished) {
        const total = lastTotal ?? last + 1;
        emit({
          progress: Math.max(total, last + 1),
          total: Math.max(total, last + 1),
          message: `done (last: ${lastMessage ?? 'working'})`,
        });
      }
      await chain;
    },
  };
}

async function runExtraTool(
  tool: McpExtraTool,
  args: Record<string, unknown>,
  context: SurfaceToolContext,
): Promise<SurfaceToolOutcome> {
  try {
    const data = await tool.handler(args, {
      signal: context.signal ?? new AbortController().signal,
      onProgress: context.onProgress,
      personaToken: context.caller.personaToken,
      personaId: context.caller.personaId,
    });
    return { ok: true, data };
  } catch (error) {
    if (context.signal?.aborted) throw error;
    return { ok: false, error: toolErrorData(error) };
  }
}

function surfaceToolEntry(tool: SurfaceTool, dialect: SchemaDialect): Tool {
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: dialectJsonSchema(tool.inputSchema, dialect).schema as Tool['inputSchema'],
    outputSchema: tool.outputSchema as Tool['outputSchema'],
    annotations: tool.annotations,
  };
}

function extraToolEntry(tool: McpExtraTool, dialect: SchemaDialect): Tool {
  const inputSchema = dialectJsonSchema(tool.inputSchema, dialect).schema as Tool['inputSchema'];
  const entry: Tool = { name: tool.name, description: tool.description, inputSchema };
  if (tool.title !== undefined) entry.title = tool.title;
  if (tool.outputSchema !== undefined) {
    const { required: _required, ...outputSchema } = tool.outputSchema;
    entry.outputSchema = outputSchema;
  }
  if (tool.annotations !== undefined) entry.annotations = tool.annotations;
  return entry;
}

/** Decoded arguments as the object a tool runs with (a decoder never turns an object into anything else). */
function asArguments(value: unknown): Record<string, unknown> {
  return isJsonObject(value) ? value : {};
}

function unknownTool(name: string, mode: McpMode): McpError {
  const hint = mode === 'compact' ? ' Use search_tools and call_tool.' : '';
  return new McpError(ErrorCode.InvalidParams, `Unknown tool "${name}".${hint}`, { code: 'unknown_tool' });
}

function checkExtraTools(extraTools: readonly McpExtraTool[]): void {
  const seen = new Set<string>();
  for (const tool of extraTools) {
    if (!/^[a-z0-9_]{1,64}$/.test(tool.name))
      throw new Error(`Extra MCP tool name "${tool.name}" must match ^[a-z0-9_]{1,64}$.`);
    if (seen.has(tool.name) || COMPACT_NAMES.has(tool.name) || findTool(tool.name)) {
      throw new Error(`Extra MCP tool "${tool.name}" collides with another tool of the same name.`);
    }
    seen.add(tool.name);
  }
}
