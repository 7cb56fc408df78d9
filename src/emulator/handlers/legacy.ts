import type { FolderRecord, KnowledgeBaseRecord, LookRecord, StreamingSessionRecord } from '../account.ts';
import { EmulatorError } from '../emulator-error.ts';
import { jobPhase } from '../job.ts';
import { storeAsset, readFileInput } from './assets.ts';
import { createPrivateAvatar } from './avatars.ts';
import type { HandlerContext, HandlerMap } from './handler-context.ts';
import { legacyPage, newestFirst, seconds, text, wantsFailure } from './shared.ts';
import { videoPageUrl } from './video-records.ts';

/**
 * Handlers of the v1/v2 endpoints the seed tools still call (those with no v3 equivalent: folders, photo-avatar
 * motion/upscale, talking-photo upload, Interactive Avatar streaming and knowledge bases, personalized video,
 * share links, voice locales). The pipeline wraps their data in the v1 `{code:100, data}` or v2
 * `{error:null, data}` envelope the catalog names for each.
 */

function folderView(folder: FolderRecord): Record<string, unknown> {
  return {
    id: folder.id,
    name: folder.name,
    parent_id: folder.parentId,
    project_type: folder.projectType,
    created_ts: seconds(folder.createdAt),
    trash: folder.trashed,
  };
}

function requireFolderRecord(context: HandlerContext, id: string): FolderRecord {
  const folder = context.account.folders.get(id);
  if (!folder) throw EmulatorError.notFound('Folder', id);
  return folder;
}

function requirePhotoLook(context: HandlerContext, id: string): LookRecord {
  const look = context.account.looks.get(id);
  if (!look) throw EmulatorError.notFound('Photo avatar', id);
  return look;
}

function requireSession(context: HandlerContext, id: string): StreamingSessionRecord {
  const session = context.account.streamingSessions.get(id);
  if (!session) throw EmulatorError.notFound('Streaming session', id);
  return session;
}

function requireOpenSession(context: HandlerContext, id: string): StreamingSessionRecord {
  const session = requireSession(context, id);
  if (session.status === 'closed') throw EmulatorError.invalid('session_id', `Session ${id} is closed.`);
  return session;
}

function requireKnowledgeBase(context: HandlerContext, id: string): KnowledgeBaseRecord {
  const knowledgeBase = context.account.knowledgeBases.get(id);
  if (!knowledgeBase) throw EmulatorError.notFound('Knowledge base', id);
  return knowledgeBase;
}

function knowledgeBaseView(knowledgeBase: KnowledgeBaseRecord): Record<string, unknown> {
  return {
    id: knowledgeBase.id,
    name: knowledgeBase.name,
    opening: knowledgeBase.opening,
    prompt: knowledgeBase.prompt,
    created_at: seconds(knowledgeBase.createdAt),
  };
}

const fakeSdp = 'v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=heygate-emulator\r\nt=0 0\r\n';

/** Opens an Interactive Avatar session (no media flows: LiveKit/WebRTC is not emulated). */
function openSession(context: HandlerContext): Record<string, unknown> {
  const input = context.input;
  const library = context.core.library;
  const avatarId = text(input.avatar_id) ?? (library.streamingAvatarIds[0] as string);
  if (!library.streamingAvatarIds.includes(avatarId) && !context.account.looks.has(avatarId)) {
    throw EmulatorError.invalid(
      'avatar_id',
      `Not an interactive avatar: ${avatarId}. See /v1/streaming/avatar.list.`,
    );
  }
  if (input.knowledge_base_id) requireKnowledgeBase(context, input.knowledge_base_id);
  const session: StreamingSessionRecord = {
    id: context.core.newId(),
    createdAt: context.now,
    avatarId,
    quality: input.quality ?? 'medium',
    status: 'new',
    tasks: 0,
    closedAt: null,
  };
  context.account.streamingSessions.set(session.id, session);
  return {
    session_id: session.id,
    sdp: { type: 'offer', sdp: fakeSdp },
    access_token: `emulator-livekit-${session.id}`,
    url: 'wss://livekit.emulator.invalid',
    ice_servers2: [],
    realtime_endpoint: `wss://realtime.emulator.invalid/${session.id}`,
    session_duration_limit: 600,
    is_paid: true,
  };
}

/** Handlers of the legacy (v1/v2) endpoints, keyed by seed tool name. */
export const legacyHandlers: HandlerMap = {
  create_folder(context) {
    const parentId = text(context.input.parent_id);
    if (parentId) requireFolderRecord(context, parentId);
    const folder: FolderRecord = {
      id: context.core.newId(),
      name: context.input.name,
      parentId,
      projectType: context.input.project_type ?? 'video',
      createdAt: context.now,
      trashed: false,
    };
    context.account.folders.set(folder.id, folder);
    return { data: folderView(folder) };
  },

  list_folders(context) {
    const { parent_id: parentId, name_filter: nameFilter } = context.input as Record<
      string,
      string | undefined
    >;
    const trashed = context.input.is_trash === true;
    const folders = newestFirst(context.account.folders.values()).filter(
      (folder) =>
        folder.trashed === trashed &&
        (!parentId || folder.parentId === parentId) &&
        (!nameFilter || folder.name.toLowerCase().includes(nameFilter.toLowerCase())),
    );
    const page = legacyPage(folders, context.input);
    return { data: { folders: page.items.map(folderView), total: folders.length, token: page.token } };
  },

  update_folder(context) {
    const folder = requireFolderRecord(context, context.input.folder_id);
    folder.name = context.input.name;
    return { data: folderView(folder) };
  },

  trash_folder(context) {
    requireFolderRecord(context, context.input.folder_id).trashed = true;
    return { data: null };
  },

  restore_folder(context) {
    requireFolderRecord(context, context.input.folder_id).trashed = false;
    return { data: null };
  },

  add_motion_to_photo_avatar(context) {
    const { core, account } = context;
    const source = requirePhotoLook(context, context.input.id);
    if (jobPhase(source.job, context.now).state !== 'succeeded') {
      throw EmulatorError.invalid('id', `Photo avatar ${source.id} is not ready yet.`);
    }
    const motionId = core.newId();
    const job = core.startJob(account, {
      kind: 'photo_avatar_motion',
      credits: 0,
      render: false,
      forceFailure: wantsFailure(context, context.input.prompt),
      failure: {
        code: 'motion_failed',
        message: 'Adding motion failed (simulated by the heygate emulator).',
      },
      onFinish: (succeeded) => {
        core.webhooks.emit(
          account,
          succeeded ? 'photo_avatar_add_motion.success' : 'photo_avatar_add_motion.fail',
          succeeded
            ? { id: motion.id, source_id: source.id }
            : { id: motion.id, message: motion.job.failure.message },
          { entityId: motion.id },
        );
      },
    });
    const motion: LookRecord = {
      ...source,
      id: motionId,
      name: `${source.name} (motion)`,
      createdAt: context.now,
      job,
      isMotion: true,
      motionJob: job,
      upscaleJob: null,
    };
    account.looks.set(motionId, motion);
    return { data: { id: motionId } };
  },

  upscale_avatar(context) {
    const look = requirePhotoLook(context, context.input.id);
    look.upscaleJob = context.core.startJob(context.account, {
      kind: 'photo_avatar_upscale',
      credits: 0,
      render: false,
    });
    return { data: { id: look.id } };
  },

  upload_talking_photo(context) {
    const file = readFileInput(context.input.file, 'file');
    if (file.contentType !== 'image/jpeg' && file.contentType !== 'image/png') {
      throw EmulatorError.invalid('Content-Type', 'Talking photos must be image/jpeg or image/png.');
    }
    const asset = storeAsset(context, file);
    const { look } = createPrivateAvatar(context, {
      name: file.filename ?? 'Talking photo',
      type: 'photo',
      avatarType: 'photo_avatar',
      imagePath: asset.mediaPath,
      talkingPhoto: true,
    });
    // Talking photos are usable as soon as they are uploaded.
    look.job.durationMs = 0;
    return { data: { talking_photo_id: look.id, talking_photo_url: context.url(asset.mediaPath) } };
  },

  streaming_create_token(context) {
    const expiry = typeof context.input.expiry === 'number' ? context.input.expiry : 3600;
    const token = `${context.core.newId()}${context.core.newId()}`;
    context.core.streamingTokens.set(token, {
      key: context.account.key,
      expiresAt: context.now + expiry * 1000,
    });
    return { data: { token } };
  },

  streaming_new(context) {
    return { data: openSession(context) };
  },

  streaming_ice(context) {
    const session = requireOpenSession(context, context.input.session_id);
    if (session.status === 'new') session.status = 'connecting';
    return { data: null };
  },

  streaming_interrupt(context) {
    requireOpenSession(context, context.input.session_id);
    return { data: null };
  },

  keep_alive_streaming_session(context) {
    requireOpenSession(context, context.input.session_id);
    return { data: null };
  },

  streaming_list(context) {
    const sessions = newestFirst(context.account.streamingSessions.values())
      .filter((session) => session.status !== 'closed')
      .map((session) => ({
        session_id: session.id,
        status: session.status,
        created_at: seconds(session.createdAt),
      }));
    return { data: { sessions } };
  },

  list_sessions_history(context) {
    const page = Math.max(1, Number(context.input.page ?? 1));
    const pageSize = Math.min(100, Math.max(1, Number(context.input.page_size ?? 10)));
    const all = newestFirst(context.account.streamingSessions.values());
    const items = all.slice((page - 1) * pageSize, page * pageSize).map((session) => ({
      session_id: session.id,
      avatar_id: session.avatarId,
      status: session.status,
      created_at: seconds(session.createdAt),
      duration: Math.round(((session.closedAt ?? context.now) - session.createdAt) / 1000),
    }));
    const hasMore = page * pageSize < all.length;
    return {
      data: {
        sessions: items,
        total: all.length,
        page,
        page_size: pageSize,
        next_pagination_token: hasMore ? String(page + 1) : null,
      },
    };
  },

  list_streaming_avatars(context) {
    const library = context.core.library;
    return {
      data: library.streamingAvatarIds.map((id) => {
        const look = library.looks.get(id);
        return {
          avatar_id: id,
          pose_name: look?.name ?? id,
          status: 'ACTIVE',
          is_public: true,
          default_voice: look?.defaultVoiceId ?? null,
          normal_preview: context.url(`looks/${id}/preview.png`),
          created_at: 1_704_672_000,
        };
      }),
    };
  },

  create_knowledge_base(context) {
    const knowledgeBase: KnowledgeBaseRecord = {
      id: context.core.newId(),
      name: context.input.name,
      opening: context.input.opening ?? '',
      prompt: context.input.prompt ?? '',
      createdAt: context.now,
    };
    context.account.knowledgeBases.set(knowledgeBase.id, knowledgeBase);
    return { data: knowledgeBaseView(knowledgeBase) };
  },

  list_knowledge_bases(context) {
    return { data: { list: newestFirst(context.account.knowledgeBases.values()).map(knowledgeBaseView) } };
  },

  update_knowledge_base(context) {
    const knowledgeBase = requireKnowledgeBase(context, context.input.knowledge_base_id);
    for (const field of ['name', 'opening', 'prompt'] as const) {
      if (typeof context.input[field] === 'string') knowledgeBase[field] = context.input[field];
    }
    return { data: knowledgeBaseView(knowledgeBase) };
  },

  delete_knowledge_base(context) {
    const knowledgeBase = requireKnowledgeBase(context, context.input.knowledge_base_id);
    context.account.knowledgeBases.delete(knowledgeBase.id);
    return { data: null };
  },

  personalized_video_add_contact(context) {
    const project = context.account.personalizedProjects.get(context.input.project_id);
    if (!project) throw EmulatorError.notFound('Personalized video project', context.input.project_id);
    const added = (context.input.variables_list as Record<string, unknown>[]).map((variables) => {
      const contact = { id: context.core.newId(), variables, videoId: null };
      project.contacts.push(contact);
      return contact.id;
    });
    return { data: { project_id: project.id, contact_ids: added, added: added.length } };
  },

  personalized_video_project_detail(context) {
    const project = context.account.personalizedProjects.get(context.input.id);
    if (!project) throw EmulatorError.notFound('Personalized video project', context.input.id);
    return {
      data: {
        id: project.id,
        name: project.name,
        status: 'active',
        created_at: project.createdAt,
        contact_count: project.contacts.length,
        contacts: project.contacts.map((contact) => ({
          id: contact.id,
          variables: contact.variables,
          video_id: contact.videoId,
        })),
      },
    };
  },

  retrieve_sharable_video_url(context) {
    const video = context.account.videos.get(context.input.video_id);
    if (!video) throw EmulatorError.notFound('Video', context.input.video_id, 40104);
    video.shared = true;
    // HeyGen answers the share link itself as `data` (a string).
    return { data: videoPageUrl(context.origin, video.id) };
  },

  list_voice_locales(context) {
    const seen = new Map<string, Record<string, unknown>>();
    for (const voice of context.core.library.voices) {
      if (seen.has(voice.locale)) continue;
      seen.set(voice.locale, {
        value: voice.locale,
        label: `${voice.language} (${voice.locale})`,
        language: voice.language,
        tag: voice.locale,
        locale: voice.locale,
        language_code: voice.locale.split('-')[0],
      });
    }
    return { data: { locales: [...seen.values()] } };
  },
};
