import { describe, expect, it } from 'vitest';
import { createRecordingContext, runCompatTool } from './recording-context.ts';

const voice = (id: string, type: 'public' | 'private', language = 'English') => ({
  voice_id: id,
  name: `Voice ${id}`,
  language,
  gender: 'female',
  preview_audio_url: `https://static.heygen.ai/voice_preview/${id}.wav`,
  support_pause: true,
  support_locale: false,
  type,
});

const speech = {
  audio_url: 'https://files2.heygen.ai/audio/tts_7c1e.mp3',
  duration: 3.2,
  request_id: 'req_91ab',
  word_timestamps: [
    { word: 'Hello', start: 0, end: 0.4 },
    { word: 'world', start: 0.45, end: 0.9 },
  ],
};

describe('generate_speech_starfish', () => {
  it('passes the same fields to v3 speech and returns its answer', async () => {
    const recording = createRecordingContext({ voice_speech_create: speech });
    const result = await runCompatTool(
      'generate_speech_starfish',
      { text: 'Hello world', voice_id: 'sf_1', speed: 1.25, locale: 'en-GB' },
      recording,
    );
    expect(recording.calls).toEqual([
      {
        tool: 'voice_speech_create',
        input: { text: 'Hello world', voice_id: 'sf_1', speed: 1.25, locale: 'en-GB' },
      },
    ]);
    expect(result).toEqual(speech);
  });

  it('rejects a speed outside 0.5–2.0 before calling', async () => {
    const recording = createRecordingContext({});
    await expect(
      runCompatTool('generate_speech_starfish', { text: 'x', voice_id: 'v', speed: 3 }, recording),
    ).rejects.toMatchObject({ field: 'speed' });
  });
});

describe('generate_voice_audio_preview', () => {
  it('synthesizes with v3 speech, keeps speed, drops the rest with warnings', async () => {
    const recording = createRecordingContext({ voice_speech_create: speech });
    const result = await runCompatTool(
      'generate_voice_audio_preview',
      {
        voice_id: 'sf_1',
        text: '<speak>Hello</speak>',
        text_type: 'ssml',
        settings: { speed: 0.9, stability: 0.4 },
        generation_type: 'preview',
      },
      recording,
    );
    expect(recording.calls[0]?.input).toEqual({
      text: '<speak>Hello</speak>',
      voice_id: 'sf_1',
      input_type: 'ssml',
      speed: 0.9,
    });
    expect(result).toEqual({
      audio_url: speech.audio_url,
      duration: 3.2,
      request_id: 'req_91ab',
      warnings: [
        'settings.stability have no v3 field and were ignored',
        'generation_type has no v3 field and was ignored',
      ],
    });
  });

  it('returns word timestamps only when asked', async () => {
    const recording = createRecordingContext({ voice_speech_create: speech });
    const result = await runCompatTool(
      'generate_voice_audio_preview',
      { voice_id: 'sf_1', text: 'Hello world', with_timestamps: true },
      recording,
    );
    expect(result.word_timestamps).toEqual(speech.word_timestamps);
  });
});

describe('list_brand_glossaries', () => {
  it('renames brand_glossary_id to the v1 id and the cursor to token', async () => {
    const recording = createRecordingContext({
      brand_glossary_list: {
        data: [
          {
            brand_glossary_id: 'bg_1',
            name: 'Acme terms',
            created_at: '2026-01-02T03:04:05Z',
            updated_at: '2026-02-01T00:00:00Z',
          },
        ],
        has_more: true,
        next_token: 'bgtok',
      },
    });
    const result = await runCompatTool('list_brand_glossaries', { limit: 1, name_only: true }, recording);
    expect(recording.calls[0]?.input).toEqual({ limit: 1 });
    expect(result).toMatchObject({ list: [{ id: 'bg_1', name: 'Acme terms' }], total: 1, token: 'bgtok' });
  });
});

describe('list_starfish_voices', () => {
  it('adds engine=starfish and keeps the v3 page shape the legacy route already had', async () => {
    const recording = createRecordingContext({
      voice_list: { data: [voice('sf_1', 'public')], has_more: true, next_token: 'vt' },
    });
    const result = await runCompatTool('list_starfish_voices', { language: 'English', limit: 1 }, recording);
    expect(recording.calls[0]?.input).toEqual({ engine: 'starfish', language: 'English', limit: 1 });
    expect(result).toEqual({ data: [voice('sf_1', 'public')], has_more: true, next_token: 'vt' });
  });
});

describe('v2_voices and v1_voice_list', () => {
  const responses = () => ({
    voice_list: (input: Record<string, unknown>) =>
      input.type === 'private'
        ? { data: [voice('clone_1', 'private')], has_more: false, next_token: null }
        : input.token === undefined
          ? {
              data: [voice('pub_1', 'public'), voice('pub_2', 'public', 'French')],
              has_more: true,
              next_token: 'p2',
            }
          : { data: [voice('pub_3', 'public', 'Spanish')], has_more: false, next_token: null },
  });

  it('v2_voices reads private clones and every public page, with v2 field names', async () => {
    const recording = createRecordingContext(responses());
    const result = await runCompatTool('v2_voices', {}, recording);
    expect(recording.calls.map((call) => call.input)).toEqual([
      { type: 'private', limit: 100 },
      { type: 'public', limit: 100 },
      { type: 'public', limit: 100, token: 'p2' },
    ]);
    expect(
      result.voices.map((item: any) => [item.voice_id, item.preview_audio, item.emotion_support]),
    ).toEqual([
      ['clone_1', 'https://static.heygen.ai/voice_preview/clone_1.wav', null],
      ['pub_1', 'https://static.heygen.ai/voice_preview/pub_1.wav', null],
      ['pub_2', 'https://static.heygen.ai/voice_preview/pub_2.wav', null],
      ['pub_3', 'https://static.heygen.ai/voice_preview/pub_3.wav', null],
    ]);
    expect(result.has_more).toBe(false);
  });

  it('v1_voice_list answers `list` with display_name', async () => {
    const recording = createRecordingContext(responses());
    const result = await runCompatTool('v1_voice_list', {}, recording);
    expect(result.list.map((item: any) => item.display_name)).toEqual([
      'Voice clone_1',
      'Voice pub_1',
      'Voice pub_2',
      'Voice pub_3',
    ]);
  });

  it('a token continues the public list only', async () => {
    const recording = createRecordingContext(responses());
    const result = await runCompatTool('v2_voices', { token: 'p2' }, recording);
    expect(recording.calls.map((call) => call.input)).toEqual([{ type: 'public', limit: 100, token: 'p2' }]);
    expect(result.voices).toHaveLength(1);
  });
});
