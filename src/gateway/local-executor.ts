import type { ToolDefinition } from '../catalog/define-tool.ts';
import { HeyGateError } from '../catalog/errors.ts';
import { getPath } from '../catalog/get-path.ts';
import { catalog, getTool } from '../catalog/index.ts';
import type { HeyGenClient } from '../heygen/index.ts';
import { toToolError } from './tool-error.ts';
import type { ExecuteRequest, ExecuteResult, Executor } from './types.ts';

/** Options of {@link createLocalExecutor}. */
export interface LocalExecutorOptions {
  /** The HeyGen client every call goes through. */
  client: HeyGenClient;
  /** Name reported as the account of every result (default `default`). */
  account?: string;
}

/** Default bound of `wait: true`: long enough for a multi-minute render, short enough not to hang forever. */
const defaultWaitMs = 30 * 60 * 1000;

/**
 * The bare executor: the same `execute()` contract as the gateway, over one HeyGen client, with no
 * personas, routing or audit. For library users who want no gateway, and the base the gateway builds on.
 * Unknown tools throw (gateway error); everything else comes back as a result.
 */
export function createLocalExecutor(options: LocalExecutorOptions): Executor {
  const account = options.account ?? 'default';
  const { client } = options;

  return {
    async execute(request: ExecuteRequest): Promise<ExecuteResult> {
      const started = performance.now();
      const tool = getTool(request.tool);
      try {
        const result = await client.call(tool, request.input, {
          signal: request.signal,
          idempotencyKey: request.idempotencyKey,
          onProgress: request.onProgress,
        });
        const data = request.wait ? await waitForJob(client, tool, result.data, request) : result.data;
        return {
          ok: true,
          tool: tool.name,
          data,
          account,
          requestId: result.requestId,
          creditsCharged: result.creditsCharged,
          durationMs: performance.now() - started,
        };
      } catch (error) {
        if (!HeyGateError.isInstance(error)) throw error;
        return {
          ok: false,
          tool: tool.name,
          error: toToolError(error, account),
          account,
          durationMs: performance.now() - started,
        };
      }
    },

    async visibleTools(): Promise<readonly ToolDefinition[]> {
      return catalog;
    },
  };
}

/**
 * Implements `wait: true` for a tool that starts a job: reads the job id(s) from the create result
 * (`JobKind.resultIdPath`; some creates start one job per target language and return an array) and waits
 * for each to reach a terminal state. One id gives its final resource, several an array of them. Tools
 * without a job ignore `wait`.
 */
export async function waitForJob(
  client: HeyGenClient,
  tool: ToolDefinition,
  created: unknown,
  request: Pick<ExecuteRequest, 'wait' | 'signal' | 'onProgress'>,
): Promise<unknown> {
  const job = tool.job;
  if (!job) return created;
  const found = getPath(created, job.resultIdPath);
  const ids = (Array.isArray(found) ? found : [found]).filter(
    (id): id is string => typeof id === 'string' && id !== '',
  );
  if (ids.length === 0) return created;
  const timeoutMs = (typeof request.wait === 'object' ? request.wait.timeoutMs : undefined) ?? defaultWaitMs;
  const finals = await Promise.all(
    ids.map((id) =>
      client.waitFor(job, id, { signal: request.signal, onProgress: request.onProgress, timeoutMs }),
    ),
  );
  return Array.isArray(found) ? finals : finals[0];
}
