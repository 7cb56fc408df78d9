import type { AvatarGroupRecord, LookRecord } from '../account.ts';
import type { LibraryAvatarGroup, LibraryLook } from '../create-public-library.ts';
import { EmulatorError } from '../emulator-error.ts';
import { jobPhase, type Job } from '../job.ts';
import type { HandlerContext, HandlerMap } from './handler-context.ts';
import { newestFirst, resolveSource, seconds, text, v3List, wantsFailure } from './shared.ts';

type AvatarStatus = 'processing' | 'pending_consent' | 'failed' | 'completed';

/** v3 avatar status of a private group or look: pending_consent while blocked, then processing → completed|failed. */
export function avatarStatus(job: Job, now: number): AvatarStatus {
  const { state } = jobPhase(job, now);
  if (state === 'blocked') return 'pending_consent';
  if (state === 'succeeded') return 'completed';
  if (state === 'failed') return 'failed';
  return 'processing';
}

function publicGroupView(context: HandlerContext, group: LibraryAvatarGroup): Record<string, unknown> {
  return {
    id: group.id,
    name: group.name,
    created_at: group.createdAt,
    looks_count: group.looks.length,
    gender: group.gender,
    default_voice_id: group.defaultVoiceId,
    preview_image_url: context.url(`avatars/${group.id}/preview.png`),
    preview_video_url: context.url(`avatars/${group.id}/preview.mp4`),
    status: 'completed',
    consent_status: null,
    error: null,
  };
}

function privateGroupView(context: HandlerContext, group: AvatarGroupRecord): Record<string, unknown> {
  const status = avatarStatus(group.job, context.now);
  const looks = [...context.account.looks.values()].filter((look) => look.groupId === group.id);
  return {
    id: group.id,
    name: group.name,
    created_at: seconds(group.createdAt),
    looks_count: looks.length,
    gender: group.gender,
    default_voice_id: group.defaultVoiceId,
    preview_image_url: context.url(`avatars/${group.id}/preview.png`),
    preview_video_url: status === 'completed' ? context.url(`avatars/${group.id}/preview.mp4`) : null,
    status,
    consent_status: group.consentStatus,
    error: status === 'failed' ? { ...group.job.failure } : null,
  };
}

const orientationSize = { portrait: [1080, 1920], landscape: [1920, 1080], square: [1080, 1080] } as const;

function publicLookView(context: HandlerContext, look: LibraryLook): Record<string, unknown> {
  const [width, height] = orientationSize[look.orientation];
  return {
    id: look.id,
    name: look.name,
    avatar_type: 'studio_avatar',
    group_id: look.groupId,
    gender: look.gender,
    default_voice_id: look.defaultVoiceId,
    preview_image_url: context.url(`looks/${look.id}/preview.png`),
    preview_video_url: context.url(`looks/${look.id}/preview.mp4`),
    image_width: width,
    image_height: height,
    preferred_orientation: look.orientation,
    supported_api_engines: look.engines,
    tags: look.tags,
    status: 'completed',
    error: null,
  };
}

/** The v3 look object of a private look. */
export function privateLookView(context: HandlerContext, look: LookRecord): Record<string, unknown> {
  const status = avatarStatus(look.job, context.now);
  const group = context.account.avatarGroups.get(look.groupId);
  return {
    id: look.id,
    name: look.name,
    avatar_type: look.avatarType,
    group_id: look.groupId,
    gender: group?.gender ?? null,
    default_voice_id: group?.defaultVoiceId ?? null,
    preview_image_url: context.url(look.imagePath),
    preview_video_url: status === 'completed' ? context.url(`looks/${look.id}/preview.mp4`) : null,
    image_width: 1080,
    image_height: 1920,
    preferred_orientation: 'portrait',
    supported_api_engines:
      look.avatarType === 'digital_twin' ? ['avatar_iii', 'avatar_iv', 'avatar_v'] : ['avatar_iv'],
    tags: [],
    status,
    error: status === 'failed' ? { ...look.job.failure } : null,
  };
}

function findPublicLook(context: HandlerContext, id: string): LibraryLook | undefined {
  return context.core.library.looks.get(id);
}

/** What the event of a finished avatar job is called (digital twins: instant_avatar; photo/prompt: photo_avatar_generation). */
function avatarEventPrefix(type: string): string {
  return type === 'digital_twin' ? 'instant_avatar' : 'photo_avatar_generation';
}

/** Creates a private avatar group and/or look (v3 avatar create; legacy photo-avatar group create). */
export function createPrivateAvatar(
  context: HandlerContext,
  options: {
    name: string;
    type: string;
    groupId?: string | null;
    avatarType: LookRecord['avatarType'];
    blocked?: boolean;
    forceFailure?: boolean;
    gender?: string | null;
    imagePath?: string;
    talkingPhoto?: boolean;
  },
): { group: AvatarGroupRecord; look: LookRecord } {
  const { core, account } = context;
  let group = options.groupId ? account.avatarGroups.get(options.groupId) : undefined;
  if (options.groupId && !group) {
    throw EmulatorError.invalid('avatar_group_id', `Avatar group not found: ${options.groupId}`);
  }
  const eventPrefix = avatarEventPrefix(options.type);
  const job = core.startJob(account, {
    kind: 'avatar',
    credits: 0,
    render: false,
    blocked: options.blocked,
    forceFailure: options.forceFailure,
    failure: {
      code: 'training_failed',
      message: 'Avatar creation failed (simulated by the heygate emulator).',
    },
    onFinish: (succeeded) => {
      core.webhooks.emit(
        account,
        `${eventPrefix}.${succeeded ? 'success' : 'fail'}`,
        succeeded
          ? { avatar_id: look.id, avatar_group_id: look.groupId, avatar_name: look.name }
          : { avatar_id: look.id, avatar_group_id: look.groupId, message: look.job.failure.message },
        { entityId: look.groupId },
      );
    },
  });
  if (!group) {
    group = {
      id: core.newId(),
      name: options.name,
      createdAt: context.now,
      type: options.type,
      gender: options.gender ?? null,
      job,
      consentStatus: options.blocked ? 'pending' : null,
      defaultVoiceId: null,
      trainJob: null,
    };
    account.avatarGroups.set(group.id, group);
  }
  const lookId = core.newId();
  const look: LookRecord = {
    id: lookId,
    groupId: group.id,
    name: options.name,
    createdAt: context.now,
    avatarType: options.avatarType,
    job,
    imagePath: options.imagePath ?? `looks/${lookId}/image.png`,
    isMotion: false,
    motionJob: null,
    upscaleJob: null,
    talkingPhoto: options.talkingPhoto ?? false,
  };
  account.looks.set(look.id, look);
  return { group, look };
}

function requirePrivateGroup(context: HandlerContext, id: string): AvatarGroupRecord {
  const group = context.account.avatarGroups.get(id);
  if (!group) throw EmulatorError.notFound('Avatar group', id);
  return group;
}

/** Approves a pending digital-twin consent: the group's blocked jobs start. */
export function approveConsent(
  context: Pick<HandlerContext, 'core' | 'account'>,
  group: AvatarGroupRecord,
): void {
  group.consentStatus = 'approved';
  context.core.resumeJob(group.job);
  for (const look of context.account.looks.values()) {
    if (look.groupId === group.id) context.core.resumeJob(look.job);
  }
}

/** Handlers of the v3 avatar endpoints. */
export const avatarHandlers: HandlerMap = {
  avatar_create(context) {
    const input = context.input;
    if (input.type === 'prompt') {
      for (const [index, image] of ((input.reference_images ?? []) as unknown[]).entries()) {
        resolveSource(context, image, `reference_images[${index}]`);
      }
      if (
        input.avatar_id &&
        !findPublicLook(context, input.avatar_id) &&
        !context.account.looks.has(input.avatar_id)
      ) {
        throw EmulatorError.invalid('avatar_id', `Avatar not found: ${input.avatar_id}`);
      }
    } else {
      resolveSource(context, input.file, 'file');
    }
    const digitalTwin = input.type === 'digital_twin';
    const { group, look } = createPrivateAvatar(context, {
      name: input.name,
      type: input.type,
      groupId: text(input.avatar_group_id),
      avatarType: digitalTwin ? 'digital_twin' : 'photo_avatar',
      // HeyGen holds a digital twin until the person in the footage consents (POST /v3/avatars/{id}/consent).
      blocked: digitalTwin,
      forceFailure: wantsFailure(context, input.name, input.prompt),
    });
    return {
      data: { avatar_group: privateGroupView(context, group), avatar_item: privateLookView(context, look) },
    };
  },

  avatar_consent_create(context) {
    const group = requirePrivateGroup(context, context.input.group_id);
    if (group.type !== 'digital_twin' || group.consentStatus === null) {
      throw EmulatorError.invalid(
        'group_id',
        'This avatar group does not need consent (only digital twins do).',
      );
    }
    let url: string | null = null;
    if (context.input.consent_video) {
      resolveSource(context, context.input.consent_video, 'consent_video');
      approveConsent(context, group);
    } else if (group.consentStatus !== 'approved') {
      // Without a recording HeyGen returns a page for the person to record consent; opening it approves here.
      url = `${context.origin}/emulator/consent/${group.id}`;
    }
    return { data: { avatar_group: privateGroupView(context, group), url } };
  },

  avatar_get(context) {
    const id = context.input.group_id;
    const group = context.account.avatarGroups.get(id);
    if (group) return { data: privateGroupView(context, group) };
    const publicGroup = context.core.library.avatarGroups.find((candidate) => candidate.id === id);
    if (publicGroup) return { data: publicGroupView(context, publicGroup) };
    throw EmulatorError.notFound('Avatar group', id);
  },

  avatar_list(context) {
    const ownership = context.input.ownership as string | undefined;
    const views: Record<string, unknown>[] = [];
    if (ownership !== 'public') {
      for (const group of newestFirst(context.account.avatarGroups.values()))
        views.push(privateGroupView(context, group));
    }
    if (ownership !== 'private') {
      for (const group of context.core.library.avatarGroups) views.push(publicGroupView(context, group));
    }
    return v3List(views, context.input, { limit: 20, max: 50 });
  },

  avatar_delete(context) {
    const group = requirePrivateGroup(context, context.input.group_id);
    for (const look of [...context.account.looks.values()]) {
      if (look.groupId === group.id) context.account.looks.delete(look.id);
    }
    context.account.avatarGroups.delete(group.id);
    return { data: { id: group.id } };
  },

  avatar_look_get(context) {
    const id = context.input.look_id;
    const own = context.account.looks.get(id);
    if (own) return { data: privateLookView(context, own) };
    const look = findPublicLook(context, id);
    if (look) return { data: publicLookView(context, look) };
    throw EmulatorError.notFound('Avatar look', id);
  },

  avatar_look_list(context) {
    const {
      group_id: groupId,
      avatar_type: avatarType,
      ownership,
    } = context.input as Record<string, string | undefined>;
    const views: Record<string, unknown>[] = [];
    if (ownership !== 'public') {
      for (const look of newestFirst(context.account.looks.values())) {
        if (groupId && look.groupId !== groupId) continue;
        if (avatarType && look.avatarType !== avatarType) continue;
        views.push(privateLookView(context, look));
      }
    }
    if (ownership !== 'private' && (!avatarType || avatarType === 'studio_avatar')) {
      for (const group of context.core.library.avatarGroups) {
        if (groupId && group.id !== groupId) continue;
        for (const look of group.looks) views.push(publicLookView(context, look));
      }
    }
    return v3List(views, context.input, { limit: 20, max: 50 });
  },

  avatar_look_update(context) {
    const id = context.input.look_id;
    const own = context.account.looks.get(id);
    if (!own) {
      if (findPublicLook(context, id)) {
        throw new EmulatorError({
          status: 403,
          code: 'forbidden',
          message: 'Public avatar looks cannot be modified.',
        });
      }
      throw EmulatorError.notFound('Avatar look', id);
    }
    if (typeof context.input.name === 'string') own.name = context.input.name;
    return { data: privateLookView(context, own) };
  },

  avatar_look_delete(context) {
    const id = context.input.look_id;
    if (!context.account.looks.delete(id)) throw EmulatorError.notFound('Avatar look', id);
    return { data: { id } };
  },
};
