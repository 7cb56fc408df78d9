import { createRandom } from './create-random.ts';
import { webhookEventTypes } from '../catalog/generated/v3-operations.ts';

/**
 * The public library every HeyGen account sees: stock avatars with looks, voices in several languages,
 * templates with variables, translation languages, sounds, video-agent styles and streaming avatars. It is
 * generated from the emulator's seed, so ids are stable for a given seed and list calls return realistic data.
 */

/** A public avatar group (a person) with its looks. */
export interface LibraryAvatarGroup {
  id: string;
  name: string;
  gender: 'female' | 'male';
  createdAt: number;
  defaultVoiceId: string;
  looks: LibraryLook[];
}

/** One look (pose/outfit) of a public avatar: the id videos use as `avatar_id`. */
export interface LibraryLook {
  id: string;
  groupId: string;
  name: string;
  gender: 'female' | 'male';
  orientation: 'portrait' | 'landscape' | 'square';
  engines: string[];
  tags: string[];
  defaultVoiceId: string;
  premium: boolean;
}

/** A public voice. */
export interface LibraryVoice {
  id: string;
  name: string;
  language: string;
  locale: string;
  gender: 'female' | 'male';
  engine: 'starfish' | 'elevenlabs' | 'fish';
  supportPause: boolean;
  supportLocale: boolean;
  emotionSupport: boolean;
  supportInteractiveAvatar: boolean;
}

/** A template variable, in HeyGen's v2 shape (`type` + `properties`). */
export interface LibraryTemplateVariable {
  name: string;
  type: 'text' | 'image' | 'character' | 'voice' | 'video' | 'audio';
  properties: Record<string, unknown>;
}

/** A public template. */
export interface LibraryTemplate {
  id: string;
  name: string;
  aspectRatio: '16:9' | '9:16' | '1:1';
  createdAt: number;
  scenes: { id: string; script: string; variables: string[] }[];
  variables: LibraryTemplateVariable[];
}

/** A stock sound for the audio library. */
export interface LibrarySound {
  id: string;
  name: string;
  type: 'music' | 'sound_effects';
  tags: string[];
  duration: number;
  peakOffset: number;
}

/** A video-agent style. */
export interface LibraryStyle {
  id: string;
  name: string;
  tags: string[];
  aspectRatio: string;
}

/** Everything public, for one emulator. */
export interface PublicLibrary {
  avatarGroups: LibraryAvatarGroup[];
  looks: Map<string, LibraryLook>;
  voices: LibraryVoice[];
  voicesById: Map<string, LibraryVoice>;
  templates: LibraryTemplate[];
  /** v2/v3 translation target languages (v3 `GET /v3/video-translations/languages`). */
  translationLanguages: string[];
  sounds: LibrarySound[];
  styles: LibraryStyle[];
  /** Look ids that are also Interactive Avatar (streaming) avatars. */
  streamingAvatarIds: string[];
  /** Webhook event types (the enum of the v3 spec). */
  webhookEventTypes: readonly string[];
}

const people: [string, 'female' | 'male'][] = [
  ['Abigail', 'female'],
  ['Adrian', 'male'],
  ['Beatriz', 'female'],
  ['Chen', 'male'],
  ['Daniela', 'female'],
  ['Elias', 'male'],
  ['Fatima', 'female'],
  ['Hiroshi', 'male'],
  ['Ines', 'female'],
  ['Jamal', 'male'],
  ['Lena', 'female'],
  ['Marcus', 'male'],
];

const poses: { suffix: string; name: string; orientation: LibraryLook['orientation']; tags: string[] }[] = [
  {
    suffix: 'office_front',
    name: 'Office, front',
    orientation: 'landscape',
    tags: ['professional', 'office'],
  },
  { suffix: 'casual_sofa', name: 'Casual, sofa', orientation: 'landscape', tags: ['casual', 'home'] },
  {
    suffix: 'standing_portrait',
    name: 'Standing, portrait',
    orientation: 'portrait',
    tags: ['social', 'upper_body'],
  },
];

/** [language, locale, female name, male name] */
const voiceLanguages: [string, string, string, string][] = [
  ['English', 'en-US', 'Aria', 'Ethan'],
  ['English', 'en-GB', 'Olivia', 'Oliver'],
  ['English', 'en-AU', 'Matilda', 'Lachlan'],
  ['English', 'en-IN', 'Ananya', 'Rohan'],
  ['Spanish', 'es-ES', 'Lucia', 'Javier'],
  ['Spanish', 'es-MX', 'Valeria', 'Diego'],
  ['French', 'fr-FR', 'Camille', 'Hugo'],
  ['German', 'de-DE', 'Hannah', 'Lukas'],
  ['Portuguese', 'pt-BR', 'Beatriz', 'Gabriel'],
  ['Italian', 'it-IT', 'Giulia', 'Marco'],
  ['Japanese', 'ja-JP', 'Yui', 'Haruto'],
  ['Chinese', 'zh-CN', 'Mei', 'Wei'],
  ['Hindi', 'hi-IN', 'Priya', 'Arjun'],
  ['Arabic', 'ar-SA', 'Layla', 'Omar'],
  ['Korean', 'ko-KR', 'Jiwoo', 'Minjun'],
  ['Dutch', 'nl-NL', 'Sanne', 'Daan'],
  ['Polish', 'pl-PL', 'Zofia', 'Jakub'],
];

const translationLanguages = [
  'English',
  'English (United States)',
  'English (UK)',
  'Spanish',
  'Spanish (Spain)',
  'Spanish (Mexico)',
  'French',
  'French (France)',
  'German',
  'German (Germany)',
  'Italian',
  'Portuguese',
  'Portuguese (Brazil)',
  'Japanese',
  'Korean',
  'Chinese',
  'Chinese (Mandarin, Simplified)',
  'Hindi',
  'Arabic',
  'Dutch',
  'Polish',
  'Turkish',
  'Russian',
  'Swedish',
  'Indonesian',
  'Vietnamese',
];

const soundSeeds: [string, LibrarySound['type'], string[]][] = [
  ['Upbeat corporate', 'music', ['upbeat', 'corporate', 'business', 'positive']],
  ['Calm piano', 'music', ['calm', 'piano', 'relaxing', 'soft']],
  ['Cinematic build', 'music', ['cinematic', 'epic', 'trailer', 'build']],
  ['Lo-fi study beat', 'music', ['lofi', 'chill', 'study', 'beat']],
  ['Bright ukulele', 'music', ['happy', 'ukulele', 'bright', 'kids']],
  ['Tech pulse', 'music', ['tech', 'electronic', 'product', 'launch']],
  ['Warm acoustic', 'music', ['acoustic', 'guitar', 'warm', 'story']],
  ['Motivational rise', 'music', ['motivational', 'inspiring', 'rise', 'corporate']],
  ['Whoosh transition', 'sound_effects', ['whoosh', 'transition', 'swoosh']],
  ['Soft click', 'sound_effects', ['click', 'ui', 'button']],
  ['Applause', 'sound_effects', ['applause', 'crowd', 'clap']],
  ['Notification ding', 'sound_effects', ['ding', 'notification', 'bell']],
  ['Camera shutter', 'sound_effects', ['camera', 'shutter', 'photo']],
  ['Pop', 'sound_effects', ['pop', 'bubble', 'cartoon']],
  ['Typing', 'sound_effects', ['typing', 'keyboard', 'office']],
  ['Success chime', 'sound_effects', ['success', 'chime', 'win']],
];

const styleSeeds: [string, string[], string][] = [
  ['Clean explainer', ['explainer', 'minimal', 'education'], '16:9'],
  ['Bold social', ['social', 'bold', 'marketing'], '9:16'],
  ['Corporate update', ['corporate', 'business', 'internal'], '16:9'],
  ['Product spotlight', ['product', 'marketing', 'launch'], '16:9'],
  ['Friendly tutorial', ['tutorial', 'education', 'friendly'], '16:9'],
  ['News brief', ['news', 'update', 'fast'], '9:16'],
  ['Storyteller', ['story', 'cinematic', 'brand'], '16:9'],
  ['Square recap', ['recap', 'social', 'square'], '1:1'],
];

/**
 * How many public voices and avatar groups the library holds: HeyGen lists thousands of voices and hundreds of
 * avatars, and results an agent receives must be measured (bench/result-tokens.ts) against that size, not
 * against a toy library. The first voices and groups are the hand-written ones above; the rest are generated
 * from their own random stream, so the hand-written ids do not change with these numbers.
 */
export const publicLibrarySize = { voices: 2400, avatarGroups: 300 } as const;

/** Given names the generated voices and avatar groups are named from (with a number to keep names unique). */
const generatedNames: [string, 'female' | 'male'][] = [
  ['Amara', 'female'],
  ['Bruno', 'male'],
  ['Clara', 'female'],
  ['Dmitri', 'male'],
  ['Elena', 'female'],
  ['Felix', 'male'],
  ['Grace', 'female'],
  ['Henrik', 'male'],
  ['Isla', 'female'],
  ['Kenji', 'male'],
  ['Maya', 'female'],
  ['Nikolai', 'male'],
  ['Nora', 'female'],
  ['Pablo', 'male'],
  ['Sofia', 'female'],
  ['Tariq', 'male'],
];

/** Builds the public library for a seed. Same seed → same ids and data. */
export function createPublicLibrary(seed: string | number): PublicLibrary {
  const random = createRandom(`library:${seed}`);
  const created = Date.UTC(2024, 0, 8) / 1000;

  const voices: LibraryVoice[] = [];
  const engines: LibraryVoice['engine'][] = ['starfish', 'elevenlabs', 'fish'];
  voiceLanguages.forEach(([language, locale, female, male], index) => {
    for (const [name, gender] of [
      [female, 'female'],
      [male, 'male'],
    ] as const) {
      voices.push({
        id: random.id(),
        name: `${name} - ${locale}`,
        language,
        locale,
        gender,
        engine: engines[(index + (gender === 'male' ? 1 : 0)) % engines.length] as LibraryVoice['engine'],
        supportPause: true,
        supportLocale: language === 'English' || language === 'Spanish',
        emotionSupport: index % 3 === 0,
        supportInteractiveAvatar: locale === 'en-US' || locale === 'en-GB',
      });
    }
  });
  const extra = createRandom(`library-extra:${seed}`);
  for (let index = voices.length; index < publicLibrarySize.voices; index++) {
    const [language, locale] = voiceLanguages[index % voiceLanguages.length]!;
    const [name, gender] = generatedNames[index % generatedNames.length]!;
    voices.push({
      id: extra.id(),
      name: `${name} ${Math.floor(index / generatedNames.length)} - ${locale}`,
      language,
      locale,
      gender,
      engine: engines[index % engines.length]!,
      supportPause: index % 4 !== 0,
      supportLocale: language === 'English' || language === 'Spanish',
      emotionSupport: index % 3 === 0,
      supportInteractiveAvatar: false,
    });
  }
  const englishVoice = (gender: 'female' | 'male') =>
    voices.find((voice) => voice.locale === 'en-US' && voice.gender === gender) as LibraryVoice;

  const avatarGroups: LibraryAvatarGroup[] = people.map(([name, gender], index) => {
    const groupId = random.id();
    const defaultVoiceId = englishVoice(gender).id;
    return {
      id: groupId,
      name,
      gender,
      createdAt: created + index * 86_400,
      defaultVoiceId,
      looks: poses.map((pose, poseIndex) => ({
        id: `${name}_${pose.suffix}_public`,
        groupId,
        name: `${name} — ${pose.name}`,
        gender,
        orientation: pose.orientation,
        engines: poseIndex === 0 ? ['avatar_iii', 'avatar_iv', 'avatar_v'] : ['avatar_iii', 'avatar_iv'],
        tags: pose.tags,
        defaultVoiceId,
        premium: poseIndex === 2,
      })),
    };
  });
  for (let index = avatarGroups.length; index < publicLibrarySize.avatarGroups; index++) {
    const [given, gender] = generatedNames[index % generatedNames.length]!;
    const name = `${given} ${Math.floor(index / generatedNames.length)}`;
    const groupId = extra.id();
    const defaultVoiceId = englishVoice(gender).id;
    avatarGroups.push({
      id: groupId,
      name,
      gender,
      createdAt: created + index * 3_600,
      defaultVoiceId,
      looks: poses.map((pose, poseIndex) => ({
        id: `${name.replace(' ', '_')}_${pose.suffix}_public`,
        groupId,
        name: `${name} — ${pose.name}`,
        gender,
        orientation: pose.orientation,
        engines: ['avatar_iii', 'avatar_iv'],
        tags: pose.tags,
        defaultVoiceId,
        premium: poseIndex === 2,
      })),
    });
  }
  const looks = new Map<string, LibraryLook>();
  for (const group of avatarGroups) for (const look of group.looks) looks.set(look.id, look);

  const firstLook = (index: number) => (avatarGroups[index] as LibraryAvatarGroup).looks[0] as LibraryLook;
  const templates: LibraryTemplate[] = [
    {
      id: random.id(),
      name: 'Product announcement',
      aspectRatio: '16:9',
      createdAt: created + 10 * 86_400,
      scenes: [
        {
          id: random.id(),
          script: 'Introducing {{product_name}}: {{headline}}',
          variables: ['product_name', 'headline'],
        },
        { id: random.id(), script: 'Available today.', variables: ['product_image'] },
      ],
      variables: [
        { name: 'product_name', type: 'text', properties: { content: 'Acme Rocket' } },
        { name: 'headline', type: 'text', properties: { content: 'the fastest way to ship videos' } },
        { name: 'product_image', type: 'image', properties: { url: null, asset_id: null, fit: 'contain' } },
        {
          name: 'presenter',
          type: 'character',
          properties: { character_id: firstLook(0).id, type: 'avatar' },
        },
      ],
    },
    {
      id: random.id(),
      name: 'Onboarding welcome',
      aspectRatio: '9:16',
      createdAt: created + 11 * 86_400,
      scenes: [
        {
          id: random.id(),
          script: 'Welcome to {{company}}, {{first_name}}!',
          variables: ['first_name', 'company'],
        },
      ],
      variables: [
        { name: 'first_name', type: 'text', properties: { content: 'Alex' } },
        { name: 'company', type: 'text', properties: { content: 'Acme' } },
        { name: 'narrator', type: 'voice', properties: { voice_id: englishVoice('female').id } },
      ],
    },
    {
      id: random.id(),
      name: 'Weekly update',
      aspectRatio: '1:1',
      createdAt: created + 12 * 86_400,
      scenes: [
        { id: random.id(), script: 'This week: {{topic}}.', variables: ['topic'] },
        { id: random.id(), script: 'Key number: {{stat}}.', variables: ['stat'] },
      ],
      variables: [
        { name: 'topic', type: 'text', properties: { content: 'our new release' } },
        { name: 'stat', type: 'text', properties: { content: '42%' } },
        {
          name: 'presenter',
          type: 'character',
          properties: { character_id: firstLook(1).id, type: 'avatar' },
        },
      ],
    },
  ];

  return {
    avatarGroups,
    looks,
    voices,
    voicesById: new Map(voices.map((voice) => [voice.id, voice])),
    templates,
    translationLanguages,
    sounds: soundSeeds.map(([name, type, tags], index) => ({
      id: random.id(),
      name,
      type,
      tags,
      duration: type === 'music' ? 60 + index * 7 : 1 + (index % 3),
      peakOffset: type === 'music' ? 12 + index : 0.2,
    })),
    styles: styleSeeds.map(([name, tags, aspectRatio]) => ({ id: random.id(), name, tags, aspectRatio })),
    streamingAvatarIds: avatarGroups.slice(0, 4).map((group) => (group.looks[0] as LibraryLook).id),
    webhookEventTypes,
  };
}
