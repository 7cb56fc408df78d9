import { z } from 'zod';
import type { ToolDefinition } from '../define-tool.ts';
import { defineSeedTool, looseResult, strictInput } from './define-seed-tool.ts';
import { toLegacyAvatar, toLegacyAvatarGroup, toLegacyPhotoAvatarStatus } from './avatar-mapping.ts';
import { collectPages, decodeResumeToken, drainMaxPages, encodeResumeToken } from './collect-pages.ts';
import { compact, readV3Object, stringField } from './v3-result.ts';

/**
 * Seed tools that list and read avatars and avatar groups. v2 returned whole lists in one answer; v3 pages
 * (at most 50 groups or looks per page), so these tools read several pages per call up to a cap.
 */

const looksEndpoint = { method: 'GET', path: '/v3/avatars/looks', host: 'api', envelope: 'v3' } as const;
const groupsEndpoint = { method: 'GET', path: '/v3/avatars', host: 'api', envelope: 'v3' } as const;
const continuation = () => z.string().optional().describe('`next_token` of an earlier, truncated answer');
const drainNote = `reads up to ${drainMaxPages} pages of 50 per call; when more remain, \`has_more\` is true and \`next_token\` continues via \`token\``;

const listAllAvatarGroups = defineSeedTool({
  name: 'list_all_avatar_groups',
  title: 'List avatar groups',
  description:
    'List avatar groups (an avatar and its looks): the account’s own, plus HeyGen’s public ones with ' +
    '`include_public: true`. Returns `avatar_group_list` (id, name, num_looks, preview_image, train_status) and ' +
    `\`total_count\` (groups returned). Runs on GET /v3/avatars and ${drainNote}. Next: ` +
    '`list_avatars_in_avatar_group` for the looks (their ids are the avatar_id for videos).',
  area: 'avatars',
  endpoint: groupsEndpoint,
  access: 'read',
  idempotent: true,
  portability: { accountScoped: [] },
  input: strictInput({
    include_public: z.boolean().optional().describe('Also list public groups (default false)'),
    token: continuation(),
  }),
  output: looseResult({
    total_count: z.number().nullish(),
    avatar_group_list: z.array(z.looseObject({})).nullish(),
    has_more: z.boolean().nullish(),
  }),
  implementation: {
    kind: 'composite',
    async run(input, context) {
      // v3: no ownership filter = own + public groups; `private` = the account's own (v2 include_public=false).
      const pages = await collectPages(context, {
        tool: 'avatar_list',
        input: input.include_public ? {} : { ownership: 'private' },
        pageSize: 50,
        maxPages: drainMaxPages,
        token: input.token,
      });
      return {
        total_count: pages.items.length,
        avatar_group_list: pages.items.map(toLegacyAvatarGroup),
        has_more: pages.hasMore,
        next_token: pages.nextToken,
      };
    },
  },
});

const listAvatarsInAvatarGroup = defineSeedTool({
  name: 'list_avatars_in_avatar_group',
  title: 'List the looks of an avatar group',
  description:
    'List the avatars (looks) of one avatar group: `avatar_list` with avatar_id, avatar_name, preview URLs, ' +
    'avatar_type and status. Use avatar_id in video creates. Runs on GET /v3/avatars/looks?group_id= and ' +
    `${drainNote}. v3 does not expose is_motion / upscale flags.`,
  area: 'avatars',
  endpoint: looksEndpoint,
  access: 'read',
  idempotent: true,
  portability: { accountScoped: ['group_id'] },
  input: strictInput({ group_id: z.string().min(1), token: continuation() }),
  output: looseResult({ avatar_list: z.array(z.looseObject({})).nullish(), has_more: z.boolean().nullish() }),
  implementation: {
    kind: 'composite',
    async run(input, context) {
      const pages = await collectPages(context, {
        tool: 'avatar_look_list',
        input: { group_id: input.group_id },
        pageSize: 50,
        maxPages: drainMaxPages,
        token: input.token,
      });
      return {
        avatar_list: pages.items.map((look) => ({
          ...toLegacyAvatar(look),
          status: toLegacyPhotoAvatarStatus(look.status),
        })),
        has_more: pages.hasMore,
        next_token: pages.nextToken,
      };
    },
  },
});

const retrieveAvatarDetails = defineSeedTool({
  name: 'retrieve_avatar_details',
  title: 'Get avatar details',
  description:
    'Get one avatar by avatar_id: name, gender, preview image/video URLs, default_voice_id, tags, avatar_type ' +
    'and the engines it supports. Runs on GET /v3/avatars/looks/{look_id} (v2 avatar ids are v3 look ids); ' +
    'v2’s premium/is_public flags are gone (null).',
  area: 'avatars',
  endpoint: { method: 'GET', path: '/v3/avatars/looks/{look_id}', host: 'api', envelope: 'v3' },
  access: 'read',
  idempotent: true,
  portability: { accountScoped: ['avatar_id'], publicIdsPortable: true },
  input: strictInput({ avatar_id: z.string().min(1) }),
  output: looseResult({ avatar_id: z.string().nullish(), avatar_name: z.string().nullish() }),
  implementation: {
    kind: 'composite',
    async run(input, context) {
      const look = readV3Object(await context.call('avatar_look_get', { look_id: input.avatar_id }));
      return {
        ...toLegacyAvatar(look),
        type: 'avatar',
        id: stringField(look, 'id') ?? input.avatar_id,
        name: stringField(look, 'name'),
        default_voice_id: stringField(look, 'default_voice_id'),
        premium: null,
        is_public: null,
      };
    },
  },
});

const searchPublicAvatarGroups = defineSeedTool({
  name: 'search_public_avatar_groups',
  title: 'Search public avatar groups',
  description:
    'Find HeyGen’s public avatar groups, optionally by name (case-insensitive substring), page by page. Returns ' +
    '`avatar_group_list`, `has_more` and `next_token` (pass as `token`). HeyGen has no search endpoint: this ' +
    'walks GET /v3/avatars?ownership=public (up to ' +
    `${drainMaxPages} pages of 50 per call) and filters by name here; tag search is not available — read ` +
    '`tags` on looks from `list_avatars_in_avatar_group`.',
  area: 'avatars',
  endpoint: groupsEndpoint,
  access: 'read',
  idempotent: true,
  paginated: true,
  portability: { accountScoped: [] },
  input: strictInput({
    name: z.string().optional().describe('Part of the group name to match'),
    limit: z.number().int().min(1).max(50).optional().describe('Groups to return (default 20)'),
    token: z.string().optional().describe('`next_token` of the previous answer'),
  }),
  output: looseResult({
    avatar_group_list: z.array(z.looseObject({})).nullish(),
    has_more: z.boolean().nullish(),
    next_token: z.string().nullish(),
  }),
  implementation: {
    kind: 'composite',
    async run(input, context) {
      const needle = typeof input.name === 'string' ? input.name.trim().toLowerCase() : '';
      const start = input.token ? decodeResumeToken(input.token) : { token: null, skip: 0 };
      const pages = await collectPages(context, {
        tool: 'avatar_list',
        input: { ownership: 'public' },
        pageSize: 50,
        maxPages: drainMaxPages,
        take: input.limit ?? 20,
        skip: start.skip,
        token: start.token ?? undefined,
        filter: needle
          ? (group) => (stringField(group, 'name') ?? '').toLowerCase().includes(needle)
          : undefined,
      });
      return {
        avatar_group_list: pages.items.map(toLegacyAvatarGroup),
        has_more: pages.hasMore,
        // Our own cursor: it can point into the middle of a v3 page, where the name filter stopped.
        next_token: pages.resume ? encodeResumeToken(pages.resume) : null,
      };
    },
  },
});

const v1AvatarList = defineSeedTool({
  name: 'v1_avatar_list',
  title: 'List avatars (v1 compatible)',
  description:
    'List the avatars this account can use in videos (its own and HeyGen’s public ones): `avatars[]` with ' +
    'avatar_id, avatar_name, gender and preview URLs. Runs on GET /v3/avatars/looks (look ids are avatar ids) ' +
    `and ${drainNote}. For filters (group, type, ownership) use avatar_look_list directly.`,
  area: 'avatars',
  endpoint: looksEndpoint,
  access: 'read',
  idempotent: true,
  portability: { accountScoped: [] },
  input: strictInput({ token: continuation() }),
  output: looseResult({ avatars: z.array(z.looseObject({})).nullish(), has_more: z.boolean().nullish() }),
  implementation: {
    kind: 'composite',
    async run(input, context) {
      const pages = await collectPages(context, {
        tool: 'avatar_look_list',
        input: {},
        pageSize: 50,
        maxPages: drainMaxPages,
        token: input.token,
      });
      return compact({
        avatars: pages.items.map(toLegacyAvatar),
        has_more: pages.hasMore,
        next_token: pages.nextToken,
      });
    },
  },
});

/** Seed tools that list and read avatars and avatar groups. */
export const seedAvatarTools: readonly ToolDefinition[] = [
  listAllAvatarGroups,
  listAvatarsInAvatarGroup,
  retrieveAvatarDetails,
  searchPublicAvatarGroups,
  v1AvatarList,
];
