import { context, trace, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

/** Options of {@link createTracing}. */
export interface TracingOptions {
  /**
   * Environment: `HEYGATE_OTLP_ENDPOINT` (an OTLP/HTTP base such as `http://collector:4318`, or a full
   * `…/v1/traces` URL), else the standard `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` / `OTEL_EXPORTER_OTLP_ENDPOINT`;
   * `OTEL_SDK_DISABLED=true` turns tracing off; `OTEL_SERVICE_NAME` names the service (default `heygate`).
   */
  env: Readonly<Record<string, string | undefined>>;
  /** Version recorded on the resource. */
  version?: string;
  /** Longest time spans wait in the batch before export (default 5 s; tests use less). */
  exportDelayMs?: number;
}

/** Tracing of one process: a real tracer when an endpoint is configured, the no-op tracer otherwise. */
export interface Tracing {
  readonly tracer: Tracer;
  /** The OTLP/HTTP traces URL spans go to, or undefined when tracing is off. */
  readonly url: string | undefined;
  /** Exports what is buffered now. */
  flush(): Promise<void>;
  /** Exports what is buffered and stops. */
  shutdown(): Promise<void>;
}

/** The OTLP/HTTP traces URL the environment names, if any. */
export function otlpTracesUrl(env: Readonly<Record<string, string | undefined>>): string | undefined {
  if ((env.OTEL_SDK_DISABLED ?? '').toLowerCase() === 'true') return undefined;
  const own = env.HEYGATE_OTLP_ENDPOINT?.trim();
  const signal = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (own) return /\/v1\/traces\/?$/.test(own) ? own : `${own.replace(/\/+$/, '')}/v1/traces`;
  if (signal) return signal;
  if (base) return `${base.replace(/\/+$/, '')}/v1/traces`;
  return undefined;
}

let contextManagerSet = false;

/**
 * Creates the process's tracing (OpenTelemetry): spans are batched and exported over OTLP/HTTP (JSON) when
 * an endpoint is configured, and cost nothing otherwise (the API's no-op tracer). The provider is not made
 * global, so heygate used as a library never replaces its host's tracing; only the async-context manager is
 * installed (once) so that a call's routing and HeyGen spans nest under its call span.
 */
export function createTracing(options: TracingOptions): Tracing {
  const url = otlpTracesUrl(options.env);
  if (url === undefined) {
    return {
      tracer: trace.getTracer('heygate-off'),
      url,
      flush: async () => {},
      shutdown: async () => {},
    };
  }
  if (!contextManagerSet) {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    contextManagerSet = true;
  }
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      'service.name': options.env.OTEL_SERVICE_NAME || 'heygate',
      ...(options.version ? { 'service.version': options.version } : {}),
    }),
    spanProcessors: [
      new BatchSpanProcessor(new OTLPTraceExporter({ url }), {
        scheduledDelayMillis: options.exportDelayMs ?? 5000,
      }),
    ],
  });
  return {
    tracer: provider.getTracer('heygate', options.version),
    url,
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}
