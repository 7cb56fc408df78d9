import { MasterKeyMissingError, VaultRotationError } from './errors.ts';
import { openEnvelope, parseSealedRecord, rewrapEnvelope, sealEnvelope } from './envelope.ts';
import type { MasterKey } from './envelope.ts';
import type { KeySource, Keyring } from './keyring.ts';

/** One master key in the vault's history (the `vault_keys` table). */
export interface MasterKeyVersion {
  /** 1, 2, 3… in rotation order. */
  version: number;
  /** Fingerprint of the key (never the key). */
  keyId: string;
  /** `active`: seals and opens; `pending`: a rotation is moving records to it; `retired`: rotated away. */
  status: 'active' | 'pending' | 'retired';
  /** ISO time the version was created. */
  createdAt: string;
  /** ISO time it became active. */
  activatedAt?: string | null;
  /** ISO time it was retired. */
  retiredAt?: string | null;
  /** Rotation progress: records already wrapped with this key. */
  rewrapped: number;
  /** Rotation progress: records to wrap with this key. */
  total: number;
}

/** A sealed record as stored: its id and the serialised {@link SealedRecord}. */
export interface StoredSealedRecord {
  /** Record id (the AAD), e.g. `account:work`. */
  id: string;
  /** JSON of the sealed record. */
  sealed: string;
}

/**
 * What the vault needs from storage. The gateway adapts the Store to it; the vault stays independent of
 * the store (lint-enforced dependency direction).
 */
export interface VaultStorage {
  /** Every master key version, any order. */
  listMasterKeys(): Promise<MasterKeyVersion[]>;
  /** Adds a version; fails when the version number exists (two processes starting at once). */
  insertMasterKey(row: MasterKeyVersion): Promise<void>;
  /** Records rotation progress on the pending version. */
  recordRotationProgress(version: number, rewrapped: number, total: number): Promise<void>;
  /** Atomically: `version` becomes active, the previously active one retired. */
  activateMasterKey(version: number, at: string): Promise<void>;
  /** Every sealed record. */
  listSealedRecords(): Promise<StoredSealedRecord[]>;
  /** Replaces a record only if it still holds `expected` (compare-and-swap); false when it changed or is gone. */
  replaceSealedRecord(id: string, expected: string, next: string): Promise<boolean>;
}

/** Options of {@link openVault}. */
export interface VaultOptions {
  /** Master keys (see {@link createKeyring}). */
  keyring: Keyring;
  /** Key history and sealed records. */
  storage: VaultStorage;
  /** Time source for key-history timestamps (default `Date.now`). */
  clock?: { now(): number };
}

/** Progress of a master-key rotation, given to the hook after each record. */
export interface RotationProgress {
  recordId: string;
  /** Records on the new key so far. */
  done: number;
  total: number;
}

/** Options of {@link Vault.rotateMasterKey}. */
export interface RotateMasterKeyOptions {
  /** The new key (env mode); default: `HEYGATE_MASTER_KEY_NEXT` or a generated `master.key.next`. */
  newKey?: MasterKey;
  /** Called after each re-wrapped record. Throwing stops the rotation; it resumes on the next run. */
  onRecordRewrapped?: (progress: RotationProgress) => void | Promise<void>;
}

/** What a rotation did. */
export interface RotationReport {
  fromKeyId: string;
  toKeyId: string;
  /** Version of the new key. */
  version: number;
  /** True when this run continued an interrupted rotation. */
  resumed: boolean;
  /** Records re-wrapped by this run. */
  rewrapped: number;
  /** Records in the vault. */
  total: number;
  /** True when the operator must now set HEYGATE_MASTER_KEY to the new key (env mode). */
  envUpdateRequired: boolean;
}

/** State of the vault for `heygate vault status`. */
export interface VaultStatus {
  activeVersion: number;
  activeKeyId: string;
  /** Where the active key was loaded from. */
  keySource: KeySource | undefined;
  /** An unfinished rotation, if any. */
  pending?: { version: number; keyId: string; rewrapped: number; total: number; keyLoaded: boolean };
  /** Sealed records per master key fingerprint. */
  recordsByKeyId: Record<string, number>;
}

/** Envelope encryption of secrets at rest (HeyGen account keys). */
export interface Vault {
  /** Encrypts `plaintext` for record `recordId` (the AAD) under the current master key; returns stored JSON. */
  seal(recordId: string, plaintext: string): Promise<string>;
  /** Decrypts stored JSON; throws `VaultTamperError` or `MasterKeyMissingError`. */
  open(recordId: string, sealed: string): Promise<string>;
  status(): Promise<VaultStatus>;
  /** Re-wraps every record's data key with a new master key; resumable (ADR 0006). */
  rotateMasterKey(options?: RotateMasterKeyOptions): Promise<RotationReport>;
}

/**
 * Opens the vault: on first use records master key version 1 (creating the key file when heygate manages
 * it); afterwards checks that the active key is loaded and finishes a rotation whose last step (replacing
 * the key file) was interrupted.
 */
export async function openVault(options: VaultOptions): Promise<Vault> {
  const { keyring, storage } = options;
  const now = () => new Date((options.clock ?? Date).now()).toISOString();

  async function versions(): Promise<{
    active: MasterKeyVersion;
    pending?: MasterKeyVersion;
    all: MasterKeyVersion[];
  }> {
    let all = await storage.listMasterKeys();
    if (all.length === 0) {
      const key = keyring.primary({ create: true });
      try {
        await storage.insertMasterKey({
          version: 1,
          keyId: key.id,
          status: 'active',
          createdAt: now(),
          activatedAt: now(),
          rewrapped: 0,
          total: 0,
        });
      } catch (error) {
        // Another process initialised the vault at the same moment; use its row.
        all = await storage.listMasterKeys();
        if (all.length === 0) throw error;
      }
      all = await storage.listMasterKeys();
    }
    const active = all.find((row) => row.status === 'active');
    if (!active)
      throw new VaultRotationError('The vault has no active master key version (key history is damaged).');
    const pending = all.find((row) => row.status === 'pending');
    return { active, pending, all };
  }

  function requireKey(keyId: string, what: string): MasterKey {
    const key = keyring.get(keyId);
    if (!key) throw new MasterKeyMissingError(keyId, what);
    return key;
  }

  const initial = await versions();
  requireKey(initial.active.keyId, 'The vault');
  if (!initial.pending && keyring.sourceOf(initial.active.keyId) === 'file-next') {
    // A rotation finished in the store but stopped before master.key.next replaced master.key.
    keyring.promote(initial.active.keyId);
  }

  async function rewrapAll(
    target: MasterKey,
    version: number,
    onRecord: RotateMasterKeyOptions['onRecordRewrapped'],
  ) {
    let rewrapped = 0;
    // A record added or rotated meanwhile is already sealed with the pending key; one changed between our
    // read and our write fails the compare-and-swap and is picked up by the next pass.
    for (let pass = 0; pass < 5; pass += 1) {
      const records = await storage.listSealedRecords();
      const total = records.length;
      const remaining = records.filter(
        (record) => parseSealedRecord(record.id, record.sealed).kid !== target.id,
      );
      if (remaining.length === 0) return { rewrapped, total };
      let done = total - remaining.length;
      for (const record of remaining) {
        const parsed = parseSealedRecord(record.id, record.sealed);
        const from = requireKey(parsed.kid, `Vault record "${record.id}"`);
        const next = rewrapEnvelope(from, target, version, record.id, parsed);
        if (await storage.replaceSealedRecord(record.id, record.sealed, JSON.stringify(next))) {
          rewrapped += 1;
          done += 1;
          await storage.recordRotationProgress(version, done, total);
          await onRecord?.({ recordId: record.id, done, total });
        }
      }
    }
    throw new VaultRotationError(
      'Vault records kept changing during the rotation.',
      'Run the rotation again.',
    );
  }

  return {
    async seal(recordId, plaintext) {
      const { active, pending } = await versions();
      // During a rotation new records go straight to the new key so they need no re-wrapping.
      const pendingKey = pending ? keyring.get(pending.keyId) : undefined;
      const key = pendingKey ?? requireKey(active.keyId, 'The vault');
      const version = pendingKey && pending ? pending.version : active.version;
      return JSON.stringify(sealEnvelope(key, version, recordId, plaintext));
    },

    async open(recordId, sealed) {
      const record = parseSealedRecord(recordId, sealed);
      return openEnvelope(requireKey(record.kid, `Vault record "${recordId}"`), recordId, record);
    },

    async status() {
      const { active, pending } = await versions();
      const recordsByKeyId: Record<string, number> = {};
      for (const record of await storage.listSealedRecords()) {
        const kid = parseSealedRecord(record.id, record.sealed).kid;
        recordsByKeyId[kid] = (recordsByKeyId[kid] ?? 0) + 1;
      }
      return {
        activeVersion: active.version,
        activeKeyId: active.keyId,
        keySource: keyring.sourceOf(active.keyId),
        ...(pending
          ? {
              pending: {
                version: pending.version,
                keyId: pending.keyId,
                rewrapped: pending.rewrapped,
                total: pending.total,
                keyLoaded: keyring.get(pending.keyId) !== undefined,
              },
            }
          : {}),
        recordsByKeyId,
      };
    },

    async rotateMasterKey(rotateOptions = {}) {
      const { active, pending, all } = await versions();
      requireKey(active.keyId, 'The vault');
      let target: MasterKey;
      let version: number;
      if (pending) {
        if (rotateOptions.newKey && rotateOptions.newKey.id !== pending.keyId) {
          throw new VaultRotationError(
            `A rotation to master key ${pending.keyId} (version ${pending.version}) is unfinished; the supplied key is a different one.`,
            'Supply the key the interrupted rotation started with, then rotate again afterwards if you want another key.',
          );
        }
        if (rotateOptions.newKey) keyring.add(rotateOptions.newKey);
        target = requireKey(pending.keyId, 'The interrupted master-key rotation');
        version = pending.version;
      } else {
        target = keyring.next(rotateOptions.newKey);
        const used = all.find((row) => row.keyId === target.id);
        if (used) {
          throw new VaultRotationError(
            `The new master key is version ${used.version} of this vault (${used.status}); rotation needs a fresh key.`,
            'Generate one with `openssl rand -base64 32`.',
          );
        }
        version = Math.max(...all.map((row) => row.version)) + 1;
        const total = (await storage.listSealedRecords()).length;
        await storage.insertMasterKey({
          version,
          keyId: target.id,
          status: 'pending',
          createdAt: now(),
          rewrapped: 0,
          total,
        });
      }
      const { rewrapped, total } = await rewrapAll(target, version, rotateOptions.onRecordRewrapped);
      await storage.activateMasterKey(version, now());
      const { envUpdateRequired } = keyring.promote(target.id);
      return {
        fromKeyId: active.keyId,
        toKeyId: target.id,
        version,
        resumed: pending !== undefined,
        rewrapped,
        total,
        envUpdateRequired,
      };
    },
  };
}
