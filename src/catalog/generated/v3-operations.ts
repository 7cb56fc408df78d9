// GENERATED FILE — DO NOT EDIT.
// Made by scripts/generate-catalog.ts from ../shared/heygen-api/v3-operations.json and
// ../shared/heygen-api/v3-additions.json (HeyGen v3 API).
// Regenerate with `npm run generate` (or `npx node scripts/generate-catalog.ts`).
// Facts only: HeyGen description texts and server-side defaults are deliberately left out.
import { z } from 'zod';
import { lazySchema, type LazySchema } from '../define-tool.ts';
import { openEnum } from '../open-enum.ts';
import { eventStreamResult, fileInput } from '../schemas.ts';
import type { V3Operation } from '../v3-tool.ts';

// Enums other parts of heygate use by name.
export const webhookEventTypes = [
  'avatar_video.success',
  'avatar_video.fail',
  'avatar_video_gif.success',
  'avatar_video_gif.fail',
  'video_translate.success',
  'video_translate.fail',
  'video_translate.preflight.validation_failed',
  'video_translate.preflight.download_failed',
  'personalized_video',
  'instant_avatar.success',
  'instant_avatar.fail',
  'photo_avatar_generation.success',
  'photo_avatar_generation.fail',
  'photo_avatar_train.success',
  'photo_avatar_train.fail',
  'photo_avatar_add_motion.success',
  'photo_avatar_add_motion.fail',
  'proofread_creation.success',
  'proofread_creation.fail',
  'live_avatar.success',
  'live_avatar.fail',
  'avatar_video_caption.success',
  'avatar_video_caption.fail',
  'video_agent.success',
  'video_agent.fail',
  'hyperframes_video.success',
  'hyperframes_video.fail',
  'ai_clipping.success',
  'ai_clipping.fail',
  'batch.finished',
] as const;

// Sub-schemas shared by several operations.
const assetIdOrUrlInput: LazySchema = lazySchema(() =>
  z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('url'), url: z.string() }),
    z.strictObject({ type: z.literal('asset_id'), asset_id: z.string() }),
  ]),
);
const clipsOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    aspect_ratio: openEnum(['landscape', 'portrait', 'square']).nullish(),
    duration_seconds: z.number().nullish(),
    failure_message: z.string().nullish(),
    id: z.string().nullish(),
    status: openEnum(['pending', 'completed', 'failed']).nullish(),
    thumbnail_url: z.string().nullish(),
    title: z.string().nullish(),
    video_url: z.string().nullish(),
    virality_score: z.number().nullish(),
  }),
);
const outputSettingsOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    aspect_ratio: openEnum(['landscape', 'portrait', 'square']).nullish(),
    caption_style: openEnum([
      'subtle_gray',
      'shadow_mint',
      'subtle_cyan',
      'stamp_red',
      'retro_gold',
      'block_dark',
      'racing',
      'modern_dark',
      'modern_boxed',
      'chunky',
      'clean',
      'shadow_lime',
      'tag_yellow',
      'pop_purple',
      'spotlight',
      'outline_classic',
      'exotic',
      'golden',
      'simple',
      'pop_single',
      'energy',
      'bold',
      'elegant',
      'neon_pink',
    ]).nullish(),
    captions: z.boolean().nullish(),
    duration_types: z.array(openEnum(['30', '60', '180', 'long'])).nullish(),
    prompt: z.string().nullish(),
  }),
);
const aiClippingGetResultOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    callback_id: z.string().nullish(),
    clips: z.array(clipsOutput()).nullish(),
    created_at: z.number().nullish(),
    failure_message: z.string().nullish(),
    id: z.string().nullish(),
    input_language: z.string().nullish(),
    output_settings: outputSettingsOutput().nullish(),
    progress: z.number().nullish(),
    source_duration: z.number().nullish(),
    status: openEnum(['pending', 'running', 'completed', 'failed', 'cancelled']).nullish(),
    title: z.string().nullish(),
  }),
);
const assetBatchGetResultItemsOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    error: z.looseObject({}).nullish(),
    item_index: z.number().nullish(),
    status: openEnum(['queued', 'processing', 'completed', 'failed']).nullish(),
    video_id: z.string().nullish(),
  }),
);
const assetBatchGetResultOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    batch_id: z.string().nullish(),
    counts_by_status: z.looseObject({}).nullish(),
    created_at: z.number().nullish(),
    has_more: z.boolean().nullish(),
    items: z.array(assetBatchGetResultItemsOutput()).nullish(),
    next_token: z.string().nullish(),
    status: openEnum(['processing', 'completed', 'failed']).nullish(),
    title: z.string().nullish(),
    total_items: z.number().nullish(),
  }),
);
const assetDirectUploadCreateResultOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    asset_id: z.string().nullish(),
    expires_in_seconds: z.number().nullish(),
    max_bytes: z.number().nullish(),
    status: z.string().nullish(),
    upload_headers: z.looseObject({}).nullish(),
    upload_url: z.string().nullish(),
  }),
);
const assetGetResultOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    folder_id: z.string().nullish(),
    id: z.string().nullish(),
    name: z.string().nullish(),
    owner: z.string().nullish(),
    space_id: z.string().nullish(),
    type: z.string().nullish(),
    uploaded_at: z.number().nullish(),
    url: z.string().nullish(),
  }),
);
const assetSearchResultDataOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    height: z.number().nullish(),
    id: z.string().nullish(),
    is_transparent: z.boolean().nullish(),
    orientation: z.string().nullish(),
    type: z.string().nullish(),
    url: z.string().nullish(),
    width: z.number().nullish(),
  }),
);
const assetStatusesListResultDataOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    batch_id: z.string().nullish(),
    error: z.looseObject({}).nullish(),
    item_index: z.number().nullish(),
    status: z.string().nullish(),
    video_id: z.string().nullish(),
  }),
);
const assetStatusesListResultOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    data: z.array(assetStatusesListResultDataOutput()).nullish(),
    has_more: z.boolean().nullish(),
    next_token: z.string().nullish(),
  }),
);
const assetIdOrBase64OrUrlInput: LazySchema = lazySchema(() =>
  z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('url'), url: z.string() }),
    z.strictObject({ type: z.literal('asset_id'), asset_id: z.string() }),
    z.strictObject({ type: z.literal('base64'), data: z.string(), media_type: z.string() }),
  ]),
);
const avatarGroupOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    consent_status: z.string().nullish(),
    created_at: z.number().nullish(),
    default_voice_id: z.string().nullish(),
    error: z.looseObject({ code: z.string().nullish(), message: z.string().nullish() }).nullish(),
    gender: z.string().nullish(),
    id: z.string().nullish(),
    looks_count: z.number().nullish(),
    name: z.string().nullish(),
    preview_image_url: z.string().nullish(),
    preview_video_url: z.string().nullish(),
    status: openEnum(['processing', 'pending_consent', 'failed', 'completed']).nullish(),
  }),
);
const avatarItemOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    avatar_type: openEnum(['studio_avatar', 'digital_twin', 'photo_avatar']).nullish(),
    default_voice_id: z.string().nullish(),
    error: z.looseObject({ code: z.string().nullish(), message: z.string().nullish() }).nullish(),
    gender: z.string().nullish(),
    group_id: z.string().nullish(),
    id: z.string().nullish(),
    image_height: z.number().nullish(),
    image_width: z.number().nullish(),
    name: z.string().nullish(),
    preferred_orientation: openEnum(['portrait', 'landscape', 'square']).nullish(),
    preview_image_url: z.string().nullish(),
    preview_video_url: z.string().nullish(),
    status: openEnum(['processing', 'pending_consent', 'failed', 'completed']).nullish(),
    supported_api_engines: z.array(z.string()).nullish(),
    tags: z.array(z.string()).nullish(),
  }),
);
const assetUrlOrIdOrBase64Input: LazySchema = lazySchema(() =>
  z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('url'), url: z.string() }),
    z.strictObject({ type: z.literal('asset_id'), asset_id: z.string() }),
    z.strictObject({ type: z.literal('base64'), media_type: z.string(), data: z.string() }),
  ]),
);
const backgroundRemovalGetResultOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    completed_at: z.number().nullish(),
    created_at: z.number().nullish(),
    duration: z.number().nullish(),
    error: z.string().nullish(),
    id: z.string().nullish(),
    layers: z.looseObject({}).nullish(),
    status: z.string().nullish(),
  }),
);
const hyperframesRenderGetResultOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    render_id: z.string().nullish(),
    status: openEnum(['queued', 'rendering', 'completed', 'failed']).nullish(),
    title: z.string().nullish(),
    callback_id: z.string().nullish(),
    video_url: z.string().nullish(),
    thumbnail_url: z.string().nullish(),
    duration: z.number().nullish(),
    fps: z.number().nullish(),
    quality: openEnum(['draft', 'standard', 'high']).nullish(),
    format: openEnum(['mp4', 'webm', 'mov']).nullish(),
    resolution: openEnum(['1080p', '4k']).nullish(),
    aspect_ratio: openEnum(['16:9', '9:16', '1:1']).nullish(),
    composition: z.string().nullish(),
    created_at: z.number().nullish(),
    completed_at: z.number().nullish(),
    failure_message: z.string().nullish(),
  }),
);
const lipsyncGetResultOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    callback_id: z.string().nullish(),
    caption_url: z.string().nullish(),
    created_at: z.number().nullish(),
    duration: z.number().nullish(),
    failure_message: z.string().nullish(),
    id: z.string().nullish(),
    status: openEnum(['pending', 'running', 'completed', 'failed']).nullish(),
    title: z.string().nullish(),
    video_url: z.string().nullish(),
  }),
);
const videoGetResultOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    captioned_video_url: z.string().nullish(),
    completed_at: z.number().nullish(),
    created_at: z.number().nullish(),
    duration: z.number().nullish(),
    failure_code: z.string().nullish(),
    failure_message: z.string().nullish(),
    folder_id: z.string().nullish(),
    gif_url: z.string().nullish(),
    id: z.string().nullish(),
    output_language: z.string().nullish(),
    status: openEnum(['pending', 'processing', 'completed', 'failed']).nullish(),
    subtitle_url: z.string().nullish(),
    thumbnail_url: z.string().nullish(),
    title: z.string().nullish(),
    video_page_url: z.string().nullish(),
    video_url: z.string().nullish(),
  }),
);
const addOnCreditsOutput: LazySchema = lazySchema(() =>
  z.looseObject({ remaining: z.number().nullish(), resets_at: z.string().nullish() }),
);
const videoListResultOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    data: z.array(videoGetResultOutput()).nullish(),
    has_more: z.boolean().nullish(),
    next_token: z.string().nullish(),
  }),
);
const backgroundInput: LazySchema = lazySchema(() =>
  z.strictObject({
    asset_id: z.string().nullable().optional(),
    type: z.enum(['color', 'image']),
    url: z.string().nullable().optional(),
    value: z.string().nullable().optional(),
  }),
);
const captionInput: LazySchema = lazySchema(() =>
  z.strictObject({
    file_format: z.enum(['srt']).optional(),
    style: z.enum(['default']).nullable().optional(),
  }),
);
const engineInput: LazySchema = lazySchema(() =>
  z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('avatar_v'), reference_look_id: z.string().nullable().optional() }),
    z.strictObject({ type: z.literal('avatar_iv') }),
    z.strictObject({ type: z.literal('avatar_iii') }),
  ]),
);
const engineSettingsInput: LazySchema = lazySchema(() =>
  z.discriminatedUnion('engine_type', [
    z.strictObject({
      engine_type: z.literal('elevenlabs'),
      model: z
        .enum(['eleven_multilingual_v2', 'eleven_turbo_v2_5', 'eleven_flash_v2_5', 'eleven_v3'])
        .nullable()
        .optional(),
      similarity_boost: z.number().nullable().optional(),
      stability: z.number().nullable().optional(),
      style: z.number().nullable().optional(),
      use_speaker_boost: z.boolean().nullable().optional(),
    }),
    z.strictObject({
      engine_type: z.literal('fish'),
      model: z.enum(['s1', 's2-pro']).nullable().optional(),
      similarity: z.number().nullable().optional(),
      stability: z.number().nullable().optional(),
    }),
    z.strictObject({ engine_type: z.literal('starfish') }),
  ]),
);
const voiceSettingsInput: LazySchema = lazySchema(() =>
  z.strictObject({
    engine_settings: engineSettingsInput().nullable().optional(),
    locale: z.string().nullable().optional(),
    pitch: z.number().optional(),
    speed: z.number().min(0.5).max(1.5).optional(),
    volume: z.number().min(0).max(1).optional(),
  }),
);
const placementInput: LazySchema = lazySchema(() =>
  z.strictObject({
    offset_x: z.number().nullable().optional(),
    offset_y: z.number().nullable().optional(),
    position: z.enum(['top_left', 'top_right', 'bottom_left', 'bottom_right']).optional(),
  }),
);
const watermarkInput: LazySchema = lazySchema(() =>
  z.strictObject({
    image: assetIdOrBase64OrUrlInput(),
    opacity: z.number().min(0).max(1).optional(),
    placement: placementInput().nullable().optional(),
    scale: z.number().optional(),
  }),
);
const backgroundInput2: LazySchema = lazySchema(() =>
  z.discriminatedUnion('type', [z.strictObject({ type: z.literal('color'), color: z.string() })]),
);
const scenesInputInput: LazySchema = lazySchema(() =>
  z.strictObject({
    audio_asset_id: z.string().nullable().optional(),
    audio_url: z.string().nullable().optional(),
    avatar_id: z.string(),
    background: backgroundInput2().nullable().optional(),
    engine: engineInput().nullable().optional(),
    expressiveness: z.enum(['high', 'medium', 'low']).nullable().optional(),
    motion_prompt: z.string().nullable().optional(),
    script: z.string().nullable().optional(),
    type: z.string(),
    voice_id: z.string().nullable().optional(),
    voice_settings: voiceSettingsInput().nullable().optional(),
  }),
);
const playbackInput: LazySchema = lazySchema(() =>
  z.strictObject({ mute: z.boolean().optional(), volume: z.number().min(0).max(1).optional() }),
);
const scenesInput: LazySchema = lazySchema(() =>
  z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('avatar_video'), input: scenesInputInput() }),
    z.strictObject({
      type: z.literal('image'),
      audio_asset_id: z.string().nullable().optional(),
      audio_url: z.string().nullable().optional(),
      duration: z.number().gt(0).max(300).nullable().optional(),
      script: z.string().nullable().optional(),
      source: assetIdOrBase64OrUrlInput(),
      voice_id: z.string().nullable().optional(),
      voice_settings: voiceSettingsInput().nullable().optional(),
    }),
    z.strictObject({
      type: z.literal('video'),
      audio_asset_id: z.string().nullable().optional(),
      audio_url: z.string().nullable().optional(),
      playback: playbackInput().nullable().optional(),
      script: z.string().nullable().optional(),
      source: assetIdOrBase64OrUrlInput(),
      voice_id: z.string().nullable().optional(),
      voice_settings: voiceSettingsInput().nullable().optional(),
    }),
  ]),
);
const videosInput: LazySchema = lazySchema(() =>
  z.discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('avatar'),
      aspect_ratio: z.enum(['16:9', '9:16', '4:5', '5:4', '1:1', 'auto']).nullable().optional(),
      audio_asset_id: z.string().nullable().optional(),
      audio_url: z.string().nullable().optional(),
      avatar_id: z.string(),
      background: backgroundInput().nullable().optional(),
      callback_id: z.string().nullable().optional(),
      callback_url: z.string().nullable().optional(),
      caption: captionInput().nullable().optional(),
      engine: engineInput().nullable().optional(),
      expressiveness: z.enum(['high', 'medium', 'low']).nullable().optional(),
      fit: z.enum(['contain', 'cover']).nullable().optional(),
      motion_prompt: z.string().nullable().optional(),
      output_format: z.enum(['mp4', 'webm']).optional(),
      remove_background: z.boolean().nullable().optional(),
      resolution: z.enum(['4k', '1080p', '720p']).nullable().optional(),
      script: z.string().nullable().optional(),
      title: z.string().nullable().optional(),
      voice_id: z.string().nullable().optional(),
      voice_settings: voiceSettingsInput().nullable().optional(),
      watermark: watermarkInput().nullable().optional(),
    }),
    z.strictObject({
      type: z.literal('image'),
      aspect_ratio: z.enum(['16:9', '9:16', '4:5', '5:4', '1:1', 'auto']).nullable().optional(),
      audio_asset_id: z.string().nullable().optional(),
      audio_url: z.string().nullable().optional(),
      background: backgroundInput().nullable().optional(),
      callback_id: z.string().nullable().optional(),
      callback_url: z.string().nullable().optional(),
      caption: captionInput().nullable().optional(),
      expressiveness: z.enum(['high', 'medium', 'low']).nullable().optional(),
      fit: z.enum(['contain', 'cover']).nullable().optional(),
      image: assetIdOrBase64OrUrlInput(),
      motion_prompt: z.string().nullable().optional(),
      output_format: z.enum(['mp4', 'webm']).optional(),
      remove_background: z.boolean().nullable().optional(),
      resolution: z.enum(['4k', '1080p', '720p']).nullable().optional(),
      script: z.string().nullable().optional(),
      title: z.string().nullable().optional(),
      voice_id: z.string().nullable().optional(),
      voice_settings: voiceSettingsInput().nullable().optional(),
      watermark: watermarkInput().nullable().optional(),
    }),
    z.strictObject({
      type: z.literal('cinematic_avatar'),
      aspect_ratio: z.enum(['16:9', '9:16', '4:5', '5:4', '1:1', 'auto']).optional(),
      auto_duration: z.boolean().optional(),
      avatar_id: z.array(z.string()),
      duration: z.number().int().min(4).max(15).nullable().optional(),
      enhance_prompt: z.boolean().optional(),
      prompt: z.string(),
      references: z.array(assetIdOrBase64OrUrlInput()).nullable().optional(),
      resolution: z.enum(['720p', '1080p']).optional(),
      title: z.string().nullable().optional(),
    }),
    z.strictObject({
      type: z.literal('studio'),
      aspect_ratio: z.enum(['16:9', '9:16', '4:5', '5:4', '1:1', 'auto']).nullable().optional(),
      callback_id: z.string().nullable().optional(),
      callback_url: z.string().nullable().optional(),
      caption: captionInput().nullable().optional(),
      resolution: z.enum(['4k', '1080p', '720p']).nullable().optional(),
      scenes: z.array(scenesInput()),
      title: z.string().nullable().optional(),
      watermark: watermarkInput().nullable().optional(),
    }),
  ]),
);
const stockVoiceConfigInput: LazySchema = lazySchema(() =>
  z.strictObject({
    preferred_stock_voice_ids: z.array(z.string()).optional(),
    use_stock_voice: z.boolean().optional(),
  }),
);
const videoTranslationGetResultOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    audio_url: z.string().nullish(),
    callback_id: z.string().nullish(),
    created_at: z.number().nullish(),
    duration: z.number().nullish(),
    failure_message: z.string().nullish(),
    id: z.string().nullish(),
    input_language: z.string().nullish(),
    output_language: z.string().nullish(),
    srt_caption_url: z.string().nullish(),
    status: openEnum(['pending', 'running', 'completed', 'failed']).nullish(),
    title: z.string().nullish(),
    translate_audio_only: z.boolean().nullish(),
    video_url: z.string().nullish(),
    vtt_caption_url: z.string().nullish(),
  }),
);
const videoTranslationProofreadGetResultOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    created_at: z.number().nullish(),
    failure_message: z.string().nullish(),
    id: z.string().nullish(),
    input_language: z.string().nullish(),
    output_language: z.string().nullish(),
    status: openEnum(['processing', 'completed', 'failed']).nullish(),
    submitted_for_review: z.boolean().nullish(),
    title: z.string().nullish(),
  }),
);
const voicesOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    gender: z.string().nullish(),
    language: z.string().nullish(),
    name: z.string().nullish(),
    preview_audio_url: z.string().nullish(),
    support_locale: z.boolean().nullish(),
    support_pause: z.boolean().nullish(),
    type: openEnum(['public', 'private']).nullish(),
    voice_id: z.string().nullish(),
  }),
);
const webhookEndpointCreateResultOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    created_at: z.string().nullish(),
    endpoint_id: z.string().nullish(),
    events: z.array(z.string()).nullish(),
    secret: z.string().nullish(),
    status: z.string().nullish(),
    url: z.string().nullish(),
  }),
);

const aiClippingCreateInput: LazySchema = lazySchema(() =>
  z.strictObject({
    callback_id: z.string().nullable().optional(),
    callback_url: z.string().nullable().optional(),
    input_language: z.string().nullable().optional(),
    output_settings: z
      .strictObject({
        aspect_ratio: z.enum(['landscape', 'portrait', 'square']).optional(),
        caption_style: z
          .enum([
            'subtle_gray',
            'shadow_mint',
            'subtle_cyan',
            'stamp_red',
            'retro_gold',
            'block_dark',
            'racing',
            'modern_dark',
            'modern_boxed',
            'chunky',
            'clean',
            'shadow_lime',
            'tag_yellow',
            'pop_purple',
            'spotlight',
            'outline_classic',
            'exotic',
            'golden',
            'simple',
            'pop_single',
            'energy',
            'bold',
            'elegant',
            'neon_pink',
          ])
          .optional(),
        captions: z.boolean().optional(),
        duration_types: z.array(z.enum(['30', '60', '180', 'long'])).optional(),
        prompt: z.string().max(500).nullable().optional(),
      })
      .optional(),
    title: z.string().nullable().optional(),
    video: assetIdOrUrlInput(),
  }),
);
const aiClippingCreateOutput: LazySchema = lazySchema(() => z.looseObject({}));
const aiClippingDeleteInput: LazySchema = lazySchema(() => z.strictObject({ job_id: z.string().min(1) }));
const aiClippingDeleteOutput: LazySchema = lazySchema(() => z.looseObject({ id: z.string().nullish() }));
const aiClippingGetInput: LazySchema = lazySchema(() => z.strictObject({ job_id: z.string().min(1) }));
const aiClippingGetOutput: LazySchema = lazySchema(() => aiClippingGetResultOutput());
const aiClippingListInput: LazySchema = lazySchema(() =>
  z.strictObject({ limit: z.number().int().min(1).max(100).optional(), token: z.string().optional() }),
);
const aiClippingListOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    data: z.array(aiClippingGetResultOutput()).nullish(),
    has_more: z.boolean().nullish(),
    next_token: z.string().nullish(),
  }),
);
const assetBatchGetInput: LazySchema = lazySchema(() =>
  z.strictObject({
    batch_id: z.string().min(1),
    limit: z.number().int().min(1).max(100).optional(),
    token: z.string().optional(),
  }),
);
const assetBatchGetOutput: LazySchema = lazySchema(() => assetBatchGetResultOutput());
const assetCompleteBatchCreateInput: LazySchema = lazySchema(() => z.strictObject({ batch_id: z.string() }));
const assetCompleteBatchCreateOutput: LazySchema = lazySchema(() => z.looseObject({}));
const assetCompleteCreateInput: LazySchema = lazySchema(() =>
  z.strictObject({ asset_id: z.string().min(1), checksum_sha256: z.string().nullable().optional() }),
);
const assetCompleteCreateOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    asset_id: z.string().nullish(),
    mime_type: z.string().nullish(),
    size_bytes: z.number().nullish(),
    status: z.string().nullish(),
    url: z.string().nullish(),
  }),
);
const assetCreateInput: LazySchema = lazySchema(() => z.strictObject({ file: fileInput }));
const assetCreateOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    asset_id: z.string().nullish(),
    mime_type: z.string().nullish(),
    size_bytes: z.number().nullish(),
    url: z.string().nullish(),
  }),
);
const assetDeleteInput: LazySchema = lazySchema(() => z.strictObject({ asset_id: z.string().min(1) }));
const assetDeleteOutput: LazySchema = lazySchema(() => z.looseObject({ id: z.string().nullish() }));
const assetDirectUploadBatchCreateInput: LazySchema = lazySchema(() =>
  z.strictObject({
    callback_url: z.string().nullable().optional(),
    files: z
      .array(
        z.strictObject({
          checksum_sha256: z.string().nullable().optional(),
          content_type: z.string(),
          filename: z.string(),
          size_bytes: z.number().int(),
        }),
      )
      .max(100),
    title: z.string().nullable().optional(),
  }),
);
const assetDirectUploadBatchCreateOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    batch_id: z.string().nullish(),
    items: z.array(assetDirectUploadCreateResultOutput()).nullish(),
  }),
);
const assetDirectUploadCreateInput: LazySchema = lazySchema(() =>
  z.strictObject({
    checksum_sha256: z.string().nullable().optional(),
    content_type: z.string(),
    filename: z.string(),
    size_bytes: z.number().int(),
  }),
);
const assetDirectUploadCreateOutput: LazySchema = lazySchema(() => assetDirectUploadCreateResultOutput());
const assetGetInput: LazySchema = lazySchema(() => z.strictObject({ asset_id: z.string().min(1) }));
const assetGetOutput: LazySchema = lazySchema(() => assetGetResultOutput());
const assetListInput: LazySchema = lazySchema(() =>
  z.strictObject({
    username: z.string(),
    limit: z.number().int().min(1).max(100).optional(),
    token: z.string().optional(),
    folder_id: z.string().optional(),
  }),
);
const assetListOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    data: z.array(assetGetResultOutput()).nullish(),
    has_more: z.boolean().nullish(),
    next_token: z.string().nullish(),
  }),
);
const assetSearchInput: LazySchema = lazySchema(() =>
  z.strictObject({
    query: z.string(),
    limit: z.number().int().min(1).max(50).optional(),
    token: z.string().optional(),
    type: z.enum(['image', 'icon']),
    scope: z.enum(['public', 'personal']).optional(),
  }),
);
const assetSearchOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    data: z.array(z.union([assetSearchResultDataOutput(), assetSearchResultDataOutput()])).nullish(),
    has_more: z.boolean().nullish(),
    next_token: z.string().nullish(),
  }),
);
const assetStatusesListInput: LazySchema = lazySchema(() =>
  z.strictObject({ asset_ids: z.string().optional(), batch_ids: z.string().optional() }),
);
const assetStatusesListOutput: LazySchema = lazySchema(() => assetStatusesListResultOutput());
const audioSoundListInput: LazySchema = lazySchema(() =>
  z.strictObject({
    query: z.string(),
    type: z.enum(['music', 'sound_effects']).optional(),
    limit: z.number().int().min(1).max(50).optional(),
    min_score: z.number().min(0).max(1).optional(),
    token: z.string().optional(),
  }),
);
const audioSoundListOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    data: z
      .array(
        z.looseObject({
          audio_url: z.string().nullish(),
          description: z.string().nullish(),
          duration: z.number().nullish(),
          id: z.string().nullish(),
          name: z.string().nullish(),
          peak_offset: z.number().nullish(),
          placement: z.string().nullish(),
          score: z.number().nullish(),
          type: openEnum(['music', 'sound_effects']).nullish(),
        }),
      )
      .nullish(),
    has_more: z.boolean().nullish(),
    next_token: z.string().nullish(),
  }),
);
const avatarConsentCreateInput: LazySchema = lazySchema(() =>
  z.strictObject({
    group_id: z.string().min(1),
    consent_text: z.string().nullable().optional(),
    consent_video: assetIdOrBase64OrUrlInput().nullable().optional(),
    reroute_url: z.string().nullable().optional(),
  }),
);
const avatarConsentCreateOutput: LazySchema = lazySchema(() =>
  z.looseObject({ avatar_group: avatarGroupOutput().nullish(), url: z.string().nullish() }),
);
const avatarCreateInput: LazySchema = lazySchema(() =>
  z.discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('prompt'),
      avatar_group_id: z.string().nullable().optional(),
      avatar_id: z.string().nullable().optional(),
      name: z.string(),
      prompt: z.string(),
      reference_images: z.array(assetIdOrBase64OrUrlInput()).max(3).nullable().optional(),
    }),
    z.strictObject({
      type: z.literal('digital_twin'),
      avatar_group_id: z.string().nullable().optional(),
      file: assetIdOrBase64OrUrlInput(),
      name: z.string(),
    }),
    z.strictObject({
      type: z.literal('photo'),
      avatar_group_id: z.string().nullable().optional(),
      file: assetIdOrBase64OrUrlInput(),
      name: z.string(),
    }),
  ]),
);
const avatarCreateOutput: LazySchema = lazySchema(() =>
  z.looseObject({ avatar_group: avatarGroupOutput().nullish(), avatar_item: avatarItemOutput().nullish() }),
);
const avatarDeleteInput: LazySchema = lazySchema(() => z.strictObject({ group_id: z.string().min(1) }));
const avatarDeleteOutput: LazySchema = lazySchema(() => z.looseObject({ id: z.string().nullish() }));
const avatarGetInput: LazySchema = lazySchema(() => z.strictObject({ group_id: z.string().min(1) }));
const avatarGetOutput: LazySchema = lazySchema(() => avatarGroupOutput());
const avatarListInput: LazySchema = lazySchema(() =>
  z.strictObject({
    ownership: z.enum(['public', 'private']).optional(),
    limit: z.number().int().min(1).max(50).optional(),
    token: z.string().optional(),
  }),
);
const avatarListOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    data: z.array(avatarGroupOutput()).nullish(),
    has_more: z.boolean().nullish(),
    next_token: z.string().nullish(),
  }),
);
const avatarLookDeleteInput: LazySchema = lazySchema(() => z.strictObject({ look_id: z.string().min(1) }));
const avatarLookDeleteOutput: LazySchema = lazySchema(() => z.looseObject({ id: z.string().nullish() }));
const avatarLookGetInput: LazySchema = lazySchema(() => z.strictObject({ look_id: z.string().min(1) }));
const avatarLookGetOutput: LazySchema = lazySchema(() => avatarItemOutput());
const avatarLookListInput: LazySchema = lazySchema(() =>
  z.strictObject({
    group_id: z.string().optional(),
    avatar_type: z.enum(['studio_avatar', 'digital_twin', 'photo_avatar']).optional(),
    ownership: z.enum(['public', 'private']).optional(),
    limit: z.number().int().min(1).max(50).optional(),
    token: z.string().optional(),
  }),
);
const avatarLookListOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    data: z.array(avatarItemOutput()).nullish(),
    has_more: z.boolean().nullish(),
    next_token: z.string().nullish(),
  }),
);
const avatarLookUpdateInput: LazySchema = lazySchema(() =>
  z.strictObject({ look_id: z.string().min(1), name: z.string().nullable().optional() }),
);
const avatarLookUpdateOutput: LazySchema = lazySchema(() => avatarItemOutput());
const avatarRealtimeCancelInput: LazySchema = lazySchema(() =>
  z.strictObject({ stream_id: z.string().min(1) }),
);
const avatarRealtimeCancelOutput: LazySchema = lazySchema(() =>
  z.looseObject({ cancelled: z.boolean().nullish(), stream_id: z.string().nullish() }),
);
const avatarRealtimeCreateInput: LazySchema = lazySchema(() =>
  z.discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('tts'),
      avatar_id: z.string(),
      text: z.string().min(1),
      voice_id: z.string(),
    }),
    z.strictObject({ type: z.literal('audio'), avatar_id: z.string(), audio: assetUrlOrIdOrBase64Input() }),
    z.strictObject({
      type: z.literal('text_stream'),
      avatar_id: z.string(),
      voice_id: z.string(),
      text: z.string().min(1),
    }),
  ]),
);
const avatarRealtimeCreateOutput: LazySchema = lazySchema(() =>
  z.looseObject({ stream_id: z.string().nullish() }),
);
const avatarRealtimeGetInput: LazySchema = lazySchema(() => z.strictObject({ stream_id: z.string().min(1) }));
const avatarRealtimeGetOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    stream_id: z.string().nullish(),
    status: openEnum(['pending', 'streaming', 'completed', 'error']).nullish(),
    hls_url: z.string().nullish(),
    end_reason: z.string().nullish(),
    error_message: z.string().nullish(),
  }),
);
const avatarRealtimeTextAppendInput: LazySchema = lazySchema(() =>
  z.strictObject({ stream_id: z.string().min(1), delta: z.string(), final: z.boolean().optional() }),
);
const avatarRealtimeTextAppendOutput: LazySchema = lazySchema(() =>
  z.looseObject({ buffered_bytes: z.number().nullish(), ok: z.boolean().nullish() }),
);
const avatarRealtimeWordsGetInput: LazySchema = lazySchema(() =>
  z.strictObject({ stream_id: z.string().min(1) }),
);
const avatarRealtimeWordsGetOutput: LazySchema = lazySchema(() =>
  eventStreamResult(
    z.looseObject({
      words: z
        .array(
          z.looseObject({
            word: z.string().nullish(),
            start: z.number().nullish(),
            end: z.number().nullish(),
          }),
        )
        .nullish(),
    }),
  ),
);
const backgroundRemovalCreateInput: LazySchema = lazySchema(() =>
  z.strictObject({
    layers: z.array(z.string()).optional(),
    request_id: z.string().nullable().optional(),
    title: z.string().nullable().optional(),
    video: assetIdOrBase64OrUrlInput(),
  }),
);
const backgroundRemovalCreateOutput: LazySchema = lazySchema(() => backgroundRemovalGetResultOutput());
const backgroundRemovalDeleteInput: LazySchema = lazySchema(() =>
  z.strictObject({ job_id: z.string().min(1) }),
);
const backgroundRemovalDeleteOutput: LazySchema = lazySchema(() =>
  z.looseObject({ deleted: z.boolean().nullish(), id: z.string().nullish() }),
);
const backgroundRemovalGetInput: LazySchema = lazySchema(() => z.strictObject({ job_id: z.string().min(1) }));
const backgroundRemovalGetOutput: LazySchema = lazySchema(() => backgroundRemovalGetResultOutput());
const backgroundRemovalListInput: LazySchema = lazySchema(() =>
  z.strictObject({ limit: z.number().int().min(1).max(100).optional(), token: z.string().optional() }),
);
const backgroundRemovalListOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    data: z.array(backgroundRemovalGetResultOutput()).nullish(),
    has_more: z.boolean().nullish(),
    next_token: z.string().nullish(),
  }),
);
const brandGlossaryListInput: LazySchema = lazySchema(() =>
  z.strictObject({ limit: z.number().int().min(1).max(100).optional(), token: z.string().optional() }),
);
const brandGlossaryListOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    data: z
      .array(
        z.looseObject({
          brand_glossary_id: z.string().nullish(),
          created_at: z.string().nullish(),
          name: z.string().nullish(),
          updated_at: z.string().nullish(),
        }),
      )
      .nullish(),
    has_more: z.boolean().nullish(),
    next_token: z.string().nullish(),
  }),
);
const brandKitListInput: LazySchema = lazySchema(() =>
  z.strictObject({ limit: z.number().int().min(1).max(100).optional(), token: z.string().optional() }),
);
const brandKitListOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    data: z
      .array(
        z.looseObject({
          brand_kit_id: z.string().nullish(),
          colors: z.array(z.string()).nullish(),
          logo_url: z.string().nullish(),
          name: z.string().nullish(),
        }),
      )
      .nullish(),
    has_more: z.boolean().nullish(),
    next_token: z.string().nullish(),
  }),
);
const hyperframesRenderCreateInput: LazySchema = lazySchema(() =>
  z.strictObject({
    project: assetUrlOrIdOrBase64Input(),
    fps: z.number().int().min(1).max(240).nullable().optional(),
    quality: z.enum(['draft', 'standard', 'high']).optional(),
    format: z.enum(['mp4', 'webm', 'mov']).optional(),
    resolution: z.enum(['1080p', '4k']).optional(),
    aspect_ratio: z.enum(['16:9', '9:16', '1:1']).optional(),
    composition: z.string().max(512).nullable().optional(),
    variables: z.record(z.string(), z.unknown()).nullable().optional(),
    title: z.string().max(500).nullable().optional(),
    callback_id: z.string().max(256).nullable().optional(),
    callback_url: z.string().nullable().optional(),
  }),
);
const hyperframesRenderCreateOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    render_id: z.string().nullish(),
    status: openEnum(['queued', 'rendering', 'completed', 'failed']).nullish(),
  }),
);
const hyperframesRenderDeleteInput: LazySchema = lazySchema(() =>
  z.strictObject({ render_id: z.string().min(1) }),
);
const hyperframesRenderDeleteOutput: LazySchema = lazySchema(() =>
  z.looseObject({ render_id: z.string().nullish() }),
);
const hyperframesRenderGetInput: LazySchema = lazySchema(() =>
  z.strictObject({ render_id: z.string().min(1) }),
);
const hyperframesRenderGetOutput: LazySchema = lazySchema(() => hyperframesRenderGetResultOutput());
const hyperframesRenderListInput: LazySchema = lazySchema(() =>
  z.strictObject({ limit: z.number().int().min(1).max(100).optional(), token: z.string().optional() }),
);
const hyperframesRenderListOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    data: z.array(hyperframesRenderGetResultOutput()).nullish(),
    has_more: z.boolean().nullish(),
    next_token: z.string().nullish(),
  }),
);
const lipsyncBatchCreateInput: LazySchema = lazySchema(() =>
  z.strictObject({
    callback_url: z.string().nullable().optional(),
    lipsyncs: z
      .array(
        z.strictObject({
          audio: assetIdOrUrlInput(),
          callback_id: z.string().nullable().optional(),
          callback_url: z.string().nullable().optional(),
          disable_music_track: z.boolean().optional(),
          enable_caption: z.boolean().optional(),
          enable_dynamic_duration: z.boolean().optional(),
          enable_speech_enhancement: z.boolean().optional(),
          enable_watermark: z.boolean().optional(),
          end_time: z.number().nullable().optional(),
          folder_id: z.string().nullable().optional(),
          fps_mode: z.string().nullable().optional(),
          keep_the_same_format: z.boolean().nullable().optional(),
          mode: z.enum(['speed', 'precision']).optional(),
          start_time: z.number().nullable().optional(),
          title: z.string().nullable().optional(),
          video: assetIdOrUrlInput(),
        }),
      )
      .max(100),
    title: z.string().nullable().optional(),
  }),
);
const lipsyncBatchCreateOutput: LazySchema = lazySchema(() => z.looseObject({}));
const lipsyncBatchGetInput: LazySchema = lazySchema(() =>
  z.strictObject({
    batch_id: z.string().min(1),
    limit: z.number().int().min(1).max(100).optional(),
    token: z.string().optional(),
  }),
);
const lipsyncBatchGetOutput: LazySchema = lazySchema(() => assetBatchGetResultOutput());
const lipsyncCreateInput: LazySchema = lazySchema(() =>
  z.strictObject({
    audio: assetIdOrUrlInput(),
    callback_id: z.string().nullable().optional(),
    callback_url: z.string().nullable().optional(),
    disable_music_track: z.boolean().optional(),
    enable_caption: z.boolean().optional(),
    enable_dynamic_duration: z.boolean().optional(),
    enable_speech_enhancement: z.boolean().optional(),
    enable_watermark: z.boolean().optional(),
    end_time: z.number().nullable().optional(),
    folder_id: z.string().nullable().optional(),
    fps_mode: z.string().nullable().optional(),
    keep_the_same_format: z.boolean().nullable().optional(),
    mode: z.enum(['speed', 'precision']).optional(),
    start_time: z.number().nullable().optional(),
    title: z.string().nullable().optional(),
    video: assetIdOrUrlInput(),
  }),
);
const lipsyncCreateOutput: LazySchema = lazySchema(() => z.looseObject({ lipsync_id: z.string().nullish() }));
const lipsyncDeleteInput: LazySchema = lazySchema(() => z.strictObject({ lipsync_id: z.string().min(1) }));
const lipsyncDeleteOutput: LazySchema = lazySchema(() => z.looseObject({ id: z.string().nullish() }));
const lipsyncGetInput: LazySchema = lazySchema(() => z.strictObject({ lipsync_id: z.string().min(1) }));
const lipsyncGetOutput: LazySchema = lazySchema(() => lipsyncGetResultOutput());
const lipsyncListInput: LazySchema = lazySchema(() =>
  z.strictObject({ limit: z.number().int().min(1).max(100).optional(), token: z.string().optional() }),
);
const lipsyncListOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    data: z.array(lipsyncGetResultOutput()).nullish(),
    has_more: z.boolean().nullish(),
    next_token: z.string().nullish(),
  }),
);
const lipsyncStatusesListInput: LazySchema = lazySchema(() =>
  z.strictObject({ lipsync_ids: z.string().optional(), batch_ids: z.string().optional() }),
);
const lipsyncStatusesListOutput: LazySchema = lazySchema(() => assetStatusesListResultOutput());
const lipsyncUpdateInput: LazySchema = lazySchema(() =>
  z.strictObject({ lipsync_id: z.string().min(1), title: z.string() }),
);
const lipsyncUpdateOutput: LazySchema = lazySchema(() => lipsyncGetResultOutput());
const templateGenerateInput: LazySchema = lazySchema(() =>
  z.strictObject({
    template_id: z.string().min(1),
    brand_voice_id: z.string().nullable().optional(),
    callback_id: z.string().nullable().optional(),
    callback_url: z.string().nullable().optional(),
    caption: z.boolean().optional(),
    dimension: z
      .strictObject({
        height: z.number().int().min(128).max(4096).multipleOf(2),
        width: z.number().int().min(128).max(4096).multipleOf(2),
      })
      .nullable()
      .optional(),
    enable_sharing: z.boolean().optional(),
    folder_id: z.string().nullable().optional(),
    fps: z.number().optional(),
    include_gif: z.boolean().optional(),
    keep_text_vertically_centered: z.boolean().optional(),
    reorder_music: z.boolean().optional(),
    scene_ids: z.array(z.string()).nullable().optional(),
    subtitles: z
      .strictObject({
        alignment: z.number().int().nullable().optional(),
        disable_highlight: z.boolean().nullable().optional(),
        font_size: z.number().int().nullable().optional(),
        position: z
          .strictObject({ x: z.number().optional(), y: z.number().optional() })
          .nullable()
          .optional(),
        preset_name: z.string(),
      })
      .nullable()
      .optional(),
    title: z.string().nullable().optional(),
    variables: z.record(z.string(), z.unknown()),
  }),
);
const templateGenerateOutput: LazySchema = lazySchema(() => videoGetResultOutput());
const templateGetInput: LazySchema = lazySchema(() => z.strictObject({ template_id: z.string().min(1) }));
const templateGetOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    aspect_ratio: z.string().nullish(),
    created_at: z.number().nullish(),
    id: z.string().nullish(),
    name: z.string().nullish(),
    scene_ids: z.array(z.string()).nullish(),
    scenes: z
      .array(
        z.looseObject({
          scene_id: z.string().nullish(),
          script: z.string().nullish(),
          variables: z
            .array(z.looseObject({ name: z.string().nullish(), variable_type: z.string().nullish() }))
            .nullish(),
        }),
      )
      .nullish(),
    thumbnail_url: z.string().nullish(),
    updated_at: z.number().nullish(),
    variables: z.looseObject({}).nullish(),
  }),
);
const templateListInput: LazySchema = lazySchema(() =>
  z.strictObject({ limit: z.number().int().min(1).max(100).optional(), token: z.string().optional() }),
);
const templateListOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    data: z
      .array(
        z.looseObject({
          aspect_ratio: z.string().nullish(),
          created_at: z.number().nullish(),
          id: z.string().nullish(),
          name: z.string().nullish(),
          thumbnail_url: z.string().nullish(),
          updated_at: z.number().nullish(),
        }),
      )
      .nullish(),
    has_more: z.boolean().nullish(),
    next_token: z.string().nullish(),
  }),
);
const userMeGetInput: LazySchema = lazySchema(() => z.strictObject({}));
const userMeGetOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    billing_type: openEnum(['wallet', 'subscription', 'usage_based']).nullish(),
    email: z.string().nullish(),
    first_name: z.string().nullish(),
    last_name: z.string().nullish(),
    subscription: z
      .looseObject({
        credits: z
          .looseObject({
            add_on_credits: addOnCreditsOutput().nullish(),
            premium_credits: addOnCreditsOutput().nullish(),
          })
          .nullish(),
        plan: openEnum([
          'free',
          'starter',
          'creator',
          'pro',
          'team',
          'enterprise',
          'business_plus',
        ]).nullish(),
      })
      .nullish(),
    usage_based: z
      .looseObject({
        included_credits: z.number().nullish(),
        remaining_credits: z.number().nullish(),
        spending_cap_usd: z.number().nullish(),
        spending_current_usd: z.number().nullish(),
      })
      .nullish(),
    username: z.string().nullish(),
    wallet: z
      .looseObject({
        auto_reload: z
          .looseObject({
            amount_usd: z.number().nullish(),
            enabled: z.boolean().nullish(),
            threshold_usd: z.number().nullish(),
          })
          .nullish(),
        currency: openEnum(['usd', 'credits']).nullish(),
        remaining_balance: z.number().nullish(),
      })
      .nullish(),
  }),
);
const videoAgentCreateInput: LazySchema = lazySchema(() =>
  z.strictObject({
    avatar_id: z.string().nullable().optional(),
    brand_kit_id: z.string().nullable().optional(),
    callback_id: z.string().nullable().optional(),
    callback_url: z.string().nullable().optional(),
    files: z.array(assetIdOrBase64OrUrlInput()).max(20).nullable().optional(),
    incognito_mode: z.boolean().optional(),
    mode: z.enum(['generate', 'chat']).optional(),
    orientation: z.enum(['landscape', 'portrait']).nullable().optional(),
    prompt: z.string().min(1).max(10000),
    style_id: z.string().nullable().optional(),
    voice_id: z.string().nullable().optional(),
  }),
);
const videoAgentCreateOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    created_at: z.number().nullish(),
    session_id: z.string().nullish(),
    status: openEnum(['generating', 'thinking', 'completed', 'failed']).nullish(),
    video_id: z.string().nullish(),
  }),
);
const videoAgentGetInput: LazySchema = lazySchema(() => z.strictObject({ session_id: z.string().min(1) }));
const videoAgentGetOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    created_at: z.number().nullish(),
    messages: z
      .array(
        z.looseObject({
          content: z.string().nullish(),
          created_at: z.number().nullish(),
          resource_ids: z.array(z.string()).nullish(),
          role: z.string().nullish(),
          type: openEnum(['text', 'resource', 'error']).nullish(),
        }),
      )
      .nullish(),
    progress: z.number().nullish(),
    session_id: z.string().nullish(),
    status: openEnum([
      'thinking',
      'waiting_for_input',
      'reviewing',
      'generating',
      'completed',
      'failed',
    ]).nullish(),
    title: z.string().nullish(),
    video_id: z.string().nullish(),
  }),
);
const videoAgentListInput: LazySchema = lazySchema(() =>
  z.strictObject({ limit: z.number().int().min(1).max(100).optional(), token: z.string().optional() }),
);
const videoAgentListOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    data: z
      .array(
        z.looseObject({
          created_at: z.number().nullish(),
          session_id: z.string().nullish(),
          title: z.string().nullish(),
        }),
      )
      .nullish(),
    has_more: z.boolean().nullish(),
    next_token: z.string().nullish(),
  }),
);
const videoAgentResourceGetInput: LazySchema = lazySchema(() =>
  z.strictObject({ session_id: z.string().min(1), resource_id: z.string().min(1) }),
);
const videoAgentResourceGetOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    created_at: z.number().nullish(),
    metadata: z.looseObject({}).nullish(),
    preview_url: z.string().nullish(),
    resource_id: z.string().nullish(),
    resource_type: z.string().nullish(),
    source_type: z.string().nullish(),
    thumbnail_url: z.string().nullish(),
    url: z.string().nullish(),
  }),
);
const videoAgentSendInput: LazySchema = lazySchema(() =>
  z.strictObject({
    session_id: z.string().min(1),
    avatar_id: z.string().nullable().optional(),
    brand_kit_id: z.string().nullable().optional(),
    files: z.array(assetIdOrBase64OrUrlInput()).nullable().optional(),
    message: z.string(),
    voice_id: z.string().nullable().optional(),
  }),
);
const videoAgentSendOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    run_id: z.string().nullish(),
    session_id: z.string().nullish(),
    title: z.string().nullish(),
  }),
);
const videoAgentStopInput: LazySchema = lazySchema(() => z.strictObject({ session_id: z.string().min(1) }));
const videoAgentStopOutput: LazySchema = lazySchema(() =>
  z.looseObject({ session_id: z.string().nullish() }),
);
const videoAgentStyleListInput: LazySchema = lazySchema(() =>
  z.strictObject({
    tag: z.string().optional(),
    limit: z.number().int().min(1).max(100).optional(),
    token: z.string().optional(),
  }),
);
const videoAgentStyleListOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    data: z
      .array(
        z.looseObject({
          aspect_ratio: z.string().nullish(),
          name: z.string().nullish(),
          preview_video_url: z.string().nullish(),
          style_id: z.string().nullish(),
          tags: z.array(z.string()).nullish(),
          thumbnail_url: z.string().nullish(),
        }),
      )
      .nullish(),
    has_more: z.boolean().nullish(),
    next_token: z.string().nullish(),
  }),
);
const videoAgentVideoListInput: LazySchema = lazySchema(() =>
  z.strictObject({ session_id: z.string().min(1) }),
);
const videoAgentVideoListOutput: LazySchema = lazySchema(() => videoListResultOutput());
const videoBatchCreateInput: LazySchema = lazySchema(() =>
  z.strictObject({
    callback_url: z.string().nullable().optional(),
    title: z.string().nullable().optional(),
    videos: z.array(videosInput()).max(100),
  }),
);
const videoBatchCreateOutput: LazySchema = lazySchema(() => z.looseObject({}));
const videoBatchGetInput: LazySchema = lazySchema(() =>
  z.strictObject({
    batch_id: z.string().min(1),
    limit: z.number().int().min(1).max(100).optional(),
    token: z.string().optional(),
  }),
);
const videoBatchGetOutput: LazySchema = lazySchema(() => assetBatchGetResultOutput());
const videoCreateInput: LazySchema = lazySchema(() => videosInput());
const videoCreateOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    output_format: openEnum(['mp4', 'webm']).nullish(),
    status: z.string().nullish(),
    video_id: z.string().nullish(),
  }),
);
const videoDeleteInput: LazySchema = lazySchema(() => z.strictObject({ video_id: z.string().min(1) }));
const videoDeleteOutput: LazySchema = lazySchema(() =>
  z.looseObject({ deleted: z.boolean().nullish(), id: z.string().nullish() }),
);
const videoGetInput: LazySchema = lazySchema(() => z.strictObject({ video_id: z.string().min(1) }));
const videoGetOutput: LazySchema = lazySchema(() => videoGetResultOutput());
const videoListInput: LazySchema = lazySchema(() =>
  z.strictObject({
    limit: z.number().int().min(1).max(100).optional(),
    token: z.string().optional(),
    folder_id: z.string().optional(),
    title: z.string().optional(),
  }),
);
const videoListOutput: LazySchema = lazySchema(() => videoListResultOutput());
const videoStatusesListInput: LazySchema = lazySchema(() =>
  z.strictObject({ video_ids: z.string().optional(), batch_ids: z.string().optional() }),
);
const videoStatusesListOutput: LazySchema = lazySchema(() => assetStatusesListResultOutput());
const videoTranslationBatchCreateInput: LazySchema = lazySchema(() =>
  z.strictObject({
    callback_url: z.string().nullable().optional(),
    title: z.string().nullable().optional(),
    video_translations: z
      .array(
        z.strictObject({
          audio: assetIdOrUrlInput().nullable().optional(),
          brand_glossary_id: z.string().nullable().optional(),
          brand_voice_id: z.string().nullable().optional(),
          callback_id: z.string().nullable().optional(),
          callback_url: z.string().nullable().optional(),
          disable_music_track: z.boolean().optional(),
          enable_caption: z.boolean().optional(),
          enable_dynamic_duration: z.boolean().optional(),
          enable_speech_enhancement: z.boolean().optional(),
          enable_watermark: z.boolean().optional(),
          end_time: z.number().nullable().optional(),
          folder_id: z.string().nullable().optional(),
          fps_mode: z.enum(['vfr', 'cfr', 'passthrough']).nullable().optional(),
          input_language: z.string().nullable().optional(),
          keep_the_same_format: z.boolean().nullable().optional(),
          mode: z.enum(['speed', 'precision']).optional(),
          output_languages: z.array(z.string()),
          speaker_num: z.number().int().nullable().optional(),
          srt: assetIdOrUrlInput().nullable().optional(),
          srt_role: z.enum(['input', 'output']).nullable().optional(),
          start_time: z.number().nullable().optional(),
          stock_voice_config: stockVoiceConfigInput().nullable().optional(),
          title: z.string().nullable().optional(),
          translate_audio_only: z.boolean().optional(),
          video: assetIdOrUrlInput(),
        }),
      )
      .max(100),
  }),
);
const videoTranslationBatchCreateOutput: LazySchema = lazySchema(() => z.looseObject({}));
const videoTranslationBatchGetInput: LazySchema = lazySchema(() =>
  z.strictObject({
    batch_id: z.string().min(1),
    limit: z.number().int().min(1).max(100).optional(),
    token: z.string().optional(),
  }),
);
const videoTranslationBatchGetOutput: LazySchema = lazySchema(() => assetBatchGetResultOutput());
const videoTranslationCreateInput: LazySchema = lazySchema(() =>
  z.strictObject({
    audio: assetIdOrUrlInput().nullable().optional(),
    brand_glossary_id: z.string().nullable().optional(),
    brand_voice_id: z.string().nullable().optional(),
    callback_id: z.string().nullable().optional(),
    callback_url: z.string().nullable().optional(),
    disable_music_track: z.boolean().optional(),
    enable_caption: z.boolean().optional(),
    enable_dynamic_duration: z.boolean().optional(),
    enable_speech_enhancement: z.boolean().optional(),
    enable_watermark: z.boolean().optional(),
    end_time: z.number().nullable().optional(),
    folder_id: z.string().nullable().optional(),
    fps_mode: z.enum(['vfr', 'cfr', 'passthrough']).nullable().optional(),
    input_language: z.string().nullable().optional(),
    keep_the_same_format: z.boolean().nullable().optional(),
    mode: z.enum(['speed', 'precision']).optional(),
    output_languages: z.array(z.string()),
    speaker_num: z.number().int().nullable().optional(),
    srt: assetIdOrUrlInput().nullable().optional(),
    srt_role: z.enum(['input', 'output']).nullable().optional(),
    start_time: z.number().nullable().optional(),
    stock_voice_config: stockVoiceConfigInput().nullable().optional(),
    title: z.string().nullable().optional(),
    translate_audio_only: z.boolean().optional(),
    video: assetIdOrUrlInput(),
  }),
);
const videoTranslationCreateOutput: LazySchema = lazySchema(() =>
  z.looseObject({ video_translation_ids: z.array(z.string()).nullish() }),
);
const videoTranslationDeleteInput: LazySchema = lazySchema(() =>
  z.strictObject({ video_translation_id: z.string().min(1) }),
);
const videoTranslationDeleteOutput: LazySchema = lazySchema(() =>
  z.looseObject({ id: z.string().nullish() }),
);
const videoTranslationGetInput: LazySchema = lazySchema(() =>
  z.strictObject({ video_translation_id: z.string().min(1) }),
);
const videoTranslationGetOutput: LazySchema = lazySchema(() => videoTranslationGetResultOutput());
const videoTranslationLanguageListInput: LazySchema = lazySchema(() => z.strictObject({}));
const videoTranslationLanguageListOutput: LazySchema = lazySchema(() =>
  z.looseObject({ languages: z.array(z.string()).nullish() }),
);
const videoTranslationListInput: LazySchema = lazySchema(() =>
  z.strictObject({ limit: z.number().int().min(1).max(100).optional(), token: z.string().optional() }),
);
const videoTranslationListOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    data: z.array(videoTranslationGetResultOutput()).nullish(),
    has_more: z.boolean().nullish(),
    next_token: z.string().nullish(),
  }),
);
const videoTranslationProofreadCreateInput: LazySchema = lazySchema(() =>
  z.strictObject({
    brand_glossary_id: z.string().nullable().optional(),
    brand_voice_id: z.string().nullable().optional(),
    disable_music_track: z.boolean().optional(),
    enable_speech_enhancement: z.boolean().optional(),
    enable_video_stretching: z.boolean().optional(),
    folder_id: z.string().nullable().optional(),
    keep_the_same_format: z.boolean().optional(),
    mode: z.enum(['speed', 'precision']).optional(),
    output_languages: z.array(z.string()),
    speaker_num: z.number().int().nullable().optional(),
    srt: assetIdOrUrlInput().nullable().optional(),
    title: z.string(),
    video: assetIdOrUrlInput(),
  }),
);
const videoTranslationProofreadCreateOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    proofread_ids: z.array(z.string()).nullish(),
    status: openEnum(['processing', 'completed', 'failed']).nullish(),
  }),
);
const videoTranslationProofreadGenerateInput: LazySchema = lazySchema(() =>
  z.strictObject({
    proofread_id: z.string().min(1),
    callback_id: z.string().nullable().optional(),
    callback_url: z.string().nullable().optional(),
    captions: z.boolean().optional(),
    translate_audio_only: z.boolean().optional(),
  }),
);
const videoTranslationProofreadGenerateOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    status: openEnum(['processing', 'completed', 'failed']).nullish(),
    video_translation_id: z.string().nullish(),
  }),
);
const videoTranslationProofreadGetInput: LazySchema = lazySchema(() =>
  z.strictObject({ proofread_id: z.string().min(1) }),
);
const videoTranslationProofreadGetOutput: LazySchema = lazySchema(() =>
  videoTranslationProofreadGetResultOutput(),
);
const videoTranslationProofreadSrtGetInput: LazySchema = lazySchema(() =>
  z.strictObject({ proofread_id: z.string().min(1) }),
);
const videoTranslationProofreadSrtGetOutput: LazySchema = lazySchema(() =>
  z.looseObject({ original_srt_url: z.string().nullish(), srt_url: z.string().nullish() }),
);
const videoTranslationProofreadSrtUpdateInput: LazySchema = lazySchema(() =>
  z.strictObject({ proofread_id: z.string().min(1), srt: assetIdOrUrlInput() }),
);
const videoTranslationProofreadSrtUpdateOutput: LazySchema = lazySchema(() =>
  videoTranslationProofreadGetResultOutput(),
);
const videoTranslationStatusesListInput: LazySchema = lazySchema(() =>
  z.strictObject({ video_translation_ids: z.string().optional(), batch_ids: z.string().optional() }),
);
const videoTranslationStatusesListOutput: LazySchema = lazySchema(() => assetStatusesListResultOutput());
const videoTranslationUpdateInput: LazySchema = lazySchema(() =>
  z.strictObject({ video_translation_id: z.string().min(1), title: z.string() }),
);
const videoTranslationUpdateOutput: LazySchema = lazySchema(() => videoTranslationGetResultOutput());
const voiceCloneCreateInput: LazySchema = lazySchema(() =>
  z.strictObject({
    audio: assetIdOrBase64OrUrlInput(),
    language: z.string().nullable().optional(),
    remove_background_noise: z.boolean().optional(),
    voice_name: z.string(),
  }),
);
const voiceCloneCreateOutput: LazySchema = lazySchema(() =>
  z.looseObject({ voice_clone_id: z.string().nullish() }),
);
const voiceCreateInput: LazySchema = lazySchema(() =>
  z.strictObject({
    gender: z.string().nullable().optional(),
    locale: z.string().nullable().optional(),
    prompt: z.string(),
    seed: z.number().int().min(0).optional(),
  }),
);
const voiceCreateOutput: LazySchema = lazySchema(() =>
  z.looseObject({ seed: z.number().nullish(), voices: z.array(voicesOutput()).nullish() }),
);
const voiceDeleteInput: LazySchema = lazySchema(() => z.strictObject({ voice_id: z.string().min(1) }));
const voiceDeleteOutput: LazySchema = lazySchema(() => z.looseObject({ voice_id: z.string().nullish() }));
const voiceGetInput: LazySchema = lazySchema(() => z.strictObject({ voice_id: z.string().min(1) }));
const voiceGetOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    created_at: z.number().nullish(),
    failure_message: z.string().nullish(),
    gender: z.string().nullish(),
    language: z.string().nullish(),
    name: z.string().nullish(),
    preview_audio_url: z.string().nullish(),
    status: openEnum(['processing', 'complete', 'failed']).nullish(),
    support_interactive_avatar: z.boolean().nullish(),
    support_pause: z.boolean().nullish(),
    voice_id: z.string().nullish(),
  }),
);
const voiceListInput: LazySchema = lazySchema(() =>
  z.strictObject({
    type: z.enum(['public', 'private']).optional(),
    engine: z.string().optional(),
    language: z.string().optional(),
    gender: z.string().optional(),
    limit: z.number().int().min(1).max(100).optional(),
    token: z.string().optional(),
  }),
);
const voiceListOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    data: z.array(voicesOutput()).nullish(),
    has_more: z.boolean().nullish(),
    next_token: z.string().nullish(),
  }),
);
const voiceSpeechCreateInput: LazySchema = lazySchema(() =>
  z.strictObject({
    input_type: z.string().optional(),
    language: z.string().nullable().optional(),
    locale: z.string().nullable().optional(),
    speed: z.number().min(0.5).max(2).optional(),
    text: z.string().min(1).max(5000),
    voice_id: z.string(),
  }),
);
const voiceSpeechCreateOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    audio_url: z.string().nullish(),
    duration: z.number().nullish(),
    request_id: z.string().nullish(),
    word_timestamps: z
      .array(
        z.looseObject({ end: z.number().nullish(), start: z.number().nullish(), word: z.string().nullish() }),
      )
      .nullish(),
  }),
);
const webhookEndpointCreateInput: LazySchema = lazySchema(() =>
  z.strictObject({
    entity_id: z.string().nullable().optional(),
    events: z.array(z.enum(webhookEventTypes)).nullable().optional(),
    url: z.string(),
  }),
);
const webhookEndpointCreateOutput: LazySchema = lazySchema(() => webhookEndpointCreateResultOutput());
const webhookEndpointDeleteInput: LazySchema = lazySchema(() =>
  z.strictObject({ endpoint_id: z.string().min(1) }),
);
const webhookEndpointDeleteOutput: LazySchema = lazySchema(() => z.looseObject({}));
const webhookEndpointListInput: LazySchema = lazySchema(() =>
  z.strictObject({ limit: z.number().int().min(1).max(100).optional(), token: z.string().optional() }),
);
const webhookEndpointListOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    data: z.array(webhookEndpointCreateResultOutput()).nullish(),
    has_more: z.boolean().nullish(),
    next_token: z.string().nullish(),
  }),
);
const webhookEndpointRotateSecretInput: LazySchema = lazySchema(() =>
  z.strictObject({ endpoint_id: z.string().min(1) }),
);
const webhookEndpointRotateSecretOutput: LazySchema = lazySchema(() =>
  z.looseObject({ endpoint_id: z.string().nullish(), secret: z.string().nullish() }),
);
const webhookEndpointUpdateInput: LazySchema = lazySchema(() =>
  z.strictObject({
    endpoint_id: z.string().min(1),
    events: z.array(z.enum(webhookEventTypes)).nullable().optional(),
    url: z.string().nullable().optional(),
  }),
);
const webhookEndpointUpdateOutput: LazySchema = lazySchema(() => webhookEndpointCreateResultOutput());
const webhookEventListInput: LazySchema = lazySchema(() =>
  z.strictObject({
    event_type: z.enum(webhookEventTypes).optional(),
    entity_id: z.string().optional(),
    limit: z.number().int().min(1).max(100).optional(),
    token: z.string().optional(),
  }),
);
const webhookEventListOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    data: z
      .array(
        z.looseObject({
          created_at: z.string().nullish(),
          event_data: z.looseObject({}).nullish(),
          event_id: z.string().nullish(),
          event_type: z.string().nullish(),
        }),
      )
      .nullish(),
    has_more: z.boolean().nullish(),
    next_token: z.string().nullish(),
  }),
);
const webhookEventTypeListInput: LazySchema = lazySchema(() => z.strictObject({}));
const webhookEventTypeListOutput: LazySchema = lazySchema(() =>
  z.looseObject({
    data: z
      .array(z.looseObject({ description: z.string().nullish(), event_type: z.string().nullish() }))
      .nullish(),
    has_more: z.boolean().nullish(),
    next_token: z.string().nullish(),
  }),
);

/** Names of the v3 operations (our tool names). */
export type V3OperationName =
  | 'ai_clipping_create'
  | 'ai_clipping_delete'
  | 'ai_clipping_get'
  | 'ai_clipping_list'
  | 'asset_batch_get'
  | 'asset_complete_batch_create'
  | 'asset_complete_create'
  | 'asset_create'
  | 'asset_delete'
  | 'asset_direct_upload_batch_create'
  | 'asset_direct_upload_create'
  | 'asset_get'
  | 'asset_list'
  | 'asset_search'
  | 'asset_statuses_list'
  | 'audio_sound_list'
  | 'avatar_consent_create'
  | 'avatar_create'
  | 'avatar_delete'
  | 'avatar_get'
  | 'avatar_list'
  | 'avatar_look_delete'
  | 'avatar_look_get'
  | 'avatar_look_list'
  | 'avatar_look_update'
  | 'avatar_realtime_cancel'
  | 'avatar_realtime_create'
  | 'avatar_realtime_get'
  | 'avatar_realtime_text_append'
  | 'avatar_realtime_words_get'
  | 'background_removal_create'
  | 'background_removal_delete'
  | 'background_removal_get'
  | 'background_removal_list'
  | 'brand_glossary_list'
  | 'brand_kit_list'
  | 'hyperframes_render_create'
  | 'hyperframes_render_delete'
  | 'hyperframes_render_get'
  | 'hyperframes_render_list'
  | 'lipsync_batch_create'
  | 'lipsync_batch_get'
  | 'lipsync_create'
  | 'lipsync_delete'
  | 'lipsync_get'
  | 'lipsync_list'
  | 'lipsync_statuses_list'
  | 'lipsync_update'
  | 'template_generate'
  | 'template_get'
  | 'template_list'
  | 'user_me_get'
  | 'video_agent_create'
  | 'video_agent_get'
  | 'video_agent_list'
  | 'video_agent_resource_get'
  | 'video_agent_send'
  | 'video_agent_stop'
  | 'video_agent_style_list'
  | 'video_agent_video_list'
  | 'video_batch_create'
  | 'video_batch_get'
  | 'video_create'
  | 'video_delete'
  | 'video_get'
  | 'video_list'
  | 'video_statuses_list'
  | 'video_translation_batch_create'
  | 'video_translation_batch_get'
  | 'video_translation_create'
  | 'video_translation_delete'
  | 'video_translation_get'
  | 'video_translation_language_list'
  | 'video_translation_list'
  | 'video_translation_proofread_create'
  | 'video_translation_proofread_generate'
  | 'video_translation_proofread_get'
  | 'video_translation_proofread_srt_get'
  | 'video_translation_proofread_srt_update'
  | 'video_translation_statuses_list'
  | 'video_translation_update'
  | 'voice_clone_create'
  | 'voice_create'
  | 'voice_delete'
  | 'voice_get'
  | 'voice_list'
  | 'voice_speech_create'
  | 'webhook_endpoint_create'
  | 'webhook_endpoint_delete'
  | 'webhook_endpoint_list'
  | 'webhook_endpoint_rotate_secret'
  | 'webhook_endpoint_update'
  | 'webhook_event_list'
  | 'webhook_event_type_list';

/** Every HeyGen v3 operation keyed by tool name: wire facts plus strict input and tolerant output schemas. */
export const v3Operations: Readonly<Record<V3OperationName, V3Operation>> = {
  ai_clipping_create: {
    method: 'POST',
    path: '/v3/ai-clipping',
    pathParams: [],
    queryParams: [],
    bodyParams: ['callback_id', 'callback_url', 'input_language', 'output_settings', 'title', 'video'],
    bodyEncoding: 'json',
    paginated: false,
    destructive: false,
    input: aiClippingCreateInput,
    output: aiClippingCreateOutput,
  },
  ai_clipping_delete: {
    method: 'DELETE',
    path: '/v3/ai-clipping/{job_id}',
    pathParams: ['job_id'],
    queryParams: [],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: false,
    destructive: true,
    input: aiClippingDeleteInput,
    output: aiClippingDeleteOutput,
  },
  ai_clipping_get: {
    method: 'GET',
    path: '/v3/ai-clipping/{job_id}',
    pathParams: ['job_id'],
    queryParams: [],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: false,
    destructive: false,
    input: aiClippingGetInput,
    output: aiClippingGetOutput,
  },
  ai_clipping_list: {
    method: 'GET',
    path: '/v3/ai-clipping',
    pathParams: [],
    queryParams: ['limit', 'token'],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: true,
    destructive: false,
    input: aiClippingListInput,
    output: aiClippingListOutput,
  },
  asset_batch_get: {
    method: 'GET',
    path: '/v3/assets/batches/{batch_id}',
    pathParams: ['batch_id'],
    queryParams: ['limit', 'token'],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: false,
    destructive: false,
    input: assetBatchGetInput,
    output: assetBatchGetOutput,
  },
  asset_complete_batch_create: {
    method: 'POST',
    path: '/v3/assets/complete/batches',
    pathParams: [],
    queryParams: [],
    bodyParams: ['batch_id'],
    bodyEncoding: 'json',
    paginated: false,
    destructive: false,
    input: assetCompleteBatchCreateInput,
    output: assetCompleteBatchCreateOutput,
  },
  asset_complete_create: {
    method: 'POST',
    path: '/v3/assets/{asset_id}/complete',
    pathParams: ['asset_id'],
    queryParams: [],
    bodyParams: ['checksum_sha256'],
    bodyEncoding: 'json',
    paginated: false,
    destructive: false,
    input: assetCompleteCreateInput,
    output: assetCompleteCreateOutput,
  },
  asset_create: {
    method: 'POST',
    path: '/v3/assets',
    pathParams: [],
    queryParams: [],
    bodyParams: ['file'],
    bodyEncoding: 'multipart',
    fileField: 'file',
    paginated: false,
    destructive: false,
    input: assetCreateInput,
    output: assetCreateOutput,
  },
  asset_delete: {
    method: 'DELETE',
    path: '/v3/assets/{asset_id}',
    pathParams: ['asset_id'],
    queryParams: [],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: false,
    destructive: true,
    input: assetDeleteInput,
    output: assetDeleteOutput,
  },
  asset_direct_upload_batch_create: {
    method: 'POST',
    path: '/v3/assets/direct-uploads/batches',
    pathParams: [],
    queryParams: [],
    bodyParams: ['callback_url', 'files', 'title'],
    bodyEncoding: 'json',
    paginated: false,
    destructive: false,
    input: assetDirectUploadBatchCreateInput,
    output: assetDirectUploadBatchCreateOutput,
  },
  asset_direct_upload_create: {
    method: 'POST',
    path: '/v3/assets/direct-uploads',
    pathParams: [],
    queryParams: [],
    bodyParams: ['checksum_sha256', 'content_type', 'filename', 'size_bytes'],
    bodyEncoding: 'json',
    paginated: false,
    destructive: false,
    input: assetDirectUploadCreateInput,
    output: assetDirectUploadCreateOutput,
  },
  asset_get: {
    method: 'GET',
    path: '/v3/assets/{asset_id}',
    pathParams: ['asset_id'],
    queryParams: [],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: false,
    destructive: false,
    input: assetGetInput,
    output: assetGetOutput,
  },
  asset_list: {
    method: 'GET',
    path: '/v3/assets',
    pathParams: [],
    queryParams: ['username', 'limit', 'token', 'folder_id'],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: true,
    destructive: false,
    input: assetListInput,
    output: assetListOutput,
  },
  asset_search: {
    method: 'GET',
    path: '/v3/assets/search',
    pathParams: [],
    queryParams: ['query', 'limit', 'token', 'type', 'scope'],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: true,
    destructive: false,
    input: assetSearchInput,
    output: assetSearchOutput,
  },
  asset_statuses_list: {
    method: 'GET',
    path: '/v3/assets/statuses',
    pathParams: [],
    queryParams: ['asset_ids', 'batch_ids'],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: false,
    destructive: false,
    input: assetStatusesListInput,
    output: assetStatusesListOutput,
  },
  audio_sound_list: {
    method: 'GET',
    path: '/v3/audio/sounds',
    pathParams: [],
    queryParams: ['query', 'type', 'limit', 'min_score', 'token'],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: true,
    destructive: false,
    input: audioSoundListInput,
    output: audioSoundListOutput,
  },
  avatar_consent_create: {
    method: 'POST',
    path: '/v3/avatars/{group_id}/consent',
    pathParams: ['group_id'],
    queryParams: [],
    bodyParams: ['consent_text', 'consent_video', 'reroute_url'],
    bodyEncoding: 'json',
    paginated: false,
    destructive: false,
    input: avatarConsentCreateInput,
    output: avatarConsentCreateOutput,
  },
  avatar_create: {
    method: 'POST',
    path: '/v3/avatars',
    pathParams: [],
    queryParams: [],
    bodyParams: ['avatar_group_id', 'avatar_id', 'name', 'prompt', 'reference_images', 'type', 'file'],
    bodyEncoding: 'json',
    paginated: false,
    destructive: false,
    input: avatarCreateInput,
    output: avatarCreateOutput,
  },
  avatar_delete: {
    method: 'DELETE',
    path: '/v3/avatars/{group_id}',
    pathParams: ['group_id'],
    queryParams: [],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: false,
    destructive: true,
    input: avatarDeleteInput,
    output: avatarDeleteOutput,
  },
  avatar_get: {
    method: 'GET',
    path: '/v3/avatars/{group_id}',
    pathParams: ['group_id'],
    queryParams: [],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: false,
    destructive: false,
    input: avatarGetInput,
    output: avatarGetOutput,
  },
  avatar_list: {
    method: 'GET',
    path: '/v3/avatars',
    pathParams: [],
    queryParams: ['ownership', 'limit', 'token'],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: true,
    destructive: false,
    input: avatarListInput,
    output: avatarListOutput,
  },
  avatar_look_delete: {
    method: 'DELETE',
    path: '/v3/avatars/looks/{look_id}',
    pathParams: ['look_id'],
    queryParams: [],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: false,
    destructive: true,
    input: avatarLookDeleteInput,
    output: avatarLookDeleteOutput,
  },
  avatar_look_get: {
    method: 'GET',
    path: '/v3/avatars/looks/{look_id}',
    pathParams: ['look_id'],
    queryParams: [],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: false,
    destructive: false,
    input: avatarLookGetInput,
    output: avatarLookGetOutput,
  },
  avatar_look_list: {
    method: 'GET',
    path: '/v3/avatars/looks',
    pathParams: [],
    queryParams: ['group_id', 'avatar_type', 'ownership', 'limit', 'token'],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: true,
    destructive: false,
    input: avatarLookListInput,
    output: avatarLookListOutput,
  },
  avatar_look_update: {
    method: 'PATCH',
    path: '/v3/avatars/looks/{look_id}',
    pathParams: ['look_id'],
    queryParams: [],
    bodyParams: ['name'],
    bodyEncoding: 'json',
    paginated: false,
    destructive: false,
    input: avatarLookUpdateInput,
    output: avatarLookUpdateOutput,
  },
  avatar_realtime_cancel: {
    method: 'POST',
    path: '/v3/avatar-realtime/{stream_id}/cancel',
    pathParams: ['stream_id'],
    queryParams: [],
    bodyParams: [],
    bodyEncoding: 'none',
    uncertain: 3,
    paginated: false,
    destructive: true,
    input: avatarRealtimeCancelInput,
    output: avatarRealtimeCancelOutput,
  },
  avatar_realtime_create: {
    method: 'POST',
    path: '/v3/avatar-realtime',
    pathParams: [],
    queryParams: [],
    bodyParams: ['type', 'avatar_id', 'text', 'voice_id', 'audio'],
    bodyEncoding: 'json',
    uncertain: 5,
    paginated: false,
    destructive: false,
    input: avatarRealtimeCreateInput,
    output: avatarRealtimeCreateOutput,
  },
  avatar_realtime_get: {
    method: 'GET',
    path: '/v3/avatar-realtime/{stream_id}',
    pathParams: ['stream_id'],
    queryParams: [],
    bodyParams: [],
    bodyEncoding: 'none',
    uncertain: 3,
    paginated: false,
    destructive: false,
    input: avatarRealtimeGetInput,
    output: avatarRealtimeGetOutput,
  },
  avatar_realtime_text_append: {
    method: 'POST',
    path: '/v3/avatar-realtime/{stream_id}/text',
    pathParams: ['stream_id'],
    queryParams: [],
    bodyParams: ['delta', 'final'],
    bodyEncoding: 'json',
    uncertain: 3,
    paginated: false,
    destructive: false,
    input: avatarRealtimeTextAppendInput,
    output: avatarRealtimeTextAppendOutput,
  },
  avatar_realtime_words_get: {
    method: 'GET',
    path: '/v3/avatar-realtime/{stream_id}/words',
    pathParams: ['stream_id'],
    queryParams: [],
    bodyParams: [],
    bodyEncoding: 'none',
    response: 'event-stream',
    uncertain: 3,
    paginated: false,
    destructive: false,
    input: avatarRealtimeWordsGetInput,
    output: avatarRealtimeWordsGetOutput,
  },
  background_removal_create: {
    method: 'POST',
    path: '/v3/background-removals',
    pathParams: [],
    queryParams: [],
    bodyParams: ['layers', 'request_id', 'title', 'video'],
    bodyEncoding: 'json',
    paginated: false,
    destructive: false,
    input: backgroundRemovalCreateInput,
    output: backgroundRemovalCreateOutput,
  },
  background_removal_delete: {
    method: 'DELETE',
    path: '/v3/background-removals/{job_id}',
    pathParams: ['job_id'],
    queryParams: [],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: false,
    destructive: true,
    input: backgroundRemovalDeleteInput,
    output: backgroundRemovalDeleteOutput,
  },
  background_removal_get: {
    method: 'GET',
    path: '/v3/background-removals/{job_id}',
    pathParams: ['job_id'],
    queryParams: [],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: false,
    destructive: false,
    input: backgroundRemovalGetInput,
    output: backgroundRemovalGetOutput,
  },
  background_removal_list: {
    method: 'GET',
    path: '/v3/background-removals',
    pathParams: [],
    queryParams: ['limit', 'token'],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: true,
    destructive: false,
    input: backgroundRemovalListInput,
    output: backgroundRemovalListOutput,
  },
  brand_glossary_list: {
    method: 'GET',
    path: '/v3/brand-glossaries',
    pathParams: [],
    queryParams: ['limit', 'token'],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: true,
    destructive: false,
    input: brandGlossaryListInput,
    output: brandGlossaryListOutput,
  },
  brand_kit_list: {
    method: 'GET',
    path: '/v3/brand-kits',
    pathParams: [],
    queryParams: ['limit', 'token'],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: true,
    destructive: false,
    input: brandKitListInput,
    output: brandKitListOutput,
  },
  hyperframes_render_create: {
    method: 'POST',
    path: '/v3/hyperframes/renders',
    pathParams: [],
    queryParams: [],
    bodyParams: [
      'project',
      'fps',
      'quality',
      'format',
      'resolution',
      'aspect_ratio',
      'composition',
      'variables',
      'title',
      'callback_id',
      'callback_url',
    ],
    bodyEncoding: 'json',
    idempotencyKeyHeader: true,
    uncertain: 6,
    paginated: false,
    destructive: false,
    input: hyperframesRenderCreateInput,
    output: hyperframesRenderCreateOutput,
  },
  hyperframes_render_delete: {
    method: 'DELETE',
    path: '/v3/hyperframes/renders/{render_id}',
    pathParams: ['render_id'],
    queryParams: [],
    bodyParams: [],
    bodyEncoding: 'none',
    uncertain: 1,
    paginated: false,
    destructive: true,
    input: hyperframesRenderDeleteInput,
    output: hyperframesRenderDeleteOutput,
  },
  hyperframes_render_get: {
    method: 'GET',
    path: '/v3/hyperframes/renders/{render_id}',
    pathParams: ['render_id'],
    queryParams: [],
    bodyParams: [],
    bodyEncoding: 'none',
    uncertain: 2,
    paginated: false,
    destructive: false,
    input: hyperframesRenderGetInput,
    output: hyperframesRenderGetOutput,
  },
  hyperframes_render_list: {
    method: 'GET',
    path: '/v3/hyperframes/renders',
    pathParams: [],
    queryParams: ['limit', 'token'],
    bodyParams: [],
    bodyEncoding: 'none',
    uncertain: 2,
    paginated: true,
    destructive: false,
    input: hyperframesRenderListInput,
    output: hyperframesRenderListOutput,
  },
  lipsync_batch_create: {
    method: 'POST',
    path: '/v3/lipsyncs/batches',
    pathParams: [],
    queryParams: [],
    bodyParams: ['callback_url', 'lipsyncs', 'title'],
    bodyEncoding: 'json',
    paginated: false,
    destructive: false,
    input: lipsyncBatchCreateInput,
    output: lipsyncBatchCreateOutput,
  },
  lipsync_batch_get: {
    method: 'GET',
    path: '/v3/lipsyncs/batches/{batch_id}',
    pathParams: ['batch_id'],
    queryParams: ['limit', 'token'],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: false,
    destructive: false,
    input: lipsyncBatchGetInput,
    output: lipsyncBatchGetOutput,
  },
  lipsync_create: {
    method: 'POST',
    path: '/v3/lipsyncs',
    pathParams: [],
    queryParams: [],
    bodyParams: [
      'audio',
      'callback_id',
      'callback_url',
      'disable_music_track',
      'enable_caption',
      'enable_dynamic_duration',
      'enable_speech_enhancement',
      'enable_watermark',
      'end_time',
      'folder_id',
      'fps_mode',
      'keep_the_same_format',
      'mode',
      'start_time',
      'title',
      'video',
    ],
    bodyEncoding: 'json',
    paginated: false,
    destructive: false,
    input: lipsyncCreateInput,
    output: lipsyncCreateOutput,
  },
  lipsync_delete: {
    method: 'DELETE',
    path: '/v3/lipsyncs/{lipsync_id}',
    pathParams: ['lipsync_id'],
    queryParams: [],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: false,
    destructive: true,
    input: lipsyncDeleteInput,
    output: lipsyncDeleteOutput,
  },
  lipsync_get: {
    method: 'GET',
    path: '/v3/lipsyncs/{lipsync_id}',
    pathParams: ['lipsync_id'],
    queryParams: [],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: false,
    destructive: false,
    input: lipsyncGetInput,
    output: lipsyncGetOutput,
  },
  lipsync_list: {
    method: 'GET',
    path: '/v3/lipsyncs',
    pathParams: [],
    queryParams: ['limit', 'token'],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: true,
    destructive: false,
    input: lipsyncListInput,
    output: lipsyncListOutput,
  },
  lipsync_statuses_list: {
    method: 'GET',
    path: '/v3/lipsyncs/statuses',
    pathParams: [],
    queryParams: ['lipsync_ids', 'batch_ids'],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: false,
    destructive: false,
    input: lipsyncStatusesListInput,
    output: lipsyncStatusesListOutput,
  },
  lipsync_update: {
    method: 'PATCH',
    path: '/v3/lipsyncs/{lipsync_id}',
    pathParams: ['lipsync_id'],
    queryParams: [],
    bodyParams: ['title'],
    bodyEncoding: 'json',
    paginated: false,
    destructive: false,
    input: lipsyncUpdateInput,
    output: lipsyncUpdateOutput,
  },
  template_generate: {
    method: 'POST',
    path: '/v3/templates/{template_id}',
    pathParams: ['template_id'],
    queryParams: [],
    bodyParams: [
      'brand_voice_id',
      'callback_id',
      'callback_url',
      'caption',
      'dimension',
      'enable_sharing',
      'folder_id',
      'fps',
      'include_gif',
      'keep_text_vertically_centered',
      'reorder_music',
      'scene_ids',
      'subtitles',
      'title',
      'variables',
    ],
    bodyEncoding: 'json',
    paginated: false,
    destructive: false,
    input: templateGenerateInput,
    output: templateGenerateOutput,
  },
  template_get: {
    method: 'GET',
    path: '/v3/templates/{template_id}',
    pathParams: ['template_id'],
    queryParams: [],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: false,
    destructive: false,
    input: templateGetInput,
    output: templateGetOutput,
  },
  template_list: {
    method: 'GET',
    path: '/v3/templates',
    pathParams: [],
    queryParams: ['limit', 'token'],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: true,
    destructive: false,
    input: templateListInput,
    output: templateListOutput,
  },
  user_me_get: {
    method: 'GET',
    path: '/v3/users/me',
    pathParams: [],
    queryParams: [],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: false,
    destructive: false,
    input: userMeGetInput,
    output: userMeGetOutput,
  },
  video_agent_create: {
    method: 'POST',
    path: '/v3/video-agents',
    pathParams: [],
    queryParams: [],
    bodyParams: [
      'avatar_id',
      'brand_kit_id',
      'callback_id',
      'callback_url',
      'files',
      'incognito_mode',
      'mode',
      'orientation',
      'prompt',
      'style_id',
      'voice_id',
    ],
    bodyEncoding: 'json',
    paginated: false,
    destructive: false,
    input: videoAgentCreateInput,
    output: videoAgentCreateOutput,
  },
  video_agent_get: {
    method: 'GET',
    path: '/v3/video-agents/{session_id}',
    pathParams: ['session_id'],
    queryParams: [],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: false,
    destructive: false,
    input: videoAgentGetInput,
    output: videoAgentGetOutput,
  },
  video_agent_list: {
    method: 'GET',
    path: '/v3/video-agents',
    pathParams: [],
    queryParams: ['limit', 'token'],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: true,
    destructive: false,
    input: videoAgentListInput,
    output: videoAgentListOutput,
  },
  video_agent_resource_get: {
    method: 'GET',
    path: '/v3/video-agents/{session_id}/resources/{resource_id}',
    pathParams: ['session_id', 'resource_id'],
    queryParams: [],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: false,
    destructive: false,
    input: videoAgentResourceGetInput,
    output: videoAgentResourceGetOutput,
  },
  video_agent_send: {
    method: 'POST',
    path: '/v3/video-agents/{session_id}',
    pathParams: ['session_id'],
    queryParams: [],
    bodyParams: ['avatar_id', 'brand_kit_id', 'files', 'message', 'voice_id'],
    bodyEncoding: 'json',
    paginated: false,
    destructive: false,
    input: videoAgentSendInput,
    output: videoAgentSendOutput,
  },
  video_agent_stop: {
    method: 'POST',
    path: '/v3/video-agents/{session_id}/stop',
    pathParams: ['session_id'],
    queryParams: [],
    bodyParams: [],
    bodyEncoding: 'json',
    paginated: false,
    destructive: false,
    input: videoAgentStopInput,
    output: videoAgentStopOutput,
  },
  video_agent_style_list: {
    method: 'GET',
    path: '/v3/video-agents/styles',
    pathParams: [],
    queryParams: ['tag', 'limit', 'token'],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: true,
    destructive: false,
    input: videoAgentStyleListInput,
    output: videoAgentStyleListOutput,
  },
  video_agent_video_list: {
    method: 'GET',
    path: '/v3/video-agents/{session_id}/videos',
    pathParams: ['session_id'],
    queryParams: [],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: false,
    destructive: false,
    input: videoAgentVideoListInput,
    output: videoAgentVideoListOutput,
  },
  video_batch_create: {
    method: 'POST',
    path: '/v3/videos/batches',
    pathParams: [],
    queryParams: [],
    bodyParams: ['callback_url', 'title', 'videos'],
    bodyEncoding: 'json',
    paginated: false,
    destructive: false,
    input: videoBatchCreateInput,
    output: videoBatchCreateOutput,
  },
  video_batch_get: {
    method: 'GET',
    path: '/v3/videos/batches/{batch_id}',
    pathParams: ['batch_id'],
    queryParams: ['limit', 'token'],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: false,
    destructive: false,
    input: videoBatchGetInput,
    output: videoBatchGetOutput,
  },
  video_create: {
    method: 'POST',
    path: '/v3/videos',
    pathParams: [],
    queryParams: [],
    bodyParams: [
      'aspect_ratio',
      'audio_asset_id',
      'audio_url',
      'avatar_id',
      'background',
      'callback_id',
      'callback_url',
      'caption',
      'engine',
      'expressiveness',
      'fit',
      'motion_prompt',
      'output_format',
      'remove_background',
      'resolution',
      'script',
      'title',
      'type',
      'voice_id',
      'voice_settings',
      'watermark',
      'image',
      'auto_duration',
      'duration',
      'enhance_prompt',
      'prompt',
      'references',
      'scenes',
    ],
    bodyEncoding: 'json',
    paginated: false,
    destructive: false,
    input: videoCreateInput,
    output: videoCreateOutput,
  },
  video_delete: {
    method: 'DELETE',
    path: '/v3/videos/{video_id}',
    pathParams: ['video_id'],
    queryParams: [],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: false,
    destructive: true,
    input: videoDeleteInput,
    output: videoDeleteOutput,
  },
  video_get: {
    method: 'GET',
    path: '/v3/videos/{video_id}',
    pathParams: ['video_id'],
    queryParams: [],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: false,
    destructive: false,
    input: videoGetInput,
    output: videoGetOutput,
  },
  video_list: {
    method: 'GET',
    path: '/v3/videos',
    pathParams: [],
    queryParams: ['limit', 'token', 'folder_id', 'title'],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: true,
    destructive: false,
    input: videoListInput,
    output: videoListOutput,
  },
  video_statuses_list: {
    method: 'GET',
    path: '/v3/videos/statuses',
    pathParams: [],
    queryParams: ['video_ids', 'batch_ids'],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: false,
    destructive: false,
    input: videoStatusesListInput,
    output: videoStatusesListOutput,
  },
  video_translation_batch_create: {
    method: 'POST',
    path: '/v3/video-translations/batches',
    pathParams: [],
    queryParams: [],
    bodyParams: ['callback_url', 'title', 'video_translations'],
    bodyEncoding: 'json',
    paginated: false,
    destructive: false,
    input: videoTranslationBatchCreateInput,
    output: videoTranslationBatchCreateOutput,
  },
  video_translation_batch_get: {
    method: 'GET',
    path: '/v3/video-translations/batches/{batch_id}',
    pathParams: ['batch_id'],
    queryParams: ['limit', 'token'],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: false,
    destructive: false,
    input: videoTranslationBatchGetInput,
    output: videoTranslationBatchGetOutput,
  },
  video_translation_create: {
    method: 'POST',
    path: '/v3/video-translations',
    pathParams: [],
    queryParams: [],
    bodyParams: [
      'audio',
      'brand_glossary_id',
      'brand_voice_id',
      'callback_id',
      'callback_url',
      'disable_music_track',
      'enable_caption',
      'enable_dynamic_duration',
      'enable_speech_enhancement',
      'enable_watermark',
      'end_time',
      'folder_id',
      'fps_mode',
      'input_language',
      'keep_the_same_format',
      'mode',
      'output_languages',
      'speaker_num',
      'srt',
      'srt_role',
      'start_time',
      'stock_voice_config',
      'title',
      'translate_audio_only',
      'video',
    ],
    bodyEncoding: 'json',
    paginated: false,
    destructive: false,
    input: videoTranslationCreateInput,
    output: videoTranslationCreateOutput,
  },
  video_translation_delete: {
    method: 'DELETE',
    path: '/v3/video-translations/{video_translation_id}',
    pathParams: ['video_translation_id'],
    queryParams: [],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: false,
    destructive: true,
    input: videoTranslationDeleteInput,
    output: videoTranslationDeleteOutput,
  },
  video_translation_get: {
    method: 'GET',
    path: '/v3/video-translations/{video_translation_id}',
    pathParams: ['video_translation_id'],
    queryParams: [],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: false,
    destructive: false,
    input: videoTranslationGetInput,
    output: videoTranslationGetOutput,
  },
  video_translation_language_list: {
    method: 'GET',
    path: '/v3/video-translations/languages',
    pathParams: [],
    queryParams: [],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: false,
    destructive: false,
    input: videoTranslationLanguageListInput,
    output: videoTranslationLanguageListOutput,
  },
  video_translation_list: {
    method: 'GET',
    path: '/v3/video-translations',
    pathParams: [],
    queryParams: ['limit', 'token'],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: true,
    destructive: false,
    input: videoTranslationListInput,
    output: videoTranslationListOutput,
  },
  video_translation_proofread_create: {
    method: 'POST',
    path: '/v3/video-translations/proofreads',
    pathParams: [],
    queryParams: [],
    bodyParams: [
      'brand_glossary_id',
      'brand_voice_id',
      'disable_music_track',
      'enable_speech_enhancement',
      'enable_video_stretching',
      'folder_id',
      'keep_the_same_format',
      'mode',
      'output_languages',
      'speaker_num',
      'srt',
      'title',
      'video',
    ],
    bodyEncoding: 'json',
    paginated: false,
    destructive: false,
    input: videoTranslationProofreadCreateInput,
    output: videoTranslationProofreadCreateOutput,
  },
  video_translation_proofread_generate: {
    method: 'POST',
    path: '/v3/video-translations/proofreads/{proofread_id}/generate',
    pathParams: ['proofread_id'],
    queryParams: [],
    bodyParams: ['callback_id', 'callback_url', 'captions', 'translate_audio_only'],
    bodyEncoding: 'json',
    paginated: false,
    destructive: false,
    input: videoTranslationProofreadGenerateInput,
    output: videoTranslationProofreadGenerateOutput,
  },
  video_translation_proofread_get: {
    method: 'GET',
    path: '/v3/video-translations/proofreads/{proofread_id}',
    pathParams: ['proofread_id'],
    queryParams: [],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: false,
    destructive: false,
    input: videoTranslationProofreadGetInput,
    output: videoTranslationProofreadGetOutput,
  },
  video_translation_proofread_srt_get: {
    method: 'GET',
    path: '/v3/video-translations/proofreads/{proofread_id}/srt',
    pathParams: ['proofread_id'],
    queryParams: [],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: false,
    destructive: false,
    input: videoTranslationProofreadSrtGetInput,
    output: videoTranslationProofreadSrtGetOutput,
  },
  video_translation_proofread_srt_update: {
    method: 'PUT',
    path: '/v3/video-translations/proofreads/{proofread_id}/srt',
    pathParams: ['proofread_id'],
    queryParams: [],
    bodyParams: ['srt'],
    bodyEncoding: 'json',
    paginated: false,
    destructive: false,
    input: videoTranslationProofreadSrtUpdateInput,
    output: videoTranslationProofreadSrtUpdateOutput,
  },
  video_translation_statuses_list: {
    method: 'GET',
    path: '/v3/video-translations/statuses',
    pathParams: [],
    queryParams: ['video_translation_ids', 'batch_ids'],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: false,
    destructive: false,
    input: videoTranslationStatusesListInput,
    output: videoTranslationStatusesListOutput,
  },
  video_translation_update: {
    method: 'PATCH',
    path: '/v3/video-translations/{video_translation_id}',
    pathParams: ['video_translation_id'],
    queryParams: [],
    bodyParams: ['title'],
    bodyEncoding: 'json',
    paginated: false,
    destructive: false,
    input: videoTranslationUpdateInput,
    output: videoTranslationUpdateOutput,
  },
  voice_clone_create: {
    method: 'POST',
    path: '/v3/voices/clone',
    pathParams: [],
    queryParams: [],
    bodyParams: ['audio', 'language', 'remove_background_noise', 'voice_name'],
    bodyEncoding: 'json',
    paginated: false,
    destructive: false,
    input: voiceCloneCreateInput,
    output: voiceCloneCreateOutput,
  },
  voice_create: {
    method: 'POST',
    path: '/v3/voices',
    pathParams: [],
    queryParams: [],
    bodyParams: ['gender', 'locale', 'prompt', 'seed'],
    bodyEncoding: 'json',
    paginated: false,
    destructive: false,
    input: voiceCreateInput,
    output: voiceCreateOutput,
  },
  voice_delete: {
    method: 'DELETE',
    path: '/v3/voices/{voice_id}',
    pathParams: ['voice_id'],
    queryParams: [],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: false,
    destructive: true,
    input: voiceDeleteInput,
    output: voiceDeleteOutput,
  },
  voice_get: {
    method: 'GET',
    path: '/v3/voices/{voice_id}',
    pathParams: ['voice_id'],
    queryParams: [],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: false,
    destructive: false,
    input: voiceGetInput,
    output: voiceGetOutput,
  },
  voice_list: {
    method: 'GET',
    path: '/v3/voices',
    pathParams: [],
    queryParams: ['type', 'engine', 'language', 'gender', 'limit', 'token'],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: true,
    destructive: false,
    input: voiceListInput,
    output: voiceListOutput,
  },
  voice_speech_create: {
    method: 'POST',
    path: '/v3/voices/speech',
    pathParams: [],
    queryParams: [],
    bodyParams: ['input_type', 'language', 'locale', 'speed', 'text', 'voice_id'],
    bodyEncoding: 'json',
    paginated: false,
    destructive: false,
    input: voiceSpeechCreateInput,
    output: voiceSpeechCreateOutput,
  },
  webhook_endpoint_create: {
    method: 'POST',
    path: '/v3/webhooks/endpoints',
    pathParams: [],
    queryParams: [],
    bodyParams: ['entity_id', 'events', 'url'],
    bodyEncoding: 'json',
    paginated: false,
    destructive: false,
    input: webhookEndpointCreateInput,
    output: webhookEndpointCreateOutput,
  },
  webhook_endpoint_delete: {
    method: 'DELETE',
    path: '/v3/webhooks/endpoints/{endpoint_id}',
    pathParams: ['endpoint_id'],
    queryParams: [],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: false,
    destructive: true,
    input: webhookEndpointDeleteInput,
    output: webhookEndpointDeleteOutput,
  },
  webhook_endpoint_list: {
    method: 'GET',
    path: '/v3/webhooks/endpoints',
    pathParams: [],
    queryParams: ['limit', 'token'],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: true,
    destructive: false,
    input: webhookEndpointListInput,
    output: webhookEndpointListOutput,
  },
  webhook_endpoint_rotate_secret: {
    method: 'POST',
    path: '/v3/webhooks/endpoints/{endpoint_id}/rotate-secret',
    pathParams: ['endpoint_id'],
    queryParams: [],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: false,
    destructive: false,
    input: webhookEndpointRotateSecretInput,
    output: webhookEndpointRotateSecretOutput,
  },
  webhook_endpoint_update: {
    method: 'PATCH',
    path: '/v3/webhooks/endpoints/{endpoint_id}',
    pathParams: ['endpoint_id'],
    queryParams: [],
    bodyParams: ['events', 'url'],
    bodyEncoding: 'json',
    paginated: false,
    destructive: false,
    input: webhookEndpointUpdateInput,
    output: webhookEndpointUpdateOutput,
  },
  webhook_event_list: {
    method: 'GET',
    path: '/v3/webhooks/events',
    pathParams: [],
    queryParams: ['event_type', 'entity_id', 'limit', 'token'],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: true,
    destructive: false,
    input: webhookEventListInput,
    output: webhookEventListOutput,
  },
  webhook_event_type_list: {
    method: 'GET',
    path: '/v3/webhooks/event-types',
    pathParams: [],
    queryParams: [],
    bodyParams: [],
    bodyEncoding: 'none',
    paginated: false,
    destructive: false,
    input: webhookEventTypeListInput,
    output: webhookEventTypeListOutput,
  },
};
