/**
 * Operations of `heygate serve` (issue 17, ADR 0046): pino request and call logs, Prometheus metrics,
 * OpenTelemetry traces, readiness and the shutdown drain.
 */
export {
  createOperations,
  type Operations,
  type OperationsOptions,
  type AttachOptions,
} from './create-operations.ts';
export { createCallObserver, type CallObserverOptions } from './create-call-observer.ts';
export { createLogger, parseLogLevel, logLevels, type LoggerOptions } from './create-logger.ts';
export { createMetrics, type Metrics, type MetricsOptions, type MetricSources } from './create-metrics.ts';
export { createTracing, otlpTracesUrl, type Tracing, type TracingOptions } from './create-tracing.ts';
export { createDrain, type Drain } from './create-drain.ts';
export { createReadiness, type ReadinessCheck, type ReadinessReport } from './create-readiness.ts';
export {
  createHttpOperations,
  metricsAuthorizer,
  type HttpOperations,
  type HttpOperationsOptions,
} from './create-http-operations.ts';
export { requestContext, requestIdOf, type RequestContext } from './request-context.ts';
