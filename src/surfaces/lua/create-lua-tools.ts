import { InvalidInputError } from '../../catalog/errors.ts';
import type { Progress } from '../../gateway/types.ts';
import type { LuaDocs } from './create-lua-docs.ts';
import { formatDuration, type LuaRunner } from './create-lua-runner.ts';
import type { LuaAccess, LuaCaller } from './lua-access.ts';

/**
 * What a Lua tool's handler receives besides its arguments. The same shape as the MCP surface's extra-tool
 * context (this surface does not import the MCP one; the composition roots connect them).
 */
export interface LuaToolContext {
  /** Aborts when the client cancels the call. */
  signal: AbortSignal;
  /** Reports progress of job waits made by the script. */
  onProgress?: (progress: Progress) => void;
  /** The caller's persona token: every call the script makes runs as this persona. */
  personaToken?: string;
  /** The caller's persona id, when the surface authenticated it. */
  personaId?: string;
}

/** A tool of the MCP `code` mode (and of any surface that serves extra tools): name, schemas, handler. */
export interface LuaTool {
  name: 'execute_lua' | 'lua_read_doc' | 'lua_list_docs' | 'lua_search_docs';
  title: string;
  description: string;
  inputSchema: { type: 'object'; [keyword: string]: unknown };
  outputSchema: { type: 'object'; [keyword: string]: unknown };
  annotations: {
    title: string;
    readOnlyHint: boolean;
    destructiveHint: boolean;
    idempotentHint: boolean;
    openWorldHint: boolean;
  };
  /** Runs the tool; bad arguments throw `InvalidInputError`, a failed script is returned as data (`ok: false`). */
  handler(args: Record<string, unknown>, context: LuaToolContext): Promise<unknown>;
  /** Listed only to callers with the `lua` grant (servers); absent: listed to everyone. */
  listedFor?(caller: LuaCaller): Promise<boolean>;
}

/** Options of {@link createLuaTools}. */
export interface LuaToolsOptions {
  /** Runs `execute_lua` scripts. */
  runner: LuaRunner;
  /** Persona token used when the context carries none (e.g. `heygate mcp --persona`). */
  personaToken?: string;
  /** Docs served (default: the runner's). */
  docs?: LuaDocs;
  /**
   * Who may use the tools (servers): the `lua` grant and the per-persona cap on running scripts. Absent: no
   * check beyond each call's own (library use, the local operator).
   */
  access?: LuaAccess;
  /** Hint of a `lua_timeout` error (default: the runner's). */
  timeoutHint?: string;
}

const entrySchema = {
  type: 'object',
  properties: { path: { type: 'string' }, summary: { type: 'string' } },
} as const;

/**
 * The four tools of code mode: `execute_lua` runs a script against `app.integrations.heygen.*`, the three
 * doc tools read the generated reference. Their definitions are deliberately small (a fixed footprint of a
 * few hundred tokens, however many HeyGen tools exist): the reference is read on demand.
 */
export function createLuaTools(options: LuaToolsOptions): LuaTool[] {
  const { runner, access } = options;
  const docs = () => options.docs ?? runner.docs;
  const limits = `${formatDuration(runner.limits.timeoutMs)}, ${Math.round(runner.limits.memoryBytes / 1048576)} MiB`;
  const caller = (context: LuaToolContext) => ({
    ...((context.personaToken ?? options.personaToken) === undefined
      ? {}
      : { personaToken: context.personaToken ?? options.personaToken }),
    ...(context.personaId === undefined ? {} : { personaId: context.personaId }),
  });
  /** Doc tools need the grant too: on a server, Lua is one capability, granted or not. */
  const checked = (name: string, body: (args: Record<string, unknown>) => unknown) =>
    async function handler(args: Record<string, unknown>, context: LuaToolContext) {
      await access?.check(caller(context), name);
      return body(args);
    };

  const readOnly = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };

  const tools: LuaTool[] = [
    {
      name: 'execute_lua',
      title: 'Run a Lua script',
      description:
        'Run Lua 5.4 that calls HeyGen: app.integrations.heygen.<function>(args) for every HeyGen tool (read ' +
        'lua_read_doc("integrations.heygen") first). Chain calls in one turn (list, create, wait, return the URL). ' +
        "Returns the script's return value as JSON, its print output and the calls made. Sandboxed: " +
        `${limits}.`,
      inputSchema: {
        type: 'object',
        properties: {
          code: { type: 'string', description: 'Lua source; `return` a value to get it back' },
          account: { type: 'string', description: 'HeyGen account for unqualified calls (default routing)' },
        },
        required: ['code'],
        additionalProperties: false,
      },
      outputSchema: {
        type: 'object',
        properties: {
          ok: { type: 'boolean' },
          value: {},
          output: { type: 'string' },
          error: {
            type: 'object',
            properties: {
              code: { type: 'string' },
              message: { type: 'string' },
              retryable: { type: 'boolean' },
            },
          },
          calls: { type: 'array', items: { type: 'object' } },
          duration_ms: { type: 'number' },
        },
        required: ['ok', 'output', 'calls'],
      },
      annotations: {
        title: 'Run a Lua script',
        readOnlyHint: false,
        destructiveHint: true,
        idempotentHint: false,
        openWorldHint: true,
      },
      async handler(args, context) {
        // The grant and the persona's script slots first: a persona without `lua` learns nothing else.
        const release = await access?.enter(caller(context), 'execute_lua');
        let result: Awaited<ReturnType<LuaRunner['run']>>;
        try {
          const code = args.code;
          if (typeof code !== 'string')
            throw invalid('execute_lua', 'code', 'string', 'the Lua source as a string');
          const account = args.account;
          if (account !== undefined && (typeof account !== 'string' || account === '')) {
            throw invalid('execute_lua', 'account', 'string', 'an account name');
          }
          result = await runner.run(code, {
            personaToken: context.personaToken ?? options.personaToken,
            personaId: context.personaId,
            account: account as string | undefined,
            signal: context.signal,
            onProgress: context.onProgress,
            ...(options.timeoutHint === undefined ? {} : { timeoutHint: options.timeoutHint }),
          });
        } finally {
          release?.();
        }
        const data: Record<string, unknown> = {
          ok: result.ok,
          value: result.value,
          output: result.output,
          calls: result.calls.map(({ durationMs, ...call }) => ({
            ...call,
            duration_ms: Math.round(durationMs),
          })),
          duration_ms: Math.round(result.durationMs),
          peak_memory_bytes: result.peakMemoryBytes,
        };
        if (result.error) data.error = result.error;
        return data;
      },
    },
    {
      name: 'lua_read_doc',
      title: 'Read Lua docs',
      description:
        'Read the Lua reference: "integrations.heygen" (every function and how to call it), ' +
        '"integrations.heygen.<function>" (parameters, example) or "lua" (sandbox, json, limits).',
      inputSchema: {
        type: 'object',
        properties: { path: { type: 'string', description: 'e.g. integrations.heygen.video_create' } },
        required: ['path'],
        additionalProperties: false,
      },
      outputSchema: {
        type: 'object',
        properties: { path: { type: 'string' }, markdown: { type: 'string' } },
        required: ['path', 'markdown'],
      },
      annotations: { title: 'Read Lua docs', ...readOnly },
      handler: checked('lua_read_doc', (args) => {
        if (typeof args.path !== 'string') throw invalid('lua_read_doc', 'path', 'string', 'a doc path');
        try {
          return { path: args.path, markdown: docs().read(args.path) };
        } catch (error) {
          throw invalid('lua_read_doc', 'path', 'a doc path', (error as Error).message);
        }
      }),
    },
    {
      name: 'lua_list_docs',
      title: 'List Lua docs',
      description: 'List Lua doc paths; prefix "integrations.heygen" lists every HeyGen function.',
      inputSchema: {
        type: 'object',
        properties: { prefix: { type: 'string' } },
        additionalProperties: false,
      },
      outputSchema: {
        type: 'object',
        properties: { docs: { type: 'array', items: entrySchema } },
        required: ['docs'],
      },
      annotations: { title: 'List Lua docs', ...readOnly },
      handler: checked('lua_list_docs', (args) => {
        if (args.prefix !== undefined && typeof args.prefix !== 'string')
          throw invalid('lua_list_docs', 'prefix', 'string', 'a doc path prefix');
        return { docs: docs().list(args.prefix as string | undefined) };
      }),
    },
    {
      name: 'lua_search_docs',
      title: 'Search Lua docs',
      description: 'Find HeyGen Lua functions by intent, e.g. "translate a video"; returns doc paths.',
      inputSchema: {
        type: 'object',
        properties: { query: { type: 'string' }, limit: { type: 'integer', minimum: 1, maximum: 50 } },
        required: ['query'],
        additionalProperties: false,
      },
      outputSchema: {
        type: 'object',
        properties: { results: { type: 'array', items: entrySchema } },
        required: ['results'],
      },
      annotations: { title: 'Search Lua docs', ...readOnly },
      handler: checked('lua_search_docs', (args) => {
        if (typeof args.query !== 'string' || args.query.trim() === '')
          throw invalid('lua_search_docs', 'query', 'string', 'a search query');
        const limit = args.limit === undefined ? undefined : Number(args.limit);
        if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= 50)) {
          throw invalid('lua_search_docs', 'limit', 'integer 1–50', 'an integer from 1 to 50');
        }
        return { results: docs().search(args.query, limit) };
      }),
    },
  ];
  // On a server, a persona without the grant does not see the tools it could not call.
  if (!access) return tools;
  return tools.map((tool) => ({ ...tool, listedFor: (who: LuaCaller) => access.allows(who) }));
}

function invalid(tool: string, field: string, expected: string, what: string): InvalidInputError {
  return new InvalidInputError(tool, [{ field, expected, message: `\`${field}\`: expected ${what}` }]);
}
