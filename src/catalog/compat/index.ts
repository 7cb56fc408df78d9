import type { ToolDefinition } from '../define-tool.ts';
import { kosmokratorTools } from './kosmokrator-tools.ts';
import { seedAccountTools } from './seed-account-tools.ts';
import { seedAssetTools } from './seed-asset-tools.ts';
import { seedAvatarTools } from './seed-avatar-tools.ts';
import { seedPhotoAvatarTools } from './seed-photo-avatar-tools.ts';
import { seedStreamingTools } from './seed-streaming-tools.ts';
import { seedTemplateTools } from './seed-template-tools.ts';
import { seedTranslationTools } from './seed-translation-tools.ts';
import { seedVideoTools } from './seed-video-tools.ts';
import { seedVoiceTools } from './seed-voice-tools.ts';
import { seedWebhookTools } from './seed-webhook-tools.ts';

/**
 * The compatibility tools: the seed's 71 tools under their seed slugs (carried on a v3 tool where one exists,
 * otherwise on their v1/v2 endpoint and marked legacy) and the 7 KosmoKrator functions plus their `heygen_`
 * twins. See docs/decisions/0004-seed-tools-on-v3.md.
 */
export const compatTools: readonly ToolDefinition[] = [
  ...seedAccountTools,
  ...seedAssetTools,
  ...seedAvatarTools,
  ...seedPhotoAvatarTools,
  ...seedStreamingTools,
  ...seedTemplateTools,
  ...seedTranslationTools,
  ...seedVideoTools,
  ...seedVoiceTools,
  ...seedWebhookTools,
  ...kosmokratorTools,
];
