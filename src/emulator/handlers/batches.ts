import type { BatchRecord } from '../account.ts';
import { jobPhase, type Job } from '../job.ts';
import type { HandlerContext } from './handler-context.ts';
import { pageOf, seconds } from './shared.ts';

type ItemStatus = 'queued' | 'processing' | 'completed' | 'failed';

/** The job behind a batch item, if the item was accepted and still exists. */
function itemJob(context: Pick<HandlerContext, 'account'>, batch: BatchRecord, id: string): Job | null {
  const { account } = context;
  switch (batch.kind) {
    case 'video':
      return account.videos.get(id)?.job ?? null;
    case 'video_translation':
      return account.translations.get(id)?.job ?? null;
    case 'lipsync':
      return account.lipsyncs.get(id)?.job ?? null;
    case 'asset':
      return account.assets.get(id)?.completeJob ?? null;
  }
}

function itemStatus(job: Job | null, now: number): ItemStatus {
  if (!job) return 'queued';
  const { state } = jobPhase(job, now);
  if (state === 'succeeded') return 'completed';
  if (state === 'failed') return 'failed';
  return state === 'running' ? 'processing' : 'queued';
}

/** Item rows and counts of a batch at `now`. */
function batchRows(context: Pick<HandlerContext, 'account'>, batch: BatchRecord, now: number) {
  const rows = batch.items.map((item, index) => {
    if (item.error || !item.id) {
      return { item_index: index, status: 'failed' as ItemStatus, video_id: null, error: item.error };
    }
    const job = itemJob(context, batch, item.id);
    const status = item.id && !job && batch.kind !== 'asset' ? 'failed' : itemStatus(job, now);
    const error =
      status === 'failed'
        ? job
          ? { ...job.failure }
          : { code: 'not_found', message: 'The item was deleted.' }
        : null;
    // A queued video item has no video yet (HeyGen: `video_id` is present once the video has been created).
    const made = batch.kind !== 'video' || status !== 'queued';
    return { item_index: index, status, video_id: made ? item.id : null, error };
  });
  const counts: Record<ItemStatus, number> = { queued: 0, processing: 0, completed: 0, failed: 0 };
  for (const row of rows) counts[row.status] += 1;
  const done = counts.queued === 0 && counts.processing === 0;
  const status = !done ? 'processing' : counts.completed > 0 ? 'completed' : 'failed';
  return { rows, counts, status };
}

/** The v3 batch object (`GET /v3/{videos,lipsyncs,video-translations,assets}/batches/{id}`), items paginated. */
export function batchV3View(
  context: HandlerContext,
  batch: BatchRecord,
  options: { all?: boolean } = {},
): Record<string, unknown> & { items: unknown[] } {
  const { rows, counts, status } = batchRows(context, batch, context.now);
  const page = options.all
    ? { items: rows, hasMore: false, nextToken: null }
    : pageOf(rows, context.input, { limit: 100, max: 100 });
  return {
    batch_id: batch.id,
    title: batch.title,
    status,
    created_at: seconds(batch.createdAt),
    total_items: rows.length,
    counts_by_status: counts,
    items: page.items,
    has_more: page.hasMore,
    next_token: page.nextToken,
  };
}

/** Emits `batch.finished` once every item's job has ended and its own events went out. */
export function emitBatchFinishedWhenDone(context: HandlerContext, batch: BatchRecord): void {
  if (batch.finishedNotified) return;
  for (const item of batch.items) {
    if (!item.id || item.error) continue;
    const job = itemJob(context, batch, item.id);
    // An asset item has no job until the batch is completed; a video/translation/lipsync without one was deleted.
    if (!job && batch.kind === 'asset') return;
    if (job && !job.finished) return;
  }
  batch.finishedNotified = true;
  const { counts, status } = batchRows(context, batch, context.core.clock.now());
  context.core.webhooks.emit(
    context.account,
    'batch.finished',
    {
      batch_id: batch.id,
      batch_type: batch.kind,
      status,
      total_items: batch.items.length,
      counts_by_status: counts,
    },
    { entityId: batch.id, callbackUrl: batch.callbackUrl },
  );
}
