import { jsonSchema, tool, type JSONSchema7, type Tool, type ToolSet } from 'ai';
import type { Access } from '../../catalog/define-tool.ts';
import { UnknownToolError } from '../../catalog/errors.ts';
import type { Executor, Progress } from '../../gateway/types.ts';
import { createCompactTools } from '../internal/compact-tools.ts';
import { filterTools } from '../internal/filter-tools.ts';
import type { JsonSchema } from '../internal/json-schema.ts';
import { runCatalogTool } from '../internal/run-catalog-tool.ts';
import { dialectToolSchema, type SchemaDialect } from '../internal/schema-dialect.ts';
import { surfaceToolInDialect } from '../internal/surface-tool-in-dialect.ts';
import type { SurfaceCaller, SurfaceToolContext, SurfaceToolOutcome } from '../internal/surface-tool.ts';

/** Options of `createHeyGenTools`. */
export interface HeyGenToolsOptions {
  /** The one call path: every tool call goes through `executor.execute()` with `surface: 'ai-sdk'`. */
  executor: Executor;
  /**
   * Which tools: catalog tool names (each must be visible to the caller), or `'compact'` (default) for the
   * three meta-tools `search_tools`, `describe_tool` and `call_tool`, which reach every visible tool at a
   * fixed schema cost.
   */
  tools?: readonly string[] | 'compact';
  /** Persona token the calls are made with; absent means the local operator. */
  personaToken?: string;
  /** Persona id, when the application authenticated the persona itself. */
  personaId?: string;
  /** Only tools of these areas (named tools outside them are refused). */
  areas?: readonly string[];
  /** The most powerful access class reachable (`read`, `write`, `destructive`). */
  access?: Access;
  /** The user's prompt or the reason for the calls (audit). */
  prompt?: string;
  /** The end user the agent acts for (audit). */
  user?: string;
  /** Named HeyGen account for every call; default: the persona's routing policy. */
  account?: string;
  /** Receives job progress while a call waits (`wait: true`). */
  onProgress?: (toolName: string, progress: Progress) => void;
  /**
   * Schema dialect of the tools' input schemas (default `mcp`, which the AI SDK's providers convert
   * themselves): `gemini` or `openai-strict` for a provider that passes schemas through unchanged. The
   * model's arguments are mapped back before validation.
   */
  dialect?: SchemaDialect;
}

/**
 * HeyGen tools for the Vercel AI SDK (`generateText`, `streamText`, agents): AI SDK `tool()`s with JSON
 * Schemas from the catalog and an `execute` that goes through heygate's executor. A failed call returns
 * `{ error: { code, message, retryable, retry_after_ms, hint } }` as the tool result, so the model can
 * recover; a gateway refusal (denied scope, bad persona token) throws and surfaces as a tool error.
 *
 * Async because it asks the executor which tools the caller may use.
 */
export async function createHeyGenTools(options: HeyGenToolsOptions): Promise<ToolSet> {
  const { executor, tools = 'compact', dialect = 'mcp' } = options;
  const caller: SurfaceCaller = { personaToken: options.personaToken, personaId: options.personaId };
  const context = (toolName: string, abortSignal: AbortSignal | undefined): SurfaceToolContext => ({
    caller,
    signal: abortSignal,
    prompt: options.prompt,
    user: options.user,
    account: options.account,
    onProgress: options.onProgress && ((progress) => options.onProgress!(toolName, progress)),
    dialect,
  });
  const set: ToolSet = {};

  if (tools === 'compact') {
    for (const compactTool of createCompactTools({
      executor,
      surface: 'ai-sdk',
      filter: { areas: options.areas, access: options.access },
      dialect,
    })) {
      const surfaceTool = surfaceToolInDialect(compactTool, dialect);
      set[surfaceTool.name] = aiTool(
        surfaceTool.title,
        surfaceTool.description,
        surfaceTool.inputSchema,
        (input, signal) => surfaceTool.run(input, context(surfaceTool.name, signal)),
      );
    }
    return set;
  }

  const visible = filterTools(await executor.visibleTools(caller), {
    areas: options.areas,
    access: options.access,
  });
  for (const name of tools) {
    const definition = visible.find((candidate) => candidate.name === name);
    if (!definition) throw new UnknownToolError(name);
    set[name] = aiTool(
      definition.title,
      definition.description,
      dialectToolSchema(definition, dialect).schema,
      (input, signal) => runCatalogTool(executor, 'ai-sdk', definition, input, context(name, signal)),
    );
  }
  return set;
}

function aiTool(
  title: string,
  description: string,
  schema: JsonSchema,
  run: (input: Record<string, unknown>, signal: AbortSignal | undefined) => Promise<SurfaceToolOutcome>,
): Tool {
  return tool<Record<string, unknown>, unknown>({
    title,
    description,
    // No `validate`: the gateway validates against the catalog's zod schema and names the bad field in
    // the `{ error }` result, which is what the model needs to fix its call.
    inputSchema: jsonSchema<Record<string, unknown>>(schema as JSONSchema7),
    execute: async (input, { abortSignal }) => {
      const outcome = await run(input, abortSignal);
      return outcome.ok ? outcome.data : { error: outcome.error };
    },
  });
}
