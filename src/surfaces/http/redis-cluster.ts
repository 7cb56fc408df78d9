import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Redis as RedisClient } from 'ioredis';
import type { Gateway } from '../../gateway/gateway.ts';
import type { McpSessionRecord, McpSessionRegistry } from '../mcp/http-handler.ts';
import type { McpTaskPeers } from '../mcp/mcp-tasks.ts';

/** Options of {@link openRedisCluster}. */
export interface RedisClusterOptions {
  gateway: Gateway;
  /** `HEYGATE_REDIS_URL`. */
  url: string;
  /** Namespace of the keys and channel (`HEYGATE_REDIS_PREFIX`, default `heygate:`); `cluster:` is appended. */
  prefix?: string;
  /** How long a shared MCP session lives after its last use (the handler's idle timeout). */
  sessionTtlMs: number;
  /**
   * How long this process counts as up after its last presence refresh (default 15 s, refreshed every third of
   * it): the MCP tasks of a process killed outright are taken over by another once this has passed.
   */
  presenceTtlMs?: number;
}

/** What the `heygate serve` processes of one deployment share through Redis (ADR 0056). */
export interface RedisCluster {
  /** MCP sessions any process can continue, and the cancellations of their requests. */
  readonly mcpSessions: McpSessionRegistry;
  /** MCP task runners: which processes are up, and task cancellations (ADR 0061). */
  readonly taskPeers: McpTaskPeers;
  close(): Promise<void>;
}

interface WakeMessage {
  origin: string;
  account: string;
  kind: string;
  id: string;
}

/** A cancellation one process received for work that may run in another. */
type CancelMessage =
  | { origin: string; kind: 'request'; session: string; notification: unknown }
  | { origin: string; kind: 'task'; task: string };

/** Runner ids of MCP tasks held by cluster processes (whose presence is in Redis). */
const RUNNER_PREFIX = 'cluster-';

function loadRedis(): typeof RedisClient {
  return (createRequire(import.meta.url)('ioredis') as { Redis: typeof RedisClient }).Redis;
}

/**
 * Makes several `heygate serve` processes one gateway: MCP sessions are recorded in Redis so a request landing on
 * another process continues its session there, and every verified webhook event one process receives wakes the
 * job waits and MCP tasks of all of them (pub/sub on one channel). Each process keeps a presence key alive, so
 * the MCP tasks of a process that died are taken over as soon as its key expires, and cancellations (of an MCP
 * request or a task) received by one process reach the process running the work (ADR 0061). Cooldowns, the
 * ledger, budgets and the audit chain are already shared through Redis and the database; flows through BullMQ.
 */
export async function openRedisCluster(options: RedisClusterOptions): Promise<RedisCluster> {
  const Redis = loadRedis();
  const prefix = `${options.prefix ?? 'heygate:'}cluster:`;
  const channel = `${prefix}job-wake`;
  const cancelChannel = `${prefix}cancel`;
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
  const cancels = new Set<(message: CancelMessage) => void>();
  subscriber.on('message', (from, text: string) => {
    if (from === cancelChannel) {
      const message = JSON.parse(text) as CancelMessage;
      if (message.origin !== origin) for (const listener of cancels) listener(message);
      return;
    }
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
  await subscriber.subscribe(channel, cancelChannel);
  const publishCancel = (message: CancelMessage) => {
    redis.publish(cancelChannel, JSON.stringify(message)).catch(() => {
      // The cancelled work ends at its own deadline, as in one process before ADR 0061.
    });
  };
  const listen = <K extends CancelMessage['kind']>(
    kind: K,
    listener: (message: Extract<CancelMessage, { kind: K }>) => void,
  ) => {
    const each = (message: CancelMessage) => {
      if (message.kind === kind) listener(message as Extract<CancelMessage, { kind: K }>);
    };
    cancels.add(each);
    return () => void cancels.delete(each);
  };

  // Presence: a key this process keeps refreshing; once it expires, the process is gone.
  const presenceTtlMs = options.presenceTtlMs ?? 15_000;
  const presenceKey = (id: string) => `${prefix}process:${id}`;
  const refreshPresence = () => redis.set(presenceKey(origin), '1', 'PX', presenceTtlMs);
  await refreshPresence();
  const presence = setInterval(
    () => void refreshPresence().catch(() => {}),
    Math.max(100, Math.floor(presenceTtlMs / 3)),
  );
  presence.unref();
  const taskPeers: McpTaskPeers = {
    id: `${RUNNER_PREFIX}${origin}`,
    async alive(id) {
      // A runner that is not a cluster process (`heygate mcp` on the same database), or Redis not answering:
      // unknown, so the task is taken over only once its heartbeat is stale.
      if (!id.startsWith(RUNNER_PREFIX)) return true;
      return (await redis.exists(presenceKey(id.slice(RUNNER_PREFIX.length))).catch(() => 1)) === 1;
    },
    cancelled(task) {
      publishCancel({ origin, kind: 'task', task });
    },
    onCancelled(listener) {
      return listen('task', (message) => listener(message.task));
    },
  };

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
    cancel(session, notification) {
      publishCancel({ origin, kind: 'request', session, notification });
    },
    onCancel(listener) {
      return listen('request', (message) => listener(message.session, message.notification));
    },
  };

  return {
    mcpSessions,
    taskPeers,
    async close() {
      unsubscribe();
      clearInterval(presence);
      cancels.clear();
      await redis.del(presenceKey(origin)).catch(() => {});
      await Promise.all([subscriber, redis].map((client) => client.quit().catch(() => client.disconnect())));
    },
  };
}
