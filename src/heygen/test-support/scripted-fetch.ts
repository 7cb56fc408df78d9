/**
 * A scripted stand-in for HeyGen, for the client's own unit tests (the unit under test is the client, so a
 * fake server is the right tool here; end-to-end tests use the emulator). Each reply in the script answers
 * one request, in order; every request is recorded with its body bytes.
 */

/** One recorded request. */
export interface RecordedRequest {
  url: URL;
  method: string;
  headers: Headers;
  /** The body bytes as sent (multipart included). */
  body: Uint8Array;
  /** A clone of the request, e.g. for `formData()`. */
  request: Request;
}

/**
 * One scripted answer: a `Response`, an error to throw (a network failure), `'hang'` (never answers; rejects
 * when the request's signal aborts, like the real fetch), or a function of the request.
 */
export type ScriptedReply = Response | Error | 'hang' | ((request: Request) => Response | Promise<Response>);

/** A scripted fetch and what it saw. */
export interface ScriptedFetch {
  fetch: typeof globalThis.fetch;
  requests: RecordedRequest[];
}

/** Creates a fetch that answers with `replies` in order and fails loudly on an unexpected request. */
export function scriptedFetch(replies: readonly ScriptedReply[]): ScriptedFetch {
  const requests: RecordedRequest[] = [];
  let next = 0;
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const body = new Uint8Array(await request.clone().arrayBuffer());
    requests.push({
      url: new URL(request.url),
      method: request.method,
      headers: request.headers,
      body,
      request: request.clone(),
    });
    const reply = replies[next++];
    if (reply === undefined)
      throw new Error(`scriptedFetch: unexpected request #${next} ${request.method} ${request.url}`);
    if (reply instanceof Error) throw reply;
    if (reply === 'hang') {
      return new Promise<Response>((_resolve, reject) => {
        const signal = init?.signal;
        if (signal?.aborted) reject(signal.reason);
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    }
    if (typeof reply === 'function') return reply(request);
    return reply;
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}

/** A JSON response. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** A network failure like undici's: `TypeError('fetch failed')` with the system error code on `cause`. */
export function networkError(code: string): TypeError {
  const cause = Object.assign(new Error(`read ${code}`), { code });
  return new TypeError('fetch failed', { cause });
}
