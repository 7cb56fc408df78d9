import type { AgentSessionRecord } from '../account.ts';
import { EmulatorError } from '../emulator-error.ts';
import { jobPhase } from '../job.ts';
import { creditsFor, creditsPerMinute } from '../pricing.ts';
import type { HandlerContext, HandlerMap } from './handler-context.ts';
import { requireLook, requireVoice } from './lookups.ts';
import { newestFirst, resolveSource, seconds, text, v3List, wantsFailure } from './shared.ts';
import { createVideoRecord, videoPaths, videoV3View } from './video-records.ts';

/** Length the emulator assumes for a video-agent video (the agent writes its own script). */
const agentVideoSeconds = 30;

type AgentStatus = 'thinking' | 'waiting_for_input' | 'reviewing' | 'generating' | 'completed' | 'failed';

/**
 * Session status: `thinking` first; chat sessions then wait for input until a message arrives; the render then
 * goes `reviewing` (chat) or `thinking` (generate) → `generating` → `completed` | `failed`.
 */
function agentStatus(
  context: HandlerContext,
  session: AgentSessionRecord,
): { status: AgentStatus; progress: number } {
  const phase = jobPhase(session.job, context.now);
  if (phase.state === 'succeeded') return { status: 'completed', progress: 100 };
  if (phase.state === 'failed') return { status: 'failed', progress: 100 };
  if (phase.state === 'blocked') {
    const thinkingUntil = session.createdAt + context.core.settings.renderMs * 0.1;
    return { status: context.now < thinkingUntil ? 'thinking' : 'waiting_for_input', progress: 5 };
  }
  const progress = Math.round(10 + phase.fraction * 85);
  if (phase.state !== 'running' || phase.fraction < 0.2) {
    return { status: session.mode === 'chat' ? 'reviewing' : 'thinking', progress };
  }
  return { status: 'generating', progress };
}

function requireSession(context: HandlerContext, id: string): AgentSessionRecord {
  const session = context.account.agentSessions.get(id);
  if (!session) throw EmulatorError.notFound('Video agent session', id);
  return session;
}

function sessionView(context: HandlerContext, session: AgentSessionRecord): Record<string, unknown> {
  const { status, progress } = agentStatus(context, session);
  const messages = session.messages.map((message) => ({
    role: message.role,
    type: message.type,
    content: message.content,
    created_at: seconds(message.createdAt),
    resource_ids: message.resourceIds,
  }));
  const videoResource = session.resources.find((resource) => resource.type === 'video');
  if (status === 'completed' && videoResource) {
    messages.push({
      role: 'assistant',
      type: 'resource',
      content: 'Your video is ready.',
      created_at: seconds(context.now),
      resource_ids: [videoResource.id],
    });
  } else if (status === 'failed') {
    messages.push({
      role: 'assistant',
      type: 'error',
      content: session.job.failure.message,
      created_at: seconds(context.now),
      resource_ids: [],
    });
  }
  const videoId =
    status === 'generating' || status === 'completed' || status === 'failed'
      ? (session.videoIds[0] ?? null)
      : null;
  return {
    session_id: session.id,
    status,
    progress,
    created_at: seconds(session.createdAt),
    video_id: videoId,
    messages,
  };
}

/** Handlers of the v3 video-agent endpoints. */
export const videoAgentHandlers: HandlerMap = {
  video_agent_create(context) {
    const { core, account, input } = context;
    if (input.avatar_id) requireLook(context, input.avatar_id, 'avatar_id');
    if (input.voice_id) requireVoice(context, input.voice_id, 'voice_id');
    if (input.style_id && !core.library.styles.some((style) => style.id === input.style_id)) {
      throw EmulatorError.invalid(
        'style_id',
        `Style not found: ${input.style_id}. List styles with GET /v3/video-agents/styles.`,
      );
    }
    if (input.brand_kit_id && !account.brandKits.some((kit) => kit.id === input.brand_kit_id)) {
      throw EmulatorError.invalid('brand_kit_id', `Brand kit not found: ${input.brand_kit_id}`);
    }
    for (const [index, file] of ((input.files ?? []) as unknown[]).entries())
      resolveSource(context, file, `files[${index}]`);
    const mode: 'generate' | 'chat' = input.mode === 'chat' ? 'chat' : 'generate';
    const id = core.newId();
    const video = createVideoRecord(context, {
      title: input.prompt.slice(0, 80),
      script: input.prompt,
      duration: agentVideoSeconds,
      credits: creditsFor(agentVideoSeconds, creditsPerMinute.videoAgent),
      callbackId: text(input.callback_id),
      origin: 'agent',
      type: 'video_agent',
      forceFailure: wantsFailure(context, input.prompt),
      silent: true,
      // A chat session waits for the user's go-ahead before it renders.
      job: { blocked: mode === 'chat' },
      onFinish: (finished, succeeded) => {
        core.webhooks.emit(
          account,
          succeeded ? 'video_agent.success' : 'video_agent.fail',
          succeeded
            ? {
                session_id: session.id,
                video_id: finished.id,
                url: core.media.url(context.origin, videoPaths(finished).video),
                callback_id: session.callbackId,
              }
            : {
                session_id: session.id,
                video_id: finished.id,
                message: finished.job.failure.message,
                callback_id: session.callbackId,
              },
          { entityId: session.id, callbackUrl: session.callbackUrl },
        );
      },
    });
    const scriptResource = core.newId();
    core.media.put(`agents/${id}/script.txt`, {
      contentType: 'text/plain; charset=utf-8',
      bytes: new TextEncoder().encode(`Script drafted by the heygate emulator for: ${input.prompt}\n`),
    });
    const session: AgentSessionRecord = {
      id,
      createdAt: context.now,
      mode,
      prompt: input.prompt,
      orientation: input.orientation ?? 'landscape',
      callbackId: text(input.callback_id),
      callbackUrl: text(input.callback_url),
      messages: [
        { role: 'user', type: 'text', content: input.prompt, createdAt: context.now, resourceIds: [] },
        {
          role: 'assistant',
          type: 'resource',
          content:
            mode === 'chat'
              ? 'Here is a draft script. Reply to approve it or ask for changes.'
              : 'Drafting the script and scenes.',
          createdAt: context.now,
          resourceIds: [scriptResource],
        },
      ],
      resources: [
        { id: scriptResource, type: 'script', createdAt: context.now, mediaPath: `agents/${id}/script.txt` },
        { id: core.newId(), type: 'video', createdAt: context.now, mediaPath: videoPaths(video).video },
      ],
      job: video.job,
      videoIds: [video.id],
      stopped: false,
    };
    account.agentSessions.set(id, session);
    const view = sessionView(context, session);
    return {
      data: {
        session_id: id,
        status: view.status === 'waiting_for_input' ? 'thinking' : view.status,
        created_at: view.created_at,
        video_id: view.video_id,
      },
    };
  },

  video_agent_get(context) {
    return { data: sessionView(context, requireSession(context, context.input.session_id)) };
  },

  video_agent_list(context) {
    return v3List(
      newestFirst(context.account.agentSessions.values()).map((session) => ({
        session_id: session.id,
        created_at: seconds(session.createdAt),
      })),
      context.input,
      { limit: 20, max: 100 },
    );
  },

  video_agent_send(context) {
    const session = requireSession(context, context.input.session_id);
    if (session.stopped) throw EmulatorError.invalid('session_id', `Session ${session.id} was stopped.`);
    if (context.input.avatar_id) requireLook(context, context.input.avatar_id, 'avatar_id');
    if (context.input.voice_id) requireVoice(context, context.input.voice_id, 'voice_id');
    session.messages.push({
      role: 'user',
      type: 'text',
      content: context.input.message,
      createdAt: context.now,
      resourceIds: [],
    });
    session.messages.push({
      role: 'assistant',
      type: 'text',
      content: 'Got it — generating your video now.',
      createdAt: context.now,
      resourceIds: [],
    });
    context.core.resumeJob(session.job);
    return { data: { session_id: session.id, run_id: context.core.newId() } };
  },

  video_agent_stop(context) {
    const session = requireSession(context, context.input.session_id);
    session.stopped = true;
    context.core.endJob(session.job, { code: 'stopped', message: 'The session was stopped.' });
    return { data: { session_id: session.id } };
  },

  video_agent_resource_get(context) {
    const session = requireSession(context, context.input.session_id);
    const resource = session.resources.find((candidate) => candidate.id === context.input.resource_id);
    if (!resource) throw EmulatorError.notFound('Resource', context.input.resource_id);
    const ready = resource.type !== 'video' || jobPhase(session.job, context.now).state === 'succeeded';
    return {
      data: {
        resource_id: resource.id,
        resource_type: resource.type,
        source_type: 'generated',
        url: ready ? context.url(resource.mediaPath) : null,
        preview_url: ready && resource.type === 'video' ? context.url(resource.mediaPath) : null,
        thumbnail_url: resource.type === 'video' ? context.url(`agents/${session.id}/thumbnail.png`) : null,
        created_at: seconds(resource.createdAt),
        metadata: { session_id: session.id },
      },
    };
  },

  video_agent_video_list(context) {
    const session = requireSession(context, context.input.session_id);
    const videos = session.videoIds.flatMap((id) => {
      const video = context.account.videos.get(id);
      return video ? [videoV3View(context, video)] : [];
    });
    return { data: videos, extra: { has_more: false, next_token: null } };
  },

  video_agent_style_list(context) {
    const tag = text(context.input.tag);
    const styles = context.core.library.styles.filter((style) => !tag || style.tags.includes(tag));
    return v3List(
      styles.map((style) => ({
        style_id: style.id,
        name: style.name,
        tags: style.tags,
        aspect_ratio: style.aspectRatio,
        thumbnail_url: context.url(`styles/${style.id}/thumbnail.png`),
        preview_video_url: context.url(`styles/${style.id}/preview.mp4`),
      })),
      context.input,
      { limit: 20, max: 100 },
    );
  },
};
