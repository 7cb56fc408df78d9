import type { ToolDefinition } from '../catalog/define-tool.ts';
import { getPath } from '../catalog/get-path.ts';
import type { HeyGenClient } from '../heygen/index.ts';
import type { ExecuteRequest } from './types.ts';

/** Default bound of `wait: true`: long enough for a multi-minute render, short enough not to hang forever. */
const defaultWaitMs = 30 * 60 * 1000;

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
  onWarnings?: (warnings: string[]) => void,
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
      client.waitFor(job, id, {
        signal: request.signal,
        onProgress: request.onProgress,
        timeoutMs,
        ...(onWarnings ? { onWarnings } : {}),
      }),
    ),
  );
  return Array.isArray(found) ? finals : finals[0];
}
