import { describe, expect, it } from 'vitest';
import shipped from './generated/heygen-prices.json' with { type: 'json' };
import { priceKeys, priceOf, shippedPrices, withPriceOverrides } from './price-table.ts';

/**
 * Pins a few of HeyGen's published prices to the shipped data file (generated from pricing.json): a wrong
 * regeneration, or a hand edit of the generated file, changes these and fails here.
 */
describe('shipped HeyGen prices', () => {
  it('carries the date the prices were read and the do-not-edit header', () => {
    expect(shippedPrices.collected).toBe('2026-12-06');
    expect(shipped.$comment).toMatch(/^GENERATED FILE — DO NOT EDIT\..*npm run generate:prices/);
    expect(shipped.currency).toBe('USD');
  });

  it.each([
    ['video.avatar_iv.photo_avatar', 0.05, 'second_of_output', 'P4'],
    ['video.avatar_iv.digital_twin', 0.0667, 'second_of_output', 'P4'],
    ['video.avatar_iii.photo_avatar', 0.0433, 'second_of_output', 'P4'],
    ['video.cinematic_avatar', 7, 'video', 'P4'],
    ['avatar_realtime.session', 0.05, 'second_of_session', 'P4'],
    ['speech.starfish', 0.000667, 'second_of_audio', 'P3'],
    ['video_translation.precision', 0.0667, 'second_of_output', 'P3'],
    ['avatar.digital_twin', 1, 'call', 'P3'],
  ])('%s costs $%s per %s (page %s)', (key, usd, unit, page) => {
    expect(shippedPrices.prices[key]).toMatchObject({ usd, unit, page, origin: 'heygen' });
    expect(priceOf(shippedPrices, key)).toBe(usd);
  });

  it('knows HyperFrames exists but has no published rate (nothing is estimated until an operator sets one)', () => {
    expect(shippedPrices.prices['hyperframes.render']).toMatchObject({ usd: null, unit: 'minute_of_output' });
    expect(priceOf(shippedPrices, 'hyperframes.render')).toBe(0);
  });

  it('applies operator overrides over the shipped table, ignoring unknown keys, and sets the credit rate', () => {
    expect(priceKeys).toContain('lipsync.speed');
    const table = withPriceOverrides(shippedPrices, {
      prices: { 'lipsync.speed': { usd: 0.04 }, 'no.such.key': { usd: 9 } },
      creditUsd: 0.3,
    });
    expect(table.prices['lipsync.speed']).toMatchObject({
      usd: 0.04,
      origin: 'operator',
      unit: 'second_of_output',
    });
    expect(table.prices['no.such.key']).toBeUndefined();
    expect(table.creditUsd).toBe(0.3);
    expect(shippedPrices.prices['lipsync.speed']?.usd).toBe(0.0333);
    expect(shippedPrices.creditUsd).toBeNull();
  });
});
