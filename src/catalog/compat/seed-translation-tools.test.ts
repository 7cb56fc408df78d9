import { describe, expect, it } from 'vitest';
import { findTool } from '../index.ts';
import { createRecordingContext, runCompatTool } from './recording-context.ts';

describe('v2_video_translate', () => {
  it('turns URLs into v3 sources, merges the languages and returns one id per language', async () => {
    const recording = createRecordingContext({
      video_translation_create: { video_translation_ids: ['vt_es_1', 'vt_fr_2'] },
    });
    const result = await runCompatTool(
      'v2_video_translate',
      {
        video_url: 'https://static.example.com/originalnew.mp4',
        output_language: 'Spanish',
        output_languages: ['French', 'Spanish'],
        title: 'Launch',
        speaker_num: 1,
        srt_url: 'https://static.example.com/subs.srt',
        srt_role: 'input',
        mode: 'precision',
      },
      recording,
    );
    expect(recording.calls).toEqual([
      {
        tool: 'video_translation_create',
        input: {
          video: { type: 'url', url: 'https://static.example.com/originalnew.mp4' },
          output_languages: ['Spanish', 'French'],
          title: 'Launch',
          speaker_num: 1,
          srt: { type: 'url', url: 'https://static.example.com/subs.srt' },
          srt_role: 'input',
          mode: 'precision',
        },
      },
    ]);
    expect(result).toEqual({ video_translate_id: 'vt_es_1', video_translate_ids: ['vt_es_1', 'vt_fr_2'] });
  });

  it('needs at least one output language', async () => {
    const recording = createRecordingContext({});
    await expect(
      runCompatTool('v2_video_translate', { video_url: 'https://static.example.com/a.mp4' }, recording),
    ).rejects.toMatchObject({ field: 'output_language' });
  });

  it('waits with the v2 status tool and v2 terminal states', () => {
    expect(findTool('v2_video_translate')?.job).toMatchObject({
      statusTool: 'v2_video_translate_id_status',
      idField: 'video_translate_id',
      resultIdPath: 'video_translate_id',
      success: ['success'],
      failure: ['failed'],
    });
  });
});

describe('v2_video_translate_id_status', () => {
  it.each([
    ['completed', 'success'],
    ['running', 'running'],
    ['pending', 'pending'],
    ['failed', 'failed'],
  ])('reports v3 %s as %s with the v2 field names', async (v3, legacy) => {
    const recording = createRecordingContext({
      video_translation_get: {
        id: 'vt_es_1',
        status: v3,
        video_url: v3 === 'completed' ? 'https://files2.heygen.ai/vt/es.mp4' : null,
        failure_message: v3 === 'failed' ? 'No speech detected' : null,
        output_language: 'Spanish',
        srt_caption_url: null,
      },
    });
    const result = await runCompatTool(
      'v2_video_translate_id_status',
      { video_translate_id: 'vt_es_1' },
      recording,
    );
    expect(recording.calls[0]).toEqual({
      tool: 'video_translation_get',
      input: { video_translation_id: 'vt_es_1' },
    });
    expect(result).toMatchObject({
      video_translate_id: 'vt_es_1',
      status: legacy,
      url: v3 === 'completed' ? 'https://files2.heygen.ai/vt/es.mp4' : null,
      message: v3 === 'failed' ? 'No speech detected' : null,
    });
  });
});

describe('v2_video_translate_target_languages', () => {
  it('passes the language names through', async () => {
    const languages = ['English', 'Spanish (Mexico)', 'Portuguese (Brazil)'];
    const recording = createRecordingContext({ video_translation_language_list: { languages } });
    const result = await runCompatTool('v2_video_translate_target_languages', {}, recording);
    expect(result.languages).toEqual(languages);
  });
});
