import { describe, expect, it } from 'vitest';
import { findTool } from '../index.ts';
import { createRecordingContext, runCompatTool } from './recording-context.ts';

const template = {
  id: 'tpl_3f9a',
  name: 'Welcome email',
  aspect_ratio: '16:9',
  thumbnail_url: 'https://resource2.heygen.ai/template/3f9a.jpg',
  created_at: 1_750_000_000,
  updated_at: 1_755_000_000,
  variables: {
    first_name: { name: 'first_name', type: 'text', properties: { content: 'there' } },
  },
  scene_ids: ['sc_1'],
  scenes: [
    {
      scene_id: 'sc_1',
      script: 'Hi {{first_name}}!',
      variables: [{ name: 'first_name', variable_type: 'text' }],
    },
  ],
};

describe('v2_template_generate', () => {
  it('sends the same fields to v3 (minus test) and returns the video id', async () => {
    const recording = createRecordingContext({
      template_generate: { id: 'vid_from_tpl', status: 'pending' },
    });
    const variables = { first_name: { name: 'first_name', type: 'text', properties: { content: 'John' } } };
    const result = await runCompatTool(
      'v2_template_generate',
      {
        template_id: 'tpl_3f9a',
        variables,
        title: 'Welcome John',
        caption: false,
        test: true,
        dimension: { width: 1280, height: 720 },
        enable_sharing: true,
      },
      recording,
    );
    expect(recording.calls).toEqual([
      {
        tool: 'template_generate',
        input: {
          template_id: 'tpl_3f9a',
          variables,
          title: 'Welcome John',
          caption: false,
          dimension: { width: 1280, height: 720 },
          enable_sharing: true,
        },
      },
    ]);
    expect(result).toEqual({
      video_id: 'vid_from_tpl',
      status: 'pending',
      warnings: ['test: v3 has no test mode; the video was rendered and billed normally'],
    });
  });
});

describe('template reads', () => {
  it('v2_template_id keeps the variables keyed by name and adds template_id', async () => {
    const recording = createRecordingContext({ template_get: template });
    const result = await runCompatTool('v2_template_id', { template_id: 'tpl_3f9a' }, recording);
    expect(recording.calls).toEqual([{ tool: 'template_get', input: { template_id: 'tpl_3f9a' } }]);
    expect(result).toMatchObject({ template_id: 'tpl_3f9a', variables: template.variables });
  });

  it('retrieve_template_details_v3 gives scenes the early names too', async () => {
    const recording = createRecordingContext({ template_get: template });
    const result = await runCompatTool(
      'retrieve_template_details_v3',
      { template_id: 'tpl_3f9a' },
      recording,
    );
    expect(result.version).toBeNull();
    expect(result.scenes).toEqual([
      {
        scene_id: 'sc_1',
        id: 'sc_1',
        script: 'Hi {{first_name}}!',
        variables: [{ name: 'first_name', variable_type: 'text', type: 'text' }],
      },
    ]);
  });

  it('v2_templates reads every page and renames id and thumbnail', async () => {
    const recording = createRecordingContext({
      template_list: [
        { data: [template], has_more: true, next_token: 't2' },
        { data: [{ ...template, id: 'tpl_2', name: 'Promo' }], has_more: false, next_token: null },
      ],
    });
    const result = await runCompatTool('v2_templates', {}, recording);
    expect(recording.calls.map((call) => call.input)).toEqual([{ limit: 100 }, { limit: 100, token: 't2' }]);
    expect(result.templates.map((item: any) => [item.template_id, item.thumbnail_image_url])).toEqual([
      ['tpl_3f9a', template.thumbnail_url],
      ['tpl_2', template.thumbnail_url],
    ]);
  });
});

describe('personalized video tools stay on v1', () => {
  it('send the project id in the query string', () => {
    expect(findTool('personalized_video_project_detail')?.implementation).toEqual({
      kind: 'http',
      request: { query: ['id'] },
    });
  });
});
