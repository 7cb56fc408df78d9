import { describe, expect, it } from 'vitest';
import { catalog, getTool } from '../../catalog/index.ts';
import { honoursKey, recoveryPath } from './recovery-path.ts';

describe('recoveryPath', () => {
  const kindOf = (name: string) => recoveryPath(getTool(name), catalog).kind;

  it('prefers HeyGen’s replay: the creates its May 2026 changelog lists carry an Idempotency-Key', () => {
    for (const name of [
      'video_create',
      'video_translation_create',
      'video_translation_proofread_create',
      'video_translation_proofread_generate',
      'avatar_create',
      'lipsync_create',
      'template_generate',
      'lipsync_batch_create',
    ])
      expect(kindOf(name), name).toBe('key');
    for (const name of [
      'asset_create',
      'avatar_consent_create',
      'webhook_endpoint_create',
      'webhook_endpoint_rotate_secret',
    ])
      expect(getTool(name).idempotencyKey, name).toBe(true);
  });

  it('lets a composite inherit the key of the v3 endpoint it is carried on', () => {
    expect(honoursKey(getTool('v2_video_generate'), catalog)).toBe(true);
    expect(honoursKey(getTool('create_video'), catalog)).toBe(true);
    expect(honoursKey(getTool('generate_speech_starfish'), catalog)).toBe(false);
  });

  it('uses a body dedup field, then a lookup, and names the creates nothing can recover', () => {
    expect(recoveryPath(getTool('background_removal_create'), catalog)).toEqual({
      kind: 'field',
      field: 'request_id',
    });
    expect(recoveryPath(getTool('ai_clipping_create'), catalog)).toMatchObject({
      kind: 'lookup',
      plan: { kind: 'list', matchField: 'callback_id' },
    });
    expect(recoveryPath(getTool('video_agent_create'), catalog)).toMatchObject({
      kind: 'lookup',
      plan: { kind: 'messages', textField: 'prompt', listTool: { name: 'video_agent_list' } },
    });
    expect(recoveryPath(getTool('video_agent_send'), catalog)).toMatchObject({
      kind: 'lookup',
      plan: { kind: 'messages', textField: 'message', statusTool: { name: 'video_agent_get' } },
    });
    expect(recoveryPath(getTool('voice_clone_create'), catalog)).toMatchObject({
      kind: 'lookup',
      plan: {
        kind: 'snapshot',
        nameField: 'voice_name',
        filter: { type: 'private' },
        listTool: { name: 'voice_list' },
      },
    });
    // The v2 motion step's new look is found in its source look's group (the catalog's `newItemIn`).
    expect(recoveryPath(getTool('add_motion_to_photo_avatar'), catalog)).toMatchObject({
      kind: 'lookup',
      plan: {
        kind: 'snapshot',
        listTool: { name: 'avatar_look_list' },
        filter: { ownership: 'private' },
        scope: { readTool: { name: 'avatar_look_get' }, from: 'id', as: 'look_id', field: 'group_id' },
      },
    });
    // A batch is listed nowhere, but its items' videos are, by the title each was sent with (ADR 0057).
    expect(recoveryPath(getTool('video_batch_create'), catalog)).toMatchObject({
      kind: 'lookup',
      plan: { kind: 'items', itemsField: 'videos', matchField: 'title', listTool: { name: 'video_list' } },
    });
  });

  it('says what is left where HeyGen neither replays nor lists (ADR 0053)', () => {
    // The product is the answer: no job to find.
    for (const name of ['voice_speech_create', 'voice_create', 'generate_speech_starfish'])
      expect(kindOf(name), name).toBe('inline');
    // Live sessions that lapse by themselves, within the job kind's limits.
    expect(recoveryPath(getTool('avatar_realtime_create'), catalog)).toEqual({
      kind: 'session',
      maxSeconds: 3600,
      idleSeconds: 30,
    });
    expect(kindOf('new_streaming_session')).toBe('session');
    // The v2 upscale changes the look it names, and only v2 showed whether a look was upscaled (ADR 0057).
    expect(recoveryPath(getTool('upscale_avatar'), catalog)).toEqual({
      kind: 'none',
      listTool: 'get_photo_avatar_details',
    });
  });
});
