import type { BodyEncoding, HttpMethod, ToolDefinition } from '../catalog/define-tool.ts';
import { InvalidInputError } from '../catalog/errors.ts';
import type { LocalFiles } from './create-local-files.ts';
import { readFileInput, type FileBytes } from './read-file-input.ts';

/** How long a request may take: reads are quick, writes may render synchronously, uploads move bytes. */
export type TimeoutClass = 'read' | 'write' | 'upload';

/** A request built from a catalog entry and its input, ready to send (and re-send on retries). */
export interface PreparedRequest {
  /** Absolute URL, path parameters encoded, query string built. */
  url: string;
  method: HttpMethod;
  /** Content-Type (JSON, raw uploads); multipart lets `fetch` set its boundary. Auth is added per attempt. */
  headers: Record<string, string>;
  /** Reusable body: a JSON string, `FormData`, or the raw bytes. */
  body: string | FormData | Uint8Array<ArrayBuffer> | undefined;
  /** Which default timeout applies. */
  timeoutClass: TimeoutClass;
  /** Method and path template, for messages (`POST /v3/videos`); never the query string. */
  label: string;
  /** The answer is a Server-Sent Events stream (`request.response: 'event-stream'`), read within bounds. */
  eventStream?: boolean;
}

/** Options of `buildRequest`. */
export interface BuildRequestOptions {
  /** Origin (and optional path prefix) of HeyGen's API host. */
  baseUrl: string;
  /** Origin of the legacy upload host (`tool.endpoint.host === 'upload'`). */
  uploadBaseUrl: string;
  /** Reads `{ path }` file inputs from the operator's allowed roots; without it they are refused. */
  localFiles?: LocalFiles;
  /** Downloads `{ url }` file inputs; without it they are refused. */
  download?: (url: string, field: string) => Promise<FileBytes>;
}

const methodsWithBody: ReadonlySet<HttpMethod> = new Set(['POST', 'PUT', 'PATCH']);

/**
 * Builds the HTTP request for an `http` tool from `tool.endpoint` and `implementation.request`:
 * - path: `{name}` placeholders filled from the input, URL-encoded (`request.path`, else the placeholders);
 * - query: `request.query` fields (arrays repeat the key, as HeyGen's list filters expect); on methods
 *   without a body, every remaining field goes to the query too;
 * - body: the remaining fields as JSON; `multipart` sends `request.fileField` (default `file`) as the form
 *   field `file` (v3 `POST /v3/assets`) plus the other fields; `raw` sends the file's bytes with its MIME
 *   type as Content-Type (legacy `POST /v1/asset` and `/v1/talking_photo` on the upload host) and the other
 *   fields as query parameters.
 * `undefined` values are left out. Problems with the input throw `InvalidInputError` before any I/O.
 */
export async function buildRequest(
  tool: ToolDefinition,
  input: unknown,
  options: BuildRequestOptions,
): Promise<PreparedRequest> {
  if (tool.implementation.kind !== 'http') {
    throw new TypeError(`buildRequest: ${tool.name} is a ${tool.implementation.kind} tool, not an http tool`);
  }
  const shape = tool.implementation.request ?? {};
  const { method, path: template, host } = tool.endpoint;
  const fields = asRecord(input, tool.name);
  const remaining = new Map(Object.entries(fields).filter(([, value]) => value !== undefined));

  // Streaming session calls authenticate with the token from `streaming_create_token` as a Bearer header
  // (as HeyGen's streaming SDK does), not with a body field.
  const sessionToken = tool.heygenAuth.includes('streaming_token')
    ? remaining.get('session_token')
    : undefined;
  if (sessionToken !== undefined) remaining.delete('session_token');

  // Path parameters.
  const placeholders = [...template.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string);
  const pathFields = shape.path ?? placeholders;
  let path = template;
  for (const name of placeholders) {
    const value = remaining.get(name);
    if (value === undefined || value === null || value === '') {
      throw new InvalidInputError(tool.name, [
        {
          field: name,
          expected: 'a non-empty id',
          message: `\`${name}\` is required (it is part of the URL).`,
        },
      ]);
    }
    path = path.replace(`{${name}}`, encodeURIComponent(String(value)));
  }
  for (const name of pathFields) remaining.delete(name);

  // Body encoding.
  const encoding: BodyEncoding =
    shape.body ??
    (methodsWithBody.has(method) && [...remaining.keys()].some((key) => !isQueryField(key))
      ? 'json'
      : 'none');
  function isQueryField(key: string): boolean {
    return shape.query?.includes(key) ?? false;
  }

  // Query parameters: the listed ones, plus everything left on body-less requests and beside raw uploads.
  const query = new URLSearchParams();
  const fileField = shape.fileField ?? 'file';
  for (const [key, value] of [...remaining]) {
    const toQuery = isQueryField(key) || encoding === 'none' || (encoding === 'raw' && key !== fileField);
    if (!toQuery) continue;
    appendQuery(query, key, value);
    remaining.delete(key);
  }

  let body: PreparedRequest['body'];
  const headers: Record<string, string> = {};
  if (typeof sessionToken === 'string' && sessionToken !== '')
    headers.authorization = `Bearer ${sessionToken}`;
  if (shape.response === 'event-stream') headers.accept = 'text/event-stream';
  if (encoding === 'json') {
    body = JSON.stringify(Object.fromEntries(remaining));
    headers['content-type'] = 'application/json';
  } else if (encoding === 'multipart' || encoding === 'raw') {
    const file = await readFileInput(remaining.get(fileField), {
      tool: tool.name,
      field: fileField,
      ...(options.localFiles ? { localFiles: options.localFiles } : {}),
      download: options.download,
    });
    remaining.delete(fileField);
    if (encoding === 'multipart') {
      body = multipartBody(file, remaining);
    } else {
      if (!file.contentType) {
        throw new InvalidInputError(tool.name, [
          {
            field: `${fileField}.content_type`,
            expected: 'a MIME type such as image/png, image/jpeg, video/mp4, video/webm or audio/mpeg',
            message: `\`${fileField}.content_type\` is needed: HeyGen's upload host takes the file's MIME type as Content-Type and it could not be inferred from "${file.filename}".`,
          },
        ]);
      }
      body = file.bytes;
      headers['content-type'] = file.contentType;
    }
  }

  const base = host === 'upload' ? options.uploadBaseUrl : options.baseUrl;
  const queryString = query.toString();
  const url = `${base.replace(/\/+$/, '')}${path}${queryString ? `?${queryString}` : ''}`;
  const timeoutClass: TimeoutClass =
    encoding === 'multipart' || encoding === 'raw' ? 'upload' : tool.access === 'read' ? 'read' : 'write';
  const label = `${method} ${template}`;
  const prepared: PreparedRequest = { url, method, headers, body, timeoutClass, label };
  if (shape.response === 'event-stream') prepared.eventStream = true;
  return prepared;
}

function asRecord(input: unknown, tool: string): Record<string, unknown> {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new InvalidInputError(tool, [
      { field: '(root)', expected: 'an object', message: 'The input must be a JSON object.' },
    ]);
  }
  return input as Record<string, unknown>;
}

function appendQuery(query: URLSearchParams, key: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) appendQuery(query, key, item);
    return;
  }
  query.append(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
}

/** The v3 upload form: the file as field `file` (HeyGen's `POST /v3/assets`), other fields as text parts. */
function multipartBody(file: FileBytes, fields: Map<string, unknown>): FormData {
  const form = new FormData();
  const blob = new Blob([file.bytes], file.contentType ? { type: file.contentType } : {});
  form.append('file', blob, file.filename);
  for (const [key, value] of fields) {
    if (value === undefined || value === null) continue;
    form.append(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  return form;
}
