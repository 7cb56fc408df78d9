import { afterEach, describe, expect, it } from 'vitest';
import { OutcomeUnknownError } from '../../src/gateway/router/index.ts';
import {
  createRoutingHarness,
  type OutgoingRequest,
  type RoutingHarness,
} from '../routing/routing-harness.ts';

/**
 * The creates HeyGen neither replays nor lists by a stamp (ADR 0053), driven by an unlucky network: a voice
 * clone is found by what appeared since the send (never an older clone of the same name), a lying 429 on a
 * create heygate can look up is checked before another account is tried, and the creates nothing can find
 * answer exactly what is left — never a second send.
 */

let harness: RoutingHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const audio = { type: 'url', url: 'https://media.example.com/voice.mp3' };
const persona = { id: 'ps_agent', name: 'agent', accounts: [] };

/** A harness whose next `count` creates of `path` on account `one` get `fault`. */
async function faulty(path: string, fault: string, count = 2) {
  let left = 0;
  const created = await createRoutingHarness({
    inject: (request: OutgoingRequest) => {
      if (request.method !== 'POST' || request.path !== path || request.account !== 'one' || left <= 0)
        return undefined;
      left -= 1;
      return fault;
    },
  });
  harness = created;
  return { harness: created, arm: () => (left = count) };
}

/** Clones HeyGen made (requests it processed; replays and refusals excluded). */
function clonesMade(h: RoutingHarness): number {
  return h.emulator.inspect
    .requests()
    .filter((entry) => entry.method === 'POST' && entry.path === '/v3/voices/clone' && entry.processed)
    .length;
}

describe('voice clones: found by a snapshot of the account taken before the send', () => {
  it('returns the clone a lost answer made, not an older clone with the same name', async () => {
    const { harness: h, arm } = await faulty('/v3/voices/clone', '500-after', 1);
    // An older clone named the same, made before (its id must never be handed back).
    const older = await h.call('voice_clone_create', { voice_name: 'Narrator', audio }, { account: 'one' });
    expect(older.ok).toBe(true);
    const olderId = older.ok ? (older.data as { voice_clone_id: string }).voice_clone_id : '';

    arm();
    const lost = await h.call(
      'voice_clone_create',
      { voice_name: 'Narrator', audio, language: 'English' },
      {
        persona,
        account: 'one',
      },
    );
    expect(lost.ok).toBe(true);
    if (!lost.ok) return;
    expect(lost.reconciled).toBe(true);
    const found = (lost.data as { voice_clone_id: string }).voice_clone_id;
    expect(found).not.toBe(olderId);
    // HeyGen cloned twice in all (the older one and the lost one), never a third time.
    expect(clonesMade(h)).toBe(2);
    const listed = await h.call('voice_list', { type: 'private', limit: 100 }, { account: 'one' });
    const ids = listed.ok
      ? (listed.data as { data: { voice_id: string }[] }).data.map((v) => v.voice_id)
      : [];
    expect(ids).toContain(found);
  });

  it('checks a 429 before moving a clone to another account: a lying 429 makes no second clone', async () => {
    const { harness: h, arm } = await faulty('/v3/voices/clone', '429-after', 1);
    arm();
    const result = await h.call('voice_clone_create', { voice_name: 'Host', audio }, { persona });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.reconciled).toBe(true);
    expect(result.account).toBe('one');
    expect(h.requests('two', 'voice_clone_create')).toBe(0);
    expect(clonesMade(h)).toBe(1);
  });
});

describe('a voice clone whose snapshot cannot be read', () => {
  it('is never sent twice, and says no later lookup can settle it', async () => {
    let listFaults = 0;
    let cloneFaults = 0;
    harness = await createRoutingHarness({
      inject: (request) => {
        if (request.account !== 'one') return undefined;
        if (request.method === 'GET' && request.path === '/v3/voices' && listFaults-- > 0) return '503';
        if (request.method === 'POST' && request.path === '/v3/voices/clone' && cloneFaults-- > 0)
          return '500-after';
        return undefined;
      },
    });
    listFaults = 20;
    cloneFaults = 1;
    const input = { voice_name: 'Blind', audio };
    const lost = await harness.call('voice_clone_create', input, { persona, account: 'one' });
    expect(lost.ok).toBe(false);
    if (lost.ok) return;
    expect((lost.error as OutcomeUnknownError).recovery).toBe('none');
    expect(lost.error.retryable).toBe(false);
    expect(lost.error.hint).toContain('voice_list');
    const again = await harness.call('voice_clone_create', input, { persona, account: 'one' });
    expect(again.ok).toBe(false);
    expect(clonesMade(harness)).toBe(1);
  });
});

describe('creates nothing can find answer what is left, and are never sent twice', () => {
  it('speech (inline): the audio was the answer; a new idempotency key buys it again', async () => {
    const { harness: h, arm } = await faulty('/v3/voices/speech', '500-after', 1);
    const input = { voice_id: await starfishVoice(h), text: 'Hello from the fault matrix.' };
    arm();
    const first = await h.call('voice_speech_create', input, { persona });
    expect(first.ok).toBe(false);
    if (first.ok) return;
    expect(first.error).toBeInstanceOf(OutcomeUnknownError);
    expect((first.error as OutcomeUnknownError).recovery).toBe('inline');
    expect(first.error.retryable).toBe(false);
    expect(first.error.hint).toMatch(/new idempotency_key/);
    // The same call again is not sent again (HeyGen may have charged it).
    const again = await h.call('voice_speech_create', input, { persona });
    expect(again.ok).toBe(false);
    const sent = h.requests('one', 'voice_speech_create') + h.requests('two', 'voice_speech_create');
    // A new key is a new purchase, asked for explicitly.
    const bought = await h.call('voice_speech_create', input, { persona, idempotencyKey: 'speech-2' });
    expect(bought.ok).toBe(true);
    expect(h.requests('one', 'voice_speech_create') + h.requests('two', 'voice_speech_create')).toBe(
      sent + 1,
    );
  });
});

/** Batches HeyGen made (requests it processed; replays and refusals excluded). */
function batchesMade(h: RoutingHarness): number {
  return h.emulator.inspect
    .requests()
    .filter((entry) => entry.method === 'POST' && entry.path === '/v3/videos/batches' && entry.processed)
    .length;
}

interface RebuiltBatch {
  batch_id: null;
  total_items: number;
  video_ids: string[];
  items: { item_index: number; title: string; video_id: string | null }[];
}

describe('video batches: found by the title each item was sent with', () => {
  it('rebuilds a lost batch from its videos, stamping the untitled items and keeping the caller’s titles', async () => {
    const { harness: h, arm } = await faulty('/v3/videos/batches', 'reset-after');
    arm();
    const videos = [h.videoInput('One.'), { ...h.videoInput('Two.'), title: 'Launch teaser 7f3' }];
    const batch = await h.call('video_batch_create', { videos }, { persona });
    expect(batch.ok).toBe(true);
    if (!batch.ok) return;
    expect(batch.reconciled).toBe(true);
    const rebuilt = batch.data as RebuiltBatch;
    // No list shows batches, so the batch id is not known; its videos are.
    expect(rebuilt.batch_id).toBeNull();
    expect(rebuilt.total_items).toBe(2);
    expect(rebuilt.video_ids).toHaveLength(2);
    expect(rebuilt.items.map((item) => item.title)).toEqual([
      expect.stringMatching(/^heygate-[0-9a-f]+-0$/),
      'Launch teaser 7f3',
    ]);
    for (const item of rebuilt.items) {
      const video = await h.call('video_get', { video_id: item.video_id }, { account: batch.account });
      expect(video.ok && (video.data as { title: string }).title).toBe(item.title);
    }
    expect(batchesMade(h)).toBe(1);
    // The same call again is the ledger's answer, not a second batch.
    const again = await h.call('video_batch_create', { videos }, { persona });
    expect(again.ok && again.replayed).toBe(true);
    expect(batchesMade(h)).toBe(1);
  });

  it('waits for queued items before calling a batch absent, and never sends it twice meanwhile', async () => {
    let left = 0;
    harness = await createRoutingHarness({
      rateLimit: { concurrentJobs: 1 },
      inject: (request) =>
        request.method === 'POST' && request.path === '/v3/videos/batches' && left-- > 0
          ? 'reset-after'
          : undefined,
    });
    const h = harness;
    // A render holds the account's only slot: the batch's items queue behind it, with no video yet.
    const busy = await h.call('video_create', h.videoInput('Busy.'), { account: 'one' });
    expect(busy.ok).toBe(true);
    left = 2;
    const input = { videos: [h.videoInput('Queued one.'), h.videoInput('Queued two.')] };
    const first = await h.call('video_batch_create', input, { persona, account: 'one' });
    expect(first.ok).toBe(false);
    if (first.ok) return;
    expect((first.error as OutcomeUnknownError).recovery).toBe('lookup');
    expect(first.error.retryable).toBe(true);
    expect(batchesMade(h)).toBe(1);
    // Once the render ends the items start, get their videos, and the retry finds them.
    h.clock.advance(10 * 60_000);
    await new Promise((resolve) => setImmediate(resolve));
    const found = await h.call('video_batch_create', input, { persona, account: 'one' });
    expect(found.ok).toBe(true);
    if (!found.ok) return;
    expect(found.reconciled).toBe(true);
    expect((found.data as RebuiltBatch).video_ids.length).toBeGreaterThan(0);
    expect(batchesMade(h)).toBe(1);
  });
});

describe('the sunset v2 motion step: found as the new look in the group of the look it animates', () => {
  it('returns the motion look a lost answer made, and never a second one', async () => {
    const { harness: h, arm } = await faulty('/v2/photo_avatar/add_motion', 'timeout-after', 2);
    const photo = await h.call(
      'avatar_create',
      { type: 'photo', name: 'Face', file: { type: 'url', url: 'https://media.example.com/face.png' } },
      { account: 'one' },
    );
    expect(photo.ok).toBe(true);
    if (!photo.ok) return;
    const look = (photo.data as { avatar_item: { id: string } }).avatar_item.id;
    h.clock.advance(30 * 60_000);
    arm();
    const motion = await h.call('add_motion_to_photo_avatar', { id: look }, { persona, account: 'one' });
    expect(motion.ok).toBe(true);
    if (!motion.ok) return;
    expect(motion.reconciled).toBe(true);
    const motionId = (motion.data as { id: string }).id;
    expect(motionId).not.toBe(look);
    const made = h.emulator.inspect
      .requests()
      .filter((entry) => entry.path === '/v2/photo_avatar/add_motion' && entry.processed);
    expect(made).toHaveLength(1);
    const details = await h.call('get_photo_avatar_details', { id: motionId }, { account: 'one' });
    expect(details.ok).toBe(true);
  });
});

/** A Starfish voice of the emulator's public library. */
async function starfishVoice(h: RoutingHarness): Promise<string> {
  const listed = await h.call('voice_list', { engine: 'starfish', limit: 1 }, { account: 'one' });
  if (!listed.ok) throw listed.error;
  return (listed.data as { data: { voice_id: string }[] }).data[0]!.voice_id;
}
