import type { ToolDefinition } from './define-tool.ts';
import type { PriceTable } from './price-table.ts';

/**
 * The catalog's cost estimate of one call in US dollars (rounded to 1/10,000), with the prices in force; 0 for
 * free tools, for prices HeyGen does not publish and for an estimator that throws (a surprising input must not
 * break the call; budgets then hold their minimum).
 */
export function estimateCostUsd(tool: ToolDefinition, input: unknown, prices: PriceTable): number {
  try {
    const value = tool.cost?.estimate?.(input, prices);
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return 0;
    return Math.round(value * 10_000) / 10_000;
  } catch {
    return 0;
  }
}
