import type { Account } from '../account.ts';
import type { HandlerMap } from './handler-context.ts';
import { isoTime, v3List } from './shared.ts';

/**
 * The v3 `users/me` object, by how the caller authenticated. HeyGen bills an API key from the account's wallet
 * and an OAuth connection from the user's web plan (`../shared/heygen-api/README.md`, "Billing"), and `users/me`
 * says which: `billing_type: wallet` with `wallet`, or `billing_type: subscription` with `subscription`. The
 * emulator keeps one balance in credits behind both views (`wallet.currency: credits`, HeyGen's Enterprise form;
 * plan credits as `premium_credits`), so budgets are counted in the same unit as pricing.
 */
export function userView(
  account: Account,
  authKind: 'api_key' | 'oauth' = 'api_key',
): Record<string, unknown> {
  const user = {
    username: account.username,
    email: account.email,
    first_name: 'Sandbox',
    last_name: 'User',
    usage_based: null,
  };
  if (authKind === 'oauth') {
    return {
      ...user,
      billing_type: 'subscription',
      wallet: null,
      subscription: {
        plan: 'pro',
        credits: {
          premium_credits: { remaining: account.credits, resets_at: null },
          add_on_credits: { remaining: 0, resets_at: null },
        },
      },
    };
  }
  return {
    ...user,
    billing_type: 'wallet',
    wallet: {
      currency: 'credits',
      remaining_balance: account.credits,
      auto_reload: { enabled: false, threshold_usd: null, amount_usd: null },
    },
    subscription: null,
  };
}

/** Handlers of the v3 user and brand endpoints. */
export const userHandlers: HandlerMap = {
  user_me_get(context) {
    return { data: userView(context.account, context.authKind) };
  },

  brand_glossary_list(context) {
    return v3List(
      context.account.brandGlossaries.map((glossary) => ({
        brand_glossary_id: glossary.id,
        name: glossary.name,
        created_at: isoTime(glossary.createdAt * 1000),
        updated_at: isoTime(glossary.createdAt * 1000),
      })),
      context.input,
      { limit: 10, max: 100 },
    );
  },

  brand_kit_list(context) {
    return v3List(
      context.account.brandKits.map((kit) => ({
        brand_kit_id: kit.id,
        name: kit.name,
        colors: kit.colors,
        logo_url: context.url(`brand-kits/${kit.id}/logo.png`),
      })),
      context.input,
      { limit: 20, max: 100 },
    );
  },

  audio_sound_list(context) {
    const words = String(context.input.query ?? '')
      .toLowerCase()
      .split(/\W+/)
      .filter(Boolean);
    const type = (context.input.type as string | undefined) ?? 'music';
    const minScore = typeof context.input.min_score === 'number' ? context.input.min_score : 0.7;
    const scored = context.core.library.sounds
      .filter((sound) => sound.type === type)
      .map((sound) => {
        const haystack = [sound.name.toLowerCase(), ...sound.tags];
        const hits = words.filter((word) => haystack.some((entry) => entry.includes(word))).length;
        // A crude stand-in for HeyGen's semantic similarity: matched query words lift the score above 0.7.
        const score =
          words.length === 0
            ? 0.5
            : hits === 0
              ? 0.2
              : Math.round((0.7 + (0.3 * hits) / words.length) * 1000) / 1000;
        return { sound, score };
      })
      .filter((entry) => entry.score >= minScore)
      .sort((left, right) => right.score - left.score);
    return v3List(
      scored.map(({ sound, score }) => ({
        id: sound.id,
        name: sound.name,
        description: `${sound.type === 'music' ? 'Music' : 'Sound effect'}: ${sound.tags.join(', ')}`,
        type: sound.type,
        audio_url: context.url(`sounds/${sound.id}.mp3`),
        duration: sound.duration,
        peak_offset: sound.peakOffset,
        placement: sound.type === 'music' ? 'background' : 'accent',
        score,
      })),
      context.input,
      { limit: 10, max: 50 },
    );
  },
};
