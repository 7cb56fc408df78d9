import type { ToolDefinition } from '../catalog/define-tool.ts';
import { HeyGateError } from '../catalog/errors.ts';
import { estimateCostUsd } from '../catalog/estimate-cost.ts';
import { catalog, getTool } from '../catalog/index.ts';
import { shippedPrices, type PriceTable } from '../catalog/price-table.ts';
import type { HeyGenClient } from '../heygen/index.ts';
import { toToolError } from './tool-error.ts';
import { waitForJob } from './wait-for-job.ts';
import type { ExecuteRequest, ExecuteResult, Executor } from './types.ts';

/** Options of {@link createLocalExecutor}. */
export interface LocalExecutorOptions {
  /** The HeyGen client every call goes through. */
  client: HeyGenClient;
  /** Name reported as the account of every result (default `default`). */
  account?: string;
  /** The prices for `costUsd` of paid calls (default the shipped table). */
  prices?: () => PriceTable;
}

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
        const warnings = [...(result.warnings ?? [])];
        const data = request.wait
          ? await waitForJob(client, tool, result.data, request, (found) => warnings.push(...found))
          : result.data;
        return {
          ok: true,
          tool: tool.name,
          data,
          account,
          requestId: result.requestId,
          creditsCharged: result.creditsCharged,
          ...(tool.cost
            ? { costUsd: estimateCostUsd(tool, request.input, options.prices?.() ?? shippedPrices) }
            : {}),
          ...(warnings.length > 0 ? { warnings } : {}),
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
