import { HeyGateError } from '../../catalog/errors.ts';

/** Options of {@link readJsonBody}. */
export interface ReadJsonBodyOptions {
  /** Largest body accepted, in bytes. */
  maxBytes: number;
}

/**
 * Reads a request body as JSON, refusing before reading what can be refused from the headers: a
 * `Content-Type` that is not JSON (415 `unsupported_media_type`), a declared `Content-Length` over the cap
 * (413 `payload_too_large`). A body without a length is read up to the cap and abandoned past it (413), so a
 * caller that lies or streams cannot make the gateway buffer more. Bad JSON is 400 `invalid_json`. Call it
 * only after the caller is authenticated: a stranger's body is never read.
 */
export async function readJsonBody(request: Request, options: ReadJsonBodyOptions): Promise<unknown> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)) {
    throw new HeyGateError(
      `The body must be JSON (Content-Type: application/json), not "${type.slice(0, 60)}".`,
      {
        code: 'unsupported_media_type',
        hint: 'Send Content-Type: application/json.',
      },
    );
  }
  const text = (await readBodyBytes(request, options)).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HeyGateError('The request body is not valid JSON.', {
      code: 'invalid_json',
      hint: 'Send one JSON object, e.g. {"input": {…}}.',
    });
  }
}

/**
 * Reads a request body as bytes, at most `maxBytes`: refused from `Content-Length` before reading, and
 * abandoned as soon as a body without a (truthful) length passes the cap (413 `payload_too_large`).
 */
export async function readBodyBytes(request: Request, options: ReadJsonBodyOptions): Promise<Buffer> {
  const { maxBytes } = options;
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function tooLarge(maxBytes: number): HeyGateError {
  return new HeyGateError(`The request body is larger than ${maxBytes} bytes.`, {
    code: 'payload_too_large',
    hint: 'Upload large files with asset_direct_upload_create instead of inline base64.',
  });
}
