import type { ToolDefinition } from './define-tool.ts';
import { v3Tool } from './v3-tool.ts';

/** Tools for HeyGen's audio library. */
export const audio: readonly ToolDefinition[] = [
  v3Tool('audio_sound_list', {
    title: 'Search music and sound effects',
    description:
      'Find background music (type music, default) or sound effects (type sound_effects) by description, e.g. ' +
      '"upbeat lofi". Returns ranked tracks with download URLs and duration, plus has_more/next_token; ' +
      'min_score (0-1) drops weak matches.',
    area: 'audio',
    access: 'read',
    idempotent: true,
    portability: { accountScoped: [] },
  }),
];
