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
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > options.maxBytes) throw tooLarge(options.maxBytes);
  const text = await readCapped(request, options.maxBytes);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HeyGateError('The request body is not valid JSON.', {
      code: 'invalid_json',
      hint: 'Send one JSON object, e.g. {"input": {…}}.',
    });
  }
}

async function readCapped(request: Request, maxBytes: number): Promise<string> {
  if (!request.body) return '';
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
  return Buffer.concat(chunks).toString('utf8');
}

function tooLarge(maxBytes: number): HeyGateError {
  return new HeyGateError(`The request body is larger than ${maxBytes} bytes.`, {
    code: 'payload_too_large',
    hint: 'Upload large files with asset_direct_upload_create instead of inline base64.',
  });
}
