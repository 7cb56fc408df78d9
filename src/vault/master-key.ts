import { createHmac, randomBytes } from 'node:crypto';
import { MasterKeyInvalidError } from './errors.ts';
import type { MasterKey } from './envelope.ts';

/** Length of a master key: AES-256. */
export const masterKeyBytes = 32;

/**
 * Parses a master key written as hex (64 digits) or base64/base64url (32 bytes). `source` names where it
 * came from in the error (never the value).
 */
export function parseMasterKey(text: string, source: string): MasterKey {
  const trimmed = text.trim();
  let key: Buffer;
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) {
    key = Buffer.from(trimmed, 'hex');
  } else if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
    key = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  } else {
    throw new MasterKeyInvalidError(source, 'expected base64 or hex');
  }
  if (key.length !== masterKeyBytes) {
    throw new MasterKeyInvalidError(source, `expected ${masterKeyBytes} bytes, got ${key.length}`);
  }
  return { id: masterKeyId(key), key };
}

/**
 * Fingerprint of a master key: the first 16 hex digits of HMAC-SHA-256(key, label). It names the key in
 * records and messages; being a MAC under the key itself, it reveals nothing about the key.
 */
export function masterKeyId(key: Buffer): string {
  return createHmac('sha256', key).update('heygate master key id').digest('hex').slice(0, 16);
}

/** A fresh random master key. */
export function generateMasterKey(): MasterKey {
  const key = randomBytes(masterKeyBytes);
  return { id: masterKeyId(key), key };
}
