import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { generateMasterKey } from '../../src/vault/master-key.ts';

/** What a gateway child process runs against. */
export interface GatewayChildOptions {
  /** `HEYGATE_HOME` of the child. */
  home: string;
  /** Environment that opens the test's store (`StoreFixture.env`). */
  storeEnv: Record<string, string>;
  /** The default account's HeyGen key. */
  apiKey: string;
  /** More environment for the child script. */
  env?: Record<string, string>;
}

/**
 * Spawns a TypeScript child that opens the gateway as `heygate serve` does (from the environment: store, a fresh
 * master key, `HEYGEN_API_KEY`, no Redis), for the kill -9 tests. Runs it with this process's Node when it is 24+,
 * else with the project's Node 24 through npx. stdout and stderr are piped.
 */
export function spawnGatewayChild(
  script: string,
  options: GatewayChildOptions,
): ChildProcessByStdio<null, Readable, Readable> {
  const [command, args] =
    Number(process.versions.node.split('.')[0]) >= 24
      ? [process.execPath, [script]]
      : ['npx', ['node', script]];
  return spawn(command, args, {
    env: {
      ...process.env,
      HEYGATE_HOME: options.home,
      ...options.storeEnv,
      HEYGATE_MASTER_KEY: generateMasterKey().key.toString('base64'),
      HEYGEN_API_KEY: options.apiKey,
      HEYGATE_REDIS_URL: '',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
