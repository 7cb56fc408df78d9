import type { Account, VideoRecord } from '../account.ts';
import { buildSrt, buildVtt } from '../media-files.ts';
import { jobPhase, type JobPhase } from '../job.ts';
import type { StartJobOptions } from '../emulator-core.ts';
import type { HandlerContext } from './handler-context.ts';
import { seconds } from './shared.ts';

/** What a video render needs, whatever API created it. */
export interface NewVideo {
  title: string;
  script: string;
  duration: number;
  credits: number;
  outputFormat?: 'mp4' | 'webm';
  folderId?: string | null;
  callbackId?: string | null;
  callbackUrl?: string | null;
  caption?: boolean;
  includeGif?: boolean;
  origin: string;
  type: string;
  batchId?: string | null;
  itemIndex?: number | null;
  delayMs?: number;
  forceFailure?: boolean;
  /** Extra job options (e.g. a blocked agent render). */
  job?: Partial<StartJobOptions>;
  /** Called after the video's own terminal side effects. */
  onFinish?: (video: VideoRecord, succeeded: boolean) => void;
  /** Emit no `avatar_video.*` events (video-agent renders report `video_agent.*` instead). */
  silent?: boolean;
}

/** Media paths of a video's files. */
export function videoPaths(video: Pick<VideoRecord, 'id' | 'outputFormat'>) {
  return {
    video: `videos/${video.id}.${video.outputFormat}`,
    captioned: `videos/${video.id}/captioned.mp4`,
    thumbnail: `videos/${video.id}/thumbnail.png`,
    gif: `videos/${video.id}/preview.gif`,
    srt: `videos/${video.id}/captions.srt`,
    vtt: `videos/${video.id}/captions.vtt`,
    ass: `videos/${video.id}/captions.ass`,
  };
}

/** The share page of a video (HeyGen: app.heygen.com/share/<id>; here served by the emulator). */
export function videoPageUrl(origin: string, id: string): string {
  return `${origin}/emulator/share/${id}`;
}

/**
 * Accepts a render: starts its job (429 at the concurrent-job limit, 402 when credits are short), stores the
 * record and its caption files, and on completion emits `avatar_video.success|fail` (plus the caption and GIF
 * events when those were asked for) to the account's webhooks and to `callback_url`.
 */
export function createVideoRecord(context: HandlerContext, spec: NewVideo): VideoRecord {
  const { core, account, origin } = context;
  const job = core.startJob(account, {
    kind: 'video',
    credits: spec.credits,
    delayMs: spec.delayMs,
    forceFailure: spec.forceFailure,
    ...spec.job,
    onFinish: (succeeded) => {
      if (!spec.silent) emitVideoEvents(context.core, account, origin, video, succeeded);
      spec.onFinish?.(video, succeeded);
    },
  });
  const video: VideoRecord = {
    id: core.newId(),
    job,
    title: spec.title,
    createdAt: context.now,
    duration: spec.duration,
    outputFormat: spec.outputFormat ?? 'mp4',
    folderId: spec.folderId ?? null,
    callbackId: spec.callbackId ?? null,
    callbackUrl: spec.callbackUrl ?? null,
    caption: spec.caption ?? false,
    includeGif: spec.includeGif ?? false,
    script: spec.script,
    origin: spec.origin,
    type: spec.type,
    batchId: spec.batchId ?? null,
    itemIndex: spec.itemIndex ?? null,
    shared: false,
  };
  const paths = videoPaths(video);
  const captionText = spec.script || video.title;
  core.media.put(paths.srt, {
    contentType: 'application/x-subrip',
    bytes: new TextEncoder().encode(buildSrt(captionText)),
  });
  core.media.put(paths.vtt, {
    contentType: 'text/vtt',
    bytes: new TextEncoder().encode(buildVtt(captionText)),
  });
  account.videos.set(video.id, video);
  return video;
}

function emitVideoEvents(
  core: HandlerContext['core'],
  account: Account,
  origin: string,
  video: VideoRecord,
  succeeded: boolean,
): void {
  const paths = videoPaths(video);
  const options = { entityId: video.id, callbackUrl: video.callbackUrl };
  if (!succeeded) {
    core.webhooks.emit(
      account,
      'avatar_video.fail',
      { video_id: video.id, msg: video.job.failure.message, callback_id: video.callbackId },
      options,
    );
    return;
  }
  core.webhooks.emit(
    account,
    'avatar_video.success',
    {
      video_id: video.id,
      url: core.media.url(origin, paths.video),
      gif_download_url: video.includeGif ? core.media.url(origin, paths.gif) : null,
      video_share_page_url: videoPageUrl(origin, video.id),
      folder_id: video.folderId,
      callback_id: video.callbackId,
    },
    options,
  );
  if (video.caption) {
    core.webhooks.emit(
      account,
      'avatar_video_caption.success',
      { video_id: video.id, caption_url: core.media.url(origin, paths.srt), callback_id: video.callbackId },
      { entityId: video.id },
    );
  }
  if (video.includeGif) {
    core.webhooks.emit(
      account,
      'avatar_video_gif.success',
      { video_id: video.id, url: core.media.url(origin, paths.gif), callback_id: video.callbackId },
      { entityId: video.id },
    );
  }
}

/** v3 status: pending | processing | completed | failed (v3 has no `waiting`). */
export function videoStatusV3(phase: JobPhase): 'pending' | 'processing' | 'completed' | 'failed' {
  if (phase.state === 'succeeded') return 'completed';
  if (phase.state === 'failed') return 'failed';
  return phase.state === 'running' && phase.fraction >= 0.3 ? 'processing' : 'pending';
}

/** The v3 video object (GET /v3/videos/{id}, lists, template generate). URLs are signed and expire in 7 days. */
export function videoV3View(context: HandlerContext, video: VideoRecord): Record<string, unknown> {
  const phase = jobPhase(video.job, context.now);
  const status = videoStatusV3(phase);
  const done = status === 'completed';
  const paths = videoPaths(video);
  return {
    id: video.id,
    title: video.title,
    status,
    created_at: seconds(video.createdAt),
    completed_at: done && phase.endedAt !== undefined ? seconds(phase.endedAt) : null,
    duration: done ? video.duration : null,
    video_url: done ? context.url(paths.video) : null,
    thumbnail_url: done ? context.url(paths.thumbnail) : null,
    gif_url: done ? context.url(paths.gif) : null,
    captioned_video_url: done && video.caption ? context.url(paths.captioned) : null,
    subtitle_url: done && video.caption ? context.url(paths.srt) : null,
    video_page_url: done ? videoPageUrl(context.origin, video.id) : null,
    folder_id: video.folderId,
    output_language: null,
    failure_code: status === 'failed' ? video.job.failure.code : null,
    failure_message: status === 'failed' ? video.job.failure.message : null,
  };
}
