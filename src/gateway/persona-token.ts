import { createHash, randomBytes } from 'node:crypto';

/** Prefix of persona bearer tokens: makes them recognisable to secret scanners and in config files. */
export const personaTokenPrefix = 'hg_';

/** A new persona bearer token: `hg_` + 32 random bytes (base64url). Shown once, stored only as its hash. */
export function generatePersonaToken(): string {
  return `${personaTokenPrefix}${randomBytes(32).toString('base64url')}`;
}

/**
 * SHA-256 (hex) of a token. A plain hash suffices: the token has 256 bits of entropy, so there is nothing
 * to brute-force, and lookups by hash stay one indexed query per call.
 */
export function hashPersonaToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** True when the value has the shape of a persona token (cheap check before a database lookup). */
export function looksLikePersonaToken(value: unknown): value is string {
  return (
    typeof value === 'string' && value.startsWith(personaTokenPrefix) && /^hg_[A-Za-z0-9_-]{43}$/.test(value)
  );
}
