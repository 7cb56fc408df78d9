import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import { Readable } from 'node:stream';

/** One address a host name resolved to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** One HTTP request of the URL guard, to be sent to an address chosen beforehand. */
export interface PinnedRequestInput {
  /** The URL of this hop (its host name is used for `Host`, SNI and certificate checks). */
  url: URL;
  /** The address to connect to: the one the guard resolved and checked. */
  address: ResolvedAddress;
  method: string;
  headers: Readonly<Record<string, string>>;
  body?: string | Uint8Array;
  signal: AbortSignal;
}

/** Sends one request to a pinned address and answers it (no redirects followed). */
export type PinnedRequest = (input: PinnedRequestInput) => Promise<Response>;

/**
 * Sends one HTTP(S) request that connects to `input.address` and nowhere else: `node:http`/`node:https` with a
 * `lookup` that answers the pinned address, so no second DNS resolution can happen between the guard's check
 * and the connection (DNS rebinding). TLS still verifies the certificate against the URL's host name. A fresh
 * connection per request (`agent: false`): a pooled socket could belong to another address. Redirects are
 * not followed; the guard re-checks each hop.
 */
export const pinnedRequest: PinnedRequest = (input) =>
  new Promise<Response>((resolve, reject) => {
    const { url, address } = input;
    const lookup: LookupFunction = (_hostname, options, callback) => {
      if ((options as { all?: boolean }).all) {
        (callback as (error: null, addresses: ResolvedAddress[]) => void)(null, [address]);
      } else {
        callback(null, address.address, address.family);
      }
    };
    const hostname = url.hostname.replace(/^\[|\]$/g, '');
    const secure = url.protocol === 'https:';
    const request = (secure ? httpsRequest : httpRequest)(
      {
        protocol: url.protocol,
        hostname,
        port: url.port === '' ? undefined : Number(url.port),
        path: `${url.pathname}${url.search}`,
        method: input.method,
        headers: { host: url.host, ...input.headers },
        lookup,
        signal: input.signal,
        agent: false,
        ...(secure && isIP(hostname) === 0 ? { servername: hostname } : {}),
      },
      (response) => {
        const status = response.statusCode ?? 0;
        const empty = status === 204 || status === 304 || input.method === 'HEAD';
        if (empty) response.resume();
        try {
          resolve(
            new Response(empty ? null : (Readable.toWeb(response) as ReadableStream<Uint8Array>), {
              status,
              headers: toHeaders(response.headers),
            }),
          );
        } catch (error) {
          response.destroy();
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      },
    );
    request.on('error', reject);
    request.end(input.body);
  });

function toHeaders(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return headers;
}
