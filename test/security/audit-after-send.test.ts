import { afterEach, describe, expect, it } from 'vitest';
import { HeyGateError, InvalidInputError } from '../../src/catalog/errors.ts';
import { createDefaultRouter } from '../../src/gateway/default-router.ts';
import { AuditWriteError } from '../../src/gateway/errors.ts';
import { createHeyGenClient } from '../../src/heygen/client.ts';
import { storeTestTargets, type StoreTestTarget } from '../../src/store/store-test-targets.ts';
import { createGatewayFixture, type GatewayFixture } from '../gateway/gateway-fixture.ts';

/**
 * A paid call is never left without its audit record (issue 10, ADR 0017). The store starts refusing audit
 * writes at the worst moment — right after HeyGen took the create — and the chain still holds the call: its
 * intent was appended before the send. The agent gets a gateway error (`audit_unavailable`), never a 400.
 */

const targets = await storeTestTargets();

/** SQL that makes every audit insert fail from now on, as a full disk or a broken connection would. */
function storeDown(target: StoreTestTarget): string {
  return target.name === 'sqlite'
    ? `CREATE TRIGGER audit_store_down BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'store down (probe)'); END;`
    : `CREATE FUNCTION audit_store_down() RETURNS trigger LANGUAGE plpgsql AS
         $$ BEGIN RAISE EXCEPTION 'store down (probe)'; END $$;
       CREATE TRIGGER audit_store_down BEFORE INSERT ON audit FOR EACH ROW EXECUTE FUNCTION audit_store_down();`;
}

function storeUp(target: StoreTestTarget): string {
  return target.name === 'sqlite'
    ? 'DROP TRIGGER audit_store_down;'
    : 'DROP TRIGGER audit_store_down ON audit; DROP FUNCTION audit_store_down();';
}

for (const target of targets) {
  describe.runIf(target.enabled)(
    `the audit record of a paid call survives a store failure, on ${target.name}${target.reason ? ` [${target.reason}]` : ''}`,
    () => {
      let fixture: GatewayFixture;
      /** Runs after HeyGen answered a request (set per test). */
      let afterAnswer: ((request: Request) => Promise<void>) | undefined;
      afterEach(async () => {
        afterAnswer = undefined;
        await fixture?.cleanup();
      });

      /** A gateway whose HeyGen client lets the test act between HeyGen's answer and the gateway reading it. */
      async function open(): Promise<GatewayFixture> {
        const opened: GatewayFixture = await createGatewayFixture(target, {
          extra: {
            clientFactory: (account) =>
              createHeyGenClient({
                apiKey: account.apiKey,
                baseUrl: opened.heygen.started.baseUrl,
                uploadBaseUrl: opened.heygen.started.baseUrl,
                retry: { maxAttempts: 1 },
                env: {},
                fetch: async (input, init) => {
                  const request = new Request(input, init);
                  const response = await opened.heygen.fetch(request.clone());
                  await afterAnswer?.(request);
                  return response;
                },
              }),
          },
        });
        return opened;
      }

      const videoInput = () => {
        const library = fixture.heygen.started.emulator.inspect.library();
        return {
          type: 'avatar',
          avatar_id: library.avatarId,
          voice_id: library.voiceId,
          script: 'A paid video whose audit write fails after the send.',
        };
      };

      it('keeps the intent of a create HeyGen ran when the store fails right after the send', async () => {
        fixture = await open();
        afterAnswer = async (request) => {
          if (request.method === 'POST') await fixture.store.raw(storeDown(target));
        };
        const call = fixture.gateway.execute({
          tool: 'video_create',
          input: videoInput(),
          surface: 'http',
          prompt: 'render the welcome video',
        });
        // A gateway failure, thrown: never a tool error, never invalid_input.
        const error = await call.then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(error).toBeInstanceOf(AuditWriteError);
        expect(error).not.toBeInstanceOf(InvalidInputError);
        expect(HeyGateError.isInstance(error) && error.code).toBe('audit_unavailable');
        // HeyGen made (and charged) the video.
        expect(fixture.heygen.started.emulator.inspect.renders()).toBe(1);

        await fixture.store.raw(storeUp(target));
        const report = await fixture.gateway.verifyAudit();
        expect(report.ok).toBe(true);
        const records = (await fixture.gateway.queryAudit({ order: 'asc' })).records;
        expect(records).toEqual([
          expect.objectContaining({
            kind: 'intent',
            outcome: 'pending',
            tool: 'video_create',
            account: 'default',
            prompt: 'render the welcome video',
          }),
        ]);
        expect(JSON.parse(records[0]!.arguments!)).toMatchObject({ script: videoInput().script });
        // The intent names the key the create was sent with, so its job can be found.
        const sent = fixture.heygen.started.emulator.inspect.requests({ tool: 'video_create' });
        expect(JSON.parse(records[0]!.context!)).toEqual({ idempotency_key: sent[0]!.idempotencyKey });
        expect(report.openIntents).toEqual([records[0]!.seq]);

        // The agent retries once the store is back: the same video, no second render, and now recorded.
        afterAnswer = undefined;
        const retry = await fixture.gateway.execute({
          tool: 'video_create',
          input: videoInput(),
          surface: 'http',
        });
        expect(retry).toMatchObject({ ok: true, routing: { replayed: true } });
        expect(fixture.heygen.started.emulator.inspect.renders()).toBe(1);
        expect((await fixture.gateway.verifyAudit()).ok).toBe(true);
      });

      it('sends nothing when the intent itself cannot be written', async () => {
        fixture = await open();
        await fixture.store.raw(storeDown(target));
        await expect(
          fixture.gateway.execute({ tool: 'video_create', input: videoInput(), surface: 'http' }),
        ).rejects.toBeInstanceOf(AuditWriteError);
        expect(fixture.heygen.seen.filter((seen) => seen.method === 'POST')).toEqual([]);
        await fixture.store.raw(storeUp(target));
        // Nothing was sent, so nothing is left open, and the create can be made once the store is back.
        expect(await fixture.gateway.verifyAudit()).toMatchObject({ ok: true, records: 0, openIntents: [] });
        const again = await fixture.gateway.execute({
          tool: 'video_create',
          input: videoInput(),
          surface: 'http',
        });
        expect(again).toMatchObject({ ok: true });
        expect(again.routing?.replayed).toBeUndefined();
        expect(fixture.heygen.started.emulator.inspect.renders()).toBe(1);
      });

      it('announces the send even through a router that knows nothing of intents', async () => {
        fixture = await createGatewayFixture(target, {
          extra: { router: ({ accounts }) => createDefaultRouter({ accounts }) },
        });
        const created = await fixture.gateway.execute({
          tool: 'video_create',
          input: videoInput(),
          surface: 'http',
        });
        expect(created.ok).toBe(true);
        const records = (await fixture.gateway.queryAudit({ order: 'asc' })).records;
        expect(records.map((record) => record.kind ?? 'call')).toEqual(['intent', 'call']);
        expect(JSON.parse(records[1]!.context!)).toEqual({ intent: records[0]!.seq });

        await fixture.store.raw(storeDown(target));
        const sent = fixture.heygen.count;
        await expect(
          fixture.gateway.execute({
            tool: 'video_create',
            input: { ...videoInput(), script: 'Other.' },
            surface: 'http',
          }),
        ).rejects.toBeInstanceOf(AuditWriteError);
        expect(fixture.heygen.count).toBe(sent);
        await fixture.store.raw(storeUp(target));
      });

      it('withholds a read whose record cannot be written (it changed nothing, so it needs no intent)', async () => {
        fixture = await open();
        afterAnswer = async () => fixture.store.raw(storeDown(target));
        await expect(
          fixture.gateway.execute({ tool: 'user_me_get', input: {}, surface: 'http' }),
        ).rejects.toBeInstanceOf(AuditWriteError);
        await fixture.store.raw(storeUp(target));
        expect(await fixture.gateway.verifyAudit()).toMatchObject({ ok: true, records: 0 });
      });
    },
  );
}
