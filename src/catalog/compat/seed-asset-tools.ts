import { z } from 'zod';
import type { ToolDefinition } from '../define-tool.ts';
import { fileInput } from '../schemas.ts';
import {
  defineLegacySeedTool,
  defineSeedTool,
  looseNullableResult,
  looseResult,
  strictInput,
} from './define-seed-tool.ts';
import {
  compact,
  isJsonObject,
  numberField,
  readV3Object,
  readV3Page,
  stringField,
  type JsonObject,
} from './v3-result.ts';

/** Seed tools for assets (uploaded media) and folders. */

/** `image/png` → `image`: the legacy `file_type` is the MIME family. */
function fileTypeOf(type: string | null): string | null {
  if (!type) return null;
  return type.split('/')[0]?.toLowerCase() ?? null;
}

const uploadAsset = defineSeedTool({
  name: 'upload_asset',
  title: 'Upload a media asset',
  description:
    'Upload an image, video or audio file (PNG, JPEG, MP4, WebM, MP3; up to 32 MB) and get its `id` for use in ' +
    'videos, backgrounds, photo avatars and translations. Runs on HeyGen v3 (multipart POST /v3/assets) instead ' +
    'of v1’s raw upload; `image_key` is set to the same asset id, which the photo-avatar tools accept. Give ' +
    '`file` as { base64, filename, content_type }. Larger files: asset_direct_upload_create.',
  area: 'assets',
  endpoint: { method: 'POST', path: '/v3/assets', host: 'api', envelope: 'v3' },
  access: 'write',
  idempotent: false,
  portability: { accountScoped: [] },
  input: strictInput({ file: fileInput.describe('The file to upload') }),
  output: looseResult({
    id: z.string().nullish(),
    url: z.string().nullish(),
    image_key: z.string().nullish(),
  }),
  implementation: {
    kind: 'composite',
    async run(input, context) {
      const asset = readV3Object(await context.call('asset_create', { file: input.file }));
      const id = stringField(asset, 'asset_id') ?? stringField(asset, 'id');
      const file: JsonObject = isJsonObject(input.file) ? input.file : {};
      return {
        ...asset,
        id,
        name: stringField(file, 'filename'),
        file_type: fileTypeOf(stringField(asset, 'mime_type')),
        url: stringField(asset, 'url'),
        image_key: id,
        folder_id: null,
        meta: null,
        created_ts: null,
      };
    },
  },
});

const listAssets = defineSeedTool({
  name: 'list_assets',
  title: 'List uploaded assets',
  description:
    'List uploaded assets (images, videos, audio), one page at a time: `assets[]` (id, name, file_type, url, ' +
    'folder_id, created_ts) and `token` for the next page. Runs on GET /v3/assets, which needs the account ' +
    'username, so this first reads it from GET /v3/users/me (2 calls). v3 has no type filter: `file_type` ' +
    'filters within the page here, so a page can hold fewer than `limit` items while `token` is still set.',
  area: 'assets',
  endpoint: { method: 'GET', path: '/v3/assets', host: 'api', envelope: 'v3' },
  access: 'read',
  idempotent: true,
  paginated: true,
  portability: { accountScoped: ['*', 'folder_id'] },
  input: strictInput({
    folder_id: z.string().optional(),
    file_type: z.enum(['image', 'video', 'audio']).optional(),
    limit: z.number().int().min(1).max(100).optional().describe('Default 20'),
    token: z.string().optional(),
  }),
  output: looseResult({ assets: z.array(z.looseObject({})).nullish(), token: z.string().nullish() }),
  implementation: {
    kind: 'composite',
    async run(input, context) {
      const user = readV3Object(await context.call('user_me_get', {}));
      const username = stringField(user, 'username');
      const page = readV3Page(
        await context.call(
          'asset_list',
          compact({
            username: username ?? '',
            limit: input.limit,
            token: input.token,
            folder_id: input.folder_id,
          }),
        ),
      );
      const assets = page.items
        .map((asset) => ({
          ...asset,
          id: stringField(asset, 'id'),
          name: stringField(asset, 'name'),
          file_type: fileTypeOf(stringField(asset, 'type')),
          folder_id: stringField(asset, 'folder_id'),
          created_ts: numberField(asset, 'uploaded_at'),
          url: stringField(asset, 'url'),
        }))
        .filter((asset) => !input.file_type || asset.file_type === input.file_type);
      return { assets, token: page.nextToken };
    },
  },
});

const deleteAsset = defineSeedTool({
  name: 'delete_asset',
  title: 'Delete an asset',
  description:
    'Permanently delete an uploaded asset (image, video or audio) by id. Videos already rendered with it are ' +
    'not affected. Runs on DELETE /v3/assets/{asset_id}. Returns `{id, deleted}`.',
  area: 'assets',
  endpoint: { method: 'DELETE', path: '/v3/assets/{asset_id}', host: 'api', envelope: 'v3' },
  access: 'destructive',
  idempotent: true,
  portability: { accountScoped: ['asset_id'] },
  input: strictInput({ asset_id: z.string().min(1) }),
  output: looseResult({ id: z.string().nullish(), deleted: z.boolean().nullish() }),
  implementation: {
    kind: 'composite',
    async run(input, context) {
      const deleted = readV3Object(await context.call('asset_delete', { asset_id: input.asset_id }));
      return { ...deleted, id: stringField(deleted, 'id') ?? input.asset_id, deleted: true };
    },
  },
});

const folderReplacement =
  'none in v3 (folder_id only appears as a filter/target on videos, assets and translations)';
const folderNote = 'v3 has no folder operations, so this stays on v1.';

const createFolder = defineLegacySeedTool({
  name: 'create_folder',
  title: 'Create a folder',
  description: `Create a folder to organise videos, assets or translations; returns its id. ${folderNote}`,
  area: 'folders',
  method: 'POST',
  path: '/v1/folders/create',
  envelope: 'v1',
  replacement: folderReplacement,
  access: 'write',
  idempotent: false,
  portability: { accountScoped: ['parent_id'] },
  input: strictInput({
    name: z.string().min(1),
    project_type: z
      .enum(['video_translate', 'instant_avatar', 'video', 'asset', 'brand_kit', 'mixed'])
      .optional()
      .describe('What the folder holds'),
    parent_id: z.string().optional().describe('Parent folder id'),
  }),
  output: looseNullableResult({ id: z.string().nullish(), name: z.string().nullish() }),
  request: { body: 'json' },
});

const listFolders = defineLegacySeedTool({
  name: 'list_folders',
  title: 'List folders',
  description:
    'List folders one page at a time, optionally under a parent, by name, or in the trash; pass the returned ' +
    `\`token\` for the next page (null or empty = last page). ${folderNote}`,
  area: 'folders',
  method: 'GET',
  path: '/v1/folders',
  envelope: 'v1',
  replacement: folderReplacement,
  access: 'read',
  idempotent: true,
  paginated: true,
  portability: { accountScoped: ['*', 'parent_id'] },
  input: strictInput({
    limit: z.number().int().min(0).max(100).optional(),
    parent_id: z.string().optional(),
    name_filter: z.string().optional(),
    is_trash: z.boolean().optional().describe('List trashed folders'),
    token: z.string().optional(),
  }),
  output: looseNullableResult({ folders: z.array(z.looseObject({})).nullish(), token: z.string().nullish() }),
  request: { query: ['limit', 'parent_id', 'name_filter', 'is_trash', 'token'] },
});

const updateFolder = defineLegacySeedTool({
  name: 'update_folder',
  title: 'Rename a folder',
  description: `Rename a folder (the only change v1 allows; sent as POST). ${folderNote}`,
  area: 'folders',
  method: 'POST',
  path: '/v1/folders/{folder_id}',
  envelope: 'v1',
  replacement: folderReplacement,
  access: 'write',
  idempotent: true,
  portability: { accountScoped: ['folder_id'] },
  input: strictInput({ folder_id: z.string().min(1), name: z.string().min(1).describe('New name') }),
  output: looseNullableResult(),
  request: { path: ['folder_id'], body: 'json' },
});

const trashFolder = defineLegacySeedTool({
  name: 'trash_folder',
  title: 'Move a folder to the trash',
  description: `Move a folder to the trash (soft delete; undo with \`restore_folder\`). ${folderNote}`,
  area: 'folders',
  method: 'POST',
  path: '/v1/folders/{folder_id}/trash',
  envelope: 'v1',
  replacement: folderReplacement,
  access: 'write',
  idempotent: true,
  portability: { accountScoped: ['folder_id'] },
  input: strictInput({ folder_id: z.string().min(1) }),
  output: looseNullableResult(),
  request: { path: ['folder_id'] },
});

const restoreFolder = defineLegacySeedTool({
  name: 'restore_folder',
  title: 'Restore a folder from the trash',
  description: `Bring a trashed folder back (undoes \`trash_folder\`). ${folderNote}`,
  area: 'folders',
  method: 'POST',
  path: '/v1/folders/{folder_id}/restore',
  envelope: 'v1',
  replacement: folderReplacement,
  access: 'write',
  idempotent: true,
  portability: { accountScoped: ['folder_id'] },
  input: strictInput({ folder_id: z.string().min(1) }),
  output: looseNullableResult(),
  request: { path: ['folder_id'] },
});

/** Seed tools for assets and folders. */
export const seedAssetTools: readonly ToolDefinition[] = [
  createFolder,
  deleteAsset,
  listAssets,
  listFolders,
  restoreFolder,
  trashFolder,
  updateFolder,
  uploadAsset,
];
