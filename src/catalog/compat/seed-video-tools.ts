import { z } from 'zod';
import { lazySchema, type JobKind, type ToolDefinition } from '../define-tool.ts';
import { InvalidInputError } from '../errors.ts';
import type { PriceTable } from '../price-table.ts';
import { pricing } from '../pricing.ts';
import {
  defineLegacySeedTool,
  defineSeedTool,
  looseResult,
  strictInput,
  unknownResult,
} from './define-seed-tool.ts';
import {
  buildV3VideoCreate,
  dimensionToV3,
  toLegacyVideo,
  type NeutralScene,
  type V3AspectRatio,
  type V3VideoCreate,
} from './video-mapping.ts';
import { compact, readV3Object, readV3Page, stringField, type JsonObject } from './v3-result.ts';

/** Legacy video creates are polled with `retrieve_video_status` (v1 statuses, carried on `GET /v3/videos/{id}`). */
export const legacyVideoJob: JobKind = {
  kind: 'video',
  statusTool: 'retrieve_video_status',
  idField: 'video_id',
  resultIdPath: 'video_id',
  statusField: 'status',
  success: ['completed'],
  failure: ['failed'],
  typicalSeconds: 300,
};

const videoCostNote =
  `Billed like video_create (estimate in USD, API wallet). ${pricing.video_create.note} ` +
  'v3 has no free test mode, so `test: true` renders a billed 720p video.';

const dimensionSchema = () =>
  z.strictObject({
    width: z.number().int().positive().describe('Output width in pixels'),
    height: z.number().int().positive().describe('Output height in pixels'),
  });

const v2CharacterSchema = () =>
  z
    .strictObject({
      type: z.enum(['avatar', 'talking_photo']).optional().describe('Default avatar'),
      avatar_id: z.string().min(1).optional(),
      talking_photo_id: z.string().min(1).optional(),
      scale: z.number().optional().describe('Ignored: v3 has no avatar scale'),
      avatar_style: z
        .enum(['circle', 'closeUp', 'normal'])
        .optional()
        .describe('Ignored: v3 has no avatar style'),
      offset: z
        .strictObject({ x: z.number(), y: z.number() })
        .optional()
        .describe('Ignored: v3 has no offset'),
      matting: z.union([z.boolean(), z.string()]).optional().describe('Truthy → v3 remove_background'),
      circle_background_color: z.string().optional(),
      talking_photo_style: z.string().optional(),
      talking_style: z
        .enum(['stable', 'expressive'])
        .optional()
        .describe('expressive → v3 expressiveness high'),
      expression: z.enum(['default', 'happy']).optional(),
      super_resolution: z.union([z.boolean(), z.string()]).optional(),
    })
    .superRefine((character, context) => {
      const id = character.type === 'talking_photo' ? 'talking_photo_id' : 'avatar_id';
      if (!character.avatar_id && !character.talking_photo_id) {
        context.addIssue({ code: 'custom', path: [id], message: `\`${id}\` is required` });
      }
    });

const v2VoiceSchema = () =>
  z
    .strictObject({
      type: z.enum(['text', 'audio', 'silence']).optional().describe('Default text'),
      voice_id: z.string().min(1).optional(),
      input_text: z.string().min(1).optional().describe('Script spoken by the avatar'),
      speed: z.number().min(0.5).max(1.5).optional(),
      pitch: z.number().int().min(-50).max(50).optional(),
      emotion: z.enum(['Excited', 'Friendly', 'Serious', 'Soothing', 'Broadcaster']).optional(),
      locale: z.string().optional().describe('Accent for multilingual voices, e.g. en-US'),
      audio_url: z.string().optional(),
      audio_asset_id: z.string().optional(),
      duration: z.number().optional(),
    })
    .superRefine((voice, context) => {
      const type = voice.type ?? (voice.audio_url || voice.audio_asset_id ? 'audio' : 'text');
      if (type === 'text') {
        if (!voice.voice_id)
          context.addIssue({ code: 'custom', path: ['voice_id'], message: '`voice_id` is required' });
        if (!voice.input_text)
          context.addIssue({ code: 'custom', path: ['input_text'], message: '`input_text` is required' });
      } else if (type === 'audio' && !voice.audio_url && !voice.audio_asset_id) {
        context.addIssue({
          code: 'custom',
          path: ['audio_url'],
          message: '`audio_url` or `audio_asset_id` is required',
        });
      } else if (type === 'silence') {
        context.addIssue({
          code: 'custom',
          path: ['type'],
          message: 'silence scenes have no HeyGen v3 equivalent; use type text or audio',
        });
      }
    });

const v2BackgroundSchema = () =>
  z.strictObject({
    type: z.enum(['color', 'image', 'video']),
    value: z.string().optional().describe('Hex colour for type color'),
    url: z.string().optional(),
    image_asset_id: z.string().optional(),
    video_asset_id: z.string().optional(),
    fit: z.string().optional(),
    play_style: z.string().optional(),
  });

type V2Character = z.infer<ReturnType<typeof v2CharacterSchema>>;
type V2Voice = z.infer<ReturnType<typeof v2VoiceSchema>>;
type V2Background = z.infer<ReturnType<typeof v2BackgroundSchema>>;

/** Legacy background → v3 (`color`/`image`); a video background has no v3 form and is rejected. */
function backgroundToNeutral(
  tool: string,
  field: string,
  background: V2Background | undefined,
): NeutralScene['background'] {
  if (!background) return undefined;
  if (background.type === 'color') return { type: 'color', value: background.value ?? '#ffffff' };
  if (background.type === 'image')
    return compact({ type: 'image' as const, url: background.url, asset_id: background.image_asset_id });
  throw new InvalidInputError(tool, [
    {
      field: `${field}.background.type`,
      expected: 'color or image',
      message: `\`${field}.background\` is a video; HeyGen v3 avatar videos take colour or image backgrounds only`,
    },
  ]);
}

/** One v2 `video_inputs[]` entry → a neutral scene, noting the cosmetics v3 drops. */
function v2SceneToNeutral(
  tool: string,
  index: number,
  scene: { character: V2Character; voice: V2Voice; background?: V2Background },
  warnings: string[],
): NeutralScene {
  const field = `video_inputs[${index}]`;
  const { character, voice } = scene;
  const dropped = (
    [
      'scale',
      'avatar_style',
      'offset',
      'circle_background_color',
      'talking_photo_style',
      'expression',
      'super_resolution',
    ] as const
  ).filter((key) => character[key] !== undefined && !(key === 'avatar_style' && character[key] === 'normal'));
  if (dropped.length > 0)
    warnings.push(`${field}.character: ${dropped.join(', ')} have no v3 field and were ignored`);
  if (voice.emotion) warnings.push(`${field}.voice.emotion has no v3 field and was ignored`);
  const voiceSettings = compact({ speed: voice.speed, pitch: voice.pitch, locale: voice.locale });
  return compact({
    field,
    // v3 takes any look id as avatar_id, photo avatars (talking photos) included.
    avatar_id: (character.type === 'talking_photo'
      ? (character.talking_photo_id ?? character.avatar_id)
      : (character.avatar_id ?? character.talking_photo_id)) as string,
    script: voice.input_text,
    voice_id: voice.voice_id,
    audio_url: voice.audio_url,
    audio_asset_id: voice.audio_asset_id,
    voice_settings: Object.keys(voiceSettings).length > 0 ? voiceSettings : undefined,
    background: backgroundToNeutral(tool, field, scene.background),
    remove_background: character.matting ? true : undefined,
    expressiveness:
      character.talking_style === 'expressive'
        ? ('high' as const)
        : character.talking_style === 'stable'
          ? ('low' as const)
          : undefined,
  });
}

const v3AspectRatios = new Set(['16:9', '9:16', '4:5', '5:4', '1:1']);

/** Title and folder cannot be set on `POST /v3/videos`; say so instead of dropping them silently. */
function noteUnsupportedVideoFields(input: { title?: string; folder_id?: string }, warnings: string[]): void {
  if (input.title)
    warnings.push('title: v3 video creation takes no title; the video keeps HeyGen’s default name');
  if (input.folder_id)
    warnings.push('folder_id: v3 video creation takes no folder; the video lands in the root');
}

/** `{video_id}` plus `status` and the warnings, when any. */
function createResult(created: JsonObject, warnings: string[]): JsonObject {
  const videoId = stringField(created, 'video_id') ?? stringField(created, 'id');
  return compact({
    video_id: videoId,
    status: stringField(created, 'status') ?? undefined,
    warnings: warnings.length > 0 ? warnings : undefined,
  });
}

/** The parsed input of `v2_video_generate`. */
export interface V2VideoGenerateInput {
  video_inputs: { character: V2Character; voice: V2Voice; background?: V2Background }[];
  dimension: { width: number; height: number };
  title?: string;
  caption?: boolean;
  callback_id?: string;
  callback_url?: string;
  folder_id?: string;
  test?: boolean;
  aspect_ratio?: string | null;
}

/**
 * `v2_video_generate` input → `video_create` input and the warnings about what v3 cannot carry. Pure, so the
 * cost estimate prices exactly what will be sent.
 */
export function translateV2VideoGenerate(input: V2VideoGenerateInput): V3VideoCreate {
  const warnings: string[] = [];
  const scenes = input.video_inputs.map((scene, index) =>
    v2SceneToNeutral('v2_video_generate', index, scene, warnings),
  );
  const size = dimensionToV3(input.dimension);
  let aspectRatio: V3AspectRatio = size.aspect_ratio;
  if (typeof input.aspect_ratio === 'string' && v3AspectRatios.has(input.aspect_ratio)) {
    aspectRatio = input.aspect_ratio as V3AspectRatio;
  } else if (!size.exact) {
    warnings.push(
      `dimension ${input.dimension.width}x${input.dimension.height} has no exact v3 aspect ratio; using ${size.aspect_ratio}`,
    );
  }
  noteUnsupportedVideoFields(input, warnings);
  if (input.test)
    warnings.push('test: v3 has no test mode; rendered a billed 720p video instead of a free preview');
  const built = buildV3VideoCreate('v2_video_generate', scenes, {
    aspect_ratio: aspectRatio,
    resolution: input.test ? '720p' : size.resolution,
    caption: input.caption,
    callback_id: input.callback_id,
    callback_url: input.callback_url,
  });
  return { input: built.input, warnings: [...warnings, ...built.warnings] };
}

/** The parsed input of `create_webm_video`. */
export interface WebmVideoInput {
  avatar_pose_id: string;
  avatar_style?: 'normal' | 'closeUp';
  input_text?: string;
  voice_id?: string;
  input_audio?: string;
  dimension?: { width: number; height: number };
}

/** `create_webm_video` input → `video_create` input (type avatar, output_format webm). */
export function translateWebmVideo(input: WebmVideoInput): V3VideoCreate {
  const warnings: string[] = [];
  if (input.avatar_style && input.avatar_style !== 'normal') {
    warnings.push(`avatar_style ${input.avatar_style} has no v3 field and was ignored`);
  }
  const size = dimensionToV3(input.dimension ?? { width: 1280, height: 720 });
  const built = buildV3VideoCreate(
    'create_webm_video',
    [
      compact({
        field: '(root)',
        avatar_id: input.avatar_pose_id,
        script: input.input_audio ? undefined : input.input_text,
        voice_id: input.input_audio ? undefined : input.voice_id,
        audio_url: input.input_audio,
      }),
    ],
    { aspect_ratio: size.aspect_ratio, resolution: size.resolution, output_format: 'webm' },
  );
  return { input: built.input, warnings: [...warnings, ...built.warnings] };
}

/** Prices a translated video with the v3 `video_create` rates (USD); 0 when the input cannot be translated. */
function estimateTranslatedVideo(translate: () => V3VideoCreate, prices: PriceTable): number {
  try {
    return pricing.video_create.estimate(translate().input, prices);
  } catch {
    return 0;
  }
}

const v2VideoGenerate = defineSeedTool({
  name: 'v2_video_generate',
  title: 'Generate avatar video (v2 compatible)',
  description:
    'Create an avatar video from v2-style `video_inputs` (character, voice, background per scene) and a ' +
    '`dimension`. Runs on HeyGen v3: one scene → avatar video, several → studio video (MP4, colour ' +
    'backgrounds). Differences: dimension maps to the nearest aspect ratio + resolution; avatar_style, scale, ' +
    'offset, emotion, title and folder_id have no v3 field (listed in `warnings`); silence scenes and video ' +
    'backgrounds are rejected; no free test mode (`test: true` renders a billed 720p video). Returns ' +
    '`video_id`; poll `retrieve_video_status` until completed or failed.',
  area: 'videos',
  endpoint: { method: 'POST', path: '/v3/videos', host: 'api', envelope: 'v3' },
  access: 'write',
  idempotent: false,
  job: legacyVideoJob,
  cost: {
    note: videoCostNote,
    estimate: (input: V2VideoGenerateInput, prices: PriceTable) =>
      estimateTranslatedVideo(() => translateV2VideoGenerate(input), prices),
  },
  portability: {
    accountScoped: [
      'video_inputs[].character.avatar_id',
      'video_inputs[].character.talking_photo_id',
      'video_inputs[].voice.voice_id',
      'video_inputs[].voice.audio_asset_id',
      'video_inputs[].background.image_asset_id',
      'folder_id',
    ],
    publicIdsPortable: true,
  },
  input: strictInput({
    video_inputs: z
      .array(
        z.strictObject({
          character: v2CharacterSchema(),
          voice: v2VoiceSchema(),
          background: v2BackgroundSchema().optional(),
        }),
      )
      .min(1)
      .max(50)
      .describe('Scenes in order (1–50)'),
    dimension: dimensionSchema().describe('Output size, e.g. {width: 1280, height: 720}'),
    title: z.string().optional().describe('Not supported by v3 (warning)'),
    caption: z.boolean().optional().describe('Burn in captions and return an SRT file'),
    callback_id: z.string().optional(),
    callback_url: z.string().optional(),
    folder_id: z.string().optional().describe('Not supported by v3 (warning)'),
    test: z.boolean().optional().describe('No free test mode in v3: true renders a billed 720p video'),
    aspect_ratio: z
      .string()
      .nullish()
      .describe('16:9, 9:16, 4:5, 5:4 or 1:1; overrides the ratio derived from dimension'),
  }),
  output: looseResult({
    video_id: z.string().nullish(),
    status: z.string().nullish(),
    warnings: z.array(z.string()).nullish(),
  }),
  implementation: {
    kind: 'composite',
    async run(input, context) {
      const translated = translateV2VideoGenerate(input);
      const created = readV3Object(await context.call('video_create', translated.input));
      return createResult(created, translated.warnings);
    },
  },
});

const createWebmVideo = defineSeedTool({
  name: 'create_webm_video',
  title: 'Create transparent WebM avatar video',
  description:
    'Render an avatar speaking text (or lip-syncing an audio URL) as a WebM with a transparent background, for ' +
    'overlaying on other footage. Runs on HeyGen v3 (avatar video, output_format webm): `avatar_pose_id` is the ' +
    'look id and the look must support background removal; `avatar_style` has no v3 field and is ignored; ' +
    '`dimension` maps to the nearest aspect ratio + resolution. Give `input_text` + `voice_id` or `input_audio`. ' +
    'Returns `video_id`; poll `retrieve_video_status`.',
  area: 'videos',
  endpoint: { method: 'POST', path: '/v3/videos', host: 'api', envelope: 'v3' },
  access: 'write',
  idempotent: false,
  job: legacyVideoJob,
  cost: {
    note: videoCostNote,
    estimate: (input: WebmVideoInput, prices: PriceTable) =>
      estimateTranslatedVideo(() => translateWebmVideo(input), prices),
  },
  portability: { accountScoped: ['avatar_pose_id', 'voice_id'], publicIdsPortable: true },
  input: lazySchema(() =>
    z
      .strictObject({
        avatar_pose_id: z.string().min(1).describe('Look id of the avatar (must support matting)'),
        avatar_style: z.enum(['normal', 'closeUp']).optional().describe('Ignored: v3 has no avatar style'),
        input_text: z.string().min(1).optional().describe('Text the avatar speaks (with voice_id)'),
        voice_id: z.string().min(1).optional(),
        input_audio: z.string().min(1).optional().describe('Public audio URL to lip-sync instead of text'),
        dimension: dimensionSchema().optional().describe('Default 1280x720'),
      })
      .superRefine((input, context) => {
        if (input.input_audio) return;
        if (!input.input_text)
          context.addIssue({
            code: 'custom',
            path: ['input_text'],
            message: '`input_text` (or `input_audio`) is required',
          });
        if (!input.voice_id)
          context.addIssue({
            code: 'custom',
            path: ['voice_id'],
            message: '`voice_id` is required with `input_text`',
          });
      }),
  ),
  output: looseResult({
    video_id: z.string().nullish(),
    status: z.string().nullish(),
    warnings: z.array(z.string()).nullish(),
  }),
  implementation: {
    kind: 'composite',
    async run(input, context) {
      const translated = translateWebmVideo(input);
      const created = readV3Object(await context.call('video_create', translated.input));
      return createResult(created, translated.warnings);
    },
  },
});

const retrieveVideoStatus = defineSeedTool({
  name: 'retrieve_video_status',
  title: 'Get video status and URLs (v1 compatible)',
  description:
    'Check a video’s rendering status and get its download URLs. Status is pending, processing, completed or ' +
    'failed (v3 never reports v1’s `waiting`); on completed, `video_url`, `thumbnail_url`, `gif_url`, ' +
    '`video_url_caption` and `caption_url` (now SRT) are set; on failed, `error {code, message}`. URLs expire ' +
    'after 7 days — call again for fresh ones. Poll every 10–30 s, renders take minutes. Runs on GET /v3/videos/{id}.',
  area: 'videos',
  endpoint: { method: 'GET', path: '/v3/videos/{video_id}', host: 'api', envelope: 'v3' },
  access: 'read',
  idempotent: true,
  portability: { accountScoped: ['video_id'] },
  input: strictInput({ video_id: z.string().min(1).describe('Id returned by a video create') }),
  output: looseResult({
    id: z.string().nullish(),
    video_id: z.string().nullish(),
    status: z.string().nullish(),
    video_url: z.string().nullish(),
    thumbnail_url: z.string().nullish(),
    video_url_caption: z.string().nullish(),
    caption_url: z.string().nullish(),
    duration: z.number().nullish(),
  }),
  implementation: {
    kind: 'composite',
    async run(input, context) {
      const video = readV3Object(await context.call('video_get', { video_id: input.video_id }));
      return toLegacyVideo(video);
    },
  },
});

const deleteVideo = defineSeedTool({
  name: 'delete_video',
  title: 'Delete a video',
  description:
    'Permanently delete a generated or translated video by id. Cannot be undone. Runs on DELETE /v3/videos/{id} ' +
    '(the id moves from the v1 query string to the path). Returns `{video_id, deleted}`.',
  area: 'videos',
  endpoint: { method: 'DELETE', path: '/v3/videos/{video_id}', host: 'api', envelope: 'v3' },
  access: 'destructive',
  idempotent: true,
  portability: { accountScoped: ['video_id'] },
  input: strictInput({ video_id: z.string().min(1) }),
  output: looseResult({ video_id: z.string().nullish(), deleted: z.boolean().nullish() }),
  implementation: {
    kind: 'composite',
    async run(input, context) {
      const deleted = readV3Object(await context.call('video_delete', { video_id: input.video_id }));
      return {
        ...deleted,
        video_id: stringField(deleted, 'id') ?? input.video_id,
        deleted: typeof deleted.deleted === 'boolean' ? deleted.deleted : true,
      };
    },
  },
});

const v1VideoList = defineSeedTool({
  name: 'v1_video_list',
  title: 'List videos (v1 compatible)',
  description:
    'List the account’s videos, newest first, one page at a time. Returns `videos[]` (video_id, status, ' +
    'video_title, created_at, type GENERATED|TRANSLATED, thumbnail_url) and `token` for the next page (null at ' +
    'the end). Runs on GET /v3/videos: limit is 1–100 (default 10); v3 has no `draft` status.',
  area: 'videos',
  endpoint: { method: 'GET', path: '/v3/videos', host: 'api', envelope: 'v3' },
  access: 'read',
  idempotent: true,
  paginated: true,
  portability: { accountScoped: ['*', 'folder_id'] },
  input: strictInput({
    limit: z.number().int().min(0).max(100).optional().describe('Videos per page (0 or omitted = 10)'),
    folder_id: z.string().optional(),
    title: z.string().optional().describe('Filter by title'),
    token: z.string().optional().describe('`token` from the previous page'),
  }),
  output: looseResult({ videos: z.array(z.looseObject({})).nullish(), token: z.string().nullish() }),
  implementation: {
    kind: 'composite',
    async run(input, context) {
      const page = readV3Page(
        await context.call(
          'video_list',
          compact({
            limit: input.limit ? input.limit : undefined,
            token: input.token,
            folder_id: input.folder_id,
            title: input.title,
          }),
        ),
      );
      return {
        videos: page.items.map((video) => {
          const legacy = toLegacyVideo(video);
          return {
            ...legacy,
            video_title: stringField(video, 'title'),
            type: stringField(video, 'output_language') ? 'TRANSLATED' : 'GENERATED',
          };
        }),
        token: page.nextToken,
      };
    },
  },
});

const retrieveSharableVideoUrl = defineLegacySeedTool({
  name: 'retrieve_sharable_video_url',
  title: 'Make a public share link for a video',
  description:
    'Make a video publicly viewable and get its share-page URL (anyone with the link can watch, no login). ' +
    'v3 cannot share an existing video (GET /v3/videos/{id} only gives an app page behind login), so this stays ' +
    'on POST /v1/video/share. Call again if the link expires. Treat as publishing.',
  area: 'videos',
  method: 'POST',
  path: '/v1/video/share',
  envelope: 'v1',
  replacement: 'none in v3; set enable_sharing on template_generate for template videos',
  access: 'write',
  idempotent: true,
  portability: { accountScoped: ['video_id'] },
  input: strictInput({ video_id: z.string().min(1) }),
  output: unknownResult(),
  request: { body: 'json' },
});

/** Seed video tools: v1/v2 create, status, list, delete and share. */
export const seedVideoTools: readonly ToolDefinition[] = [
  createWebmVideo,
  deleteVideo,
  retrieveSharableVideoUrl,
  retrieveVideoStatus,
  v1VideoList,
  v2VideoGenerate,
];
