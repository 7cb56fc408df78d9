import { afterEach, describe, expect, it } from 'vitest';
import { UnknownToolError } from '../catalog/errors.ts';
import { storeTestTargets } from '../store/store-test-targets.ts';
import type { AuditRecord } from '../store/store.ts';
import { createGatewayFixture } from '../../test/gateway/gateway-fixture.ts';
import { createCallObserver, createMetrics } from '../observability/index.ts';
import type { GatewayFixture } from '../../test/gateway/gateway-fixture.ts';
import {
  AccountVerificationError,
  AuditWriteError,
  PersonaAuthError,
  PersonaRevokedError,
  ScopeDeniedError,
} from './errors.ts';

const targets = await storeTestTargets();

/** The call records (one per call; the intents written before state-changing sends are left out). */
async function auditRows(fixture: GatewayFixture): Promise<AuditRecord[]> {
  return (await fixture.gateway.queryAudit({ order: 'asc', limit: 1000, kind: 'call' })).records;
}

/** The intent records: what a state-changing call was about to send, written before it was sent. */
async function intentRows(fixture: GatewayFixture): Promise<AuditRecord[]> {
  return (await fixture.gateway.queryAudit({ order: 'asc', limit: 1000, kind: 'intent' })).records;
}

/** An account `work` and a persona `worker` that may read on it only. */
async function workerOnWorkAccount(fixture: GatewayFixture) {
  await fixture.gateway.accounts.add('work', 'hg-test-work-key-0002');
  return fixture.gateway.personas.create({ name: 'worker', scopes: ['read'], accounts: ['work'] });
}

for (const target of targets) {
  describe.runIf(target.enabled)(
    `gateway on ${target.name}${target.reason ? ` [${target.reason}]` : ''}`,
    () => {
      let fixture: GatewayFixture;
      afterEach(async () => {
        await fixture?.cleanup();
      });

      it('runs an operator call on the default account and audits it', async () => {
        fixture = await createGatewayFixture(target);
        const result = await fixture.gateway.execute({
          tool: 'user_me_get',
          input: {},
          surface: 'cli',
          prompt: 'check who we are',
        });
        expect(result).toMatchObject({ ok: true, tool: 'user_me_get', account: 'default' });
        expect(fixture.heygen.seen).toEqual([
          { method: 'GET', path: '/v3/users/me', apiKey: fixture.apiKey },
        ]);
        const [record] = await auditRows(fixture);
        expect(record).toMatchObject({
          seq: 1,
          user: 'operator',
          personaId: null,
          surface: 'cli',
          prompt: 'check who we are',
          tool: 'user_me_get',
          account: 'default',
          arguments: '{}',
          outcome: 'ok',
          error: null,
        });
        expect(record!.requestId).toBe(result.requestId ?? null);
        expect(JSON.parse(record!.response!)).toMatchObject({ username: expect.stringMatching(/^user_/) });
        expect(record!.latencyMs).toBeGreaterThan(0);
      });

      it('returns invalid input as data naming the field, audits it and sends nothing', async () => {
        fixture = await createGatewayFixture(target);
        const result = await fixture.gateway.execute({
          tool: 'video_get',
          input: { video_id: 7 },
          surface: 'mcp',
        });
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.error).toMatchObject({ code: 'invalid_input', field: 'video_id', retryable: false });
        expect(fixture.heygen.count).toBe(0);
        expect(await auditRows(fixture)).toEqual([
          expect.objectContaining({ outcome: 'error', tool: 'video_get', arguments: '{"video_id":7}' }),
        ]);
      });

      it('waits for a job when asked, reporting progress, and audits the finished resource once', async () => {
        fixture = await createGatewayFixture(target);
        const library = fixture.heygen.started.emulator.inspect.library();
        const progress: string[] = [];
        const result = await fixture.gateway.execute({
          tool: 'video_create',
          input: {
            type: 'avatar',
            avatar_id: library.avatarId,
            voice_id: library.voiceId,
            script: 'Hello from the gateway test.',
          },
          surface: 'mcp',
          wait: { timeoutMs: 600_000 },
          onProgress: (update) => progress.push(update.status ?? ''),
        });
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(result.data).toMatchObject({ status: 'completed' });
        expect(progress.length).toBeGreaterThan(0);
        expect(fixture.heygen.started.emulator.inspect.renders(fixture.apiKey)).toBe(1);
        const rows = await auditRows(fixture);
        expect(rows).toHaveLength(1);
        expect(JSON.parse(rows[0]!.response!)).toMatchObject({ status: 'completed' });
        // Before the create was sent, its intent was appended; the call's record names it.
        const intents = await intentRows(fixture);
        expect(intents).toHaveLength(1);
        expect(intents[0]).toMatchObject({ tool: 'video_create', outcome: 'pending', account: 'default' });
        expect(intents[0]!.seq).toBeLessThan(rows[0]!.seq);
        expect(JSON.parse(rows[0]!.context!)).toEqual({ intent: intents[0]!.seq });
        expect((await fixture.gateway.verifyAudit()).openIntents).toEqual([]);
      });

      it('throws for an unknown tool and still audits the call', async () => {
        fixture = await createGatewayFixture(target);
        await expect(
          fixture.gateway.execute({ tool: 'video_gett', input: {}, surface: 'lua' }),
        ).rejects.toBeInstanceOf(UnknownToolError);
        expect(await auditRows(fixture)).toEqual([
          expect.objectContaining({ outcome: 'error', tool: 'video_gett' }),
        ]);
      });

      it('lets a read persona read, refuses a write before HeyGen, and audits both', async () => {
        fixture = await createGatewayFixture(target);
        const { persona, token } = await fixture.gateway.personas.create({
          name: 'reader',
          scopes: ['read'],
        });
        const ok = await fixture.gateway.execute({
          tool: 'user_me_get',
          input: {},
          surface: 'mcp',
          personaToken: token,
          user: 'alice',
        });
        expect(ok.ok).toBe(true);
        await expect(
          fixture.gateway.execute({
            tool: 'video_delete',
            input: { video_id: 'v1' },
            surface: 'mcp',
            personaToken: token,
          }),
        ).rejects.toBeInstanceOf(ScopeDeniedError);
        expect(fixture.heygen.count).toBe(1);
        const rows = await auditRows(fixture);
        expect(rows).toEqual([
          expect.objectContaining({
            outcome: 'ok',
            personaId: persona.id,
            personaName: 'reader',
            user: 'alice',
          }),
          expect.objectContaining({
            outcome: 'denied',
            tool: 'video_delete',
            personaName: 'reader',
            response: null,
          }),
        ]);
        expect(JSON.parse(rows[1]!.error!)).toMatchObject({ code: 'scope_denied' });
        const visible = await fixture.gateway.visibleTools({ personaToken: token });
        expect(visible.length).toBeGreaterThan(0);
        expect(visible.every((tool) => tool.access === 'read')).toBe(true);
        expect(await fixture.gateway.visibleTools()).toHaveLength(fixture.gateway.tools.length);
      });

      it('refuses unknown and malformed tokens and audits them as denied', async () => {
        fixture = await createGatewayFixture(target);
        const forged = `hg_${'A'.repeat(43)}`;
        await expect(
          fixture.gateway.execute({ tool: 'user_me_get', input: {}, surface: 'http', personaToken: forged }),
        ).rejects.toBeInstanceOf(PersonaAuthError);
        await expect(
          fixture.gateway.execute({ tool: 'user_me_get', input: {}, surface: 'http', personaToken: 'nope' }),
        ).rejects.toBeInstanceOf(PersonaAuthError);
        await expect(fixture.gateway.visibleTools({ personaToken: forged })).rejects.toBeInstanceOf(
          PersonaAuthError,
        );
        expect(fixture.heygen.count).toBe(0);
        const rows = await auditRows(fixture);
        expect(rows.map((row) => row.outcome)).toEqual(['denied', 'denied']);
        expect(rows.map((row) => JSON.stringify(row)).join()).not.toContain(forged);
      });

      it('refuses calls without a persona when the operator is not allowed (servers)', async () => {
        fixture = await createGatewayFixture(target, { extra: { allowOperator: false } });
        await expect(
          fixture.gateway.execute({ tool: 'user_me_get', input: {}, surface: 'http' }),
        ).rejects.toBeInstanceOf(PersonaAuthError);
        await expect(fixture.gateway.visibleTools()).rejects.toBeInstanceOf(PersonaAuthError);
        const { token } = await fixture.gateway.personas.create({ name: 'agent' });
        expect(
          (
            await fixture.gateway.execute({
              tool: 'user_me_get',
              input: {},
              surface: 'http',
              personaToken: token,
            })
          ).ok,
        ).toBe(true);
        expect(fixture.heygen.count).toBe(1);
        expect((await auditRows(fixture)).map((row) => row.outcome)).toEqual(['denied', 'ok']);
      });

      it('revokes a persona mid-session: the next call of an open session is refused', async () => {
        fixture = await createGatewayFixture(target);
        const { persona } = await fixture.gateway.personas.create({ name: 'agent', scopes: ['read'] });
        // An MCP HTTP session authenticated once and now passes the persona id on every call.
        const session = { personaId: persona.id };
        expect(
          (await fixture.gateway.execute({ tool: 'user_me_get', input: {}, surface: 'mcp', ...session })).ok,
        ).toBe(true);

        // The operator revokes from another process (a CLI command on the same database).
        const operator = await fixture.reopen();
        await operator.personas.revoke('agent');

        await expect(
          fixture.gateway.execute({ tool: 'user_me_get', input: {}, surface: 'mcp', ...session }),
        ).rejects.toBeInstanceOf(PersonaRevokedError);
        await expect(fixture.gateway.visibleTools(session)).rejects.toBeInstanceOf(PersonaRevokedError);
        const rows = await auditRows(fixture);
        expect(rows.at(-1)).toMatchObject({ outcome: 'denied', personaId: persona.id, personaName: 'agent' });
        if (target.name === 'postgres') {
          // ADR 0062: the read ran first on this process's remembered rows and reached HeyGen; its record found
          // the revocation, so its answer was dropped and the call refused on fresh rows — the record says so.
          expect(fixture.heygen.count).toBe(2);
          expect(JSON.parse(rows.at(-1)!.context!)).toMatchObject({ rerun: expect.any(String) });
        } else expect(fixture.heygen.count).toBe(1);
        // From then on the revoked persona reaches HeyGen no more.
        await expect(
          fixture.gateway.execute({ tool: 'user_me_get', input: {}, surface: 'mcp', ...session }),
        ).rejects.toBeInstanceOf(PersonaRevokedError);
        expect(fixture.heygen.count).toBe(target.name === 'postgres' ? 2 : 1);
        expect((await auditRows(fixture)).length).toBe(rows.length + 1);
      });

      it('sends a read again on fresh rows when another process rotated the key it remembered', async () => {
        const metrics = createMetrics({ processMetrics: false });
        const observer = createCallObserver({ metrics, toolNames: new Set(['user_me_get']) });
        fixture = await createGatewayFixture(target, { extra: { observer } });
        const { token } = await workerOnWorkAccount(fixture);
        const call = () =>
          fixture!.gateway.execute({ tool: 'user_me_get', input: {}, surface: 'cli', personaToken: token });
        expect((await call()).ok).toBe(true);

        // Another process rotates the key, and HeyGen stops accepting the old one.
        const operator = await fixture.reopen();
        await operator.accounts.rotate('work', 'hg-test-work-key-0003');
        fixture.heygen.revoke('hg-test-work-key-0002');
        const sentBefore = fixture.heygen.count;
        expect(await call()).toMatchObject({ ok: true, account: 'work' });
        const keys = fixture.heygen.seen.slice(sentBefore).map((request) => request.apiKey);
        const record = (await auditRows(fixture)).at(-1)!;
        expect(record).toMatchObject({ outcome: 'ok', account: 'work' });
        if (target.name === 'postgres') {
          // ADR 0062: the first run used the remembered key and got HeyGen's 401; the append found the change.
          expect(keys).toEqual(['hg-test-work-key-0002', 'hg-test-work-key-0003']);
          expect(JSON.parse(record.context!)).toMatchObject({ rerun: expect.any(String) });
        } else expect(keys).toEqual(['hg-test-work-key-0003']);
        // The 401 was for a key the account no longer had: its health is not marked.
        expect((await fixture.gateway.accounts.get('work')).health).not.toBe('unauthorized');
        // One call each time for the metrics, and the rerun counted where there was one.
        const scraped = await metrics.scrape();
        expect(scraped).toContain('heygate_calls_total{tool="user_me_get",outcome="ok",surface="cli"} 2');
        expect(scraped).toContain(
          target.name === 'postgres'
            ? 'heygate_call_reruns_total{tool="user_me_get"} 1'
            : '# TYPE heygate_call_reruns_total counter\n\n',
        );
      });

      it('keeps a persona on its allowed accounts', async () => {
        fixture = await createGatewayFixture(target);
        const { token } = await workerOnWorkAccount(fixture);
        const routed = await fixture.gateway.execute({
          tool: 'user_me_get',
          input: {},
          surface: 'cli',
          personaToken: token,
        });
        expect(routed).toMatchObject({ ok: true, account: 'work' });
        expect(fixture.heygen.seen.at(-1)?.apiKey).toBe('hg-test-work-key-0002');
        await expect(
          fixture.gateway.execute({
            tool: 'user_me_get',
            input: {},
            surface: 'cli',
            personaToken: token,
            account: 'default',
          }),
        ).rejects.toBeInstanceOf(ScopeDeniedError);
        expect((await auditRows(fixture)).at(-1)).toMatchObject({ outcome: 'denied', account: 'default' });
      });

      it('maps HeyGen refusals to tool errors with the account, and records rate limits', async () => {
        fixture = await createGatewayFixture(target, { faults: '429=2@/v3/videos/limited' });
        await fixture.gateway.accounts.add('stale', 'hg-test-work-key-0003');
        const limited = await fixture.gateway.execute({
          tool: 'video_get',
          input: { video_id: 'limited' },
          surface: 'cli',
        });
        expect(limited.ok).toBe(false);
        if (!limited.ok)
          expect(limited.error).toMatchObject({ code: 'rate_limited', retryable: true, account: 'default' });
        if (!limited.ok) expect(limited.error.retry_after_ms).toBeGreaterThan(0);

        // The key is revoked at HeyGen after it was stored: 401, and the account's health says so.
        fixture.heygen.revoke('hg-test-work-key-0003');
        const refused = await fixture.gateway.execute({
          tool: 'user_me_get',
          input: {},
          surface: 'cli',
          account: 'stale',
        });
        expect(refused.ok).toBe(false);
        if (!refused.ok)
          expect(refused.error).toMatchObject({
            code: 'authentication_failed',
            status: 401,
            account: 'stale',
          });
        expect(
          (await fixture.gateway.accounts.list()).find((account) => account.name === 'stale'),
        ).toMatchObject({
          health: 'unauthorized',
        });
        const rows = await auditRows(fixture);
        expect(rows.map((row) => [row.outcome, row.account])).toEqual([
          ['rate_limited', 'default'],
          ['error', 'stale'],
        ]);
        expect(JSON.stringify(rows)).not.toContain('hg-test-work-key-0003');
      });

      it('adds, rotates and removes accounts, verifying keys before storing them', async () => {
        fixture = await createGatewayFixture(target);
        const { accounts } = fixture.gateway;
        await expect(accounts.add('work', 'hg-wrong-key-000000')).rejects.toBeInstanceOf(
          AccountVerificationError,
        );
        expect((await accounts.list()).map((account) => account.name)).toEqual(['default']);

        const added = await accounts.add('work', 'hg-test-work-key-0002', { billingPool: 'plan' });
        expect(added).toMatchObject({ name: 'work', billingPool: 'plan', health: 'ok', source: 'vault' });
        expect(JSON.stringify(await accounts.list())).not.toContain('hg-test-work-key-0002');

        // A rotation whose new key HeyGen refuses keeps the old key working.
        await expect(accounts.rotate('work', 'hg-wrong-key-000000')).rejects.toBeInstanceOf(
          AccountVerificationError,
        );
        await fixture.gateway.execute({ tool: 'user_me_get', input: {}, surface: 'cli', account: 'work' });
        expect(fixture.heygen.seen.at(-1)?.apiKey).toBe('hg-test-work-key-0002');

        await accounts.rotate('work', 'hg-test-work-key-0003');
        // Another gateway process (e.g. `heygate serve`) picks the new key up on its next call.
        const server = await fixture.reopen();
        await server.execute({ tool: 'user_me_get', input: {}, surface: 'http', account: 'work' });
        expect(fixture.heygen.seen.at(-1)?.apiKey).toBe('hg-test-work-key-0003');
        await fixture.gateway.execute({ tool: 'user_me_get', input: {}, surface: 'cli', account: 'work' });
        expect(fixture.heygen.seen.at(-1)?.apiKey).toBe('hg-test-work-key-0003');

        const verified = await accounts.verify();
        expect(verified).toEqual([
          expect.objectContaining({ name: 'default', ok: true, identity: expect.stringMatching(/^user_/) }),
          expect.objectContaining({ name: 'work', ok: true }),
        ]);

        await accounts.remove('work');
        const gone = await server.execute({
          tool: 'user_me_get',
          input: {},
          surface: 'http',
          account: 'work',
        });
        expect(gone.ok).toBe(false);
        if (!gone.ok) expect(gone.error.code).toBe('unknown_account');
      });

      it('redacts uploads and secrets in audit records', async () => {
        fixture = await createGatewayFixture(target);
        const bytes = Buffer.alloc(3000, 1).toString('base64');
        await fixture.gateway.execute({
          tool: 'asset_create',
          input: { file: { base64: bytes, filename: 'a.png', content_type: 'image/png' } },
          surface: 'http',
        });
        const webhook = await fixture.gateway.execute({
          tool: 'webhook_endpoint_create',
          input: { url: 'https://example.com/hook', events: ['avatar_video.success'] },
          surface: 'http',
        });
        // The agent gets the signing secret; the audit log does not.
        expect(webhook.ok).toBe(true);
        const secret = webhook.ok ? (webhook.data as { secret: string }).secret : '';
        expect(secret).toMatch(/^whsec_/);
        const rows = await auditRows(fixture);
        expect(rows[0]!.arguments).toContain('[redacted 3000 bytes]');
        expect(rows[0]!.arguments).not.toContain(bytes.slice(0, 100));
        expect(rows[1]!.response).toContain('"secret":"[redacted]"');
        expect(JSON.stringify(rows)).not.toContain(secret);
        expect(JSON.stringify(rows)).not.toContain(fixture.apiKey);
        // The intents hold the arguments as sent, redacted the same way.
        const intents = await intentRows(fixture);
        expect(intents.map((intent) => intent.tool)).toEqual(['asset_create', 'webhook_endpoint_create']);
        expect(intents[0]!.arguments).toContain('[redacted 3000 bytes]');
        expect(JSON.stringify(intents)).not.toContain(bytes.slice(0, 100));
      });

      it('fails closed when the audit record cannot be written, or reports it when configured open', async () => {
        fixture = await createGatewayFixture(target);
        const failures: unknown[] = [];
        const open = await fixture.reopen({
          auditFailClosed: false,
          onAuditError: (error) => failures.push(error),
        });
        await fixture.store.raw(target.name === 'sqlite' ? 'DROP TABLE audit' : 'DROP TABLE audit CASCADE');
        await expect(
          fixture.gateway.execute({ tool: 'user_me_get', input: {}, surface: 'cli' }),
        ).rejects.toBeInstanceOf(AuditWriteError);
        const result = await open.execute({ tool: 'user_me_get', input: {}, surface: 'cli' });
        expect(result.ok).toBe(true);
        expect(failures).toHaveLength(1);
      });
    },
  );
}
