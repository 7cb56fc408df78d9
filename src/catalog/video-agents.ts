import type { ToolDefinition } from './define-tool.ts';
import { jobKinds } from './job-kinds.ts';
import { pricing } from './pricing.ts';
import { v3Tool } from './v3-tool.ts';

const area = 'video-agents';

/** Account-scoped ids a video agent message may carry; avatar and voice may be public library ids. */
const agentIds = {
  accountScoped: ['avatar_id', 'voice_id', 'brand_kit_id', 'files[].asset_id'],
  publicIdsPortable: true,
  publicIdPaths: ['avatar_id', 'voice_id'],
};

/** Tools for HeyGen's Video Agent: prompt-to-video sessions that script, cast and render on their own. */
export const videoAgents: readonly ToolDefinition[] = [
  v3Tool('video_agent_create', {
    title: 'Start video agent',
    description:
      'Make a whole video from a prompt (1-10000 chars): HeyGen writes, casts and renders it. Optional avatar_id, ' +
      'voice_id, style_id (video_agent_style_list), brand_kit_id, orientation, files (max 20). mode generate ' +
      '(one shot) or chat (multi-turn). Returns session_id; wait with video_agent_wait, then video_agent_video_list.',
    area,
    access: 'write',
    idempotent: false,
    job: jobKinds.video_agent,
    portability: agentIds,
    cost: pricing.video_agent_create,
  }),
  v3Tool('video_agent_get', {
    title: 'Get video agent session',
    description:
      'Status (thinking, waiting_for_input, reviewing, generating, completed, failed), progress, video_id and ' +
      'recent messages of a session. waiting_for_input means the agent asked something: answer with video_agent_send.',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: ['session_id'] },
  }),
  v3Tool('video_agent_list', {
    title: 'List video agent sessions',
    description: 'One page of video agent sessions, newest first. Returns data[], has_more, next_token.',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: ['*'] },
  }),
  v3Tool('video_agent_send', {
    title: 'Message video agent',
    description:
      'Send a follow-up message to a chat-mode session: answer its question, add context or ask for edits of the ' +
      'video. Returns run_id; wait again with video_agent_wait. May render a new video (costs money).',
    area,
    access: 'write',
    idempotent: false,
    job: jobKinds.video_agent,
    portability: { ...agentIds, accountScoped: ['session_id', ...agentIds.accountScoped] },
    cost: pricing.video_agent_send,
  }),
  v3Tool('video_agent_stop', {
    title: 'Stop video agent',
    description: 'Stop a running session at its next checkpoint; partial results are kept. Safe to repeat.',
    area,
    access: 'write',
    idempotent: true,
    portability: { accountScoped: ['session_id'] },
  }),
  v3Tool('video_agent_style_list', {
    title: 'List video agent styles',
    description:
      'One page of curated visual styles for video_agent_create (style_id, preview, tags); filter with tag. ' +
      'Returns data[], has_more, next_token.',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: [] },
  }),
  v3Tool('video_agent_video_list', {
    title: 'List video agent videos',
    description:
      'The videos a session produced, newest first, with status and video_url (same fields as video_get).',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: ['session_id'] },
  }),
  v3Tool('video_agent_resource_get', {
    title: 'Get video agent resource',
    description:
      'One resource a session used or made (image, video, draft, avatar, voice) by session_id and resource_id, ' +
      'with its URLs; resource ids appear in the session messages.',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: ['session_id', 'resource_id'] },
  }),
];
