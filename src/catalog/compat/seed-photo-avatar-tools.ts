import { z } from 'zod';
import type { CompositeContext, JobKind, ToolDefinition } from '../define-tool.ts';
import type { PriceTable } from '../price-table.ts';
import { pricing } from '../pricing.ts';
import { fileInput } from '../schemas.ts';
import { defineLegacySeedTool, defineSeedTool, looseResult, strictInput } from './define-seed-tool.ts';
import {
  imageKeyToV3File,
  photoAvatarPrompt,
  toLegacyGenerationStatus,
  toLegacyPhotoAvatar,
  toLegacyPhotoAvatarStatus,
  toLegacyTrainingStatus,
} from './avatar-mapping.ts';
import { collectPages, drainMaxPages } from './collect-pages.ts';
import { isJsonObject, numberField, readV3Object, stringField, type JsonObject } from './v3-result.ts';

/**
 * Seed tools for photo avatars (v2 `/v2/photo_avatar/*`, talking photos). In v3 a photo avatar is an avatar
 * group with looks (`POST /v3/avatars` type `photo` or `prompt`); look ids are what videos take as avatar_id.
 */

/** Legacy motion/upscale return a new photo avatar id, polled with `get_photo_avatar_details`. */
const photoAvatarJob: JobKind = {
  kind: 'photo_avatar',
  statusTool: 'get_photo_avatar_details',
  idField: 'id',
  resultIdPath: 'id',
  statusField: 'status',
  success: ['completed'],
  failure: ['failed'],
  typicalSeconds: 120,
};

/** A generated look (v3 `type: prompt`), polled with `check_photo_look_generation_status`. */
const photoGenerationJob: JobKind = {
  kind: 'photo_generation',
  statusTool: 'check_photo_look_generation_status',
  idField: 'generation_id',
  resultIdPath: 'generation_id',
  statusField: 'status',
  success: ['success'],
  failure: ['failed'],
  typicalSeconds: 60,
};

/** A new photo avatar group processes (v3 `processing → completed`), polled with `get_training_job_status`. */
const photoGroupJob: JobKind = {
  kind: 'photo_avatar_group',
  statusTool: 'get_training_job_status',
  idField: 'group_id',
  resultIdPath: 'group_id',
  statusField: 'status',
  success: ['ready'],
  failure: ['failed'],
  typicalSeconds: 120,
};

/** v3 bills each photo avatar / look creation (`POST /v3/avatars`). */
const avatarCreateCost = {
  note: `Billed like avatar_create, per image. ${pricing.avatar_create.note}`,
} as const;

const avatarCreateEndpoint = { method: 'POST', path: '/v3/avatars', host: 'api', envelope: 'v3' } as const;
const lookEndpoint = (method: 'GET' | 'DELETE') =>
  ({ method, path: '/v3/avatars/looks/{look_id}', host: 'api', envelope: 'v3' }) as const;

/** The `avatar_group` and `avatar_item` of a `POST /v3/avatars` answer. */
function readCreatedAvatar(result: unknown): { group: JsonObject; item: JsonObject } {
  const created = readV3Object(result);
  return {
    group: isJsonObject(created.avatar_group) ? created.avatar_group : {},
    item: isJsonObject(created.avatar_item) ? created.avatar_item : {},
  };
}

/** A short description of a failed call for partial results (never the API key: errors carry none). */
function describeError(error: unknown): { code: string; message: string } {
  const record = isJsonObject(error) ? error : {};
  return {
    code: typeof record.code === 'string' ? record.code : 'error',
    message: error instanceof Error ? error.message : String(error),
  };
}

const addLooksToPhotoAvatarGroup = defineSeedTool({
  name: 'add_looks_to_photo_avatar_group',
  title: 'Add looks to a photo avatar group',
  description:
    'Add up to 4 images as new looks of an existing photo avatar group. Each image key may be an asset id from ' +
    '`upload_asset`, an image URL, or a legacy key (`image/<id>/original`). Runs on HeyGen v3, one ' +
    '`POST /v3/avatars` (type photo) per image; `generation_id` has no v3 counterpart and is ignored. Returns ' +
    '`photo_avatar_list` (one look per image: id, image_url, status) and `failed` for images HeyGen refused ' +
    'after the first succeeded. Use the look ids as avatar_id in videos once status is completed.',
  area: 'avatars',
  endpoint: avatarCreateEndpoint,
  access: 'write',
  idempotent: false,
  cost: {
    ...avatarCreateCost,
    estimate: (input: { image_keys?: unknown[] }, prices: PriceTable) =>
      (input.image_keys?.length ?? 1) * pricing.avatar_create.estimate({ type: 'photo' }, prices),
  },
  portability: { accountScoped: ['group_id', 'image_keys[]', 'generation_id'] },
  input: strictInput({
    group_id: z.string().min(1).describe('Photo avatar group to add to'),
    image_keys: z
      .array(z.string().min(1))
      .min(1)
      .max(4)
      .describe('1–4 asset ids, image URLs or legacy image keys'),
    name: z.string().min(1).describe('Name for the new looks'),
    generation_id: z.string().optional().describe('Ignored: v3 has no generations'),
  }),
  output: looseResult({
    photo_avatar_list: z.array(z.looseObject({})).nullish(),
    failed: z.array(z.looseObject({})).nullish(),
  }),
  implementation: {
    kind: 'composite',
    async run(input, context) {
      const looks: JsonObject[] = [];
      const failed: JsonObject[] = [];
      for (const key of input.image_keys as string[]) {
        try {
          const { item } = readCreatedAvatar(
            await context.call('avatar_create', {
              type: 'photo',
              name: input.name,
              avatar_group_id: input.group_id,
              file: imageKeyToV3File(key),
            }),
          );
          looks.push({
            ...toLegacyPhotoAvatar(item),
            group_id: stringField(item, 'group_id') ?? input.group_id,
          });
        } catch (error) {
          // Nothing created yet: fail as the single legacy call did, so a retry starts clean. Once a look
          // exists, keep going and report which images failed instead of hiding the looks already made.
          if (looks.length === 0) throw error;
          failed.push({ image_key: key, ...describeError(error) });
        }
      }
      return failed.length > 0 ? { photo_avatar_list: looks, failed } : { photo_avatar_list: looks };
    },
  },
});

const createPhotoAvatarGroup = defineSeedTool({
  name: 'create_photo_avatar_group',
  title: 'Create a photo avatar group',
  description:
    'Create a photo avatar (a group with its first look) from one image: an asset id from `upload_asset`, an ' +
    'image URL, or a legacy image key / a preview URL from `check_photo_look_generation_status`. Runs on ' +
    'HeyGen v3 (`POST /v3/avatars` type photo); v3 trains automatically, so there is no separate train call and ' +
    '`generation_id` is ignored. Returns `group_id` and `id` (the look id to use as avatar_id); poll ' +
    '`get_training_job_status` until status is ready, then add more looks with `add_looks_to_photo_avatar_group`.',
  area: 'avatars',
  endpoint: avatarCreateEndpoint,
  access: 'write',
  idempotent: false,
  job: photoGroupJob,
  cost: {
    ...avatarCreateCost,
    estimate: (_input: unknown, prices: PriceTable) =>
      pricing.avatar_create.estimate({ type: 'photo' }, prices),
  },
  portability: { accountScoped: ['image_key', 'generation_id'] },
  input: strictInput({
    name: z.string().min(1),
    image_key: z.string().min(1).describe('Asset id, image URL or legacy image key'),
    generation_id: z.string().optional().describe('Ignored: v3 has no generations'),
  }),
  output: looseResult({
    id: z.string().nullish(),
    group_id: z.string().nullish(),
    status: z.string().nullish(),
  }),
  implementation: {
    kind: 'composite',
    async run(input, context) {
      const { group, item } = readCreatedAvatar(
        await context.call('avatar_create', {
          type: 'photo',
          name: input.name,
          file: imageKeyToV3File(input.image_key),
        }),
      );
      const groupId = stringField(group, 'id') ?? stringField(item, 'group_id');
      return {
        ...toLegacyPhotoAvatar(item),
        id: stringField(item, 'id'),
        look_id: stringField(item, 'id'),
        group_id: groupId,
        name: stringField(group, 'name') ?? stringField(item, 'name') ?? input.name,
        status: toLegacyPhotoAvatarStatus(group.status ?? item.status),
        created_at: numberField(group, 'created_at') ?? numberField(item, 'created_at'),
      };
    },
  },
});

const photoAttribute = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values);

const generatePhotoAvatarPhotos = defineSeedTool({
  name: 'generate_photo_avatar_photos',
  title: 'Generate an AI photo avatar',
  description:
    'Generate an AI photo avatar from attributes (age, gender, ethnicity, orientation, pose, style) and a ' +
    'free-text appearance. Runs on HeyGen v3 (`POST /v3/avatars` type prompt): the attributes are written into ' +
    'one prompt, and v3 makes one look directly instead of v2’s four candidate photos. Returns `generation_id` ' +
    '(the new look id); poll `check_photo_look_generation_status` until status is success. The look is usable as ' +
    'avatar_id at once; `create_photo_avatar_group` is not needed.',
  area: 'avatars',
  endpoint: avatarCreateEndpoint,
  access: 'write',
  idempotent: false,
  job: photoGenerationJob,
  cost: {
    ...avatarCreateCost,
    estimate: (_input: unknown, prices: PriceTable) =>
      pricing.avatar_create.estimate({ type: 'prompt' }, prices),
  },
  portability: { accountScoped: [] },
  input: strictInput({
    name: z.string().min(1),
    age: photoAttribute(['Young Adult', 'Early Middle Age', 'Late Middle Age', 'Senior', 'Unspecified']),
    gender: photoAttribute(['Woman', 'Man', 'Unspecified']),
    ethnicity: photoAttribute([
      'White',
      'Black',
      'Asian American',
      'East Asian',
      'South East Asian',
      'South Asian',
      'Middle Eastern',
      'Pacific',
      'Hispanic',
      'Unspecified',
    ]),
    orientation: photoAttribute(['square', 'horizontal', 'vertical']),
    pose: photoAttribute(['half_body', 'close_up', 'full_body']),
    style: photoAttribute(['Realistic', 'Pixar', 'Cinematic', 'Vintage', 'Noir', 'Cyberpunk', 'Unspecified']),
    appearance: z.string().min(1).max(1000).describe('Free-text description of the person (max 1000 chars)'),
  }),
  output: looseResult({ generation_id: z.string().nullish(), group_id: z.string().nullish() }),
  implementation: {
    kind: 'composite',
    async run(input, context) {
      const { group, item } = readCreatedAvatar(
        await context.call('avatar_create', {
          type: 'prompt',
          name: input.name,
          prompt: photoAvatarPrompt(input),
        }),
      );
      return {
        generation_id: stringField(item, 'id'),
        group_id: stringField(group, 'id') ?? stringField(item, 'group_id'),
        status: toLegacyGenerationStatus(item.status),
      };
    },
  },
});

const checkPhotoLookGenerationStatus = defineSeedTool({
  name: 'check_photo_look_generation_status',
  title: 'Check photo/look generation status',
  description:
    'Check an AI photo generation started with `generate_photo_avatar_photos`. Status is pending, processing, ' +
    'success or failed (v3 `pending_consent` reads as pending). On success, `image_url_list` and ' +
    '`image_key_list` hold the single v3 preview (v3 makes one image, not four); the key can be passed to ' +
    '`create_photo_avatar_group`, though the generated look is already usable as avatar_id. Runs on ' +
    'GET /v3/avatars/looks/{look_id}.',
  area: 'avatars',
  endpoint: lookEndpoint('GET'),
  access: 'read',
  idempotent: true,
  portability: { accountScoped: ['generation_id'] },
  input: strictInput({ generation_id: z.string().min(1) }),
  output: looseResult({
    id: z.string().nullish(),
    status: z.string().nullish(),
    msg: z.string().nullish(),
    image_url_list: z.array(z.string()).nullish(),
    image_key_list: z.array(z.string()).nullish(),
  }),
  implementation: {
    kind: 'composite',
    async run(input, context) {
      const look = readV3Object(await context.call('avatar_look_get', { look_id: input.generation_id }));
      const preview = stringField(look, 'preview_image_url');
      const status = toLegacyGenerationStatus(look.status);
      const error = isJsonObject(look.error) ? look.error : undefined;
      return {
        id: stringField(look, 'id') ?? input.generation_id,
        status,
        msg: stringField(error, 'message'),
        image_url_list: status === 'success' && preview ? [preview] : [],
        image_key_list: status === 'success' && preview ? [preview] : [],
      };
    },
  },
});

const getTrainingJobStatus = defineSeedTool({
  name: 'get_training_job_status',
  title: 'Get photo avatar training status',
  description:
    'Check whether a photo avatar group is ready. Status is pending, training, ready or failed (from the v3 ' +
    'group status: processing → training, completed → ready, pending_consent → pending until consent is given). ' +
    '`error_msg` explains a failure. Runs on GET /v3/avatars/{group_id}; v3 has no separate training job.',
  area: 'avatars',
  endpoint: { method: 'GET', path: '/v3/avatars/{group_id}', host: 'api', envelope: 'v3' },
  access: 'read',
  idempotent: true,
  portability: { accountScoped: ['group_id'] },
  input: strictInput({ group_id: z.string().min(1) }),
  output: looseResult({
    status: z.string().nullish(),
    error_msg: z.string().nullish(),
    created_at: z.number().nullish(),
  }),
  implementation: {
    kind: 'composite',
    async run(input, context) {
      const group = readV3Object(await context.call('avatar_get', { group_id: input.group_id }));
      const error = isJsonObject(group.error) ? group.error : undefined;
      return {
        status: toLegacyTrainingStatus(group.status),
        error_msg: stringField(error, 'message'),
        created_at: numberField(group, 'created_at'),
        updated_at: null,
        group_id: stringField(group, 'id') ?? input.group_id,
        consent_status: stringField(group, 'consent_status'),
      };
    },
  },
});

const getPhotoAvatarDetails = defineSeedTool({
  name: 'get_photo_avatar_details',
  title: 'Get photo avatar details',
  description:
    'Get one photo avatar (look) by id: name, group_id, image_url, status (pending, completed or failed). Also ' +
    'used to poll `add_motion_to_photo_avatar` and `upscale_avatar`. Runs on GET /v3/avatars/looks/{look_id}; ' +
    'v3 does not expose motion/upscale flags (is_motion and upscaled come back null).',
  area: 'avatars',
  endpoint: lookEndpoint('GET'),
  access: 'read',
  idempotent: true,
  portability: { accountScoped: ['id'] },
  input: strictInput({ id: z.string().min(1).describe('Photo avatar (look) id') }),
  output: looseResult({
    id: z.string().nullish(),
    status: z.string().nullish(),
    image_url: z.string().nullish(),
  }),
  implementation: {
    kind: 'composite',
    async run(input, context) {
      return toLegacyPhotoAvatar(readV3Object(await context.call('avatar_look_get', { look_id: input.id })));
    },
  },
});

/** Builds a delete carried on `avatar_look_delete` (photo avatars and talking photos are v3 looks). */
function lookDelete(name: string, idField: string, title: string, description: string): ToolDefinition {
  return defineSeedTool({
    name,
    title,
    description,
    area: 'avatars',
    endpoint: lookEndpoint('DELETE'),
    access: 'destructive',
    idempotent: true,
    portability: { accountScoped: [idField] },
    input: strictInput({ [idField]: z.string().min(1) }),
    output: looseResult({ id: z.string().nullish(), deleted: z.boolean().nullish() }),
    implementation: {
      kind: 'composite',
      async run(input, context: CompositeContext) {
        const deleted = readV3Object(await context.call('avatar_look_delete', { look_id: input[idField] }));
        return { ...deleted, id: stringField(deleted, 'id') ?? input[idField], deleted: true };
      },
    },
  });
}

const deletePhotoAvatar = lookDelete(
  'delete_photo_avatar',
  'avatar_id',
  'Delete a photo avatar',
  'Permanently delete one photo avatar (look) by id; its group and other looks stay. Runs on ' +
    'DELETE /v3/avatars/looks/{look_id} (photo avatar ids are v3 look ids). Returns `{id, deleted}`.',
);

const v2TalkingPhotoIdDelete = lookDelete(
  'v2_talking_photo_id_delete',
  'id',
  'Delete a talking photo',
  'Permanently delete a talking photo by id. Runs on DELETE /v3/avatars/looks/{look_id}: talking photos ' +
    'surface in v3 as private photo-avatar looks; an id that is not a v3 look gives not_found. Returns ' +
    '`{id, deleted}`.',
);

const deletePhotoAvatarGroup = defineSeedTool({
  name: 'delete_photo_avatar_group',
  title: 'Delete a photo avatar group',
  description:
    'Permanently delete a photo avatar group and all its looks. Runs on DELETE /v3/avatars/{group_id}. ' +
    'Returns `{id, deleted}`.',
  area: 'avatars',
  endpoint: { method: 'DELETE', path: '/v3/avatars/{group_id}', host: 'api', envelope: 'v3' },
  access: 'destructive',
  idempotent: true,
  portability: { accountScoped: ['group_id'] },
  input: strictInput({ group_id: z.string().min(1) }),
  output: looseResult({ id: z.string().nullish(), deleted: z.boolean().nullish() }),
  implementation: {
    kind: 'composite',
    async run(input, context) {
      const deleted = readV3Object(await context.call('avatar_delete', { group_id: input.group_id }));
      return { ...deleted, id: stringField(deleted, 'id') ?? input.group_id, deleted: true };
    },
  },
});

const v1TalkingPhotoList = defineSeedTool({
  name: 'v1_talking_photo_list',
  title: 'List talking photos (v1 compatible)',
  description:
    'List the account’s talking photos (private photo avatars): `list[]` with id, image_url and name. Runs on ' +
    `GET /v3/avatars/looks (avatar_type photo_avatar, ownership private), reading up to ${drainMaxPages} pages ` +
    'of 50 in one call; when more remain, `has_more` is true and `next_token` continues via `token`. ' +
    'circle_image is not produced by v3 (null).',
  area: 'avatars',
  endpoint: { method: 'GET', path: '/v3/avatars/looks', host: 'api', envelope: 'v3' },
  access: 'read',
  idempotent: true,
  portability: { accountScoped: [] },
  input: strictInput({
    token: z.string().optional().describe('`next_token` of an earlier, truncated answer'),
  }),
  output: looseResult({ list: z.array(z.looseObject({})).nullish(), has_more: z.boolean().nullish() }),
  implementation: {
    kind: 'composite',
    async run(input, context) {
      const pages = await collectPages(context, {
        tool: 'avatar_look_list',
        input: { avatar_type: 'photo_avatar', ownership: 'private' },
        pageSize: 50,
        maxPages: drainMaxPages,
        token: input.token,
      });
      return {
        list: pages.items.map((look) => ({ ...toLegacyPhotoAvatar(look), circle_image: null })),
        has_more: pages.hasMore,
        next_token: pages.nextToken,
      };
    },
  },
});

const addMotionToPhotoAvatar = defineLegacySeedTool({
  name: 'add_motion_to_photo_avatar',
  title: 'Add motion to a photo avatar',
  description:
    'Turn a still photo avatar into a moving one. Returns the `id` of a NEW motion avatar; poll ' +
    '`get_photo_avatar_details` with it until status is completed. v3 has no standalone motion step: it asks ' +
    'for motion per render (`motion_prompt`/`expressiveness` on video_create with a photo-avatar look).',
  area: 'avatars',
  method: 'POST',
  path: '/v2/photo_avatar/add_motion',
  envelope: 'v2',
  replacement: 'video_create with motion_prompt / expressiveness on a photo-avatar look',
  access: 'write',
  idempotent: false,
  job: photoAvatarJob,
  // The motion avatar is a new look in the source look's group (v2 photo avatars carry `group_id`), listed by v3.
  newItemIn: {
    list: 'avatar_look_list',
    read: 'avatar_look_get',
    from: 'id',
    as: 'look_id',
    scope: 'group_id',
  },
  cost: { note: 'Generates a motion avatar; HeyGen charges credits.' },
  portability: { accountScoped: ['id'] },
  input: strictInput({
    id: z.string().min(1).describe('Photo avatar (look) id'),
    prompt: z.string().optional().describe('How the avatar should move'),
    motion_type: z.string().optional(),
  }),
  output: looseResult({ id: z.string().nullish() }),
  request: { body: 'json' },
});

const upscaleAvatar = defineLegacySeedTool({
  name: 'upscale_avatar',
  title: 'Upscale a motion photo avatar',
  description:
    'Raise the resolution of a motion photo avatar (run `add_motion_to_photo_avatar` first; only motion looks ' +
    'can be upscaled). Returns the `id` of the upscaled avatar; poll `get_photo_avatar_details`. v3 has no ' +
    'upscale step: choose resolution 1080p or 4k on video_create instead.',
  area: 'avatars',
  method: 'POST',
  path: '/v2/photo_avatar/upscale',
  envelope: 'v2',
  replacement: 'video_create with resolution 1080p or 4k',
  access: 'write',
  idempotent: false,
  job: photoAvatarJob,
  cost: { note: 'Upscales an avatar; HeyGen charges credits.' },
  portability: { accountScoped: ['id'] },
  input: strictInput({ id: z.string().min(1).describe('Motion photo avatar id') }),
  output: looseResult({ id: z.string().nullish() }),
  request: { body: 'json' },
});

const uploadTalkingPhoto = defineLegacySeedTool({
  name: 'upload_talking_photo',
  title: 'Upload a talking photo',
  description:
    'Upload a JPEG or PNG portrait as a talking photo and get `talking_photo_id` (usable as a talking_photo_id / ' +
    'avatar_id in videos) and `talking_photo_url`. Sends the raw image bytes to upload.heygen.com; give ' +
    '`file.content_type` image/jpeg or image/png (or a .jpg/.png filename). v3 has no talking-photo upload — ' +
    'its replacement is a photo avatar (`create_photo_avatar_group` or avatar_create type photo), which also ' +
    'processes and may need consent before use.',
  area: 'avatars',
  method: 'POST',
  path: '/v1/talking_photo',
  host: 'upload',
  envelope: 'v1',
  replacement: 'avatar_create with type photo (or create_photo_avatar_group)',
  access: 'write',
  idempotent: false,
  portability: { accountScoped: [] },
  input: strictInput({ file: fileInput.describe('The JPEG or PNG image') }),
  output: looseResult({ talking_photo_id: z.string().nullish(), talking_photo_url: z.string().nullish() }),
  request: { body: 'raw', fileField: 'file' },
});

/** Seed tools for photo avatars and talking photos. */
export const seedPhotoAvatarTools: readonly ToolDefinition[] = [
  addLooksToPhotoAvatarGroup,
  addMotionToPhotoAvatar,
  checkPhotoLookGenerationStatus,
  createPhotoAvatarGroup,
  deletePhotoAvatar,
  deletePhotoAvatarGroup,
  generatePhotoAvatarPhotos,
  getPhotoAvatarDetails,
  getTrainingJobStatus,
  upscaleAvatar,
  uploadTalkingPhoto,
  v1TalkingPhotoList,
  v2TalkingPhotoIdDelete,
];
