import type { Hono } from 'hono';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { signWebhookBody } from '../../emulator/index.ts';
import type { ClientFactory } from '../../gateway/account-manager.ts';
import { createGateway } from '../../gateway/gateway.ts';
import type { Gateway } from '../../gateway/gateway.ts';
import { createStoreVaultStorage } from '../../gateway/store-vault-storage.ts';
import type { ExecuteResult } from '../../gateway/types.ts';
import { createHeyGenClient } from '../../heygen/client.ts';
import { createSqliteStore } from '../../store/sqlite-store.ts';
import { startEmulator } from '../../test/index.ts';
import type { StartedEmulator } from '../../test/index.ts';
import { createKeyring } from '../../vault/keyring.ts';
import { generateMasterKey } from '../../vault/master-key.ts';
import { openVault } from '../../vault/vault.ts';
import { createHttpApp } from './create-http-app.ts';
import { createWebhookRoutes, webhookSecretsFromEnv } from './webhook-routes.ts';
import type { WebhookSecrets } from './webhook-routes.ts';

const secret = 'whsec_receiver_test_secret_0001';
const renderMs = 10_000;

interface Setup {
  started: StartedEmulator;
  gateway: Gateway;
  routes: Hono;
  /** Every poll back-off the client started. None ever elapses on its own: only a wake-up ends one. */
  sleeps: number[];
  close(): Promise<void>;
}

const opened: Setup[] = [];
afterEach(async () => {
  for (const setup of opened.splice(0)) await setup.close();
});

/**
 * A gateway on a fresh SQLite store over the emulator (manual clock). The client's sleep never finishes by
 * itself, so a wait that returns after its first poll can only have been ended by a webhook wake-up.
 */
async function setup(
  options: { secrets?: WebhookSecrets; webhookFetch?: typeof globalThis.fetch } = {},
): Promise<Setup> {
  const started = await startEmulator({
    renderSeconds: renderMs / 1000,
    ...(options.webhookFetch ? { webhookFetch: options.webhookFetch } : {}),
  });
  const store = createSqliteStore({ path: ':memory:' });
  const vault = await openVault({
    keyring: createKeyring({ env: { HEYGATE_MASTER_KEY: generateMasterKey().key.toString('base64') } }),
    storage: createStoreVaultStorage(store),
  });
  const sleeps: number[] = [];
  const clientFactory: ClientFactory = (account) =>
    createHeyGenClient({
      apiKey: account.apiKey,
      baseUrl: started.baseUrl,
      uploadBaseUrl: started.baseUrl,
      fetch: started.fetch,
      env: {},
      retry: { maxAttempts: 1 },
      clock: started.emulator.clock,
      sleep: (ms, signal) =>
        new Promise<void>((resolve) => {
          sleeps.push(ms);
          signal?.addEventListener('abort', () => resolve(), { once: true });
        }),
    });
  const gateway = createGateway({
    store,
    vault,
    clientFactory,
    defaultAccount: { apiKey: started.apiKey, source: 'test' },
  });
  const routes = createWebhookRoutes({ gateway, secrets: options.secrets ?? [secret] });
  const result: Setup = {
    started,
    gateway,
    routes,
    sleeps,
    async close() {
      await gateway.close();
      await store.close();
      await started.close();
    },
  };
  opened.push(result);
  return result;
}

async function createVideo(context: Setup): Promise<string> {
  const library = context.started.emulator.inspect.library();
  const created = await context.gateway.execute({
    tool: 'video_create',
    input: { type: 'avatar', avatar_id: library.avatarId, voice_id: library.voiceId, script: 'Wake me.' },
    surface: 'http',
  });
  if (!created.ok) throw new Error(`video_create failed: ${created.error.message}`);
  return (created.data as { video_id: string }).video_id;
}

/** Starts `video_wait` and returns once its first poll is done and it sleeps out its back-off. */
async function startWait(context: Setup, videoId: string, signal?: AbortSignal) {
  let settled = false;
  const result = context.gateway
    .execute({
      tool: 'video_wait',
      input: { video_id: videoId },
      surface: 'http',
      ...(signal ? { signal } : {}),
    })
    .finally(() => {
      settled = true;
    });
  await vi.waitFor(() => expect(context.sleeps).toHaveLength(1));
  return { result, settled: () => settled };
}

/** The body the emulator sends for a finished video (same shape and key order as its dispatcher). */
function videoSuccessBody(videoId: string): string {
  return JSON.stringify({
    event_type: 'avatar_video.success',
    event_data: { video_id: videoId, url: 'http://emulator.local/video.mp4', callback_id: null },
  });
}

function post(routes: Hono, account: string, body: string, signature?: string): Promise<Response> {
  return Promise.resolve(
    routes.request(`/webhooks/heygen/${account}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(signature ? { signature } : {}) },
      body,
    }),
  );
}

/** Lets pending promise callbacks and in-process requests run. */
async function flush(): Promise<void> {
  for (let round = 0; round < 20; round++) await new Promise((resolve) => setImmediate(resolve));
}

describe('webhook receiver', () => {
  it('accepts a verified event and ends a pending video_wait without its back-off elapsing', async () => {
    const context = await setup();
    const videoId = await createVideo(context);
    const wait = await startWait(context, videoId);

    // The render finishes in the emulator, but the wait sleeps (its back-off never elapses in this test).
    context.started.advance(renderMs);
    await flush();
    expect(wait.settled()).toBe(false);

    const response = await post(
      context.routes,
      'default',
      videoSuccessBody(videoId),
      signWebhookBody(videoSuccessBody(videoId), secret),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, event_type: 'avatar_video.success', woken: 1 });

    // Fails fast (rather than hanging until the test timeout) when nothing woke the wait.
    await vi.waitFor(() => expect(wait.settled()).toBe(true));
    const result: ExecuteResult = await wait.result;
    expect(result.ok).toBe(true);
    expect(result.ok && result.data).toMatchObject({ id: videoId, status: 'completed' });
    // Still the one sleep of the first back-off: the wake, not a timer, made it poll again.
    expect(context.sleeps).toHaveLength(1);
  });

  it('refuses unsigned and wrongly signed events with 401 problem+json and wakes nothing', async () => {
    const context = await setup();
    const videoId = await createVideo(context);
    const controller = new AbortController();
    const wait = await startWait(context, videoId, controller.signal);
    context.started.advance(renderMs);
    const body = videoSuccessBody(videoId);

    const attempts = [
      await post(context.routes, 'default', body),
      await post(context.routes, 'default', body, 'not-hex'),
      await post(context.routes, 'default', body, signWebhookBody(body, 'whsec_someone_else')),
      // Signed correctly, but for other bytes than those sent.
      await post(
        context.routes,
        'default',
        body.replace('"video_id"', '"video_id" '),
        signWebhookBody(body, secret),
      ),
    ];
    for (const response of attempts) {
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      const text = await response.text();
      expect(JSON.parse(text)).toMatchObject({ status: 401, code: 'invalid_signature' });
      expect(text).not.toContain(secret);
    }
    await flush();
    expect(wait.settled()).toBe(false);
    expect(context.sleeps).toHaveLength(1);

    controller.abort();
    const result = await wait.result;
    expect(result.ok).toBe(false);
  });

  it('answers 404 for a verified event to an unknown account, 401 when it is not verified', async () => {
    const context = await setup();
    const body = videoSuccessBody('v-unknown');
    const unknown = await post(context.routes, 'nobody', body, signWebhookBody(body, secret));
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'unknown_account' });
    // Strangers cannot probe account names: without a valid signature every account looks the same.
    expect((await post(context.routes, 'nobody', body, signWebhookBody(body, 'whsec_guess'))).status).toBe(
      401,
    );
  });

  it('accepts events signed with any configured secret, so an endpoint secret can be rotated', async () => {
    const oldSecret = 'whsec_old_secret_before_rotation';
    const newSecret = 'whsec_new_secret_after_rotation';
    const context = await setup({ secrets: [oldSecret, newSecret] });
    const body = videoSuccessBody('v-rotated');
    const responses = [
      await post(context.routes, 'default', body, signWebhookBody(body, oldSecret)),
      await post(context.routes, 'default', body, signWebhookBody(body, newSecret)),
      await post(context.routes, 'default', body, signWebhookBody(body, 'whsec_retired_long_ago')),
    ];
    expect(responses.map((response) => response.status)).toEqual([200, 200, 401]);
    for (const response of responses) {
      const text = await response.text();
      expect(text).not.toContain(oldSecret);
      expect(text).not.toContain(newSecret);
    }
  });

  it('looks secrets up per account and refuses everything when none is configured', async () => {
    const context = await setup({ secrets: (account) => (account === 'default' ? [secret] : []) });
    const body = videoSuccessBody('v-1');
    expect((await post(context.routes, 'default', body, signWebhookBody(body, secret))).status).toBe(200);
    const none = await post(context.routes, 'other', body, signWebhookBody(body, secret));
    expect(none.status).toBe(401);
    expect(await none.text()).toContain('HEYGATE_WEBHOOK_SECRET');
  });

  it('acknowledges events no wait needs, and never builds a client to deliver a wake-up', async () => {
    const context = await setup();
    for (const body of [
      videoSuccessBody('v-nobody-waits'),
      JSON.stringify({ event_type: 'live_avatar.success', event_data: { id: 'x' } }),
    ]) {
      const response = await post(context.routes, 'default', body, signWebhookBody(body, secret));
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ woken: 0 });
    }
    expect(context.gateway.accounts.cachedClient('default')).toBeUndefined();
    expect(context.gateway.wakeJob('nobody', 'video', 'v-1')).toBe(false);
  });

  it('refuses a verified body that is not a HeyGen event with 400', async () => {
    const context = await setup();
    for (const body of ['not json', JSON.stringify({ event_data: {} })]) {
      const response = await post(context.routes, 'default', body, signWebhookBody(body, secret));
      expect(response.status).toBe(400);
    }
  });

  it('answers the OPTIONS probe HeyGen sends to a new URL', async () => {
    const context = await setup();
    const response = await context.routes.request('/webhooks/heygen/default', { method: 'OPTIONS' });
    expect(response.status).toBe(200);
  });

  it('reads comma-separated secrets from HEYGATE_WEBHOOK_SECRET', () => {
    expect(webhookSecretsFromEnv({ HEYGATE_WEBHOOK_SECRET: ' whsec_a , whsec_b,,' })).toEqual([
      'whsec_a',
      'whsec_b',
    ]);
    expect(webhookSecretsFromEnv({})).toEqual([]);
  });

  it('end to end: the emulator delivers its signed event through `serve`’s HTTP app and ends the wait', async () => {
    // Filled in once the gateway exists and the endpoint is registered (the emulator needs the fetch first).
    const late: { app?: Hono; secret?: string } = {};
    const received: { method: string; status: number }[] = [];
    const webhookFetch = (async (input: string | URL | Request, init?: RequestInit) => {
      if (!late.app) throw new Error('receiver not ready');
      const request = input instanceof Request ? input : new Request(input, init);
      const response = await late.app.request(request);
      received.push({ method: request.method, status: response.status });
      return response;
    }) as typeof globalThis.fetch;
    const context = await setup({
      webhookFetch,
      secrets: () => (late.secret === undefined ? [] : [late.secret]),
    });
    late.app = createHttpApp({
      executor: context.gateway,
      mounts: { '/webhooks': context.routes },
      // HeyGen delivers to the gateway's public name; the operator lists it (DNS-rebinding check).
      allowedHosts: ['heygate.test'],
    });

    const endpoint = await context.gateway.execute({
      tool: 'webhook_endpoint_create',
      input: {
        url: 'https://heygate.test/webhooks/heygen/default',
        events: ['avatar_video.success', 'avatar_video.fail'],
      },
      surface: 'cli',
    });
    expect(endpoint.ok).toBe(true);
    late.secret = endpoint.ok ? (endpoint.data as { secret: string }).secret : undefined;
    expect(late.secret).toMatch(/^whsec_/);

    const videoId = await createVideo(context);
    const wait = await startWait(context, videoId);
    // Completing the render makes the emulator send avatar_video.success to the registered URL.
    context.started.advance(renderMs);
    await context.started.emulator.idle();
    await vi.waitFor(() => expect(wait.settled()).toBe(true));
    const result = await wait.result;

    expect(result.ok && result.data).toMatchObject({ id: videoId, status: 'completed' });
    expect(context.sleeps).toHaveLength(1);
    expect(received).toEqual([
      { method: 'OPTIONS', status: 200 },
      { method: 'POST', status: 200 },
    ]);
    const deliveries = context.started.emulator.inspect.webhookDeliveries();
    expect(deliveries.map((delivery) => [delivery.eventType, delivery.status])).toEqual([
      ['avatar_video.success', 'delivered'],
    ]);
  });
});
