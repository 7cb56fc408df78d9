import type { ClippingRecord } from '../account.ts';
import { EmulatorError } from '../emulator-error.ts';
import { jobPhase } from '../job.ts';
import { creditsFor, creditsPerMinute } from '../pricing.ts';
import type { HandlerContext, HandlerMap } from './handler-context.ts';
import { newestFirst, resolveSource, seconds, text, v3List, wantsFailure } from './shared.ts';

const clipSeconds: Record<string, number> = { '30': 30, '60': 60, '180': 180, long: 300 };

function clippingView(context: HandlerContext, record: ClippingRecord): Record<string, unknown> {
  const phase = jobPhase(record.job, context.now);
  const status = record.cancelled
    ? 'cancelled'
    : phase.state === 'succeeded'
      ? 'completed'
      : phase.state === 'failed'
        ? 'failed'
        : phase.state === 'running' && phase.fraction >= 0.1
          ? 'running'
          : 'pending';
  const settings = record.outputSettings as { duration_types?: string[]; aspect_ratio?: string };
  const durationTypes = settings.duration_types?.length ? settings.duration_types : ['30', '60'];
  const clips =
    status === 'completed'
      ? durationTypes.map((type, index) => {
          const id = `${record.id.slice(0, 24)}${String(index).padStart(8, '0')}`;
          return {
            id,
            title: `${record.title} — clip ${index + 1}`,
            status: 'completed',
            aspect_ratio: settings.aspect_ratio ?? 'portrait',
            duration_seconds: Math.min(clipSeconds[type] ?? 60, record.sourceDuration),
            video_url: context.url(`clips/${id}.mp4`),
            thumbnail_url: context.url(`clips/${id}/thumbnail.png`),
            virality_score: 90 - index * 7,
            failure_message: null,
          };
        })
      : [];
  return {
    id: record.id,
    title: record.title,
    status,
    progress: Math.round(phase.fraction * 100),
    created_at: seconds(record.createdAt),
    callback_id: record.callbackId,
    input_language: record.inputLanguage,
    output_settings: {
      aspect_ratio: 'portrait',
      caption_style: 'outline_classic',
      captions: true,
      duration_types: durationTypes,
      ...record.outputSettings,
    },
    source_duration: record.sourceDuration,
    clips,
    failure_message: status === 'failed' ? record.job.failure.message : null,
  };
}

function requireClipping(context: HandlerContext, id: string): ClippingRecord {
  const record = context.account.clippings.get(id);
  if (!record) throw EmulatorError.notFound('AI clipping job', id);
  return record;
}

/** Handlers of the v3 AI-clipping endpoints. */
export const clippingHandlers: HandlerMap = {
  ai_clipping_create(context) {
    const { core, account, input, origin } = context;
    const source = resolveSource(context, input.video, 'video');
    const job = core.startJob(account, {
      kind: 'ai_clipping',
      credits: creditsFor(source.duration, creditsPerMinute.aiClipping),
      forceFailure: wantsFailure(context, input.title),
      failure: { code: 'clipping_failed', message: 'Clipping failed (simulated by the heygate emulator).' },
      onFinish: (succeeded) => {
        core.webhooks.emit(
          account,
          succeeded ? 'ai_clipping.success' : 'ai_clipping.fail',
          succeeded
            ? {
                job_id: record.id,
                callback_id: record.callbackId,
                url: core.media.url(origin, `clips/${record.id}.mp4`),
              }
            : { job_id: record.id, callback_id: record.callbackId, message: record.job.failure.message },
          { entityId: record.id, callbackUrl: text(input.callback_url) },
        );
      },
    });
    const record: ClippingRecord = {
      id: core.newId(),
      job,
      createdAt: context.now,
      title: text(input.title) ?? 'Untitled clipping job',
      callbackId: text(input.callback_id),
      inputLanguage: text(input.input_language),
      outputSettings: (input.output_settings ?? {}) as Record<string, unknown>,
      sourceDuration: source.duration,
      cancelled: false,
    };
    account.clippings.set(record.id, record);
    return { data: clippingView(context, record) };
  },

  ai_clipping_get(context) {
    return { data: clippingView(context, requireClipping(context, context.input.job_id)) };
  },

  ai_clipping_list(context) {
    return v3List(
      newestFirst(context.account.clippings.values()).map((record) => clippingView(context, record)),
      context.input,
      { limit: 10, max: 100 },
    );
  },

  ai_clipping_delete(context) {
    const record = requireClipping(context, context.input.job_id);
    context.core.endJob(record.job, { code: 'cancelled', message: 'The job was deleted.' });
    context.account.clippings.delete(record.id);
    return { data: { id: record.id } };
  },
};
