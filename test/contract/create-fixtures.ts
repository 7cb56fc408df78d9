import type { ToolDefinition } from '../../src/catalog/index.ts';
import { getTool } from '../../src/catalog/index.ts';
import { defaultMediaFile } from '../../src/emulator/media-files.ts';
import type { HeyGenClient } from '../../src/heygen/index.ts';
import type { StartedEmulator } from '../../src/test/emulator.ts';
import type { FieldRequest } from './generate-input.ts';
import { readPath } from './read-path.ts';

/**
 * Fixture resolvers of the generated contract suite: real resources made through the client on the emulator
 * (a completed video, an uploaded image, a finished translation, …), keyed by the input field that needs
 * them. Shared fixtures are made once per emulator (memoised); a tool that deletes or ends what it is given
 * (`access: 'destructive'`, or one of {@link consumingTools}) gets a fresh one, so no other tool's fixture
 * disappears under it.
 */

/** Options of {@link createFixtures}. */
export interface FixturesOptions {
  started: StartedEmulator;
  client: HeyGenClient;
}

/** What the input generator asks for one field of one tool. */
export interface FixtureRequest extends FieldRequest {
  tool: ToolDefinition;
}

/** The fixtures of one emulator. */
export interface Fixtures {
  /** A value for the field (an id, URL, file, text), or `undefined` to let the generator build one. */
  resolve(request: FixtureRequest): Promise<unknown>;
  /** The id a job-starting tool's result names, once the job finished (used by the semantic checks). */
  finish(tool: ToolDefinition, data: unknown): Promise<string | undefined>;
}

/**
 * Write tools that end the resource they are given although HeyGen does not call them destructive: they
 * get a fresh fixture like deletes do.
 */
const consumingTools: ReadonlySet<string> = new Set(['video_agent_stop', 'trash_folder', 'restore_folder']);

function base64Of(extension: string): { base64: string; content_type: string } {
  const file = defaultMediaFile(extension);
  if (!file) throw new Error(`the emulator has no default .${extension} file`);
  return { base64: Buffer.from(file.bytes).toString('base64'), content_type: file.contentType };
}

/** Kinds of media a URL or file field wants, judged from its path. */
type MediaKind = 'image' | 'video' | 'audio' | 'srt';

function mediaKindOf(request: FixtureRequest): MediaKind {
  const path = request.path.toLowerCase();
  if (/srt|caption/.test(path)) return 'srt';
  if (/audio|voice/.test(path)) return 'audio';
  if (/image|photo|background|reference/.test(path)) return 'image';
  if (request.tool.name === 'avatar_create') return 'image';
  if (/talking_photo|photo/.test(request.tool.name)) return 'image';
  return 'video';
}

/** A webhook receiver URL: not loopback, so the offline emulator records deliveries as skipped. */
const webhookUrl = 'https://hooks.example.test/heygate-contract';

/** Creates the fixture resolvers of one emulator. */
export function createFixtures(options: FixturesOptions): Fixtures {
  const { started, client } = options;
  const library = started.emulator.inspect.library();
  const memo = new Map<string, Promise<any>>();

  const call = async (name: string, input: Record<string, unknown>): Promise<any> =>
    (await client.call(name, input)).data;

  /** Waits for the job a tool started and returns its id. */
  const finish = async (tool: ToolDefinition, data: unknown): Promise<string | undefined> => {
    if (!tool.job) return undefined;
    const found = readPath(data, tool.job.resultIdPath);
    const id = Array.isArray(found) ? found[0] : found;
    if (typeof id !== 'string') return undefined;
    await client.waitFor(tool.job, id);
    return id;
  };

  /** Calls a job-starting tool, waits for its job and returns the id. */
  const start = async (name: string, input: Record<string, unknown>): Promise<string> => {
    const tool = getTool(name);
    const data = await call(name, input);
    const id = await finish(tool, data);
    if (!id) throw new Error(`${name} returned no job id at ${tool.job?.resultIdPath}`);
    return id;
  };

  /** Memoised unless `fresh`. */
  const once = <T>(key: string, fresh: boolean, make: () => Promise<T>): Promise<T> => {
    if (fresh) return make();
    let value = memo.get(key);
    if (!value) {
      value = make();
      memo.set(key, value);
    }
    return value;
  };

  const asset = (kind: 'png' | 'mp4' | 'wav', fresh = false) =>
    once(`asset:${kind}`, fresh, async () => {
      const file = base64Of(kind);
      const data = await call('asset_create', { file: { ...file, filename: `contract.${kind}` } });
      return { id: data.asset_id as string, url: data.url as string };
    });

  const video = (fresh = false) =>
    once('video', fresh, async () => {
      const id = await start('video_create', {
        type: 'avatar',
        avatar_id: library.avatarId,
        voice_id: library.voiceId,
        script: 'Hello from the heygate contract suite.',
      });
      const data = await call('video_get', { video_id: id });
      return { id, url: data.video_url as string, captionUrl: data.captioned_video_url as string | null };
    });

  const mediaUrl = async (kind: MediaKind): Promise<string> => {
    if (kind === 'image') return (await asset('png')).url;
    if (kind === 'audio') return (await asset('wav')).url;
    if (kind === 'srt') {
      const id = await proofread();
      const data = await call('video_translation_proofread_srt_get', { proofread_id: id });
      return data.srt_url as string;
    }
    return (await video()).url;
  };

  const source = async (kind: MediaKind) => ({ type: 'url', url: await mediaUrl(kind) });

  const translation = (fresh = false) =>
    once('translation', fresh, async () =>
      start('video_translation_create', {
        video: await source('video'),
        output_languages: [library.languages[0]],
      }),
    );

  const proofread = (fresh = false) =>
    once('proofread', fresh, async () =>
      start('video_translation_proofread_create', {
        title: 'contract proofread',
        video: await source('video'),
        output_languages: [library.languages[0]],
      }),
    );

  const lipsync = (fresh = false) =>
    once('lipsync', fresh, async () =>
      start('lipsync_create', { video: await source('video'), audio: await source('audio') }),
    );

  const photoAvatar = (fresh = false) =>
    once('photo-avatar', fresh, async () => {
      const data = await call('avatar_create', {
        type: 'photo',
        name: 'contract photo avatar',
        file: await source('image'),
      });
      const lookId = (await finish(getTool('avatar_create'), data)) as string;
      return { lookId, groupId: data.avatar_group?.id as string };
    });

  /** A digital twin's group: it waits for consent (`pending_consent`), the only kind that takes consent. */
  const digitalTwinGroup = (fresh = false) =>
    once('digital-twin', fresh, async () => {
      const data = await call('avatar_create', {
        type: 'digital_twin',
        name: 'contract twin',
        file: await source('video'),
      });
      return data.avatar_group?.id as string;
    });

  const photoGroup = (fresh = false) =>
    once('photo-group', fresh, async () => {
      const image = await asset('png');
      return start('create_photo_avatar_group', { name: 'contract group', image_key: image.id });
    });

  const generation = () =>
    once('generation', false, () =>
      start('generate_photo_avatar_photos', {
        name: 'contract generation',
        age: 'Young Adult',
        gender: 'Woman',
        ethnicity: 'Unspecified',
        orientation: 'square',
        pose: 'half_body',
        style: 'Realistic',
        appearance: 'A friendly presenter in a blue shirt.',
      }),
    );

  const voiceClone = (fresh = false) =>
    once('voice-clone', fresh, async () =>
      start('voice_clone_create', { voice_name: 'contract voice', audio: await source('audio') }),
    );

  const agentSession = (fresh = false) =>
    once('agent-session', fresh, () =>
      start('video_agent_create', { prompt: 'A 10 second video about the heygate contract suite.' }),
    );

  const clipping = (fresh = false) =>
    once('clipping', fresh, async () => start('ai_clipping_create', { video: await source('video') }));

  const backgroundRemoval = (fresh = false) =>
    once('background-removal', fresh, async () =>
      start('background_removal_create', { video: await source('video') }),
    );

  const webhookEndpoint = (fresh = false) =>
    once('webhook-endpoint', fresh, async () => {
      const data = await call('webhook_endpoint_create', { url: webhookUrl });
      return data.endpoint_id as string;
    });

  const folder = (fresh = false) =>
    once('folder', fresh, async () => {
      const data = await call('create_folder', { name: 'contract folder' });
      return data.id as string;
    });

  const knowledgeBase = (fresh = false) =>
    once('knowledge-base', fresh, async () => {
      const data = await call('create_knowledge_base', { name: 'contract knowledge base' });
      return data.id as string;
    });

  const streamingSession = (fresh = false) =>
    once('streaming-session', fresh, async () => {
      const data = await call('streaming_new', { quality: 'low' });
      return data.session_id as string;
    });

  const hyperframesRender = (fresh = false) =>
    once('hyperframes-render', fresh, async () =>
      start('hyperframes_render_create', { project: { type: 'url', url: 'https://example.com/site.zip' } }),
    );

  /**
   * An Avatar Realtime session. At most 3 may run per account, so the ones made here before are cancelled
   * first. `text_stream` sessions stay open for appends; the others are finished (the clock is moved past
   * their speech) so a word stream read ends at once instead of waiting for live words.
   */
  const realtimeSessions: string[] = [];
  const realtimeSession = async (type: 'tts' | 'text_stream'): Promise<string> => {
    for (const id of realtimeSessions.splice(0)) await call('avatar_realtime_cancel', { stream_id: id });
    const id = await start('avatar_realtime_create', {
      type,
      avatar_id: library.avatarId,
      voice_id: library.voiceId,
      text: 'Hello from the contract suite.',
    });
    realtimeSessions.push(id);
    if (type === 'tts') started.advance(60_000);
    return id;
  };

  const talkingPhoto = (fresh = false) =>
    once('talking-photo', fresh, async () => {
      const data = await call('upload_talking_photo', { file: { ...base64Of('png'), filename: 'face.png' } });
      return data.talking_photo_id as string;
    });

  const batch = (area: string, fresh = false) =>
    once(`batch:${area}`, fresh, async () => {
      switch (area) {
        case 'videos':
          return start('video_batch_create', {
            videos: [
              { type: 'avatar', avatar_id: library.avatarId, voice_id: library.voiceId, script: 'Hi.' },
            ],
          });
        case 'video-translations':
          return start('video_translation_batch_create', {
            video_translations: [{ video: await source('video'), output_languages: [library.languages[0]] }],
          });
        case 'lipsyncs':
          return start('lipsync_batch_create', {
            lipsyncs: [{ video: await source('video'), audio: await source('audio') }],
          });
        default:
          return start('asset_complete_batch_create', { batch_id: await uploadBatch(true) });
      }
    });

  /** Announces a direct upload and PUTs its bytes, as a client would before completing it. */
  const putBytes = async (uploadUrl: string, extension: string) => {
    const file = defaultMediaFile(extension);
    if (!file) throw new Error(`no .${extension} file`);
    const response = await started.fetch(uploadUrl, {
      method: 'PUT',
      headers: { 'content-type': file.contentType },
      body: file.bytes.slice(),
    });
    if (!response.ok) throw new Error(`upload PUT answered ${response.status}`);
  };

  const directUpload = async () => {
    const data = await call('asset_direct_upload_create', {
      filename: 'contract.png',
      content_type: 'image/png',
      size_bytes: defaultMediaFile('png')?.bytes.byteLength ?? 1,
    });
    await putBytes(data.upload_url as string, 'png');
    return data.asset_id as string;
  };

  const uploadBatch = (fresh = false) =>
    once('upload-batch', fresh, async () => {
      const size = defaultMediaFile('png')?.bytes.byteLength ?? 1;
      const data = await call('asset_direct_upload_batch_create', {
        files: [{ filename: 'contract.png', content_type: 'image/png', size_bytes: size }],
      });
      for (const item of data.items as { upload_url: string }[]) await putBytes(item.upload_url, 'png');
      return data.batch_id as string;
    });

  const username = () =>
    once('username', false, async () => (await call('user_me_get', {})).username as string);

  const projectId = () => {
    const projects = started.emulator.inspect.account()?.personalizedProjects;
    // HeyGen has no endpoint that lists personalized-video projects; the emulator seeds one per account.
    const id = projects ? [...projects.keys()][0] : undefined;
    if (!id) throw new Error('the emulator account has no personalized-video project');
    return id;
  };

  const agentResource = async () => {
    const session = await agentSession();
    const data = await call('video_agent_get', { session_id: session });
    const ids = ((data.messages ?? []) as { resource_ids?: string[] }[]).flatMap(
      (message) => message.resource_ids ?? [],
    );
    if (!ids[0]) throw new Error('the video agent session has no resource');
    return { session, resource: ids[0] };
  };

  /** String id fields, by name; `fresh` is set for tools that delete or end the resource. */
  const ids: Record<string, (tool: ToolDefinition, fresh: boolean) => Promise<unknown> | unknown> = {
    video_id: async (_tool, fresh) => (await video(fresh)).id,
    video_translation_id: (_tool, fresh) => translation(fresh),
    video_translate_id: () => translation(),
    proofread_id: (_tool, fresh) => proofread(fresh),
    lipsync_id: (_tool, fresh) => lipsync(fresh),
    template_id: () => library.templateId,
    voice_id: async (tool, fresh) =>
      fresh || tool.name === 'voice_clone_wait' ? voiceClone(fresh) : library.voiceId,
    avatar_id: async (tool, fresh) =>
      fresh || tool.name.includes('photo') ? (await photoAvatar(fresh)).lookId : library.avatarId,
    avatar_pose_id: () => library.avatarId,
    look_id: async (tool, fresh) =>
      fresh || tool.access !== 'read' || tool.implementation.kind === 'wait'
        ? (await photoAvatar(fresh)).lookId
        : library.avatarId,
    group_id: async (tool, fresh) => {
      if (tool.name === 'avatar_consent_create') return digitalTwinGroup(fresh);
      if (tool.name.includes('photo') || tool.name === 'get_training_job_status') return photoGroup(fresh);
      if (fresh || tool.access !== 'read' || tool.implementation.kind === 'wait') {
        return (await photoAvatar(fresh)).groupId;
      }
      return library.avatarGroupId;
    },
    generation_id: () => generation(),
    id: async (tool, fresh) => {
      if (tool.area === 'personalized-videos') return projectId();
      if (tool.name === 'v2_talking_photo_id_delete') return talkingPhoto(fresh);
      return (await photoAvatar(fresh)).lookId;
    },
    image_key: async () => (await asset('png')).id,
    image_keys: async () => (await asset('png')).id,
    asset_id: async (tool, fresh) => {
      if (tool.name === 'asset_complete_create') return directUpload();
      return (await asset('png', fresh)).id;
    },
    batch_id: (tool, fresh) =>
      tool.name === 'asset_complete_batch_create' ? uploadBatch(fresh) : batch(tool.area, fresh),
    job_id: (tool, fresh) => (tool.area === 'ai-clipping' ? clipping(fresh) : backgroundRemoval(fresh)),
    session_id: async (tool, fresh) => {
      // The speaking calls run on v3 Avatar Realtime sessions; the rest on the legacy sessions.
      if (tool.area === 'streaming' && tool.implementation.kind === 'composite')
        return realtimeSession('text_stream');
      if (tool.area === 'streaming') return streamingSession(fresh);
      if (tool.name === 'video_agent_resource_get') return (await agentResource()).session;
      return agentSession(fresh);
    },
    resource_id: async () => (await agentResource()).resource,
    endpoint_id: (_tool, fresh) => webhookEndpoint(fresh),
    folder_id: async (tool, fresh) => {
      const id = await folder(fresh);
      // Restoring needs a folder in the trash.
      if (tool.name === 'restore_folder') await call('trash_folder', { folder_id: id });
      return id;
    },
    knowledge_base_id: (_tool, fresh) => knowledgeBase(fresh),
    render_id: (_tool, fresh) => hyperframesRender(fresh),
    stream_id: (tool) => realtimeSession(tool.name === 'avatar_realtime_text_append' ? 'text_stream' : 'tts'),
    project_id: () => projectId(),
    username: () => username(),
  };

  return {
    finish,
    async resolve(request) {
      const { tool, name, path, schema } = request;
      const fresh = tool.access === 'destructive' || consumingTools.has(tool.name);
      const isString = schema.type === 'string' && !('const' in schema) && !schema.enum;
      // A file input (`fileInput`: base64 | path | url): the bytes inline, as agents send them.
      if (Array.isArray(schema.anyOf) && schema.anyOf.some((branch: any) => branch.properties?.base64)) {
        const kind = mediaKindOf(request);
        const extension = kind === 'image' ? 'png' : kind === 'audio' ? 'wav' : 'mp4';
        return { ...base64Of(extension), filename: `contract.${extension}` };
      }
      if (name === 'output_languages' && !path.endsWith('[]')) return [library.languages[0]];
      if (name === 'output_language') return library.languages[0];
      if (!isString) return undefined;
      const resolver = ids[name];
      if (resolver) return resolver(tool, fresh);
      // A comma-separated id filter (`video_ids`, `batch_ids` of the statuses lists): one real id.
      const single = /^(.+_id)s$/.exec(name)?.[1];
      const singleResolver = single ? ids[single] : undefined;
      if (singleResolver) return singleResolver(tool, false);
      if (/(^|_)url$/.test(name) || schema.format === 'uri') {
        if (/webhook/.test(tool.area) || name === 'callback_url') return webhookUrl;
        return mediaUrl(mediaKindOf(request));
      }
      if (name === 'content_type') return 'image/png';
      if (name === 'filename') return 'contract.png';
      return undefined;
    },
  };
}
