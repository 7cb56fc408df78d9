import { z } from 'zod';
import type { ToolDefinition } from '../catalog/define-tool.ts';
import { EmulatorError } from './emulator-error.ts';

/**
 * Builds a tool's input from an HTTP request the way HeyGen reads it: path parameters, query parameters
 * (strings coerced to the numbers/booleans/lists the tool's schema expects), and the body — JSON, multipart
 * (v3 uploads: field `file`) or raw bytes (legacy uploads: the file as the body, its MIME type as
 * Content-Type). Files become the catalog's `fileInput` shape `{base64, filename?, content_type?}`.
 */

/** JSON Schema fragment used for query coercion. */
interface SchemaNode {
  type?: string | string[];
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  allOf?: SchemaNode[];
  properties?: Record<string, SchemaNode>;
}

const propertyCache = new WeakMap<ToolDefinition, Map<string, SchemaNode>>();

function collectProperties(node: SchemaNode | undefined, into: Map<string, SchemaNode>): void {
  if (!node) return;
  for (const [name, property] of Object.entries(node.properties ?? {}))
    if (!into.has(name)) into.set(name, property);
  for (const branch of [...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])])
    collectProperties(branch, into);
}

/** The top-level properties of a tool's input schema (union branches merged), as JSON Schema. */
function inputProperties(tool: ToolDefinition): Map<string, SchemaNode> {
  let properties = propertyCache.get(tool);
  if (!properties) {
    properties = new Map();
    try {
      collectProperties(
        z.toJSONSchema(tool.input(), { unrepresentable: 'any', io: 'input' }) as SchemaNode,
        properties,
      );
    } catch {
      // A schema JSON Schema cannot describe: query values stay strings and the catalog's parser judges them.
    }
    propertyCache.set(tool, properties);
  }
  return properties;
}

function typesOf(node: SchemaNode | undefined): Set<string> {
  const types = new Set<string>();
  if (!node) return types;
  if (typeof node.type === 'string') types.add(node.type);
  if (Array.isArray(node.type)) for (const type of node.type) types.add(type);
  for (const branch of [...(node.anyOf ?? []), ...(node.oneOf ?? [])])
    for (const type of typesOf(branch)) types.add(type);
  return types;
}

function coerceScalar(value: string, node: SchemaNode | undefined): unknown {
  const types = typesOf(node);
  if (
    (types.has('integer') || types.has('number')) &&
    !types.has('string') &&
    /^-?\d+(\.\d+)?$/.test(value)
  ) {
    return Number(value);
  }
  if (types.has('boolean') && !types.has('string') && (value === 'true' || value === 'false'))
    return value === 'true';
  return value;
}

/** Reads the query parameters the tool declares (others are ignored, as HeyGen ignores unknown query keys). */
function readQuery(tool: ToolDefinition, url: URL): Record<string, unknown> {
  const declared =
    tool.implementation.kind === 'http' && tool.implementation.request?.query
      ? new Set(tool.implementation.request.query)
      : undefined;
  const properties = inputProperties(tool);
  const result: Record<string, unknown> = {};
  for (const name of new Set(url.searchParams.keys())) {
    if (declared && !declared.has(name)) continue;
    const values = url.searchParams.getAll(name);
    const node = properties.get(name);
    if (typesOf(node).has('array')) {
      result[name] = values
        .flatMap((value) => value.split(','))
        .map((value) => coerceScalar(value, node?.items));
    } else {
      result[name] = coerceScalar(values[values.length - 1] as string, node);
    }
  }
  return result;
}

/** The upload size limits the pipeline enforces (413) before reading a body into memory. */
export interface BodyLimits {
  /** Max bytes of a multipart or raw upload body. */
  maxUploadBytes: number;
}

async function readBytes(request: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  const tooLarge = () =>
    new EmulatorError({
      status: 413,
      code: 'payload_too_large',
      message: `The upload exceeds ${Math.round(limit / 1024 / 1024)} MB; use direct uploads (POST /v3/assets/direct-uploads) for large files.`,
      param: 'file',
    });
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > limit) throw tooLarge();
  return bytes;
}

/** Reads the whole input of `tool` from `request` (path params already matched). */
export async function readToolInput(
  tool: ToolDefinition,
  request: Request,
  pathParams: Record<string, string>,
  limits: BodyLimits,
): Promise<Record<string, unknown>> {
  const url = new URL(request.url);
  const shape = tool.implementation.kind === 'http' ? tool.implementation.request : undefined;
  const input: Record<string, unknown> = {};
  const hasBody =
    !['GET', 'HEAD', 'DELETE'].includes(request.method) || request.headers.get('content-length') !== null;
  const contentType = request.headers.get('content-type') ?? '';
  const encoding = shape?.body;
  const fileField = shape?.fileField ?? 'file';

  if (hasBody && request.body) {
    if (encoding === 'multipart' || contentType.startsWith('multipart/form-data')) {
      const bytes = await readBytes(request, limits.maxUploadBytes);
      let form: FormData;
      try {
        form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
      } catch {
        throw EmulatorError.invalid(fileField, 'Expected a multipart/form-data body with a `file` part.');
      }
      for (const [name, value] of form.entries()) {
        if (typeof value === 'string') {
          input[name] = value;
        } else {
          input[name] = {
            base64: Buffer.from(await value.arrayBuffer()).toString('base64'),
            ...(value.name ? { filename: value.name } : {}),
            ...(value.type ? { content_type: value.type } : {}),
          };
        }
      }
    } else if (encoding === 'raw') {
      const bytes = await readBytes(request, limits.maxUploadBytes);
      if (bytes.byteLength > 0) {
        input[fileField] = {
          base64: Buffer.from(bytes).toString('base64'),
          ...(contentType ? { content_type: contentType.split(';')[0]?.trim() } : {}),
        };
      }
    } else {
      const text = await request.text();
      if (text.trim().length > 0) {
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          throw new EmulatorError({
            status: 400,
            code: 'invalid_parameter',
            message: 'The request body is not valid JSON.',
            param: null,
          });
        }
        if (body === null || typeof body !== 'object' || Array.isArray(body)) {
          throw new EmulatorError({
            status: 400,
            code: 'invalid_parameter',
            message: 'The request body must be a JSON object.',
            param: null,
          });
        }
        Object.assign(input, body);
      }
    }
  }
  Object.assign(input, readQuery(tool, url));
  for (const [name, value] of Object.entries(pathParams)) input[name] = value;
  return input;
}
