import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors.ts';
import { buildV3VideoCreate, dimensionToV3, toLegacyVideo, type NeutralScene } from './video-mapping.ts';

describe('dimensionToV3', () => {
  it.each([
    [1920, 1080, '16:9', '1080p', true],
    [1280, 720, '16:9', '720p', true],
    [1080, 1920, '9:16', '1080p', true],
    [3840, 2160, '16:9', '4k', true],
    [1080, 1080, '1:1', '1080p', true],
    [1080, 1350, '4:5', '1080p', true],
    [1350, 1080, '5:4', '1080p', true],
    [720, 720, '1:1', '720p', true],
  ])('%ix%i → %s %s', (width, height, ratio, resolution, exact) => {
    expect(dimensionToV3({ width, height })).toEqual({ aspect_ratio: ratio, resolution, exact });
  });

  it('takes the nearest ratio and says it was not exact', () => {
    expect(dimensionToV3({ width: 2560, height: 1080 })).toEqual({
      aspect_ratio: '16:9',
      resolution: '1080p',
      exact: false,
    });
    expect(dimensionToV3({ width: 1000, height: 1100 })).toMatchObject({ aspect_ratio: '1:1', exact: false });
  });
});

describe('toLegacyVideo', () => {
  it('renames v3 fields to the v1 video_status.get names and keeps the v3 ones', () => {
    const legacy = toLegacyVideo({
      id: 'vid_1',
      status: 'completed',
      video_url: 'https://files.example/v.mp4',
      captioned_video_url: 'https://files.example/v_cap.mp4',
      subtitle_url: 'https://files.example/v.srt',
      thumbnail_url: 'https://files.example/t.jpg',
      duration: 12.5,
      created_at: 1_760_000_000,
    });
    expect(legacy).toMatchObject({
      id: 'vid_1',
      video_id: 'vid_1',
      status: 'completed',
      video_url_caption: 'https://files.example/v_cap.mp4',
      caption_url: 'https://files.example/v.srt',
      captioned_video_url: 'https://files.example/v_cap.mp4',
      duration: 12.5,
      error: null,
    });
  });

  it('turns failure_code/failure_message into the v1 error object', () => {
    const legacy = toLegacyVideo({
      id: 'vid_2',
      status: 'failed',
      failure_code: 'avatar_not_found',
      failure_message: 'Avatar does not exist',
    });
    expect(legacy.error).toEqual({
      code: 'avatar_not_found',
      message: 'Avatar does not exist',
      detail: 'Avatar does not exist',
    });
    expect(legacy.video_url).toBeNull();
  });
});

const scene = (overrides: Partial<NeutralScene> = {}): NeutralScene => ({
  field: 'video_inputs[0]',
  avatar_id: 'look_1',
  script: 'Hello there',
  voice_id: 'voice_1',
  ...overrides,
});

describe('buildV3VideoCreate', () => {
  const size = { aspect_ratio: '16:9', resolution: '1080p' } as const;

  it('makes one scene an avatar video with the avatar options', () => {
    const built = buildV3VideoCreate(
      'tool',
      [scene({ background: { type: 'image', url: 'https://img' }, remove_background: true })],
      { ...size, caption: true, callback_id: 'cb', output_format: 'webm' },
    );
    expect(built.input).toEqual({
      type: 'avatar',
      avatar_id: 'look_1',
      script: 'Hello there',
      voice_id: 'voice_1',
      background: { type: 'image', url: 'https://img' },
      remove_background: true,
      output_format: 'webm',
      aspect_ratio: '16:9',
      resolution: '1080p',
      caption: { file_format: 'srt', style: 'default' },
      callback_id: 'cb',
    });
  });

  it('makes several scenes a studio video with avatar_video scenes and colour backgrounds', () => {
    const built = buildV3VideoCreate(
      'tool',
      [
        scene({ background: { type: 'color', value: '#112233' } }),
        scene({ field: 'video_inputs[1]', avatar_id: 'look_2', script: 'Bye', remove_background: true }),
      ],
      size,
    );
    expect(built.input).toEqual({
      type: 'studio',
      aspect_ratio: '16:9',
      resolution: '1080p',
      scenes: [
        {
          type: 'avatar_video',
          input: {
            type: 'avatar',
            avatar_id: 'look_1',
            script: 'Hello there',
            voice_id: 'voice_1',
            background: { type: 'color', color: '#112233' },
          },
        },
        {
          type: 'avatar_video',
          input: { type: 'avatar', avatar_id: 'look_2', script: 'Bye', voice_id: 'voice_1' },
        },
      ],
    });
    expect(built.warnings).toEqual([
      'video_inputs[1]: background removal (matting) is not available on multi-scene v3 videos',
    ]);
  });

  it('rejects an image background between several scenes, naming the field', () => {
    const build = () =>
      buildV3VideoCreate(
        'v2_video_generate',
        [scene(), scene({ field: 'video_inputs[1]', background: { type: 'image', url: 'https://img' } })],
        size,
      );
    expect(build).toThrow(InvalidInputError);
    try {
      build();
    } catch (error) {
      expect((error as InvalidInputError).field).toBe('video_inputs[1].background');
    }
  });

  it('rejects WebM with several scenes and more than 50 scenes', () => {
    expect(() => buildV3VideoCreate('t', [scene(), scene()], { ...size, output_format: 'webm' })).toThrow(
      /WebM output needs a single scene/,
    );
    expect(() =>
      buildV3VideoCreate(
        't',
        Array.from({ length: 51 }, () => scene()),
        size,
      ),
    ).toThrow(/50 scenes/);
  });
});
