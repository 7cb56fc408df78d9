import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Redis as RedisClient } from 'ioredis';
import type { Gateway } from '../../gateway/gateway.ts';
import type { McpSessionRecord, McpSessionRegistry } from '../mcp/http-handler.ts';

/** Options of {@link openRedisCluster}. */
export interface RedisClusterOptions {
  gateway: Gateway;
  /** `HEYGATE_REDIS_URL`. */
  url: string;
  /** Namespace of the keys and channel (`HEYGATE_REDIS_PREFIX`, default `heygate:`); `cluster:` is appended. */
  prefix?: string;
  /** How long a shared MCP session lives after its last use (the handler's idle timeout). */
  sessionTtlMs: number;
}

/** What the `heygate serve` processes of one deployment share through Redis (ADR 0056). */
export interface RedisCluster {
  /** MCP sessions any process can continue. */
  readonly mcpSessions: McpSessionRegistry;
  close(): Promise<void>;
}

interface WakeMessage {
  origin: string;
  account: string;
  kind: string;
  id: string;
}

function loadRedis(): typeof RedisClient {
  return (createRequire(import.meta.url)('ioredis') as { Redis: typeof RedisClient }).Redis;
}

/**
 * Makes several `heygate serve` processes one gateway: MCP sessions are recorded in Redis so a request landing on
 * another process continues its session there, and every verified webhook event one process receives wakes the
 * job waits and MCP tasks of all of them (pub/sub on one channel). Cooldowns, the ledger, budgets and the audit
 * chain are already shared through Redis and the database; flows through BullMQ.
 */
export async function openRedisCluster(options: RedisClusterOptions): Promise<RedisCluster> {
  const Redis = loadRedis();
  const prefix = `${options.prefix ?? 'heygate:'}cluster:`;
  const channel = `${prefix}job-wake`;
  const origin = randomUUID();
  const redis = new Redis(options.url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  const subscriber = new Redis(options.url, { lazyConnect: true });
  await Promise.all([redis.connect(), subscriber.connect()]);

  // A wake relayed from another process must not be published again.
  let relaying = false;
  const unsubscribe = options.gateway.onJobWake((account, kind, id) => {
    if (relaying) return;
    const message: WakeMessage = { origin, account, kind, id };
    redis.publish(channel, JSON.stringify(message)).catch(() => {
      // The other processes' waits end at their next poll instead.
    });
  });
  subscriber.on('message', (from, text: string) => {
    if (from !== channel) return;
    const message = JSON.parse(text) as WakeMessage;
    if (message.origin === origin) return;
    relaying = true;
    try {
      options.gateway.wakeJob(message.account, message.kind, message.id);
    } finally {
      relaying = false;
    }
  });
  await subscriber.subscribe(channel);

  const sessionKey = (id: string) => `${prefix}mcp-session:${id}`;
  const mcpSessions: McpSessionRegistry = {
    async save(id, record) {
      await redis.set(sessionKey(id), JSON.stringify(record), 'PX', options.sessionTtlMs);
    },
    async load(id) {
      const text = await redis.get(sessionKey(id));
      if (text === null) return undefined;
      return JSON.parse(text) as McpSessionRecord;
    },
    async touch(id) {
      await redis.pexpire(sessionKey(id), options.sessionTtlMs);
    },
    async remove(id) {
      await redis.del(sessionKey(id));
    },
  };

  return {
    mcpSessions,
    async close() {
      unsubscribe();
      await Promise.all([subscriber, redis].map((client) => client.quit().catch(() => client.disconnect())));
    },
  };
}
