import type { BackgroundRemovalRecord } from '../account.ts';
import { EmulatorError } from '../emulator-error.ts';
import { jobPhase } from '../job.ts';
import { creditsFor, creditsPerMinute } from '../pricing.ts';
import type { HandlerContext, HandlerMap } from './handler-context.ts';
import { newestFirst, resolveSource, seconds, text, v3List, wantsFailure } from './shared.ts';

function removalView(context: HandlerContext, record: BackgroundRemovalRecord): Record<string, unknown> {
  const phase = jobPhase(record.job, context.now);
  const status =
    phase.state === 'succeeded'
      ? 'completed'
      : phase.state === 'failed'
        ? 'failed'
        : phase.state === 'running'
          ? 'processing'
          : 'pending';
  const done = status === 'completed';
  return {
    id: record.id,
    status,
    created_at: seconds(record.createdAt),
    completed_at: done && phase.endedAt !== undefined ? seconds(phase.endedAt) : null,
    duration: done ? record.duration : null,
    error: status === 'failed' ? record.job.failure.message : null,
    layers: done
      ? Object.fromEntries(
          record.layers.map((layer) => [
            layer,
            context.url(`background-removals/${record.id}/${layer}.${layer === 'alpha' ? 'mp4' : 'webm'}`),
          ]),
        )
      : {},
  };
}

function requireRemoval(context: HandlerContext, id: string): BackgroundRemovalRecord {
  const record = context.account.backgroundRemovals.get(id);
  if (!record) throw EmulatorError.notFound('Background removal job', id);
  return record;
}

/** Handlers of the v3 background-removal endpoints. */
export const backgroundRemovalHandlers: HandlerMap = {
  background_removal_create(context) {
    const { core, account, input } = context;
    const requestId = text(input.request_id);
    if (requestId) {
      // HeyGen deduplicates background removals by body `request_id` (it ignores Idempotency-Key here).
      const existing = [...account.backgroundRemovals.values()].find(
        (record) => record.requestId === requestId,
      );
      if (existing) return { data: removalView(context, existing), replayed: true };
    }
    const source = resolveSource(context, input.video, 'video');
    const job = core.startJob(account, {
      kind: 'background_removal',
      credits: creditsFor(source.duration, creditsPerMinute.backgroundRemoval),
      forceFailure: wantsFailure(context, input.title),
      failure: {
        code: 'background_removal_failed',
        message: 'Background removal failed (simulated by the heygate emulator).',
      },
    });
    const record: BackgroundRemovalRecord = {
      id: core.newId(),
      job,
      createdAt: context.now,
      duration: source.duration,
      layers: Array.isArray(input.layers) && input.layers.length > 0 ? [...input.layers] : ['foreground'],
      requestId,
    };
    account.backgroundRemovals.set(record.id, record);
    return { data: removalView(context, record) };
  },

  background_removal_get(context) {
    return { data: removalView(context, requireRemoval(context, context.input.job_id)) };
  },

  background_removal_list(context) {
    return v3List(
      newestFirst(context.account.backgroundRemovals.values()).map((record) => removalView(context, record)),
      context.input,
      { limit: 10, max: 100 },
    );
  },

  background_removal_delete(context) {
    const record = requireRemoval(context, context.input.job_id);
    context.account.backgroundRemovals.delete(record.id);
    return { data: { id: record.id, deleted: true } };
  },
};
