import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** A cooldown or circuit state of one account and operation class (the router's health status). */
export interface HealthSample {
  account: string;
  operationClass: string;
  /** `ok`, `cooling_down`, `circuit_open`, `half_open`. */
  condition: string;
  state: { circuit: string };
}

/** A spend line of one persona or account in its current budget period. */
export interface BudgetSample {
  scope: string;
  name: string;
  period: string;
  spentUsd: number;
  reservedUsd: number;
  limitUsd?: number;
}

/** Read at each scrape: state that lives in the router, the store or the flow engine, not in this process. */
export interface MetricSources {
  /** Cooldowns and circuits (the router's `health.status()`). */
  health?: () => Promise<readonly HealthSample[]>;
  /** Spend and budgets (`usageReport`). */
  budgets?: () => Promise<readonly BudgetSample[]>;
  /** Flow runs not yet finished, by status (`queued`, `running`). */
  flowRuns?: () => Promise<Readonly<Record<string, number>>>;
}

/** Options of {@link createMetrics}. */
export interface MetricsOptions {
  /** Also export Node's process metrics (CPU, memory, event loop, GC); default true. */
  processMetrics?: boolean;
  /** Told when a source fails at a scrape (the scrape still answers, without that source's series). */
  onSourceError?: (source: string, error: unknown) => void;
}

/** The Prometheus metrics of one `heygate serve` process. */
export interface Metrics {
  readonly registry: Registry;
  readonly calls: Counter<'tool' | 'outcome' | 'surface'>;
  readonly callReruns: Counter<'tool'>;
  readonly callSeconds: Histogram<'tool' | 'outcome'>;
  readonly callsInFlight: Gauge<'surface'>;
  readonly jobWaitsInFlight: Gauge;
  readonly heygenRequests: Counter<'status' | 'account'>;
  readonly heygenSeconds: Histogram<'status'>;
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly draining: Gauge;
  /** Adds the sources read at each scrape (set once the gateway is open). */
  setSources(sources: MetricSources): void;
  /** The exposition text (`text/plain; version=0.0.4`), sources read first. */
  scrape(): Promise<string>;
  readonly contentType: string;
}

/** Seconds buckets for tool calls: reads answer in tens of milliseconds, waits take minutes. */
const callBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800];
/** Seconds buckets for single requests to HeyGen. */
const heygenBuckets = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * Creates the metrics (prom-client), one registry per process. Counters and histograms are fed by the call
 * observer and the HTTP edge; gauges of shared state (cooldowns, circuits, budgets, flow runs) are read from
 * their sources at each scrape, so every process reports the same shared values.
 */
export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  let sources: MetricSources = {};

  const calls = new Counter({
    name: 'heygate_calls_total',
    help: 'Tool calls by tool, outcome (ok or the error code) and surface.',
    labelNames: ['tool', 'outcome', 'surface'] as const,
    registers,
  });
  const callReruns = new Counter({
    name: 'heygate_call_reruns_total',
    help: 'Read-only calls run again on fresh rows because a persona or account changed while they ran (ADR 0062).',
    labelNames: ['tool'] as const,
    registers,
  });
  const callSeconds = new Histogram({
    name: 'heygate_call_duration_seconds',
    help: 'Wall time of tool calls (routing, HeyGen, waits and audit included).',
    labelNames: ['tool', 'outcome'] as const,
    buckets: callBuckets,
    registers,
  });
  const callsInFlight = new Gauge({
    name: 'heygate_calls_in_flight',
    help: 'Tool calls running in this process.',
    labelNames: ['surface'] as const,
    registers,
  });
  const jobWaitsInFlight = new Gauge({
    name: 'heygate_job_waits_in_flight',
    help: 'Calls in this process waiting for a HeyGen job (render, translation, ...) to finish.',
    registers,
  });
  const heygenRequests = new Counter({
    name: 'heygate_heygen_requests_total',
    help: 'Requests to HeyGen by HTTP status (0: no answer, e.g. timeout) and account.',
    labelNames: ['status', 'account'] as const,
    registers,
  });
  const heygenSeconds = new Histogram({
    name: 'heygate_heygen_request_duration_seconds',
    help: 'Wall time of requests to HeyGen by HTTP status.',
    labelNames: ['status'] as const,
    buckets: heygenBuckets,
    registers,
  });
  const httpRequests = new Counter({
    name: 'heygate_http_requests_total',
    help: 'HTTP requests by method, route family and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers,
  });
  const draining = new Gauge({
    name: 'heygate_draining',
    help: '1 while the process is shutting down (refusing new requests, finishing calls in flight).',
    registers,
  });
  const cooling = new Gauge({
    name: 'heygate_account_cooling_down',
    help: '1 while an account is cooling down for an operation class after a 429.',
    labelNames: ['account', 'operation_class'] as const,
    registers,
  });
  const circuit = new Gauge({
    name: 'heygate_account_circuit_state',
    help: '1 for the current circuit state (closed, open, half-open) of an account and operation class.',
    labelNames: ['account', 'operation_class', 'state'] as const,
    registers,
  });
  const spent = new Gauge({
    name: 'heygate_budget_spent_usd',
    help: 'US dollars spent in the current budget period.',
    labelNames: ['scope', 'name', 'period'] as const,
    registers,
  });
  const reserved = new Gauge({
    name: 'heygate_budget_reserved_usd',
    help: 'US dollars held by calls in flight.',
    labelNames: ['scope', 'name', 'period'] as const,
    registers,
  });
  const limit = new Gauge({
    name: 'heygate_budget_limit_usd',
    help: 'The budget per period in US dollars (only parties with a budget).',
    labelNames: ['scope', 'name', 'period'] as const,
    registers,
  });
  const flowRuns = new Gauge({
    name: 'heygate_flow_runs',
    help: 'Flow runs not yet finished, by status (shared by every process; at most 500 counted per status).',
    labelNames: ['status'] as const,
    registers,
  });

  async function read<T>(name: string, source: (() => Promise<T>) | undefined, use: (value: T) => void) {
    if (!source) return;
    try {
      use(await source());
    } catch (error) {
      options.onSourceError?.(name, error);
    }
  }

  async function refresh(): Promise<void> {
    await Promise.all([
      read('health', sources.health, (samples) => {
        cooling.reset();
        circuit.reset();
        for (const sample of samples) {
          const labels = { account: sample.account, operation_class: sample.operationClass };
          cooling.set(labels, sample.condition === 'cooling_down' ? 1 : 0);
          for (const state of ['closed', 'open', 'half-open'])
            circuit.set({ ...labels, state }, sample.state.circuit === state ? 1 : 0);
        }
      }),
      read('budgets', sources.budgets, (lines) => {
        spent.reset();
        reserved.reset();
        limit.reset();
        for (const line of lines) {
          const labels = { scope: line.scope, name: line.name, period: line.period };
          spent.set(labels, line.spentUsd);
          reserved.set(labels, line.reservedUsd);
          if (line.limitUsd !== undefined) limit.set(labels, line.limitUsd);
        }
      }),
      read('flow_runs', sources.flowRuns, (counts) => {
        flowRuns.reset();
        for (const [status, count] of Object.entries(counts)) flowRuns.set({ status }, count);
      }),
    ]);
  }

  return {
    registry,
    calls,
    callReruns,
    callSeconds,
    callsInFlight,
    jobWaitsInFlight,
    heygenRequests,
    heygenSeconds,
    httpRequests,
    draining,
    contentType: registry.contentType,
    setSources(next) {
      sources = { ...sources, ...next };
    },
    async scrape() {
      await refresh();
      return registry.metrics();
    },
  };
}
