import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterEach, describe, expect, it } from 'vitest';
import { redisTestTarget } from '../../src/gateway/router/redis-test-target.ts';
import type { Router } from '../../src/gateway/router/create-router.ts';
import { otlpTracesUrl, parseLogLevel } from '../../src/observability/index.ts';
import { callTool, heygenKey, startOperationsHarness, type OperationsHarness } from './operations-harness.ts';

/**
 * The operations surface of `heygate serve` (issue 17, ADR 0046) through the real HTTP app, gateway, SQLite
 * store and emulator: request ids, call logs without secrets, protected metrics, readiness and the drain.
 */
let harness: OperationsHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const metricsToken = 'metrics-scrape-token-4e8d2a';

/** Advances the emulator clock until `pending` settles (the slow answer's timer starts when the request lands). */
async function advanceUntil<T>(target: OperationsHarness, pending: Promise<T>): Promise<T> {
  let settled = false;
  void pending.finally(() => (settled = true));
  while (!settled) {
    target.emulator.advance(1000);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return pending;
}

function entries(logs: readonly string[]): Record<string, unknown>[] {
  return logs.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('request ids and call logs', () => {
  it('honours a well-formed X-Request-Id, sends it back and logs the call under it', async () => {
    harness = await startOperationsHarness();
    const response = await callTool(harness, 'voice_list', { limit: 1 }, { 'x-request-id': 'trace-me.42' });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('trace-me.42');
    const call = entries(harness.logs).find((entry) => entry.event === 'call');
    expect(call).toMatchObject({
      requestId: 'trace-me.42',
      surface: 'http',
      tool: 'voice_list',
      persona: 'ops-agent',
      account: 'default',
      outcome: 'ok',
      level: 'info',
    });
    expect(call?.latencyMs).toBeTypeOf('number');
    const request = entries(harness.logs).find((entry) => entry.event === 'request');
    expect(request).toMatchObject({ requestId: 'trace-me.42', method: 'POST', status: 200 });
  });

  it('replaces a malformed request id with a new one', async () => {
    harness = await startOperationsHarness();
    const response = await callTool(
      harness,
      'voice_list',
      { limit: 1 },
      { 'x-request-id': 'bad id with spaces' },
    );
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(harness.logs.join('\n')).not.toContain('bad id with spaces');
  });

  it('logs the error code as the outcome of failed and refused calls', async () => {
    harness = await startOperationsHarness();
    expect((await callTool(harness, 'video_get', { video_id: 7 })).status).toBe(400);
    const denied = await callTool(harness, 'voice_list', {}, { authorization: 'Bearer hg_not-a-real-token' });
    expect(denied.status).toBe(401);
    const outcomes = entries(harness.logs)
      .filter((entry) => entry.event === 'call')
      .map((entry) => [entry.tool, entry.outcome]);
    expect(outcomes).toContainEqual(['video_get', 'invalid_input']);
  });

  it('never writes a persona token, HeyGen key, metrics token or Authorization value', async () => {
    harness = await startOperationsHarness({ env: { HEYGATE_METRICS_TOKEN: metricsToken } });
    // The agent echoes secrets into its input and headers: none of it may reach a log line or a metric.
    await callTool(harness, 'voice_list', { limit: 1, token: harness.agentToken } as never, {
      'x-api-key': heygenKey,
    });
    await callTool(harness, 'video_get', { video_id: heygenKey });
    await harness.app.request('http://127.0.0.1/metrics', { headers: { authorization: 'Bearer wrong' } });
    const scraped = await harness.app.request('http://127.0.0.1/metrics', {
      headers: { authorization: `Bearer ${metricsToken}` },
    });
    const text = harness.logs.join('\n') + (await scraped.text());
    for (const secret of [harness.agentToken, harness.adminToken, heygenKey, metricsToken, 'Bearer'])
      expect(text).not.toContain(secret);
    expect(text.toLowerCase()).not.toContain('authorization');
  });
});

describe('/metrics', () => {
  it('is refused without a token, to a wrong token and to a persona without the admin grant', async () => {
    harness = await startOperationsHarness({ env: { HEYGATE_METRICS_TOKEN: metricsToken } });
    for (const authorization of [undefined, 'Bearer nope', `Bearer ${harness.agentToken}`]) {
      const response = await harness.app.request('http://127.0.0.1/metrics', {
        headers: authorization ? { authorization } : {},
      });
      expect(response.status).toBe(401);
    }
  });

  it('is not public when no metrics token is configured', async () => {
    harness = await startOperationsHarness();
    expect((await harness.app.request('http://127.0.0.1/metrics')).status).toBe(401);
    const admin = await harness.app.request('http://127.0.0.1/metrics', {
      headers: { authorization: `Bearer ${harness.adminToken}` },
    });
    expect(admin.status).toBe(200);
  });

  it('counts calls by tool and outcome, HeyGen statuses, latency and shared state', async () => {
    harness = await startOperationsHarness({ env: { HEYGATE_METRICS_TOKEN: metricsToken } });
    await callTool(harness, 'voice_list', { limit: 1 });
    await callTool(harness, 'voice_list', { limit: 1 });
    await callTool(harness, 'video_get', { video_id: 7 });
    await callTool(harness, 'no_such_tool_xyz', {});
    const response = await harness.app.request('http://127.0.0.1/metrics', {
      headers: { authorization: `Bearer ${metricsToken}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toContain('heygate_calls_total{tool="voice_list",outcome="ok",surface="http"} 2');
    expect(text).toContain('heygate_calls_total{tool="video_get",outcome="invalid_input",surface="http"} 1');
    expect(text).toContain('heygate_heygen_requests_total{status="200",account="default"} 2');
    expect(text).toContain('heygate_call_duration_seconds_count{tool="voice_list",outcome="ok"} 2');
    expect(text).toMatch(/heygate_budget_spent_usd\{scope="persona",name="ops-agent",period="month"\} 0/);
    expect(text).toContain('heygate_calls_in_flight{surface="http"} 0');
    expect(text).toContain('heygate_http_requests_total{method="POST",route="/v1/tools",status="404"} 1');
    // An unknown tool name never becomes a label value.
    expect(text).not.toContain('no_such_tool_xyz');
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('reports cooldowns and circuit states read from the router', async () => {
    harness = await startOperationsHarness({ env: { HEYGATE_METRICS_TOKEN: metricsToken } });
    // The router's own health book: a 429 with Retry-After 60 s on reads, and repeated failures on renders.
    const { health } = harness.opened.gateway.router as unknown as Router;
    await health.recordRateLimited('default', 'read', 60_000);
    for (let failure = 0; failure < 10; failure += 1)
      await health.recordFailure('default', 'render', 'http_503', false);
    const text = await (
      await harness.app.request('http://127.0.0.1/metrics', {
        headers: { authorization: `Bearer ${metricsToken}` },
      })
    ).text();
    expect(text).toContain('heygate_account_cooling_down{account="default",operation_class="read"} 1');
    expect(text).toContain(
      'heygate_account_circuit_state{account="default",operation_class="read",state="closed"} 1',
    );
    expect(text).toContain(
      'heygate_account_circuit_state{account="default",operation_class="render",state="open"} 1',
    );
    expect(text).toContain(
      'heygate_account_circuit_state{account="default",operation_class="render",state="closed"} 0',
    );
  });
});

describe('/healthz, /readyz and the drain', () => {
  it('is ready when store and vault answer, and not ready while draining', async () => {
    harness = await startOperationsHarness();
    expect((await harness.app.request('http://127.0.0.1/healthz')).status).toBe(200);
    const ready = await harness.app.request('http://127.0.0.1/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, checks: { store: 'ok', vault: 'ok' } });
    void harness.operations.drain.drain(1000);
    const draining = await harness.app.request('http://127.0.0.1/readyz');
    expect(draining.status).toBe(503);
    expect(await draining.json()).toMatchObject({ ready: false, checks: { shutdown: 'draining' } });
    expect((await harness.app.request('http://127.0.0.1/healthz')).status).toBe(200);
  });

  it('is ready on Postgres and Redis when both answer', async (context) => {
    const redis = await redisTestTarget();
    if (!redis.enabled) return context.skip(redis.reason);
    const schema = `ops_ready_${randomBytes(4).toString('hex')}`;
    const url = process.env.HEYGATE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    try {
      harness = await startOperationsHarness({
        env: { HEYGATE_DATABASE_URL: url, HEYGATE_DATABASE_SCHEMA: schema, HEYGATE_REDIS_URL: redis.url },
      });
      const response = await harness.app.request('http://127.0.0.1/readyz');
      expect(await response.json()).toEqual({
        ready: true,
        checks: { store: 'ok', vault: 'ok', redis: 'ok' },
      });
      expect(response.status).toBe(200);
    } finally {
      await harness?.close();
      harness = undefined;
      const sql = postgres(url, { onnotice: () => {} });
      await sql.unsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await sql.end();
    }
  });

  it('reports Redis not ready when it does not answer', async () => {
    harness = await startOperationsHarness({ env: { HEYGATE_REDIS_URL: 'redis://127.0.0.1:1/0' } });
    const response = await harness.app.request('http://127.0.0.1/readyz');
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ checks: { store: 'ok', vault: 'ok', redis: 'failed' } });
  });

  it('reports the store not ready once it is closed', async () => {
    harness = await startOperationsHarness();
    await harness.opened.gateway.store.close();
    const response = await harness.app.request('http://127.0.0.1/readyz');
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ checks: { store: 'failed' } });
  });

  it('finishes a call in flight while refusing new requests with 503', async () => {
    // The emulator holds voice lists for 1 s of its manual clock: the call stays in flight until advanced.
    harness = await startOperationsHarness({ faults: 'slow=1000@/v3/voices' });
    const inFlight = callTool(harness, 'voice_list', { limit: 1 });
    await expect.poll(() => harness!.operations.drain.inFlight).toBeGreaterThanOrEqual(1);
    const drained = harness.operations.drain.drain(10_000);
    const refused = await callTool(harness, 'avatar_list', { limit: 1 });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toMatchObject({ code: 'shutting_down' });
    expect((await advanceUntil(harness, inFlight)).status).toBe(200);
    expect(await drained).toEqual({ unfinished: 0 });
  });

  it('gives up after the drain timeout and says how much was unfinished', async () => {
    harness = await startOperationsHarness({ faults: 'slow=1000@/v3/voices' });
    const inFlight = callTool(harness, 'voice_list', { limit: 1 });
    await expect.poll(() => harness!.operations.drain.inFlight).toBeGreaterThanOrEqual(1);
    const { unfinished } = await harness.operations.drain.drain(50);
    expect(unfinished).toBeGreaterThanOrEqual(1);
    await advanceUntil(harness, inFlight);
  });
});

describe('settings', () => {
  it('reads log levels and names the option when one is wrong', () => {
    expect(parseLogLevel(undefined)).toBe('info');
    expect(parseLogLevel('DEBUG')).toBe('debug');
    expect(() => parseLogLevel('loud', 'HEYGATE_LOG_LEVEL')).toThrow(/HEYGATE_LOG_LEVEL must be one of/);
  });

  it('finds the OTLP traces URL in heygate and standard variables, and is off otherwise', () => {
    expect(otlpTracesUrl({})).toBeUndefined();
    expect(otlpTracesUrl({ HEYGATE_OTLP_ENDPOINT: 'http://c:4318/' })).toBe('http://c:4318/v1/traces');
    expect(otlpTracesUrl({ HEYGATE_OTLP_ENDPOINT: 'http://c:4318/v1/traces' })).toBe(
      'http://c:4318/v1/traces',
    );
    expect(otlpTracesUrl({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://o:4318' })).toBe('http://o:4318/v1/traces');
    expect(otlpTracesUrl({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://t/x' })).toBe('http://t/x');
    expect(
      otlpTracesUrl({ HEYGATE_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' }),
    ).toBeUndefined();
  });
});
