import { catalog, getTool } from '../../src/catalog/index.ts';
import type { Emulator } from '../../src/emulator/index.ts';
import {
  createRouter,
  type Router,
  type RouterOptions,
  type RouteResult,
  type RouteSend,
} from '../../src/gateway/router/index.ts';
import type { RoutePersona } from '../../src/gateway/router/create-router.ts';
import { createHeyGenClient, type HeyGenClient } from '../../src/heygen/index.ts';
import { createManualClock, startEmulator, type ManualClock } from '../../src/test/index.ts';

/** What a fault injector sees of one request the router sends. */
export interface OutgoingRequest {
  /** Account name the request is for. */
  account: string;
  method: string;
  path: string;
  /** 1-based count of requests to this account, method and path so far. */
  sequence: number;
}

/** Options of {@link createRoutingHarness}. */
export interface RoutingHarnessOptions {
  /** Account names in routing order; each gets its own emulator key (default `one`, `two`). */
  accounts?: readonly string[];
  /** Emulator rate limits per key. */
  rateLimit?: { requestsPerMinute?: number; concurrentJobs?: number };
  /** Emulator fault spec (every key). */
  faults?: string;
  /** Adds an `X-Emulator-Fault` header to chosen requests (deterministic faults per account). */
  inject?: (request: OutgoingRequest) => string | undefined;
  /** Router options (store, health, policy…). */
  router?: Partial<RouterOptions>;
  /** Request timeout of the clients (real milliseconds; the `timeout` fault waits this long). */
  timeoutMs?: number;
  /** Seed of the emulator (fault rolls). */
  seed?: number;
  /** An existing clock (to share one between routers). */
  clock?: ManualClock;
  /** An existing emulator (to share one between routers). */
  emulator?: Emulator;
}

/** Two (or more) emulator accounts behind one router, driven by a manual clock. */
export interface RoutingHarness {
  emulator: Emulator;
  clock: ManualClock;
  router: Router;
  accounts: readonly string[];
  /** The emulator key of an account name. */
  keyOf(account: string): string;
  /** The transport the router sends through (one client per account). */
  send: RouteSend;
  /** Routes one call (input validated as the gateway does). */
  call(
    tool: string,
    input: unknown,
    extra?: { persona?: RoutePersona; account?: string; idempotencyKey?: string; maxWaitMs?: number },
  ): Promise<RouteResult>;
  /** Requests the emulator answered for an account, optionally of one tool. */
  requests(account: string, tool?: string): number;
  /** Renders accepted by the emulator, per account or in total. */
  renders(account?: string): number;
  /** Valid `video_create` input on the emulator's public library. */
  videoInput(script?: string): Record<string, unknown>;
  close(): Promise<void>;
}

/**
 * Builds a router over emulator accounts the way the gateway does: one HeyGen client per account, all
 * through the emulator's in-process fetch, time on the emulator's manual clock (the router's waits advance it
 * instead of sleeping).
 */
export async function createRoutingHarness(options: RoutingHarnessOptions = {}): Promise<RoutingHarness> {
  const accounts = options.accounts ?? ['one', 'two'];
  const keys = accounts.map((_, index) => `k${index + 1}`);
  const clock = options.clock ?? createManualClock();
  const emulator =
    options.emulator ??
    (
      await startEmulator({
        keys,
        clock,
        seed: options.seed ?? 1,
        ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
        ...(options.faults ? { faults: options.faults } : {}),
      })
    ).emulator;
  const keyOf = (account: string) => {
    const index = accounts.indexOf(account);
    if (index < 0) throw new Error(`unknown account ${account}`);
    return keys[index] as string;
  };
  const advance = async (ms: number) => {
    emulator.clock.advance(Math.max(0, ms));
    await new Promise((resolve) => setImmediate(resolve));
  };
  const sequences = new Map<string, number>();
  const clients = new Map<string, HeyGenClient>();
  for (const account of accounts) {
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const request = new Request(input, init);
      const url = new URL(request.url);
      const counter = `${account} ${request.method} ${url.pathname}`;
      const sequence = (sequences.get(counter) ?? 0) + 1;
      sequences.set(counter, sequence);
      const fault = options.inject?.({ account, method: request.method, path: url.pathname, sequence });
      if (fault) request.headers.set('x-emulator-fault', fault);
      return emulator.fetch(request);
    };
    clients.set(
      account,
      createHeyGenClient({
        apiKey: keyOf(account),
        baseUrl: 'http://emulator.local',
        fetch,
        clock,
        sleep: advance,
        tools: catalog,
        // The emulator still serves the retired v1/v2 endpoints: routing over them is exercised too.
        legacyCalls: 'send',
        // The router owns 429s (cooldown, fallback, bounded waits): the client hands them over at once.
        retry: { maxRetryAfterMs: 0 },
        timeouts: { readMs: options.timeoutMs ?? 40, writeMs: options.timeoutMs ?? 40 },
      }),
    );
  }
  const send: RouteSend = (account, tool, input, sendOptions) => {
    const client = clients.get(account);
    if (!client) throw new Error(`unknown account ${account}`);
    return client.call(tool, input, { validate: false, ...sendOptions });
  };
  const router = createRouter({
    accounts: () => accounts,
    tools: catalog,
    clock,
    sleep: advance,
    ...options.router,
  });

  return {
    emulator,
    clock,
    router,
    accounts,
    keyOf,
    send,
    async call(name, input, extra = {}) {
      const tool = getTool(name);
      const parsed = tool.input().parse(input);
      return router.route({ tool, input: parsed, send, ...extra });
    },
    requests(account, tool) {
      return emulator.inspect.requests({ key: keyOf(account), ...(tool ? { tool } : {}) }).length;
    },
    renders(account) {
      return account === undefined ? emulator.inspect.renders() : emulator.inspect.renders(keyOf(account));
    },
    videoInput(script = 'Hello from the routing suite.') {
      const library = emulator.inspect.library();
      return { type: 'avatar', avatar_id: library.avatarId, voice_id: library.voiceId, script };
    },
    async close() {
      await router.close();
      if (!options.emulator) await emulator.close();
    },
  };
}
