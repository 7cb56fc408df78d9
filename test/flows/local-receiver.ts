import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** A local HTTP service on 127.0.0.1 playing "another integration" (a CMS, a chat webhook) in flow tests. */
export interface LocalReceiver {
  url: string;
  /** `127.0.0.1`, the allow-list entry that admits it (the URL guard's allow-list names hosts, not ports). */
  allowEntry: string;
  received: ReceivedRequest[];
  /** Answers the next requests with these statuses, in order (then 200). */
  failNext(...statuses: number[]): void;
  /** Holds every answer back this long (ms). */
  delay(ms: number): void;
  close(): Promise<void>;
}

/** Starts a receiver that records JSON bodies and answers `{ ok: true, n }`. */
export async function startLocalReceiver(): Promise<LocalReceiver> {
  const received: ReceivedRequest[] = [];
  const statuses: number[] = [];
  let delayMs = 0;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = text === '' ? null : JSON.parse(text);
      } catch {
        // kept as text
      }
      received.push({
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body,
      });
      const status = statuses.shift() ?? 200;
      setTimeout(() => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ ok: status < 400, n: received.length }));
      }, delayMs).unref();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    allowEntry: '127.0.0.1',
    received,
    failNext: (...codes) => statuses.push(...codes),
    delay: (ms) => (delayMs = ms),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
