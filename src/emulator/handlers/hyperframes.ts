import type { HyperframesRenderRecord } from '../account.ts';
import { hashToUint32 } from '../create-random.ts';
import { EmulatorError } from '../emulator-error.ts';
import { jobPhase } from '../job.ts';
import { creditsFor, creditsPerMinute } from '../pricing.ts';
import type { HandlerContext, HandlerMap } from './handler-context.ts';
import { newestFirst, resolveSource, seconds, text, v3List, wantsFailure } from './shared.ts';

/** HeyGen's HyperFrames CLI refuses project zips over 200 MB (`hyperframes_project_too_large`). */
export const maxProjectBytes = 200 * 1024 * 1024;

/** The media files of a render: the video in its container and a thumbnail. */
function mediaPaths(record: HyperframesRenderRecord): { video: string; thumbnail: string } {
  return {
    video: `hyperframes/${record.id}.${record.format}`,
    thumbnail: `hyperframes/${record.id}/thumbnail.png`,
  };
}

/** `queued` until a tenth of the render time has passed (HeyGen's queue), then `rendering`, then terminal. */
function renderStatus(record: HyperframesRenderRecord, now: number): string {
  const phase = jobPhase(record.job, now);
  if (phase.state === 'succeeded') return 'completed';
  if (phase.state === 'failed') return 'failed';
  return phase.state === 'running' && phase.fraction >= 0.1 ? 'rendering' : 'queued';
}

/** The HyperframesRenderDetail object. */
function renderView(context: HandlerContext, record: HyperframesRenderRecord): Record<string, unknown> {
  const status = renderStatus(record, context.now);
  const phase = jobPhase(record.job, context.now);
  const done = status === 'completed';
  const media = mediaPaths(record);
  return {
    render_id: record.id,
    status,
    title: record.title,
    callback_id: record.callbackId,
    video_url: done ? context.url(media.video) : null,
    thumbnail_url: done ? context.url(media.thumbnail) : null,
    duration: done ? record.duration : null,
    fps: record.fps,
    quality: record.quality,
    format: record.format,
    resolution: record.resolution,
    aspect_ratio: record.aspectRatio,
    composition: record.composition,
    created_at: seconds(record.createdAt),
    completed_at: phase.endedAt !== undefined ? seconds(phase.endedAt) : null,
    failure_message: status === 'failed' ? record.job.failure.message : null,
  };
}

/** A live (not soft-deleted) render, else HeyGen's 404 `hyperframes_render_not_found`. */
function requireRender(context: HandlerContext, id: string): HyperframesRenderRecord {
  const record = context.account.hyperframesRenders.get(id);
  if (!record || record.deleted) {
    throw new EmulatorError({
      status: 404,
      code: 'hyperframes_render_not_found',
      message: `HyperFrames render not found: ${id}`,
    });
  }
  return record;
}

/** Checks what the emulator can check of a project source: a zip, at most 200 MB. */
function checkProject(context: HandlerContext): void {
  const project = (context.input.project ?? {}) as { type?: string; media_type?: string; data?: string };
  if (project.type !== 'base64') return;
  if (project.media_type !== 'application/zip') {
    throw EmulatorError.invalid('project.media_type', 'A HyperFrames project is a .zip: application/zip.');
  }
  if (Math.floor(((project.data ?? '').length * 3) / 4) > maxProjectBytes) {
    throw new EmulatorError({
      status: 413,
      code: 'hyperframes_project_too_large',
      message: 'The project zip is larger than 200 MB.',
      param: 'project',
    });
  }
}

/** Handlers of the v3 HyperFrames render endpoints. */
export const hyperframesHandlers: HandlerMap = {
  hyperframes_render_create(context) {
    const { core, account, input, origin } = context;
    checkProject(context);
    const source = resolveSource(context, input.project, 'project');
    const resolution = (input.resolution ?? '1080p') as HyperframesRenderRecord['resolution'];
    const duration = 5 + (hashToUint32(`${source.url ?? source.asset?.id ?? 'inline'}`) % 56);
    const rate = creditsPerMinute.hyperframes * (resolution === '4k' ? 1.5 : 1);
    const record: HyperframesRenderRecord = {
      id: `hfr_${core.newId()}`,
      // Assigned right below: the job's finish callback reads the record.
      job: undefined as never,
      createdAt: context.now,
      title: text(input.title),
      callbackId: text(input.callback_id),
      fps: typeof input.fps === 'number' ? input.fps : 30,
      quality: input.quality ?? 'standard',
      format: input.format ?? 'mp4',
      resolution,
      aspectRatio: input.aspect_ratio ?? '16:9',
      composition: text(input.composition) ?? 'index.html',
      duration,
      deleted: false,
    };
    record.job = core.startJob(account, {
      kind: 'hyperframes_render',
      credits: creditsFor(duration, rate),
      forceFailure: wantsFailure(context, input.title),
      failure: {
        code: 'hyperframes_render_failed',
        message: 'The composition failed to render (simulated by the heygate emulator).',
      },
      onFinish: (succeeded) => {
        const media = mediaPaths(record);
        core.webhooks.emit(
          account,
          succeeded ? 'hyperframes_video.success' : 'hyperframes_video.fail',
          succeeded
            ? {
                render_id: record.id,
                callback_id: record.callbackId,
                video_url: core.media.url(origin, media.video),
              }
            : { render_id: record.id, callback_id: record.callbackId, message: record.job.failure.message },
          { entityId: record.id, callbackUrl: text(input.callback_url) },
        );
      },
    });
    account.hyperframesRenders.set(record.id, record);
    // HeyGen answers 202 Accepted; the guide's example also shows the first status.
    return { status: 202, data: { render_id: record.id, status: renderStatus(record, context.now) } };
  },

  hyperframes_render_get(context) {
    return { data: renderView(context, requireRender(context, context.input.render_id)) };
  },

  hyperframes_render_list(context) {
    const live = [...context.account.hyperframesRenders.values()].filter((record) => !record.deleted);
    return v3List(
      newestFirst(live).map((record) => renderView(context, record)),
      context.input,
      { limit: 10, max: 100 },
    );
  },

  hyperframes_render_delete(context) {
    const record = requireRender(context, context.input.render_id);
    record.deleted = true;
    const media = mediaPaths(record);
    context.core.media.revoke(media.video);
    context.core.media.revoke(media.thumbnail);
    return { data: { render_id: record.id } };
  },
};
