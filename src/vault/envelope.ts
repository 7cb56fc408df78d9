import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { VaultTamperError } from './errors.ts';

/**
 * AES-256-GCM envelope encryption (ADR 0006). Each record gets its own random 256-bit data key; the payload
 * is encrypted with the data key and the data key is encrypted ("wrapped") with the master key. Rotating the
 * master key therefore re-wraps 60 bytes per record and never touches payloads.
 *
 * Both encryptions carry additional authenticated data that binds them to the record id, so a sealed record
 * copied onto another record (e.g. swapping two accounts' keys in the database) fails to open.
 */

/** A master key with its fingerprint and version, as the keyring holds it. */
export interface MasterKey {
  /** Fingerprint of the key (not secret): names the key in sealed records and messages. */
  id: string;
  /** The 32 key bytes. */
  key: Buffer;
}

/** The stored form of a sealed secret (serialised as JSON). Binary fields are base64. */
export interface SealedRecord {
  /** Format version. */
  v: 1;
  alg: 'AES-256-GCM';
  /** Fingerprint of the master key that wraps the data key. */
  kid: string;
  /** Version of that master key in the vault's key history (for operators; `kid` is authoritative). */
  kv: number;
  /** Wrapped data key: 12-byte IV, 32-byte ciphertext, 16-byte tag. */
  dk: string;
  /** Payload IV (12 bytes). */
  iv: string;
  /** Payload ciphertext. */
  ct: string;
  /** Payload authentication tag (16 bytes). */
  tag: string;
}

const ivBytes = 12;
const tagBytes = 16;
const keyBytes = 32;

/** AAD of the wrapped data key: the record id, so a wrapped key cannot be moved to another record. */
function wrapAad(recordId: string): Buffer {
  return Buffer.from(`heygate/vault/v1/data-key\u0000${recordId}`, 'utf8');
}

/** AAD of the payload: the record id. Unchanged by master-key rotation, which only re-wraps. */
function payloadAad(recordId: string): Buffer {
  return Buffer.from(`heygate/vault/v1/payload\u0000${recordId}`, 'utf8');
}

function encrypt(
  key: Buffer,
  plaintext: Buffer,
  aad: Buffer,
): { iv: Buffer; ciphertext: Buffer; tag: Buffer } {
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: tagBytes });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, ciphertext, tag: cipher.getAuthTag() };
}

/** Decrypts or returns undefined when authentication fails (the caller names the record in its error). */
function decrypt(key: Buffer, iv: Buffer, ciphertext: Buffer, tag: Buffer, aad: Buffer): Buffer | undefined {
  if (iv.length !== ivBytes || tag.length !== tagBytes) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: tagBytes });
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    return undefined;
  }
}

function wrapDataKey(master: MasterKey, recordId: string, dataKey: Buffer): string {
  const wrapped = encrypt(master.key, dataKey, wrapAad(recordId));
  return Buffer.concat([wrapped.iv, wrapped.ciphertext, wrapped.tag]).toString('base64');
}

function unwrapDataKey(master: MasterKey, recordId: string, record: SealedRecord): Buffer {
  const bytes = Buffer.from(record.dk, 'base64');
  if (bytes.length !== ivBytes + keyBytes + tagBytes) throw new VaultTamperError(recordId, 'data key');
  const dataKey = decrypt(
    master.key,
    bytes.subarray(0, ivBytes),
    bytes.subarray(ivBytes, ivBytes + keyBytes),
    bytes.subarray(ivBytes + keyBytes),
    wrapAad(recordId),
  );
  if (!dataKey || dataKey.length !== keyBytes) throw new VaultTamperError(recordId, 'data key');
  return dataKey;
}

/** Encrypts `plaintext` for record `recordId` under `master` with a fresh data key. */
export function sealEnvelope(
  master: MasterKey,
  version: number,
  recordId: string,
  plaintext: string,
): SealedRecord {
  const dataKey = randomBytes(keyBytes);
  try {
    const payload = encrypt(dataKey, Buffer.from(plaintext, 'utf8'), payloadAad(recordId));
    return {
      v: 1,
      alg: 'AES-256-GCM',
      kid: master.id,
      kv: version,
      dk: wrapDataKey(master, recordId, dataKey),
      iv: payload.iv.toString('base64'),
      ct: payload.ciphertext.toString('base64'),
      tag: payload.tag.toString('base64'),
    };
  } finally {
    dataKey.fill(0);
  }
}

/** Decrypts a record sealed by {@link sealEnvelope}; `master` must be the key named by `record.kid`. */
export function openEnvelope(master: MasterKey, recordId: string, record: SealedRecord): string {
  const dataKey = unwrapDataKey(master, recordId, record);
  try {
    const plaintext = decrypt(
      dataKey,
      Buffer.from(record.iv, 'base64'),
      Buffer.from(record.ct, 'base64'),
      Buffer.from(record.tag, 'base64'),
      payloadAad(recordId),
    );
    if (!plaintext) throw new VaultTamperError(recordId, 'payload');
    return plaintext.toString('utf8');
  } finally {
    dataKey.fill(0);
  }
}

/**
 * Re-wraps the record's data key from `from` to `to` (master-key rotation). The payload fields are copied
 * unchanged; the data key is checked on the way (a tampered record fails here, not later).
 */
export function rewrapEnvelope(
  from: MasterKey,
  to: MasterKey,
  toVersion: number,
  recordId: string,
  record: SealedRecord,
): SealedRecord {
  const dataKey = unwrapDataKey(from, recordId, record);
  try {
    return { ...record, kid: to.id, kv: toVersion, dk: wrapDataKey(to, recordId, dataKey) };
  } finally {
    dataKey.fill(0);
  }
}

/** Parses the stored JSON form of a sealed record; malformed input is reported as tampering. */
export function parseSealedRecord(recordId: string, text: string): SealedRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new VaultTamperError(recordId, 'format');
  }
  const record = value as Partial<SealedRecord> | null;
  const fields = ['kid', 'dk', 'iv', 'ct', 'tag'] as const;
  if (
    !record ||
    typeof record !== 'object' ||
    record.v !== 1 ||
    record.alg !== 'AES-256-GCM' ||
    typeof record.kv !== 'number' ||
    fields.some((field) => typeof record[field] !== 'string')
  ) {
    throw new VaultTamperError(recordId, 'format');
  }
  return record as SealedRecord;
}
