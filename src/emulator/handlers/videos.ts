import type { BatchRecord, VideoRecord } from '../account.ts';
import { EmulatorError } from '../emulator-error.ts';
import { jobActive, jobPhase } from '../job.ts';
import { creditsFor, creditsPerMinute, speechSeconds } from '../pricing.ts';
import type { HandlerContext, HandlerMap } from './handler-context.ts';
import { requireLook, requireVoice } from './lookups.ts';
import { batchV3View, emitBatchFinishedWhenDone } from './batches.ts';
import { idList, newestFirst, requireAsset, resolveSource, text, v3List, wantsFailure } from './shared.ts';
import { createVideoRecord, videoStatusV3, videoV3View, type NewVideo } from './video-records.ts';

/** Seconds of output for an avatar-style input: speech length of the script, or 15 s for audio-driven input. */
function inputSeconds(input: {
  script?: string | null;
  audio_url?: string | null;
  audio_asset_id?: string | null;
}): number {
  if (input.script) return speechSeconds(input.script);
  return 15;
}

function engineRate(engineType: string | undefined): number {
  if (engineType === 'avatar_iii') return creditsPerMinute.avatarIii;
  if (engineType === 'avatar_v') return creditsPerMinute.avatarV;
  // Avatar IV is HeyGen's default engine when `engine` is omitted (v3 spec).
  return creditsPerMinute.avatarIv;
}

/** Checks the voice/audio part of an avatar-like input; `prefix` names fields in errors. */
function checkSpeech(
  context: HandlerContext,
  input: {
    script?: string | null;
    voice_id?: string | null;
    audio_url?: string | null;
    audio_asset_id?: string | null;
  },
  prefix: string,
  defaultVoiceId: string | null,
): void {
  if (input.audio_asset_id) requireAsset(context.account, input.audio_asset_id, `${prefix}audio_asset_id`);
  if (input.script) {
    const voiceId = input.voice_id ?? defaultVoiceId;
    if (!voiceId) throw EmulatorError.invalid(`${prefix}voice_id`, 'voice_id is required with script.');
    requireVoice(context, voiceId, `${prefix}voice_id`);
  } else if (!input.audio_url && !input.audio_asset_id) {
    throw EmulatorError.invalid(
      `${prefix}script`,
      'Provide script (with voice_id) or audio_url / audio_asset_id.',
    );
  }
}

/**
 * Validates a v3 video create body against the account (avatars, voices, assets) and prices it. Shared by
 * POST /v3/videos and each item of POST /v3/videos/batches.
 */
export function planVideo(context: HandlerContext, input: any, prefix = ''): Omit<NewVideo, 'origin'> {
  const common = {
    callbackId: text(input.callback_id),
    callbackUrl: text(input.callback_url),
    caption: Boolean(input.caption),
    forceFailure: wantsFailure(context, input.script, input.title, input.prompt),
  };
  switch (input.type) {
    case 'avatar': {
      const look = requireLook(context, input.avatar_id, `${prefix}avatar_id`);
      const engineType: string | undefined = input.engine?.type;
      if (engineType && !look.engines.includes(engineType)) {
        throw EmulatorError.invalid(
          `${prefix}engine.type`,
          `Avatar ${look.id} does not support engine ${engineType}.`,
        );
      }
      checkSpeech(context, input, prefix, look.defaultVoiceId);
      if (input.background?.asset_id)
        requireAsset(context.account, input.background.asset_id, `${prefix}background.asset_id`);
      const duration = inputSeconds(input);
      return {
        ...common,
        title: text(input.title) ?? 'Untitled video',
        script: input.script ?? '',
        duration,
        credits: creditsFor(duration, engineRate(engineType)),
        outputFormat: input.output_format === 'webm' ? 'webm' : 'mp4',
        type: 'avatar',
      };
    }
    case 'image': {
      resolveSource(context, input.image, `${prefix}image`);
      checkSpeech(context, input, prefix, null);
      const duration = inputSeconds(input);
      return {
        ...common,
        title: text(input.title) ?? 'Untitled video',
        script: input.script ?? '',
        duration,
        credits: creditsFor(duration, creditsPerMinute.avatarIv),
        outputFormat: input.output_format === 'webm' ? 'webm' : 'mp4',
        type: 'image',
      };
    }
    case 'cinematic_avatar': {
      (input.avatar_id as string[]).forEach((id, index) =>
        requireLook(context, id, `${prefix}avatar_id[${index}]`),
      );
      for (const [index, reference] of ((input.references ?? []) as unknown[]).entries()) {
        resolveSource(context, reference, `${prefix}references[${index}]`);
      }
      const duration = typeof input.duration === 'number' ? input.duration : 8;
      return {
        ...common,
        title: text(input.title) ?? 'Untitled video',
        script: input.prompt ?? '',
        duration,
        credits: creditsFor(duration, creditsPerMinute.cinematicAvatar),
        type: 'cinematic_avatar',
      };
    }
    case 'studio': {
      let duration = 0;
      let rate: number = creditsPerMinute.avatarIii;
      const scripts: string[] = [];
      (input.scenes as any[]).forEach((scene, index) => {
        const scenePrefix = `${prefix}scenes[${index}].`;
        if (scene.type === 'avatar_video') {
          const look = requireLook(context, scene.input.avatar_id, `${scenePrefix}input.avatar_id`);
          checkSpeech(context, scene.input, `${scenePrefix}input.`, look.defaultVoiceId);
          rate = Math.max(rate, engineRate(scene.input.engine?.type));
          duration += inputSeconds(scene.input);
          if (scene.input.script) scripts.push(scene.input.script);
        } else {
          resolveSource(context, scene.source, `${scenePrefix}source`);
          if (scene.voice_id) requireVoice(context, scene.voice_id, `${scenePrefix}voice_id`);
          if (scene.audio_asset_id)
            requireAsset(context.account, scene.audio_asset_id, `${scenePrefix}audio_asset_id`);
          duration += scene.script
            ? speechSeconds(scene.script)
            : typeof scene.duration === 'number'
              ? scene.duration
              : 5;
          if (scene.script) scripts.push(scene.script);
        }
      });
      return {
        ...common,
        forceFailure: common.forceFailure || wantsFailure(context, ...scripts),
        title: text(input.title) ?? 'Untitled video',
        script: scripts.join(' '),
        duration,
        credits: creditsFor(duration, rate),
        type: 'studio',
      };
    }
    default:
      throw EmulatorError.invalid(
        `${prefix}type`,
        'type must be one of avatar, image, cinematic_avatar, studio.',
      );
  }
}

/**
 * False for a batch item still waiting for a render slot: HeyGen creates an item's video when the item leaves the
 * queue (`video_id` is null while it is `queued`), so no list shows it before then.
 */
function madeYet(context: Pick<HandlerContext, 'now'>, video: VideoRecord): boolean {
  if (video.batchId === null) return true;
  const { state } = jobPhase(video.job, context.now);
  return state !== 'queued' && state !== 'blocked';
}

/** Handlers of the v3 video endpoints. */
export const videoHandlers: HandlerMap = {
  video_create(context) {
    const video = createVideoRecord(context, { ...planVideo(context, context.input), origin: 'v3' });
    return { data: { video_id: video.id, status: 'pending', output_format: video.outputFormat } };
  },

  video_get(context) {
    const video = context.account.videos.get(context.input.video_id);
    if (!video) throw EmulatorError.notFound('Video', context.input.video_id, 40104);
    return { data: videoV3View(context, video) };
  },

  video_list(context) {
    const title = text(context.input.title)?.toLowerCase();
    const folderId = text(context.input.folder_id);
    const videos = newestFirst(context.account.videos.values()).filter(
      (video) =>
        (!title || video.title.toLowerCase().includes(title)) &&
        (!folderId || video.folderId === folderId) &&
        madeYet(context, video),
    );
    return v3List(
      videos.map((video) => videoV3View(context, video)),
      context.input,
      { limit: 10, max: 100 },
    );
  },

  video_delete(context) {
    const id = context.input.video_id;
    if (!context.account.videos.delete(id)) throw EmulatorError.notFound('Video', id, 40104);
    return { data: { id, deleted: true } };
  },

  video_batch_create(context) {
    const batch: BatchRecord = {
      id: context.core.newId(),
      kind: 'video',
      createdAt: context.now,
      title: text(context.input.title),
      callbackUrl: text(context.input.callback_url),
      items: [],
      finishedNotified: false,
    };
    context.account.batches.set(batch.id, batch);
    const slots = context.core.settings.concurrentJobs;
    // Items queue behind the renders already running on the account, then behind each other.
    const busy = context.account.jobs.filter(
      (job) => job.concurrent && job.startAt !== null && jobActive(job, context.now),
    ).length;
    (context.input.videos as any[]).forEach((item, index) => {
      try {
        // Batch items queue behind each other in groups of the concurrent-job limit (status `queued`).
        const video = createVideoRecord(context, {
          ...planVideo(context, item, `videos[${index}].`),
          origin: 'v3',
          batchId: batch.id,
          itemIndex: index,
          delayMs: Math.floor((index + busy) / slots) * context.core.settings.renderMs,
          job: { queued: true },
          onFinish: () => emitBatchFinishedWhenDone(context, batch),
        });
        batch.items.push({ id: video.id, error: null });
      } catch (error) {
        if (!(error instanceof EmulatorError)) throw error;
        batch.items.push({ id: null, error: { code: error.code, message: error.message } });
      }
    });
    emitBatchFinishedWhenDone(context, batch);
    return {
      status: 202,
      data: { batch_id: batch.id, status: 'processing', total_items: batch.items.length },
    };
  },

  video_batch_get(context) {
    const batch = context.account.batches.get(context.input.batch_id);
    if (!batch || batch.kind !== 'video') throw EmulatorError.notFound('Batch', context.input.batch_id);
    return { data: batchV3View(context, batch) };
  },

  video_statuses_list(context) {
    const items: Record<string, unknown>[] = [];
    for (const id of idList(context.input.video_ids)) {
      const video = context.account.videos.get(id);
      items.push(
        video
          ? {
              video_id: id,
              status: videoStatusV3(jobPhase(video.job, context.now)),
              // HeyGen sets these only on entries expanded from `batch_ids`: a video does not name its batch.
              batch_id: null,
              item_index: null,
              error: jobPhase(video.job, context.now).state === 'failed' ? { ...video.job.failure } : null,
            }
          : {
              video_id: id,
              status: 'not_found',
              batch_id: null,
              item_index: null,
              error: { code: 'not_found', message: 'Video not found' },
            },
      );
    }
    for (const batchId of idList(context.input.batch_ids)) {
      const batch = context.account.batches.get(batchId);
      if (!batch || batch.kind !== 'video') continue;
      for (const row of batchV3View(context, batch, { all: true }).items as Record<string, unknown>[]) {
        items.push({ ...row, batch_id: batch.id });
      }
    }
    return { data: items, extra: { has_more: false, next_token: null } };
  },
};
