/**
 * A second gateway process for the shared-cooldown test: routes one portable call over the emulator (on a
 * socket) with cooldowns in Redis, and prints what the router did as one JSON line.
 *
 * Usage: node route-in-child.ts <emulatorUrl> <redisUrl> <prefix> <clockMs>
 */
import { catalog, getTool } from '../../src/catalog/index.ts';
import { createRedisHealthStore, createRouter, type RouteSend } from '../../src/gateway/router/index.ts';
import { createHeyGenClient } from '../../src/heygen/index.ts';

const [emulatorUrl, redisUrl, prefix, clockMs] = process.argv.slice(2);
if (!emulatorUrl || !redisUrl || !prefix || !clockMs)
  throw new Error('usage: route-in-child.ts <emulatorUrl> <redisUrl> <prefix> <clockMs>');
// The parent's manual clock stands still; this process sees the same instant.
const clock = { now: () => Number(clockMs) };
const keys: Record<string, string> = { one: 'k1', two: 'k2' };
const send: RouteSend = (account, tool, input, options) =>
  createHeyGenClient({
    apiKey: keys[account] as string,
    baseUrl: emulatorUrl,
    clock,
    tools: catalog,
    retry: { maxRetryAfterMs: 0 },
  }).call(tool, input, { validate: false, ...options });
const health = createRedisHealthStore({ url: redisUrl, prefix });
const router = createRouter({ accounts: () => ['one', 'two'], tools: catalog, clock, health });
const result = await router.route({ tool: getTool('voice_list'), input: {}, send });
await router.close();
process.stdout.write(
  `${JSON.stringify({ ok: result.ok, account: result.account, fallbackFrom: result.fallbackFrom, attempts: result.attempts })}\n`,
);
