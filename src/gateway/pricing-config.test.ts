import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../catalog/errors.ts';
import { createPriceSource, pricingFilePath, readPricingFile, writePricingFile } from './pricing-config.ts';

const home = mkdtempSync(join(tmpdir(), 'heygate-pricing-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(home, name);
  writeFileSync(path, text);
  return path;
}

describe('the operator’s pricing file', () => {
  it('lives in $HEYGATE_HOME unless HEYGATE_PRICING_FILE names another', () => {
    expect(pricingFilePath({}, '/srv/heygate')).toBe('/srv/heygate/pricing.json');
    expect(pricingFilePath({ HEYGATE_PRICING_FILE: '/etc/heygate/prices.json' }, '/srv/heygate')).toBe(
      '/etc/heygate/prices.json',
    );
  });

  it('is optional, and refuses what it cannot trust, naming the field', () => {
    expect(readPricingFile(join(home, 'absent.json'))).toEqual({});
    const cases: [string, string][] = [
      ['{ not json', '(root)'],
      ['{"prices": {"lipsync.sped": {"usd": 1}}}', 'prices.lipsync.sped'],
      ['{"prices": {"lipsync.speed": {"usd": -1}}}', 'prices.lipsync.speed.usd'],
      ['{"credit_usd": 0}', 'credit_usd'],
      ['{"price": {}}', '(root)'],
    ];
    for (const [text, field] of cases) {
      const path = write('bad.json', text);
      let error: unknown;
      try {
        readPricingFile(path);
      } catch (caught) {
        error = caught;
      }
      expect(error, text).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).field, text).toBe(field);
    }
  });

  it('is picked up when it changes, and a broken edit keeps the prices in force', () => {
    const path = join(home, 'live.json');
    writePricingFile(path, { prices: { 'lipsync.speed': { usd: 0.04 } } });
    let clock = 0;
    const prices = createPriceSource({ path, now: () => clock });
    expect(prices().prices['lipsync.speed']?.usd).toBe(0.04);

    writePricingFile(path, { prices: { 'lipsync.speed': { usd: 0.05 } }, credit_usd: 0.3 });
    utimesSync(path, new Date(), new Date(Date.now() + 5_000));
    expect(prices().prices['lipsync.speed']?.usd).toBe(0.04); // looked at most once a second
    clock += 1_000;
    expect(prices().prices['lipsync.speed']?.usd).toBe(0.05);
    expect(prices().creditUsd).toBe(0.3);

    writeFileSync(path, '{"prices": ');
    utimesSync(path, new Date(), new Date(Date.now() + 10_000));
    clock += 1_000;
    expect(prices().prices['lipsync.speed']?.usd).toBe(0.05);
  });

  it('stops a gateway from starting on a bad file', () => {
    const path = write('broken.json', '{"prices": {"nope": {"usd": 1}}}');
    expect(() => createPriceSource({ path })).toThrow(/unknown price key nope/);
  });
});
