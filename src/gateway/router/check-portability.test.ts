import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool, lazySchema, type Portability, type ToolDefinition } from '../../catalog/define-tool.ts';
import { checkPortability } from './check-portability.ts';

function tool(portability: Portability): ToolDefinition {
  return defineTool({
    name: 'sample_create',
    title: 'Sample',
    description: 'Sample tool for portability checks.',
    area: 'samples',
    endpoint: { method: 'POST', path: '/v3/samples', host: 'api', envelope: 'v3' },
    access: 'write',
    idempotent: false,
    portability,
    heygenAuth: ['api_key'],
    family: 'heygate',
    input: lazySchema(() => z.object({}).passthrough()),
    output: lazySchema(() => z.unknown()),
    implementation: { kind: 'http' },
  });
}

describe('checkPortability', () => {
  const scoped = tool({ accountScoped: ['folder_id', 'scenes[].input.asset_id', 'image.asset_id'] });

  it('is portable when no account-scoped path is set', () => {
    expect(
      checkPortability(scoped, { script: 'hi', folder_id: '', image: { asset_id: null }, scenes: [] }),
    ).toEqual({
      portable: true,
      scopedFields: [],
      dependsOnPublicIds: false,
    });
  });

  it('names every set path, through arrays and nested objects', () => {
    const verdict = checkPortability(scoped, {
      folder_id: 'f1',
      scenes: [{ input: { asset_id: 'a1' } }, { input: {} }, { input: { asset_id: 'a3' } }],
      image: { asset_id: 'img' },
    });
    expect(verdict.portable).toBe(false);
    expect(verdict.scopedFields).toEqual([
      'folder_id',
      'scenes[0].input.asset_id',
      'scenes[2].input.asset_id',
      'image.asset_id',
    ]);
  });

  it('treats ids under public id paths as portable when the tool says public ids are shared', () => {
    const video = tool({
      accountScoped: ['avatar_id', 'voice_id', 'audio_asset_id'],
      publicIdsPortable: true,
      publicIdPaths: ['avatar_id', 'voice_id'],
    });
    expect(checkPortability(video, { avatar_id: 'Abigail_public', voice_id: 'v1' })).toMatchObject({
      portable: true,
      dependsOnPublicIds: true,
    });
    // An asset id is never public: the call stays on its account even though the avatar may be public.
    expect(checkPortability(video, { avatar_id: 'Abigail_public', audio_asset_id: 'asset_1' })).toMatchObject(
      {
        portable: false,
        scopedFields: ['avatar_id', 'audio_asset_id'],
      },
    );
  });

  it('without publicIdPaths, publicIdsPortable covers every scoped path', () => {
    const legacy = tool({ accountScoped: ['voice_id'], publicIdsPortable: true });
    expect(checkPortability(legacy, { voice_id: 'v' })).toMatchObject({
      portable: true,
      dependsOnPublicIds: true,
    });
  });

  it('never moves a tool marked `*` (bound to its account as a whole)', () => {
    expect(checkPortability(tool({ accountScoped: ['*'] }), {})).toEqual({
      portable: false,
      scopedFields: ['*'],
      dependsOnPublicIds: false,
    });
  });

  it('counts an array of ids as set when any element is', () => {
    const list = tool({ accountScoped: ['video_ids'] });
    expect(checkPortability(list, { video_ids: ['', 'v2'] }).portable).toBe(false);
    expect(checkPortability(list, { video_ids: [] }).portable).toBe(true);
  });
});
