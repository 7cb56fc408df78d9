import { afterAll, describe, expect, it } from 'vitest';
import { getTool } from '../../src/catalog/index.ts';
import { shippedPrices } from '../../src/catalog/price-table.ts';
import { BudgetExceededError } from '../../src/gateway/router/index.ts';
import { createRoutingHarness } from './routing-harness.ts';

const harnessForInputs = await createRoutingHarness();
/** The catalog's estimate for a video with this script, in US dollars at the shipped prices. */
const estimateOf = (script?: string): number =>
  getTool('video_create').cost!.estimate!(harnessForInputs.videoInput(script), shippedPrices);
/** The harness's default video: five words, two seconds of Avatar IV. */
const estimate = estimateOf();
/** One-second scripts (one to three words). */
const short = estimateOf('first');

function persona(budgetUsd: number | null, budgetPeriod = 'month') {
  return { id: 'ps_marketing', name: 'marketing', accounts: [], budgetUsd, budgetPeriod };
}

describe('credit budgets', () => {
  afterAll(() => harnessForInputs.close());

  it('refuses a call that would exceed the persona’s budget before anything is sent', async () => {
    const harness = await createRoutingHarness();
    const refused = await harness.call('video_create', harness.videoInput(), { persona: persona(0.1) });
    expect(refused).toMatchObject({ ok: false, outcome: 'denied' });
    if (refused.ok) return;
    expect(refused.error).toBeInstanceOf(BudgetExceededError);
    expect(refused.error.code).toBe('budget_exceeded');
    expect((refused.error as BudgetExceededError).budget).toEqual({
      scope: 'persona',
      name: 'marketing',
      limit: 0.1,
      spent: 0,
      estimate,
      period: 'month',
      periodEnd: '2026-02-01T00:00:00.000Z',
    });
    expect(refused.error.message).toContain('Persona "marketing"');
    expect(refused.error.message).toContain('2026-02-01T00:00:00.000Z');
    expect(harness.emulator.inspect.requests()).toHaveLength(0);
    await harness.close();
  });

  it('books the estimate, refuses the call that would go over, and reports spend', async () => {
    const harness = await createRoutingHarness();
    const budget = persona(0.3);
    expect(estimate).toBeGreaterThan(short);
    expect(
      await harness.call('video_create', harness.videoInput('first'), { persona: budget }),
    ).toMatchObject({ ok: true, costUsd: short });
    expect(await harness.call('video_create', harness.videoInput(), { persona: budget })).toMatchObject({
      ok: true,
      costUsd: estimate,
    });
    const sent = harness.emulator.inspect.requests().length;
    // short + estimate + estimate > 0.3: refused.
    const third = await harness.call(
      'video_create',
      harness.videoInput('Hello again from the routing suite.'),
      { persona: budget },
    );
    expect(third.ok ? '' : third.error.code).toBe('budget_exceeded');
    expect(harness.emulator.inspect.requests()).toHaveLength(sent);
    const [usage] = await harness.router.budgets.usage([
      { scope: 'persona', name: 'marketing', rule: { limit: 0.3, period: 'month' } },
    ]);
    expect(usage).toMatchObject({ reserved: 0, calls: 2, limit: 0.3 });
    expect(usage?.spent).toBeCloseTo(short + estimate, 6);
    expect(usage?.remaining).toBeCloseTo(0.3 - short - estimate, 6);
    // Reads cost nothing and pass even with the budget nearly spent.
    expect(await harness.call('voice_list', {}, { persona: budget })).toMatchObject({ ok: true });
    await harness.close();
  });

  it('does not charge an identical retry twice', async () => {
    const harness = await createRoutingHarness();
    const budget = persona(1);
    await harness.call('video_create', harness.videoInput(), { persona: budget });
    const retry = await harness.call('video_create', harness.videoInput(), { persona: budget });
    expect(retry).toMatchObject({ ok: true, replayed: true, costUsd: 0 });
    const [usage] = await harness.router.budgets.usage([{ scope: 'persona', name: 'marketing' }]);
    expect(usage).toMatchObject({ spent: estimate, calls: 1 });
    await harness.close();
  });

  it('gives the hold back when HeyGen refuses the call', async () => {
    const harness = await createRoutingHarness();
    const budget = persona(1);
    const refused = await harness.call(
      'video_create',
      { ...harness.videoInput(), avatar_id: 'no-such-avatar' },
      { persona: budget, account: 'one' },
    );
    expect(refused.ok).toBe(false);
    const [usage] = await harness.router.budgets.usage([{ scope: 'persona', name: 'marketing' }]);
    expect(usage).toMatchObject({ spent: 0, reserved: 0, calls: 0 });
    await harness.close();
  });

  it('gives every hold back when routing throws (one reservation, released in a finally)', async () => {
    const harness = await createRoutingHarness();
    const tool = getTool('video_create');
    const input = tool.input().parse(harness.videoInput());
    // The transport breaks before anything is sent: persona and account holds were made, nothing was charged.
    const broken = harness.router.route({
      tool,
      input,
      persona: persona(1),
      send: async () => {
        throw new TypeError('transport bug');
      },
    });
    await expect(broken).rejects.toThrow('transport bug');
    const usage = await harness.router.budgets.usage([
      { scope: 'persona', name: 'marketing' },
      { scope: 'account', name: 'one' },
    ]);
    expect(usage).toEqual([
      expect.objectContaining({ spent: 0, reserved: 0 }),
      expect.objectContaining({ spent: 0, reserved: 0 }),
    ]);
    // So the budget is whole for the next call.
    const next = await harness.call('video_create', harness.videoInput(), { persona: persona(estimate) });
    expect(next.ok).toBe(true);
    await harness.close();
  });

  it('keeps the estimate booked while a create’s outcome is unknown', async () => {
    const harness = await createRoutingHarness({
      inject: (request) =>
        request.method === 'POST' && request.path === '/v3/video-agents' && request.sequence === 1
          ? 'timeout-after'
          : request.method === 'GET' && request.path === '/v3/video-agents'
            ? '500'
            : undefined,
    });
    const input = { prompt: 'A short explainer about budgets.' };
    const agentEstimate = getTool('video_agent_create').cost!.estimate!(input, shippedPrices);
    const first = await harness.call('video_agent_create', input, { persona: persona(10) });
    expect(first.ok ? '' : first.error.code).toBe('outcome_unknown');
    const [held] = await harness.router.budgets.usage([{ scope: 'persona', name: 'marketing' }]);
    expect(held).toMatchObject({ spent: agentEstimate, reserved: 0 });
    await harness.close();
  });

  it('never overspends under concurrent creates', async () => {
    const harness = await createRoutingHarness();
    const budget = persona(0.25);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        harness.call('video_create', harness.videoInput(`video ${index}`), { persona: budget }),
      ),
    );
    // Each is a one-second video: three fit in 0.25, the other seven are refused before sending.
    expect(estimateOf('video 0')).toBe(short);
    expect(3 * short).toBeLessThanOrEqual(0.25);
    expect(4 * short).toBeGreaterThan(0.25);
    expect(results.filter((result) => result.ok)).toHaveLength(3);
    expect(results.filter((result) => !result.ok && result.error.code === 'budget_exceeded')).toHaveLength(7);
    expect(harness.renders()).toBe(3);
    await harness.close();
  });

  it('counts spend booked before a budget was set, whatever period the budget uses', async () => {
    const harness = await createRoutingHarness();
    await harness.call('video_create', harness.videoInput(), { account: 'one' });
    // Set afterwards, per week: the earlier video already counts.
    await harness.router.store.setBudget({
      scope: 'account',
      name: 'one',
      limit: estimate * 1.5,
      period: 'week',
    });
    const refused = await harness.call(
      'video_create',
      harness.videoInput('Hello there from the routing suite.'),
      { account: 'one' },
    );
    expect(refused.ok ? undefined : (refused.error as BudgetExceededError).budget).toMatchObject({
      name: 'one',
      spent: estimate,
      period: 'week',
    });
    await harness.close();
  });

  it('moves a portable call off an account whose budget is spent, and names the account when none is left', async () => {
    const harness = await createRoutingHarness();
    expect(estimate).toBeGreaterThan(0.1);
    await harness.router.store.setBudget({ scope: 'account', name: 'one', limit: 0.1, period: 'day' });
    const moved = await harness.call('video_create', harness.videoInput());
    expect(moved).toMatchObject({ ok: true, account: 'two', fallbackFrom: 'one' });
    expect(moved.attempts[0]).toEqual({ account: 'one', outcome: 'skipped', reason: 'budget_exceeded' });
    expect(harness.requests('one')).toBe(0);

    // Two videos of `estimate` exceed 0.2: the second is refused on `two` as well.
    await harness.router.store.setBudget({ scope: 'account', name: 'two', limit: 0.2, period: 'week' });
    const refused = await harness.call(
      'video_create',
      harness.videoInput('Another video from the routing suite.'),
    );
    expect(refused).toMatchObject({ ok: false, outcome: 'denied' });
    expect(refused.ok ? undefined : (refused.error as BudgetExceededError).budget).toMatchObject({
      scope: 'account',
      name: 'two',
      limit: 0.2,
      spent: estimate,
      period: 'week',
    });
    expect(harness.renders()).toBe(1);
    await harness.close();
  });
});
