/**
 * Generates `src/catalog/generated/heygen-prices.json` — HeyGen's self-serve API prices (USD wallet, API-key
 * billing) as data — from `../shared/heygen-api/pricing.json` (relative to the repository root).
 *
 *   npm run generate:prices                       # rewrite the data file (also part of `npm run generate`)
 *   npx node scripts/generate-prices.ts --check   # exit 1 when the committed file is stale
 *
 * pricing.json keeps every row of every stored version of HeyGen's pricing page (P1 oldest … P4 newest).
 * Each row is named here with one or more price keys (the names the catalog's estimators use); for every
 * key the row of the NEWEST page version that states it wins, so a key P4 no longer lists (translation,
 * lipsync, speech, avatar creation, 4K rates) keeps its latest stated price, with that page version recorded
 * beside it. A row this table does not name fails the generator: a new price is looked at, not dropped.
 * Operators override any key with `heygate pricing set` (see docs/decisions/0028-prices-as-data.md).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as prettier from 'prettier';
import type { ShippedPriceEntry } from '../src/catalog/price-table.ts';

/** One self-serve row of pricing.json. */
interface PriceRow {
  operation: string;
  engine_or_feature: string;
  variant: string;
  unit: string;
  usd: number | null;
  resolution: string | null;
  page_version: string;
  source_url: string;
}

interface PricingFile {
  currency: string;
  collected: string;
  page_versions: { id: string; label: string }[];
  self_serve: PriceRow[];
}

/** A rule naming rows: feature and variant exactly, resolution `4k` (a "4K" row) or `hd` (any other). */
interface RowName {
  feature: string;
  variant: string;
  resolution?: 'hd' | '4k';
  keys: string[];
}

const avatarIv = ['photo_avatar', 'digital_twin', 'studio_avatar'].map((kind) => `video.avatar_iv.${kind}`);
const avatarIii = ['photo_avatar', 'digital_twin', 'studio_avatar'].map((kind) => `video.avatar_iii.${kind}`);

/** Every row of pricing.json, named. Avatar IV & V rows (P3) price both engines where P4 lists both. */
const rowNames: RowName[] = [
  { feature: 'Avatar V', variant: 'Digital Twin', keys: ['video.avatar_v.digital_twin'] },
  { feature: 'Avatar IV', variant: 'Photo Avatar', keys: ['video.avatar_iv.photo_avatar'] },
  { feature: 'Avatar IV', variant: 'Digital Twin', keys: ['video.avatar_iv.digital_twin'] },
  { feature: 'Avatar IV', variant: 'Studio Avatar', keys: ['video.avatar_iv.studio_avatar'] },
  {
    feature: 'Avatar IV',
    variant: 'Photo Avatar',
    resolution: '4k',
    keys: ['video.avatar_iv.photo_avatar.4k'],
  },
  {
    feature: 'Avatar IV',
    variant: 'Digital Twin / Studio Avatar',
    keys: ['video.avatar_iv.digital_twin', 'video.avatar_iv.studio_avatar'],
  },
  {
    feature: 'Avatar IV',
    variant: 'Digital Twin / Studio Avatar',
    resolution: '4k',
    keys: ['video.avatar_iv.digital_twin.4k', 'video.avatar_iv.studio_avatar.4k'],
  },
  { feature: 'Avatar IV', variant: 'Public / Digital Twin / Photo Avatar', keys: avatarIv },
  { feature: 'Avatar IV & V', variant: 'Photo Avatar', keys: ['video.avatar_iv.photo_avatar'] },
  {
    feature: 'Avatar IV & V',
    variant: 'Photo Avatar',
    resolution: '4k',
    keys: ['video.avatar_iv.photo_avatar.4k'],
  },
  {
    feature: 'Avatar IV & V',
    variant: 'Digital Twin',
    keys: ['video.avatar_iv.digital_twin', 'video.avatar_v.digital_twin'],
  },
  {
    feature: 'Avatar IV & V',
    variant: 'Digital Twin',
    resolution: '4k',
    keys: ['video.avatar_iv.digital_twin.4k'],
  },
  { feature: 'Avatar IV & V', variant: 'Studio Avatar', keys: ['video.avatar_iv.studio_avatar'] },
  {
    feature: 'Avatar IV & V',
    variant: 'Studio Avatar',
    resolution: '4k',
    keys: ['video.avatar_iv.studio_avatar.4k'],
  },
  { feature: 'Avatar III', variant: 'Digital Twin', keys: ['video.avatar_iii.digital_twin'] },
  { feature: 'Avatar III', variant: 'Studio Avatar', keys: ['video.avatar_iii.studio_avatar'] },
  { feature: 'Avatar III', variant: 'Photo Avatar', keys: ['video.avatar_iii.photo_avatar'] },
  { feature: 'Avatar III', variant: 'Photo / Digital Twin / Studio', keys: avatarIii },
  {
    feature: 'Avatar III',
    variant: 'Photo / Digital Twin / Studio',
    resolution: '4k',
    keys: ['video.avatar_iii.4k'],
  },
  { feature: 'Cinematic Avatar', variant: 'any', keys: ['video.cinematic_avatar'] },
  { feature: 'Avatar Realtime', variant: 'session', keys: ['avatar_realtime.session'] },
  { feature: 'Video Agent', variant: 'Prompt to Video', keys: ['video_agent.video'] },
  { feature: 'HyperFrames', variant: 'render', keys: ['hyperframes.render'] },
  {
    feature: 'Video Translation',
    variant: 'Speed - Audio Only',
    keys: ['video_translation.speed_audio_only'],
  },
  { feature: 'Video Translation', variant: 'Speed - Lip Sync', keys: ['video_translation.speed'] },
  { feature: 'Video Translation', variant: 'Speed Mode', keys: ['video_translation.speed'] },
  { feature: 'Video Translation', variant: 'Precision - Lip Sync', keys: ['video_translation.precision'] },
  { feature: 'Video Translation', variant: 'Precision Mode', keys: ['video_translation.precision'] },
  { feature: 'Video Translation', variant: 'Proofread', keys: ['video_translation.proofread'] },
  { feature: 'Lipsync', variant: 'Speed', keys: ['lipsync.speed'] },
  { feature: 'Lipsync', variant: 'Precision', keys: ['lipsync.precision'] },
  { feature: 'Overdub (now Lipsync)', variant: 'Speed Mode', keys: ['lipsync.speed'] },
  { feature: 'Overdub (now Lipsync)', variant: 'Precision Mode', keys: ['lipsync.precision'] },
  { feature: 'Text-to-Speech', variant: 'Starfish', keys: ['speech.starfish'] },
  { feature: 'Avatar Creation', variant: 'Digital Twin', keys: ['avatar.digital_twin'] },
  { feature: 'Avatar Creation', variant: 'Photo Avatar', keys: ['avatar.photo_avatar'] },
  {
    feature: 'Avatar Creation',
    variant: 'Digital Twin / Photo Avatar',
    keys: ['avatar.digital_twin', 'avatar.photo_avatar'],
  },
];

/** pricing.json units → ours (what one `usd` buys). */
const units: Record<string, string> = {
  per_second_of_output: 'second_of_output',
  per_second_of_session: 'second_of_session',
  per_second_of_audio: 'second_of_audio',
  per_minute_of_output: 'minute_of_output',
  flat_per_video: 'video',
  per_call: 'call',
};

function nameOf(row: PriceRow): RowName {
  const resolution = row.resolution === '4K' ? '4k' : 'hd';
  const named = rowNames.filter(
    (name) =>
      name.feature === row.engine_or_feature &&
      name.variant === row.variant &&
      (name.resolution ?? 'hd') === resolution,
  );
  if (named.length !== 1) {
    throw new Error(
      `${named.length === 0 ? 'No' : 'Several'} price keys for the row ${row.engine_or_feature} | ${row.variant} | ` +
        `${row.resolution} (${row.page_version}): name it in rowNames of scripts/generate-prices.ts`,
    );
  }
  return named[0]!;
}

/** The data file's content: for each key, the newest page version's row. */
export function pricesFromPricingFile(file: PricingFile): Record<string, unknown> {
  const order = file.page_versions.map((version) => version.id);
  const chosen = new Map<string, PriceRow>();
  for (const row of file.self_serve) {
    const unit = units[row.unit];
    if (!unit) throw new Error(`Unknown price unit ${row.unit} (${row.engine_or_feature} ${row.variant})`);
    for (const key of nameOf(row).keys) {
      const current = chosen.get(key);
      const rank = order.indexOf(row.page_version);
      if (rank < 0) throw new Error(`Unknown page version ${row.page_version}`);
      if (!current || rank > order.indexOf(current.page_version)) chosen.set(key, row);
      else if (rank === order.indexOf(current.page_version) && current.usd !== row.usd)
        throw new Error(`${key}: two ${row.page_version} rows with different prices`);
    }
  }
  const unused = rowNames.flatMap((name) => name.keys).filter((key) => !chosen.has(key));
  if (unused.length) throw new Error(`Price keys no row priced: ${[...new Set(unused)].join(', ')}`);
  const prices: Record<string, ShippedPriceEntry> = {};
  for (const key of [...chosen.keys()].sort()) {
    const row = chosen.get(key)!;
    prices[key] = {
      usd: row.usd,
      unit: units[row.unit]!,
      page: row.page_version,
      page_label: file.page_versions.find((version) => version.id === row.page_version)?.label ?? '',
      label: [row.engine_or_feature, row.variant, row.resolution].filter(Boolean).join(', '),
      source: row.source_url,
    };
  }
  return {
    $comment:
      'GENERATED FILE — DO NOT EDIT. Made by scripts/generate-prices.ts from ../shared/heygen-api/pricing.json; ' +
      'regenerate with `npm run generate:prices`. Operators override prices with `heygate pricing set` ' +
      '($HEYGATE_HOME/pricing.json), never here.',
    currency: file.currency,
    collected: /^\d{4}-\d{2}-\d{2}/.exec(file.collected)?.[0] ?? file.collected,
    prices,
  };
}

async function main(): Promise<number> {
  const root = resolve(import.meta.dirname, '..');
  const sourcePath = resolve(root, '../shared/heygen-api/pricing.json');
  const outPath = resolve(root, 'src/catalog/generated/heygen-prices.json');
  if (!existsSync(sourcePath)) {
    process.stderr.write(
      `generate-prices: ${sourcePath} not found (it lives in ../shared next to the repo)\n`,
    );
    return 1;
  }
  const data = pricesFromPricingFile(JSON.parse(readFileSync(sourcePath, 'utf8')) as PricingFile);
  const options = (await prettier.resolveConfig(outPath)) ?? {};
  const text = await prettier.format(JSON.stringify(data), { ...options, filepath: outPath });
  if (process.argv.includes('--check')) {
    const current = existsSync(outPath) ? readFileSync(outPath, 'utf8') : '';
    if (current !== text) {
      process.stderr.write(
        'generate-prices: src/catalog/generated/heygen-prices.json is stale; run npm run generate:prices\n',
      );
      return 1;
    }
    process.stdout.write('generate-prices: up to date\n');
    return 0;
  }
  writeFileSync(outPath, text);
  process.stdout.write(
    `generate-prices: wrote ${Object.keys(data.prices as object).length} prices to ${outPath}\n`,
  );
  return 0;
}

if (import.meta.main) process.exitCode = await main();
