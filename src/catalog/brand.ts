import type { ToolDefinition } from './define-tool.ts';
import { v3Tool } from './v3-tool.ts';

const area = 'brand';

/** Tools for brand settings made in the HeyGen web app (read-only through the API). */
export const brand: readonly ToolDefinition[] = [
  v3Tool('brand_glossary_list', {
    title: 'List brand glossaries',
    description:
      'One page of brand glossaries (term lists that force how words are translated). Pass a brand_glossary_id ' +
      'to video_translation_create. Returns data[], has_more, next_token.',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: ['*'] },
  }),
  v3Tool('brand_kit_list', {
    title: 'List brand kits',
    description:
      'One page of brand kits (colors, fonts, logo). Pass a brand_kit_id to video_agent_create for on-brand ' +
      'videos. Returns data[], has_more, next_token.',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: ['*'] },
  }),
];
