import { afterEach, describe, expect, it } from 'vitest';
import { createHeyGenClient } from '../heygen/index.ts';
import { startEmulator, type StartedEmulator } from './emulator.ts';

/** The test helper gives a HeyGen client everything it needs to run against the emulator. */

let started: StartedEmulator | undefined;

afterEach(async () => {
  await started?.close();
  started = undefined;
});

describe('startEmulator', () => {
  it('gives a ready client configuration: create, wait and list through the real client', async () => {
    started = await startEmulator({ renderSeconds: 120 });
    const client = createHeyGenClient(started.clientOptions);
    const { avatarId, voiceId } = started.emulator.inspect.library();
    const created = await client.call('video_create', {
      type: 'avatar',
      avatar_id: avatarId,
      voice_id: voiceId,
      script: 'Through the client.',
    });
    const videoId = (created.data as { video_id: string }).video_id;
    const waited = await client.call('video_wait', { video_id: videoId });
    expect(JSON.stringify(waited.data)).toContain('"completed"');
    expect(started.emulator.inspect.renders()).toBe(1);
    // Retired v1/v2 endpoints are refused by default; the operator switch sends them to the emulator.
    await expect(client.call('create_folder', { name: 'From the client' })).rejects.toMatchObject({
      code: 'endpoint_sunset',
    });
    const legacy = createHeyGenClient({ ...started.clientOptions, legacyCalls: 'send' });
    const folder = await legacy.call('create_folder', { name: 'From the client' });
    expect(folder.data).toMatchObject({ name: 'From the client' });
  });

  it('listens on a socket when asked', async () => {
    started = await startEmulator({ listen: true });
    expect(started.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const client = createHeyGenClient(started.clientOptions);
    const me = await client.call('user_me_get', {});
    expect(JSON.stringify(me.data)).toContain('remaining_balance');
  });
});
