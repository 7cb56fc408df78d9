import type { Store } from '../store/store.ts';
import type { VaultStorage } from '../vault/vault.ts';

/** Prefix of the vault record id of an account key: the AAD binds each sealed key to its account name. */
export const accountRecordPrefix = 'account:';

/** Vault record id of account `name`'s key. */
export function accountRecordId(name: string): string {
  return `${accountRecordPrefix}${name}`;
}

/**
 * Adapts the Store to what the vault needs: the key history (`vault_keys`) and the sealed account keys.
 * The vault does not know the store (dependency direction); the gateway wires them.
 */
export function createStoreVaultStorage(store: Store, clock: { now(): number } = Date): VaultStorage {
  return {
    listMasterKeys: () => store.listMasterKeys(),
    insertMasterKey: (row) => store.insertMasterKey(row),
    recordRotationProgress: (version, rewrapped, total) =>
      store.recordRotationProgress(version, rewrapped, total),
    activateMasterKey: (version, at) => store.activateMasterKey(version, at),
    async listSealedRecords() {
      return (await store.listAccounts()).map((account) => ({
        id: accountRecordId(account.name),
        sealed: account.keyRecord,
      }));
    },
    async replaceSealedRecord(id, expected, next) {
      if (!id.startsWith(accountRecordPrefix)) return false;
      const name = id.slice(accountRecordPrefix.length);
      return store.replaceAccountKey(name, expected, next, {}, new Date(clock.now()).toISOString());
    },
  };
}
