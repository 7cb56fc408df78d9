import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createGateway } from '../../src/gateway/gateway.ts';
import { createStoreVaultStorage } from '../../src/gateway/store-vault-storage.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import { storeTestTargets } from '../../src/store/store-test-targets.ts';
import { createKeyring } from '../../src/vault/keyring.ts';
import { openVault } from '../../src/vault/vault.ts';
import { createGatewayFixture, type GatewayFixture } from '../gateway/gateway-fixture.ts';

/**
 * Rotation on a schedule (issue 14 item 3): persona tokens with expiry and a grace period, API-key rotation
 * where the old key keeps working until the new one is verified, schedules and what `vault status` shows as due.
 */

const targets = await storeTestTargets();
const hour = 3_600_000;
const day = 24 * hour;

for (const target of targets) {
  describe.runIf(target.enabled)(
    `credential rotation on ${target.name}${target.reason ? ` [${target.reason}]` : ''}`,
    () => {
      const fixtures: GatewayFixture[] = [];
      afterEach(async () => {
        for (const fixture of fixtures.splice(0)) await fixture.cleanup();
      });
      async function setup() {
        const fixture = await createGatewayFixture(target, { emulatorClock: true });
        fixtures.push(fixture);
        return { fixture, gateway: fixture.gateway, clock: fixture.heygen.started.emulator.clock };
      }

      it('expires persona tokens and keeps a rotated token working for its grace period only', async () => {
        const { gateway, clock } = await setup();
        const { persona, token } = await gateway.personas.create({ name: 'bot', tokenTtlMs: 30 * day });
        expect(persona.tokenExpiresAt).toBe(new Date(clock.now() + 30 * day).toISOString());
        const call = (personaToken: string) =>
          gateway.execute({ tool: 'voice_list', input: { limit: 1 }, personaToken, surface: 'library' });
        expect((await call(token)).ok).toBe(true);

        clock.advance(25 * day);
        expect(await gateway.rotation.status()).toContainEqual(
          expect.objectContaining({ kind: 'persona_token', name: 'bot', state: 'due', automatic: false }),
        );
        const rotated = await gateway.personas.rotateToken('bot', { graceMs: hour });
        expect(rotated.persona.tokenExpiresAt).toBe(new Date(clock.now() + 30 * day).toISOString());
        expect((await call(token)).ok).toBe(true);
        expect((await call(rotated.token)).ok).toBe(true);
        clock.advance(hour + 1);
        await expect(call(token)).rejects.toMatchObject({
          code: 'unauthenticated',
          message: expect.stringContaining('replaced by a rotation'),
        });
        expect((await call(rotated.token)).ok).toBe(true);

        clock.advance(30 * day);
        await expect(call(rotated.token)).rejects.toMatchObject({
          code: 'unauthenticated',
          message: expect.stringContaining('expired'),
        });
        expect(await gateway.rotation.status()).toContainEqual(
          expect.objectContaining({ kind: 'persona_token', name: 'bot', state: 'expired' }),
        );
        // Clearing the lifetime lifts the expiry.
        await gateway.personas.update('bot', { tokenTtlMs: null });
        expect((await call(rotated.token)).ok).toBe(true);
        const admin = (await gateway.queryAudit({ kind: 'admin', order: 'asc' })).records;
        expect(admin.map((record) => record.tool)).toEqual([
          'persona.create',
          'persona.rotate',
          'persona.update',
        ]);
        expect(JSON.stringify(admin)).not.toContain(token);
        expect(JSON.stringify(admin)).not.toContain(rotated.token);
        expect(JSON.parse(admin[2]!.response!)).toMatchObject({
          tokenTtlMs: { from: 30 * day, to: null },
        });
      });

      it('keeps the old API key working until the new one is verified, then switches', async () => {
        const { fixture, gateway, clock } = await setup();
        const [, oldKey] = fixture.keys;
        const newKey = 'hg-test-work-key-not-yet-active';
        await gateway.accounts.add('work', oldKey!);
        const call = () =>
          gateway.execute({ tool: 'voice_list', input: { limit: 1 }, account: 'work', surface: 'library' });

        // Without a grace period a key HeyGen refuses changes nothing.
        await expect(gateway.accounts.rotate('work', newKey)).rejects.toMatchObject({
          code: 'account_verification_failed',
        });
        expect((await gateway.accounts.get('work')).pendingKey).toBeNull();

        const staged = await gateway.accounts.rotate('work', newKey, { graceMs: day });
        expect(staged.state).toBe('staged');
        expect(staged.account.pendingKey).toMatchObject({
          expiresAt: new Date(clock.now() + day).toISOString(),
        });
        expect((await call()).ok).toBe(true);
        // Only the two verifications (both refused) used the new key; calls still go out with the old one.
        expect(fixture.heygen.seen.filter((request) => request.apiKey === newKey)).toHaveLength(2);
        expect(await gateway.rotation.runDue()).toContainEqual({
          kind: 'api_key',
          name: 'work',
          outcome: 'waiting',
        });

        // The new key becomes active at HeyGen: the next sweep verifies it and switches.
        fixture.heygen.started.emulator.addKey(newKey);
        expect(await gateway.rotation.runDue()).toContainEqual({
          kind: 'api_key',
          name: 'work',
          outcome: 'done',
        });
        const before = fixture.heygen.requestsWith(oldKey!);
        expect((await call()).ok).toBe(true);
        expect(fixture.heygen.requestsWith(oldKey!)).toBe(before);
        const account = await gateway.accounts.get('work');
        expect(account).toMatchObject({
          pendingKey: null,
          health: 'ok',
          credentialRotatedAt: new Date(clock.now()).toISOString(),
        });
        const rotations = (await gateway.queryAudit({ kind: 'admin', tool: 'account.rotate', order: 'asc' }))
          .records;
        expect(
          rotations.map((record) => [record.outcome, JSON.parse(record.response ?? 'null')?.state ?? null]),
        ).toEqual([
          ['error', null],
          ['ok', 'staged'],
          ['ok', 'rotated'],
        ]);
      });

      it('switches to the staged key as soon as HeyGen refuses the old one', async () => {
        const { fixture, gateway } = await setup();
        const [, oldKey, nextKey] = fixture.keys;
        await gateway.accounts.add('work', oldKey!);
        // The next key is not active at HeyGen yet when the operator stages it.
        fixture.heygen.revoke(nextKey!);
        expect((await gateway.accounts.rotate('work', nextKey!, { graceMs: hour })).state).toBe('staged');
        // Then HeyGen swaps them: the old key is refused, the new one works.
        fixture.heygen.revoke(oldKey!);
        fixture.heygen.restore(nextKey!);
        const call = () =>
          gateway.execute({ tool: 'voice_list', input: { limit: 1 }, account: 'work', surface: 'library' });
        expect(await call()).toMatchObject({ ok: false, error: { code: 'authentication_failed' } });
        // The refusal verified the staged key at once (in the background) and switched to it.
        for (let wait = 0; wait < 100 && (await gateway.accounts.get('work')).pendingKey; wait += 1)
          await new Promise((resolve) => setTimeout(resolve, 10));
        expect(await gateway.accounts.get('work')).toMatchObject({ pendingKey: null, health: 'ok' });
        expect((await call()).ok).toBe(true);
      });

      it('drops a staged key that is never verified within its grace period', async () => {
        const { gateway, clock } = await setup();
        await gateway.accounts.add('work', 'hg-test-work-key-0002');
        await gateway.accounts.rotate('work', 'hg-test-never-valid-key', { graceMs: hour });
        clock.advance(hour + 1);
        expect(await gateway.rotation.runDue()).toContainEqual({
          kind: 'api_key',
          name: 'work',
          outcome: 'skipped',
        });
        const account = await gateway.accounts.get('work');
        expect(account.pendingKey).toBeNull();
        expect(account.healthDetail).toContain('key_rotation_expired');
        expect(
          (
            await gateway.execute({
              tool: 'voice_list',
              input: { limit: 1 },
              account: 'work',
              surface: 'library',
            })
          ).ok,
        ).toBe(true);
      });

      it('sets schedules, shows what is due, and refuses bad ones naming the field', async () => {
        const { gateway, clock } = await setup();
        await gateway.accounts.add('work', 'hg-test-work-key-0002');
        await gateway.rotation.setPolicy({ subject: 'master_key', everyMs: 90 * day });
        await gateway.rotation.setPolicy({ subject: 'api_key', everyMs: 30 * day });
        await gateway.rotation.setPolicy({ subject: 'api_key', account: 'work', everyMs: 7 * day });
        expect(await gateway.rotation.policies()).toEqual([
          { subject: 'api_key', everyMs: 30 * day },
          { subject: 'api_key', account: 'work', everyMs: 7 * day },
          { subject: 'master_key', everyMs: 90 * day },
        ]);
        await expect(gateway.rotation.setPolicy({ subject: 'api_key', everyMs: 5 })).rejects.toMatchObject({
          code: 'invalid_input',
          message: expect.stringContaining('Invalid interval'),
        });
        await expect(
          gateway.rotation.setPolicy({ subject: 'master_key', account: 'work', everyMs: day }),
        ).rejects.toMatchObject({ code: 'invalid_input' });
        await expect(
          gateway.rotation.setPolicy({ subject: 'api_key', account: 'nobody', everyMs: day }),
        ).rejects.toMatchObject({ code: 'unknown_account' });

        let status = await gateway.rotation.status();
        expect(status.find((item) => item.kind === 'api_key')).toMatchObject({
          name: 'work',
          everyMs: 7 * day,
          state: 'ok',
          automatic: false,
        });
        clock.advance(8 * day);
        status = await gateway.rotation.status();
        expect(status.find((item) => item.kind === 'api_key')).toMatchObject({ state: 'due' });
        // The fixture keeps the master key in HEYGATE_MASTER_KEY: heygate cannot rotate it alone.
        expect(status.find((item) => item.kind === 'master_key')).toMatchObject({
          state: 'ok',
          automatic: false,
        });
        clock.advance(90 * day);
        expect((await gateway.rotation.status()).find((item) => item.kind === 'master_key')).toMatchObject({
          state: 'due',
          note: expect.stringContaining('--new-key-from-env'),
        });
        await gateway.rotation.setPolicy({ subject: 'api_key', account: 'work', everyMs: null });
        expect((await gateway.rotation.policies()).some((policy) => policy.account === 'work')).toBe(false);
        const schedules = (await gateway.queryAudit({ kind: 'admin', tool: 'vault.schedule' })).records;
        // Three schedules set and one cleared; refused input changed nothing and is not an admin action.
        expect(schedules).toHaveLength(4);
      });
    },
  );
}

describe('master key on a schedule (key file)', () => {
  const homes: string[] = [];
  afterEach(() => {
    for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
  });

  it('rotates the key file automatically when due, audited, and every record still opens', async () => {
    const home = mkdtempSync(join(tmpdir(), 'heygate-rotation-'));
    homes.push(home);
    let now = Date.UTC(2026, 0, 1);
    const clock = { now: () => now };
    const store = createSqliteStore({ path: join(home, 'heygate.db') });
    const vault = await openVault({
      keyring: createKeyring({ home, env: {} }),
      storage: createStoreVaultStorage(store, clock),
      clock,
    });
    const gateway = createGateway({ store, vault, clock, ownsStore: true });
    try {
      await gateway.accounts.add('work', 'hg-some-key-0001', { skipVerify: true });
      await gateway.rotation.setPolicy({ subject: 'master_key', everyMs: 90 * day });
      const first = await gateway.vault.status();
      expect(await gateway.rotation.runDue()).not.toContainEqual(
        expect.objectContaining({ kind: 'master_key' }),
      );
      now += 91 * day;
      expect(await gateway.rotation.runDue()).toContainEqual({
        kind: 'master_key',
        name: null,
        outcome: 'done',
      });
      const second = await gateway.vault.status();
      expect(second.activeVersion).toBe(first.activeVersion + 1);
      expect(second.recordsByKeyId).toEqual({ [second.activeKeyId]: 1 });
      const { apiKey } = await gateway.accounts.client('work');
      expect(apiKey).toBe('hg-some-key-0001');
      expect(
        (await gateway.queryAudit({ kind: 'admin', tool: 'vault.rotate-master-key' })).records[0],
      ).toMatchObject({ outcome: 'ok', surface: 'library' });
      expect((await gateway.verifyAudit()).ok).toBe(true);
    } finally {
      await gateway.close();
    }
  });
});
