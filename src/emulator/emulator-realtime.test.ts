import { describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './emulator-harness.ts';

/**
 * Avatar Realtime and HyperFrames as the emulator plays them: session states on the clock, text appends,
 * the 30 s idle and 1 h limits, 3 sessions at once, idempotent cancel, the live word stream; the render
 * lifecycle with its webhooks and callback.
 */

function start(harness: Harness, body: Record<string, unknown>): Promise<string> {
  const library = harness.emulator.inspect.library();
  return harness
    .request('POST', '/v3/avatar-realtime', {
      json: { avatar_id: library.avatarId, voice_id: library.voiceId, ...body },
    })
    .then((response) => {
      expect(response.status, response.text).toBe(201);
      return response.body.data.stream_id as string;
    });
}

async function status(harness: Harness, id: string): Promise<Record<string, unknown>> {
  return (await harness.request('GET', `/v3/avatar-realtime/${id}`)).body.data;
}

function append(harness: Harness, id: string, body: Record<string, unknown>) {
  return harness.request('POST', `/v3/avatar-realtime/${id}/text`, { json: body });
}

describe('emulator: Avatar Realtime', () => {
  it('goes pending → streaming → completed (final_marker) and bills the seconds it streamed', async () => {
    const harness = createHarness();
    const before = harness.emulator.inspect.credits();
    const id = await start(harness, { type: 'text_stream', text: 'Hello' });
    expect(await status(harness, id)).toMatchObject({ status: 'pending', hls_url: null });
    harness.advance(2_000);
    expect(await status(harness, id)).toMatchObject({ status: 'streaming', end_reason: null });
    expect((await append(harness, id, { delta: ' and goodbye', final: true })).status).toBe(202);
    harness.advance(2_000);
    expect(await status(harness, id)).toMatchObject({ status: 'completed', end_reason: 'final_marker' });
    expect(harness.emulator.inspect.credits()).toBeLessThan(before);
  });

  it('closes a text_stream session after 30 s without text, and refuses text after the end with 410', async () => {
    const harness = createHarness();
    const id = await start(harness, { type: 'text_stream', text: 'Hi' });
    harness.advance(2_000 + 20_000);
    expect((await append(harness, id, { delta: 'still here' })).status).toBe(202); // resets the idle timer
    harness.advance(29_000);
    expect((await status(harness, id)).status).toBe('streaming');
    harness.advance(2_000);
    expect(await status(harness, id)).toMatchObject({ status: 'completed', end_reason: 'idle_timeout' });
    const late = await append(harness, id, { delta: 'too late' });
    expect(late.status).toBe(410);
    expect(late.body.error.code).toBe('stream_closed');
  });

  it('answers 410 after final:true, 400 for an empty delta without final, and 400 for non text_stream sessions', async () => {
    const harness = createHarness();
    const id = await start(harness, { type: 'text_stream', text: 'One' });
    const empty = await append(harness, id, { delta: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.param).toBe('delta');
    expect((await append(harness, id, { delta: '', final: true })).status).toBe(202);
    expect((await append(harness, id, { delta: 'more' })).status).toBe(410);
    const tts = await start(harness, { type: 'tts', text: 'Spoken once.' });
    const wrong = await append(harness, tts, { delta: 'x' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.param).toBe('stream_id');
  });

  it('ends any session after one hour (max_duration)', async () => {
    const harness = createHarness();
    const id = await start(harness, { type: 'text_stream', text: 'Start' });
    for (let step = 0; step < 200; step++) {
      harness.advance(20_000);
      if ((await status(harness, id)).status !== 'streaming') break;
      await append(harness, id, { delta: ' word' });
    }
    expect(await status(harness, id)).toMatchObject({ status: 'completed', end_reason: 'max_duration' });
  });

  it('allows 3 sessions at once; a cancel frees a slot; cancel is idempotent', async () => {
    const harness = createHarness();
    const ids = [];
    for (let index = 0; index < 3; index++)
      ids.push(await start(harness, { type: 'text_stream', text: 'x' }));
    const library = harness.emulator.inspect.library();
    const fourth = await harness.request('POST', '/v3/avatar-realtime', {
      json: { type: 'tts', avatar_id: library.avatarId, voice_id: library.voiceId, text: 'Four' },
    });
    expect(fourth.status).toBe(429);
    expect(fourth.headers.get('retry-after')).toBe('30');
    const first = await harness.request('POST', `/v3/avatar-realtime/${ids[0]}/cancel`);
    expect(first.body.data).toEqual({ cancelled: true, stream_id: ids[0] });
    const again = await harness.request('POST', `/v3/avatar-realtime/${ids[0]}/cancel`);
    expect(again.body.data.cancelled).toBe(false);
    expect(await status(harness, ids[0]!)).toMatchObject({ status: 'completed', end_reason: 'cancelled' });
    await start(harness, { type: 'tts', text: 'Now there is room.' });
  });

  it('fails the session on request and answers 404 for unknown avatars and sessions', async () => {
    const harness = createHarness();
    const failed = await start(harness, { type: 'tts', text: 'Break #emulator-fail' });
    harness.advance(2_000);
    expect((await status(harness, failed)).status).toBe('error');
    expect((await status(harness, failed)).error_message).toEqual(expect.any(String));
    const unknown = await harness.request('POST', '/v3/avatar-realtime', {
      json: { type: 'tts', avatar_id: 'no-such-look', voice_id: 'v', text: 'x' },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.param).toBe('avatar_id');
    expect((await harness.request('GET', '/v3/avatar-realtime/nope')).status).toBe(404);
  });

  it('streams words live as the clock passes them, then the end event', async () => {
    const harness = createHarness();
    const id = await start(harness, { type: 'text_stream', text: 'alpha beta gamma delta' });
    harness.advance(2_000);
    const response = await harness.emulator.fetch(`http://emulator.local/v3/avatar-realtime/${id}/words`, {
      headers: { 'x-api-key': 'sandbox-key' },
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    const read = async () => decoder.decode((await reader.read()).value);
    harness.advance(900); // two words spoken
    expect(await read()).toBe(
      `data: ${JSON.stringify({
        words: [
          { word: 'alpha', start: 0, end: 0.4 },
          { word: 'beta', start: 0.4, end: 0.8 },
        ],
      })}\n\n`,
    );
    await append(harness, id, { delta: '', final: true });
    harness.advance(1_000);
    const rest = await read();
    expect(rest).toContain('"gamma"');
    expect(rest).toContain('"delta"');
    expect(rest).toMatch(
      /event: end\ndata: \{"stream_id":"[^"]+","status":"completed","end_reason":"final_marker","word_count":4\}/,
    );
    expect((await reader.read()).done).toBe(true);
  });
});

describe('emulator: HyperFrames renders', () => {
  it('goes queued → rendering → completed, signs the result and tells the callback and the webhook', async () => {
    const deliveries: { url: string; body: string }[] = [];
    const harness = createHarness({
      renderSeconds: 100,
      webhookFetch: async (url, init) => {
        // New endpoints get an OPTIONS probe first; only deliveries carry a body.
        if (init?.method === 'POST') deliveries.push({ url: String(url), body: String(init.body) });
        return new Response('ok');
      },
    });
    await harness.request('POST', '/v3/webhooks/endpoints', {
      json: { url: 'http://127.0.0.1:9/hooks', events: ['hyperframes_video.success'] },
    });
    const created = await harness.request('POST', '/v3/hyperframes/renders', {
      json: {
        project: { type: 'url', url: 'https://example.com/site.zip' },
        callback_id: 'campaign-7',
        callback_url: 'http://127.0.0.1:9/callback',
      },
    });
    expect(created.status).toBe(202);
    const id = created.body.data.render_id as string;
    const read = async () => (await harness.request('GET', `/v3/hyperframes/renders/${id}`)).body.data;
    expect((await read()).status).toBe('queued');
    harness.advance(50_000);
    expect((await read()).status).toBe('rendering');
    harness.advance(60_000);
    expect(await read()).toMatchObject({ status: 'completed', callback_id: 'campaign-7' });
    await harness.emulator.idle();
    const events = deliveries.map(
      (delivery) => JSON.parse(delivery.body) as { event_type: string; event_data: any },
    );
    expect(events.map((event) => event.event_type)).toEqual([
      'hyperframes_video.success',
      'hyperframes_video.success',
    ]);
    expect(events[0]!.event_data).toMatchObject({ render_id: id, callback_id: 'campaign-7' });
    expect(deliveries.map((delivery) => delivery.url).sort()).toEqual([
      'http://127.0.0.1:9/callback',
      'http://127.0.0.1:9/hooks',
    ]);
  });

  it('fails on request, refuses a non-zip inline project and bills 4k at 1.5×', async () => {
    const harness = createHarness({ renderSeconds: 10 });
    const project = { type: 'url', url: 'https://example.com/same.zip' };
    const failed = await harness.request('POST', '/v3/hyperframes/renders', {
      json: { project, title: 'break #emulator-fail' },
    });
    harness.advance(11_000);
    const view = (await harness.request('GET', `/v3/hyperframes/renders/${failed.body.data.render_id}`)).body
      .data;
    expect(view).toMatchObject({ status: 'failed', video_url: null });
    expect(view.failure_message).toEqual(expect.any(String));
    const inline = await harness.request('POST', '/v3/hyperframes/renders', {
      json: { project: { type: 'base64', media_type: 'text/html', data: 'PGgxPg==' } },
    });
    expect(inline.status).toBe(400);
    expect(inline.body.error.param).toBe('project.media_type');

    // Credits per minute of output: 2 at 1080p (assumed), times 1.5 at 4k; same project, same length.
    const spent = () => harness.emulator.inspect.creditsSpent();
    const before = spent();
    const hd = await harness.request('POST', '/v3/hyperframes/renders', { json: { project } });
    const hdCredits = spent() - before;
    await harness.request('POST', '/v3/hyperframes/renders', { json: { project, resolution: '4k' } });
    const fourKCredits = spent() - before - hdCredits;
    harness.advance(11_000);
    const { duration } = (await harness.request('GET', `/v3/hyperframes/renders/${hd.body.data.render_id}`))
      .body.data;
    expect(hdCredits).toBe(Math.max(1, Math.ceil((duration / 60) * 2)));
    expect(fourKCredits).toBe(Math.max(1, Math.ceil((duration / 60) * 3)));
  });
});
