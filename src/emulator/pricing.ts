/**
 * Credits the emulator charges, per minute of output. HeyGen bills API usage per minute of generated media;
 * these rates follow HeyGen's published API pricing at the time of writing and are ASSUMPTIONS where HeyGen
 * does not say (documented in README.md): exact pricing is not emulated, only its shape, so budgets can be
 * tested.
 *
 * Charging rules: credits = max(1, ceil(seconds / 60 × rate)); charged when the job is accepted (402
 * `insufficient_credits` if the balance is short) and refunded when the job fails.
 */
export const creditsPerMinute = {
  /** Avatar III / studio avatars and the legacy v1/v2 and template renders. */
  avatarIii: 1,
  /** Avatar IV — HeyGen's default engine for v3 avatar and image videos ("1 credit per 10 s"). */
  avatarIv: 6,
  /** Avatar V (assumed priced like Avatar IV). */
  avatarV: 6,
  /** Cinematic avatar (prompt + references) — assumed. */
  cinematicAvatar: 10,
  /** Video translation, `speed` mode. */
  translationSpeed: 3,
  /** Video translation, `precision` mode. */
  translationPrecision: 6,
  /** Lipsync (assumed priced like translation). */
  lipsyncSpeed: 3,
  lipsyncPrecision: 6,
  /** Video agent output — assumed. */
  videoAgent: 2,
  /** AI clipping, per minute of source video — assumed. */
  aiClipping: 1,
  /** Background removal, per minute of source video — assumed. */
  backgroundRemoval: 1,
  /** Text-to-speech (v3 speech, v1 starfish, v2 preview) — assumed, per minute of audio. */
  speech: 1,
  /** HyperFrames render per minute of output at 1080p (4k: 1.5×, HeyGen's stated factor) — assumed. */
  hyperframes: 2,
  /** Avatar Realtime per minute of session ($0.05/s ≈ 3 credits a minute at a dollar a credit) — assumed. */
  avatarRealtime: 3,
} as const;

/** Credits for `seconds` of output at `rate` credits per minute (at least 1, whole credits). */
export function creditsFor(seconds: number, rate: number): number {
  if (rate <= 0) return 0;
  return Math.max(1, Math.ceil((seconds / 60) * rate));
}

/** Seconds of speech for a script at ~150 words per minute (at least 2 s), used for output durations. */
export function speechSeconds(script: string): number {
  const words = script.split(/\s+/).filter(Boolean).length;
  return Math.max(2, Math.round((words / 2.5) * 10) / 10);
}
