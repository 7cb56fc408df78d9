import { stringField, numberField, type JsonObject } from './v3-result.ts';

/**
 * Translations between legacy avatar shapes (v1/v2 avatars, avatar groups, photo avatars, talking photos,
 * photo generations, training jobs) and v3 avatar groups and looks (`/v3/avatars`, `/v3/avatars/looks`).
 * v3 group and look statuses are `processing | pending_consent | completed | failed`.
 */

/** v3 status → legacy photo avatar status (`GET /v2/photo_avatar/{id}`: `pending | completed`, plus `failed`). */
export function toLegacyPhotoAvatarStatus(status: unknown): string {
  if (status === 'completed') return 'completed';
  if (status === 'failed') return 'failed';
  return 'pending';
}

/**
 * v3 look status → legacy photo/look generation status (`pending | processing | success | failed`).
 * `pending_consent` becomes `pending`: the look is not usable until consent is given, which v2 never asked.
 */
export function toLegacyGenerationStatus(status: unknown): string {
  switch (status) {
    case 'completed':
      return 'success';
    case 'failed':
      return 'failed';
    case 'processing':
      return 'processing';
    default:
      return 'pending';
  }
}

/** v3 group status → legacy photo avatar training status (`pending | training | ready`, plus `failed`). */
export function toLegacyTrainingStatus(status: unknown): string {
  switch (status) {
    case 'completed':
      return 'ready';
    case 'failed':
      return 'failed';
    case 'processing':
      return 'training';
    default:
      return 'pending';
  }
}

/**
 * A v3 look as a v2 photo avatar / look (`id, group_id, name, image_url, status, …`). Motion and upscale
 * flags are not exposed by v3 and come back null.
 */
export function toLegacyPhotoAvatar(look: JsonObject): JsonObject {
  return {
    ...look,
    id: stringField(look, 'id'),
    group_id: stringField(look, 'group_id'),
    name: stringField(look, 'name'),
    image_url: stringField(look, 'preview_image_url'),
    status: toLegacyPhotoAvatarStatus(look.status),
    created_at: numberField(look, 'created_at'),
    is_motion: null,
    motion_preview_url: stringField(look, 'preview_video_url'),
    upscaled: null,
  };
}

/** A v3 look as a v1/v2 avatar (`avatar_id`, `avatar_name`, `gender`, preview URLs). */
export function toLegacyAvatar(look: JsonObject): JsonObject {
  return {
    ...look,
    avatar_id: stringField(look, 'id'),
    avatar_name: stringField(look, 'name'),
    gender: stringField(look, 'gender'),
    preview_image_url: stringField(look, 'preview_image_url'),
    preview_video_url: stringField(look, 'preview_video_url'),
  };
}

/** A v3 avatar group as a v2 avatar group (`num_looks`, `preview_image`, `train_status`). */
export function toLegacyAvatarGroup(group: JsonObject): JsonObject {
  return {
    ...group,
    id: stringField(group, 'id'),
    name: stringField(group, 'name'),
    created_at: numberField(group, 'created_at'),
    num_looks: numberField(group, 'looks_count'),
    preview_image: stringField(group, 'preview_image_url'),
    preview_image_url: stringField(group, 'preview_image_url'),
    train_status: stringField(group, 'status'),
  };
}

/** HeyGen's resource host, which legacy image keys are paths on (generation results list both forms). */
const legacyResourceBase = 'https://resource2.heygen.ai/';

/**
 * A legacy `image_key` as a v3 image source (`{type: url}` or `{type: asset_id}`):
 * - an http(s) URL is used as is (our compat tools hand out preview URLs as keys);
 * - a legacy key (`image/<id>/original`) is the path of the image on HeyGen's resource host — the legacy
 *   generation status lists each key next to exactly that URL;
 * - anything else is an asset id from `upload_asset` / `asset_create` (our compat `upload_asset` returns the
 *   v3 asset id as `image_key`).
 */
export function imageKeyToV3File(key: string): JsonObject {
  if (/^https?:\/\//iu.test(key)) return { type: 'url', url: key };
  if (/^image\/[^/]+\/[^/]+$/u.test(key)) return { type: 'url', url: legacyResourceBase + key };
  return { type: 'asset_id', asset_id: key };
}

/** The eight attributes of `POST /v2/photo_avatar/photo/generate`. */
export interface PhotoAttributes {
  age: string;
  gender: string;
  ethnicity: string;
  orientation: string;
  pose: string;
  style: string;
  appearance: string;
}

/**
 * v3 `type: prompt` avatars take one free-text prompt instead of v2's enum attributes, so the attributes are
 * written into the prompt (skipping `Unspecified`), followed by the free-text appearance.
 */
export function photoAvatarPrompt(attributes: PhotoAttributes): string {
  const known = (value: string) => value !== '' && value !== 'Unspecified';
  const subject = [attributes.age, attributes.ethnicity, attributes.gender].filter(known).join(' ');
  const parts = [
    subject ? `Portrait photo of a ${subject}` : 'Portrait photo of a person',
    `${attributes.pose.replace(/_/gu, ' ')} framing`,
    `${attributes.orientation} orientation`,
    known(attributes.style) ? `${attributes.style} style` : undefined,
  ].filter((part): part is string => part !== undefined);
  return `${parts.join(', ')}. ${attributes.appearance}`.trim();
}
