import type { ToolDefinition } from './define-tool.ts';
import { jobKinds } from './job-kinds.ts';
import { pricing } from './pricing.ts';
import { v3Tool } from './v3-tool.ts';

const area = 'voices';

/** Tools for HeyGen v3 voices: library, cloning, voice design and text-to-speech. */
export const voices: readonly ToolDefinition[] = [
  v3Tool('voice_list', {
    title: 'List voices',
    description:
      'One page of voices to use as voice_id, filtered by type (public library or private clones), engine, ' +
      'language and gender. Use engine=starfish for voices voice_speech_create accepts. Returns data[], ' +
      'has_more, next_token (limit 1-100).',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: [] },
  }),
  v3Tool('voice_get', {
    title: 'Get voice',
    description:
      'One voice by voice_id: name, language, gender, preview audio, and for a clone its status (processing, ' +
      'complete, failed). Use voice_clone_wait to block until a clone is ready.',
    area,
    access: 'read',
    idempotent: true,
    portability: { accountScoped: ['voice_id'], publicIdsPortable: true, publicIdPaths: ['voice_id'] },
  }),
  v3Tool('voice_create', {
    title: 'Design voices',
    description:
      'Get up to 3 voices matching a description (prompt, e.g. "warm confident narrator"), optionally by gender ' +
      'and locale; change seed for another set. Returns voices with voice_id and preview audio, usable in videos.',
    area,
    access: 'write',
    idempotent: false,
    portability: { accountScoped: [] },
    cost: pricing.voice_create,
  }),
  v3Tool('voice_clone_create', {
    title: 'Clone voice',
    description:
      'Clone a voice from a recording (audio: url, asset_id or base64) under voice_name. Returns voice_clone_id, ' +
      'which is the new voice_id; wait with voice_clone_wait until status complete, then use it in videos or speech.',
    area,
    access: 'write',
    idempotent: false,
    job: jobKinds.voice_clone,
    portability: { accountScoped: ['audio.asset_id'] },
    cost: pricing.voice_clone_create,
  }),
  v3Tool('voice_delete', {
    title: 'Delete voice clone',
    description:
      'Delete a voice clone you own (voice_id); it must not be used by a template. A 404 means it is already gone. ' +
      'Cannot be undone.',
    area,
    access: 'destructive',
    idempotent: true,
    portability: { accountScoped: ['voice_id'] },
  }),
  v3Tool('voice_speech_create', {
    title: 'Generate speech',
    description:
      'Text-to-speech: text (1-5000 characters, plain or SSML via input_type) spoken by a Starfish voice_id (from voice_list), speed ' +
      '0.5-2. Returns audio_url, duration and optional word timestamps, synchronously. Costs money.',
    area,
    access: 'write',
    idempotent: false,
    portability: { accountScoped: ['voice_id'], publicIdsPortable: true, publicIdPaths: ['voice_id'] },
    cost: pricing.voice_speech_create,
  }),
];
