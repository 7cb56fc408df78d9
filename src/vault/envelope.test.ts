import { describe, expect, it } from 'vitest';
import { MasterKeyInvalidError, VaultTamperError } from './errors.ts';
import { openEnvelope, parseSealedRecord, rewrapEnvelope, sealEnvelope } from './envelope.ts';
import type { SealedRecord } from './envelope.ts';
import { generateMasterKey, masterKeyId, parseMasterKey } from './master-key.ts';

const secret = 'hg-live-api-key-0123456789abcdef';

/** Flips one bit of a base64 field. */
function flip(value: string, byte = 0): string {
  const bytes = Buffer.from(value, 'base64');
  bytes[byte] = bytes[byte]! ^ 1;
  return bytes.toString('base64');
}

describe('envelope encryption', () => {
  const master = generateMasterKey();

  it('round-trips a secret and never stores it in the sealed form', () => {
    const sealed = sealEnvelope(master, 1, 'account:work', secret);
    expect(sealed).toMatchObject({ v: 1, alg: 'AES-256-GCM', kid: master.id, kv: 1 });
    expect(JSON.stringify(sealed)).not.toContain(secret);
    expect(JSON.stringify(sealed)).not.toContain(master.key.toString('base64'));
    expect(openEnvelope(master, 'account:work', sealed)).toBe(secret);
    expect(
      openEnvelope(master, 'account:work', parseSealedRecord('account:work', JSON.stringify(sealed))),
    ).toBe(secret);
  });

  it('uses a fresh data key and IV per record', () => {
    const first = sealEnvelope(master, 1, 'account:work', secret);
    const second = sealEnvelope(master, 1, 'account:work', secret);
    expect(first.ct).not.toBe(second.ct);
    expect(first.dk).not.toBe(second.dk);
  });

  it.each([
    ['ciphertext', (record: SealedRecord) => ({ ...record, ct: flip(record.ct) })],
    ['tag', (record: SealedRecord) => ({ ...record, tag: flip(record.tag) })],
    ['iv', (record: SealedRecord) => ({ ...record, iv: flip(record.iv) })],
    ['wrapped data key', (record: SealedRecord) => ({ ...record, dk: flip(record.dk, 20) })],
    [
      'truncated ciphertext',
      (record: SealedRecord) => ({
        ...record,
        ct: Buffer.from(record.ct, 'base64').subarray(1).toString('base64'),
      }),
    ],
  ])('fails with a clear error when the %s is changed', (_part, tamper) => {
    const sealed = tamper(sealEnvelope(master, 1, 'account:work', secret));
    expect(() => openEnvelope(master, 'account:work', sealed)).toThrow(VaultTamperError);
    expect(() => openEnvelope(master, 'account:work', sealed)).toThrow(
      /account:work.*failed integrity checks/,
    );
  });

  it('refuses a record copied onto another record id (AAD binds the name)', () => {
    const sealed = sealEnvelope(master, 1, 'account:work', secret);
    expect(() => openEnvelope(master, 'account:default', sealed)).toThrow(VaultTamperError);
  });

  it('refuses a record under the wrong master key', () => {
    const sealed = sealEnvelope(master, 1, 'account:work', secret);
    expect(() => openEnvelope(generateMasterKey(), 'account:work', sealed)).toThrow(VaultTamperError);
  });

  it('rejects malformed stored JSON as tampering', () => {
    expect(() => parseSealedRecord('account:x', 'not json')).toThrow(VaultTamperError);
    expect(() => parseSealedRecord('account:x', '{"v":2}')).toThrow(VaultTamperError);
  });

  it('re-wraps the data key without touching the payload', () => {
    const next = generateMasterKey();
    const sealed = sealEnvelope(master, 1, 'account:work', secret);
    const rewrapped = rewrapEnvelope(master, next, 2, 'account:work', sealed);
    expect(rewrapped).toMatchObject({ kid: next.id, kv: 2, ct: sealed.ct, iv: sealed.iv, tag: sealed.tag });
    expect(rewrapped.dk).not.toBe(sealed.dk);
    expect(openEnvelope(next, 'account:work', rewrapped)).toBe(secret);
    expect(() => openEnvelope(master, 'account:work', rewrapped)).toThrow(VaultTamperError);
  });
});

describe('master keys', () => {
  const key = generateMasterKey();

  it('parses hex, base64 and base64url to the same key and fingerprint', () => {
    const hex = parseMasterKey(key.key.toString('hex'), 'test');
    const base64 = parseMasterKey(`${key.key.toString('base64')}\n`, 'test');
    const base64url = parseMasterKey(key.key.toString('base64url'), 'test');
    expect(hex.key.equals(key.key)).toBe(true);
    expect(base64.id).toBe(key.id);
    expect(base64url.id).toBe(key.id);
    expect(key.id).toBe(masterKeyId(key.key));
    expect(key.id).toMatch(/^[0-9a-f]{16}$/);
  });

  it('rejects keys of the wrong length or encoding without echoing them', () => {
    const short = Buffer.alloc(16, 7).toString('base64');
    expect(() => parseMasterKey(short, 'HEYGATE_MASTER_KEY')).toThrow(MasterKeyInvalidError);
    expect(() => parseMasterKey(short, 'HEYGATE_MASTER_KEY')).toThrow(/HEYGATE_MASTER_KEY.*32 bytes, got 16/);
    try {
      parseMasterKey('not a key!!', 'HEYGATE_MASTER_KEY');
      expect.unreachable();
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('not a key');
    }
  });
});
