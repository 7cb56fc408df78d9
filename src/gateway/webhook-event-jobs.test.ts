import { describe, expect, it } from 'vitest';
import { waitedWebhookEventTypes, webhookEventJobs } from './webhook-event-jobs.ts';

describe('webhookEventJobs', () => {
  it('maps video events to the video job', () => {
    expect(webhookEventJobs('avatar_video.fail', { video_id: 'v1', msg: 'boom' })).toEqual([
      { kind: 'video', id: 'v1' },
    ]);
    // Side outputs of a video end no wait.
    expect(webhookEventJobs('avatar_video_gif.success', { video_id: 'v1' })).toEqual([]);
  });

  it('wakes translations and lipsyncs on video_translate events (lipsync is built on translation)', () => {
    expect(
      webhookEventJobs('video_translate.preflight.download_failed', { video_translate_id: 't1' }),
    ).toEqual([
      { kind: 'video_translation', id: 't1' },
      { kind: 'lipsync', id: 't1' },
    ]);
  });

  it('wakes a video agent session and the video it rendered', () => {
    expect(webhookEventJobs('video_agent.success', { session_id: 's1', video_id: 'v9' })).toEqual([
      { kind: 'video_agent', id: 's1' },
      { kind: 'video', id: 'v9' },
    ]);
  });

  it('maps avatar, proofread and clipping events by their id fields', () => {
    expect(webhookEventJobs('instant_avatar.success', { avatar_id: 'l1', avatar_group_id: 'g1' })).toEqual([
      { kind: 'avatar_look', id: 'l1' },
      { kind: 'avatar', id: 'g1' },
    ]);
    expect(webhookEventJobs('proofread_creation.fail', { proofread_id: 'p1' })).toEqual([
      { kind: 'video_translation_proofread', id: 'p1' },
    ]);
    expect(webhookEventJobs('ai_clipping.success', { job_id: 'c1' })).toEqual([
      { kind: 'ai_clipping', id: 'c1' },
    ]);
    expect(webhookEventJobs('photo_avatar_add_motion.success', { id: 'm1', source_id: 'l0' })).toEqual([
      { kind: 'photo_avatar', id: 'm1' },
      { kind: 'avatar_look', id: 'm1' },
    ]);
  });

  it('wakes a HyperFrames render wait on hyperframes_video events', () => {
    expect(webhookEventJobs('hyperframes_video.success', { render_id: 'hfr_1', video_url: 'u' })).toEqual([
      { kind: 'hyperframes_render', id: 'hfr_1' },
    ]);
    expect(webhookEventJobs('hyperframes_video.fail', { render_id: 'hfr_2' })).toEqual([
      { kind: 'hyperframes_render', id: 'hfr_2' },
    ]);
  });

  it('maps batch.finished to the wait kind of its batch type', () => {
    expect(webhookEventJobs('batch.finished', { batch_id: 'b1', batch_type: 'video_translation' })).toEqual([
      { kind: 'video_translation_batch', id: 'b1' },
    ]);
    expect(webhookEventJobs('batch.finished', { batch_id: 'b1', batch_type: 'mystery' })).toEqual([]);
  });

  it('ignores unknown events, missing ids and odd payloads', () => {
    expect(webhookEventJobs('personalized_video', { video_id: 'v1' })).toEqual([]);
    expect(webhookEventJobs('constructor.success', { video_id: 'v1' })).toEqual([]);
    expect(webhookEventJobs('avatar_video.success', { video_id: '' })).toEqual([]);
    expect(webhookEventJobs('avatar_video.success', null)).toEqual([]);
    expect(webhookEventJobs('avatar_video.success', ['v1'])).toEqual([]);
  });

  it('subscribes exactly the events that end a wait: every family mapped above, never side outputs', () => {
    const events = waitedWebhookEventTypes();
    expect(events).toContain('avatar_video.success');
    expect(events).toContain('video_translate.preflight.download_failed');
    expect(events).toContain('batch.finished');
    for (const ignored of ['avatar_video_gif.success', 'live_avatar.fail', 'personalized_video'])
      expect(events).not.toContain(ignored);
    // Every subscribed event wakes something when it carries its ids.
    for (const type of events.filter((event) => event !== 'batch.finished')) {
      const data = Object.fromEntries(
        [
          'video_id',
          'video_translate_id',
          'proofread_id',
          'job_id',
          'session_id',
          'avatar_id',
          'avatar_group_id',
          'id',
          'render_id',
        ].map((field) => [field, 'x']),
      );
      expect(webhookEventJobs(type, data).length, type).toBeGreaterThan(0);
    }
  });
});
