import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { genesisHash } from './audit-hash.ts';
import { StaleReadsError, StoreConflictError } from './errors.ts';
import { migrations } from './migrations.ts';
import type { AccountRow, AuditEntry, PersonaRow, Store } from './store.ts';
import { storeTestTargets } from './store-test-targets.ts';
import type { StoreFixture } from './store-test-targets.ts';
import { verifyAuditChain } from './verify-audit-chain.ts';

const targets = await storeTestTargets();

function entry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    time: '2026-01-01T00:00:00.000Z',
    user: 'operator',
    personaId: null,
    personaName: null,
    surface: 'cli',
    prompt: null,
    tool: 'user_me_get',
    account: 'default',
    fallbackFrom: null,
    arguments: '{}',
    response: '{"ok":true}',
    error: null,
    outcome: 'ok',
    requestId: 'req_1',
    latencyMs: 1.234,
    credits: null,
    ...overrides,
  };
}

function account(name: string): AccountRow {
  return {
    name,
    billingPool: 'api',
    baseUrl: null,
    keyRecord: '{"sealed":1}',
    lastVerifiedAt: null,
    health: 'unknown',
    healthDetail: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    authKind: 'api_key',
    credentialExpiresAt: null,
    credentialRotatedAt: null,
    oauthClientId: null,
    identity: null,
  };
}

function persona(overrides: Partial<PersonaRow> = {}): PersonaRow {
  return {
    id: 'ps_1',
    name: 'writer',
    tokenHash: 'a'.repeat(64),
    scopes: ['read'],
    accounts: [],
    budgetUsd: null,
    budgetPeriod: null,
    status: 'active',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    revokedAt: null,
    ...overrides,
  };
}

for (const target of targets) {
  describe.runIf(target.enabled)(
    `Store (${target.name})${target.reason ? ` [${target.reason}]` : ''}`,
    () => {
      let fixture: StoreFixture;
      let store: Store;

      beforeEach(async () => {
        fixture = await target.create();
        store = fixture.store;
      });
      afterEach(async () => {
        await fixture.cleanup();
      });

      it('applies every migration once, also when a second process opens the database', async () => {
        const all = migrations.map((migration) => migration.version);
        expect(await store.migrations()).toEqual(all);
        const second = await fixture.reopen();
        expect(await second.migrations()).toEqual(all);
      });

      it('stores accounts and refuses a duplicate name', async () => {
        const row = account('work');
        await store.insertAccount(row);
        await expect(store.insertAccount(row)).rejects.toBeInstanceOf(StoreConflictError);
        expect(await store.getAccount('work')).toEqual(row);
        expect(
          await store.updateAccount(
            'work',
            { health: 'ok', lastVerifiedAt: '2026-01-02T00:00:00.000Z' },
            '2026-01-02T00:00:00.000Z',
          ),
        ).toBe(true);
        expect(await store.getAccount('work')).toMatchObject({
          health: 'ok',
          lastVerifiedAt: '2026-01-02T00:00:00.000Z',
        });
        expect(await store.updateAccount('nope', { health: 'ok' }, '2026-01-02T00:00:00.000Z')).toBe(false);

        // Compare-and-swap: a stale expected record does not overwrite a newer key.
        expect(
          await store.replaceAccountKey(
            'work',
            '{"stale":1}',
            '{"sealed":3}',
            {},
            '2026-01-03T00:00:00.000Z',
          ),
        ).toBe(false);
        expect(
          await store.replaceAccountKey(
            'work',
            '{"sealed":1}',
            '{"sealed":2}',
            { health: 'ok' },
            '2026-01-03T00:00:00.000Z',
          ),
        ).toBe(true);
        expect((await store.getAccount('work'))?.keyRecord).toBe('{"sealed":2}');
        expect((await store.listAccounts()).map((account) => account.name)).toEqual(['work']);
        expect(await store.deleteAccount('work')).toBe(true);
        expect(await store.deleteAccount('work')).toBe(false);
        expect(await store.getAccount('work')).toBeUndefined();
      });

      it('stores OAuth accounts with their expiry and client, and patches them with the key', async () => {
        await store.insertAccount({
          name: 'studio',
          billingPool: 'plan',
          baseUrl: null,
          keyRecord: '{"sealed":"tokens-1"}',
          lastVerifiedAt: null,
          health: 'ok',
          healthDetail: null,
          createdAt: '2026-01-01T00:00:00.000Z',
          updatedAt: '2026-01-01T00:00:00.000Z',
          authKind: 'oauth',
          credentialExpiresAt: '2026-01-11T00:00:00.000Z',
          credentialRotatedAt: '2026-01-01T00:00:00.000Z',
          oauthClientId: 'client-1',
          identity: 'someone@example.com',
        });
        expect(await store.getAccount('studio')).toMatchObject({
          authKind: 'oauth',
          credentialExpiresAt: '2026-01-11T00:00:00.000Z',
          oauthClientId: 'client-1',
          identity: 'someone@example.com',
        });
        expect(
          await store.replaceAccountKey(
            'studio',
            '{"sealed":"tokens-1"}',
            '{"sealed":"tokens-2"}',
            { credentialExpiresAt: '2026-01-21T00:00:00.000Z', health: 'ok' },
            '2026-01-10T00:00:00.000Z',
          ),
        ).toBe(true);
        expect(await store.getAccount('studio')).toMatchObject({
          keyRecord: '{"sealed":"tokens-2"}',
          credentialExpiresAt: '2026-01-21T00:00:00.000Z',
          credentialRotatedAt: '2026-01-01T00:00:00.000Z',
        });
      });

      it('keeps sealed secrets with compare-and-swap, prefix listing and deletion', async () => {
        const secret = {
          id: 'webhook:work',
          sealed: '{"s":1}',
          meta: '{"endpoint_id":"e1"}',
          expiresAt: null,
          createdAt: '2026-01-01T00:00:00.000Z',
          updatedAt: '2026-01-01T00:00:00.000Z',
        };
        await store.putSecret(secret);
        await store.putSecret({
          ...secret,
          id: 'webhook-previous:work',
          expiresAt: '2026-01-01T00:10:00.000Z',
        });
        await store.putSecret({ ...secret, id: 'webhook:w_rk%' });
        expect(await store.getSecret('webhook:work')).toEqual(secret);
        // `_` and `%` are not wildcards in a prefix.
        expect((await store.listSecrets('webhook:w_')).map((row) => row.id)).toEqual(['webhook:w_rk%']);
        expect((await store.listSecrets('webhook:')).map((row) => row.id)).toEqual([
          'webhook:w_rk%',
          'webhook:work',
        ]);
        expect(await store.listSecrets()).toHaveLength(3);
        expect(
          await store.replaceSecret('webhook:work', '{"s":0}', '{"s":2}', {}, '2026-01-02T00:00:00.000Z'),
        ).toBe(false);
        expect(
          await store.replaceSecret(
            'webhook:work',
            '{"s":1}',
            '{"s":2}',
            { meta: '{"endpoint_id":"e2"}' },
            '2026-01-02T00:00:00.000Z',
          ),
        ).toBe(true);
        expect(await store.getSecret('webhook:work')).toMatchObject({
          sealed: '{"s":2}',
          meta: '{"endpoint_id":"e2"}',
          updatedAt: '2026-01-02T00:00:00.000Z',
        });
        // putSecret replaces a row whole.
        await store.putSecret({ ...secret, sealed: '{"s":3}' });
        expect((await store.getSecret('webhook:work'))?.sealed).toBe('{"s":3}');
        expect(await store.deleteSecret('webhook:work', '{"s":2}')).toBe(false);
        expect(await store.deleteSecret('webhook:work', '{"s":3}')).toBe(true);
        expect(await store.deleteSecret('webhook-previous:work')).toBe(true);
        expect(await store.deleteSecret('webhook-previous:work')).toBe(false);
        expect(await store.getSecret('webhook:work')).toBeUndefined();
      });

      it('keeps settings by key and lists them by prefix', async () => {
        expect(await store.getSetting('rotation:master_key')).toBeUndefined();
        await store.putSetting('rotation:master_key', '{"every_ms":1}', '2026-01-01T00:00:00.000Z');
        await store.putSetting('rotation:master_key', '{"every_ms":2}', '2026-01-02T00:00:00.000Z');
        await store.putSetting('rotation:api_key:work', '{"every_ms":3}', '2026-01-02T00:00:00.000Z');
        await store.putSetting('oauth:client', '"c"', '2026-01-02T00:00:00.000Z');
        expect(await store.getSetting('rotation:master_key')).toBe('{"every_ms":2}');
        expect(await store.listSettings('rotation:')).toEqual([
          { key: 'rotation:api_key:work', value: '{"every_ms":3}' },
          { key: 'rotation:master_key', value: '{"every_ms":2}' },
        ]);
        expect(await store.deleteSetting('oauth:client')).toBe(true);
        expect(await store.deleteSetting('oauth:client')).toBe(false);
      });

      it('finds a persona by its previous token hash during a rotation grace period', async () => {
        await store.insertPersona(
          persona({ tokenExpiresAt: '2026-02-01T00:00:00.000Z', tokenTtlMs: 86_400_000 }),
        );
        expect(await store.getPersona('ps_1')).toMatchObject({
          tokenExpiresAt: '2026-02-01T00:00:00.000Z',
          tokenTtlMs: 86_400_000,
          previousTokenHash: null,
        });
        await store.updatePersona(
          'ps_1',
          {
            tokenHash: 'd'.repeat(64),
            previousTokenHash: 'a'.repeat(64),
            previousTokenExpiresAt: '2026-01-02T00:00:00.000Z',
          },
          '2026-01-01T12:00:00.000Z',
        );
        expect((await store.getPersonaByTokenHash('d'.repeat(64)))?.id).toBe('ps_1');
        expect(await store.getPersonaByTokenHash('a'.repeat(64))).toMatchObject({
          id: 'ps_1',
          previousTokenExpiresAt: '2026-01-02T00:00:00.000Z',
        });
      });

      it('stores personas, finds them by id, name and token hash, and updates them', async () => {
        await store.insertPersona(
          persona({ accounts: ['work', 'default'], budgetUsd: 500, budgetPeriod: 'month' }),
        );
        await expect(
          store.insertPersona(persona({ id: 'ps_2', tokenHash: 'b'.repeat(64) })),
        ).rejects.toBeInstanceOf(StoreConflictError);
        expect(await store.getPersona('ps_1')).toMatchObject({
          name: 'writer',
          accounts: ['work', 'default'],
          budgetUsd: 500,
        });
        expect((await store.getPersonaByName('writer'))?.id).toBe('ps_1');
        expect((await store.getPersonaByTokenHash('a'.repeat(64)))?.id).toBe('ps_1');
        expect(await store.getPersonaByTokenHash('c'.repeat(64))).toBeUndefined();

        const revoked = await store.updatePersona(
          'ps_1',
          { status: 'revoked', revokedAt: '2026-01-05T00:00:00.000Z', scopes: ['read', 'write'] },
          '2026-01-05T00:00:00.000Z',
        );
        expect(revoked).toMatchObject({
          status: 'revoked',
          scopes: ['read', 'write'],
          updatedAt: '2026-01-05T00:00:00.000Z',
        });
        expect(
          await store.updatePersona('missing', { status: 'revoked' }, '2026-01-05T00:00:00.000Z'),
        ).toBeUndefined();
        await store.insertPersona(persona({ id: 'ps_2', name: 'reader', tokenHash: 'b'.repeat(64) }));
        await expect(
          store.updatePersona('ps_2', { name: 'writer' }, '2026-01-05T00:00:00.000Z'),
        ).rejects.toBeInstanceOf(StoreConflictError);
        expect((await store.listPersonas()).map((row) => row.name)).toEqual(['reader', 'writer']);
      });

      it('gives each call persona and account reads that see every change another process committed', async () => {
        const other = await fixture.reopen();
        try {
          await store.insertPersona(persona());
          const before = (await store.freshReads?.()) ?? store;
          expect((await before.getPersonaByTokenHash('a'.repeat(64)))?.status).toBe('active');
          expect(await before.listAccounts()).toEqual([]);
          // Another process revokes the persona and adds an account; raw SQL is seen as well.
          await other.updatePersona('ps_1', { status: 'revoked' }, '2026-01-05T00:00:00.000Z');
          await other.insertAccount(account('work'));
          const after = (await store.freshReads?.()) ?? store;
          expect((await after.getPersonaByTokenHash('a'.repeat(64)))?.status).toBe('revoked');
          expect((await after.getPersona('ps_1'))?.status).toBe('revoked');
          expect((await after.listAccounts()).map((row) => row.name)).toEqual(['work']);
          await fixture.raw(`UPDATE accounts SET base_url = 'https://example.test' WHERE name = 'work'`);
          const raw = (await store.freshReads?.()) ?? store;
          expect((await raw.getAccount('work'))?.baseUrl).toBe('https://example.test');
        } finally {
          await other.close();
        }
      });

      it('appends a record checked against remembered reads only while no persona or account changed', async () => {
        if (target.name === 'sqlite') {
          // SQLite reads its rows in process at every call: nothing is remembered, nothing is checked.
          expect(store.rememberedReads).toBeUndefined();
          return;
        }
        const other = await fixture.reopen();
        try {
          expect(store.rememberedReads!()).toBeUndefined();
          await store.freshReads!();
          expect(store.rememberedReads!()).toBeDefined();
          await store.insertPersona(persona());
          // A change of this process drops what it remembers: the next call reads afresh.
          expect(store.rememberedReads!()).toBeUndefined();
          await store.freshReads!();
          const remembered = store.rememberedReads!()!;
          expect((await remembered.reads.getPersona('ps_1'))?.status).toBe('active');
          const checked = await store.appendAudit(entry({ requestId: 'current' }), {
            flush: false,
            readsAsOf: remembered.asOf,
          });
          expect(checked).toMatchObject({ seq: 1, requestId: 'current' });

          // Another process revokes the persona: this one still remembers it, the append finds out.
          await other.updatePersona('ps_1', { status: 'revoked' }, '2026-01-05T00:00:00.000Z');
          expect(store.rememberedReads!()).toEqual({ reads: expect.any(Object), asOf: remembered.asOf });
          const burst = await Promise.allSettled([
            store.appendAudit(entry({ requestId: 'stale' }), { flush: false, readsAsOf: remembered.asOf }),
            store.appendAudit(entry({ requestId: 'unchecked' })),
          ]);
          expect(burst[0]).toMatchObject({ status: 'rejected', reason: expect.any(StaleReadsError) });
          expect(burst[1]).toMatchObject({ status: 'fulfilled', value: { seq: 2, requestId: 'unchecked' } });
          const fresh = await store.freshReads!();
          expect((await fresh.getPersona('ps_1'))?.status).toBe('revoked');
          expect(store.rememberedReads!()!.asOf).toBeGreaterThan(remembered.asOf);
          expect((await store.scanAudit(0, 10)).map((record) => record.requestId)).toEqual([
            'current',
            'unchecked',
          ]);
          expect(await verifyAuditChain(other)).toMatchObject({ ok: true, records: 2 });
        } finally {
          await other.close();
        }
      });

      it('appends audit records as a hash chain and reads them back unchanged', async () => {
        const first = await store.appendAudit(entry());
        const second = await store.appendAudit(
          entry({ outcome: 'error', error: '{"code":"x"}', response: null }),
        );
        expect(first).toMatchObject({ seq: 1, prevHash: genesisHash });
        expect(second).toMatchObject({ seq: 2, prevHash: first.hash });
        expect(await store.getAuditHead()).toEqual({ seq: 2, hash: second.hash });
        expect(await store.scanAudit(0, 10)).toEqual([first, second]);
        expect(await verifyAuditChain(store)).toMatchObject({ ok: true, records: 2, problems: [] });
      });

      it('keeps one linear chain under concurrent appends from two connections', async () => {
        const other = await fixture.reopen();
        await Promise.all(
          Array.from({ length: 40 }, (_, index) =>
            // Half the records need not wait for the disk flush (ADR 0060): one chain all the same.
            (index % 2 ? store : other).appendAudit(entry({ requestId: `r${index}` }), {
              flush: index % 4 < 2,
            }),
          ),
        );
        const report = await verifyAuditChain(store, { batchSize: 7 });
        expect(report).toMatchObject({ ok: true, records: 40, head: { seq: 40 } });
        const unflushed = await store.appendAudit(entry({ requestId: 'lazy' }), { flush: false });
        expect((await other.scanAudit(40, 10)).map((record) => record.hash)).toEqual([unflushed.hash]);
      });

      it('chains after the head another process moved, and fails only the entry that cannot be stored', async () => {
        const other = await fixture.reopen();
        await store.appendAudit(entry({ requestId: 'a1' }));
        for (const id of ['b1', 'b2', 'b3']) await other.appendAudit(entry({ requestId: id }));
        const late = await store.appendAudit(entry({ requestId: 'a2' }));
        expect(late).toMatchObject({ seq: 5, requestId: 'a2' });
        const burst = await Promise.allSettled([
          store.appendAudit(entry({ requestId: 'c1' })),
          store.appendAudit(entry({ requestId: 'bad', latencyMs: Number.NaN })),
          store.appendAudit(entry({ requestId: 'c2' })),
        ]);
        expect(burst.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
        const report = await verifyAuditChain(other);
        expect(report).toMatchObject({ ok: true, records: 7, head: { seq: 7 } });
        const stored = await other.scanAudit(0, 10);
        expect(stored.map((record) => record.requestId)).toEqual(['a1', 'b1', 'b2', 'b3', 'a2', 'c1', 'c2']);
      });

      it('filters and pages audit queries with a stable cursor', async () => {
        const personas = [
          { personaId: 'ps_a', personaName: 'alpha' },
          { personaId: 'ps_b', personaName: 'beta' },
        ];
        for (let index = 0; index < 25; index += 1) {
          await store.appendAudit(
            entry({
              ...personas[index % 2]!,
              tool: index % 3 === 0 ? 'video_create' : 'video_get',
              outcome: index % 5 === 0 ? 'denied' : 'ok',
              time: new Date(Date.UTC(2026, 0, 1, 0, index)).toISOString(),
            }),
          );
        }
        const alphaByName = await store.queryAudit({ persona: 'alpha', limit: 100 });
        const alphaById = await store.queryAudit({ persona: 'ps_a', limit: 100 });
        expect(alphaByName.records.map((record) => record.seq)).toEqual(
          alphaById.records.map((record) => record.seq),
        );
        expect(alphaByName.records).toHaveLength(13);
        expect(alphaByName.records.every((record) => record.personaName === 'alpha')).toBe(true);
        expect(alphaByName.records[0]!.seq).toBeGreaterThan(alphaByName.records[1]!.seq);

        const creates = await store.queryAudit({ tool: 'video_create', outcome: 'denied' });
        expect(creates.records.map((record) => record.seq).sort((a, b) => a - b)).toEqual([1, 16]);

        const window = await store.queryAudit({
          since: '2026-01-01T00:10:00Z',
          until: '2026-01-01T00:12:00.000Z',
          order: 'asc',
        });
        expect(window.records.map((record) => record.seq)).toEqual([11, 12]);

        for (const order of ['asc', 'desc'] as const) {
          const seen: number[] = [];
          let cursor: string | undefined;
          do {
            const page = await store.queryAudit({ limit: 4, order, ...(cursor ? { cursor } : {}) });
            expect(page.records.length).toBeLessThanOrEqual(4);
            seen.push(...page.records.map((record) => record.seq));
            cursor = page.nextCursor;
          } while (cursor);
          const all = Array.from({ length: 25 }, (_, index) => index + 1);
          expect(seen).toEqual(order === 'asc' ? all : all.reverse());
        }
        await expect(store.queryAudit({ cursor: 'nope' })).rejects.toThrow(/cursor/);
        await expect(store.queryAudit({ since: 'yesterday-ish' })).rejects.toThrow(/since/);
      });

      it('refuses to update or delete audit records through SQL', async () => {
        await store.appendAudit(entry());
        await expect(fixture.raw(`UPDATE audit SET tool = 'x' WHERE seq = 1`)).rejects.toThrow(/append-only/);
        await expect(fixture.raw(`DELETE FROM audit WHERE seq = 1`)).rejects.toThrow(/append-only/);
      });

      it('detects a changed, a deleted and a deleted newest record', async () => {
        for (let index = 0; index < 6; index += 1) await store.appendAudit(entry({ requestId: `r${index}` }));
        const dropTriggers =
          target.name === 'sqlite'
            ? 'DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;'
            : 'DROP TRIGGER audit_no_change ON audit;';
        // An attacker with database access can drop the guard triggers; the hash chain still catches them.
        await fixture.raw(dropTriggers);

        await fixture.raw(`UPDATE audit SET response = '{"ok":false}' WHERE seq = 2`);
        let report = await verifyAuditChain(store);
        expect(report.ok).toBe(false);
        expect(report.problems).toEqual([expect.objectContaining({ kind: 'changed', seq: 2 })]);

        await fixture.raw(`DELETE FROM audit WHERE seq = 4`);
        report = await verifyAuditChain(store);
        expect(report.problems).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ kind: 'changed', seq: 2 }),
            expect.objectContaining({ kind: 'missing', seq: 4, toSeq: 4 }),
          ]),
        );

        await fixture.raw(`DELETE FROM audit WHERE seq = 6`);
        report = await verifyAuditChain(store);
        expect(report.problems).toEqual(
          expect.arrayContaining([expect.objectContaining({ kind: 'missing', seq: 6, toSeq: 6 })]),
        );
      });

      it('keeps admin records, call context and USD cost in the chain (version 3) and filters by kind and surface', async () => {
        const call = await store.appendAudit(entry());
        const admin = await store.appendAudit(
          entry({
            kind: 'admin',
            surface: 'cli',
            tool: 'persona.create',
            arguments: '{"name":"writer","scopes":["read"]}',
          }),
        );
        const step = await store.appendAudit(
          entry({
            surface: 'flow',
            context: '{"flow":"weekly","run":"run_1","step":"render"}',
            costUsd: 0.125,
          }),
        );
        expect(await store.scanAudit(0, 10)).toEqual([call, admin, step]);
        expect(call.kind).toBeUndefined();
        expect(admin.kind).toBe('admin');
        expect(step).toMatchObject({
          context: '{"flow":"weekly","run":"run_1","step":"render"}',
          costUsd: 0.125,
        });
        expect((await store.queryAudit({ kind: 'admin' })).records.map((record) => record.seq)).toEqual([2]);
        expect((await store.queryAudit({ kind: 'call' })).records.map((record) => record.seq)).toEqual([
          3, 1,
        ]);
        expect((await store.queryAudit({ surface: 'flow' })).records.map((record) => record.seq)).toEqual([
          3,
        ]);
        expect((await verifyAuditChain(store)).ok).toBe(true);

        // The new fields are covered by the hash: editing any of them is caught.
        await fixture.raw(
          target.name === 'sqlite'
            ? 'DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;'
            : 'DROP TRIGGER audit_no_change ON audit;',
        );
        await fixture.raw(`UPDATE audit SET kind = 'call' WHERE seq = 2`);
        await fixture.raw(`UPDATE audit SET cost_usd = 0 WHERE seq = 3`);
        const report = await verifyAuditChain(store);
        expect(report.problems).toEqual([
          expect.objectContaining({ kind: 'changed', seq: 2 }),
          expect.objectContaining({ kind: 'changed', seq: 3 }),
        ]);
      });

      it('keeps intents in the chain and reports those no call record names', async () => {
        const intent = await store.appendAudit(
          entry({ kind: 'intent', outcome: 'pending', context: '{"idempotency_key":"heygate-k"}' }),
        );
        const orphan = await store.appendAudit(entry({ kind: 'intent', outcome: 'pending' }));
        await store.appendAudit(entry({ context: JSON.stringify({ intent: intent.seq }) }));
        expect((await store.scanAudit(0, 10)).map((record) => record.kind ?? 'call')).toEqual([
          'intent',
          'intent',
          'call',
        ]);
        expect((await store.queryAudit({ kind: 'intent' })).records.map((record) => record.seq)).toEqual([
          orphan.seq,
          intent.seq,
        ]);
        const report = await verifyAuditChain(store);
        expect(report).toMatchObject({ ok: true, records: 3, openIntents: [orphan.seq] });
      });

      it('stores any text the agent sent exactly as it was hashed (lone surrogates and NUL included)', async () => {
        const record = await store.appendAudit(
          entry({
            prompt: 'half \ud83d of a pair, a nul \u0000 here',
            user: 'u\u0000ser',
            tool: 'video_get\udfff',
          }),
        );
        expect(record.prompt).toBe('half \ufffd of a pair, a nul \ufffd here');
        expect(record.user).toBe('u\ufffdser');
        expect(await store.scanAudit(0, 10)).toEqual([record]);
        expect((await verifyAuditChain(store)).ok).toBe(true);
      });

      it('keeps the master key history and rotation progress', async () => {
        await store.insertMasterKey({
          version: 1,
          keyId: 'k1',
          status: 'active',
          createdAt: '2026-01-01T00:00:00.000Z',
          rewrapped: 0,
          total: 0,
        });
        await expect(
          store.insertMasterKey({
            version: 1,
            keyId: 'k9',
            status: 'active',
            createdAt: '2026-01-01T00:00:00.000Z',
            rewrapped: 0,
            total: 0,
          }),
        ).rejects.toBeInstanceOf(StoreConflictError);
        await store.insertMasterKey({
          version: 2,
          keyId: 'k2',
          status: 'pending',
          createdAt: '2026-01-02T00:00:00.000Z',
          rewrapped: 0,
          total: 3,
        });
        await store.recordRotationProgress(2, 2, 3);
        expect((await store.listMasterKeys())[1]).toMatchObject({
          status: 'pending',
          rewrapped: 2,
          total: 3,
        });
        await store.activateMasterKey(2, '2026-01-03T00:00:00.000Z');
        expect(await store.listMasterKeys()).toEqual([
          expect.objectContaining({ version: 1, status: 'retired', retiredAt: '2026-01-03T00:00:00.000Z' }),
          expect.objectContaining({ version: 2, status: 'active', activatedAt: '2026-01-03T00:00:00.000Z' }),
        ]);
      });
    },
  );
}
