import {
  defineTool,
  type Access,
  type CostEstimate,
  type HttpMethod,
  type JobKind,
  type LazySchema,
  type Portability,
  type ToolDefinition,
} from './define-tool.ts';
import { v3Operations, type V3OperationName } from './generated/v3-operations.ts';

/** The wire facts of one HeyGen v3 operation, as generated from the spec (src/catalog/generated). */
export interface V3Operation {
  method: HttpMethod;
  /** Path with `{name}` placeholders, e.g. `/v3/videos/{video_id}`. */
  path: string;
  /** Input fields substituted into the path, in order. */
  pathParams: readonly string[];
  /** Input fields sent as query parameters. */
  queryParams: readonly string[];
  /** Body fields (for `oneOf` bodies: the fields of every variant). */
  bodyParams: readonly string[];
  /** `json`, `multipart` (v3 uploads) or `none` (no body). */
  bodyEncoding: 'json' | 'multipart' | 'none';
  /** The multipart field carrying the file (`fileInput` in the input schema). */
  fileField?: string;
  /** A list that returns one page plus `next_token`. */
  paginated: boolean;
  /** The spec flags the operation as destructive. */
  destructive: boolean;
  /** The spec lists an `Idempotency-Key` header parameter (v3-additions.json): HeyGen honours one here. */
  idempotencyKeyHeader?: boolean;
  /** `event-stream`: HeyGen answers with Server-Sent Events, read within bounds (see `eventStreamResult`). */
  response?: 'event-stream';
  /**
   * How many facts of the operation the research marked uncertain (v3-additions.json `uncertain`): the tool
   * accepts them tolerantly and its description says so (the catalog test checks it).
   */
  uncertain?: number;
  /** Strict input: path + query + body fields in one object (or a union of objects). */
  input: LazySchema;
  /** Tolerant output: the v3 response body `{ data, has_more?, next_token? }`. */
  output: LazySchema;
}

/** What an area file states about a v3 tool; the wire facts come from the generated operation. */
export interface V3ToolOptions {
  /** Short human title (MCP `title`). */
  title: string;
  /** Our own description for an LLM: when to use it, what it returns, what to call next. */
  description: string;
  /** HeyGen area, e.g. `videos`. */
  area: string;
  access: Access;
  /** Repeating the call has no further effect (decides retries after 5xx/connection errors). */
  idempotent: boolean;
  /** HeyGen honours `Idempotency-Key` on this endpoint (the client sends one). */
  idempotencyKey?: boolean;
  /** A body field HeyGen deduplicates creates on (see `ToolDefinition.idempotencyField`). */
  idempotencyField?: string;
  /** Identical calls are distinct pieces of a stream: never deduplicated by the router's ledger. */
  sequential?: boolean;
  /** The job the tool starts. */
  job?: JobKind;
  /** Account-scoped inputs. */
  portability: Portability;
  /** Money the call may cost. */
  cost?: CostEstimate;
}

/**
 * Builds the catalog entry of a v3 operation: endpoint, request shape, schemas and pagination from the
 * generated spec facts, the rest from the area file. Every v3 endpoint takes an API key (`X-Api-Key`) or an
 * OAuth bearer token; HeyGen has no per-endpoint scopes (docs/decisions/0003-scopes.md).
 */
export function v3Tool(name: V3OperationName, options: V3ToolOptions): ToolDefinition {
  const operation = v3Operations[name];
  return defineTool({
    name,
    title: options.title,
    description: options.description,
    area: options.area,
    endpoint: { method: operation.method, path: operation.path, host: 'api', envelope: 'v3' },
    access: options.access,
    idempotent: options.idempotent,
    ...(options.idempotencyKey ? { idempotencyKey: true } : {}),
    ...(options.idempotencyField ? { idempotencyField: options.idempotencyField } : {}),
    ...(options.sequential ? { sequential: true } : {}),
    ...(options.job ? { job: options.job } : {}),
    portability: options.portability,
    heygenAuth: ['api_key', 'oauth'],
    ...(options.cost ? { cost: options.cost } : {}),
    ...(operation.paginated ? { paginated: true } : {}),
    family: 'v3',
    input: operation.input,
    output: operation.output,
    implementation: {
      kind: 'http',
      request: {
        path: operation.pathParams,
        query: operation.queryParams,
        body: operation.bodyEncoding,
        ...(operation.fileField ? { fileField: operation.fileField } : {}),
        ...(operation.response ? { response: operation.response } : {}),
      },
    },
  });
}
