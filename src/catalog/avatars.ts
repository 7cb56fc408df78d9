import type { ToolDefinition } from './define-tool.ts';
import { jobKinds } from './job-kinds.ts';
import { pricing } from './pricing.ts';
import { v3Tool } from './v3-tool.ts';

const area = 'avatars';

/** Tools for HeyGen v3 avatars: groups (characters) and their looks (the `avatar_id` videos use). */
export const avatars: readonly ToolDefinition[] = [
  v3Tool('avatar_create', {
    title: 'Create avatar',
    description:
      'Create an avatar look. type `photo` (file: one image), `digital_twin` (file: a video of the person) or ' +
      '`prompt` (text prompt, up to 3 reference_images); avatar_group_id adds the look to an existing group. ' +
      'Returns avatar_group and avatar_item; wait with avatar_look_wait. A private avatar needs consent ' +
      '(avatar_consent_create) before use. Costs money.',
    area,
    access: 'write',
    idempotent: false,
    idempotencyKey: true,
    job: jobKinds.avatar_look,
    portability: {
      accountScoped: ['avatar_group_id', 'avatar_id', 'file.asset_id', 'reference_images[].asset_id'],
    },
    cost: pricing.avatar_create,
  }),
  v3Tool('avatar_consent_create', {
    title: 'Start avatar consent',
    description:
      'Start the consent flow of a private avatar group (group_id) and get a URL the person must open to approve. ' +
      'Until approved the group stays pending_consent and cannot be used in videos. After approval, avatar_wait ' +
      'follows training to completed.',
    area,
    access: 'write',
    idempotent: false,
    idempotencyKey: true,
    portability: { accountScoped: ['group_id', 'consent_video.asset_id'] },
  }),
  v3Tool('avatar_get', {
    title: 'Get avatar group',
    description:
      'One avatar group (character) by group_id: name, gender, preview URLs, looks_count, default_voice_id and, ' +
      'for private avatars, training status (processing, pending_consent, completed, failed).',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: ['group_id'], publicIdsPortable: true, publicIdPaths: ['group_id'] },
  }),
  v3Tool('avatar_list', {
    title: 'List avatar groups',
    description:
      'One page of avatar groups (characters); ownership public (HeyGen library) or private (yours). Returns ' +
      'data[], has_more, next_token (limit 1-50). List a group’s looks with avatar_look_list group_id.',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: [] },
  }),
  v3Tool('avatar_delete', {
    title: 'Delete avatar group',
    description:
      'Permanently delete a private avatar group and all its looks. Public groups cannot be deleted. Cannot be undone.',
    area,
    access: 'destructive',
    idempotent: true,
    portability: { accountScoped: ['group_id'] },
  }),
  v3Tool('avatar_look_list', {
    title: 'List avatar looks',
    description:
      'One page of avatar looks, the ids video_create takes as avatar_id. Filter by group_id, avatar_type ' +
      '(studio_avatar, digital_twin, photo_avatar) and ownership (public or private). Returns data[], has_more, ' +
      'next_token (limit 1-50); supported_api_engines tells which engines a look can use.',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: ['group_id'], publicIdsPortable: true, publicIdPaths: ['group_id'] },
  }),
  v3Tool('avatar_look_get', {
    title: 'Get avatar look',
    description:
      'One avatar look by look_id (the avatar_id for videos): type, preview URLs, preferred orientation, ' +
      'supported engines, default voice and training status for private looks.',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: ['look_id'], publicIdsPortable: true, publicIdPaths: ['look_id'] },
  }),
  v3Tool('avatar_look_update', {
    title: 'Rename avatar look',
    description: 'Rename a photo-avatar or digital-twin look (look_id, name). Returns the updated look.',
    area,
    access: 'write',
    idempotent: true,
    portability: { accountScoped: ['look_id'] },
  }),
  v3Tool('avatar_look_delete', {
    title: 'Delete avatar look',
    description:
      'Permanently delete an avatar look. Deleting the last look of a group deletes the group too. Studio ' +
      'avatar looks cannot be deleted through the API.',
    area,
    access: 'destructive',
    idempotent: true,
    portability: { accountScoped: ['look_id'] },
  }),
];
