import type { BatchRecord, LipsyncRecord, ProofreadRecord, TranslationRecord } from '../account.ts';
import { EmulatorError } from '../emulator-error.ts';
import { jobPhase, type JobPhase } from '../job.ts';
import { buildSrt, buildVtt } from '../media-files.ts';
import { creditsFor, creditsPerMinute } from '../pricing.ts';
import { batchV3View, emitBatchFinishedWhenDone } from './batches.ts';
import type { HandlerContext, HandlerMap } from './handler-context.ts';
import { idList, newestFirst, resolveSource, seconds, text, v3List, wantsFailure } from './shared.ts';

/** Checks output languages against the library (names as listed, case-insensitive, or locale codes like `es`/`pt-BR`). */
export function checkLanguages(
  context: HandlerContext,
  languages: readonly string[],
  param: string,
): string[] {
  const known = new Map(
    context.core.library.translationLanguages.map((language) => [language.toLowerCase(), language]),
  );
  return languages.map((language, index) => {
    const match = known.get(language.toLowerCase());
    if (match) return match;
    if (/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/.test(language)) return language;
    throw EmulatorError.invalid(
      `${param}[${index}]`,
      `Unsupported language "${language}". List languages with GET /v3/video-translations/languages.`,
    );
  });
}

/** What a translation needs, whatever API created it. */
export interface NewTranslation {
  title: string;
  duration: number;
  outputLanguage: string;
  inputLanguage: string | null;
  mode: string;
  translateAudioOnly: boolean;
  callbackId: string | null;
  callbackUrl: string | null;
  folderId: string | null;
  forceFailure: boolean;
  batch?: BatchRecord;
  itemIndex?: number;
  delayMs?: number;
  /** Charge nothing (proofread-generated translations were priced at proofread time). */
  free?: boolean;
}

function translationPaths(id: string) {
  return {
    video: `translations/${id}.mp4`,
    audio: `translations/${id}.mp3`,
    srt: `translations/${id}/captions.srt`,
    vtt: `translations/${id}/captions.vtt`,
  };
}

/** Accepts a translation job and wires its `video_translate.success|fail` events. */
export function createTranslation(context: HandlerContext, spec: NewTranslation): TranslationRecord {
  const { core, account, origin } = context;
  const rate =
    spec.mode === 'precision' ? creditsPerMinute.translationPrecision : creditsPerMinute.translationSpeed;
  const job = core.startJob(account, {
    kind: 'video_translation',
    credits: spec.free ? 0 : creditsFor(spec.duration, rate),
    render: true,
    forceFailure: spec.forceFailure,
    delayMs: spec.delayMs,
    queued: spec.batch !== undefined,
    failure: {
      code: 'translation_failed',
      message: 'Translation failed (simulated by the heygate emulator).',
    },
    onFinish: (succeeded) => {
      const paths = translationPaths(record.id);
      const options = { entityId: record.id, callbackUrl: record.callbackUrl };
      if (succeeded) {
        core.webhooks.emit(
          account,
          'video_translate.success',
          {
            video_translate_id: record.id,
            url: core.media.url(origin, record.translateAudioOnly ? paths.audio : paths.video),
            output_language: record.outputLanguage,
            title: record.title,
            callback_id: record.callbackId,
          },
          options,
        );
      } else {
        core.webhooks.emit(
          account,
          'video_translate.fail',
          {
            video_translate_id: record.id,
            message: record.job.failure.message,
            callback_id: record.callbackId,
          },
          options,
        );
      }
      if (spec.batch) emitBatchFinishedWhenDone(context, spec.batch);
    },
  });
  const record: TranslationRecord = {
    id: core.newId(),
    job,
    title: spec.title,
    createdAt: context.now,
    duration: spec.duration,
    inputLanguage: spec.inputLanguage,
    outputLanguage: spec.outputLanguage,
    translateAudioOnly: spec.translateAudioOnly,
    callbackId: spec.callbackId,
    callbackUrl: spec.callbackUrl,
    batchId: spec.batch?.id ?? null,
    itemIndex: spec.itemIndex ?? null,
    folderId: spec.folderId,
  };
  const paths = translationPaths(record.id);
  const captions = `Translated to ${spec.outputLanguage} by the heygate emulator.`;
  core.media.put(paths.srt, {
    contentType: 'application/x-subrip',
    bytes: new TextEncoder().encode(buildSrt(captions)),
  });
  core.media.put(paths.vtt, { contentType: 'text/vtt', bytes: new TextEncoder().encode(buildVtt(captions)) });
  account.translations.set(record.id, record);
  return record;
}

/** v3 translation status: pending | running | completed | failed. */
export function translationStatusV3(phase: JobPhase): 'pending' | 'running' | 'completed' | 'failed' {
  if (phase.state === 'succeeded') return 'completed';
  if (phase.state === 'failed') return 'failed';
  return phase.state === 'running' && phase.fraction >= 0.2 ? 'running' : 'pending';
}

/** The v3 translation object. */
export function translationV3View(
  context: HandlerContext,
  record: TranslationRecord,
): Record<string, unknown> {
  const status = translationStatusV3(jobPhase(record.job, context.now));
  const done = status === 'completed';
  const paths = translationPaths(record.id);
  return {
    id: record.id,
    title: record.title,
    status,
    created_at: seconds(record.createdAt),
    duration: done ? record.duration : null,
    input_language: record.inputLanguage,
    output_language: record.outputLanguage,
    translate_audio_only: record.translateAudioOnly,
    video_url: done && !record.translateAudioOnly ? context.url(paths.video) : null,
    audio_url: done ? context.url(paths.audio) : null,
    srt_caption_url: done ? context.url(paths.srt) : null,
    vtt_caption_url: done ? context.url(paths.vtt) : null,
    callback_id: record.callbackId,
    failure_message: status === 'failed' ? record.job.failure.message : null,
  };
}

/** Plans the translations of one v3 create body (one per output language). */
function translationSpecs(context: HandlerContext, input: any, prefix: string): NewTranslation[] {
  const source = resolveSource(context, input.video, `${prefix}video`);
  if (input.audio) resolveSource(context, input.audio, `${prefix}audio`);
  if (input.srt) resolveSource(context, input.srt, `${prefix}srt`);
  const languages = checkLanguages(context, input.output_languages ?? [], `${prefix}output_languages`);
  const start = typeof input.start_time === 'number' ? input.start_time : 0;
  const end =
    typeof input.end_time === 'number' ? Math.min(input.end_time, source.duration) : source.duration;
  const duration = Math.max(1, end - start);
  return languages.map((language) => ({
    title: text(input.title) ?? `Translation to ${language}`,
    duration,
    outputLanguage: language,
    inputLanguage: text(input.input_language) ?? 'English',
    mode: input.mode ?? 'speed',
    translateAudioOnly: Boolean(input.translate_audio_only),
    callbackId: text(input.callback_id),
    callbackUrl: text(input.callback_url),
    folderId: text(input.folder_id),
    forceFailure: wantsFailure(context, input.title),
  }));
}

function lipsyncPaths(id: string) {
  return { video: `lipsyncs/${id}.mp4`, caption: `lipsyncs/${id}/captions.srt` };
}

function lipsyncView(context: HandlerContext, record: LipsyncRecord): Record<string, unknown> {
  const status = translationStatusV3(jobPhase(record.job, context.now));
  const done = status === 'completed';
  const paths = lipsyncPaths(record.id);
  return {
    id: record.id,
    title: record.title,
    status,
    created_at: seconds(record.createdAt),
    duration: done ? record.duration : null,
    video_url: done ? context.url(paths.video) : null,
    caption_url: done && record.caption ? context.url(paths.caption) : null,
    callback_id: record.callbackId,
    failure_message: status === 'failed' ? record.job.failure.message : null,
  };
}

/**
 * Accepts a lipsync. HeyGen's webhook event list has no lipsync events; lipsync is built on video translation,
 * so the emulator reports completion as `video_translate.success|fail` with the lipsync id (an assumption).
 */
function createLipsync(
  context: HandlerContext,
  input: any,
  prefix: string,
  batch?: BatchRecord,
  itemIndex?: number,
): LipsyncRecord {
  const { core, account, origin } = context;
  const video = resolveSource(context, input.video, `${prefix}video`);
  resolveSource(context, input.audio, `${prefix}audio`);
  const duration = Math.max(1, (input.end_time ?? video.duration) - (input.start_time ?? 0));
  const rate = input.mode === 'precision' ? creditsPerMinute.lipsyncPrecision : creditsPerMinute.lipsyncSpeed;
  const job = core.startJob(account, {
    kind: 'lipsync',
    credits: creditsFor(duration, rate),
    forceFailure: wantsFailure(context, input.title),
    delayMs:
      itemIndex === undefined
        ? undefined
        : Math.floor(itemIndex / core.settings.concurrentJobs) * core.settings.renderMs,
    queued: batch !== undefined,
    failure: { code: 'lipsync_failed', message: 'Lipsync failed (simulated by the heygate emulator).' },
    onFinish: (succeeded) => {
      const options = { entityId: record.id, callbackUrl: record.callbackUrl };
      core.webhooks.emit(
        account,
        succeeded ? 'video_translate.success' : 'video_translate.fail',
        succeeded
          ? {
              video_translate_id: record.id,
              url: core.media.url(origin, lipsyncPaths(record.id).video),
              callback_id: record.callbackId,
            }
          : {
              video_translate_id: record.id,
              message: record.job.failure.message,
              callback_id: record.callbackId,
            },
        options,
      );
      if (batch) emitBatchFinishedWhenDone(context, batch);
    },
  });
  const record: LipsyncRecord = {
    id: core.newId(),
    job,
    title: text(input.title) ?? 'Untitled lipsync',
    createdAt: context.now,
    duration,
    callbackId: text(input.callback_id),
    callbackUrl: text(input.callback_url) ?? batch?.callbackUrl ?? null,
    caption: Boolean(input.enable_caption),
    batchId: batch?.id ?? null,
    itemIndex: itemIndex ?? null,
  };
  core.media.put(lipsyncPaths(record.id).caption, {
    contentType: 'application/x-subrip',
    bytes: new TextEncoder().encode(buildSrt(record.title)),
  });
  account.lipsyncs.set(record.id, record);
  return record;
}

function proofreadView(context: HandlerContext, record: ProofreadRecord): Record<string, unknown> {
  const { state } = jobPhase(record.job, context.now);
  const status = state === 'succeeded' ? 'completed' : state === 'failed' ? 'failed' : 'processing';
  return {
    id: record.id,
    title: record.title,
    status,
    created_at: seconds(record.createdAt),
    input_language: record.inputLanguage,
    output_language: record.outputLanguage,
    submitted_for_review: record.submittedForReview,
    failure_message: status === 'failed' ? record.job.failure.message : null,
  };
}

function requireTranslation(context: HandlerContext, id: string): TranslationRecord {
  const record = context.account.translations.get(id);
  if (!record) throw EmulatorError.notFound('Video translation', id);
  return record;
}

function requireLipsync(context: HandlerContext, id: string): LipsyncRecord {
  const record = context.account.lipsyncs.get(id);
  if (!record) throw EmulatorError.notFound('Lipsync', id);
  return record;
}

function requireProofread(context: HandlerContext, id: string): ProofreadRecord {
  const record = context.account.proofreads.get(id);
  if (!record) throw EmulatorError.notFound('Proofread', id);
  return record;
}

function statusRows(
  context: HandlerContext,
  ids: string[],
  batchIds: string[],
  kind: 'video_translation' | 'lipsync',
): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (const id of ids) {
    const record =
      kind === 'lipsync' ? context.account.lipsyncs.get(id) : context.account.translations.get(id);
    if (!record) {
      rows.push({
        video_id: id,
        status: 'not_found',
        batch_id: null,
        item_index: null,
        error: { code: 'not_found', message: 'Not found' },
      });
      continue;
    }
    const phase = jobPhase(record.job, context.now);
    rows.push({
      video_id: id,
      status: translationStatusV3(phase),
      batch_id: record.batchId,
      item_index: record.itemIndex,
      error: phase.state === 'failed' ? { ...record.job.failure } : null,
    });
  }
  for (const batchId of batchIds) {
    const batch = context.account.batches.get(batchId);
    if (!batch || batch.kind !== kind) continue;
    for (const row of batchV3View(context, batch, { all: true }).items as Record<string, unknown>[]) {
      rows.push({ ...row, batch_id: batch.id });
    }
  }
  return rows;
}

function newBatch(context: HandlerContext, kind: BatchRecord['kind']): BatchRecord {
  const batch: BatchRecord = {
    id: context.core.newId(),
    kind,
    createdAt: context.now,
    title: text(context.input.title),
    callbackUrl: text(context.input.callback_url),
    items: [],
    finishedNotified: false,
  };
  context.account.batches.set(batch.id, batch);
  return batch;
}

/** Handlers of the v3 video-translation, proofread and lipsync endpoints. */
export const translationHandlers: HandlerMap = {
  video_translation_create(context) {
    const specs = translationSpecs(context, context.input, '');
    const ids = specs.map((spec) => createTranslation(context, spec).id);
    return { data: { video_translation_ids: ids } };
  },

  video_translation_get(context) {
    return {
      data: translationV3View(context, requireTranslation(context, context.input.video_translation_id)),
    };
  },

  video_translation_list(context) {
    return v3List(
      newestFirst(context.account.translations.values()).map((record) => translationV3View(context, record)),
      context.input,
      { limit: 10, max: 100 },
    );
  },

  video_translation_update(context) {
    const record = requireTranslation(context, context.input.video_translation_id);
    if (typeof context.input.title === 'string') record.title = context.input.title;
    return { data: translationV3View(context, record) };
  },

  video_translation_delete(context) {
    const id = context.input.video_translation_id;
    requireTranslation(context, id);
    context.account.translations.delete(id);
    return { data: { id } };
  },

  video_translation_language_list(context) {
    return { data: { languages: [...context.core.library.translationLanguages] } };
  },

  video_translation_statuses_list(context) {
    const rows = statusRows(
      context,
      idList(context.input.video_translation_ids),
      idList(context.input.batch_ids),
      'video_translation',
    );
    return { data: rows, extra: { has_more: false, next_token: null } };
  },

  video_translation_batch_create(context) {
    const batch = newBatch(context, 'video_translation');
    (context.input.video_translations as any[]).forEach((item, index) => {
      let specs: NewTranslation[];
      try {
        specs = translationSpecs(context, item, `video_translations[${index}].`);
      } catch (error) {
        if (!(error instanceof EmulatorError)) throw error;
        batch.items.push({ id: null, error: { code: error.code, message: error.message } });
        return;
      }
      // A payload with several output languages expands to one item per language.
      for (const spec of specs) {
        const position = batch.items.length;
        try {
          const record = createTranslation(context, {
            ...spec,
            callbackUrl: spec.callbackUrl ?? batch.callbackUrl,
            batch,
            itemIndex: position,
            delayMs:
              Math.floor(position / context.core.settings.concurrentJobs) * context.core.settings.renderMs,
          });
          batch.items.push({ id: record.id, error: null });
        } catch (error) {
          if (!(error instanceof EmulatorError)) throw error;
          batch.items.push({ id: null, error: { code: error.code, message: error.message } });
        }
      }
    });
    emitBatchFinishedWhenDone(context, batch);
    return {
      status: 202,
      data: { batch_id: batch.id, status: 'processing', total_items: batch.items.length },
    };
  },

  video_translation_batch_get(context) {
    const batch = context.account.batches.get(context.input.batch_id);
    if (!batch || batch.kind !== 'video_translation')
      throw EmulatorError.notFound('Batch', context.input.batch_id);
    return { data: batchV3View(context, batch) };
  },

  video_translation_proofread_create(context) {
    const { core, account, input, origin } = context;
    const source = resolveSource(context, input.video, 'video');
    if (input.srt) resolveSource(context, input.srt, 'srt');
    const languages = checkLanguages(context, input.output_languages, 'output_languages');
    const ids = languages.map((language) => {
      const job = core.startJob(account, {
        kind: 'proofread',
        credits: 0,
        forceFailure: wantsFailure(context, input.title),
        failure: {
          code: 'proofread_failed',
          message: 'Proofread creation failed (simulated by the heygate emulator).',
        },
        onFinish: (succeeded) => {
          core.webhooks.emit(
            account,
            succeeded ? 'proofread_creation.success' : 'proofread_creation.fail',
            succeeded
              ? {
                  proofread_id: record.id,
                  srt_url: core.media.url(origin, record.srtPath),
                  output_language: record.outputLanguage,
                }
              : { proofread_id: record.id, message: record.job.failure.message },
            { entityId: record.id },
          );
        },
      });
      const id = core.newId();
      const record: ProofreadRecord = {
        id,
        job,
        createdAt: context.now,
        title: input.title,
        inputLanguage: text(input.input_language) ?? 'English',
        outputLanguage: language,
        duration: source.duration,
        srtPath: `proofreads/${id}/translated.srt`,
        originalSrtPath: `proofreads/${id}/original.srt`,
        submittedForReview: false,
      };
      core.media.put(record.srtPath, {
        contentType: 'application/x-subrip',
        bytes: new TextEncoder().encode(buildSrt(`Draft ${language} translation of ${input.title}.`)),
      });
      core.media.put(record.originalSrtPath, {
        contentType: 'application/x-subrip',
        bytes: new TextEncoder().encode(buildSrt(`Original transcript of ${input.title}.`)),
      });
      account.proofreads.set(id, record);
      return id;
    });
    return { data: { proofread_ids: ids, status: 'processing' } };
  },

  video_translation_proofread_get(context) {
    return { data: proofreadView(context, requireProofread(context, context.input.proofread_id)) };
  },

  video_translation_proofread_srt_get(context) {
    const record = requireProofread(context, context.input.proofread_id);
    if (jobPhase(record.job, context.now).state !== 'succeeded') {
      throw EmulatorError.invalid('proofread_id', `Proofread ${record.id} is not completed yet.`);
    }
    return {
      data: { srt_url: context.url(record.srtPath), original_srt_url: context.url(record.originalSrtPath) },
    };
  },

  video_translation_proofread_srt_update(context) {
    const record = requireProofread(context, context.input.proofread_id);
    if (jobPhase(record.job, context.now).state !== 'succeeded') {
      throw EmulatorError.invalid('proofread_id', `Proofread ${record.id} is not completed yet.`);
    }
    const source = resolveSource(context, context.input.srt, 'srt');
    if (source.asset) {
      const file = context.core.media.get(source.asset.mediaPath);
      if (file)
        context.core.media.put(record.srtPath, { contentType: 'application/x-subrip', bytes: file.bytes });
    }
    record.submittedForReview = true;
    return { data: proofreadView(context, record) };
  },

  video_translation_proofread_generate(context) {
    const record = requireProofread(context, context.input.proofread_id);
    if (jobPhase(record.job, context.now).state !== 'succeeded') {
      throw EmulatorError.invalid('proofread_id', `Proofread ${record.id} is not completed yet.`);
    }
    const translation = createTranslation(context, {
      title: record.title,
      duration: record.duration,
      outputLanguage: record.outputLanguage,
      inputLanguage: record.inputLanguage,
      mode: 'speed',
      translateAudioOnly: Boolean(context.input.translate_audio_only),
      callbackId: text(context.input.callback_id),
      callbackUrl: text(context.input.callback_url),
      folderId: null,
      forceFailure: context.forceFailure,
    });
    return { data: { video_translation_id: translation.id, status: 'processing' } };
  },

  lipsync_create(context) {
    return { data: { lipsync_id: createLipsync(context, context.input, '').id } };
  },

  lipsync_get(context) {
    return { data: lipsyncView(context, requireLipsync(context, context.input.lipsync_id)) };
  },

  lipsync_list(context) {
    return v3List(
      newestFirst(context.account.lipsyncs.values()).map((record) => lipsyncView(context, record)),
      context.input,
      { limit: 10, max: 100 },
    );
  },

  lipsync_update(context) {
    const record = requireLipsync(context, context.input.lipsync_id);
    if (typeof context.input.title === 'string') record.title = context.input.title;
    return { data: lipsyncView(context, record) };
  },

  lipsync_delete(context) {
    const id = context.input.lipsync_id;
    requireLipsync(context, id);
    context.account.lipsyncs.delete(id);
    return { data: { id } };
  },

  lipsync_statuses_list(context) {
    const rows = statusRows(
      context,
      idList(context.input.lipsync_ids),
      idList(context.input.batch_ids),
      'lipsync',
    );
    return { data: rows, extra: { has_more: false, next_token: null } };
  },

  lipsync_batch_create(context) {
    const batch = newBatch(context, 'lipsync');
    (context.input.lipsyncs as any[]).forEach((item, index) => {
      try {
        const record = createLipsync(
          context,
          { ...item, callback_url: item.callback_url ?? batch.callbackUrl },
          `lipsyncs[${index}].`,
          batch,
          index,
        );
        batch.items.push({ id: record.id, error: null });
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

  lipsync_batch_get(context) {
    const batch = context.account.batches.get(context.input.batch_id);
    if (!batch || batch.kind !== 'lipsync') throw EmulatorError.notFound('Batch', context.input.batch_id);
    return { data: batchV3View(context, batch) };
  },
};
