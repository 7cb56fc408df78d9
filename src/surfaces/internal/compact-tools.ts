import type { ToolDefinition } from '../../catalog/define-tool.ts';
import { findTool } from '../../catalog/index.ts';
import type { Executor, Surface, ToolErrorData } from '../../gateway/types.ts';
import { filterTools, type ToolFilter } from './filter-tools.ts';
import { isJsonObject } from './json-schema.ts';
import { runCatalogTool } from './run-catalog-tool.ts';
import { dialectToolSchema, type SchemaDialect } from './schema-dialect.ts';
import { searchVisibleTools } from './search-visible-tools.ts';
import { startsJob } from './starts-job.ts';
import type { SurfaceCaller, SurfaceTool, SurfaceToolOutcome } from './surface-tool.ts';
import { toolOutputJsonSchema } from './tool-output-json-schema.ts';
import { waitToolFor } from './wait-tool-for.ts';

/** Options of `createCompactTools`. */
export interface CompactToolsOptions {
  /** Executes calls and says which tools the caller may see. */
  executor: Executor;
  /** Surface recorded in audit for calls made through `call_tool`. */
  surface: Surface;
  /** Operator narrowing on top of the caller's visible tools. */
  filter?: ToolFilter;
  /**
   * Schema dialect of the schemas `describe_tool` returns (default `mcp`); `call_tool` maps its `arguments`
   * back from it. The meta-tools' own schemas are converted by the surface (`surfaceToolInDialect`).
   */
  dialect?: SchemaDialect;
}

/** Default and maximum number of `search_tools` results. */
const DEFAULT_LIMIT = 8;
const MAX_LIMIT = 25;

/**
 * The three meta-tools of compact mode: `search_tools` finds tools by intent, `describe_tool` returns one
 * tool's input and output schema, `call_tool` calls any visible tool by name. Their footprint is fixed
 * however many tools the caller may use (the full catalog is ~170 tools); the agent pays for a schema only
 * when it needs one. Names and schemas are the same on MCP and the AI SDK.
 */
export function createCompactTools(options: CompactToolsOptions): SurfaceTool[] {
  const { executor, surface, filter, dialect = 'mcp' } = options;
  const visible = async (caller: SurfaceCaller) => filterTools(await executor.visibleTools(caller), filter);
  const suggest = async (caller: SurfaceCaller, name: string) =>
    searchVisibleTools(await executor.visibleTools(caller), name.replace(/_/g, ' '), 3, filter).map(
      (tool) => tool.name,
    );

  const searchTools: SurfaceTool = {
    name: 'search_tools',
    title: 'Search HeyGen tools',
    description:
      'Find HeyGen tools by what you want to do, e.g. "create an avatar video" or "translate a video". Returns names and short descriptions; then describe_tool for the input schema, and call_tool to run one.',
    inputSchema: {
      type: 'object',
      properties: {
        query: { type: 'string', description: 'What you want to do, in plain words.' },
        area: { type: 'string', description: 'Only tools of this area, e.g. videos, avatars, voices.' },
        limit: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, description: `Default ${DEFAULT_LIMIT}.` },
      },
      required: ['query'],
      additionalProperties: false,
    },
    outputSchema: {
      type: 'object',
      properties: {
        tools: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              name: { type: 'string' },
              title: { type: 'string' },
              area: { type: 'string' },
              access: { type: 'string', enum: ['read', 'write', 'destructive'] },
              description: { type: 'string' },
              sunset: { type: 'string', description: 'Legacy v1/v2 tool: date HeyGen ends it.' },
            },
          },
        },
      },
    },
    annotations: { title: 'Search HeyGen tools', readOnlyHint: true, openWorldHint: false },
    async run(args, context) {
      const query = args.query;
      if (typeof query !== 'string' || query.trim() === '')
        return invalid('search_tools', 'query', 'a non-empty string');
      const limit = args.limit ?? DEFAULT_LIMIT;
      if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
        return invalid('search_tools', 'limit', `an integer from 1 to ${MAX_LIMIT}`);
      }
      if (args.area !== undefined && typeof args.area !== 'string')
        return invalid('search_tools', 'area', 'a string');
      const visibleTools = await executor.visibleTools(context.caller);
      let found = searchVisibleTools(visibleTools, query, visibleTools.length, filter);
      if (typeof args.area === 'string') found = found.filter((tool) => tool.area === args.area);
      return { ok: true, data: { tools: found.slice(0, limit).map(summary) } };
    },
  };

  const describeTool: SurfaceTool = {
    name: 'describe_tool',
    title: 'Describe a HeyGen tool',
    description:
      "Get one tool's input JSON Schema (what call_tool's `arguments` must match) and output schema.",
    inputSchema: {
      type: 'object',
      properties: { name: { type: 'string', description: 'Tool name from search_tools.' } },
      required: ['name'],
      additionalProperties: false,
    },
    outputSchema: {
      type: 'object',
      properties: {
        name: { type: 'string' },
        title: { type: 'string' },
        description: { type: 'string' },
        access: { type: 'string' },
        input_schema: { type: 'object' },
        output_schema: { type: 'object' },
      },
    },
    annotations: { title: 'Describe a HeyGen tool', readOnlyHint: true, openWorldHint: false },
    async run(args, context) {
      if (typeof args.name !== 'string') return invalid('describe_tool', 'name', 'a tool name');
      const tools = await visible(context.caller);
      const tool = tools.find((candidate) => candidate.name === args.name);
      if (!tool) return unknownTool(args.name, await suggest(context.caller, args.name));
      return {
        ok: true,
        data: {
          ...summary(tool),
          idempotent: tool.idempotent,
          ...(startsJob(tool) && waitToolFor(tool) ? { wait_tool: waitToolFor(tool) } : {}),
          // MCP's call_tool accepts the `max_wait_seconds` budget (run-catalog-tool.ts); other surfaces do not.
          input_schema: dialectToolSchema(tool, dialect, { maxWait: surface === 'mcp' }).schema,
          output_schema: toolOutputJsonSchema(tool).schema,
        },
      };
    },
  };

  const callTool: SurfaceTool = {
    name: 'call_tool',
    title: 'Call a HeyGen tool',
    description:
      'Run a HeyGen tool by name. `arguments` must match the schema from describe_tool. Failures come back with code, message, retryable and a hint.',
    inputSchema: {
      type: 'object',
      properties: {
        name: { type: 'string', description: 'Tool name.' },
        arguments: { type: 'object', description: "The tool's input." },
        reason: { type: 'string', description: 'Why you are calling it (kept in the audit log).' },
      },
      required: ['name'],
      additionalProperties: false,
    },
    outputSchema: {
      type: 'object',
      description: "The tool's result; a non-object result comes as {result}.",
    },
    annotations: {
      title: 'Call a HeyGen tool',
      readOnlyHint: false,
      destructiveHint: true,
      openWorldHint: true,
    },
    async run(args, context): Promise<SurfaceToolOutcome> {
      if (typeof args.name !== 'string') return invalid('call_tool', 'name', 'a tool name');
      if (args.arguments !== undefined && !isJsonObject(args.arguments)) {
        return invalid('call_tool', 'arguments', 'an object');
      }
      if (args.reason !== undefined && typeof args.reason !== 'string')
        return invalid('call_tool', 'reason', 'a string');
      const tools = await visible(context.caller);
      let tool = tools.find((candidate) => candidate.name === args.name);
      if (!tool) {
        // A catalog tool the persona may not use still goes to the gateway, which refuses it (a protocol
        // error) and audits the denial; a name that is not a tool here is the agent's to correct.
        const known = findTool(args.name);
        if (!known || filterTools([known], filter).length === 0) {
          return unknownTool(args.name, await suggest(context.caller, args.name));
        }
        tool = known;
      }
      const prompt = typeof args.reason === 'string' ? args.reason : context.prompt;
      return runCatalogTool(executor, surface, tool, args.arguments ?? {}, { ...context, prompt, dialect });
    },
  };

  return [searchTools, describeTool, callTool];
}

/** What `search_tools` says about a tool. */
function summary(tool: ToolDefinition): Record<string, unknown> {
  return {
    name: tool.name,
    title: tool.title,
    area: tool.area,
    access: tool.access,
    description: tool.description,
    ...(tool.legacy ? { sunset: tool.legacy.sunset } : {}),
  };
}

function invalid(toolName: string, field: string, expected: string): SurfaceToolOutcome {
  const error: ToolErrorData = {
    code: 'invalid_input',
    message: `Invalid input for ${toolName}: \`${field}\` must be ${expected}.`,
    retryable: false,
    field,
    hint: `Fix \`${field}\`: expected ${expected}.`,
  };
  return { ok: false, error };
}

/**
 * A name the caller cannot use. Inside `describe_tool`/`call_tool` this is an argument the agent got wrong,
 * so it is a recoverable tool error with suggestions rather than a protocol error.
 */
function unknownTool(name: string, suggestions: readonly string[]): SurfaceToolOutcome {
  return {
    ok: false,
    error: {
      code: 'unknown_tool',
      message: `No tool named "${name}" is available to you.`,
      retryable: false,
      field: 'name',
      hint:
        suggestions.length > 0
          ? `Did you mean ${suggestions.join(', ')}? Or search with search_tools.`
          : 'Find tools with search_tools.',
    },
  };
}
