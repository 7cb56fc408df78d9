import { extname } from 'node:path';
import { HeyGateError, InvalidInputError } from '../catalog/errors.ts';
import type { LocalFiles } from './create-local-files.ts';

/** A file ready to upload. */
export interface FileBytes {
  /** The file's bytes. */
  bytes: Uint8Array<ArrayBuffer>;
  /** File name sent with multipart uploads. */
  filename: string;
  /** MIME type: the caller's `content_type`, a data URL's type, or one inferred from the file name. */
  contentType: string | undefined;
}

/** Options of `readFileInput`. */
export interface ReadFileInputOptions {
  /** Catalog tool (error messages). */
  tool: string;
  /** Input field holding the file (error messages name it). */
  field: string;
  /**
   * Reads `{ path }` inputs from the operator's allowed roots (see create-local-files.ts); without it, paths
   * are refused — a server reads no local file unless its operator named roots with `--files-root`.
   */
  localFiles?: LocalFiles;
  /** Downloads `{ url }` inputs (see download-file.ts); without it, URL inputs are refused. */
  download?: (url: string, field: string) => Promise<FileBytes>;
}

/** MIME types by extension, for the formats HeyGen's upload endpoints take (images, video, audio). */
const mimeTypes: Readonly<Record<string, string>> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.mov': 'video/quicktime',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.m4a': 'audio/mp4',
  '.pdf': 'application/pdf',
};

/**
 * Turns a `fileInput` value (`src/catalog/schemas.ts`) into bytes: `{ base64, filename?, content_type? }`
 * (a `data:` URL is accepted too), `{ path }` from the operator's allowed roots (`options.localFiles`), or
 * `{ url }` downloaded with `options.download` (through the URL guard: see download-file.ts). Errors are `InvalidInputError`s naming the field,
 * raised before anything is sent to HeyGen.
 */
export async function readFileInput(value: unknown, options: ReadFileInputOptions): Promise<FileBytes> {
  const { field, tool } = options;
  const fail = (subfield: string, expected: string, message: string): InvalidInputError =>
    new InvalidInputError(tool, [{ field: subfield, expected, message }]);

  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw fail(
      field,
      'a file: { base64 } or { path }',
      `\`${field}\` must be a file object: { base64 } or { path }.`,
    );
  }
  const file = value as Record<string, unknown>;
  const declaredType = typeof file['content_type'] === 'string' ? file['content_type'] : undefined;
  const declaredName = typeof file['filename'] === 'string' ? file['filename'] : undefined;

  if (typeof file['base64'] === 'string') {
    let encoded = file['base64'];
    let dataUrlType: string | undefined;
    const dataUrl = /^data:([^;,]+)?(?:;[^,]*)?;base64,/i.exec(encoded);
    if (dataUrl) {
      dataUrlType = dataUrl[1];
      encoded = encoded.slice(dataUrl[0].length);
    }
    encoded = encoded.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(encoded)) {
      throw fail(`${field}.base64`, 'base64-encoded bytes', `\`${field}.base64\` is not valid base64.`);
    }
    const bytes = new Uint8Array(Buffer.from(encoded, 'base64'));
    if (bytes.byteLength === 0) {
      throw fail(`${field}.base64`, 'at least 1 byte', `\`${field}.base64\` decodes to an empty file.`);
    }
    const filename = declaredName ?? 'upload';
    return { bytes, filename, contentType: declaredType ?? dataUrlType ?? mimeFor(filename) };
  }

  if (typeof file['path'] === 'string') {
    if (!options.localFiles) {
      throw fail(
        `${field}.path`,
        '{ base64 } or { url } (no local files are read here)',
        `\`${field}.path\`: local files are not read here; send the file as { base64, filename, content_type }.`,
      );
    }
    let local;
    try {
      local = await options.localFiles.read(file['path']);
    } catch (error) {
      if (!HeyGateError.isInstance(error)) throw error;
      throw fail(
        `${field}.path`,
        'a file inside an allowed files root',
        `\`${field}.path\`: ${error.message}`,
      );
    }
    const filename = declaredName ?? local.filename;
    return { bytes: local.bytes, filename, contentType: declaredType ?? mimeFor(filename) };
  }

  if (typeof file['url'] === 'string') {
    if (!options.download) {
      throw fail(
        `${field}.url`,
        '{ base64 }',
        `\`${field}.url\`: this endpoint needs the file's bytes; send { base64 }.`,
      );
    }
    const downloaded = await options.download(file['url'], `${field}.url`);
    const filename = declaredName ?? downloaded.filename;
    return {
      bytes: downloaded.bytes,
      filename,
      contentType: declaredType ?? usefulType(downloaded.contentType) ?? mimeFor(filename),
    };
  }
  throw fail(field, 'a file: { base64 } or { path }', `\`${field}\` needs one of base64 or path.`);
}

/** A generic or missing Content-Type says nothing about the file; fall back to the name then. */
function usefulType(contentType: string | undefined): string | undefined {
  return contentType && contentType !== 'application/octet-stream' && contentType !== 'binary/octet-stream'
    ? contentType
    : undefined;
}

function mimeFor(filename: string): string | undefined {
  return mimeTypes[extname(filename).toLowerCase()];
}
