import { createHash } from 'node:crypto';
import type { AssetRecord, BatchRecord } from '../account.ts';
import { hashToUint32 } from '../create-random.ts';
import { EmulatorError } from '../emulator-error.ts';
import { jobPhase } from '../job.ts';
import { batchV3View, emitBatchFinishedWhenDone } from './batches.ts';
import type { HandlerContext, HandlerMap } from './handler-context.ts';
import { idList, newestFirst, seconds, text, v3List } from './shared.ts';

/** `POST /v3/assets` takes files up to 32 MB (README "Hosts"); larger ones go through direct uploads. */
export const maxUploadBytes = 32 * 1024 * 1024;

/** Direct uploads accept up to 5 GiB per file (an assumption: HeyGen states only that they are for large files). */
export const maxDirectUploadBytes = 5 * 1024 * 1024 * 1024;

/** HeyGen asset type of a MIME type. */
export function assetType(contentType: string): string {
  if (contentType.startsWith('image/')) return 'image';
  if (contentType.startsWith('video/')) return 'video';
  if (contentType.startsWith('audio/')) return 'audio';
  return 'file';
}

const extensions: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'video/mp4': 'mp4',
  'video/webm': 'webm',
  'video/quicktime': 'mov',
  'audio/mpeg': 'mp3',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'application/x-subrip': 'srt',
  'text/vtt': 'vtt',
};

/** Stores uploaded bytes as a new asset of the account (v3 multipart and the legacy raw uploads). */
export function storeAsset(
  context: HandlerContext,
  file: { bytes: Uint8Array; contentType: string; filename?: string | null },
  options: { folderId?: string | null } = {},
): AssetRecord {
  const id = context.core.newId();
  const extension = extensions[file.contentType] ?? 'bin';
  const name = file.filename ?? `upload-${id.slice(0, 8)}.${extension}`;
  const mediaPath = `assets/${id}/${name}`;
  context.core.media.put(mediaPath, { contentType: file.contentType, bytes: file.bytes });
  const asset: AssetRecord = {
    id,
    name,
    contentType: file.contentType,
    size: file.bytes.byteLength,
    createdAt: context.now,
    folderId: options.folderId ?? null,
    status: 'uploaded',
    mediaPath,
    batchId: null,
    imageKey: `image/${id}/original`,
    completeJob: null,
  };
  context.account.assets.set(id, asset);
  return asset;
}

/** Reads the `{base64, filename?, content_type?}` file input the pipeline built from the request body. */
export function readFileInput(
  value: unknown,
  param: string,
): { bytes: Uint8Array; contentType: string; filename: string | null } {
  const file = (value ?? {}) as { base64?: string; filename?: string; content_type?: string };
  if (typeof file.base64 !== 'string') throw EmulatorError.invalid(param, 'A file is required.');
  const bytes = new Uint8Array(Buffer.from(file.base64, 'base64'));
  if (bytes.byteLength === 0) throw EmulatorError.invalid(param, 'The file is empty.');
  return {
    bytes,
    contentType: file.content_type ?? 'application/octet-stream',
    filename: file.filename ?? null,
  };
}

/** The v3 asset object. */
export function assetView(context: HandlerContext, asset: AssetRecord): Record<string, unknown> {
  const ready = asset.status === 'uploaded' || asset.status === 'completed';
  return {
    id: asset.id,
    name: asset.name,
    type: assetType(asset.contentType),
    url: ready ? context.url(asset.mediaPath) : null,
    folder_id: asset.folderId,
    owner: context.account.username,
    space_id: `space_${context.account.keyHash}`,
    uploaded_at: seconds(asset.createdAt),
  };
}

function requireAssetRecord(context: HandlerContext, id: string): AssetRecord {
  const asset = context.account.assets.get(id);
  if (!asset) throw EmulatorError.notFound('Asset', id);
  return asset;
}

/** Announces a direct upload: the asset waits (`pending`) for its bytes at a signed PUT URL. */
function announceUpload(
  context: HandlerContext,
  file: { filename: string; content_type: string; size_bytes: number; checksum_sha256?: string | null },
  param: string,
  batchId: string | null,
): Record<string, unknown> {
  if (file.size_bytes > maxDirectUploadBytes) {
    throw EmulatorError.invalid(`${param}size_bytes`, `Files are limited to ${maxDirectUploadBytes} bytes.`);
  }
  const id = context.core.newId();
  const asset: AssetRecord = {
    id,
    name: file.filename,
    contentType: file.content_type,
    size: file.size_bytes,
    createdAt: context.now,
    folderId: null,
    status: 'pending',
    mediaPath: `assets/${id}/${file.filename}`,
    batchId,
    imageKey: `image/${id}/original`,
    completeJob: null,
  };
  context.account.assets.set(id, asset);
  return {
    asset_id: id,
    upload_url: context.url(`uploads/${id}`),
    upload_headers: { 'Content-Type': file.content_type },
    expires_in_seconds: 3600,
    max_bytes: maxDirectUploadBytes,
    status: 'pending',
  };
}

/** Checks the uploaded bytes of a direct upload (size, checksum) and marks the asset completed. */
function completeUpload(
  context: HandlerContext,
  asset: AssetRecord,
  checksum: string | null,
  param: string,
): void {
  const file = context.core.media.stored(asset.mediaPath);
  if (asset.status === 'pending' && !file) {
    throw EmulatorError.invalid(
      param,
      `No bytes were uploaded for asset ${asset.id}: PUT them to upload_url first.`,
    );
  }
  if (file && checksum) {
    const actual = createHash('sha256').update(file.bytes).digest('hex');
    if (actual !== checksum.toLowerCase()) {
      throw EmulatorError.invalid(
        'checksum_sha256',
        `checksum_sha256 does not match the uploaded bytes of ${asset.id}.`,
      );
    }
  }
  if (file) asset.size = file.bytes.byteLength;
  asset.status = 'completed';
}

/** Public stock search results for a query (deterministic by query). */
function stockResults(context: HandlerContext, query: string, type: string): Record<string, unknown>[] {
  const count = 5 + (hashToUint32(`${query}:${type}`) % 26);
  return Array.from({ length: count }, (_, index) => {
    const id = createHash('sha256')
      .update(`${context.core.settings.seed}:${type}:${query}:${index}`)
      .digest('hex')
      .slice(0, 32);
    const landscape = index % 3 !== 1;
    return {
      id,
      type,
      url: context.url(`stock/${type}/${id}.png`),
      width: type === 'icon' ? 512 : landscape ? 1920 : 1080,
      height: type === 'icon' ? 512 : landscape ? 1080 : 1920,
      orientation: type === 'icon' ? 'square' : landscape ? 'landscape' : 'portrait',
      is_transparent: type === 'icon',
    };
  });
}

/** Handlers of the v3 asset endpoints. */
export const assetHandlers: HandlerMap = {
  asset_create(context) {
    const file = readFileInput(context.input.file, 'file');
    const asset = storeAsset(context, file);
    return {
      data: {
        asset_id: asset.id,
        url: context.url(asset.mediaPath),
        mime_type: asset.contentType,
        size_bytes: asset.size,
      },
    };
  },

  asset_get(context) {
    return { data: assetView(context, requireAssetRecord(context, context.input.asset_id)) };
  },

  asset_list(context) {
    const folderId = text(context.input.folder_id);
    const assets =
      context.input.username === context.account.username
        ? newestFirst(context.account.assets.values()).filter(
            (asset) => asset.status !== 'pending' && (!folderId || asset.folderId === folderId),
          )
        : [];
    return v3List(
      assets.map((asset) => assetView(context, asset)),
      context.input,
      { limit: 20, max: 100 },
    );
  },

  asset_delete(context) {
    const asset = requireAssetRecord(context, context.input.asset_id);
    context.account.assets.delete(asset.id);
    return { data: { id: asset.id } };
  },

  asset_search(context) {
    const query = String(context.input.query ?? '').toLowerCase();
    const type = context.input.type as string;
    if ((context.input.scope ?? 'public') === 'personal') {
      const own = newestFirst(context.account.assets.values())
        .filter(
          (asset) => assetType(asset.contentType) === 'image' && asset.name.toLowerCase().includes(query),
        )
        .map((asset) => ({
          id: asset.id,
          type,
          url: context.url(asset.mediaPath),
          width: null,
          height: null,
          orientation: null,
          is_transparent: null,
        }));
      return v3List(own, context.input, { limit: 20, max: 50 });
    }
    return v3List(stockResults(context, query, type), context.input, { limit: 20, max: 50 });
  },

  asset_statuses_list(context) {
    const rows: Record<string, unknown>[] = [];
    const statusOf = (asset: AssetRecord) =>
      asset.completeJob && jobPhase(asset.completeJob, context.now).state === 'running'
        ? 'processing'
        : asset.status;
    for (const id of idList(context.input.asset_ids)) {
      const asset = context.account.assets.get(id);
      rows.push(
        asset
          ? {
              video_id: id,
              status: statusOf(asset),
              batch_id: asset.batchId,
              item_index: null,
              error: null,
            }
          : {
              video_id: id,
              status: 'not_found',
              batch_id: null,
              item_index: null,
              error: { code: 'not_found', message: 'Asset not found' },
            },
      );
    }
    for (const batchId of idList(context.input.batch_ids)) {
      const batch = context.account.batches.get(batchId);
      if (!batch || batch.kind !== 'asset') continue;
      for (const row of batchV3View(context, batch, { all: true }).items as Record<string, unknown>[]) {
        rows.push({ ...row, batch_id: batch.id });
      }
    }
    return { data: rows, extra: { has_more: false, next_token: null } };
  },

  asset_direct_upload_create(context) {
    return { data: announceUpload(context, context.input, '', null) };
  },

  asset_complete_create(context) {
    const asset = requireAssetRecord(context, context.input.asset_id);
    completeUpload(context, asset, text(context.input.checksum_sha256), 'asset_id');
    return {
      data: {
        asset_id: asset.id,
        url: context.url(asset.mediaPath),
        mime_type: asset.contentType,
        size_bytes: asset.size,
        status: asset.status,
      },
    };
  },

  asset_direct_upload_batch_create(context) {
    const batch: BatchRecord = {
      id: context.core.newId(),
      kind: 'asset',
      createdAt: context.now,
      title: text(context.input.title),
      callbackUrl: text(context.input.callback_url),
      items: [],
      finishedNotified: false,
    };
    const items = (context.input.files as any[]).map((file, index) =>
      announceUpload(context, file, `files[${index}].`, batch.id),
    );
    batch.items = items.map((item) => ({ id: item.asset_id as string, error: null }));
    context.account.batches.set(batch.id, batch);
    return { data: { batch_id: batch.id, items } };
  },

  asset_complete_batch_create(context) {
    const batch = context.account.batches.get(context.input.batch_id);
    if (!batch || batch.kind !== 'asset') throw EmulatorError.notFound('Batch', context.input.batch_id);
    batch.items.forEach((item, index) => {
      const asset = item.id ? context.account.assets.get(item.id) : undefined;
      // Idempotent: a repeated call re-drives only the items that have not been ingested yet.
      if (!asset || asset.completeJob) return;
      const uploaded = Boolean(context.core.media.stored(asset.mediaPath));
      asset.status = 'processing';
      asset.completeJob = context.core.startJob(context.account, {
        kind: 'asset',
        credits: 0,
        render: false,
        queued: true,
        concurrent: false,
        durationMs: Math.max(1000, Math.round(context.core.settings.renderMs / 10)),
        forceFailure: !uploaded,
        failure: { code: 'upload_missing', message: `No bytes were uploaded for item ${index}.` },
        onFinish: (succeeded) => {
          asset.status = succeeded ? 'completed' : 'failed';
          emitBatchFinishedWhenDone(context, batch);
        },
      });
    });
    return { status: 202, data: { batch_id: batch.id, status: 'processing' } };
  },

  asset_batch_get(context) {
    const batch = context.account.batches.get(context.input.batch_id);
    if (!batch || batch.kind !== 'asset') throw EmulatorError.notFound('Batch', context.input.batch_id);
    return { data: batchV3View(context, batch) };
  },
};
