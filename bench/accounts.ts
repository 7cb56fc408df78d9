/**
 * Accounts (issue 14): what an OAuth account costs per call next to an API-key account, what a token expiring
 * under a burst of concurrent calls costs (one shared refresh), and what verifying a webhook delivery with the
 * account's vault secret costs next to the environment secret. All against the in-process emulator on the
 * embedded store, one process.
 *
 * Run: `npx node bench/accounts.ts [iterations] [rounds]` → bench/results/accounts.json
 *
 * Method: API-key and OAuth calls (`user_me_get` through `gateway.execute`) alternate so both see the same machine
 * state; figures are medians over `rounds` rounds (the difference is taken within each round). The burst: the clock is
 * moved to 30 s before expiry and `burst` calls start at once; HeyGen's refresh count and the wall time are read.
 * The receiver: signed deliveries posted to the webhook routes (no socket), half verified by the account's
 * secret from the vault (cached), half by `HEYGATE_WEBHOOK_SECRET`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { signWebhookBody } from '../src/emulator/index.ts';
import { createGateway } from '../src/gateway/gateway.ts';
import { createStoreVaultStorage } from '../src/gateway/store-vault-storage.ts';
import { createHeyGenClient } from '../src/heygen/client.ts';
import { createSqliteStore } from '../src/store/sqlite-store.ts';
import { createWebhookRoutes } from '../src/surfaces/http/webhook-routes.ts';
import { startEmulator } from '../src/test/index.ts';
import { createKeyring } from '../src/vault/keyring.ts';
import { generateMasterKey } from '../src/vault/master-key.ts';
import { openVault } from '../src/vault/vault.ts';

const iterations = Number(process.argv[2] ?? 3000);
const rounds = Number(process.argv[3] ?? 5);
const burst = 200;
const loadAtStart = loadavg().map((value) => round(value, 2));

function round(value: number, digits = 3): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function percentiles(times: number[]): { p50: number; p99: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  return { p50: round(at(50)), p99: round(at(99)) };
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

const emulator = await startEmulator({
  keys: ['bench-accounts-key-0001'],
  oauth: { autoApprove: true },
});
const home = mkdtempSync(join(tmpdir(), 'heygate-bench-accounts-'));
const store = createSqliteStore({ path: join(home, 'heygate.db') });
const clock = emulator.emulator.clock;
const vault = await openVault({
  keyring: createKeyring({ env: { HEYGATE_MASTER_KEY: generateMasterKey().key.toString('base64') } }),
  storage: createStoreVaultStorage(store, clock),
  clock,
});
const gateway = createGateway({
  store,
  vault,
  clock,
  clientFactory: (account) =>
    createHeyGenClient({
      ...emulator.clientOptions,
      apiKey: account.apiKey,
      credentials: account.credentials,
      env: {},
    }),
  oauth: { fetch: emulator.fetch, baseUrl: emulator.baseUrl },
});

try {
  await gateway.accounts.add('keyed', emulator.apiKey);
  const started = await gateway.oauth.start({
    account: 'connected',
    redirectUri: 'http://127.0.0.1:1/oauth/callback',
    binding: 'bench',
  });
  const redirect = await emulator.fetch(started.authorizationUrl, { redirect: 'manual' });
  const back = new URL(redirect.headers.get('location')!);
  await gateway.oauth.complete({
    state: back.searchParams.get('state')!,
    code: back.searchParams.get('code')!,
    binding: 'bench',
  });

  const call = (account: string) => async () => {
    const result = await gateway.execute({ tool: 'user_me_get', input: {}, account, surface: 'library' });
    if (!result.ok) throw new Error(`${account}: ${result.error.message}`);
  };
  const keyed = call('keyed');
  const connected = call('connected');
  for (let index = 0; index < Math.min(500, iterations / 4); index += 1) {
    await keyed();
    await connected();
  }
  const perRound = Math.max(200, Math.floor(iterations / rounds));
  const perCall: { apiKey: { p50: number; p99: number }; oauth: { p50: number; p99: number } }[] = [];
  for (let index = 0; index < rounds; index += 1) {
    const apiKeyTimes: number[] = [];
    const oauthTimes: number[] = [];
    for (let call = 0; call < perRound; call += 1) {
      apiKeyTimes.push(await timed(keyed));
      oauthTimes.push(await timed(connected));
    }
    perCall.push({ apiKey: percentiles(apiKeyTimes), oauth: percentiles(oauthTimes) });
  }
  // The machine is shared: medians over rounds, for each side and for the difference measured within a round.
  const medianOf = (pick: (round: (typeof perCall)[number]) => number) => round(median(perCall.map(pick)));

  // A burst of calls at expiry: every call needs a fresh token, HeyGen sees one refresh.
  const expiry = Date.parse((await gateway.accounts.get('connected')).credentialExpiresAt!);
  clock.advance(expiry - clock.now() - 30_000);
  const refreshesBefore = emulator.emulator.inspect.oauth().refreshes;
  const burstStarted = performance.now();
  const outcomes = await Promise.all(
    Array.from({ length: burst }, () =>
      gateway.execute({ tool: 'user_me_get', input: {}, account: 'connected', surface: 'library' }),
    ),
  );
  const burstMs = performance.now() - burstStarted;

  // Webhook deliveries verified with the account's vault secret, and with the environment secret.
  await gateway.webhooks.setup('keyed', { publicUrl: 'https://gateway.example.test' });
  const [vaultSecret] = await gateway.webhooks.secretsFor('keyed');
  const envSecret = 'whsec_bench_environment_secret_0001';
  const routes = createWebhookRoutes({ gateway, secrets: [envSecret] });
  const body = JSON.stringify({ event_type: 'avatar_video.success', event_data: { video_id: 'v-bench' } });
  const deliver = (secret: string) => async () => {
    const response = await routes.request('/webhooks/heygen/keyed', {
      method: 'POST',
      headers: { 'content-type': 'application/json', signature: signWebhookBody(body, secret) },
      body,
    });
    if (response.status !== 200) throw new Error(`delivery answered ${response.status}`);
  };
  const byVault = deliver(vaultSecret!);
  const byEnv = deliver(envSecret);
  const vaultTimes: number[] = [];
  const envTimes: number[] = [];
  for (let index = 0; index < iterations; index += 1) {
    vaultTimes.push(await timed(byVault));
    envTimes.push(await timed(byEnv));
  }

  const results = {
    bench: 'accounts',
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', loadAtStart },
    node: process.version,
    iterations,
    rounds,
    perCallMs: {
      apiKey: { p50: medianOf((each) => each.apiKey.p50), p99: medianOf((each) => each.apiKey.p99) },
      oauth: { p50: medianOf((each) => each.oauth.p50), p99: medianOf((each) => each.oauth.p99) },
      oauthAdded: {
        p50: medianOf((each) => each.oauth.p50 - each.apiKey.p50),
        p99: medianOf((each) => each.oauth.p99 - each.apiKey.p99),
      },
    },
    refreshBurst: {
      concurrentCalls: burst,
      failed: outcomes.filter((outcome) => !outcome.ok).length,
      refreshesAtHeyGen: emulator.emulator.inspect.oauth().refreshes - refreshesBefore,
      wallMs: round(burstMs, 1),
    },
    webhookVerifyMs: { vaultSecret: percentiles(vaultTimes), environmentSecret: percentiles(envTimes) },
    loadAtEnd: loadavg().map((value) => round(value, 2)),
  };
  await mkdir(new URL('results/', import.meta.url), { recursive: true });
  await writeFile(new URL('results/accounts.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
} finally {
  await gateway.close();
  await store.close();
  await emulator.close();
  rmSync(home, { recursive: true, force: true });
}
