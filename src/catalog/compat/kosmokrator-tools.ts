import { z } from 'zod';
import type { ToolDefinition } from '../define-tool.ts';
import type { PriceTable } from '../price-table.ts';
import { pricing } from '../pricing.ts';
import { defineKosmokratorTools, looseResult, strictInput } from './define-seed-tool.ts';
import { accountBalance } from './account-balance.ts';
import { toLegacyAvatar } from './avatar-mapping.ts';
import { collectPages, drainMaxPages } from './collect-pages.ts';
import { collectAllVoices } from './seed-voice-tools.ts';
import {
  buildV3VideoCreate,
  dimensionToV3,
  toLegacyVideo,
  type NeutralScene,
  type V3VideoCreate,
} from './video-mapping.ts';
import { compact, readV3Object, stringField, type JsonObject } from './v3-result.ts';

/**
 * The 7 functions of the KosmoKrator HeyGen integration (`app.integrations.heygen.*`), with the parameters
 * and result shapes its Lua reference documents. The result of each tool IS the table a Lua script receives,
 * so every result keeps the `data` wrapper the scripts index into (`result.data.videos[i].video_id`).
 * Fields the scripts concatenate (`..`) are always strings or numbers, never nil, because concatenating nil
 * is a Lua error.
 */

/** Offset paging reads v3 pages of this size (the v3 maximum for videos and templates). */
const offsetPageSize = 100;

/** Largest `offset` accepted: reaching it costs offset/100 + 1 v3 calls. */
const maxOffset = 5000;

/**
 * Pages to allow for `offset + limit` items: one per 100, plus slack because HeyGen may return short pages
 * before the end of a list.
 */
function offsetPages(offset: number, limit: number): number {
  return Math.ceil((offset + limit) / offsetPageSize) + 2;
}

const pagingInput = (noun: string) => ({
  limit: z
    .number()
    .int()
    .min(1)
    .max(100)
    .optional()
    .describe(`Maximum ${noun} to return (default 10, max 100)`),
  offset: z
    .number()
    .int()
    .min(0)
    .max(maxOffset)
    .optional()
    .describe(`Number of ${noun} to skip (default 0; costs one HeyGen call per 100 skipped)`),
});

const offsetCostNote =
  'HeyGen v3 has no offset: the first `offset` items are read and skipped here, one v3 call per 100 items ' +
  `(offset + limit), so large offsets are slow and use rate limit; offset is capped at ${maxOffset}.`;

const dataResult = (shape: z.ZodRawShape) => looseResult({ data: z.looseObject(shape) });

const listVideos = defineKosmokratorTools({
  name: 'list_videos',
  title: 'List videos',
  description:
    'List generated videos, newest first. Returns `data.videos[]` with video_id, status (pending, processing, ' +
    'completed, failed), video_title, created_at, thumbnail_url and video_url, plus `data.has_more`. Page with ' +
    `\`limit\` (default 10, max 100) and \`offset\`. ${offsetCostNote} Next: get_video for one video.`,
  area: 'videos',
  endpoint: { method: 'GET', path: '/v3/videos', host: 'api', envelope: 'v3' },
  access: 'read',
  idempotent: true,
  portability: { accountScoped: ['*'] },
  input: strictInput(pagingInput('videos')),
  output: dataResult({ videos: z.array(z.looseObject({})).nullish(), has_more: z.boolean().nullish() }),
  implementation: {
    kind: 'composite',
    async run(input, context) {
      const limit: number = input.limit ?? 10;
      const offset: number = input.offset ?? 0;
      const pages = await collectPages(context, {
        tool: 'video_list',
        pageSize: offsetPageSize,
        maxPages: offsetPages(offset, limit),
        skip: offset,
        take: limit,
      });
      return {
        data: {
          videos: pages.items.map((video) => ({
            ...toLegacyVideo(video),
            video_id: stringField(video, 'id') ?? stringField(video, 'video_id') ?? '',
            video_title: stringField(video, 'title') ?? '',
          })),
          limit,
          offset,
          has_more: pages.hasMore,
        },
      };
    },
  },
});

const getVideo = defineKosmokratorTools({
  name: 'get_video',
  title: 'Get a video',
  description:
    'Get one video’s status and details: `data.status` is pending, processing, completed or failed; when ' +
    'completed, `data.video_url` (download, valid 7 days — call again for a fresh one) and ' +
    '`data.thumbnail_url` are set; when failed, `data.error.message` says why. Poll every 10–30 s after create_video.',
  area: 'videos',
  endpoint: { method: 'GET', path: '/v3/videos/{video_id}', host: 'api', envelope: 'v3' },
  access: 'read',
  idempotent: true,
  portability: { accountScoped: ['video_id'] },
  input: strictInput({ video_id: z.string().min(1).describe('The unique identifier of the video') }),
  output: dataResult({
    video_id: z.string().nullish(),
    status: z.string().nullish(),
    video_url: z.string().nullish(),
  }),
  implementation: {
    kind: 'composite',
    async run(input, context) {
      return {
        data: toLegacyVideo(readV3Object(await context.call('video_get', { video_id: input.video_id }))),
      };
    },
  },
});

const sceneSchema = () =>
  z.strictObject({
    character: z.strictObject({
      avatar_id: z.string().min(1).describe('Avatar (look) id from list_avatars'),
      voice_id: z.string().min(1).describe('Voice id from list_voices'),
      type: z.enum(['avatar', 'talking_photo']).optional().describe('Informational; any look id works'),
    }),
    script: z.string().min(1).describe('What the avatar says in this scene'),
    voice_settings: z
      .strictObject({
        speed: z.number().min(0.5).max(2).optional().describe('Default 1.0'),
        pitch: z.number().min(-50).max(50).optional(),
        volume: z.number().min(0).max(2).optional(),
        locale: z.string().optional().describe('Accent, e.g. en-US'),
        stability: z
          .number()
          .min(0)
          .max(1)
          .optional()
          .describe('Accepted but ignored: no engine-neutral v3 field'),
      })
      .optional(),
    background: z
      .strictObject({
        type: z.enum(['color', 'image']),
        value: z.string().optional().describe('Hex colour for type color, e.g. #ffffff'),
        url: z.string().optional().describe('Image URL for type image (single-scene videos only)'),
        asset_id: z.string().optional().describe('Image asset id for type image'),
      })
      .optional(),
  });

type KosmokratorScene = z.infer<ReturnType<typeof sceneSchema>>;

/** The parsed input of `create_video`. */
export interface CreateVideoInput {
  video_inputs: KosmokratorScene[];
  dimension?: { width: number; height: number };
  test?: boolean;
}

/**
 * `create_video` input → `video_create` input plus warnings. KosmoKrator scenes put the voice on the
 * character (`character.voice_id`) and the text in `script`; v3 takes both on the avatar (or studio scene).
 */
export function translateCreateVideo(input: CreateVideoInput): V3VideoCreate {
  const warnings: string[] = [];
  const scenes = input.video_inputs.map((scene, index): NeutralScene => {
    const settings = scene.voice_settings;
    if (settings?.stability !== undefined) {
      warnings.push(
        `video_inputs[${index}].voice_settings.stability has no engine-neutral v3 field and was ignored`,
      );
    }
    const voiceSettings = settings
      ? compact({
          speed: settings.speed,
          pitch: settings.pitch,
          volume: settings.volume,
          locale: settings.locale,
        })
      : {};
    const background = scene.background;
    return compact({
      field: `video_inputs[${index}]`,
      avatar_id: scene.character.avatar_id,
      voice_id: scene.character.voice_id,
      script: scene.script,
      voice_settings: Object.keys(voiceSettings).length > 0 ? voiceSettings : undefined,
      background: !background
        ? undefined
        : background.type === 'color'
          ? { type: 'color' as const, value: background.value ?? '#ffffff' }
          : compact({ type: 'image' as const, url: background.url, asset_id: background.asset_id }),
    });
  });
  const dimension = input.dimension ?? { width: 1920, height: 1080 };
  const size = dimensionToV3(dimension);
  if (!size.exact) {
    warnings.push(
      `dimension ${dimension.width}x${dimension.height} has no exact v3 aspect ratio; using ${size.aspect_ratio}`,
    );
  }
  if (input.test)
    warnings.push('test: HeyGen v3 has no test mode; this is a real, billed video rendered at 720p');
  const built = buildV3VideoCreate('create_video', scenes, {
    aspect_ratio: size.aspect_ratio,
    resolution: input.test ? '720p' : size.resolution,
  });
  return { input: built.input, warnings: [...warnings, ...built.warnings] };
}

const createVideo = defineKosmokratorTools({
  name: 'create_video',
  title: 'Create an avatar video',
  description:
    'Generate an AI avatar video. Each `video_inputs` entry is a scene: {character = {avatar_id, voice_id}, ' +
    'script, voice_settings = {speed}, background}. One scene renders as an avatar video, several as a ' +
    'multi-scene video (colour backgrounds only). `dimension` (default 1920x1080) maps to the nearest v3 aspect ' +
    'ratio and resolution. HeyGen v3 has no free test mode: `test = true` still renders a real, billed video, ' +
    'at 720p (the cheapest tier), and says so in `data.warnings`. Returns `data.video_id`; poll get_video ' +
    'until status is completed.',
  area: 'videos',
  endpoint: { method: 'POST', path: '/v3/videos', host: 'api', envelope: 'v3' },
  access: 'write',
  idempotent: false,
  job: {
    kind: 'video',
    statusTool: 'get_video',
    idField: 'video_id',
    resultIdPath: 'data.video_id',
    statusField: 'data.status',
    success: ['completed'],
    failure: ['failed'],
    typicalSeconds: 300,
  },
  cost: {
    note: `Billed like video_create (estimate in USD, API wallet). ${pricing.video_create.note} \`test: true\` is not free on v3.`,
    estimate: (input: CreateVideoInput, prices: PriceTable) => {
      try {
        return pricing.video_create.estimate(translateCreateVideo(input).input, prices);
      } catch {
        return 0;
      }
    },
  },
  portability: {
    accountScoped: [
      'video_inputs[].character.avatar_id',
      'video_inputs[].character.voice_id',
      'video_inputs[].background.asset_id',
    ],
    publicIdsPortable: true,
  },
  input: strictInput({
    video_inputs: z.array(sceneSchema()).min(1).max(50).describe('Scenes in order (1–50)'),
    dimension: z
      .strictObject({ width: z.number().int().positive(), height: z.number().int().positive() })
      .optional()
      .describe('Video size, e.g. {width = 1920, height = 1080} (default)'),
    test: z.boolean().optional().describe('No free test mode in v3: true still renders a billed 720p video'),
  }),
  output: dataResult({ video_id: z.string().nullish(), warnings: z.array(z.string()).nullish() }),
  implementation: {
    kind: 'composite',
    async run(input, context) {
      const translated = translateCreateVideo(input);
      const created = readV3Object(await context.call('video_create', translated.input));
      return {
        data: compact({
          video_id: stringField(created, 'video_id') ?? stringField(created, 'id'),
          status: stringField(created, 'status') ?? undefined,
          warnings: translated.warnings.length > 0 ? translated.warnings : undefined,
        }),
      };
    },
  },
});

const listAvatars = defineKosmokratorTools({
  name: 'list_avatars',
  title: 'List avatars',
  description:
    'List the talking avatars this account can use (its own and HeyGen’s public ones): `data.avatars[]` with ' +
    'avatar_id, avatar_name, gender, preview_image_url, preview_video_url and avatar_type. Use avatar_id in ' +
    `create_video. Reads up to ${drainMaxPages} HeyGen pages of 50 looks; \`data.has_more\` is true when the ` +
    'list was cut there (use avatar_look_list with filters for the rest).',
  area: 'avatars',
  endpoint: { method: 'GET', path: '/v3/avatars/looks', host: 'api', envelope: 'v3' },
  access: 'read',
  idempotent: true,
  portability: { accountScoped: [] },
  input: strictInput({}),
  output: dataResult({ avatars: z.array(z.looseObject({})).nullish() }),
  implementation: {
    kind: 'composite',
    async run(_input, context) {
      const pages = await collectPages(context, {
        tool: 'avatar_look_list',
        pageSize: 50,
        maxPages: drainMaxPages,
      });
      return {
        data: {
          avatars: pages.items.map((look) => {
            const avatar = toLegacyAvatar(look);
            const id = stringField(avatar, 'avatar_id') ?? '';
            return { ...avatar, avatar_id: id, avatar_name: stringField(avatar, 'avatar_name') ?? id };
          }),
          has_more: pages.hasMore,
        },
      };
    },
  },
});

const listVoices = defineKosmokratorTools({
  name: 'list_voices',
  title: 'List voices',
  description:
    'List the voices available for videos (the account’s own clones, then HeyGen’s public library): ' +
    '`data.voices[]` with voice_id, display_name, language, gender and preview_audio_url. Use voice_id in ' +
    `create_video. Reads up to ${drainMaxPages} HeyGen pages of 100 per list; \`data.has_more\` is true when ` +
    'the public list was cut there (use voice_list with language/gender filters).',
  area: 'voices',
  endpoint: { method: 'GET', path: '/v3/voices', host: 'api', envelope: 'v3' },
  access: 'read',
  idempotent: true,
  portability: { accountScoped: [] },
  input: strictInput({}),
  output: dataResult({ voices: z.array(z.looseObject({})).nullish() }),
  implementation: {
    kind: 'composite',
    async run(_input, context) {
      const collected = await collectAllVoices(context);
      return {
        data: {
          voices: collected.voices.map((voice) => {
            const id = stringField(voice, 'voice_id') ?? '';
            return {
              ...voice,
              voice_id: id,
              display_name: stringField(voice, 'name') ?? id,
              language: stringField(voice, 'language') ?? 'unknown',
              gender: stringField(voice, 'gender'),
              preview_audio_url: stringField(voice, 'preview_audio_url'),
            };
          }),
          has_more: collected.hasMore,
        },
      };
    },
  },
});

const getCurrentUser = defineKosmokratorTools({
  name: 'get_current_user',
  title: 'Get the current HeyGen account',
  description:
    'Get the account’s details: `data.username`, `data.email`, names, `data.plan` (subscription plan, or the ' +
    'billing type for wallet / usage-based accounts) and `data.remaining_quota` — the remaining balance in ' +
    '`data.remaining_quota_unit` (credits, or usd for a dollar wallet; the string "unknown" when HeyGen reports ' +
    'none). Runs on GET /v3/users/me.',
  area: 'users',
  endpoint: { method: 'GET', path: '/v3/users/me', host: 'api', envelope: 'v3' },
  access: 'read',
  idempotent: true,
  portability: { accountScoped: ['*'] },
  input: strictInput({}),
  output: dataResult({
    plan: z.string().nullish(),
    remaining_quota: z.union([z.number(), z.string()]).nullish(),
    remaining_quota_unit: z.string().nullish(),
  }),
  implementation: {
    kind: 'composite',
    async run(_input, context) {
      const user: JsonObject = readV3Object(await context.call('user_me_get', {}));
      const balance = accountBalance(user);
      return {
        data: {
          ...user,
          plan: balance.plan ?? balance.billingType ?? 'unknown',
          billing_type: balance.billingType,
          remaining_quota: balance.amount ?? 'unknown',
          remaining_quota_unit: balance.unit ?? 'unknown',
        },
      };
    },
  },
});

const listTemplates = defineKosmokratorTools({
  name: 'list_templates',
  title: 'List video templates',
  description:
    'List the account’s video templates: `data.templates[]` with template_id, name, thumbnail_image_url and ' +
    `aspect_ratio, plus \`data.has_more\`. Page with \`limit\` (default 10, max 100) and \`offset\`. ${offsetCostNote}`,
  area: 'templates',
  endpoint: { method: 'GET', path: '/v3/templates', host: 'api', envelope: 'v3' },
  access: 'read',
  idempotent: true,
  portability: { accountScoped: ['*'] },
  input: strictInput(pagingInput('templates')),
  output: dataResult({ templates: z.array(z.looseObject({})).nullish(), has_more: z.boolean().nullish() }),
  implementation: {
    kind: 'composite',
    async run(input, context) {
      const limit: number = input.limit ?? 10;
      const offset: number = input.offset ?? 0;
      const pages = await collectPages(context, {
        tool: 'template_list',
        pageSize: offsetPageSize,
        maxPages: offsetPages(offset, limit),
        skip: offset,
        take: limit,
      });
      return {
        data: {
          templates: pages.items.map((template) => {
            const id = stringField(template, 'id') ?? '';
            return {
              ...template,
              template_id: id,
              name: stringField(template, 'name') ?? id,
              thumbnail_image_url: stringField(template, 'thumbnail_url'),
            };
          }),
          limit,
          offset,
          has_more: pages.hasMore,
        },
      };
    },
  },
});

/** The KosmoKrator functions, each under its name and with the `heygen_` prefix (14 tools). */
export const kosmokratorTools: readonly ToolDefinition[] = [
  ...listVideos,
  ...getVideo,
  ...createVideo,
  ...listAvatars,
  ...listVoices,
  ...getCurrentUser,
  ...listTemplates,
];
