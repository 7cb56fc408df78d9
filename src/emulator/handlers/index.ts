import { clippingHandlers } from './ai-clipping.ts';
import { assetHandlers } from './assets.ts';
import { avatarRealtimeHandlers } from './avatar-realtime.ts';
import { avatarHandlers } from './avatars.ts';
import { backgroundRemovalHandlers } from './background-removals.ts';
import type { HandlerMap } from './handler-context.ts';
import { hyperframesHandlers } from './hyperframes.ts';
import { legacyHandlers } from './legacy.ts';
import { templateHandlers } from './templates.ts';
import { translationHandlers } from './translations.ts';
import { userHandlers } from './users.ts';
import { videoAgentHandlers } from './video-agents.ts';
import { videoHandlers } from './videos.ts';
import { voiceHandlers } from './voices.ts';
import { webhookHandlers } from './webhooks.ts';

/**
 * Every tool handler, keyed by catalog tool name. The routes come from the catalog; a test asserts that every
 * catalog tool with an HTTP implementation has a handler here.
 */
export const handlers: HandlerMap = {
  ...videoHandlers,
  ...translationHandlers,
  ...avatarHandlers,
  ...voiceHandlers,
  ...assetHandlers,
  ...templateHandlers,
  ...videoAgentHandlers,
  ...clippingHandlers,
  ...backgroundRemovalHandlers,
  ...webhookHandlers,
  ...userHandlers,
  ...legacyHandlers,
  ...hyperframesHandlers,
  ...avatarRealtimeHandlers,
};
