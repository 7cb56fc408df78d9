import { describe, expect, it } from 'vitest';
import { findTool } from '../index.ts';
import { createRecordingContext, runCompatTool } from './recording-context.ts';

const pngBase64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('upload_asset', () => {
  it('uploads through v3 multipart and answers with the v1 asset shape (image_key = asset id)', async () => {
    const recording = createRecordingContext({
      asset_create: {
        asset_id: 'ast_5e1f',
        url: 'https://resource2.heygen.ai/image/5e1f/original.png',
        mime_type: 'image/png',
        size_bytes: 68,
      },
    });
    const file = { base64: pngBase64, filename: 'logo.png', content_type: 'image/png' };
    const result = await runCompatTool('upload_asset', { file }, recording);
    expect(recording.calls).toEqual([{ tool: 'asset_create', input: { file } }]);
    expect(result).toMatchObject({
      id: 'ast_5e1f',
      image_key: 'ast_5e1f',
      name: 'logo.png',
      file_type: 'image',
      url: 'https://resource2.heygen.ai/image/5e1f/original.png',
    });
  });

  it('is carried on v3, not on the legacy raw upload', () => {
    expect(findTool('upload_asset')?.endpoint).toEqual({
      method: 'POST',
      path: '/v3/assets',
      host: 'api',
      envelope: 'v3',
    });
  });
});

describe('list_assets', () => {
  it('looks up the username first (v3 needs it), then lists and filters by file type within the page', async () => {
    const recording = createRecordingContext({
      user_me_get: { username: 'u_8c2e', email: 'ops@example.com', first_name: 'Ops', last_name: 'Team' },
      asset_list: {
        data: [
          {
            id: 'a1',
            name: 'intro.mp4',
            type: 'video',
            owner: 'u_8c2e',
            space_id: 's1',
            uploaded_at: 1_760_000_000,
            url: 'https://r/a1',
          },
          {
            id: 'a2',
            name: 'logo.png',
            type: 'image',
            owner: 'u_8c2e',
            space_id: 's1',
            uploaded_at: 1_760_000_100,
            url: 'https://r/a2',
            folder_id: 'f1',
          },
        ],
        has_more: true,
        next_token: 'at2',
      },
    });
    const result = await runCompatTool(
      'list_assets',
      { file_type: 'image', limit: 2, folder_id: 'f1' },
      recording,
    );
    expect(recording.calls).toEqual([
      { tool: 'user_me_get', input: {} },
      { tool: 'asset_list', input: { username: 'u_8c2e', limit: 2, folder_id: 'f1' } },
    ]);
    expect(result.assets).toHaveLength(1);
    expect(result.assets[0]).toMatchObject({
      id: 'a2',
      file_type: 'image',
      created_ts: 1_760_000_100,
      folder_id: 'f1',
    });
    expect(result.token).toBe('at2');
  });
});

describe('delete_asset', () => {
  it('deletes the v3 asset', async () => {
    const recording = createRecordingContext({ asset_delete: { id: 'ast_1' } });
    const result = await runCompatTool('delete_asset', { asset_id: 'ast_1' }, recording);
    expect(recording.calls).toEqual([{ tool: 'asset_delete', input: { asset_id: 'ast_1' } }]);
    expect(result).toEqual({ id: 'ast_1', deleted: true });
  });
});

describe('folder tools stay on v1', () => {
  it('put ids in the path and list filters in the query', () => {
    expect(findTool('trash_folder')?.implementation).toEqual({
      kind: 'http',
      request: { path: ['folder_id'] },
    });
    expect(findTool('update_folder')?.endpoint.path).toBe('/v1/folders/{folder_id}');
    expect(findTool('list_folders')?.implementation).toMatchObject({
      request: { query: ['limit', 'parent_id', 'name_filter', 'is_trash', 'token'] },
    });
  });
});
