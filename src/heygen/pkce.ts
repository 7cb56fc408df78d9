import { createHash, randomBytes } from 'node:crypto';

/** A PKCE pair (RFC 7636): the secret verifier kept by heygate and the challenge sent in the authorize URL. */
export interface PkcePair {
  /** 43 characters of base64url (32 random bytes); sent only to the token endpoint. */
  verifier: string;
  /** base64url(SHA-256(verifier)). */
  challenge: string;
  /** Always `S256`: HeyGen's authorize URL takes `code_challenge_method=S256`. */
  method: 'S256';
}

/** The S256 challenge of a verifier. */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** A fresh PKCE pair. */
export function createPkcePair(): PkcePair {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: pkceChallenge(verifier), method: 'S256' };
}

/** An unguessable OAuth `state` (32 random bytes, base64url). */
export function createOAuthState(): string {
  return randomBytes(32).toString('base64url');
}
