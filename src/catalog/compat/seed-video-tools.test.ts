import { describe, expect, it } from 'vitest';
import { shippedPrices } from '../price-table.ts';
import { InvalidInputError } from '../errors.ts';
import { findTool } from '../index.ts';
import { createRecordingContext, runCompatTool } from './recording-context.ts';

/** A completed v3 video as `video_get` returns it (envelope already unwrapped by the client). */
const completedVideo = {
  id: '8f2c1a7e5b3d4c09a1e2f3b4c5d6e7f8',
  status: 'completed',
  video_url: 'https://files2.heygen.ai/aws_pacific/avatar_tmp/8f2c.mp4?Expires=1761600000',
  thumbnail_url: 'https://files2.heygen.ai/aws_pacific/avatar_tmp/8f2c.jpg',
  gif_url: 'https://resource2.heygen.ai/video/gifs/8f2c.gif',
  captioned_video_url: null,
  subtitle_url: 'https://files2.heygen.ai/aws_pacific/avatar_tmp/8f2c.srt',
  duration: 21.43,
  created_at: 1_761_000_000,
  completed_at: 1_761_000_287,
  folder_id: null,
  video_page_url: 'https://app.heygen.com/videos/8f2c1a7e5b3d4c09a1e2f3b4c5d6e7f8',
};

const created = { video_id: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', status: 'pending', output_format: 'mp4' };

describe('v2_video_generate', () => {
  it('turns one v2 scene into a v3 avatar video and answers with the v2 shape', async () => {
    const recording = createRecordingContext({ video_create: created });
    const result = await runCompatTool(
      'v2_video_generate',
      {
        video_inputs: [
          {
            character: {
              type: 'avatar',
              avatar_id: 'Kristin_public_3_20240108',
              avatar_style: 'normal',
              matting: true,
            },
            voice: {
              type: 'text',
              input_text: 'Welcome to the new era of video creation.',
              voice_id: '2f72ee82b83d4b00af16c4771d611752',
              speed: 1.1,
              locale: 'en-US',
            },
            background: { type: 'color', value: '#FAFAFA' },
          },
        ],
        dimension: { width: 1280, height: 720 },
        caption: true,
        callback_id: 'order-42',
      },
      recording,
    );
    expect(recording.calls).toEqual([
      {
        tool: 'video_create',
        input: {
          type: 'avatar',
          avatar_id: 'Kristin_public_3_20240108',
          script: 'Welcome to the new era of video creation.',
          voice_id: '2f72ee82b83d4b00af16c4771d611752',
          voice_settings: { speed: 1.1, locale: 'en-US' },
          background: { type: 'color', value: '#FAFAFA' },
          remove_background: true,
          aspect_ratio: '16:9',
          resolution: '720p',
          caption: { file_format: 'srt', style: 'default' },
          callback_id: 'order-42',
        },
      },
    ]);
    expect(result).toEqual({ video_id: created.video_id, status: 'pending' });
  });

  it('turns several scenes into a studio video and reports what v3 cannot carry', async () => {
    const recording = createRecordingContext({ video_create: created });
    const result = await runCompatTool(
      'v2_video_generate',
      {
        video_inputs: [
          {
            character: { type: 'avatar', avatar_id: 'look_a', avatar_style: 'closeUp', scale: 1.2 },
            voice: { type: 'text', input_text: 'Scene one.', voice_id: 'voice_a', emotion: 'Friendly' },
          },
          {
            character: { type: 'talking_photo', talking_photo_id: 'tp_123', talking_style: 'expressive' },
            voice: { type: 'audio', audio_url: 'https://cdn.example/narration.mp3' },
          },
        ],
        dimension: { width: 1080, height: 1920 },
        title: 'Quarterly update',
        folder_id: 'fld_1',
        test: true,
      },
      recording,
    );
    expect(recording.calls[0]?.input).toEqual({
      type: 'studio',
      aspect_ratio: '9:16',
      resolution: '720p',
      scenes: [
        {
          type: 'avatar_video',
          input: { type: 'avatar', avatar_id: 'look_a', script: 'Scene one.', voice_id: 'voice_a' },
        },
        {
          type: 'avatar_video',
          input: {
            type: 'avatar',
            avatar_id: 'tp_123',
            audio_url: 'https://cdn.example/narration.mp3',
            expressiveness: 'high',
          },
        },
      ],
    });
    expect(result.video_id).toBe(created.video_id);
    expect(result.warnings).toEqual([
      'video_inputs[0].character: scale, avatar_style have no v3 field and were ignored',
      'video_inputs[0].voice.emotion has no v3 field and was ignored',
      'title: v3 video creation takes no title; the video keeps HeyGen’s default name',
      'folder_id: v3 video creation takes no folder; the video lands in the root',
      'test: v3 has no test mode; rendered a billed 720p video instead of a free preview',
    ]);
  });

  it('rejects a silence scene and a video background before calling HeyGen', async () => {
    const recording = createRecordingContext({ video_create: created });
    await expect(
      runCompatTool(
        'v2_video_generate',
        {
          video_inputs: [{ character: { avatar_id: 'a' }, voice: { type: 'silence', duration: 2 } }],
          dimension: { width: 1280, height: 720 },
        },
        recording,
      ),
    ).rejects.toMatchObject({ code: 'invalid_input', field: 'video_inputs[0].voice.type' });
    await expect(
      runCompatTool(
        'v2_video_generate',
        {
          video_inputs: [
            {
              character: { avatar_id: 'a' },
              voice: { input_text: 'Hi', voice_id: 'v' },
              background: { type: 'video', url: 'https://cdn.example/bg.mp4' },
            },
          ],
          dimension: { width: 1280, height: 720 },
        },
        recording,
      ),
    ).rejects.toBeInstanceOf(InvalidInputError);
    expect(recording.calls).toEqual([]);
  });

  it('estimates the cost from the translated v3 input in USD', () => {
    const tool = findTool('v2_video_generate');
    const script = Array.from({ length: 150 }, () => 'word').join(' ');
    const estimate = tool?.cost?.estimate?.(
      {
        video_inputs: [{ character: { avatar_id: 'a' }, voice: { input_text: script, voice_id: 'v' } }],
        dimension: { width: 1920, height: 1080 },
      },
      shippedPrices,
    );
    // 150 words ≈ 60 s at the Avatar IV rate of the v3 price list.
    expect(estimate).toBeCloseTo(60 * 0.0667, 2);
  });
});

describe('create_webm_video', () => {
  it('sends a WebM avatar video with the pose as look id', async () => {
    const recording = createRecordingContext({ video_create: { ...created, output_format: 'webm' } });
    const result = await runCompatTool(
      'create_webm_video',
      {
        avatar_pose_id: 'Vanessa-invest-20220722',
        avatar_style: 'closeUp',
        input_text: 'Transparent hello.',
        voice_id: '1bd001e7e50f421d891986aad5158bc8',
      },
      recording,
    );
    expect(recording.calls[0]?.input).toEqual({
      type: 'avatar',
      avatar_id: 'Vanessa-invest-20220722',
      script: 'Transparent hello.',
      voice_id: '1bd001e7e50f421d891986aad5158bc8',
      output_format: 'webm',
      aspect_ratio: '16:9',
      resolution: '720p',
    });
    expect(result).toEqual({
      video_id: created.video_id,
      status: 'pending',
      warnings: ['avatar_style closeUp has no v3 field and was ignored'],
    });
  });

  it('uses the audio URL instead of text, and needs one of them', async () => {
    const recording = createRecordingContext({ video_create: created });
    await runCompatTool(
      'create_webm_video',
      { avatar_pose_id: 'pose', input_audio: 'https://cdn.example/a.mp3' },
      recording,
    );
    expect(recording.calls[0]?.input).toMatchObject({ audio_url: 'https://cdn.example/a.mp3' });
    expect(recording.calls[0]?.input).not.toHaveProperty('script');
    await expect(
      runCompatTool('create_webm_video', { avatar_pose_id: 'pose' }, recording),
    ).rejects.toMatchObject({
      field: 'input_text',
    });
  });
});

describe('retrieve_video_status', () => {
  it('reads the v3 video and answers in the v1 status shape', async () => {
    const recording = createRecordingContext({ video_get: completedVideo });
    const result = await runCompatTool('retrieve_video_status', { video_id: completedVideo.id }, recording);
    expect(recording.calls).toEqual([{ tool: 'video_get', input: { video_id: completedVideo.id } }]);
    expect(result).toMatchObject({
      id: completedVideo.id,
      video_id: completedVideo.id,
      status: 'completed',
      video_url: completedVideo.video_url,
      caption_url: completedVideo.subtitle_url,
      video_url_caption: null,
      error: null,
    });
  });

  it('is the status tool of the legacy video creates, with v1 terminal states', () => {
    for (const name of ['v2_video_generate', 'create_webm_video', 'v2_template_generate']) {
      expect(findTool(name)?.job).toMatchObject({
        statusTool: 'retrieve_video_status',
        idField: 'video_id',
        resultIdPath: 'video_id',
        success: ['completed'],
        failure: ['failed'],
      });
    }
  });
});

describe('v1_video_list', () => {
  it('passes the filters and maps items and cursor to the v1 names', async () => {
    const recording = createRecordingContext({
      video_list: {
        data: [
          completedVideo,
          { id: 'tr_1', status: 'processing', output_language: 'Spanish', created_at: 1_761_000_100 },
        ],
        has_more: true,
        next_token: 'eyJvZmZzZXQiOjJ9',
      },
    });
    const result = await runCompatTool(
      'v1_video_list',
      { limit: 2, folder_id: 'fld_9', token: 'prev' },
      recording,
    );
    expect(recording.calls[0]?.input).toEqual({ limit: 2, folder_id: 'fld_9', token: 'prev' });
    expect(result.token).toBe('eyJvZmZzZXQiOjJ9');
    expect(result.videos.map((video: any) => [video.video_id, video.status, video.type])).toEqual([
      [completedVideo.id, 'completed', 'GENERATED'],
      ['tr_1', 'processing', 'TRANSLATED'],
    ]);
  });

  it('treats limit 0 as "default" because v3 needs at least 1', async () => {
    const recording = createRecordingContext({ video_list: { data: [], has_more: false, next_token: null } });
    const result = await runCompatTool('v1_video_list', { limit: 0 }, recording);
    expect(recording.calls[0]?.input).toEqual({});
    expect(result).toEqual({ videos: [], token: null });
  });
});

describe('delete_video', () => {
  it('moves the id to the v3 path parameter', async () => {
    const recording = createRecordingContext({ video_delete: { id: completedVideo.id, deleted: true } });
    const result = await runCompatTool('delete_video', { video_id: completedVideo.id }, recording);
    expect(recording.calls).toEqual([{ tool: 'video_delete', input: { video_id: completedVideo.id } }]);
    expect(result).toMatchObject({ video_id: completedVideo.id, deleted: true });
  });
});
