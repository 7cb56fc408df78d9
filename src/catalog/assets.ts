import type { ToolDefinition } from './define-tool.ts';
import { jobKinds } from './job-kinds.ts';
import { v3Tool } from './v3-tool.ts';

const area = 'assets';

/** Tools for HeyGen v3 assets: uploads (direct and presigned), reads, search and deletes. */
export const assets: readonly ToolDefinition[] = [
  v3Tool('asset_create', {
    title: 'Upload asset',
    description:
      'Upload a file (png, jpeg, mp4, webm, mp3, wav, pdf or srt; max 32 MB) as multipart. file: {base64, ' +
      'filename?, content_type?}, {url} or, from the CLI, {path}. Returns asset_id and url for use as ' +
      '{type:"asset_id"} inputs elsewhere. Larger files: asset_direct_upload_create.',
    area,
    access: 'write',
    idempotent: false,
    idempotencyKey: true,
    portability: { accountScoped: [] },
  }),
  v3Tool('asset_get', {
    title: 'Get asset',
    description:
      'Metadata of one asset by asset_id: name, type, owner, folder, upload time and a public url.',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: ['asset_id'] },
  }),
  v3Tool('asset_list', {
    title: 'List assets',
    description:
      'One page of a workspace member’s uploaded assets (beta). username (the member, e.g. from user_me_get) is ' +
      'required; folder_id narrows to a folder. Returns data[], has_more, next_token (limit 1-100).',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: ['*', 'username', 'folder_id'] },
  }),
  v3Tool('asset_delete', {
    title: 'Delete asset',
    description:
      'Permanently delete an asset by asset_id. Videos already rendered keep working; cannot be undone.',
    area,
    access: 'destructive',
    idempotent: true,
    portability: { accountScoped: ['asset_id'] },
  }),
  v3Tool('asset_search', {
    title: 'Search stock images and icons',
    description:
      'Find public images or icons by description (query; type image or icon required; scope public or personal). ' +
      'Returns ranked results with stable URLs usable as {type:"url"} inputs, plus has_more/next_token.',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: ['*'] },
  }),
  v3Tool('asset_direct_upload_create', {
    title: 'Start direct upload',
    description:
      'For files too big for asset_create: reserve an asset (filename, content_type, size_bytes) and get a ' +
      'presigned upload_url plus headers. PUT the bytes there yourself, then call asset_complete_create.',
    area,
    access: 'write',
    idempotent: false,
    portability: { accountScoped: [] },
  }),
  v3Tool('asset_complete_create', {
    title: 'Finish direct upload',
    description:
      'Finalize a direct upload after the PUT succeeded (asset_id, optional checksum_sha256). Returns the asset; ' +
      'safe to repeat.',
    area,
    access: 'write',
    idempotent: true,
    portability: { accountScoped: ['asset_id'] },
  }),
  v3Tool('asset_direct_upload_batch_create', {
    title: 'Start batch upload',
    description:
      'Reserve up to 100 direct uploads at once (files: filename, content_type, size_bytes). Returns batch_id and ' +
      'one presigned slot per file; PUT each file, then call asset_complete_batch_create. Safe to retry: the ' +
      'gateway sends an Idempotency-Key HeyGen honours here.',
    area,
    access: 'write',
    idempotent: false,
    idempotencyKey: true,
    portability: { accountScoped: [] },
  }),
  v3Tool('asset_complete_batch_create', {
    title: 'Finish batch upload',
    description:
      'Finalize every uploaded file of a batch (batch_id from asset_direct_upload_batch_create); files are ingested independently. Wait with ' +
      'asset_batch_wait or read per-file status with asset_batch_get. Safe to repeat.',
    area,
    access: 'write',
    idempotent: true,
    job: jobKinds.asset_batch,
    portability: { accountScoped: ['batch_id'] },
  }),
  v3Tool('asset_batch_get', {
    title: 'Get asset batch',
    description:
      'Aggregate and per-file status of an asset upload batch; each item’s asset_id is returned as video_id. ' +
      'Page items with limit/token.',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: ['batch_id'] },
  }),
  v3Tool('asset_statuses_list', {
    title: 'Get many asset statuses',
    description:
      'Statuses of up to 100 assets: asset_ids and/or batch_ids as comma-separated strings; unknown ids come back ' +
      'as not_found and each entry’s id is in video_id.',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: ['*', 'asset_ids', 'batch_ids'] },
  }),
];
