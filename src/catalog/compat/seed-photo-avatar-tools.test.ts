import { describe, expect, it } from 'vitest';
import { shippedPrices } from '../price-table.ts';
import { HeyGateError } from '../errors.ts';
import { findTool } from '../index.ts';
import { createRecordingContext, runCompatTool } from './recording-context.ts';

/** A `POST /v3/avatars` answer (unwrapped) for a photo look added to group `grp_anna`. */
function createdLook(id: string, status = 'processing') {
  return {
    avatar_group: {
      id: 'grp_anna',
      name: 'Anna',
      created_at: 1_761_000_000,
      looks_count: 2,
      status,
      preview_image_url: 'https://files2.heygen.ai/avatar/grp_anna.webp',
    },
    avatar_item: {
      id,
      name: 'Anna office',
      avatar_type: 'photo_avatar',
      group_id: 'grp_anna',
      status,
      preview_image_url: `https://files2.heygen.ai/avatar/${id}.webp`,
      preview_video_url: null,
      supported_api_engines: ['avatar_iv'],
      tags: [],
    },
  };
}

/** A v3 error as the client throws it for a 400 (typed, with a code). */
class FakeHeyGenError extends HeyGateError {
  constructor(message: string) {
    super(message, { code: 'invalid_parameter' });
  }
}

describe('add_looks_to_photo_avatar_group', () => {
  it('creates one v3 photo look per image key, resolving each key form', async () => {
    const recording = createRecordingContext({
      avatar_create: [createdLook('look_1'), createdLook('look_2'), createdLook('look_3')],
    });
    const result = await runCompatTool(
      'add_looks_to_photo_avatar_group',
      {
        group_id: 'grp_anna',
        name: 'Anna office',
        image_keys: [
          'asset_7f3a',
          'image/d0130e2c57024e208f5aab3bdfd5fefb/original',
          'https://cdn.example/anna.png',
        ],
        generation_id: 'gen_ignored',
      },
      recording,
    );
    expect(recording.calls.map((call) => call.input)).toEqual([
      {
        type: 'photo',
        name: 'Anna office',
        avatar_group_id: 'grp_anna',
        file: { type: 'asset_id', asset_id: 'asset_7f3a' },
      },
      {
        type: 'photo',
        name: 'Anna office',
        avatar_group_id: 'grp_anna',
        file: {
          type: 'url',
          url: 'https://resource2.heygen.ai/image/d0130e2c57024e208f5aab3bdfd5fefb/original',
        },
      },
      {
        type: 'photo',
        name: 'Anna office',
        avatar_group_id: 'grp_anna',
        file: { type: 'url', url: 'https://cdn.example/anna.png' },
      },
    ]);
    expect(
      result.photo_avatar_list.map((look: any) => [look.id, look.group_id, look.status, look.image_url]),
    ).toEqual([
      ['look_1', 'grp_anna', 'pending', 'https://files2.heygen.ai/avatar/look_1.webp'],
      ['look_2', 'grp_anna', 'pending', 'https://files2.heygen.ai/avatar/look_2.webp'],
      ['look_3', 'grp_anna', 'pending', 'https://files2.heygen.ai/avatar/look_3.webp'],
    ]);
    expect(result).not.toHaveProperty('failed');
  });

  it('keeps the looks already made when a later image fails, and says which failed', async () => {
    const recording = createRecordingContext({
      avatar_create: [createdLook('look_1'), new FakeHeyGenError('Image has no detectable face')],
    });
    const result = await runCompatTool(
      'add_looks_to_photo_avatar_group',
      { group_id: 'grp_anna', name: 'Anna', image_keys: ['asset_a', 'asset_b'] },
      recording,
    );
    expect(result.photo_avatar_list).toHaveLength(1);
    expect(result.failed).toEqual([
      { image_key: 'asset_b', code: 'invalid_parameter', message: 'Image has no detectable face' },
    ]);
  });

  it('fails like the legacy call when the first image fails (nothing created)', async () => {
    const recording = createRecordingContext({
      avatar_create: [new FakeHeyGenError('Group not found'), createdLook('never')],
    });
    await expect(
      runCompatTool(
        'add_looks_to_photo_avatar_group',
        { group_id: 'nope', name: 'Anna', image_keys: ['asset_a', 'asset_b'] },
        recording,
      ),
    ).rejects.toThrow('Group not found');
    expect(recording.calls).toHaveLength(1);
  });

  it('allows at most four images per call, as v2 did', async () => {
    const recording = createRecordingContext({});
    await expect(
      runCompatTool(
        'add_looks_to_photo_avatar_group',
        { group_id: 'g', name: 'n', image_keys: ['a', 'b', 'c', 'd', 'e'] },
        recording,
      ),
    ).rejects.toMatchObject({ field: 'image_keys' });
  });

  it('estimates one avatar creation per image', () => {
    expect(
      findTool('add_looks_to_photo_avatar_group')?.cost?.estimate?.(
        { image_keys: ['a', 'b', 'c'] },
        shippedPrices,
      ),
    ).toBe(3);
  });
});

describe('create_photo_avatar_group', () => {
  it('creates a v3 photo avatar without a group id and returns group and look ids', async () => {
    const recording = createRecordingContext({ avatar_create: createdLook('look_first') });
    const result = await runCompatTool(
      'create_photo_avatar_group',
      { name: 'Anna', image_key: 'asset_1' },
      recording,
    );
    expect(recording.calls[0]?.input).toEqual({
      type: 'photo',
      name: 'Anna',
      file: { type: 'asset_id', asset_id: 'asset_1' },
    });
    expect(result).toMatchObject({
      id: 'look_first',
      look_id: 'look_first',
      group_id: 'grp_anna',
      name: 'Anna',
      status: 'pending',
    });
    expect(findTool('create_photo_avatar_group')?.job).toMatchObject({
      statusTool: 'get_training_job_status',
      resultIdPath: 'group_id',
      success: ['ready'],
    });
  });
});

describe('generate_photo_avatar_photos + check_photo_look_generation_status', () => {
  it('writes the attributes into a v3 prompt avatar and returns the look id as generation_id', async () => {
    const recording = createRecordingContext({ avatar_create: createdLook('look_gen') });
    const result = await runCompatTool(
      'generate_photo_avatar_photos',
      {
        name: 'Sam',
        age: 'Early Middle Age',
        gender: 'Man',
        ethnicity: 'South Asian',
        orientation: 'square',
        pose: 'close_up',
        style: 'Cinematic',
        appearance: 'Friendly smile, grey suit, office background.',
      },
      recording,
    );
    expect(recording.calls[0]?.input).toEqual({
      type: 'prompt',
      name: 'Sam',
      prompt:
        'Portrait photo of a Early Middle Age South Asian Man, close up framing, square orientation, Cinematic style. ' +
        'Friendly smile, grey suit, office background.',
    });
    expect(result).toEqual({ generation_id: 'look_gen', group_id: 'grp_anna', status: 'processing' });
  });

  it('reports a completed look as success with its preview as the one image', async () => {
    const look = createdLook('look_gen', 'completed').avatar_item;
    const recording = createRecordingContext({ avatar_look_get: look });
    const result = await runCompatTool(
      'check_photo_look_generation_status',
      { generation_id: 'look_gen' },
      recording,
    );
    expect(recording.calls[0]).toEqual({ tool: 'avatar_look_get', input: { look_id: 'look_gen' } });
    expect(result).toEqual({
      id: 'look_gen',
      status: 'success',
      msg: null,
      image_url_list: [look.preview_image_url],
      image_key_list: [look.preview_image_url],
    });
  });

  it('reports a failed look with its message and no images', async () => {
    const recording = createRecordingContext({
      avatar_look_get: {
        ...createdLook('x', 'failed').avatar_item,
        error: { code: 'nsfw', message: 'Prompt rejected' },
      },
    });
    const result = await runCompatTool(
      'check_photo_look_generation_status',
      { generation_id: 'x' },
      recording,
    );
    expect(result).toMatchObject({ status: 'failed', msg: 'Prompt rejected', image_url_list: [] });
  });
});

describe('get_training_job_status', () => {
  it.each([
    ['processing', 'training'],
    ['completed', 'ready'],
    ['pending_consent', 'pending'],
  ])('maps group status %s to %s', async (v3, legacy) => {
    const recording = createRecordingContext({
      avatar_get: { ...createdLook('l').avatar_group, status: v3 },
    });
    const result = await runCompatTool('get_training_job_status', { group_id: 'grp_anna' }, recording);
    expect(recording.calls[0]).toEqual({ tool: 'avatar_get', input: { group_id: 'grp_anna' } });
    expect(result).toMatchObject({ status: legacy, error_msg: null, created_at: 1_761_000_000 });
  });
});

describe('get_photo_avatar_details', () => {
  it('reads the look and answers in the v2 photo avatar shape', async () => {
    const recording = createRecordingContext({
      avatar_look_get: createdLook('look_9', 'completed').avatar_item,
    });
    const result = await runCompatTool('get_photo_avatar_details', { id: 'look_9' }, recording);
    expect(result).toMatchObject({
      id: 'look_9',
      group_id: 'grp_anna',
      status: 'completed',
      image_url: 'https://files2.heygen.ai/avatar/look_9.webp',
      is_motion: null,
    });
  });
});

describe('look and group deletes', () => {
  it.each([
    ['delete_photo_avatar', { avatar_id: 'look_1' }],
    ['v2_talking_photo_id_delete', { id: 'look_1' }],
  ])('%s deletes the v3 look', async (name, input) => {
    const recording = createRecordingContext({ avatar_look_delete: { id: 'look_1' } });
    const result = await runCompatTool(name, input, recording);
    expect(recording.calls).toEqual([{ tool: 'avatar_look_delete', input: { look_id: 'look_1' } }]);
    expect(result).toEqual({ id: 'look_1', deleted: true });
  });

  it('delete_photo_avatar_group deletes the v3 group', async () => {
    const recording = createRecordingContext({ avatar_delete: { id: 'grp_anna' } });
    const result = await runCompatTool('delete_photo_avatar_group', { group_id: 'grp_anna' }, recording);
    expect(recording.calls).toEqual([{ tool: 'avatar_delete', input: { group_id: 'grp_anna' } }]);
    expect(result).toEqual({ id: 'grp_anna', deleted: true });
  });
});

describe('v1_talking_photo_list', () => {
  it('lists private photo-avatar looks across pages', async () => {
    const recording = createRecordingContext({
      avatar_look_list: [
        { data: [createdLook('tp_1').avatar_item], has_more: true, next_token: 'p2' },
        { data: [createdLook('tp_2').avatar_item], has_more: false, next_token: null },
      ],
    });
    const result = await runCompatTool('v1_talking_photo_list', {}, recording);
    expect(recording.calls.map((call) => call.input)).toEqual([
      { avatar_type: 'photo_avatar', ownership: 'private', limit: 50 },
      { avatar_type: 'photo_avatar', ownership: 'private', limit: 50, token: 'p2' },
    ]);
    expect(result.list.map((item: any) => [item.id, item.image_url, item.circle_image])).toEqual([
      ['tp_1', 'https://files2.heygen.ai/avatar/tp_1.webp', null],
      ['tp_2', 'https://files2.heygen.ai/avatar/tp_2.webp', null],
    ]);
    expect(result.has_more).toBe(false);
  });
});

describe('legacy photo avatar tools', () => {
  it('upload_talking_photo sends raw bytes to the upload host', () => {
    const tool = findTool('upload_talking_photo');
    expect(tool?.endpoint).toEqual({
      method: 'POST',
      path: '/v1/talking_photo',
      host: 'upload',
      envelope: 'v1',
    });
    expect(tool?.implementation).toEqual({ kind: 'http', request: { body: 'raw', fileField: 'file' } });
    expect(tool?.legacy?.sunset).toBe('2026-11-01');
  });

  it('add_motion and upscale are polled with get_photo_avatar_details', () => {
    for (const name of ['add_motion_to_photo_avatar', 'upscale_avatar']) {
      expect(findTool(name)?.job).toMatchObject({
        statusTool: 'get_photo_avatar_details',
        idField: 'id',
        success: ['completed'],
      });
    }
  });
});
