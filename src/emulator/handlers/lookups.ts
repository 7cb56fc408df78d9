import { EmulatorError } from '../emulator-error.ts';
import { jobPhase } from '../job.ts';
import type { HandlerContext } from './handler-context.ts';

/** A look usable as `avatar_id`: public library look or the account's own completed look. */
export interface UsableLook {
  id: string;
  engines: string[];
  defaultVoiceId: string | null;
}

/** Finds a look for `avatar_id`; unknown or unfinished looks are a 400 naming `param` (HeyGen checks at create). */
export function requireLook(context: HandlerContext, id: string, param: string): UsableLook {
  const look = context.core.library.looks.get(id);
  if (look) return { id, engines: look.engines, defaultVoiceId: look.defaultVoiceId };
  const own = context.account.looks.get(id);
  if (!own)
    throw EmulatorError.invalid(param, `Avatar not found: ${id}. List avatars with GET /v3/avatars/looks.`);
  if (jobPhase(own.job, context.now).state !== 'succeeded') {
    throw EmulatorError.invalid(param, `Avatar ${id} is not ready yet (status must be completed).`);
  }
  const group = context.account.avatarGroups.get(own.groupId);
  return {
    id,
    engines: own.avatarType === 'digital_twin' ? ['avatar_iii', 'avatar_iv', 'avatar_v'] : ['avatar_iv'],
    defaultVoiceId: group?.defaultVoiceId ?? null,
  };
}

/** Checks a `voice_id`: a public voice or the account's own finished voice; else 400 naming `param`. */
export function requireVoice(context: HandlerContext, id: string, param: string): void {
  if (context.core.library.voicesById.has(id)) return;
  const own = context.account.voices.get(id);
  if (!own) throw EmulatorError.invalid(param, `Voice not found: ${id}. List voices with GET /v3/voices.`);
  if (own.job && jobPhase(own.job, context.now).state !== 'succeeded') {
    throw EmulatorError.invalid(param, `Voice ${id} is not ready yet.`);
  }
}
