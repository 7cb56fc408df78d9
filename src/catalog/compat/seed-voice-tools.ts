import { z } from 'zod';
import type { CompositeContext, ToolDefinition } from '../define-tool.ts';
import { pricing } from '../pricing.ts';
import { defineLegacySeedTool, defineSeedTool, looseResult, strictInput } from './define-seed-tool.ts';
import { collectPages, drainMaxPages } from './collect-pages.ts';
import {
  compact,
  isJsonObject,
  readV3Object,
  readV3Page,
  stringField,
  type JsonObject,
} from './v3-result.ts';

/** Seed tools for voices, speech synthesis and brand glossaries (v1/v2 brand voices). */

const voicesEndpoint = { method: 'GET', path: '/v3/voices', host: 'api', envelope: 'v3' } as const;
const speechEndpoint = { method: 'POST', path: '/v3/voices/speech', host: 'api', envelope: 'v3' } as const;
const speechCost = {
  note: `Billed like voice_speech_create. ${pricing.voice_speech_create.note}`,
  estimate: pricing.voice_speech_create.estimate,
} as const;

/** A voice from both listings of the account: its private voices (clones) first, then the public library. */
export interface CollectedVoices {
  voices: JsonObject[];
  hasMore: boolean;
  nextToken: string | null;
}

/**
 * Reads private and public voices. v3 lists public voices unless `type: private` is asked for, while the
 * legacy lists returned both, so both are read. A `token` continues the public list only (where the cap
 * stopped an earlier call; private voices are few and always fit).
 */
export async function collectAllVoices(context: CompositeContext, token?: string): Promise<CollectedVoices> {
  const voices: JsonObject[] = [];
  if (token === undefined) {
    const own = await collectPages(context, {
      tool: 'voice_list',
      input: { type: 'private' },
      pageSize: 100,
      maxPages: drainMaxPages,
    });
    voices.push(...own.items);
  }
  const library = await collectPages(context, {
    tool: 'voice_list',
    input: { type: 'public' },
    pageSize: 100,
    maxPages: drainMaxPages,
    token,
  });
  voices.push(...library.items);
  return { voices, hasMore: library.hasMore, nextToken: library.nextToken };
}

const continuation = () => z.string().optional().describe('`next_token` of an earlier, truncated answer');

const generateSpeechStarfish = defineSeedTool({
  name: 'generate_speech_starfish',
  title: 'Text to speech (Starfish)',
  description:
    'Turn text (or SSML with `input_type: ssml`) into speech with a Starfish voice and get `audio_url`, ' +
    '`duration` and `word_timestamps`. Voices must come from `list_starfish_voices`. Runs on ' +
    'POST /v3/voices/speech with the same fields; speed 0.5–2.0.',
  area: 'voices',
  endpoint: speechEndpoint,
  access: 'write',
  idempotent: false,
  cost: speechCost,
  portability: { accountScoped: ['voice_id'], publicIdsPortable: true },
  input: strictInput({
    text: z.string().min(1).max(5000),
    voice_id: z.string().min(1).describe('A Starfish voice id'),
    input_type: z.string().optional().describe('text (default) or ssml'),
    speed: z.number().min(0.5).max(2).optional().describe('0.5–2.0, default 1'),
    language: z.string().optional(),
    locale: z.string().optional().describe('BCP-47 accent, e.g. en-US'),
  }),
  output: looseResult({ audio_url: z.string().nullish(), duration: z.number().nullish() }),
  implementation: {
    kind: 'composite',
    async run(input, context) {
      return readV3Object(
        await context.call(
          'voice_speech_create',
          compact({
            text: input.text,
            voice_id: input.voice_id,
            input_type: input.input_type,
            speed: input.speed,
            language: input.language,
            locale: input.locale,
          }),
        ),
      );
    },
  },
});

const generateVoiceAudioPreview = defineSeedTool({
  name: 'generate_voice_audio_preview',
  title: 'Preview a voice with your text',
  description:
    'Synthesize a short sample of `text` in a voice to hear it before rendering a video; returns `audio_url` ' +
    'and `duration`. v3 has no preview endpoint, so this runs on POST /v3/voices/speech, which takes Starfish ' +
    'voices only; `settings` is honoured for `speed` only, `generation_type` is ignored, `text_type: ssml` ' +
    'sends SSML. For a stock sample without credits, read `preview_audio_url` from `v2_voices`. Charges credits.',
  area: 'voices',
  endpoint: speechEndpoint,
  access: 'write',
  idempotent: false,
  cost: speechCost,
  portability: { accountScoped: ['voice_id'], publicIdsPortable: true },
  input: strictInput({
    voice_id: z.string().min(1),
    text: z.string().min(1).max(5000),
    text_type: z.string().optional().describe('text or ssml'),
    settings: z.record(z.string(), z.unknown()).optional().describe('Only `speed` (0.5–2.0) carries over'),
    with_timestamps: z.boolean().optional().describe('Include word_timestamps in the answer'),
    generation_type: z.string().optional().describe('Ignored: no v3 field'),
  }),
  output: looseResult({ audio_url: z.string().nullish(), duration: z.number().nullish() }),
  implementation: {
    kind: 'composite',
    async run(input, context) {
      const settings: JsonObject = isJsonObject(input.settings) ? input.settings : {};
      const speed =
        typeof settings.speed === 'number' && settings.speed >= 0.5 && settings.speed <= 2
          ? settings.speed
          : undefined;
      const ignored = Object.keys(settings).filter((key) => key !== 'speed' || speed === undefined);
      const speech = readV3Object(
        await context.call(
          'voice_speech_create',
          compact({
            text: input.text,
            voice_id: input.voice_id,
            input_type: input.text_type === 'ssml' ? 'ssml' : undefined,
            speed,
          }),
        ),
      );
      const { word_timestamps: timestamps, ...rest } = speech;
      const warnings = [
        ...(ignored.length > 0
          ? [`settings.${ignored.join(', settings.')} have no v3 field and were ignored`]
          : []),
        ...(input.generation_type ? ['generation_type has no v3 field and was ignored'] : []),
      ];
      return compact({
        ...rest,
        word_timestamps: input.with_timestamps ? (timestamps ?? null) : undefined,
        warnings: warnings.length > 0 ? warnings : undefined,
      });
    },
  },
});

const listVoiceLocales = defineLegacySeedTool({
  name: 'list_voice_locales',
  title: 'List voice locales',
  description:
    'List the locale codes (accents such as en-US, pt-BR) that multilingual voices accept as `locale`. ' +
    'v3 has no locale catalogue: there, `support_locale` on each voice says whether it takes a BCP-47 locale.',
  area: 'voices',
  method: 'GET',
  path: '/v2/voices/locales',
  envelope: 'v2',
  replacement: 'voice_list (support_locale per voice) and voice_settings.locale as a BCP-47 tag',
  access: 'read',
  idempotent: true,
  portability: { accountScoped: [] },
  input: strictInput({}),
  output: looseResult({ locales: z.array(z.unknown()).nullish() }),
});

const listBrandGlossaries = defineSeedTool({
  name: 'list_brand_glossaries',
  title: 'List brand glossaries (brand voices)',
  description:
    'List the account’s brand glossaries (formerly brand voices: terms to keep or translate consistently), one ' +
    'page at a time: `list[]` (id, name, created_at, updated_at), `total` (items in this page) and `token` for ' +
    'the next page. Runs on GET /v3/brand-glossaries: v3 items carry no blacklist/whitelist/tones/vocabulary, ' +
    'and `name_only` is accepted but has no effect. Pass an id as brand_voice_id to translations and templates.',
  area: 'brand',
  endpoint: { method: 'GET', path: '/v3/brand-glossaries', host: 'api', envelope: 'v3' },
  access: 'read',
  idempotent: true,
  paginated: true,
  portability: { accountScoped: ['*'] },
  input: strictInput({
    limit: z.number().int().min(1).max(100).optional().describe('Default 10'),
    token: z.string().optional(),
    name_only: z.boolean().optional().describe('Ignored: v3 items only carry names and dates anyway'),
  }),
  output: looseResult({ list: z.array(z.looseObject({})).nullish(), token: z.string().nullish() }),
  implementation: {
    kind: 'composite',
    async run(input, context) {
      const page = readV3Page(
        await context.call('brand_glossary_list', compact({ limit: input.limit, token: input.token })),
      );
      return {
        list: page.items.map((item) => ({
          ...item,
          id: stringField(item, 'brand_glossary_id') ?? stringField(item, 'id'),
        })),
        total: page.items.length,
        token: page.nextToken,
      };
    },
  },
});

const listStarfishVoices = defineSeedTool({
  name: 'list_starfish_voices',
  title: 'List Starfish voices',
  description:
    'List voices usable with `generate_speech_starfish`, one page at a time: `data[]` (voice_id, name, ' +
    'language, gender, preview_audio_url, support_pause, support_locale, type), `has_more`, `next_token`. ' +
    'Filter by type (public default, private for your clones), language, gender. Runs on ' +
    'GET /v3/voices?engine=starfish.',
  area: 'voices',
  endpoint: voicesEndpoint,
  access: 'read',
  idempotent: true,
  paginated: true,
  portability: { accountScoped: [] },
  input: strictInput({
    type: z.enum(['public', 'private']).optional().describe('Default public'),
    language: z.string().optional(),
    gender: z.string().optional(),
    limit: z.number().int().min(1).max(100).optional().describe('Default 20'),
    token: z.string().optional(),
  }),
  output: looseResult({ data: z.array(z.looseObject({})).nullish(), has_more: z.boolean().nullish() }),
  implementation: {
    kind: 'composite',
    async run(input, context) {
      const page = readV3Page(
        await context.call(
          'voice_list',
          compact({
            engine: 'starfish',
            type: input.type,
            language: input.language,
            gender: input.gender,
            limit: input.limit,
            token: input.token,
          }),
        ),
      );
      return { data: page.items, has_more: page.hasMore, next_token: page.nextToken };
    },
  },
});

const v1VoiceList = defineSeedTool({
  name: 'v1_voice_list',
  title: 'List voices (v1 compatible)',
  description:
    'List the voices this account can use: its own clones, then HeyGen’s public library, as `list[]` with ' +
    'voice_id, display_name, language, gender and preview_audio. Runs on GET /v3/voices (private, then public; ' +
    `up to ${drainMaxPages} pages of 100 each); when more remain, \`has_more\` is true and \`next_token\` ` +
    'continues via `token`. For filters (language, gender, engine) use voice_list directly.',
  area: 'voices',
  endpoint: voicesEndpoint,
  access: 'read',
  idempotent: true,
  portability: { accountScoped: [] },
  input: strictInput({ token: continuation() }),
  output: looseResult({ list: z.array(z.looseObject({})).nullish(), has_more: z.boolean().nullish() }),
  implementation: {
    kind: 'composite',
    async run(input, context) {
      const collected = await collectAllVoices(context, input.token);
      return {
        list: collected.voices.map((voice) => ({
          ...voice,
          display_name: stringField(voice, 'name'),
          preview_audio: stringField(voice, 'preview_audio_url'),
        })),
        has_more: collected.hasMore,
        next_token: collected.nextToken,
      };
    },
  },
});

const v2Voices = defineSeedTool({
  name: 'v2_voices',
  title: 'List voices (v2 compatible)',
  description:
    'List the voices this account can use in videos (own clones first, then the public library): `voices[]` ' +
    'with voice_id, name, language, gender, preview_audio and support_pause. Runs on GET /v3/voices (private, ' +
    `then public; up to ${drainMaxPages} pages of 100 each); when more remain, \`has_more\` is true and ` +
    '`next_token` continues via `token`. v3 does not report emotion_support (null).',
  area: 'voices',
  endpoint: voicesEndpoint,
  access: 'read',
  idempotent: true,
  portability: { accountScoped: [] },
  input: strictInput({ token: continuation() }),
  output: looseResult({ voices: z.array(z.looseObject({})).nullish(), has_more: z.boolean().nullish() }),
  implementation: {
    kind: 'composite',
    async run(input, context) {
      const collected = await collectAllVoices(context, input.token);
      return {
        voices: collected.voices.map((voice) => ({
          ...voice,
          preview_audio: stringField(voice, 'preview_audio_url'),
          emotion_support: null,
        })),
        has_more: collected.hasMore,
        next_token: collected.nextToken,
      };
    },
  },
});

/** Seed tools for voices, speech and brand glossaries. */
export const seedVoiceTools: readonly ToolDefinition[] = [
  generateSpeechStarfish,
  generateVoiceAudioPreview,
  listBrandGlossaries,
  listStarfishVoices,
  listVoiceLocales,
  v1VoiceList,
  v2Voices,
];
