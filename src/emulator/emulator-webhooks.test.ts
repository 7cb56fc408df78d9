import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createHarness } from './emulator-harness.ts';

/**
 * Webhooks: registered endpoints get `{event_type, event_data}` POSTs signed with `Signature` = hex
 * HMAC-SHA256(raw body, endpoint secret); failed deliveries are retried with backoff on the clock. The
 * receiver here is an injected fetch that records what it got (the emulator is the real part under test).
 */

interface Received {
  url: string;
  method: string;
  headers: Headers;
  body: string;
}

function receiver(status: () => number = () => 200) {
  const received: Received[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    received.push({
      url: request.url,
      method: request.method,
      headers: request.headers,
      body: await request.text(),
    });
    return new Response(null, { status: request.method === 'OPTIONS' ? 204 : status() });
  }) as typeof globalThis.fetch;
  return { received, fetch, posts: () => received.filter((entry) => entry.method === 'POST') };
}

describe('webhooks', () => {
  it('delivers avatar_video.success signed with an HMAC an independent receiver can verify', async () => {
    const hook = receiver();
    const harness = createHarness({ renderSeconds: 10, webhookFetch: hook.fetch });
    const { avatarId, voiceId } = harness.emulator.inspect.library();
    const endpoint = await harness.request('POST', '/v3/webhooks/endpoints', {
      json: {
        url: 'https://hooks.example.com/heygen',
        events: ['avatar_video.success', 'avatar_video.fail'],
      },
    });
    const secret = endpoint.body.data.secret as string;
    expect(secret).toMatch(/^whsec_/);
    await harness.emulator.idle();
    expect(hook.received.map((entry) => entry.method)).toEqual(['OPTIONS']);

    const created = await harness.request('POST', '/v3/videos', {
      json: {
        type: 'avatar',
        avatar_id: avatarId,
        voice_id: voiceId,
        script: 'Webhook me.',
        callback_id: 'order-42',
      },
    });
    harness.advance(10_000);
    await harness.emulator.idle();
    const [delivery] = hook.posts();
    expect(delivery?.url).toBe('https://hooks.example.com/heygen');
    const expected = createHmac('sha256', secret)
      .update(delivery?.body ?? '')
      .digest('hex');
    expect(delivery?.headers.get('signature')).toBe(expected);
    expect(delivery?.headers.get('content-type')).toBe('application/json');
    const payload = JSON.parse(delivery?.body ?? '{}');
    expect(payload.event_type).toBe('avatar_video.success');
    expect(payload.event_data).toMatchObject({
      video_id: created.body.data.video_id,
      callback_id: 'order-42',
    });
    expect(payload.event_data.url).toContain(
      `/emulator/files/videos/${created.body.data.video_id}.mp4?Expires=`,
    );

    const events = await harness.request('GET', '/v3/webhooks/events?event_type=avatar_video.success');
    expect(events.body.data).toHaveLength(1);
    expect(events.body.data[0].event_data).toEqual(payload.event_data);
  });

  it('sends avatar_video.fail for a failed render', async () => {
    const hook = receiver();
    const harness = createHarness({ renderSeconds: 1, webhookFetch: hook.fetch });
    const { avatarId, voiceId } = harness.emulator.inspect.library();
    await harness.request('POST', '/v3/webhooks/endpoints', { json: { url: 'http://127.0.0.1:1/hook' } });
    await harness.request('POST', '/v3/videos', {
      json: {
        type: 'avatar',
        avatar_id: avatarId,
        voice_id: voiceId,
        script: 'This one fails #emulator-fail',
      },
    });
    harness.advance(1000);
    await harness.emulator.idle();
    const payload = JSON.parse(hook.posts()[0]?.body ?? '{}');
    expect(payload.event_type).toBe('avatar_video.fail');
    expect(payload.event_data.msg).toContain('simulated');
  });

  it('retries failed deliveries with backoff on the clock, then gives up', async () => {
    let answer = 500;
    const hook = receiver(() => answer);
    const harness = createHarness({ renderSeconds: 1, webhookFetch: hook.fetch });
    await harness.request('POST', '/v3/webhooks/endpoints', {
      json: { url: 'http://127.0.0.1:1/hook', events: ['video_translate.success'] },
    });
    await harness.request('POST', '/v3/video-translations', {
      json: { video: { type: 'url', url: 'https://example.com/a.mp4' }, output_languages: ['Spanish'] },
    });
    harness.advance(1000);
    await harness.emulator.idle();
    expect(hook.posts()).toHaveLength(1);
    harness.advance(29_999);
    await harness.emulator.idle();
    expect(hook.posts()).toHaveLength(1);
    harness.advance(1);
    await harness.emulator.idle();
    expect(hook.posts()).toHaveLength(2);
    answer = 200;
    harness.advance(120_000);
    await harness.emulator.idle();
    expect(hook.posts()).toHaveLength(3);
    const [delivery] = harness.emulator.inspect.webhookDeliveries();
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 3, lastStatus: 200 });
    const bodies = new Set(hook.posts().map((entry) => entry.body));
    expect(bodies.size).toBe(1);

    answer = 503;
    await harness.request('POST', '/v3/video-translations', {
      json: { video: { type: 'url', url: 'https://example.com/b.mp4' }, output_languages: ['French'] },
    });
    harness.advance(1000);
    for (const delay of [30_000, 120_000, 600_000, 3_600_000, 21_600_000, 86_400_000]) {
      await harness.emulator.idle();
      harness.advance(delay);
    }
    await harness.emulator.idle();
    const last = harness.emulator.inspect.webhookDeliveries()[1];
    expect(last).toMatchObject({ status: 'failed', attempts: 6, lastStatus: 503 });
  });

  it('signs with the new secret after rotate-secret', async () => {
    const hook = receiver();
    const harness = createHarness({ renderSeconds: 1, webhookFetch: hook.fetch });
    const { avatarId, voiceId } = harness.emulator.inspect.library();
    const endpoint = await harness.request('POST', '/v3/webhooks/endpoints', {
      json: { url: 'http://127.0.0.1:1/hook' },
    });
    const rotated = await harness.request(
      'POST',
      `/v3/webhooks/endpoints/${endpoint.body.data.endpoint_id}/rotate-secret`,
    );
    const secret = rotated.body.data.secret as string;
    expect(secret).not.toBe(endpoint.body.data.secret);
    await harness.request('POST', '/v3/videos', {
      json: { type: 'avatar', avatar_id: avatarId, voice_id: voiceId, script: 'Rotate.' },
    });
    harness.advance(1000);
    await harness.emulator.idle();
    const delivery = hook.posts()[0];
    expect(delivery?.headers.get('signature')).toBe(
      createHmac('sha256', secret)
        .update(delivery?.body ?? '')
        .digest('hex'),
    );
    expect(delivery?.headers.get('signature')).not.toBe(
      createHmac('sha256', endpoint.body.data.secret)
        .update(delivery?.body ?? '')
        .digest('hex'),
    );
  });

  it('posts per-job callback_url deliveries unsigned, and filters endpoints by event type', async () => {
    const hook = receiver();
    const harness = createHarness({ renderSeconds: 1, webhookFetch: hook.fetch });
    await harness.request('POST', '/v3/webhooks/endpoints', {
      json: { url: 'http://127.0.0.1:1/videos-only', events: ['avatar_video.success'] },
    });
    await harness.request('POST', '/v3/video-translations', {
      json: {
        video: { type: 'url', url: 'https://example.com/a.mp4' },
        output_languages: ['Spanish'],
        callback_url: 'http://127.0.0.1:1/callback',
        callback_id: 'job-7',
      },
    });
    harness.advance(1000);
    await harness.emulator.idle();
    const posts = hook.posts();
    expect(posts.map((entry) => new URL(entry.url).pathname)).toEqual(['/callback']);
    expect(posts[0]?.headers.get('signature')).toBeNull();
    expect(JSON.parse(posts[0]?.body ?? '{}').event_data).toMatchObject({ callback_id: 'job-7' });
  });

  it('delivers batch.finished once every batch item has ended', async () => {
    const hook = receiver();
    const harness = createHarness({ renderSeconds: 1, webhookFetch: hook.fetch });
    await harness.request('POST', '/v3/webhooks/endpoints', {
      json: { url: 'http://127.0.0.1:1/batches', events: ['batch.finished'] },
    });
    const { avatarId, voiceId } = harness.emulator.inspect.library();
    const video = { type: 'avatar', avatar_id: avatarId, voice_id: voiceId, script: 'Batch.' };
    const batch = await harness.request('POST', '/v3/videos/batches', { json: { videos: [video, video] } });
    harness.advance(1000);
    await harness.emulator.idle();
    const payload = JSON.parse(hook.posts()[0]?.body ?? '{}');
    expect(payload).toMatchObject({
      event_type: 'batch.finished',
      event_data: { batch_id: batch.body.data.batch_id, status: 'completed' },
    });
  });

  it('does not send to non-loopback hosts without an injected fetch (offline by default)', async () => {
    const harness = createHarness({ renderSeconds: 1 });
    const { avatarId, voiceId } = harness.emulator.inspect.library();
    await harness.request('POST', '/v3/webhooks/endpoints', { json: { url: 'https://example.com/hook' } });
    await harness.request('POST', '/v3/videos', {
      json: { type: 'avatar', avatar_id: avatarId, voice_id: voiceId, script: 'Offline.' },
    });
    harness.advance(1000);
    await harness.emulator.idle();
    const [delivery] = harness.emulator.inspect.webhookDeliveries();
    expect(delivery).toMatchObject({ status: 'skipped', attempts: 0 });
  });

  it('rejects a non-http URL and unknown endpoints', async () => {
    const harness = createHarness();
    const bad = await harness.request('POST', '/v3/webhooks/endpoints', {
      json: { url: 'ftp://example.com/x' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe('url');
    const missing = await harness.request('POST', `/v3/webhooks/endpoints/${'0'.repeat(32)}/rotate-secret`);
    expect(missing.status).toBe(404);
  });
});
