import { openFlowStore } from '../store/open-flow-store.ts';
import type { Store } from '../store/store.ts';
import type { VaultStorage } from '../vault/vault.ts';

/** Prefix of the vault record id of a flow connection's secrets (mirrors `connectionRecordPrefix` in flows). */
const connectionRecordPrefix = 'connection:';

/** Prefix of the vault record id of an account key: the AAD binds each sealed key to its account name. */
export const accountRecordPrefix = 'account:';

/** Vault record id of account `name`'s key. */
export function accountRecordId(name: string): string {
  return `${accountRecordPrefix}${name}`;
}

/**
 * Adapts the Store to what the vault needs: the key history (`vault_keys`) and every sealed record — the
 * accounts' keys and tokens, and the other secrets (webhook signing secrets, staged keys, pending OAuth
 * authorizations; see secret-ids.ts). The vault does not know the store (dependency direction); the gateway
 * wires them.
 */
export function createStoreVaultStorage(store: Store, clock: { now(): number } = Date): VaultStorage {
  return {
    listMasterKeys: () => store.listMasterKeys(),
    insertMasterKey: (row) => store.insertMasterKey(row),
    recordRotationProgress: (version, rewrapped, total) =>
      store.recordRotationProgress(version, rewrapped, total),
    activateMasterKey: (version, at) => store.activateMasterKey(version, at),
    async listSealedRecords() {
      const accounts = (await store.listAccounts()).map((account) => ({
        id: accountRecordId(account.name),
        sealed: account.keyRecord,
      }));
      const secrets = (await store.listSecrets()).map((secret) => ({ id: secret.id, sealed: secret.sealed }));
      // Flow connections keep their headers and environment sealed too (issue 15); rotation re-wraps them.
      const connections = store.connection ? await openFlowStore(store).listConnections() : [];
      return [
        ...accounts,
        ...secrets,
        ...connections.flatMap((connection) =>
          connection.secretRecord
            ? [{ id: `${connectionRecordPrefix}${connection.name}`, sealed: connection.secretRecord }]
            : [],
        ),
      ];
    },
    async replaceSealedRecord(id, expected, next) {
      const at = new Date(clock.now()).toISOString();
      if (id.startsWith(connectionRecordPrefix) && store.connection) {
        return openFlowStore(store).replaceConnectionSecret(
          id.slice(connectionRecordPrefix.length),
          expected,
          next,
          at,
        );
      }
      if (!id.startsWith(accountRecordPrefix)) return store.replaceSecret(id, expected, next, {}, at);
      const name = id.slice(accountRecordPrefix.length);
      return store.replaceAccountKey(name, expected, next, {}, at);
    },
  };
}
