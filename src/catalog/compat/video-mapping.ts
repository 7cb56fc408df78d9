import { InvalidInputError } from '../errors.ts';
import { compact, numberField, stringField, type JsonObject } from './v3-result.ts';

/**
 * Translations between the legacy video shapes (v1/v2 `video_inputs`, `dimension`, `video_status.get`) and
 * `POST /v3/videos` / `GET /v3/videos/{id}`. Shared by the seed tools (`v2_video_generate`,
 * `create_webm_video`, `retrieve_video_status`, …) and the KosmoKrator tools (`create_video`, `get_video`).
 */

/** Legacy output size in pixels (`dimension` on /v2/video/generate, /v1/video.webm, template generate). */
export interface Dimension {
  width: number;
  height: number;
}

/** Aspect ratios `POST /v3/videos` accepts besides `auto`. */
export type V3AspectRatio = '16:9' | '9:16' | '4:5' | '5:4' | '1:1';

/** Resolutions `POST /v3/videos` accepts. */
export type V3Resolution = '4k' | '1080p' | '720p';

/** The v3 size settings chosen for a legacy `dimension`. */
export interface V3Size {
  aspect_ratio: V3AspectRatio;
  resolution: V3Resolution;
  /** False when the legacy width/height ratio is not one v3 offers, so the nearest one was taken. */
  exact: boolean;
}

const aspectRatios: readonly (readonly [V3AspectRatio, number])[] = [
  ['16:9', 16 / 9],
  ['9:16', 9 / 16],
  ['1:1', 1],
  ['4:5', 4 / 5],
  ['5:4', 5 / 4],
];

/**
 * v3 has no pixel dimensions: it takes an aspect ratio plus a resolution tier. The ratio is the nearest one
 * v3 offers (compared on a log scale, so 16:9 and 9:16 are equally far from 1:1); the tier comes from the
 * short edge (2160 → 4k, 1080 → 1080p, else 720p), matching how HeyGen names its tiers.
 */
export function dimensionToV3(dimension: Dimension): V3Size {
  const ratio = dimension.width / dimension.height;
  let best: readonly [V3AspectRatio, number] = aspectRatios[0] as readonly [V3AspectRatio, number];
  for (const candidate of aspectRatios) {
    if (Math.abs(Math.log(ratio / candidate[1])) < Math.abs(Math.log(ratio / best[1]))) best = candidate;
  }
  const shortEdge = Math.min(dimension.width, dimension.height);
  const resolution: V3Resolution = shortEdge >= 2160 ? '4k' : shortEdge >= 1080 ? '1080p' : '720p';
  return { aspect_ratio: best[0], resolution, exact: Math.abs(ratio / best[1] - 1) < 0.01 };
}

/**
 * v3 video statuses are `pending | processing | completed | failed`, a subset of v1's
 * `waiting | pending | processing | completed | failed`: each maps to itself (v3 never reports `waiting`).
 * Unknown values pass through so a new HeyGen status is visible rather than hidden.
 */
export function toLegacyVideoStatus(status: unknown): string {
  return typeof status === 'string' ? status : 'pending';
}

/**
 * A v3 video (`GET /v3/videos/{id}`) in the shape `GET /v1/video_status.get` answered with: `id` plus
 * `video_id`, `video_url_caption` (v3 `captioned_video_url`), `caption_url` (v3 `subtitle_url`, now SRT) and
 * `error {code, message, detail}` (v3 `failure_code`/`failure_message`). v3's own fields stay alongside.
 */
export function toLegacyVideo(video: JsonObject): JsonObject {
  const id = stringField(video, 'id') ?? stringField(video, 'video_id');
  const status = toLegacyVideoStatus(video.status);
  const failureCode = stringField(video, 'failure_code');
  const failureMessage = stringField(video, 'failure_message');
  return {
    ...video,
    id,
    video_id: id,
    status,
    video_url: stringField(video, 'video_url'),
    thumbnail_url: stringField(video, 'thumbnail_url'),
    gif_url: stringField(video, 'gif_url'),
    video_url_caption: stringField(video, 'captioned_video_url'),
    caption_url: stringField(video, 'subtitle_url'),
    duration: numberField(video, 'duration'),
    created_at: numberField(video, 'created_at'),
    callback_id: stringField(video, 'callback_id'),
    error:
      status === 'failed' || failureCode !== null || failureMessage !== null
        ? { code: failureCode, message: failureMessage, detail: failureMessage }
        : null,
  };
}

/** One avatar scene, independent of the legacy shape it came from. */
export interface NeutralScene {
  /** Look id (v2 `avatar_id` or `talking_photo_id`, KosmoKrator `character.avatar_id`). */
  avatar_id: string;
  script?: string;
  voice_id?: string;
  audio_url?: string;
  audio_asset_id?: string;
  voice_settings?: { speed?: number; pitch?: number; locale?: string; volume?: number };
  background?: { type: 'color'; value: string } | { type: 'image'; url?: string; asset_id?: string };
  remove_background?: boolean;
  expressiveness?: 'high' | 'medium' | 'low';
  /** Input path of the scene, for error messages (e.g. `video_inputs[1]`). */
  field: string;
}

/** Video-wide settings of a translated create. */
export interface NeutralVideoOptions {
  aspect_ratio: V3AspectRatio;
  resolution: V3Resolution;
  /** Legacy `caption: true`: v3 burns captions in (`style: default`) and returns an SRT sidecar. */
  caption?: boolean;
  callback_id?: string;
  callback_url?: string;
  /** `webm` (transparent background) is only available on a single-avatar video. */
  output_format?: 'mp4' | 'webm';
}

/** The translated `video_create` input plus what could not be carried over. */
export interface V3VideoCreate {
  input: JsonObject;
  warnings: string[];
}

/**
 * Builds the `video_create` input: one scene becomes `type: avatar` (all avatar options available), several
 * become `type: studio` with `avatar_video` scenes (1–50 scenes, MP4 only, colour backgrounds only — the
 * limits HeyGen states for studio videos). Anything v3 cannot express is either reported as a warning (when
 * the video still comes out as asked, minus a cosmetic) or rejected before anything is sent (when it would
 * not: video backgrounds, image backgrounds between several scenes, WebM with several scenes).
 */
export function buildV3VideoCreate(
  tool: string,
  scenes: readonly NeutralScene[],
  options: NeutralVideoOptions,
): V3VideoCreate {
  const warnings: string[] = [];
  const caption = options.caption ? { file_format: 'srt', style: 'default' } : undefined;
  const common = compact({
    aspect_ratio: options.aspect_ratio,
    resolution: options.resolution,
    caption,
    callback_id: options.callback_id,
    callback_url: options.callback_url,
  });
  if (scenes.length === 1) {
    const scene = scenes[0] as NeutralScene;
    return {
      input: compact({
        type: 'avatar',
        avatar_id: scene.avatar_id,
        script: scene.script,
        voice_id: scene.voice_id,
        audio_url: scene.audio_url,
        audio_asset_id: scene.audio_asset_id,
        voice_settings: scene.voice_settings,
        background: scene.background,
        remove_background: scene.remove_background,
        expressiveness: scene.expressiveness,
        output_format: options.output_format,
        ...common,
      }),
      warnings,
    };
  }
  if (scenes.length > 50) {
    throw new InvalidInputError(tool, [
      {
        field: 'video_inputs',
        expected: 'at most 50 scenes',
        message: '`video_inputs` has more than 50 scenes; HeyGen v3 studio videos take 1 to 50',
      },
    ]);
  }
  if (options.output_format === 'webm') {
    throw new InvalidInputError(tool, [
      {
        field: 'video_inputs',
        expected: 'one scene for WebM',
        message: 'WebM output needs a single scene; HeyGen v3 multi-scene videos are MP4 only',
      },
    ]);
  }
  const studioScenes = scenes.map((scene) => {
    if (scene.background?.type === 'image') {
      throw new InvalidInputError(tool, [
        {
          field: `${scene.field}.background`,
          expected: 'a color background',
          message: `\`${scene.field}.background\` is an image; HeyGen v3 multi-scene videos take colour backgrounds only`,
        },
      ]);
    }
    if (scene.remove_background) {
      warnings.push(`${scene.field}: background removal (matting) is not available on multi-scene v3 videos`);
    }
    return {
      type: 'avatar_video',
      input: compact({
        type: 'avatar',
        avatar_id: scene.avatar_id,
        script: scene.script,
        voice_id: scene.voice_id,
        audio_url: scene.audio_url,
        audio_asset_id: scene.audio_asset_id,
        voice_settings: scene.voice_settings,
        background: scene.background ? { type: 'color', color: scene.background.value } : undefined,
        expressiveness: scene.expressiveness,
      }),
    };
  });
  return { input: { type: 'studio', scenes: studioScenes, ...common }, warnings };
}
