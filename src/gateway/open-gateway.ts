import { createHeyGenClient } from '../heygen/client.ts';
import { createLocalFiles } from '../heygen/create-local-files.ts';
import { parseAllowList } from '../heygen/create-url-guard.ts';
import { openStore } from '../store/open-store.ts';
import type { Store } from '../store/store.ts';
import { createKeyring } from '../vault/keyring.ts';
import { openVault } from '../vault/vault.ts';
import type { ClientFactory, VirtualAccount } from './account-manager.ts';
import { createGateway } from './gateway.ts';
import { createRouter } from './router/create-router.ts';
import { createMemoryHealthStore } from './router/memory-health-store.ts';
import { createMemoryRouterStore } from '../store/memory-router-store.ts';
import type { Gateway, GatewayOptions } from './gateway.ts';
import { resolveHeygateHome } from './heygate-home.ts';
import { createPriceSource, pricingFilePath } from './pricing-config.ts';
import { createStoreVaultStorage } from './store-vault-storage.ts';

/** A running HeyGen emulator the gateway can use as its only account (sandbox mode). */
export interface SandboxAccount {
  apiKey: string;
  baseUrl: string;
  /** In-process fetch of the emulator (no socket), when available. */
  fetch?: typeof globalThis.fetch;
  close(): Promise<void>;
}

/** Options of {@link openGateway}. */
export interface OpenGatewayOptions {
  /**
   * Environment: `HEYGATE_HOME`, `HEYGATE_DATABASE_URL` (+ `HEYGATE_DATABASE_SCHEMA`), `HEYGATE_MASTER_KEY`
   * (+ `_NEXT`), `HEYGEN_API_KEY`, `HEYGEN_BASE_URL` (+ `HEYGEN_APP_BASE_URL`, `HEYGEN_OAUTH_BASE_URL`),
   * `HEYGATE_OAUTH_CLIENT_ID`, `HEYGATE_OAUTH_SCOPE`, `HEYGATE_SQLITE_SYNCHRONOUS`, `HEYGATE_FETCH_ALLOW`,
   * `HEYGATE_LEGACY_CALLS`, `HEYGATE_PRICING_FILE`. Default `process.env`.
   */
  env?: Record<string, string | undefined>;
  /**
   * Sandbox mode: `start` runs an emulator (the CLI/serve runtime owns the emulator; the gateway may not
   * import it). Used when `force` is set, or when no account is stored and `HEYGEN_API_KEY` is unset. In
   * sandbox mode every account's calls go to the emulator.
   */
  sandbox?: { force?: boolean; start: () => Promise<SandboxAccount> };
  /**
   * Directories `{ path }` file inputs may be read from (`--files-root`; the CLI's `call` passes the current
   * directory). Default none: no local file is read. Never inside `$HEYGATE_HOME`.
   */
  fileRoots?: readonly string[];
  /**
   * Intranet hosts and ranges `{ url }` file inputs may be fetched from (`--fetch-allow`), added to
   * `HEYGATE_FETCH_ALLOW` (comma-separated). Default none: only public addresses.
   */
  fetchAllow?: readonly string[];
  /** Replaces the default client factory (tests). */
  clientFactory?: ClientFactory;
  /** Passed through to `createGateway`. */
  gateway?: Pick<
    GatewayOptions,
    'router' | 'auditFailClosed' | 'onAuditError' | 'operatorName' | 'clock' | 'allowOperator' | 'observer'
  >;
}

/** An opened gateway and what to close. */
export interface OpenedGateway {
  gateway: Gateway;
  /** `$HEYGATE_HOME` in use. */
  home: string;
  /** `sandbox` when calls go to the emulator. */
  mode: 'heygen' | 'sandbox';
  /** The emulator in sandbox mode. */
  sandbox?: { baseUrl: string; apiKey: string };
  /** Closes the gateway, the store and the emulator. */
  close(): Promise<void>;
}

/**
 * Opens the gateway from the environment: the store (SQLite in `$HEYGATE_HOME`, or Postgres), the vault
 * (master key from `HEYGATE_MASTER_KEY` or `master.key`), the accounts (`HEYGEN_API_KEY` as the virtual
 * `default`) — and the sandbox emulator when nothing is configured. The CLI and `heygate serve` use it.
 */
export async function openGateway(options: OpenGatewayOptions = {}): Promise<OpenedGateway> {
  const env = options.env ?? process.env;
  const home = resolveHeygateHome(env);
  const store: Store = await openStore({ home, env });
  let sandbox: SandboxAccount | undefined;
  try {
    const vault = await openVault({
      keyring: createKeyring({ home, env }),
      storage: createStoreVaultStorage(store),
    });
    const apiKey = env.HEYGEN_API_KEY || undefined;
    const nothingConfigured = !apiKey && (await store.listAccounts()).length === 0;
    if (options.sandbox && (options.sandbox.force || nothingConfigured))
      sandbox = await options.sandbox.start();

    const files = {
      ...(options.fileRoots && options.fileRoots.length > 0
        ? { localFiles: createLocalFiles({ roots: options.fileRoots, deny: [home] }) }
        : {}),
      urlGuard: { allow: [...fetchAllowFromEnv(env), ...(options.fetchAllow ?? [])] },
    };
    parseAllowList(files.urlGuard.allow); // a malformed entry fails here, not at the first download
    // The operator's prices over the shipped ones; a broken pricing file stops the gateway here, naming it.
    const prices = createPriceSource({ path: pricingFilePath(env, home) });
    let clientFactory: ClientFactory;
    let defaultAccount: VirtualAccount | undefined;
    if (sandbox) {
      const emulator = sandbox;
      // Every account goes to the emulator: a sandbox run must never reach HeyGen or spend credits.
      clientFactory = () =>
        createHeyGenClient({
          apiKey: emulator.apiKey,
          baseUrl: emulator.baseUrl,
          uploadBaseUrl: emulator.baseUrl,
          allowLoopbackHttpWebhooks: true,
          ...files,
          env,
          ...(emulator.fetch ? { fetch: emulator.fetch } : {}),
        });
      defaultAccount = { apiKey: emulator.apiKey, baseUrl: emulator.baseUrl, source: 'sandbox' };
    } else {
      clientFactory =
        options.clientFactory ??
        ((account) =>
          createHeyGenClient({
            apiKey: account.apiKey,
            credentials: account.credentials,
            ...(account.baseUrl ? { baseUrl: account.baseUrl, uploadBaseUrl: account.baseUrl } : {}),
            ...files,
            env,
            // The router owns 429s (cooldown, fallback, the caller's wait budget; ADR 0008).
            retry: { maxRetryAfterMs: 0 },
          }));
      if (apiKey) defaultAccount = { apiKey, source: 'HEYGEN_API_KEY' };
    }

    const gateway = createGateway({
      store,
      vault,
      clientFactory,
      ...(defaultAccount ? { defaultAccount } : {}),
      // The sandbox emulator starts empty in every process, so the router's memory of jobs (idempotency
      // ledger), spend and cooldowns must not outlive it: a ledger entry from an earlier sandbox would replay
      // a job id this emulator never made. Audit, personas and accounts still persist.
      // OAuth hosts from the environment (or the sandbox emulator, which answers them all on its origin).
      oauth: {
        env,
        ...(env.HEYGATE_OAUTH_CLIENT_ID ? { clientId: env.HEYGATE_OAUTH_CLIENT_ID } : {}),
        ...(env.HEYGATE_OAUTH_SCOPE ? { scope: env.HEYGATE_OAUTH_SCOPE } : {}),
        ...(sandbox ? { baseUrl: sandbox.baseUrl, ...(sandbox.fetch ? { fetch: sandbox.fetch } : {}) } : {}),
      },
      ...(sandbox
        ? {
            router: (context) =>
              createRouter({
                accounts: context.accounts,
                tools: context.tools,
                prices: context.prices,
                store: createMemoryRouterStore(),
                health: createMemoryHealthStore(),
              }),
          }
        : {}),
      prices,
      ...options.gateway,
      ownsStore: true,
    });
    const running = sandbox;
    return {
      gateway,
      home,
      mode: running ? 'sandbox' : 'heygen',
      ...(running ? { sandbox: { baseUrl: running.baseUrl, apiKey: running.apiKey } } : {}),
      async close() {
        await gateway.close();
        await running?.close();
      },
    };
  } catch (error) {
    await store.close();
    await sandbox?.close();
    throw error;
  }
}

/** `HEYGATE_FETCH_ALLOW`: comma-separated host names, `*.suffix`es, IP addresses and CIDR ranges. */
export function fetchAllowFromEnv(env: Readonly<Record<string, string | undefined>>): string[] {
  return (env.HEYGATE_FETCH_ALLOW ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}
