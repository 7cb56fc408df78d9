import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { findTool } from '../index.ts';
import { kosmokratorTools } from './kosmokrator-tools.ts';
import { createRecordingContext, runCompatTool } from './recording-context.ts';

/** `count` v3 videos with ids v1..vN, served in pages of `pageSize` like GET /v3/videos does. */
function videoList(count: number) {
  const all = Array.from({ length: count }, (_, index) => ({
    id: `v${index + 1}`,
    status: index % 3 === 0 ? 'processing' : 'completed',
    created_at: 1_761_000_000 - index,
    video_url: `https://files2.heygen.ai/v${index + 1}.mp4`,
  }));
  return (input: Record<string, unknown>) => {
    const start = typeof input.token === 'string' ? Number(input.token) : 0;
    const limit = Number(input.limit ?? 10);
    const end = Math.min(start + limit, all.length);
    return {
      data: all.slice(start, end),
      has_more: end < all.length,
      next_token: end < all.length ? String(end) : null,
    };
  };
}

const functions = [
  'list_videos',
  'get_video',
  'create_video',
  'list_avatars',
  'list_voices',
  'get_current_user',
  'list_templates',
];

describe('KosmoKrator function names', () => {
  it('exist plainly and with the heygen_ prefix, sharing one input schema', () => {
    expect(kosmokratorTools.map((tool) => tool.name).sort()).toEqual(
      [...functions, ...functions.map((name) => `heygen_${name}`)].sort(),
    );
    for (const name of functions) {
      const plain = findTool(name);
      const prefixed = findTool(`heygen_${name}`);
      expect(plain?.family).toBe('kosmokrator');
      expect(prefixed?.family).toBe('kosmokrator');
      expect(z.toJSONSchema(prefixed!.input())).toEqual(z.toJSONSchema(plain!.input()));
    }
    expect(findTool('heygen_create_video')?.job?.statusTool).toBe('heygen_get_video');
    expect(findTool('create_video')?.job).toMatchObject({
      statusTool: 'get_video',
      resultIdPath: 'data.video_id',
      statusField: 'data.status',
    });
  });
});

describe('list_videos', () => {
  it('emulates offset over v3 cursor pages and keeps the data wrapper Lua indexes into', async () => {
    const recording = createRecordingContext({ video_list: videoList(250) });
    const result = await runCompatTool('list_videos', { limit: 10, offset: 195 }, recording);
    // Items 196..205 sit on pages 2 and 3 of 100: three v3 calls.
    expect(recording.calls.map((call) => call.input)).toEqual([
      { limit: 100 },
      { limit: 100, token: '100' },
      { limit: 100, token: '200' },
    ]);
    expect(result.data.videos.map((video: any) => video.video_id)).toEqual(
      Array.from({ length: 10 }, (_, index) => `v${196 + index}`),
    );
    expect(result.data.videos[0]).toMatchObject({ video_id: 'v196', status: 'processing' });
    expect(result.data).toMatchObject({ limit: 10, offset: 195, has_more: true });
  });

  it('defaults to the first 10 and reports the end of the list', async () => {
    const recording = createRecordingContext({ video_list: videoList(4) });
    const result = await runCompatTool('list_videos', {}, recording);
    expect(recording.calls).toHaveLength(1);
    expect(result.data.videos).toHaveLength(4);
    expect(result.data.has_more).toBe(false);
  });

  it('rejects a limit above 100 before calling', async () => {
    await expect(
      runCompatTool('list_videos', { limit: 101 }, createRecordingContext({})),
    ).rejects.toMatchObject({
      field: 'limit',
    });
  });
});

describe('get_video', () => {
  it('answers result.data.status and result.data.video_url', async () => {
    const recording = createRecordingContext({
      video_get: {
        id: 'abc123',
        status: 'completed',
        video_url: 'https://files2.heygen.ai/abc123.mp4',
        duration: 9.5,
      },
    });
    const result = await runCompatTool('heygen_get_video', { video_id: 'abc123' }, recording);
    expect(recording.calls).toEqual([{ tool: 'video_get', input: { video_id: 'abc123' } }]);
    expect(result.data).toMatchObject({
      video_id: 'abc123',
      status: 'completed',
      video_url: 'https://files2.heygen.ai/abc123.mp4',
    });
  });
});

describe('create_video', () => {
  it('maps the documented single-scene example to a v3 avatar video; test renders at 720p with a warning', async () => {
    const recording = createRecordingContext({ video_create: { video_id: 'vid_k1', status: 'pending' } });
    const result = await runCompatTool(
      'create_video',
      {
        video_inputs: [
          {
            character: { avatar_id: 'avatar-abc123', voice_id: 'voice-xyz789' },
            script: 'Welcome to our product demo!',
          },
        ],
        test: true,
      },
      recording,
    );
    expect(recording.calls[0]?.input).toEqual({
      type: 'avatar',
      avatar_id: 'avatar-abc123',
      voice_id: 'voice-xyz789',
      script: 'Welcome to our product demo!',
      aspect_ratio: '16:9',
      resolution: '720p',
    });
    expect(result.data.video_id).toBe('vid_k1');
    expect(result.data.warnings).toEqual([
      'test: HeyGen v3 has no test mode; this is a real, billed video rendered at 720p',
    ]);
  });

  it('maps dimension and several scenes (with voice_settings) to a v3 studio video', async () => {
    const recording = createRecordingContext({ video_create: { video_id: 'vid_k2', status: 'pending' } });
    const result = await runCompatTool(
      'create_video',
      {
        video_inputs: [
          {
            character: { avatar_id: 'a1', voice_id: 'v1' },
            script: 'This is a landscape video.',
            voice_settings: { speed: 1.0, stability: 0.5 },
            background: { type: 'color', value: '#003366' },
          },
          { character: { avatar_id: 'a2', voice_id: 'v2' }, script: 'Second scene.' },
        ],
        dimension: { width: 1920, height: 1080 },
        test: false,
      },
      recording,
    );
    expect(recording.calls[0]?.input).toEqual({
      type: 'studio',
      aspect_ratio: '16:9',
      resolution: '1080p',
      scenes: [
        {
          type: 'avatar_video',
          input: {
            type: 'avatar',
            avatar_id: 'a1',
            voice_id: 'v1',
            script: 'This is a landscape video.',
            voice_settings: { speed: 1 },
            background: { type: 'color', color: '#003366' },
          },
        },
        {
          type: 'avatar_video',
          input: { type: 'avatar', avatar_id: 'a2', voice_id: 'v2', script: 'Second scene.' },
        },
      ],
    });
    expect(result.data.warnings).toEqual([
      'video_inputs[0].voice_settings.stability has no engine-neutral v3 field and was ignored',
    ]);
  });

  it('names the missing field of a scene', async () => {
    await expect(
      runCompatTool(
        'create_video',
        { video_inputs: [{ character: { avatar_id: 'a1' }, script: 'Hi' }] },
        createRecordingContext({}),
      ),
    ).rejects.toMatchObject({ field: 'video_inputs[0].character.voice_id' });
  });
});

describe('list_avatars and list_voices', () => {
  it('list_avatars answers data.avatars[i].avatar_id / avatar_name', async () => {
    const recording = createRecordingContext({
      avatar_look_list: {
        data: [
          {
            id: 'Daisy-inskirt-20220818',
            name: 'Daisy in skirt',
            avatar_type: 'studio_avatar',
            gender: 'female',
          },
          { id: 'look_unnamed', name: '', avatar_type: 'photo_avatar' },
        ],
        has_more: false,
        next_token: null,
      },
    });
    const result = await runCompatTool('list_avatars', {}, recording);
    expect(result.data.avatars.map((avatar: any) => [avatar.avatar_id, avatar.avatar_name])).toEqual([
      ['Daisy-inskirt-20220818', 'Daisy in skirt'],
      ['look_unnamed', ''],
    ]);
  });

  it('list_voices answers data.voices[i].voice_id / display_name / language, own voices first', async () => {
    const recording = createRecordingContext({
      voice_list: (input: Record<string, unknown>) => ({
        data:
          input.type === 'private'
            ? [
                {
                  voice_id: 'clone_1',
                  name: 'My voice',
                  language: 'German',
                  gender: 'male',
                  support_pause: true,
                  support_locale: false,
                  type: 'private',
                },
              ]
            : [
                {
                  voice_id: 'pub_1',
                  name: 'Ana - Cheerful',
                  language: 'English',
                  gender: 'female',
                  support_pause: true,
                  support_locale: true,
                  type: 'public',
                },
              ],
        has_more: false,
        next_token: null,
      }),
    });
    const result = await runCompatTool('list_voices', {}, recording);
    expect(
      result.data.voices.map((voice: any) => [voice.voice_id, voice.display_name, voice.language]),
    ).toEqual([
      ['clone_1', 'My voice', 'German'],
      ['pub_1', 'Ana - Cheerful', 'English'],
    ]);
  });
});

describe('get_current_user', () => {
  it('answers data.plan and data.remaining_quota from the v3 balance', async () => {
    const recording = createRecordingContext({
      user_me_get: {
        username: 'u_1',
        email: 'a@example.com',
        first_name: 'A',
        last_name: 'B',
        billing_type: 'subscription',
        subscription: {
          plan: 'creator',
          credits: { premium_credits: { remaining: 75 }, add_on_credits: { remaining: 5 } },
        },
      },
    });
    const result = await runCompatTool('get_current_user', {}, recording);
    expect(result.data).toMatchObject({
      username: 'u_1',
      plan: 'creator',
      remaining_quota: 80,
      remaining_quota_unit: 'credits',
    });
  });

  it('never hands Lua a nil plan or quota (concatenating nil is an error)', async () => {
    const recording = createRecordingContext({
      user_me_get: { username: 'u_2', email: null, first_name: null, last_name: null },
    });
    const result = await runCompatTool('get_current_user', {}, recording);
    expect(result.data).toMatchObject({
      plan: 'unknown',
      remaining_quota: 'unknown',
      remaining_quota_unit: 'unknown',
    });
  });
});

describe('list_templates', () => {
  it('emulates offset and answers data.templates[i].template_id / name', async () => {
    const templates = Array.from({ length: 30 }, (_, index) => ({
      id: `t${index + 1}`,
      name: `Template ${index + 1}`,
    }));
    const recording = createRecordingContext({
      template_list: { data: templates, has_more: false, next_token: null },
    });
    const result = await runCompatTool('list_templates', { limit: 20, offset: 25 }, recording);
    expect(recording.calls.map((call) => call.input)).toEqual([{ limit: 100 }]);
    expect(result.data.templates.map((template: any) => [template.template_id, template.name])).toEqual([
      ['t26', 'Template 26'],
      ['t27', 'Template 27'],
      ['t28', 'Template 28'],
      ['t29', 'Template 29'],
      ['t30', 'Template 30'],
    ]);
    expect(result.data.has_more).toBe(false);
  });
});
