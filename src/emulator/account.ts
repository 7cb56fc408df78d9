import { createHash } from 'node:crypto';
import type { Job } from './job.ts';

/**
 * The state of one HeyGen account (one API key). Accounts never see each other's resources: a video id of
 * another key is a 404, exactly like on HeyGen.
 */

/** Video render (v3 create, v2 generate, WebM, template, batch item or video-agent output). */
export interface VideoRecord {
  id: string;
  job: Job;
  title: string;
  createdAt: number;
  /** Output length in seconds (from the script; 15 s for audio-driven videos). */
  duration: number;
  outputFormat: 'mp4' | 'webm';
  folderId: string | null;
  callbackId: string | null;
  callbackUrl: string | null;
  caption: boolean;
  includeGif: boolean;
  script: string;
  /** Which API made it: `v3`, `v2`, `webm`, `template`, `agent`. */
  origin: string;
  /** Internal video type (`avatar`, `image`, `cinematic_avatar`, `studio`, `template`, …). */
  type: string;
  batchId: string | null;
  itemIndex: number | null;
  shared: boolean;
}

/** A video translation (v2 `video_translate_id` = v3 `video_translation_id`). */
export interface TranslationRecord {
  id: string;
  job: Job;
  title: string;
  createdAt: number;
  duration: number;
  inputLanguage: string | null;
  outputLanguage: string;
  translateAudioOnly: boolean;
  callbackId: string | null;
  callbackUrl: string | null;
  batchId: string | null;
  itemIndex: number | null;
  folderId: string | null;
}

/** A lipsync job. */
export interface LipsyncRecord {
  id: string;
  job: Job;
  title: string;
  createdAt: number;
  duration: number;
  callbackId: string | null;
  callbackUrl: string | null;
  caption: boolean;
  batchId: string | null;
  itemIndex: number | null;
}

/** A batch of videos, translations, lipsyncs or asset uploads. */
export interface BatchRecord {
  id: string;
  kind: 'video' | 'video_translation' | 'lipsync' | 'asset';
  createdAt: number;
  title: string | null;
  callbackUrl: string | null;
  /** Item ids in order (video ids, translation ids, lipsync ids or asset ids); null for an item that failed validation. */
  items: { id: string | null; error: { code: string; message: string } | null }[];
  finishedNotified: boolean;
}

/** An uploaded (or announced, for direct uploads) asset. */
export interface AssetRecord {
  id: string;
  name: string;
  contentType: string;
  size: number;
  createdAt: number;
  folderId: string | null;
  /** `uploaded` after the bytes arrived; direct uploads start `pending` and end `completed` after complete. */
  status: 'pending' | 'uploaded' | 'processing' | 'completed' | 'failed';
  /** Media path the asset's bytes are served from. */
  mediaPath: string;
  batchId: string | null;
  /** Legacy image key (`image/<id>/original`), used by photo-avatar calls. */
  imageKey: string;
  completeJob: Job | null;
}

/** A folder (legacy /v1/folders). */
export interface FolderRecord {
  id: string;
  name: string;
  parentId: string | null;
  projectType: string;
  createdAt: number;
  trashed: boolean;
}

/** A private avatar group (v3 avatar group, v2 photo-avatar group). */
export interface AvatarGroupRecord {
  id: string;
  name: string;
  createdAt: number;
  /** v3 creation type: `prompt`, `photo`, `digital_twin`; legacy `photo_avatar`. */
  type: string;
  gender: string | null;
  job: Job;
  consentStatus: string | null;
  defaultVoiceId: string | null;
  /** Legacy photo-avatar training (v2 /photo_avatar/train/status). */
  trainJob: Job | null;
}

/** A private look (v3 look, v2 photo avatar, v1 talking photo). */
export interface LookRecord {
  id: string;
  groupId: string;
  name: string;
  createdAt: number;
  avatarType: 'studio_avatar' | 'digital_twin' | 'photo_avatar';
  job: Job;
  imagePath: string;
  isMotion: boolean;
  motionJob: Job | null;
  upscaleJob: Job | null;
  /** True for v1 talking photos uploaded through upload.heygen.com. */
  talkingPhoto: boolean;
}

/** A legacy photo generation (v2 /photo_avatar/photo/generate). */
export interface PhotoGenerationRecord {
  id: string;
  job: Job;
  createdAt: number;
  imageKeys: string[];
}

/** A private voice (clone or designed voice). */
export interface VoiceRecord {
  id: string;
  name: string;
  language: string;
  gender: string;
  createdAt: number;
  job: Job | null;
}

/** A registered webhook endpoint. */
export interface WebhookEndpointRecord {
  id: string;
  url: string;
  events: string[];
  secret: string;
  entityId: string | null;
  createdAt: number;
  status: 'enabled' | 'disabled';
}

/** One webhook event in the account's history. */
export interface WebhookEventRecord {
  id: string;
  type: string;
  data: Record<string, unknown>;
  createdAt: number;
  entityId: string | null;
}

/** An AI clipping job. */
export interface ClippingRecord {
  id: string;
  job: Job;
  createdAt: number;
  title: string;
  callbackId: string | null;
  inputLanguage: string | null;
  outputSettings: Record<string, unknown>;
  sourceDuration: number;
  cancelled: boolean;
}

/** A background removal job. */
export interface BackgroundRemovalRecord {
  id: string;
  job: Job;
  createdAt: number;
  duration: number;
  layers: string[];
  requestId: string | null;
}

/** A proofread (translation review) job. */
export interface ProofreadRecord {
  id: string;
  job: Job;
  createdAt: number;
  title: string;
  inputLanguage: string;
  outputLanguage: string;
  duration: number;
  srtPath: string;
  originalSrtPath: string;
  submittedForReview: boolean;
}

/** A video-agent session. */
export interface AgentSessionRecord {
  id: string;
  createdAt: number;
  mode: 'generate' | 'chat';
  prompt: string;
  orientation: string;
  callbackId: string | null;
  callbackUrl: string | null;
  messages: {
    role: string;
    type: 'text' | 'resource' | 'error';
    content: string;
    createdAt: number;
    resourceIds: string[];
  }[];
  resources: { id: string; type: string; createdAt: number; mediaPath: string }[];
  /** Thinking job (always), then the render. */
  job: Job;
  videoIds: string[];
  stopped: boolean;
}

/** A legacy Interactive Avatar streaming session. */
export interface StreamingSessionRecord {
  id: string;
  createdAt: number;
  avatarId: string;
  quality: string;
  status: 'new' | 'connecting' | 'connected' | 'closed';
  tasks: number;
  closedAt: number | null;
}

/** A HyperFrames render: an HTML composition (.zip) rendered to video. */
export interface HyperframesRenderRecord {
  id: string;
  job: Job;
  createdAt: number;
  title: string | null;
  callbackId: string | null;
  fps: number;
  quality: string;
  format: 'mp4' | 'webm' | 'mov';
  resolution: '1080p' | '4k';
  aspectRatio: string;
  composition: string;
  /** Output length in seconds (the emulator cannot play the composition: 5-60 s by hash of the project). */
  duration: number;
  /** Soft-deleted: reads answer 404, the media links stop working. */
  deleted: boolean;
}

/** An Avatar Realtime session (one-way HLS streaming avatar); its state follows from these facts and the clock. */
export interface RealtimeSessionRecord {
  id: string;
  createdAt: number;
  type: 'tts' | 'audio' | 'text_stream';
  avatarId: string;
  voiceId: string | null;
  /** Text in arrival order (emulator ms): the create's text first, then each appended delta. */
  pieces: { text: string; at: number }[];
  /** Length of the audio of an `audio` session, seconds. */
  audioSeconds: number | null;
  /** When `final: true` arrived (text_stream). */
  finalAt: number | null;
  /** When a cancel arrived. */
  cancelledAt: number | null;
  /** Failure message when the session errors (forced with `#emulator-fail` or the outcome header). */
  failure: string | null;
  /** Credits charged once the session has ended (per second of session). */
  charged: boolean;
}

/** A legacy streaming knowledge base. */
export interface KnowledgeBaseRecord {
  id: string;
  name: string;
  opening: string;
  prompt: string;
  createdAt: number;
}

/** A legacy personalized-video project. */
export interface PersonalizedProjectRecord {
  id: string;
  name: string;
  createdAt: number;
  contacts: { id: string; variables: Record<string, unknown>; videoId: string | null }[];
}

/** Brand glossary (v3) = brand voice (legacy). */
export interface BrandGlossaryRecord {
  id: string;
  name: string;
  createdAt: number;
}

/** Brand kit. */
export interface BrandKitRecord {
  id: string;
  name: string;
  colors: string[];
}

/** Everything one API key owns. */
export interface Account {
  key: string;
  /** First 12 hex digits of SHA-256(key): how the key appears in logs and `inspect`. */
  keyHash: string;
  username: string;
  email: string;
  credits: number;
  creditsSpent: number;
  /** Render jobs accepted (videos of every origin, translations, lipsyncs …), for "no duplicate renders" tests. */
  renders: number;
  jobs: Job[];
  videos: Map<string, VideoRecord>;
  translations: Map<string, TranslationRecord>;
  lipsyncs: Map<string, LipsyncRecord>;
  batches: Map<string, BatchRecord>;
  assets: Map<string, AssetRecord>;
  folders: Map<string, FolderRecord>;
  avatarGroups: Map<string, AvatarGroupRecord>;
  looks: Map<string, LookRecord>;
  photoGenerations: Map<string, PhotoGenerationRecord>;
  voices: Map<string, VoiceRecord>;
  webhookEndpoints: Map<string, WebhookEndpointRecord>;
  webhookEvents: WebhookEventRecord[];
  clippings: Map<string, ClippingRecord>;
  backgroundRemovals: Map<string, BackgroundRemovalRecord>;
  proofreads: Map<string, ProofreadRecord>;
  agentSessions: Map<string, AgentSessionRecord>;
  streamingSessions: Map<string, StreamingSessionRecord>;
  knowledgeBases: Map<string, KnowledgeBaseRecord>;
  personalizedProjects: Map<string, PersonalizedProjectRecord>;
  hyperframesRenders: Map<string, HyperframesRenderRecord>;
  realtimeSessions: Map<string, RealtimeSessionRecord>;
  brandGlossaries: BrandGlossaryRecord[];
  brandKits: BrandKitRecord[];
}

/** A short, non-reversible label for an API key (never log the key itself). */
export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 12);
}

/** Options of {@link createAccount}. */
export interface CreateAccountOptions {
  key: string;
  credits: number;
  /** Makes seeded per-account ids (brand glossaries, kits, the demo project). */
  nextId: () => string;
  /** Account creation time (ms). */
  now: number;
}

/** Creates an empty account with the few resources every HeyGen account starts with. */
export function createAccount(options: CreateAccountOptions): Account {
  const keyHash = hashKey(options.key);
  const username = `user_${keyHash.slice(0, 8)}`;
  const created = Math.floor(options.now / 1000) - 30 * 86_400;
  const projectId = options.nextId();
  return {
    key: options.key,
    keyHash,
    username,
    email: `${username}@emulator.heygate.invalid`,
    credits: options.credits,
    creditsSpent: 0,
    renders: 0,
    jobs: [],
    videos: new Map(),
    translations: new Map(),
    lipsyncs: new Map(),
    batches: new Map(),
    assets: new Map(),
    folders: new Map(),
    avatarGroups: new Map(),
    looks: new Map(),
    photoGenerations: new Map(),
    voices: new Map(),
    webhookEndpoints: new Map(),
    webhookEvents: [],
    clippings: new Map(),
    backgroundRemovals: new Map(),
    proofreads: new Map(),
    agentSessions: new Map(),
    streamingSessions: new Map(),
    knowledgeBases: new Map(),
    personalizedProjects: new Map([
      [projectId, { id: projectId, name: 'Demo personalized campaign', createdAt: created, contacts: [] }],
    ]),
    hyperframesRenders: new Map(),
    realtimeSessions: new Map(),
    brandGlossaries: [
      { id: options.nextId(), name: 'Product names', createdAt: created },
      { id: options.nextId(), name: 'Legal terms', createdAt: created + 3600 },
    ],
    brandKits: [
      { id: options.nextId(), name: 'Primary brand', colors: ['#1F6FEB', '#0D1117', '#FFFFFF'] },
      { id: options.nextId(), name: 'Campaign 2026', colors: ['#FF5A5F', '#FFB400'] },
    ],
  };
}
