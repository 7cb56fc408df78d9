import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Gateway } from '../../src/gateway/gateway.ts';
import { openFlows, type OpenFlowsOptions, type OpenedFlows } from '../../src/flows/open-flows.ts';
import type { StoreTestTarget } from '../../src/store/store-test-targets.ts';
import { createFlowLua } from '../../src/surfaces/lua/create-flow-lua.ts';
import { createGatewayFixture, type GatewayFixture } from '../gateway/gateway-fixture.ts';

const require = createRequire(import.meta.url);

/** The command line that starts `@modelcontextprotocol/server-everything` over stdio (a devDependency, offline). */
export function everythingCommand(): string {
  const main = join(
    dirname(require.resolve('@modelcontextprotocol/server-everything/package.json')),
    'dist',
    'index.js',
  );
  return `${JSON.stringify(process.execPath)} ${JSON.stringify(main)} stdio`;
}

/** A gateway on the emulator with flows opened on it. */
export interface FlowFixture {
  gateway: Gateway;
  fixture: GatewayFixture;
  flows: OpenedFlows;
  /** Opens flows again on a second gateway over the same database (a second process). */
  second(options?: Partial<OpenFlowsOptions>): Promise<OpenedFlows>;
  /** Emulator ids for flow inputs. */
  library: { avatarId: string; voiceId: string; languages: readonly string[] };
  cleanup(): Promise<void>;
}

/** Builds a gateway fixture on `target` and opens flows on it with `options`. */
export async function createFlowFixture(
  target: StoreTestTarget,
  options: Partial<OpenFlowsOptions> = {},
): Promise<FlowFixture> {
  const fixture = await createGatewayFixture(target);
  const env = { HEYGATE_FLOW_POLL_MS: '20', HEYGATE_FLOW_LEASE_MS: '2000', ...options.env };
  const lua = createFlowLua();
  const flows = openFlows({ gateway: fixture.gateway, engine: 'embedded', lua, ...options, env });
  const extra: OpenedFlows[] = [];
  const library = fixture.heygen.started.emulator.inspect.library();
  return {
    gateway: fixture.gateway,
    fixture,
    flows,
    library,
    async second(more = {}) {
      const gateway = await fixture.reopen();
      const opened = openFlows({
        gateway,
        engine: 'embedded',
        ...options,
        ...more,
        env: { ...env, ...more.env },
      });
      extra.push(opened);
      return opened;
    },
    async cleanup() {
      for (const opened of [flows, ...extra]) await opened.close();
      await fixture.cleanup();
    },
  };
}

/** Polls `probe` (real time) until it gives a truthy value; fails after `timeoutMs` naming `what`. */
export async function until<T>(
  probe: () => Promise<T | undefined | false>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
