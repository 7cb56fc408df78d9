import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { openGateway, type OpenedGateway } from '../../src/gateway/open-gateway.ts';
import { createOperations, type Operations } from '../../src/observability/index.ts';
import { createHttpApp } from '../../src/surfaces/http/create-http-app.ts';
import { startEmulator, type StartedEmulator } from '../../src/test/index.ts';

/** A distinctive HeyGen key: it must never appear in a log line, a metric or a span. */
export const heygenKey = 'hg-ops-test-key-7f3a9c1e5b2d';

/** One gateway with operations on, behind the HTTP app, against an in-process emulator on a manual clock. */
export interface OperationsHarness {
  app: Hono;
  operations: Operations;
  opened: OpenedGateway;
  emulator: StartedEmulator;
  /** Every log line written so far. */
  logs: string[];
  /** A persona with read and write scopes, and one with the admin grant. */
  agentToken: string;
  adminToken: string;
  close(): Promise<void>;
}

/** Options of {@link startOperationsHarness}. */
export interface OperationsHarnessOptions {
  env?: Record<string, string>;
  /** Emulator faults (e.g. `slow=1000@/v3/voices` holds a call until the clock is advanced). */
  faults?: string;
  exportDelayMs?: number;
}

export async function startOperationsHarness(
  options: OperationsHarnessOptions = {},
): Promise<OperationsHarness> {
  const home = mkdtempSync(join(tmpdir(), 'heygate-ops-'));
  const emulator = await startEmulator({
    keys: [heygenKey],
    ...(options.faults ? { faults: options.faults } : {}),
  });
  const logs: string[] = [];
  const env = { HEYGATE_HOME: home, ...options.env };
  const operations = createOperations({
    env,
    logLevel: 'info',
    write: (line) => void logs.push(line),
    version: 'test',
    ...(options.exportDelayMs === undefined ? {} : { exportDelayMs: options.exportDelayMs }),
  });
  const opened = await openGateway({
    env,
    sandbox: {
      force: true,
      start: async () => ({
        apiKey: emulator.apiKey,
        baseUrl: emulator.baseUrl,
        fetch: emulator.fetch,
        close: async () => {},
      }),
    },
    gateway: { observer: operations.observer, allowOperator: false },
  });
  const { token: agentToken } = await opened.gateway.personas.create({
    name: 'ops-agent',
    scopes: ['read', 'write'],
  });
  const { token: adminToken } = await opened.gateway.personas.create({
    name: 'ops-admin',
    scopes: ['admin', 'read'],
  });
  const app = createHttpApp({
    executor: opened.gateway,
    operations: operations.attach({ gateway: opened.gateway }),
  });
  return {
    app,
    operations,
    opened,
    emulator,
    logs,
    agentToken,
    adminToken,
    async close() {
      await opened.close();
      await emulator.close();
      await operations.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** `POST /v1/tools/<tool>` through the app. */
export function callTool(
  harness: OperationsHarness,
  tool: string,
  input: unknown,
  headers: Record<string, string> = {},
  envelope: Record<string, unknown> = {},
): Promise<Response> {
  return Promise.resolve(
    harness.app.request(`http://127.0.0.1/v1/tools/${tool}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${harness.agentToken}`,
        ...headers,
      },
      body: JSON.stringify({ input, ...envelope }),
    }),
  );
}
