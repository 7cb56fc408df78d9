import { context, SpanKind, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import type { Logger } from 'pino';
import { HeyGateError } from '../catalog/errors.ts';
import type { CallNote, CallObserver } from '../gateway/call-observer.ts';
import type { ExecuteRequest, ExecuteResult } from '../gateway/types.ts';
import type { Metrics } from './create-metrics.ts';
import { requestContext, requestIdOf } from './request-context.ts';

/** Options of {@link createCallObserver}. */
export interface CallObserverOptions {
  /** The call log (one line per call at `info`); none when omitted. */
  logger?: Logger;
  metrics?: Metrics;
  /** Spans per call, routing and HeyGen request (the no-op tracer when tracing is off). */
  tracer?: Tracer;
  /**
   * Names that are tools. Other names (an agent's typo) are labelled `unknown` in metrics, so what an agent
   * sends cannot grow the number of series.
   */
  toolNames: ReadonlySet<string>;
  /** Told when a call starts and ends (the shutdown drain counts calls in flight). */
  onCallStart?: () => void;
  onCallEnd?: () => void;
}

/** The outcome label of a call: `ok`, or the error code (`invalid_input`, `rate_limited`, …). */
function outcomeOf(result: ExecuteResult | undefined, thrown: unknown): string {
  if (result) return result.ok ? 'ok' : result.error.code;
  return HeyGateError.isInstance(thrown) ? thrown.code : 'internal_error';
}

/** Ends `span` with an error status when the outcome is not `ok`. */
function endSpan(span: Span, outcome: string): void {
  span.setAttribute('heygate.outcome', outcome);
  if (outcome !== 'ok') span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
  span.end();
}

/**
 * The observer `heygate serve` hands the gateway (ADR 0046): per call one log line, the call metrics and a
 * span, with child spans for routing and each HeyGen request. Only names, codes, numbers and ids are read —
 * never the input, the answer, the token or a key — so nothing secret can reach a log, a metric or a span.
 */
export function createCallObserver(options: CallObserverOptions): CallObserver {
  const { logger, metrics, toolNames } = options;
  const tracer = options.tracer ?? trace.getTracer('heygate-off');
  const toolLabel = (name: string) => (toolNames.has(name) ? name : 'unknown');

  return {
    async call(request: ExecuteRequest, run: (note: CallNote) => Promise<ExecuteResult>) {
      const started = performance.now();
      const surface = String(request.surface);
      const tool = toolLabel(String(request.tool));
      const requestId = requestContext.getStore()?.requestId ?? requestIdOf(undefined);
      const waits = request.wait === true;
      const note: CallNote = {};
      options.onCallStart?.();
      metrics?.callsInFlight.inc({ surface });
      if (waits) metrics?.jobWaitsInFlight.inc();
      const span = tracer.startSpan(`heygate.call ${tool}`, {
        kind: SpanKind.INTERNAL,
        attributes: { 'heygate.tool': tool, 'heygate.surface': surface, 'heygate.request_id': requestId },
      });
      let result: ExecuteResult | undefined;
      let thrown: unknown;
      try {
        result = await context.with(trace.setSpan(context.active(), span), () => run(note));
        return result;
      } catch (error) {
        thrown = error;
        throw error;
      } finally {
        const latencyMs = performance.now() - started;
        const outcome = outcomeOf(result, thrown);
        metrics?.callsInFlight.dec({ surface });
        if (waits) metrics?.jobWaitsInFlight.dec();
        metrics?.calls.inc({ tool, outcome, surface });
        if (note.rerun) metrics?.callReruns.inc({ tool });
        metrics?.callSeconds.observe({ tool, outcome }, latencyMs / 1000);
        if (note.persona !== undefined) span.setAttribute('heygate.persona', note.persona);
        if (note.rerun) span.setAttribute('heygate.rerun', true);
        if (result?.account !== undefined) span.setAttribute('heygate.account', result.account);
        endSpan(span, outcome);
        logger?.info(
          {
            event: 'call',
            requestId,
            surface,
            tool,
            persona: note.persona ?? null,
            account: result?.account ?? null,
            outcome,
            latencyMs: Math.round(latencyMs * 1000) / 1000,
            ...(note.rerun ? { rerun: true } : {}),
            ...(result?.requestId === undefined ? {} : { heygenRequestId: result.requestId }),
          },
          'call',
        );
        options.onCallEnd?.();
      }
    },

    async route(tool, run) {
      return tracer.startActiveSpan(
        'heygate.route',
        { attributes: { 'heygate.tool': toolLabel(tool) } },
        async (span) => {
          try {
            const routed = await run();
            const account = (routed as { account?: unknown }).account;
            if (typeof account === 'string') span.setAttribute('heygate.account', account);
            const ok = (routed as { ok?: unknown }).ok;
            endSpan(span, ok === false ? 'error' : 'ok');
            return routed;
          } catch (error) {
            endSpan(span, 'internal_error');
            throw error;
          }
        },
      );
    },

    async send(account, tool, run) {
      const started = performance.now();
      return tracer.startActiveSpan(
        `heygen ${toolLabel(tool)}`,
        {
          kind: SpanKind.CLIENT,
          attributes: { 'heygate.account': account, 'heygate.tool': toolLabel(tool) },
        },
        async (span) => {
          let status = 0;
          try {
            const result = await run();
            status = result.status;
            return result;
          } catch (error) {
            const answered = (error as { status?: unknown } | null)?.status;
            status = typeof answered === 'number' ? answered : 0;
            throw error;
          } finally {
            const label = String(status);
            metrics?.heygenRequests.inc({ status: label, account });
            metrics?.heygenSeconds.observe({ status: label }, (performance.now() - started) / 1000);
            if (status !== 0) span.setAttribute('http.response.status_code', status);
            endSpan(
              span,
              status >= 200 && status < 400 ? 'ok' : status === 0 ? 'no_answer' : `http_${status}`,
            );
          }
        },
      );
    },
  };
}
