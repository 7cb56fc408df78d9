import { afterEach, describe, expect, it } from 'vitest';
import { createRoutingHarness, type RoutingHarness } from '../routing/routing-harness.ts';

/**
 * Issue 10 item 7: a URL HeyGen will POST events to is `https` (plain `http` only for loopback in sandbox), and a
 * `javascript:` URL is never sent. A job's `callback_url` is such a URL on every create, batch items included.
 */
let harness: RoutingHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('callback URLs of paid creates', () => {
  it.each(['javascript:alert(1)', 'http://hooks.example.com/cb', 'file:///etc/passwd'])(
    'refuses %s before anything reaches HeyGen, naming the field',
    async (url) => {
      harness = await createRoutingHarness();
      const before = harness.emulator.inspect.requests().length;
      const single = await harness.call('video_create', { ...harness.videoInput('Hi.'), callback_url: url });
      const batch = await harness.call('video_batch_create', {
        videos: [{ ...harness.videoInput('Hi.'), callback_url: url }],
      });
      for (const result of [single, batch]) {
        expect(result.ok).toBe(false);
        if (result.ok) continue;
        expect(result.error.code).toBe('invalid_input');
      }
      expect(single.ok ? '' : single.error.message).toContain('callback_url');
      expect(batch.ok ? '' : batch.error.message).toContain('videos.0.callback_url');
      expect(harness.emulator.inspect.requests().length).toBe(before);
    },
  );

  it('sends an https callback URL, on a create and on a batch item', async () => {
    harness = await createRoutingHarness();
    const callback_url = 'https://hooks.example.com/cb';
    const result = await harness.call('video_create', { ...harness.videoInput('Hi.'), callback_url });
    expect(result.ok).toBe(true);
    const batch = await harness.call('video_batch_create', {
      videos: [{ ...harness.videoInput('Hi.'), callback_url }],
    });
    expect(batch.ok).toBe(true);
  });
});
