import { createHeyGenClient } from '../../src/heygen/client.ts';
import type { ClientFactory } from '../../src/gateway/account-manager.ts';
import { createGateway } from '../../src/gateway/gateway.ts';
import type { Gateway, GatewayOptions } from '../../src/gateway/gateway.ts';
import { createStoreVaultStorage } from '../../src/gateway/store-vault-storage.ts';
import type { StoreFixture, StoreTestTarget } from '../../src/store/store-test-targets.ts';
import type { EmulatorOAuthOptions } from '../../src/emulator/create-oauth-server.ts';
import { startEmulator } from '../../src/test/index.ts';
import type { StartedEmulator } from '../../src/test/index.ts';
import { createKeyring } from '../../src/vault/keyring.ts';
import { generateMasterKey } from '../../src/vault/master-key.ts';
import { openVault } from '../../src/vault/vault.ts';

/** One request that reached HeyGen in-process. */
export interface SeenRequest {
  method: string;
  path: string;
  apiKey: string | null;
}

/** The HeyGen emulator as the gateway tests use it. */
export interface TestHeyGen {
  started: StartedEmulator;
  /** In-process fetch: records each request and refuses revoked keys. */
  fetch: typeof globalThis.fetch;
  /** Requests made through `fetch`, in order. */
  seen: SeenRequest[];
  /** Requests made through `fetch` so far. */
  readonly count: number;
  /**
   * From now on HeyGen refuses the key with its 401 (a key revoked in HeyGen's dashboard). The emulator has no
   * key removal, so the in-process fetch answers for it.
   */
  revoke(key: string): void;
  /** HeyGen accepts a revoked key again (a key that becomes active). */
  restore(key: string): void;
  /** Requests the emulator answered with this key (in-process and over sockets). */
  requestsWith(key: string): number;
  close(): Promise<void>;
}

/** Starts the emulator with `keys` (and optional fault rules) behind a recording fetch. */
export async function startTestHeyGen(options: {
  keys: readonly string[];
  faults?: string;
  listen?: boolean;
  /** The emulator's OAuth provider (auto-approve, token lifetime, refresh-token rotation). */
  oauth?: EmulatorOAuthOptions;
  /** Where the emulator sends webhook deliveries. */
  webhookFetch?: typeof globalThis.fetch;
}): Promise<TestHeyGen> {
  const started = await startEmulator({
    keys: options.keys,
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.listen ? { listen: true } : {}),
    ...(options.oauth ? { oauth: options.oauth } : {}),
    ...(options.webhookFetch ? { webhookFetch: options.webhookFetch } : {}),
  });
  const inProcess = started.emulator.fetch.bind(started.emulator);
  const seen: SeenRequest[] = [];
  const revoked = new Set<string>();
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const apiKey = request.headers.get('x-api-key');
    seen.push({ method: request.method, path: new URL(request.url).pathname, apiKey });
    if (apiKey && revoked.has(apiKey)) {
      return new Response(
        JSON.stringify({
          error: { code: 'authentication_failed', message: 'Invalid API key', param: null, doc_url: null },
        }),
        {
          status: 401,
          headers: { 'content-type': 'application/json' },
        },
      );
    }
    return inProcess(request);
  };
  return {
    started,
    fetch: fetch as typeof globalThis.fetch,
    seen,
    get count() {
      return seen.length;
    },
    revoke: (key) => revoked.add(key),
    restore: (key) => revoked.delete(key),
    requestsWith: (key) => started.emulator.inspect.requests({ key }).length,
    close: () => started.close(),
  };
}

/** A gateway over a fresh store of `target`, talking to the emulator in-process. */
export interface GatewayFixture {
  gateway: Gateway;
  heygen: TestHeyGen;
  store: StoreFixture;
  /** The key of the virtual `default` account. */
  apiKey: string;
  /** Every key the emulator knows. */
  keys: readonly string[];
  /** A second gateway process on the same database. */
  reopen(extra?: Partial<GatewayOptions>): Promise<Gateway>;
  cleanup(): Promise<void>;
}

/** Builds a gateway fixture; `keys` are the emulator's accounts (the first is the default account's). */
export async function createGatewayFixture(
  target: StoreTestTarget,
  options: {
    keys?: string[];
    faults?: string;
    extra?: Partial<GatewayOptions>;
    oauth?: EmulatorOAuthOptions;
    /** Run the gateway on the emulator's manual clock (token expiry, grace periods, schedules). */
    emulatorClock?: boolean;
    /** Where the emulator sends webhook deliveries. */
    webhookFetch?: typeof globalThis.fetch;
  } = {},
): Promise<GatewayFixture> {
  const keys = options.keys ?? ['hg-test-default-key-0001', 'hg-test-work-key-0002', 'hg-test-work-key-0003'];
  const heygen = await startTestHeyGen({
    keys,
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.oauth ? { oauth: options.oauth } : {}),
    ...(options.webhookFetch ? { webhookFetch: options.webhookFetch } : {}),
  });
  const store = await target.create();
  const masterKey = generateMasterKey().key.toString('base64');
  const clientFactory: ClientFactory = (account) =>
    createHeyGenClient({
      apiKey: account.apiKey,
      credentials: account.credentials,
      baseUrl: heygen.started.baseUrl,
      uploadBaseUrl: heygen.started.baseUrl,
      fetch: heygen.fetch,
      // The emulator still serves HeyGen's retired v1/v2 endpoints; gateway tests route over them too.
      legacyCalls: 'send',
      retry: { maxAttempts: 1 },
      env: {},
      // Job waits run on emulator time: each poll's sleep advances the emulator clock instead of waiting.
      clock: heygen.started.emulator.clock,
      sleep: async (ms) => heygen.started.advance(ms),
    });
  const open = async (storeInstance: StoreFixture['store'], extra: Partial<GatewayOptions> = {}) => {
    const clock = options.emulatorClock ? heygen.started.emulator.clock : undefined;
    const vault = await openVault({
      keyring: createKeyring({ env: { HEYGATE_MASTER_KEY: masterKey } }),
      storage: createStoreVaultStorage(storeInstance, clock),
      ...(clock ? { clock } : {}),
    });
    return createGateway({
      store: storeInstance,
      vault,
      clientFactory,
      defaultAccount: { apiKey: keys[0]!, source: 'HEYGEN_API_KEY' },
      ...(clock ? { clock } : {}),
      ...options.extra,
      ...extra,
      // OAuth endpoints on the emulator, in-process (recorded like every other request).
      oauth: {
        fetch: heygen.fetch,
        baseUrl: heygen.started.baseUrl,
        ...options.extra?.oauth,
        ...extra.oauth,
      },
    });
  };
  const gateway = await open(store.store);
  return {
    gateway,
    heygen,
    store,
    apiKey: keys[0]!,
    keys,
    reopen: async (extra) => open(await store.reopen(), extra),
    async cleanup() {
      await store.cleanup();
      await heygen.close();
    },
  };
}
