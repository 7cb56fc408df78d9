import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `heygate serve` as an operator runs it: JSON logs on standard output, traces exported over OTLP/HTTP to a
 * real receiver (a node:http server standing in for the collector), and a graceful stop on SIGTERM that flushes
 * the spans. Real process, real sockets, sandbox emulator.
 */
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: { key: string; value: { stringValue?: string; intValue?: string | number } }[];
}

const root = new URL('../..', import.meta.url).pathname;
const home = mkdtempSync(join(tmpdir(), 'heygate-serve-ops-'));
const mcpToken = 'mcp-shared-token-5c1f0e';
const exports: { path: string; contentType: string; body: string }[] = [];
let receiver: Server;
let receiverUrl = '';

beforeAll(async () => {
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      exports.push({ path: request.url ?? '', contentType: request.headers['content-type'] ?? '', body });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  rmSync(home, { recursive: true, force: true });
});

function spansOf(): OtlpSpan[] {
  return exports.flatMap((entry) => {
    const payload = JSON.parse(entry.body) as {
      resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[];
    };
    return payload.resourceSpans.flatMap((resource) => resource.scopeSpans.flatMap((scope) => scope.spans));
  });
}

const attribute = (span: OtlpSpan, key: string) => {
  const value = span.attributes.find((entry) => entry.key === key)?.value;
  return value?.stringValue ?? (value?.intValue === undefined ? undefined : Number(value.intValue));
};

describe('heygate serve operations', () => {
  it('logs calls as JSON, exports a call span with routing and HeyGen children, and stops gracefully', async () => {
    const child = spawn(
      process.execPath,
      [
        join(root, 'bin/heygate.js'),
        'serve',
        '--port',
        '0',
        '--mcp-mode',
        'full',
        '--log-level',
        'info',
        '--drain-timeout',
        '5s',
      ],
      {
        env: {
          PATH: process.env.PATH,
          HEYGATE_HOME: home,
          HEYGATE_OTLP_ENDPOINT: receiverUrl,
          HEYGATE_MCP_TOKEN: mcpToken,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      await expect
        .poll(() => /listening on (http:\/\/\S+)/.test(output) && output.includes('admin:'), {
          timeout: 20_000,
        })
        .toBe(true);
      const base = /listening on (http:\/\/\S+)/.exec(output)![1]!;
      const response = await fetch(`${base}/v1/tools/voice_list`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'otlp-check-1' },
        body: JSON.stringify({ input: { limit: 1 } }),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('x-request-id')).toBe('otlp-check-1');
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      // The same over MCP: the request id reaches the call log through the MCP SDK's handling.
      const client = new Client({ name: 'operations', version: '0' });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(`${base}/mcp`), {
          requestInit: { headers: { authorization: `Bearer ${mcpToken}`, 'x-request-id': 'mcp-req-7' } },
        }),
      );
      try {
        const result = await client.callTool({ name: 'voice_list', arguments: { limit: 1 } });
        expect(result.isError).not.toBe(true);
      } finally {
        await client.close();
      }
      // A connection that has sent nothing yet (a browser's preconnect) must not hold the stop: once calls in
      // flight are done, the server closes every connection left.
      const idle = connect(Number(new URL(base).port), '127.0.0.1');
      await new Promise<void>((resolve) => idle.once('connect', () => resolve()));
      const idleClosed = new Promise<void>((resolve) => idle.once('close', () => resolve()));
      idle.on('error', () => undefined);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      await idleClosed;
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }

    const lines = output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toContainEqual(
      expect.objectContaining({
        event: 'call',
        requestId: 'otlp-check-1',
        tool: 'voice_list',
        outcome: 'ok',
      }),
    );
    expect(lines).toContainEqual(expect.objectContaining({ event: 'shutdown', msg: 'stopped' }));
    expect(lines).toContainEqual(
      expect.objectContaining({ event: 'call', requestId: 'mcp-req-7', surface: 'mcp', tool: 'voice_list' }),
    );
    expect(output).not.toContain(mcpToken);

    // The spans reached the receiver over OTLP/HTTP, flushed at shutdown.
    expect(exports.length).toBeGreaterThan(0);
    expect(exports[0]).toMatchObject({ path: '/v1/traces', contentType: expect.stringContaining('json') });
    const spans = spansOf();
    const call = spans.find((span) => span.name === 'heygate.call voice_list');
    expect(call).toBeDefined();
    expect(attribute(call!, 'heygate.request_id')).toBe('otlp-check-1');
    expect(attribute(call!, 'heygate.outcome')).toBe('ok');
    const route = spans.find((span) => span.name === 'heygate.route');
    expect(route).toMatchObject({ traceId: call!.traceId, parentSpanId: call!.spanId });
    const send = spans.find((span) => span.name === 'heygen voice_list');
    expect(send).toMatchObject({ traceId: call!.traceId, parentSpanId: route!.spanId });
    expect(attribute(send!, 'http.response.status_code')).toBe(200);
    expect(attribute(send!, 'heygate.account')).toBe('default');
  }, 60_000);
});
