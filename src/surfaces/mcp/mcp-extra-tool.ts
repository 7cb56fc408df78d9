import type { Progress } from '../../gateway/types.ts';

/**
 * A tool served next to (or, in `code` mode, instead of) the catalog tools — the Lua tools `execute_lua`,
 * `lua_read_doc`, `lua_list_docs` and `lua_search_docs` in particular. The composition roots (CLI, HTTP
 * server) build them and pass them in, because surfaces do not import each other.
 */
export interface McpExtraTool {
  /** Tool name, `^[a-z0-9_]{1,64}$`; must not collide with a catalog tool or a compact meta-tool. */
  name: string;
  /** Short human title. */
  title?: string;
  /** Description for the model. */
  description: string;
  /** JSON Schema of the arguments, `type: "object"` at the root. */
  inputSchema: { type: 'object'; [keyword: string]: unknown };
  /**
   * JSON Schema of the result. Published with its root `required` list removed: a failure answers with
   * `{ error }` in the same place (see `toolOutputJsonSchema`).
   */
  outputSchema?: { type: 'object'; [keyword: string]: unknown };
  /** MCP behaviour hints. */
  annotations?: {
    title?: string;
    readOnlyHint?: boolean;
    destructiveHint?: boolean;
    idempotentHint?: boolean;
    openWorldHint?: boolean;
  };
  /**
   * Runs the tool. Returns the result (an object is sent as `structuredContent`, anything else as
   * `{ result }`); a thrown error becomes an `isError` result carrying the error's code, message, retryable
   * and hint (a `HeyGateError`'s, else `tool_error`).
   */
  handler(args: Record<string, unknown>, context: McpExtraToolContext): Promise<unknown>;
  /**
   * Whether `tools/list` shows the tool to this caller (default: to everyone), e.g. the Lua tools only to
   * personas with the `lua` grant. Calls are still checked by the handler.
   */
  listedFor?(caller: { personaToken?: string; personaId?: string }): Promise<boolean>;
}

/** What an extra tool's handler receives besides its arguments. */
export interface McpExtraToolContext {
  /** Aborts when the client cancels the call. */
  signal: AbortSignal;
  /** Reports progress to the client (sent only when the client asked for progress). */
  onProgress?: (progress: Progress) => void;
  /** The caller's persona token, to run nested catalog calls as the same persona. */
  personaToken?: string;
  /** The caller's persona id, when the surface authenticated it. */
  personaId?: string;
}
