import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { InvalidInputError } from '../catalog/errors.ts';
import {
  priceKeys,
  shippedPrices,
  withPriceOverrides,
  type PriceOverrides,
  type PriceTable,
} from '../catalog/price-table.ts';

/**
 * The operator's price overrides (docs/decisions/0028-prices-as-data.md): a JSON file, by default
 * `$HEYGATE_HOME/pricing.json` (`HEYGATE_PRICING_FILE` names another, e.g. one shared by several hosts):
 *
 * ```json
 * { "prices": { "hyperframes.render": { "usd": 0.5 } }, "credit_usd": 0.3 }
 * ```
 *
 * `prices` overrides shipped keys (US dollars per the key's unit; `null` = not published, no estimate);
 * `credit_usd` converts credits HeyGen reports into spend. `heygate pricing set|unset` writes it; a gateway
 * re-reads it when it changes, so new prices apply without a restart.
 */

/** The file's shape. Strict: a misspelt key is an error, not a silently ignored price. */
const pricingFileSchema = z.strictObject({
  prices: z.record(z.string(), z.strictObject({ usd: z.number().min(0).nullable() })).optional(),
  credit_usd: z.number().positive().nullable().optional(),
});

/** The file as stored. */
export type PricingFile = z.infer<typeof pricingFileSchema>;

/** Where the operator's prices live: `HEYGATE_PRICING_FILE`, else `pricing.json` in `$HEYGATE_HOME`. */
export function pricingFilePath(env: Readonly<Record<string, string | undefined>>, home: string): string {
  return env['HEYGATE_PRICING_FILE'] || join(home, 'pricing.json');
}

function invalid(path: string, field: string, expected: string, message: string): InvalidInputError {
  return new InvalidInputError('pricing', [{ field, expected, message: `${path}: ${message}` }]);
}

/** Reads and checks the file; a missing file is no overrides. Throws `InvalidInputError` naming the field. */
export function readPricingFile(path: string): PricingFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalid(path, '(root)', 'JSON', 'not valid JSON.');
  }
  const result = pricingFileSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.path.join('.') || '(root)';
    throw invalid(path, field, 'see docs/pricing.md', `\`${field}\`: ${issue.message}`);
  }
  const unknown = Object.keys(result.data.prices ?? {}).filter((key) => !priceKeys.includes(key));
  if (unknown.length > 0) {
    throw invalid(
      path,
      `prices.${unknown[0]}`,
      'a price key of `heygate pricing show`',
      `unknown price key ${unknown.join(', ')} (see heygate pricing show).`,
    );
  }
  return result.data;
}

/** The overrides a file holds. */
export function overridesOf(file: PricingFile): PriceOverrides {
  return {
    ...(file.prices ? { prices: file.prices } : {}),
    ...(file.credit_usd === undefined ? {} : { creditUsd: file.credit_usd }),
  };
}

/** Writes the file atomically (a reader never sees half of it). */
export function writePricingFile(path: string, file: PricingFile): void {
  const checked = pricingFileSchema.parse(file);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(checked, null, 2)}\n`, { mode: 0o644 });
  renameSync(temporary, path);
}

/** Options of {@link createPriceSource}. */
export interface PriceSourceOptions {
  /** The overrides file (see {@link pricingFilePath}). */
  path: string;
  /** How often the file's modification time is looked at, ms (default 1000). */
  checkEveryMs?: number;
  /** Time source (default `Date.now`). */
  now?: () => number;
}

/**
 * The prices in force as a function: the shipped table with the file's overrides. It reads the file once
 * at creation — throwing `InvalidInputError` for a bad file, so a gateway does not start on wrong prices —
 * and again whenever its modification time changes (looked at most once a second). A file broken while
 * running keeps the last good prices in force.
 */
export function createPriceSource(options: PriceSourceOptions): () => PriceTable {
  const { path } = options;
  const checkEveryMs = options.checkEveryMs ?? 1000;
  const now = options.now ?? Date.now;
  const stamp = (): number => {
    try {
      return statSync(path).mtimeMs;
    } catch {
      return -1;
    }
  };
  let loadedStamp = stamp();
  let table = withPriceOverrides(shippedPrices, overridesOf(readPricingFile(path)));
  let checkedAt = now();
  return () => {
    if (now() - checkedAt < checkEveryMs) return table;
    checkedAt = now();
    const current = stamp();
    if (current === loadedStamp) return table;
    try {
      table = withPriceOverrides(shippedPrices, overridesOf(readPricingFile(path)));
      loadedStamp = current;
    } catch {
      // A half-edited or broken file: keep the prices in force; `heygate pricing show` names the problem.
    }
    return table;
  };
}
