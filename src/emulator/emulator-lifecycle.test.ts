import { describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './emulator-harness.ts';
import { buildPng } from './media-files.ts';

/**
 * Job lifecycles on the manual clock: each kind moves through HeyGen's statuses for its resource as emulator
 * time passes (renderSeconds = 100 here, so 1 s of emulator time is 1 % of a job).
 */

const renderMs = 100_000;

async function statusesOver(
  harness: Harness,
  path: string,
  read: (body: any) => unknown,
  steps: number[],
): Promise<unknown[]> {
  const seen: unknown[] = [];
  for (const step of steps) {
    harness.advance(step);
    const response = await harness.request('GET', path);
    expect(response.status, response.text).toBe(200);
    seen.push(read(response.body));
  }
  return seen;
}

describe('job lifecycles', () => {
  it('video: pending → processing → completed, with URLs only when completed', async () => {
    const harness = createHarness({ renderSeconds: renderMs / 1000 });
    const { avatarId, voiceId } = harness.emulator.inspect.library();
    const created = await harness.request('POST', '/v3/videos', {
      json: { type: 'avatar', avatar_id: avatarId, voice_id: voiceId, script: 'Lifecycle test.' },
    });
    expect(created.body.data.status).toBe('pending');
    const id = created.body.data.video_id;
    const statuses = await statusesOver(
      harness,
      `/v3/videos/${id}`,
      (body) => body.data.status,
      [0, 20_000, 20_000, 59_999, 1],
    );
    expect(statuses).toEqual(['pending', 'pending', 'processing', 'processing', 'completed']);
    const done = (await harness.request('GET', `/v3/videos/${id}`)).body.data;
    expect(done.video_url).toMatch(/^http:\/\/emulator\.local\/emulator\/files\/videos\//);
    expect(done.duration).toBeGreaterThan(0);
    expect(done.completed_at - done.created_at).toBe(renderMs / 1000);
  });

  it('video failure: failed with failure_code and failure_message, deterministic by seed', async () => {
    const run = async () => {
      const harness = createHarness({ renderSeconds: 1, failureRate: 0.5, seed: 'fixed' });
      const { avatarId, voiceId } = harness.emulator.inspect.library();
      const ids: string[] = [];
      for (let index = 0; index < 8; index++) {
        const created = await harness.request('POST', '/v3/videos', {
          json: { type: 'avatar', avatar_id: avatarId, voice_id: voiceId, script: `Video ${index}` },
        });
        ids.push(created.body.data.video_id);
        harness.advance(1000);
      }
      const results = [];
      for (const id of ids) results.push((await harness.request('GET', `/v3/videos/${id}`)).body.data);
      return results;
    };
    const first = await run();
    const second = await run();
    expect(first.map((video) => video.status)).toEqual(second.map((video) => video.status));
    const failed = first.filter((video) => video.status === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.length).toBeLessThan(8);
    expect(failed[0]).toMatchObject({ failure_code: 'internal_error', video_url: null });
    expect(failed[0].failure_message).toContain('simulated');
  });

  it('video batch: items queue behind the concurrency limit, then complete', async () => {
    const harness = createHarness({ renderSeconds: 10, rateLimit: { concurrentJobs: 2 } });
    const { avatarId, voiceId } = harness.emulator.inspect.library();
    const video = { type: 'avatar', avatar_id: avatarId, voice_id: voiceId, script: 'Batch item.' };
    const created = await harness.request('POST', '/v3/videos/batches', {
      json: { videos: [video, video, video] },
    });
    expect(created.status).toBe(202);
    const path = `/v3/videos/batches/${created.body.data.batch_id}`;
    const counts = await statusesOver(
      harness,
      path,
      (body) => [body.data.status, body.data.counts_by_status],
      [1000, 10_000, 10_000],
    );
    expect(counts).toEqual([
      ['processing', { queued: 1, processing: 2, completed: 0, failed: 0 }],
      ['processing', { queued: 0, processing: 1, completed: 2, failed: 0 }],
      ['completed', { queued: 0, processing: 0, completed: 3, failed: 0 }],
    ]);
  });

  it('translation: pending → running → completed (v3 statuses), one per output language', async () => {
    const harness = createHarness({ renderSeconds: renderMs / 1000 });
    const created = await harness.request('POST', '/v3/video-translations', {
      json: { video: { type: 'url', url: 'https://example.com/a.mp4' }, output_languages: ['Spanish', 'de'] },
    });
    expect(created.body.data.video_translation_ids).toHaveLength(2);
    const id = created.body.data.video_translation_ids[0];
    const statuses = await statusesOver(
      harness,
      `/v3/video-translations/${id}`,
      (body) => body.data.status,
      [0, 30_000, 70_000],
    );
    expect(statuses).toEqual(['pending', 'running', 'completed']);
  });

  it('lipsync: pending → running → completed', async () => {
    const harness = createHarness({ renderSeconds: renderMs / 1000 });
    const created = await harness.request('POST', '/v3/lipsyncs', {
      json: {
        video: { type: 'url', url: 'https://example.com/v.mp4' },
        audio: { type: 'url', url: 'https://example.com/a.mp3' },
        enable_caption: true,
      },
    });
    const statuses = await statusesOver(
      harness,
      `/v3/lipsyncs/${created.body.data.lipsync_id}`,
      (body) => body.data.status,
      [0, 50_000, 50_000],
    );
    expect(statuses).toEqual(['pending', 'running', 'completed']);
    const done = (await harness.request('GET', `/v3/lipsyncs/${created.body.data.lipsync_id}`)).body.data;
    expect(done.caption_url).toContain('.srt');
  });

  it('photo avatar: processing → completed, then usable as avatar_id', async () => {
    const harness = createHarness({ renderSeconds: 10 });
    const created = await harness.request('POST', '/v3/avatars', {
      json: { type: 'prompt', name: 'Teacher', prompt: 'A friendly teacher in a classroom' },
    });
    const look = created.body.data.avatar_item.id;
    const { voiceId } = harness.emulator.inspect.library();
    const early = await harness.request('POST', '/v3/videos', {
      json: { type: 'avatar', avatar_id: look, voice_id: voiceId, script: 'Hi' },
    });
    expect(early.status).toBe(400);
    expect(early.body.error.param).toBe('avatar_id');
    const statuses = await statusesOver(
      harness,
      `/v3/avatars/looks/${look}`,
      (body) => body.data.status,
      [0, 10_000],
    );
    expect(statuses).toEqual(['processing', 'completed']);
    const video = await harness.request('POST', '/v3/videos', {
      json: { type: 'avatar', avatar_id: look, voice_id: voiceId, script: 'Hi' },
    });
    expect(video.status).toBe(200);
  });

  it('digital twin: pending_consent until consent, then processing → completed', async () => {
    const harness = createHarness({ renderSeconds: 10 });
    const created = await harness.request('POST', '/v3/avatars', {
      json: {
        type: 'digital_twin',
        name: 'Me',
        file: { type: 'url', url: 'https://example.com/footage.mp4' },
      },
    });
    const group = created.body.data.avatar_group.id;
    harness.advance(60_000);
    expect((await harness.request('GET', `/v3/avatars/${group}`)).body.data).toMatchObject({
      status: 'pending_consent',
      consent_status: 'pending',
    });
    const consent = await harness.request('POST', `/v3/avatars/${group}/consent`, { json: {} });
    expect(consent.body.data.url).toMatch(/\/emulator\/consent\//);
    const page = await harness.emulator.fetch(consent.body.data.url);
    expect(page.status).toBe(200);
    const statuses = await statusesOver(
      harness,
      `/v3/avatars/${group}`,
      (body) => body.data.status,
      [0, 10_000],
    );
    expect(statuses).toEqual(['processing', 'completed']);
  });

  it('voice clone: processing → complete', async () => {
    const harness = createHarness({ renderSeconds: 10 });
    const created = await harness.request('POST', '/v3/voices/clone', {
      json: { voice_name: 'Narrator', audio: { type: 'url', url: 'https://example.com/sample.mp3' } },
    });
    const id = created.body.data.voice_clone_id;
    const statuses = await statusesOver(harness, `/v3/voices/${id}`, (body) => body.data.status, [0, 10_000]);
    expect(statuses).toEqual(['processing', 'complete']);
    const listed = await harness.request('GET', '/v3/voices?type=private');
    expect(listed.body.data.map((voice: { voice_id: string }) => voice.voice_id)).toContain(id);
  });

  it('proofread: processing → completed, then generate starts a translation', async () => {
    const harness = createHarness({ renderSeconds: 10 });
    const created = await harness.request('POST', '/v3/video-translations/proofreads', {
      json: {
        video: { type: 'url', url: 'https://example.com/a.mp4' },
        output_languages: ['French'],
        title: 'Review',
      },
    });
    const id = created.body.data.proofread_ids[0];
    const early = await harness.request('POST', `/v3/video-translations/proofreads/${id}/generate`, {
      json: {},
    });
    expect(early.status).toBe(400);
    const statuses = await statusesOver(
      harness,
      `/v3/video-translations/proofreads/${id}`,
      (body) => body.data.status,
      [0, 10_000],
    );
    expect(statuses).toEqual(['processing', 'completed']);
    const srt = (await harness.request('GET', `/v3/video-translations/proofreads/${id}/srt`)).body.data;
    const file = await harness.emulator.fetch(srt.srt_url);
    expect(await file.text()).toMatch(/^1\n00:00:00,000 --> 00:00:03,000\n/);
    const generated = await harness.request('POST', `/v3/video-translations/proofreads/${id}/generate`, {
      json: {},
    });
    const translation = generated.body.data.video_translation_id;
    harness.advance(10_000);
    expect((await harness.request('GET', `/v3/video-translations/${translation}`)).body.data.status).toBe(
      'completed',
    );
  });

  it('AI clipping: pending → running → completed with clips', async () => {
    const harness = createHarness({ renderSeconds: renderMs / 1000 });
    const created = await harness.request('POST', '/v3/ai-clipping', {
      json: {
        video: { type: 'url', url: 'https://example.com/long.mp4' },
        output_settings: { duration_types: ['30', '60'] },
      },
    });
    const id = created.body.data.id;
    const seen = await statusesOver(
      harness,
      `/v3/ai-clipping/${id}`,
      (body) => [body.data.status, body.data.clips.length],
      [0, 50_000, 50_000],
    );
    expect(seen).toEqual([
      ['pending', 0],
      ['running', 0],
      ['completed', 2],
    ]);
  });

  it('background removal: pending → processing → completed with layer URLs', async () => {
    const harness = createHarness({ renderSeconds: 10 });
    harness.advance(1);
    const created = await harness.request('POST', '/v3/background-removals', {
      json: { video: { type: 'url', url: 'https://example.com/person.mp4' } },
    });
    const id = created.body.data.id;
    const seen = await statusesOver(
      harness,
      `/v3/background-removals/${id}`,
      (body) => body.data.status,
      [1000, 9000],
    );
    expect(seen).toEqual(['processing', 'completed']);
    const done = (await harness.request('GET', `/v3/background-removals/${id}`)).body.data;
    expect(Object.keys(done.layers)).toEqual(['foreground']);
    expect((await harness.emulator.fetch(done.layers.foreground)).headers.get('content-type')).toBe(
      'video/webm',
    );
  });

  it('video agent (generate): thinking → generating → completed with a video', async () => {
    const harness = createHarness({ renderSeconds: renderMs / 1000 });
    const created = await harness.request('POST', '/v3/video-agents', {
      json: { prompt: 'Explain our pricing in 30 seconds' },
    });
    const session = created.body.data.session_id;
    const seen = await statusesOver(
      harness,
      `/v3/video-agents/${session}`,
      (body) => [body.data.status, body.data.video_id !== null],
      [0, 50_000, 50_000],
    );
    expect(seen).toEqual([
      ['thinking', false],
      ['generating', true],
      ['completed', true],
    ]);
    const videos = await harness.request('GET', `/v3/video-agents/${session}/videos`);
    expect(videos.body.data[0].status).toBe('completed');
  });

  it('template render: pending → completed, with variables substituted into captions', async () => {
    const harness = createHarness({ renderSeconds: 10 });
    const { templateId } = harness.emulator.inspect.library();
    const created = await harness.request('POST', `/v3/templates/${templateId}`, {
      json: {
        variables: {
          product_name: { name: 'product_name', type: 'text', properties: { content: 'Zephyr' } },
        },
        caption: true,
      },
    });
    expect(created.body.data.status).toBe('pending');
    harness.advance(10_000);
    const video = (await harness.request('GET', `/v3/videos/${created.body.data.id}`)).body.data;
    expect(video.status).toBe('completed');
    expect(await (await harness.emulator.fetch(video.subtitle_url)).text()).toContain('Zephyr');
    const unknown = await harness.request('POST', `/v3/templates/${templateId}`, {
      json: { variables: { nope: 'x' } },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.param).toBe('variables.nope');
  });

  it('direct upload batch: queued until completed, then ingested', async () => {
    const harness = createHarness({ renderSeconds: 10 });
    const bytes = buildPng(8);
    const created = await harness.request('POST', '/v3/assets/direct-uploads/batches', {
      json: {
        files: [
          { filename: 'a.png', content_type: 'image/png', size_bytes: bytes.byteLength },
          { filename: 'b.png', content_type: 'image/png', size_bytes: bytes.byteLength },
        ],
      },
    });
    const [first] = created.body.data.items;
    await harness.emulator.fetch(first.upload_url, { method: 'PUT', body: bytes });
    const batchId = created.body.data.batch_id;
    expect(
      (await harness.request('GET', `/v3/assets/batches/${batchId}`)).body.data.counts_by_status.queued,
    ).toBe(2);
    await harness.request('POST', '/v3/assets/complete/batches', { json: { batch_id: batchId } });
    harness.advance(1000);
    const done = (await harness.request('GET', `/v3/assets/batches/${batchId}`)).body.data;
    expect(done.counts_by_status).toEqual({ queued: 0, processing: 0, completed: 1, failed: 1 });
    expect(done.status).toBe('completed');
  });

  it('legacy photo motion: the new look processes, then completes', async () => {
    const harness = createHarness({ renderSeconds: 10 });
    const photo = await harness.request('POST', '/v1/talking_photo', {
      body: buildPng(),
      headers: { 'content-type': 'image/png' },
    });
    const motion = await harness.request('POST', '/v2/photo_avatar/add_motion', {
      json: { id: photo.body.data.talking_photo_id },
    });
    expect(motion.body).toMatchObject({ error: null });
    const statuses = await statusesOver(
      harness,
      `/v3/avatars/looks/${motion.body.data.id}`,
      (body) => body.data.status,
      [0, 10_000],
    );
    expect(statuses).toEqual(['processing', 'completed']);
  });
});
