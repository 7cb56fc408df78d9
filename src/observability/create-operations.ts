import type { LevelWithSilent, Logger } from 'pino';
import { catalog } from '../catalog/index.ts';
import type { CallObserver } from '../gateway/call-observer.ts';
import type { Gateway } from '../gateway/gateway.ts';
import type { Router } from '../gateway/router/create-router.ts';
import { usageReport } from '../gateway/router/usage-report.ts';
import { adminScope } from '../gateway/scopes.ts';
import { createCallObserver } from './create-call-observer.ts';
import { createDrain, type Drain } from './create-drain.ts';
import { createHttpOperations, metricsAuthorizer, type HttpOperations } from './create-http-operations.ts';
import { createLogger } from './create-logger.ts';
import { createMetrics, type Metrics } from './create-metrics.ts';
import { createReadiness, type ReadinessCheck } from './create-readiness.ts';
import { createTracing, type Tracing } from './create-tracing.ts';

/** Options of {@link createOperations}. */
export interface OperationsOptions {
  /**
   * Environment: `HEYGATE_METRICS_TOKEN`, `HEYGATE_REDIS_URL` (readiness), `HEYGATE_OTLP_ENDPOINT` and the
   * standard `OTEL_*` variables (see `createTracing`).
   */
  env: Readonly<Record<string, string | undefined>>;
  /** Log level (`--log-level`, `HEYGATE_LOG_LEVEL`; default `info`). */
  logLevel?: LevelWithSilent;
  /** Where log lines go (default standard output). */
  write?: (line: string) => void;
  /** heygate's version (spans' resource). */
  version?: string;
  /** Batch delay of span export (tests). */
  exportDelayMs?: number;
}

/** What the HTTP edge needs once the gateway is open. */
export interface AttachOptions {
  gateway: Gateway;
  /** Unfinished flow runs by status (the flow store), for `heygate_flow_runs`. */
  flowRuns?: () => Promise<Readonly<Record<string, number>>>;
}

/** Logs, metrics, traces, readiness and the shutdown drain of one `heygate serve` process (ADR 0046). */
export interface Operations {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly tracing: Tracing;
  readonly drain: Drain;
  /** Handed to the gateway when it opens (`openExecutor({ observer })`). */
  readonly observer: CallObserver;
  /** Binds readiness, metric sources and the metrics guard to the open gateway. */
  attach(options: AttachOptions): HttpOperations;
  /** Flushes spans and logs and closes the readiness connections. */
  close(): Promise<void>;
}

/**
 * Creates the operations layer in two steps, because the gateway needs the observer when it opens and the
 * readiness checks need the open gateway.
 */
export function createOperations(options: OperationsOptions): Operations {
  const { env } = options;
  const logger = createLogger({
    ...(options.logLevel ? { level: options.logLevel } : {}),
    ...(options.write ? { write: options.write } : {}),
  });
  const metrics = createMetrics({
    onSourceError: (source) =>
      logger.warn({ event: 'metrics_source_failed', source }, 'metrics source failed'),
  });
  const tracing = createTracing({
    env,
    ...(options.version ? { version: options.version } : {}),
    ...(options.exportDelayMs === undefined ? {} : { exportDelayMs: options.exportDelayMs }),
  });
  const drain = createDrain();
  const observer = createCallObserver({
    logger,
    metrics,
    tracer: tracing.tracer,
    toolNames: new Set(catalog.map((tool) => tool.name)),
    onCallStart: () => drain.enter(),
    onCallEnd: () => drain.leave(),
  });
  const closers: (() => Promise<unknown>)[] = [];

  return {
    logger,
    metrics,
    tracing,
    drain,
    observer,
    attach({ gateway, flowRuns }) {
      const router = gateway.router as Partial<Router>;
      metrics.setSources({
        ...(router.health ? { health: () => router.health!.status() } : {}),
        budgets: async () => usageReport({ store: gateway.store, accounts: await gateway.accounts.names() }),
        ...(flowRuns ? { flowRuns } : {}),
      });
      const checks: ReadinessCheck[] = [
        { name: 'store', check: async () => void (await gateway.store.listAccounts()) },
        { name: 'vault', check: async () => void (await gateway.vault.status()) },
      ];
      const redisUrl = env.HEYGATE_REDIS_URL;
      if (redisUrl) {
        let client: Promise<import('ioredis').Redis> | undefined;
        const open = () =>
          (client ??= import('ioredis').then(({ Redis }) => {
            const redis = new Redis(redisUrl, {
              lazyConnect: true,
              maxRetriesPerRequest: 1,
              connectTimeout: 2000,
            });
            // Failures show in /readyz; the connection keeps reconnecting in the background until Redis is back.
            redis.on('error', () => {});
            return redis;
          }));
        checks.push({ name: 'redis', check: async () => void (await (await open()).ping()) });
        closers.push(async () => (client ? (await client).disconnect() : undefined));
      }
      return createHttpOperations({
        logger,
        metrics,
        drain,
        readiness: createReadiness({ checks, draining: () => drain.draining }),
        authorizeMetrics: metricsAuthorizer({
          ...(env.HEYGATE_METRICS_TOKEN ? { token: env.HEYGATE_METRICS_TOKEN } : {}),
          isAdmin: async (personaToken) =>
            (await gateway.authenticate({ personaToken }))?.scopes.includes(adminScope) === true,
        }),
      });
    },
    async close() {
      await Promise.allSettled(closers.map((close) => close()));
      await tracing.shutdown().catch(() => {});
      logger.flush?.();
    },
  };
}
