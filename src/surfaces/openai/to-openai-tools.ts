import type { ToolDefinition } from '../../catalog/define-tool.ts';
import type { JsonSchema } from '../internal/json-schema.ts';
import { dialectToolSchema, type SchemaDialect } from '../internal/schema-dialect.ts';

/** A function tool for the Chat Completions API (`tools` of `chat.completions.create`). */
export interface OpenAIChatFunctionTool {
  type: 'function';
  function: { name: string; description: string; parameters: JsonSchema; strict: boolean };
}

/** A function tool for the Responses API (`tools` of `responses.create`). */
export interface OpenAIResponsesFunctionTool {
  type: 'function';
  name: string;
  description: string;
  parameters: JsonSchema;
  strict: boolean;
}

/** Options of `toOpenAITools`. */
export interface OpenAIToolsOptions {
  /**
   * Emit schemas valid under OpenAI strict mode (default true): the model's arguments then always parse and
   * match. `executeOpenAIToolCall` must be given the same setting, to undo the rewriting.
   */
  strict?: boolean;
  /**
   * Schema dialect of the parameters (default `openai-strict`, or `mcp` with `strict: false`): e.g. `gemini`
   * for a Gemini model behind an OpenAI-compatible endpoint. `strict` is emitted true only for `openai-strict`.
   * `executeOpenAIToolCall` must be given the same dialect.
   */
  dialect?: SchemaDialect;
  /** Which API's tool shape to emit (default `chat`). */
  api?: 'chat' | 'responses';
}

/**
 * OpenAI function-tool definitions for catalog tools (e.g. `await executor.visibleTools()` narrowed to the
 * ones an agent needs — every tool costs prompt tokens). Tool names are the catalog's, which already match
 * OpenAI's `^[a-zA-Z0-9_-]{1,64}$`.
 */
export function toOpenAITools(
  tools: readonly ToolDefinition[],
  options?: OpenAIToolsOptions & { api?: 'chat' },
): OpenAIChatFunctionTool[];
export function toOpenAITools(
  tools: readonly ToolDefinition[],
  options: OpenAIToolsOptions & { api: 'responses' },
): OpenAIResponsesFunctionTool[];
export function toOpenAITools(
  tools: readonly ToolDefinition[],
  options: OpenAIToolsOptions = {},
): OpenAIChatFunctionTool[] | OpenAIResponsesFunctionTool[] {
  const dialect = options.dialect ?? (options.strict === false ? 'mcp' : 'openai-strict');
  const strict = dialect === 'openai-strict';
  const definitions = tools.map((tool) => {
    let description = tool.description;
    if (tool.legacy && !description.includes(tool.legacy.sunset)) {
      description += ` Legacy endpoint; HeyGen ends it on ${tool.legacy.sunset}.`;
    }
    const parameters = dialectToolSchema(tool, dialect).schema;
    return { name: tool.name, description, parameters, strict };
  });
  if (options.api === 'responses')
    return definitions.map((definition) => ({ type: 'function' as const, ...definition }));
  return definitions.map((definition) => ({ type: 'function' as const, function: definition }));
}
