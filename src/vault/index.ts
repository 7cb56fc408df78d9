/**
 * The vault: AES-256-GCM envelope encryption of secrets at rest, master keys from the environment or a
 * 0600 key file, resumable master-key rotation (ADR 0006).
 */
export { openEnvelope, parseSealedRecord, rewrapEnvelope, sealEnvelope } from './envelope.ts';
export type { MasterKey, SealedRecord } from './envelope.ts';
export {
  MasterKeyInvalidError,
  MasterKeyMissingError,
  VaultRotationError,
  VaultTamperError,
} from './errors.ts';
export { createKeyring } from './keyring.ts';
export type { KeySource, Keyring, KeyringOptions } from './keyring.ts';
export { generateMasterKey, masterKeyId, parseMasterKey } from './master-key.ts';
export { openVault } from './vault.ts';
export type {
  MasterKeyVersion,
  RotateMasterKeyOptions,
  RotationProgress,
  RotationReport,
  StoredSealedRecord,
  Vault,
  VaultOptions,
  VaultStatus,
  VaultStorage,
} from './vault.ts';
