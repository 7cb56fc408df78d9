import { describe, expect, it } from 'vitest';
import { createRoutingHarness } from './routing-harness.ts';

describe('rate-limit routing across two emulator accounts', () => {
  it('spills a sequential burst of portable calls above one account’s limit to the second, with zero failures', async () => {
    const harness = await createRoutingHarness({ rateLimit: { requestsPerMinute: 10 } });
    const results = [];
    for (let index = 0; index < 18; index += 1) results.push(await harness.call('voice_list', { limit: 5 }));
    expect(results.filter((result) => !result.ok)).toEqual([]);
    const onTwo = results.filter((result) => result.ok && result.account === 'two');
    expect(results.filter((result) => result.ok && result.account === 'one')).toHaveLength(10);
    expect(onTwo).toHaveLength(8);
    for (const result of onTwo) expect(result.fallbackFrom).toBe('one');
    // One 429 taught the router: after it, calls skipped the cooling account without sending to it
    // (10 accepted requests plus the one that was refused).
    expect(harness.requests('one')).toBe(11);
    expect(results[10]?.attempts.map((attempt) => attempt.outcome)).toEqual(['rate_limited', 'ok']);
    expect(results[11]?.attempts).toEqual([
      { account: 'one', outcome: 'skipped', reason: 'cooling_down', retryAfterMs: expect.any(Number) },
      { account: 'two', outcome: 'ok' },
    ]);
    await harness.close();
  });

  it('spills a concurrent burst the same way', async () => {
    const harness = await createRoutingHarness({ rateLimit: { requestsPerMinute: 10 } });
    const results = await Promise.all(
      Array.from({ length: 16 }, () => harness.call('avatar_list', { limit: 5 })),
    );
    expect(results.every((result) => result.ok)).toBe(true);
    expect(results.filter((result) => result.account === 'one')).toHaveLength(10);
    expect(
      results.filter((result) => result.account === 'two' && result.fallbackFrom === 'one'),
    ).toHaveLength(6);
    await harness.close();
  });

  it('with one account the same burst ends in structured rate_limited results (the no-fallback baseline)', async () => {
    const harness = await createRoutingHarness({ accounts: ['one'], rateLimit: { requestsPerMinute: 10 } });
    const results = [];
    for (let index = 0; index < 12; index += 1) results.push(await harness.call('voice_list', { limit: 5 }));
    const failures = results.filter((result) => !result.ok);
    expect(failures).toHaveLength(2);
    for (const failure of failures) {
      if (failure.ok) continue;
      expect(failure.outcome).toBe('rate_limited');
      expect(failure.account).toBe('one');
      expect(failure.error.code).toBe('rate_limited');
      expect(failure.error.retryAfterMs).toBeGreaterThan(0);
    }
    await harness.close();
  });

  it('never moves a call that holds account-scoped ids: it answers rate_limited, or waits within the caller’s budget', async () => {
    const harness = await createRoutingHarness({ rateLimit: { requestsPerMinute: 3 } });
    const created = await harness.call('video_create', harness.videoInput(), { account: 'one' });
    expect(created.ok && created.account).toBe('one');
    const videoId = created.ok ? (created.data as { video_id: string }).video_id : '';
    expect(await harness.call('video_get', { video_id: videoId })).toMatchObject({
      ok: true,
      account: 'one',
    });
    expect(await harness.call('video_get', { video_id: videoId })).toMatchObject({
      ok: true,
      account: 'one',
    });

    const limited = await harness.call('video_get', { video_id: videoId });
    expect(limited).toMatchObject({ ok: false, outcome: 'rate_limited', account: 'one' });
    expect(limited.ok ? undefined : limited.error.retryAfterMs).toBeGreaterThan(0);
    expect(limited.fallbackFrom).toBeUndefined();
    expect(harness.requests('two')).toBe(0);

    // While it cools down, the next call is answered without a request to HeyGen.
    const sentBefore = harness.requests('one');
    const again = await harness.call('video_get', { video_id: videoId });
    expect(again).toMatchObject({ ok: false, outcome: 'rate_limited', account: 'one' });
    expect(again.attempts).toEqual([
      { account: 'one', outcome: 'skipped', reason: 'cooling_down', retryAfterMs: expect.any(Number) },
    ]);
    expect(harness.requests('one')).toBe(sentBefore);

    // With a wait budget longer than the cooldown, the call waits (on the emulator clock) and succeeds there.
    const waited = await harness.call('video_get', { video_id: videoId }, { maxWaitMs: 120_000 });
    expect(waited).toMatchObject({ ok: true, account: 'one' });
    expect(harness.requests('two')).toBe(0);
    await harness.close();
  });

  it('stays on a named account even when the call is portable', async () => {
    const harness = await createRoutingHarness({ rateLimit: { requestsPerMinute: 1 } });
    expect(await harness.call('voice_list', {}, { account: 'two' })).toMatchObject({
      ok: true,
      account: 'two',
    });
    const limited = await harness.call('voice_list', {}, { account: 'two' });
    expect(limited).toMatchObject({ ok: false, outcome: 'rate_limited', account: 'two' });
    expect(harness.requests('one')).toBe(0);
    await harness.close();
  });

  it('follows the persona’s routing order and never uses accounts outside it', async () => {
    const harness = await createRoutingHarness({
      accounts: ['one', 'two', 'three'],
      rateLimit: { requestsPerMinute: 1 },
    });
    const persona = { id: 'ps_1', name: 'agent', accounts: ['three', 'one'] };
    expect(await harness.call('voice_list', {}, { persona })).toMatchObject({ ok: true, account: 'three' });
    expect(await harness.call('voice_list', {}, { persona })).toMatchObject({
      ok: true,
      account: 'one',
      fallbackFrom: 'three',
    });
    expect(await harness.call('voice_list', {}, { persona })).toMatchObject({
      ok: false,
      outcome: 'rate_limited',
    });
    expect(harness.requests('two')).toBe(0);
    await harness.close();
  });

  it('cools down only the operation class that got the 429: reads on the account keep working', async () => {
    const harness = await createRoutingHarness({ rateLimit: { concurrentJobs: 1 } });
    const first = await harness.call('video_create', harness.videoInput('first video'), { account: 'one' });
    expect(first.ok).toBe(true);
    const second = await harness.call('video_create', harness.videoInput('second video'), { account: 'one' });
    expect(second).toMatchObject({ ok: false, outcome: 'rate_limited', account: 'one' });
    const videoId = first.ok ? (first.data as { video_id: string }).video_id : '';
    const read = await harness.call('video_get', { video_id: videoId });
    expect(read).toMatchObject({ ok: true, account: 'one' });
    expect(read.attempts).toEqual([{ account: 'one', outcome: 'ok' }]);
    const status = await harness.router.health.status();
    expect(status).toEqual([
      expect.objectContaining({ account: 'one', operationClass: 'render', condition: 'cooling_down' }),
    ]);
    // A portable create moves to the other account while renders on `one` cool down.
    const moved = await harness.call('video_create', harness.videoInput('third video'));
    expect(moved).toMatchObject({ ok: true, account: 'two', fallbackFrom: 'one' });
    await harness.close();
  });

  it('opens the circuit after repeated 5xx, stops sending to the account, and closes it after a good probe', async () => {
    let failing = true;
    const harness = await createRoutingHarness({
      inject: (request) =>
        failing && request.account === 'one' && request.path === '/v3/voices' ? '500' : undefined,
    });
    for (let index = 0; index < 5; index += 1) {
      expect(await harness.call('voice_list', {})).toMatchObject({
        ok: true,
        account: 'two',
        fallbackFrom: 'one',
      });
    }
    const [circuit] = await harness.router.health.status();
    expect(circuit).toMatchObject({ account: 'one', operationClass: 'read', condition: 'circuit_open' });
    const skipped = await harness.call('voice_list', {});
    expect(skipped).toMatchObject({ ok: true, account: 'two' });
    expect(skipped.attempts[0]).toMatchObject({ account: 'one', outcome: 'skipped', reason: 'circuit_open' });

    failing = false;
    harness.clock.advance(30_000);
    const probe = await harness.call('voice_list', {});
    expect(probe).toMatchObject({ ok: true, account: 'one' });
    expect((await harness.router.health.status())[0]).toMatchObject({ condition: 'ok' });
    await harness.close();
  });

  it('moves to another account when this one is out of credits (402)', async () => {
    const harness = await createRoutingHarness();
    harness.emulator.setCredits(harness.keyOf('one'), 0);
    const created = await harness.call('video_create', harness.videoInput());
    expect(created).toMatchObject({ ok: true, account: 'two', fallbackFrom: 'one' });
    expect(created.attempts[0]).toMatchObject({ account: 'one', outcome: 'rejected', reason: 'http_402' });
    expect(harness.renders('one')).toBe(0);
    expect(harness.renders('two')).toBe(1);
    await harness.close();
  });
});
