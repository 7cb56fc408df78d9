import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStoreVaultStorage } from '../gateway/store-vault-storage.ts';
import type { Store } from '../store/store.ts';
import { storeTestTargets } from '../store/store-test-targets.ts';
import type { StoreFixture } from '../store/store-test-targets.ts';
import { MasterKeyMissingError, VaultRotationError } from './errors.ts';
import { parseSealedRecord } from './envelope.ts';
import { createKeyring } from './keyring.ts';
import { generateMasterKey, parseMasterKey } from './master-key.ts';
import { openVault } from './vault.ts';

const targets = await storeTestTargets();

/** Puts `count` sealed accounts into the store. */
async function addAccounts(
  store: Store,
  vault: Awaited<ReturnType<typeof openVault>>,
  count: number,
): Promise<string[]> {
  const names = Array.from({ length: count }, (_, index) => `acct${index}`);
  for (const name of names) {
    await store.insertAccount({
      name,
      billingPool: 'api',
      keyRecord: await vault.seal(`account:${name}`, `secret-key-of-${name}`),
      health: 'unknown',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
  }
  return names;
}

async function openAll(
  store: Store,
  vault: Awaited<ReturnType<typeof openVault>>,
): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const account of await store.listAccounts()) {
    result[account.name] = await vault.open(`account:${account.name}`, account.keyRecord);
  }
  return result;
}

for (const target of targets) {
  describe.runIf(target.enabled)(
    `vault on ${target.name}${target.reason ? ` [${target.reason}]` : ''}`,
    () => {
      let fixture: StoreFixture;
      let home: string;

      beforeEach(async () => {
        fixture = await target.create();
        home = mkdtempSync(join(tmpdir(), 'heygate-vault-'));
      });
      afterEach(async () => {
        await fixture.cleanup();
        rmSync(home, { recursive: true, force: true });
      });

      it('creates a 0600 key file on first run and opens records in a later process', async () => {
        const vault = await openVault({
          keyring: createKeyring({ home, env: {} }),
          storage: createStoreVaultStorage(fixture.store),
        });
        const keyPath = join(home, 'master.key');
        expect(statSync(keyPath).mode & 0o777).toBe(0o600);
        await addAccounts(fixture.store, vault, 2);

        const store = await fixture.reopen();
        const again = await openVault({
          keyring: createKeyring({ home, env: {} }),
          storage: createStoreVaultStorage(store),
        });
        expect(await openAll(store, again)).toEqual({
          acct0: 'secret-key-of-acct0',
          acct1: 'secret-key-of-acct1',
        });
        expect((await again.status()).activeVersion).toBe(1);
      });

      it('refuses to start with a different master key than the vault was created with', async () => {
        const first = generateMasterKey();
        await openVault({
          keyring: createKeyring({ env: { HEYGATE_MASTER_KEY: first.key.toString('base64') } }),
          storage: createStoreVaultStorage(fixture.store),
        });
        const other = generateMasterKey();
        await expect(
          openVault({
            keyring: createKeyring({ env: { HEYGATE_MASTER_KEY: other.key.toString('hex') } }),
            storage: createStoreVaultStorage(fixture.store),
          }),
        ).rejects.toThrow(MasterKeyMissingError);
        // A lost key file is not silently replaced by a new key once the vault exists.
        await expect(
          openVault({
            keyring: createKeyring({ home, env: {} }),
            storage: createStoreVaultStorage(fixture.store),
          }),
        ).rejects.toThrow(MasterKeyMissingError);
        expect(existsSync(join(home, 'master.key'))).toBe(false);
      });

      it('rotates the master key (file mode), survives an interruption and resumes', async () => {
        const vault = await openVault({
          keyring: createKeyring({ home, env: {} }),
          storage: createStoreVaultStorage(fixture.store),
        });
        const names = await addAccounts(fixture.store, vault, 5);
        const oldKey = readFileSync(join(home, 'master.key'), 'utf8');
        const before = await fixture.store.listAccounts();

        // Crash after two records: the hook throws like a killed process would stop.
        let seen = 0;
        await expect(
          vault.rotateMasterKey({
            onRecordRewrapped: () => {
              seen += 1;
              if (seen === 2) throw new Error('simulated crash');
            },
          }),
        ).rejects.toThrow('simulated crash');
        expect(statSync(join(home, 'master.key.next')).mode & 0o777).toBe(0o600);

        // A new process: both keys are loaded, every record opens, and the status shows the unfinished rotation.
        const store = await fixture.reopen();
        const resumed = await openVault({
          keyring: createKeyring({ home, env: {} }),
          storage: createStoreVaultStorage(store),
        });
        const status = await resumed.status();
        expect(status.pending).toMatchObject({ version: 2, rewrapped: 2, total: 5, keyLoaded: true });
        expect(Object.values(status.recordsByKeyId).sort()).toEqual([2, 3]);
        expect(Object.keys(await openAll(store, resumed))).toEqual(names);

        // A record added during the rotation is sealed with the new key directly.
        const late = await resumed.seal('account:late', 'secret-key-of-late');
        expect(parseSealedRecord('account:late', late)).toMatchObject({ kid: status.pending!.keyId, kv: 2 });
        await store.insertAccount({
          name: 'late',
          billingPool: 'plan',
          keyRecord: late,
          health: 'unknown',
          createdAt: '2026-01-01T00:00:00.000Z',
          updatedAt: '2026-01-01T00:00:00.000Z',
        });
        const report = await resumed.rotateMasterKey();
        expect(report).toMatchObject({
          resumed: true,
          rewrapped: 3,
          total: 6,
          version: 2,
          envUpdateRequired: false,
        });

        const after = (await store.listAccounts()).filter((account) => account.name !== 'late');
        for (const [index, account] of after.entries()) {
          const record = parseSealedRecord(account.name, account.keyRecord);
          const old = parseSealedRecord(account.name, before[index]!.keyRecord);
          expect(record.kid).toBe(report.toKeyId);
          expect(record.kv).toBe(2);
          expect(record.ct).toBe(old.ct); // payloads are never re-encrypted
        }
        expect(existsSync(join(home, 'master.key.next'))).toBe(false);
        expect(readFileSync(join(home, 'master.key'), 'utf8')).not.toBe(oldKey);

        const fresh = await openVault({
          keyring: createKeyring({ home, env: {} }),
          storage: createStoreVaultStorage(await fixture.reopen()),
        });
        expect(await openAll(store, fresh)).toMatchObject({
          acct0: 'secret-key-of-acct0',
          acct4: 'secret-key-of-acct4',
          late: 'secret-key-of-late',
        });
        const history = await store.listMasterKeys();
        expect(history.map((row) => row.status)).toEqual(['retired', 'active']);
      });

      it('rotates an environment master key only with a supplied key, also when resuming', async () => {
        const oldKey = generateMasterKey();
        const newKey = generateMasterKey();
        const env = { HEYGATE_MASTER_KEY: oldKey.key.toString('base64') };
        const vault = await openVault({
          keyring: createKeyring({ home, env }),
          storage: createStoreVaultStorage(fixture.store),
        });
        await addAccounts(fixture.store, vault, 3);

        await expect(vault.rotateMasterKey()).rejects.toThrow(VaultRotationError);
        await expect(vault.rotateMasterKey({ newKey: oldKey })).rejects.toThrow(/fresh key/);
        await expect(
          vault.rotateMasterKey({
            newKey,
            onRecordRewrapped: () => {
              throw new Error('simulated crash');
            },
          }),
        ).rejects.toThrow('simulated crash');

        const restarted = await openVault({
          keyring: createKeyring({ home, env }),
          storage: createStoreVaultStorage(fixture.store),
        });
        await expect(restarted.rotateMasterKey()).rejects.toThrow(MasterKeyMissingError);
        await expect(restarted.rotateMasterKey({ newKey: generateMasterKey() })).rejects.toThrow(
          /unfinished/,
        );
        const report = await restarted.rotateMasterKey({
          newKey: parseMasterKey(newKey.key.toString('hex'), 'test'),
        });
        expect(report).toMatchObject({ resumed: true, rewrapped: 2, total: 3, envUpdateRequired: true });

        const updated = await openVault({
          keyring: createKeyring({ home, env: { HEYGATE_MASTER_KEY: newKey.key.toString('base64') } }),
          storage: createStoreVaultStorage(fixture.store),
        });
        expect(await openAll(fixture.store, updated)).toEqual({
          acct0: 'secret-key-of-acct0',
          acct1: 'secret-key-of-acct1',
          acct2: 'secret-key-of-acct2',
        });
        await expect(
          openVault({
            keyring: createKeyring({ home, env }),
            storage: createStoreVaultStorage(fixture.store),
          }),
        ).rejects.toThrow(MasterKeyMissingError);
      });
    },
  );
}
