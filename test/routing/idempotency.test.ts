import { describe, expect, it } from 'vitest';
import { getTool } from '../../src/catalog/index.ts';
import type { RouteSend } from '../../src/gateway/router/index.ts';
import { createRoutingHarness, type OutgoingRequest, type RoutingHarness } from './routing-harness.ts';

/** Faults on the first `POST /v3/videos` to account `one` only. */
const onFirstCreate = (fault: string) => (request: OutgoingRequest) =>
  request.account === 'one' &&
  request.method === 'POST' &&
  request.path === '/v3/videos' &&
  request.sequence === 1
    ? fault
    : undefined;

function videoId(result: { ok: boolean; data?: unknown }): string {
  return (result.data as { video_id: string }).video_id;
}

describe('no duplicate paid work', () => {
  it('returns the first job to an identical retry instead of rendering again', async () => {
    const harness = await createRoutingHarness();
    const first = await harness.call('video_create', harness.videoInput());
    const retry = await harness.call('video_create', harness.videoInput());
    expect(first).toMatchObject({ ok: true, account: 'one' });
    expect(retry).toMatchObject({ ok: true, account: 'one', replayed: true, costUsd: 0 });
    expect(videoId(retry as never)).toBe(videoId(first as never));
    // Key order does not matter: the ledger keys canonical arguments.
    const reordered = Object.fromEntries(Object.entries(harness.videoInput()).reverse());
    expect(videoId((await harness.call('video_create', reordered)) as never)).toBe(videoId(first as never));
    expect(harness.renders()).toBe(1);
    await harness.close();
  });

  it('coalesces concurrent identical creates into one render', async () => {
    const harness = await createRoutingHarness();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => harness.call('video_create', harness.videoInput())),
    );
    expect(results.every((result) => result.ok)).toBe(true);
    expect(new Set(results.map((result) => videoId(result as never))).size).toBe(1);
    expect(results.filter((result) => result.ok && result.replayed)).toHaveLength(9);
    expect(harness.renders()).toBe(1);
    await harness.close();
  });

  it('renders again on purpose when the caller passes a new idempotency key', async () => {
    const harness = await createRoutingHarness();
    const first = await harness.call('video_create', harness.videoInput(), { idempotencyKey: 'take-1' });
    const second = await harness.call('video_create', harness.videoInput(), { idempotencyKey: 'take-2' });
    const again = await harness.call('video_create', harness.videoInput(), { idempotencyKey: 'take-2' });
    expect(videoId(second as never)).not.toBe(videoId(first as never));
    expect(videoId(again as never)).toBe(videoId(second as never));
    expect(harness.renders()).toBe(2);
    await harness.close();
  });

  // video_create carries an Idempotency-Key HeyGen honours (May 2026): a lost answer is asked again with it.
  for (const fault of ['500-after', '502-after', 'timeout-after', 'reset-after']) {
    it(`asks again with the same key instead of rendering twice when the answer is lost (${fault})`, async () => {
      const harness = await createRoutingHarness({ inject: onFirstCreate(fault) });
      const result = await harness.call('video_create', harness.videoInput());
      expect(result).toMatchObject({ ok: true, account: 'one' });
      expect(harness.renders()).toBe(1);
      const sent = harness.emulator.inspect.requests({ tool: 'video_create' });
      expect(sent.map((entry) => [entry.processed, entry.replayed])).toEqual([
        [true, false],
        [false, true],
      ]);
      expect(new Set(sent.map((entry) => entry.idempotencyKey)).size).toBe(1);
      // The agent retrying gets the same job.
      const retry = await harness.call('video_create', harness.videoInput());
      expect(videoId(retry as never)).toBe(videoId(result as never));
      expect(harness.renders()).toBe(1);
      await harness.close();
    });
  }

  /** ai_clipping_create has no key HeyGen honours: a lost answer is looked up by its stamped callback_id. */
  const clipInput = { video: { type: 'url', url: 'https://media.example/keynote.mp4' } };
  const onFirstClip = (fault: string) => (request: OutgoingRequest) =>
    request.account === 'one' &&
    request.method === 'POST' &&
    request.path === '/v3/ai-clipping' &&
    request.sequence === 1
      ? fault
      : undefined;
  const clips = (harness: RoutingHarness, account: string) =>
    harness.emulator.inspect
      .requests({ key: harness.keyOf(account), tool: 'ai_clipping_create' })
      .filter((entry) => entry.processed).length;

  for (const fault of ['500-after', '502-after', 'timeout-after', 'reset-after']) {
    it(`finds the job instead of creating it again when the answer is lost (${fault})`, async () => {
      const harness = await createRoutingHarness({ inject: onFirstClip(fault) });
      const result = await harness.call('ai_clipping_create', clipInput);
      expect(result).toMatchObject({ ok: true, account: 'one', reconciled: true });
      expect(result.attempts.map((attempt) => attempt.outcome)).toEqual(['reconciled']);
      expect(clips(harness, 'one')).toBe(1);
      const retry = await harness.call('ai_clipping_create', clipInput);
      expect(retry.ok && retry.data).toEqual(result.ok && result.data);
      expect(clips(harness, 'one') + clips(harness, 'two')).toBe(1);
      await harness.close();
    });
  }

  // Faults before HeyGen processed it: the lookup proves nothing was made, so the create may move on.
  for (const fault of ['500', '503', 'timeout', 'reset', 'malformed', '429']) {
    it(`moves the create to the next account only after proving nothing was made (${fault})`, async () => {
      const harness = await createRoutingHarness({ inject: onFirstClip(fault) });
      const result = await harness.call('ai_clipping_create', clipInput);
      expect(result).toMatchObject({ ok: true, account: 'two', fallbackFrom: 'one' });
      expect(clips(harness, 'one')).toBe(0);
      expect(clips(harness, 'two')).toBe(1);
      await harness.close();
    });
  }

  it('does not leave an identical call waiting when the transport throws an unexpected error', async () => {
    const harness = await createRoutingHarness();
    const tool = getTool('ai_clipping_create');
    const input = tool.input().parse(clipInput);
    let broken = true;
    const send: RouteSend = async (account, routed, routedInput, options) => {
      if (broken && routed.name === 'ai_clipping_create') {
        broken = false;
        throw new TypeError('transport bug');
      }
      return harness.send(account, routed, routedInput, options);
    };
    await expect(harness.router.route({ tool, input, send })).rejects.toThrow('transport bug');
    // The attempt may have been sent, so the retry looks it up first (nothing there), then sends once.
    const retry = await harness.router.route({ tool, input, send });
    expect(retry).toMatchObject({ ok: true, account: 'one' });
    expect(harness.emulator.inspect.requests({ tool: 'ai_clipping_list' })).toHaveLength(1);
    expect(clips(harness, 'one')).toBe(1);
    await harness.close();
  });

  it('re-sends a keyed create the transport lost with the same key, on the same account', async () => {
    const harness = await createRoutingHarness();
    const tool = getTool('video_create');
    const input = tool.input().parse(harness.videoInput());
    let broken = true;
    const send: RouteSend = async (account, routed, routedInput, options) => {
      if (broken && routed.name === 'video_create') {
        broken = false;
        await harness.send(account, routed, routedInput, options);
        throw new TypeError('transport bug after the send');
      }
      return harness.send(account, routed, routedInput, options);
    };
    await expect(harness.router.route({ tool, input, send })).rejects.toThrow('transport bug');
    const retry = await harness.router.route({ tool, input, send });
    expect(retry).toMatchObject({ ok: true, account: 'one' });
    expect(harness.renders()).toBe(1);
    expect(harness.emulator.inspect.requests({ tool: 'video_create' }).at(-1)?.replayed).toBe(true);
    await harness.close();
  });

  it('keeps an unverifiable outcome unknown, sends nothing, and settles it when the agent retries', async () => {
    let listFails = true;
    const harness = await createRoutingHarness({
      inject: (request) => {
        if (request.account !== 'one' || request.path !== '/v3/ai-clipping') return undefined;
        if (request.method === 'POST' && request.sequence === 1) return 'timeout-after';
        return request.method === 'GET' && listFails ? '500' : undefined;
      },
    });
    const first = await harness.call('ai_clipping_create', clipInput);
    expect(first).toMatchObject({ ok: false, outcome: 'error', account: 'one' });
    expect(first.ok ? '' : first.error.code).toBe('outcome_unknown');
    expect(harness.requests('two')).toBe(0);
    expect(clips(harness, 'one')).toBe(1);

    // While the lookup still fails, a retry is not sent either.
    const blocked = await harness.call('ai_clipping_create', clipInput);
    expect(blocked.ok ? '' : blocked.error.code).toBe('outcome_unknown');
    expect(clips(harness, 'one')).toBe(1);

    listFails = false;
    const settled = await harness.call('ai_clipping_create', clipInput);
    expect(settled).toMatchObject({ ok: true, account: 'one', reconciled: true });
    expect(clips(harness, 'one')).toBe(1);
    await harness.close();
  });

  describe('creates HeyGen dedups by Idempotency-Key', () => {
    const input = {
      lipsyncs: [
        {
          video: { type: 'url', url: 'https://media.example/source.mp4' },
          audio: { type: 'url', url: 'https://media.example/voice.mp3' },
        },
      ],
    };
    const keysSent = (harness: RoutingHarness) =>
      harness.emulator.inspect
        .requests({ tool: 'lipsync_batch_create' })
        .map((entry) => entry.idempotencyKey);

    it('uses a different key on another account', async () => {
      const harness = await createRoutingHarness({
        inject: (request) =>
          request.account === 'one' && request.path === '/v3/lipsyncs/batches' ? '429' : undefined,
      });
      const result = await harness.call('lipsync_batch_create', input);
      expect(result).toMatchObject({ ok: true, account: 'two', fallbackFrom: 'one' });
      // The 429's account is re-asked once with the same key (a lying 429 would be replayed), then the create moves.
      const [onOne, recheck, onTwo] = keysSent(harness);
      expect(onOne).toMatch(/^heygate-[0-9a-f]{40}$/);
      expect(recheck).toBe(onOne);
      expect(onTwo).toMatch(/^heygate-[0-9a-f]{40}$/);
      expect(onTwo).not.toBe(onOne);
      await harness.close();
    });

    it('keeps a maybe-processed create on its account and re-sends it there with the same key', async () => {
      let faulty = true;
      const harness = await createRoutingHarness({
        inject: (request) => {
          if (!faulty || request.account !== 'one' || request.path !== '/v3/lipsyncs/batches')
            return undefined;
          // The first send is processed but its answer lost; the client's own retry (same key) meets a 429.
          return request.sequence === 1 ? '500-after' : '429';
        },
      });
      const first = await harness.call('lipsync_batch_create', input);
      expect(first).toMatchObject({ ok: false, outcome: 'rate_limited', account: 'one' });
      expect(harness.requests('two')).toBe(0);
      const blocked = await harness.call('lipsync_batch_create', input);
      expect(blocked).toMatchObject({ ok: false, outcome: 'rate_limited', account: 'one' });
      expect(blocked.ok ? '' : blocked.error.message).toContain(
        'an earlier attempt may have started the job there',
      );

      faulty = false;
      harness.clock.advance(60_000);
      const settled = await harness.call('lipsync_batch_create', input);
      expect(settled).toMatchObject({ ok: true, account: 'one' });
      const keys = keysSent(harness);
      expect(new Set(keys).size).toBe(1);
      expect(harness.requests('two')).toBe(0);
      // HeyGen replayed the first answer: one batch, not two.
      expect(harness.emulator.inspect.requests({ tool: 'lipsync_batch_create' }).at(-1)?.replayed).toBe(true);
      expect(harness.emulator.inspect.account(harness.keyOf('one'))?.batches.size).toBe(1);
      await harness.close();
    });
  });

  describe('Idempotency-Key bound to the request, as HeyGen honours it since May 2026', () => {
    it('sends a different key for a different body, even under the same caller key', async () => {
      const harness = await createRoutingHarness();
      const one = await harness.call('video_create', harness.videoInput('First cut.'), {
        idempotencyKey: 'campaign-7',
      });
      const two = await harness.call('video_create', harness.videoInput('Second cut.'), {
        idempotencyKey: 'campaign-7',
      });
      expect(videoId(two as never)).not.toBe(videoId(one as never));
      const sent = harness.emulator.inspect.requests({ tool: 'video_create' });
      expect(sent.map((entry) => entry.idempotencyKey)).toEqual([
        expect.stringMatching(/^heygate-[0-9a-f]{40}$/),
        expect.stringMatching(/^heygate-[0-9a-f]{40}$/),
      ]);
      expect(sent[1]!.idempotencyKey).not.toBe(sent[0]!.idempotencyKey);
      expect(sent.some((entry) => entry.replayed || entry.idempotencyMismatch)).toBe(false);
      expect(harness.renders()).toBe(2);
      await harness.close();
    });

    /** Two gateway processes (separate ledgers) on one HeyGen account; the first create is slow at HeyGen. */
    async function twoProcesses(slowMs: number) {
      const first = await createRoutingHarness({
        timeoutMs: 600_000,
        inject: (request) =>
          request.method === 'POST' && request.path === '/v3/videos' && request.sequence === 1
            ? `slow=${slowMs}`
            : undefined,
      });
      const second = await createRoutingHarness({
        emulator: first.emulator,
        clock: first.clock,
        timeoutMs: 600_000,
      });
      const running = first.call('video_create', first.videoInput());
      // Let the first request reach HeyGen and start.
      for (let turn = 0; turn < 5; turn += 1) await new Promise((resolve) => setImmediate(resolve));
      expect(first.emulator.inspect.requests({ tool: 'video_create' })).toHaveLength(1);
      return { first, second, running };
    }

    it('waits out 409 request_in_progress and gets the first request’s job', async () => {
      const { first, second, running } = await twoProcesses(5_000);
      const waited = await second.call('video_create', second.videoInput());
      const done = await running;
      expect(waited).toMatchObject({ ok: true, account: 'one' });
      expect(videoId(waited as never)).toBe(videoId(done as never));
      const statuses = first.emulator.inspect.requests({ tool: 'video_create' }).map((entry) => entry.status);
      expect(statuses).toContain(409);
      expect(first.emulator.inspect.requests({ tool: 'video_create' }).at(-1)?.replayed).toBe(true);
      expect(first.renders()).toBe(1);
      await second.close();
      await first.close();
    });

    it('answers request_in_progress when HeyGen stays busy past the wait, then returns the job on retry', async () => {
      const { first, second, running } = await twoProcesses(180_000);
      const busy = await second.call('video_create', second.videoInput());
      expect(busy.ok ? '' : busy.error.code).toBe('request_in_progress');
      expect(busy.ok ? 0 : (busy.error.retryAfterMs ?? 0)).toBeGreaterThan(0);
      first.emulator.clock.advance(180_000);
      const done = await running;
      const retried = await second.call('video_create', second.videoInput());
      expect(videoId(retried as never)).toBe(videoId(done as never));
      expect(first.renders()).toBe(1);
      await second.close();
      await first.close();
    });
  });

  it('makes zero duplicate renders under a random mix of faults, retries and concurrent identical calls', async () => {
    const harness = await createRoutingHarness({
      faults:
        '500-after:0.15@/v3/videos,reset-after:0.1@/v3/videos,502:0.1@/v3/videos,timeout:0.05@/v3/videos,429:0.1@/v3/videos',
      seed: 7,
    });
    const scripts = Array.from(
      { length: 20 },
      (_, index) => `Soak video number ${index + 1} for the routing suite.`,
    );
    const results = await Promise.all(
      scripts.flatMap((script) =>
        [0, 1, 2].map(() => harness.call('video_create', harness.videoInput(script))),
      ),
    );
    // Agents retry whatever failed, once more each.
    const retries = await Promise.all(
      results.map((result, index) =>
        result.ok ? result : harness.call('video_create', harness.videoInput(scripts[Math.floor(index / 3)])),
      ),
    );
    const videos = [...harness.accounts].flatMap((account) =>
      [...(harness.emulator.inspect.account(harness.keyOf(account))?.videos.values() ?? [])].map((video) => ({
        account,
        video,
      })),
    );
    // Every script rendered at most once, on whichever account took it.
    for (const script of scripts)
      expect(videos.filter(({ video }) => video.script === script).length).toBeLessThanOrEqual(1);
    expect(harness.renders()).toBe(videos.length);
    // Every call that succeeded points at the one video of its script.
    for (const [index, result] of retries.entries()) {
      if (!result.ok) continue;
      const match = videos.find(({ video }) => video.id === videoId(result as never));
      expect(match?.video.script).toBe(scripts[Math.floor(index / 3)]);
    }
    expect(retries.filter((result) => result.ok).length).toBeGreaterThan(40);
    await harness.close();
  });
});
