import { describe, expect, it } from 'vitest';
import { createRecordingContext, runCompatTool } from './recording-context.ts';

const group = (id: string, name: string) => ({
  id,
  name,
  created_at: 1_750_000_000,
  looks_count: 4,
  preview_image_url: `https://files2.heygen.ai/avatar/${id}.webp`,
  preview_video_url: null,
  status: 'completed',
  default_voice_id: null,
  gender: 'female',
  consent_status: null,
  error: null,
});

const look = (id: string, groupId = 'grp_1') => ({
  id,
  name: `Look ${id}`,
  avatar_type: 'studio_avatar',
  group_id: groupId,
  gender: 'female',
  preview_image_url: `https://files2.heygen.ai/look/${id}.webp`,
  preview_video_url: `https://files2.heygen.ai/look/${id}.mp4`,
  status: 'completed',
  default_voice_id: 'voice_default',
  supported_api_engines: ['avatar_iii', 'avatar_iv'],
  tags: ['business'],
});

describe('list_all_avatar_groups', () => {
  it('lists only own groups by default (v2 include_public=false → ownership private)', async () => {
    const recording = createRecordingContext({
      avatar_list: { data: [group('grp_own', 'Me')], has_more: false, next_token: null },
    });
    const result = await runCompatTool('list_all_avatar_groups', {}, recording);
    expect(recording.calls[0]?.input).toEqual({ ownership: 'private', limit: 50 });
    expect(result).toMatchObject({ total_count: 1, has_more: false, next_token: null });
    expect(result.avatar_group_list[0]).toMatchObject({
      id: 'grp_own',
      num_looks: 4,
      preview_image: 'https://files2.heygen.ai/avatar/grp_own.webp',
      train_status: 'completed',
    });
  });

  it('with include_public omits the filter and reads every page up to the cap', async () => {
    const recording = createRecordingContext({
      avatar_list: [
        { data: [group('g1', 'A'), group('g2', 'B')], has_more: true, next_token: 'n1' },
        { data: [group('g3', 'C')], has_more: false, next_token: null },
      ],
    });
    const result = await runCompatTool('list_all_avatar_groups', { include_public: true }, recording);
    expect(recording.calls.map((call) => call.input)).toEqual([{ limit: 50 }, { limit: 50, token: 'n1' }]);
    expect(result.total_count).toBe(3);
  });
});

describe('list_avatars_in_avatar_group', () => {
  it('filters looks by group and answers with v2 avatar names', async () => {
    const recording = createRecordingContext({
      avatar_look_list: { data: [look('l1'), look('l2')], has_more: false, next_token: null },
    });
    const result = await runCompatTool('list_avatars_in_avatar_group', { group_id: 'grp_1' }, recording);
    expect(recording.calls[0]?.input).toEqual({ group_id: 'grp_1', limit: 50 });
    expect(
      result.avatar_list.map((avatar: any) => [avatar.avatar_id, avatar.avatar_name, avatar.status]),
    ).toEqual([
      ['l1', 'Look l1', 'completed'],
      ['l2', 'Look l2', 'completed'],
    ]);
  });
});

describe('retrieve_avatar_details', () => {
  it('reads the look by avatar_id', async () => {
    const recording = createRecordingContext({ avatar_look_get: look('Kristin_public_3_20240108') });
    const result = await runCompatTool(
      'retrieve_avatar_details',
      { avatar_id: 'Kristin_public_3_20240108' },
      recording,
    );
    expect(recording.calls[0]).toEqual({
      tool: 'avatar_look_get',
      input: { look_id: 'Kristin_public_3_20240108' },
    });
    expect(result).toMatchObject({
      type: 'avatar',
      id: 'Kristin_public_3_20240108',
      avatar_id: 'Kristin_public_3_20240108',
      default_voice_id: 'voice_default',
      premium: null,
    });
  });
});

describe('search_public_avatar_groups', () => {
  const publicPages = () => [
    { data: [group('g1', 'Daisy'), group('g2', 'Marcus Business')], has_more: true, next_token: 'n1' },
    {
      data: [group('g3', 'Anna'), group('g4', 'marcus casual'), group('g5', 'Marcus Studio')],
      has_more: true,
      next_token: 'n2',
    },
    { data: [group('g6', 'Marcus late')], has_more: false, next_token: null },
  ];

  it('walks public groups, filters by name here and stops once `limit` matches are found', async () => {
    const recording = createRecordingContext({ avatar_list: publicPages() });
    const result = await runCompatTool(
      'search_public_avatar_groups',
      { name: 'marcus', limit: 2 },
      recording,
    );
    expect(recording.calls.map((call) => call.input)).toEqual([
      { ownership: 'public', limit: 50 },
      { ownership: 'public', limit: 50, token: 'n1' },
    ]);
    expect(result.avatar_group_list.map((item: any) => item.name)).toEqual([
      'Marcus Business',
      'marcus casual',
    ]);
    expect(result.has_more).toBe(true);
    expect(typeof result.next_token).toBe('string');
  });

  it('continues from next_token in the middle of a v3 page without repeating or losing groups', async () => {
    const first = await runCompatTool(
      'search_public_avatar_groups',
      { name: 'marcus', limit: 2 },
      createRecordingContext({ avatar_list: publicPages() }),
    );
    const recording = createRecordingContext({ avatar_list: publicPages().slice(1) });
    const second = await runCompatTool(
      'search_public_avatar_groups',
      { name: 'marcus', limit: 2, token: first.next_token },
      recording,
    );
    expect(recording.calls[0]?.input).toEqual({ ownership: 'public', limit: 50, token: 'n1' });
    expect(second.avatar_group_list.map((item: any) => item.name)).toEqual(['Marcus Studio', 'Marcus late']);
    expect(second).toMatchObject({ has_more: false, next_token: null });
  });
});

describe('v1_avatar_list', () => {
  it('lists looks as v1 avatars and continues from a token', async () => {
    const recording = createRecordingContext({
      avatar_look_list: { data: [look('l9')], has_more: false, next_token: null },
    });
    const result = await runCompatTool('v1_avatar_list', { token: 'resume' }, recording);
    expect(recording.calls[0]?.input).toEqual({ limit: 50, token: 'resume' });
    expect(result.avatars[0]).toMatchObject({
      avatar_id: 'l9',
      avatar_name: 'Look l9',
      gender: 'female',
      preview_video_url: 'https://files2.heygen.ai/look/l9.mp4',
    });
  });
});
