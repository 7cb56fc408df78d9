import shipped from './generated/heygen-prices.json' with { type: 'json' };

/**
 * HeyGen's prices as data (docs/decisions/0028-prices-as-data.md). The table ships with heygate, generated
 * from ../shared/heygen-api/pricing.json (`npm run generate:prices`); an operator overrides any key (the
 * gateway reads `$HEYGATE_HOME/pricing.json`, written by `heygate pricing set`). Cost estimates and budgets
 * read prices from here only, never from constants in code.
 */

/** What one `usd` of a price buys. */
export type PriceUnit =
  'second_of_output' | 'second_of_session' | 'second_of_audio' | 'minute_of_output' | 'video' | 'call';

/** One price. */
export interface PriceEntry {
  /** US dollars per `unit`; null when HeyGen publishes no figure (no estimate is made then). */
  usd: number | null;
  unit: PriceUnit;
  /** What it prices, e.g. `Avatar IV, Photo Avatar, 720p/1080p`. */
  label: string;
  /** `heygen` (the shipped table) or `operator` (an override). */
  origin: 'heygen' | 'operator';
  /** Pricing page version (P1 … P4) a shipped price comes from, and its dating. */
  page?: string;
  pageLabel?: string;
  /** Where a shipped price was read. */
  source?: string;
}

/** The prices in force. */
export interface PriceTable {
  readonly prices: Readonly<Record<string, PriceEntry>>;
  /** When the shipped prices were collected (ISO date). */
  readonly collected: string;
  /**
   * US dollars per HeyGen credit, set by the operator for accounts billed in credits (Enterprise, OAuth web
   * plans): converts credits HeyGen reports into spend. Null: reported credits are recorded, not converted,
   * and the USD estimate stands as the spend.
   */
  readonly creditUsd: number | null;
}

/** What an operator may override: a price per key, and the credit rate. */
export interface PriceOverrides {
  prices?: Readonly<Record<string, { usd: number | null }>>;
  creditUsd?: number | null;
}

/** One price as the generated data file stores it (scripts/generate-prices.ts writes it). */
export interface ShippedPriceEntry {
  usd: number | null;
  unit: string;
  /** Pricing page version the price comes from (P1 oldest … P4 newest), and that version's dating. */
  page: string;
  page_label: string;
  /** What the row prices, in HeyGen's words of the feature, variant and resolution. */
  label: string;
  source: string;
}

/** The table as shipped (generated from HeyGen's pricing page). */
export const shippedPrices: PriceTable = Object.freeze({
  collected: shipped.collected,
  creditUsd: null,
  prices: Object.freeze(
    Object.fromEntries(
      Object.entries(shipped.prices as Record<string, ShippedPriceEntry>).map(([key, entry]) => [
        key,
        Object.freeze({
          usd: entry.usd,
          unit: entry.unit as PriceUnit,
          label: entry.label,
          origin: 'heygen' as const,
          page: entry.page,
          pageLabel: entry.page_label,
          source: entry.source,
        }),
      ]),
    ),
  ),
});

/** The keys a price may have (an override of an unknown key is a typo, refused where it is set). */
export const priceKeys: readonly string[] = Object.keys(shippedPrices.prices);

/** `base` with the operator's overrides applied. */
export function withPriceOverrides(base: PriceTable, overrides: PriceOverrides): PriceTable {
  const prices: Record<string, PriceEntry> = { ...base.prices };
  for (const [key, override] of Object.entries(overrides.prices ?? {})) {
    const known = prices[key];
    if (!known) continue;
    prices[key] = { usd: override.usd, unit: known.unit, label: known.label, origin: 'operator' };
  }
  return {
    collected: base.collected,
    creditUsd: overrides.creditUsd === undefined ? base.creditUsd : overrides.creditUsd,
    prices,
  };
}

/** The price of a key in US dollars per its unit, or 0 when unknown (nothing is estimated for it). */
export function priceOf(table: PriceTable, key: string): number {
  const usd = table.prices[key]?.usd;
  return typeof usd === 'number' && Number.isFinite(usd) && usd > 0 ? usd : 0;
}
