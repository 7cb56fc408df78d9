import { afterEach, describe, expect, it } from 'vitest';
import { auditLimits } from '../../src/gateway/audit-bounds.ts';
import type { ExecuteRequest } from '../../src/gateway/types.ts';
import { storeTestTargets } from '../../src/store/store-test-targets.ts';
import { createHttpApp } from '../../src/surfaces/http/create-http-app.ts';
import { createGatewayFixture, type GatewayFixture } from '../gateway/gateway-fixture.ts';

/**
 * The attacker of issue 10 tries to make a paid call escape the audit log by sending what the log cannot
 * store: fields nested thousands deep, megabytes of prompt, text with NUL or half a surrogate pair, fields of
 * the wrong type. Every probe is either refused before anything reaches HeyGen (naming the field) or recorded,
 * bounded, in a chain that still verifies.
 */

const targets = await storeTestTargets();

/** `{ a: { a: … 'x' } }`, `levels` deep. */
function nested(levels: number): unknown {
  let value: unknown = 'x';
  for (let level = 0; level < levels; level += 1) value = { a: value };
  return value;
}

for (const target of targets) {
  describe.runIf(target.enabled)(
    `audited fields are bounded before anything is sent, on ${target.name}${target.reason ? ` [${target.reason}]` : ''}`,
    () => {
      let fixture: GatewayFixture;
      afterEach(async () => {
        await fixture?.cleanup();
      });

      const videoInput = () => {
        const library = fixture.heygen.started.emulator.inspect.library();
        return { type: 'avatar', avatar_id: library.avatarId, voice_id: library.voiceId, script: 'Probe.' };
      };
      const creates = () => fixture.heygen.seen.filter((seen) => seen.method === 'POST').length;
      const calls = async () => (await fixture.gateway.queryAudit({ order: 'asc', kind: 'call' })).records;

      /** Runs a probe that must be refused: invalid_input naming `field`, nothing sent, one record, chain ok. */
      async function expectRefused(request: Partial<ExecuteRequest>, field: RegExp): Promise<void> {
        const result = await fixture.gateway.execute({
          tool: 'video_create',
          input: videoInput(),
          surface: 'http',
          ...request,
        });
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.error.code).toBe('invalid_input');
        expect(result.error.field).toMatch(field);
        expect(creates()).toBe(0);
        expect(await calls()).toEqual([expect.objectContaining({ tool: 'video_create', outcome: 'error' })]);
        expect((await fixture.gateway.verifyAudit()).ok).toBe(true);
      }

      it('refuses a prompt nested 5,000 deep (the finding) without sending the create', async () => {
        fixture = await createGatewayFixture(target);
        await expectRefused({ prompt: nested(5000) as string }, /^prompt$/);
        expect((await calls())[0]!.prompt).toBe('[not a string: an object]');
      });

      it('refuses arguments nested 5,000 deep, naming where', async () => {
        fixture = await createGatewayFixture(target);
        await expectRefused({ input: { ...videoInput(), script: nested(5000) } }, /^script\.a\.a\.a…$/);
        const record = (await calls())[0]!;
        expect(record.arguments!.length).toBeLessThanOrEqual(64 * 1024);
      });

      it('refuses a user, account or idempotency key of the wrong type or size', async () => {
        fixture = await createGatewayFixture(target);
        const probes: [Partial<ExecuteRequest>, RegExp][] = [
          [{ user: { name: 'x' } as unknown as string }, /^user$/],
          [{ user: 'u'.repeat(auditLimits.userChars + 1) }, /^user$/],
          [{ account: ['default'] as unknown as string }, /^account$/],
          [{ idempotencyKey: {} as unknown as string }, /^idempotency_key$/],
          [{ idempotencyKey: 'has a space' }, /^idempotency_key$/],
          [{ idempotencyKey: 'k'.repeat(256) }, /^idempotency_key$/],
        ];
        for (const [request, field] of probes) {
          const result = await fixture.gateway.execute({
            tool: 'video_create',
            input: videoInput(),
            surface: 'http',
            ...request,
          });
          expect(result.ok ? '' : `${result.error.code} ${result.error.field}`).toMatch(
            new RegExp(`^invalid_input ${field.source.slice(1, -1)}$`),
          );
        }
        expect(creates()).toBe(0);
        expect(await calls()).toHaveLength(probes.length);
        expect((await fixture.gateway.verifyAudit()).ok).toBe(true);
      });

      it('records a huge prompt shortened, and a huge argument as a marked preview', async () => {
        fixture = await createGatewayFixture(target);
        const prompt = 'p'.repeat(2_000_000);
        const result = await fixture.gateway.execute({
          tool: 'user_me_get',
          input: {},
          surface: 'http',
          prompt,
        });
        expect(result.ok).toBe(true);
        const big = await fixture.gateway.execute({
          tool: 'video_create',
          input: { ...videoInput(), script: 's'.repeat(1_000_000) },
          surface: 'http',
        });
        expect(big.ok).toBe(true);
        expect(creates()).toBe(1);
        const [first, second] = await calls();
        expect(first!.prompt).toBe(`${'p'.repeat(auditLimits.promptChars)}… [truncated: 2000000 characters]`);
        // The megabyte script is kept as a marked preview, in the intent and in the record.
        const intent = (await fixture.gateway.queryAudit({ kind: 'intent' })).records[0]!;
        for (const record of [intent, second!]) {
          expect(JSON.parse(record.arguments!)).toMatchObject({ truncated: true, bytes: expect.any(Number) });
          expect(record.arguments!.length).toBeLessThanOrEqual(64 * 1024);
        }
        expect((await fixture.gateway.verifyAudit()).ok).toBe(true);
      });

      it('records NUL and lone surrogates in prompt and user, and the chain still verifies', async () => {
        fixture = await createGatewayFixture(target);
        const result = await fixture.gateway.execute({
          tool: 'video_create',
          input: videoInput(),
          surface: 'http',
          prompt: 'nul \u0000 and half a pair \ud800',
          user: 'end\u0000user\udc00',
        });
        // The create went through: its intent and its record were both written.
        expect(result.ok).toBe(true);
        expect(creates()).toBe(1);
        const records = (await fixture.gateway.queryAudit({ order: 'asc' })).records;
        expect(records.map((record) => [record.kind ?? 'call', record.prompt, record.user])).toEqual([
          ['intent', 'nul \ufffd and half a pair \ufffd', 'end\ufffduser\ufffd'],
          ['call', 'nul \ufffd and half a pair \ufffd', 'end\ufffduser\ufffd'],
        ]);
        const report = await fixture.gateway.verifyAudit();
        expect(report).toMatchObject({ ok: true, openIntents: [] });
      });

      it('answers the HTTP probe of the finding with a 4xx naming `prompt`, and sends nothing', async () => {
        fixture = await createGatewayFixture(target);
        const app = createHttpApp({ executor: fixture.gateway, operatorWithoutToken: true });
        const response = await app.request('/v1/tools/video_create', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          // Written by hand: JSON.stringify itself runs out of stack on 5,000 levels in a test worker.
          body: `{"input":${JSON.stringify(videoInput())},"prompt":${'{"a":'.repeat(5000)}"x"${'}'.repeat(5000)}}`,
        });
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        const body = (await response.json()) as { code: string; error?: { field?: string } };
        expect(body.code).toBe('invalid_input');
        expect(body.error?.field).toBe('prompt');
        expect(creates()).toBe(0);
        expect((await fixture.gateway.verifyAudit()).ok).toBe(true);
      });
    },
  );
}
