import type { Command } from 'commander';
import { InvalidInputError } from '../../../catalog/errors.ts';
import type { PriceTable } from '../../../catalog/price-table.ts';
import type { CliRuntime } from '../cli-runtime.ts';
import { table } from './with-gateway.ts';

/** The key that sets the credit rate instead of a price. */
const creditRateKey = 'credit_usd';

/** One row of `pricing show --json`. */
interface PriceRow {
  key: string;
  usd: number | null;
  unit: string;
  origin: 'heygen' | 'operator';
  /** Pricing page version of a shipped price (P1 … P4). */
  page: string | null;
  label: string;
}

/** Where the prices come from and which are in force. */
async function load(runtime: CliRuntime) {
  const { resolveHeygateHome } = await import('../../../gateway/heygate-home.ts');
  const config = await import('../../../gateway/pricing-config.ts');
  const prices = await import('../../../catalog/price-table.ts');
  const path = config.pricingFilePath(runtime.env, resolveHeygateHome(runtime.env));
  const file = config.readPricingFile(path);
  const table = prices.withPriceOverrides(prices.shippedPrices, config.overridesOf(file));
  return { path, file, table, config, prices };
}

function rowsOf(prices: PriceTable): PriceRow[] {
  return Object.entries(prices.prices).map(([key, entry]) => ({
    key,
    usd: entry.usd,
    unit: entry.unit,
    origin: entry.origin,
    page: entry.page ?? null,
    label: entry.label,
  }));
}

/** `$0.0667` or `unpublished`. */
function usd(value: number | null): string {
  return value === null ? 'unpublished' : `$${value}`;
}

/** Parses an amount in US dollars (`0.5`, `$0.5`) or `none` (HeyGen publishes no price). */
function parseAmount(text: string, field: string): number | null {
  if (text === 'none') return null;
  const value = Number(text.replace(/^\$/, ''));
  if (text.trim() === '' || !Number.isFinite(value) || value < 0) {
    throw new InvalidInputError('cli', [
      {
        field,
        expected: 'US dollars ≥ 0, or none',
        message: `${field} must be an amount in US dollars ≥ 0 or "none" (got "${text}").`,
      },
    ]);
  }
  return value;
}

/**
 * `heygate pricing show|set|unset|estimate`: the prices heygate estimates and budgets with — HeyGen's, shipped
 * as data (generated from its pricing page, with the date it was read), and the operator's overrides in
 * `$HEYGATE_HOME/pricing.json` (or `HEYGATE_PRICING_FILE`), which a running gateway picks up by itself.
 */
export function registerPricingCommand(program: Command, runtime: CliRuntime): void {
  const pricing = program
    .command('pricing')
    .description('HeyGen prices (US dollars) used for estimates and budgets, and your overrides');

  pricing
    .command('show')
    .description('list every price in force, where it comes from, and the credit rate')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const { path, table: prices } = await load(runtime);
      const rows = rowsOf(prices);
      if (options.json) {
        const data = { collected: prices.collected, file: path, credit_usd: prices.creditUsd, prices: rows };
        runtime.stdout(`${JSON.stringify(data, null, 2)}\n`);
        return;
      }
      runtime.stdout(
        table([
          ['KEY', 'USD', 'PER', 'FROM', 'WHAT'],
          ...rows.map((row) => [
            row.key,
            usd(row.usd),
            row.unit,
            row.origin === 'operator' ? 'operator' : `heygen ${row.page ?? ''}`.trim(),
            row.label,
          ]),
        ]),
      );
      runtime.stdout(
        `HeyGen prices read ${prices.collected}; overrides in ${path}; ` +
          `credit_usd ${prices.creditUsd === null ? 'unset (reported credits are not converted)' : `$${prices.creditUsd}`}\n`,
      );
    });

  pricing
    .command('set')
    .description(
      `override a price (US dollars per its unit, or none); key ${creditRateKey} sets USD per credit`,
    )
    .argument('<key>', `a key of \`heygate pricing show\`, or ${creditRateKey}`)
    .argument('<usd>', 'amount in US dollars, or none')
    .action(async (key: string, amount: string) => {
      const { path, file, config, prices } = await load(runtime);
      const value = parseAmount(amount, '<usd>');
      if (key === creditRateKey) {
        if (value === 0) {
          // A credit worth nothing would book real spend as free.
          throw new InvalidInputError('cli', [
            {
              field: '<usd>',
              expected: 'more than 0, or none',
              message: `${creditRateKey} must be more than 0.`,
            },
          ]);
        }
        config.writePricingFile(path, { ...file, credit_usd: value });
        runtime.stdout(`${creditRateKey}: ${usd(value)} per HeyGen credit (in ${path})\n`);
        return;
      }
      const entry = prices.shippedPrices.prices[key];
      if (!entry) {
        throw new InvalidInputError('cli', [
          {
            field: '<key>',
            expected: 'a key of `heygate pricing show`',
            message: `No price key "${key}" (see heygate pricing show).`,
          },
        ]);
      }
      config.writePricingFile(path, { ...file, prices: { ...file.prices, [key]: { usd: value } } });
      runtime.stdout(`${key}: ${usd(value)} per ${entry.unit} (HeyGen: ${usd(entry.usd)}; in ${path})\n`);
    });

  pricing
    .command('unset')
    .description("drop an override: HeyGen's shipped price applies again")
    .argument('<key>', `a key of \`heygate pricing show\`, or ${creditRateKey}`)
    .action(async (key: string) => {
      const { path, file, config } = await load(runtime);
      if (key === creditRateKey) {
        const { credit_usd: _dropped, ...rest } = file;
        config.writePricingFile(path, rest);
      } else {
        const { [key]: _dropped, ...prices } = file.prices ?? {};
        config.writePricingFile(path, { ...file, prices });
      }
      runtime.stdout(`${key}: shipped price in force\n`);
    });

  pricing
    .command('estimate')
    .description('what a call would cost with the prices in force, before making it')
    .argument('<tool>', 'tool name')
    .option('--json <input>', 'the tool input as JSON', '{}')
    .action(async (name: string, options: { json: string }) => {
      const { table: prices } = await load(runtime);
      const { getTool } = await import('../../../catalog/index.ts');
      const { parseInput } = await import('../../../catalog/validate.ts');
      const { estimateCostUsd } = await import('../../../catalog/estimate-cost.ts');
      const tool = getTool(name);
      let raw: unknown;
      try {
        raw = JSON.parse(options.json);
      } catch {
        throw new InvalidInputError(name, [
          { field: '--json', expected: 'JSON', message: '--json must be the tool input as JSON.' },
        ]);
      }
      const input = parseInput(tool, raw);
      const estimate = {
        tool: tool.name,
        cost_usd: estimateCostUsd(tool, input, prices),
        note: tool.cost?.note ?? null,
      };
      runtime.stdout(`${JSON.stringify(estimate, null, 2)}\n`);
    });
}
