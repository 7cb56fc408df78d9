import { describe, expect, it } from 'vitest';
import { getTool } from '../../catalog/index.ts';
import { shippedPrices, withPriceOverrides, type PriceTable } from '../../catalog/price-table.ts';
import { createRouter } from './create-router.ts';

/**
 * Credits HeyGen reports (Enterprise and web-plan accounts) become spend only at the rate the operator set
 * (`credit_usd`); without it the USD estimate stands and the credits are passed on as reported. HeyGen's v3
 * answers report none today, so the send reports them here: the router is the unit under test.
 */
describe('reported credits', () => {
  const tool = getTool('avatar_create');
  const input = { type: 'photo', name: 'Me', file: { type: 'url', url: 'https://example.com/me.png' } };

  async function route(prices: PriceTable) {
    const router = createRouter({ accounts: () => ['default'], prices: () => prices });
    const result = await router.route({
      tool,
      input,
      persona: { id: 'ps_1', name: 'designer', accounts: [], budgetUsd: 100 },
      send: async () => ({ data: { avatar_item: { id: 'look' } }, creditsCharged: 10 }),
    });
    const [usage] = await router.budgets.usage([{ scope: 'persona', name: 'designer' }]);
    await router.close();
    return { result, spent: usage?.spent };
  }

  it('converts them at credit_usd', async () => {
    const { result, spent } = await route(withPriceOverrides(shippedPrices, { creditUsd: 0.3 }));
    expect(result).toMatchObject({ ok: true, costUsd: 3, creditsCharged: 10 });
    expect(spent).toBe(3);
  });

  it('keeps the USD estimate without a rate, and never takes credits for dollars', async () => {
    const { result, spent } = await route(shippedPrices);
    expect(result).toMatchObject({ ok: true, costUsd: 1, creditsCharged: 10 });
    expect(spent).toBe(1);
  });
});
