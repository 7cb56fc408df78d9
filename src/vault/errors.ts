import { HeyGateError } from '../catalog/errors.ts';

/**
 * Errors of the vault. Their messages name the record and the master key id (a fingerprint), never key
 * material or plaintext.
 *
 * Codes:
 * - `master_key_invalid`   `HEYGATE_MASTER_KEY` or the key file does not hold 32 bytes in base64/hex
 * - `master_key_missing`   a record (or the vault) needs a master key that is not loaded
 * - `vault_tampered`       a sealed record failed authentication: changed, truncated, or moved to another id
 * - `vault_rotation`       a master-key rotation cannot start or continue as asked
 */

/** The master key given by environment or file is malformed. */
export class MasterKeyInvalidError extends HeyGateError {
  constructor(source: string, detail: string) {
    super(`Master key from ${source} is invalid: ${detail}.`, {
      code: 'master_key_invalid',
      hint: 'A master key is 32 random bytes written as base64 or hex, e.g. `openssl rand -base64 32`.',
    });
    this.name = 'MasterKeyInvalidError';
  }
}

/** A record was sealed with a master key that is not loaded. */
export class MasterKeyMissingError extends HeyGateError {
  /** Fingerprint of the key that is needed. */
  readonly keyId: string;
  constructor(keyId: string, what: string, hint?: string) {
    super(`${what} needs master key ${keyId}, which is not loaded.`, {
      code: 'master_key_missing',
      hint:
        hint ??
        'Set HEYGATE_MASTER_KEY to the key this vault was created with, or restore $HEYGATE_HOME/master.key from backup.',
    });
    this.name = 'MasterKeyMissingError';
    this.keyId = keyId;
  }
}

/** A sealed record failed AES-GCM authentication: its bytes were changed or it was copied to another record. */
export class VaultTamperError extends HeyGateError {
  /** Record id whose authentication failed. */
  readonly recordId: string;
  constructor(recordId: string, part: 'format' | 'data key' | 'payload') {
    super(
      `Vault record "${recordId}" failed integrity checks (${part}): it was modified, truncated or belongs to another record.`,
      {
        code: 'vault_tampered',
        hint: 'Restore the record from backup or store the secret again (e.g. `heygate accounts rotate NAME`).',
      },
    );
    this.name = 'VaultTamperError';
    this.recordId = recordId;
  }
}

/** A master-key rotation cannot start or continue. */
export class VaultRotationError extends HeyGateError {
  constructor(message: string, hint?: string) {
    super(message, { code: 'vault_rotation', hint });
    this.name = 'VaultRotationError';
  }
}
