import type { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import type { Gateway } from '../../src/gateway/gateway.ts';
import { webhookSecretId } from '../../src/gateway/secret-ids.ts';
import { storeTestTargets } from '../../src/store/store-test-targets.ts';
import { createHttpApp } from '../../src/surfaces/http/create-http-app.ts';
import { createWebhookRoutes } from '../../src/surfaces/http/webhook-routes.ts';
import { createGatewayFixture, type GatewayFixture } from '../gateway/gateway-fixture.ts';

/**
 * Per-account webhooks (issue 14 item 4): `setup` registers heygate's receiver with the account at HeyGen and
 * keeps the signing secret in the vault; a rotation keeps the old secret for deliveries already in flight, so
 * none is lost — also when another gateway process receives them.
 */

const targets = await storeTestTargets();
const publicUrl = 'https://gateway.example.test';
const renderMs = 10_000;

/** A gateway process's receiver: `heygate serve`'s HTTP app with the webhook routes mounted. */
function receiver(gateway: Gateway): Hono {
  return createHttpApp({
    executor: gateway,
    // HeyGen delivers to the public name (`heygate serve --public-url` allows it the same way).
    allowedHosts: ['localhost', new URL(publicUrl).hostname],
    mounts: { '/webhooks': createWebhookRoutes({ gateway }) },
  });
}

/**
 * The network between HeyGen and the gateway processes: deliveries go to `target`; while `hold` is set they are
 * kept in flight (sent by HeyGen, not yet arrived) until released.
 */
function network() {
  const state = {
    target: undefined as Hono | undefined,
    hold: false,
    held: [] as (() => void)[],
    arrived: [] as { status: number; body: string }[],
  };
  const deliver = async (request: Request) => {
    const body = await request.clone().text();
    const response = await state.target!.request(request);
    // HeyGen's OPTIONS probe of a new URL is not a delivery.
    if (request.method === 'POST') state.arrived.push({ status: response.status, body });
    return response;
  };
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    if (request.method !== 'POST' || !state.hold) return deliver(request);
    return new Promise<Response>((resolve, reject) => {
      state.held.push(() => deliver(request).then(resolve, reject));
    });
  }) as typeof globalThis.fetch;
  return {
    state,
    fetch,
    release() {
      state.hold = false;
      for (const send of state.held.splice(0)) send();
    },
  };
}

async function createVideos(gateway: Gateway, fixture: GatewayFixture, count: number): Promise<string[]> {
  const library = fixture.heygen.started.emulator.inspect.library();
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const created = await gateway.execute({
      tool: 'video_create',
      input: {
        type: 'avatar',
        avatar_id: library.avatarId,
        voice_id: library.voiceId,
        script: `Take ${index}.`,
      },
      surface: 'library',
      idempotencyKey: `take-${index}-${Math.random()}`,
    });
    if (!created.ok) throw new Error(created.error.message);
    ids.push((created.data as { video_id: string }).video_id);
  }
  return ids;
}

for (const target of targets) {
  describe.runIf(target.enabled)(
    `per-account webhooks on ${target.name}${target.reason ? ` [${target.reason}]` : ''}`,
    () => {
      const fixtures: GatewayFixture[] = [];
      afterEach(async () => {
        for (const fixture of fixtures.splice(0)) await fixture.cleanup();
      });
      /** A gateway whose emulator delivers webhooks through `net` to the gateway's own receiver. */
      async function setup() {
        const net = network();
        const fixture = await createGatewayFixture(target, { emulatorClock: true, webhookFetch: net.fetch });
        fixtures.push(fixture);
        net.state.target = receiver(fixture.gateway);
        return { net, fixture, gateway: fixture.gateway, emulator: fixture.heygen.started.emulator };
      }

      it('registers the receiver for the events heygate waits on, keeps the secret sealed, updates and adopts', async () => {
        const { fixture, gateway, emulator } = await setup();

        const status = await gateway.webhooks.setup('default', { publicUrl: `${publicUrl}/` });
        expect(status).toMatchObject({
          account: 'default',
          url: `${publicUrl}/webhooks/heygen/default`,
          previousSecretUntil: null,
        });
        expect(status.events).toContain('avatar_video.success');
        expect(status.events).not.toContain('avatar_video_gif.success');
        const endpoints = () => [...emulator.inspect.account()!.webhookEndpoints.values()];
        expect(endpoints()).toHaveLength(1);
        expect(endpoints()[0]).toMatchObject({
          id: status.endpointId,
          url: status.url,
          events: status.events,
        });
        const dump = await fixture.store.dump();
        expect(dump).not.toContain(endpoints()[0]!.secret);
        expect(await gateway.webhooks.secretsFor('default')).toEqual([endpoints()[0]!.secret]);

        // Again, with other events: the same endpoint is updated, its secret kept.
        const again = await gateway.webhooks.setup('default', {
          publicUrl,
          events: ['avatar_video.success'],
        });
        expect(again.endpointId).toBe(status.endpointId);
        expect(endpoints()[0]!.events).toEqual(['avatar_video.success']);

        // A store that lost the secret (or an endpoint made by hand for this URL): adopted, secret rotated to learn it.
        await fixture.gateway.store.deleteSecret(webhookSecretId('default'));
        const adopted = await gateway.webhooks.setup('default', { publicUrl });
        expect(adopted.endpointId).toBe(status.endpointId);
        expect(endpoints()).toHaveLength(1);
        expect(await gateway.webhooks.secretsFor('default', { fresh: true })).toEqual([
          endpoints()[0]!.secret,
        ]);

        await expect(gateway.webhooks.setup('default', { publicUrl: 'ftp://nope' })).rejects.toMatchObject({
          code: 'invalid_input',
          message: expect.stringContaining('public URL'),
        });
        await expect(gateway.webhooks.setup('nobody', { publicUrl })).rejects.toMatchObject({
          code: 'unknown_account',
        });
        const setups = (await gateway.queryAudit({ kind: 'admin', tool: 'webhook.setup', order: 'asc' }))
          .records;
        expect(
          setups.map((record) => [record.outcome, JSON.parse(record.response ?? '{}').action ?? null]),
        ).toEqual([
          ['ok', 'created'],
          ['ok', 'updated'],
          ['ok', 'adopted'],
          ['error', null],
        ]);
        expect(JSON.stringify(setups)).not.toContain('whsec_');
        // The HeyGen calls behind it are audited as tool calls, their secrets redacted.
        const calls = (await gateway.queryAudit({ kind: 'call', tool: 'webhook_endpoint_create' })).records;
        expect(calls[0]?.response).toContain('"secret":"[redacted]"');
      });

      it('rotates the secret while deliveries arrive and loses none, in this process or another', async () => {
        const { net, fixture } = await setup();
        const first = net.state.target!;
        const otherGateway = await fixture.reopen({ clock: fixture.heygen.started.emulator.clock });
        const second = receiver(otherGateway);
        net.state.target = first;
        const emulator = fixture.heygen.started.emulator;
        await fixture.gateway.webhooks.setup('default', { publicUrl });

        // Warm the other process's cache with the first secret: one delivery lands there before the rotation.
        net.state.target = second;
        await createVideos(fixture.gateway, fixture, 1);
        emulator.clock.advance(renderMs);
        await emulator.idle();
        expect(net.state.arrived.map((arrival) => arrival.status)).toEqual([200]);

        // Three renders finish: HeyGen signs their events with the current secret and sends them...
        net.state.target = first;
        net.state.hold = true;
        await createVideos(fixture.gateway, fixture, 3);
        emulator.clock.advance(renderMs);
        await new Promise((resolve) => setImmediate(resolve));
        expect(net.state.held).toHaveLength(3);
        // ...and, while they are in flight, the operator rotates the secret (HeyGen drops the old one at once).
        const rotated = await fixture.gateway.webhooks.rotate('default');
        expect(rotated.previousSecretUntil).toBe(new Date(emulator.clock.now() + 15 * 60_000).toISOString());
        net.release();
        await emulator.idle();

        // New events are signed with the new secret; some reach the other process, which had the old one cached.
        await createVideos(fixture.gateway, fixture, 2);
        net.state.target = second;
        emulator.clock.advance(renderMs);
        await emulator.idle();

        const deliveries = emulator.inspect.webhookDeliveries();
        expect(deliveries.filter((delivery) => delivery.eventType === 'avatar_video.success')).toHaveLength(
          6,
        );
        expect(
          deliveries.every((delivery) => delivery.status === 'delivered' && delivery.attempts === 1),
        ).toBe(true);
        expect(net.state.arrived.map((arrival) => arrival.status)).toEqual([200, 200, 200, 200, 200, 200]);

        // After the overlap the old secret is refused: a replay of an old delivery is not accepted.
        const replayed = deliveries[1]!;
        emulator.clock.advance(15 * 60_000 + 1);
        const late = await first.request('/webhooks/heygen/default', {
          method: 'POST',
          headers: { 'content-type': 'application/json', signature: replayed.signature! },
          body: replayed.body,
        });
        expect(late.status).toBe(401);
        expect(await fixture.gateway.webhooks.secretsFor('default')).toHaveLength(1);
        const rotations = (await fixture.gateway.queryAudit({ kind: 'admin', tool: 'webhook.rotate' }))
          .records;
        expect(rotations).toHaveLength(1);
        expect((await fixture.gateway.verifyAudit()).ok).toBe(true);
      });

      it('rotates on a schedule, and removes the endpoint at HeyGen with the account', async () => {
        const { fixture, gateway, emulator } = await setup();
        await gateway.accounts.add('work', fixture.keys[1]!);
        await gateway.webhooks.setup('work', { publicUrl });
        await gateway.rotation.setPolicy({ subject: 'webhook_secret', everyMs: 30 * 86_400_000 });
        const secret = [...emulator.inspect.account(fixture.keys[1])!.webhookEndpoints.values()][0]!.secret;
        expect(await gateway.rotation.runDue()).not.toContainEqual(
          expect.objectContaining({ kind: 'webhook_secret' }),
        );
        emulator.clock.advance(31 * 86_400_000);
        expect(await gateway.rotation.runDue()).toContainEqual({
          kind: 'webhook_secret',
          name: 'work',
          outcome: 'done',
        });
        const endpoint = [...emulator.inspect.account(fixture.keys[1])!.webhookEndpoints.values()][0]!;
        expect(endpoint.secret).not.toBe(secret);
        expect(await gateway.webhooks.secretsFor('work')).toEqual([endpoint.secret, secret]);

        const removed = await gateway.accounts.remove('work');
        expect(removed).toMatchObject({ revocation: 'not_revocable', cleanup: { deleted: true } });
        expect(emulator.inspect.account(fixture.keys[1])!.webhookEndpoints.size).toBe(0);
        expect(await gateway.webhooks.status()).toEqual([]);
        expect(await gateway.store.listSecrets()).toEqual([]);
      });
    },
  );
}
