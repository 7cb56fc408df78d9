import type { ToolDefinition } from '../../catalog/define-tool.ts';
import type { JsonSchema } from '../internal/json-schema.ts';
import { presentedInputSchema } from '../internal/presented-input-schema.ts';
import { openAIToolSchema } from './openai-tool-schema.ts';

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
  const strict = options.strict ?? true;
  const definitions = tools.map((tool) => {
    let description = tool.description;
    if (tool.legacy && !description.includes(tool.legacy.sunset)) {
      description += ` Legacy endpoint; HeyGen ends it on ${tool.legacy.sunset}.`;
    }
    const parameters = strict ? openAIToolSchema(tool).schema : presentedInputSchema(tool);
    return { name: tool.name, description, parameters, strict };
  });
  if (options.api === 'responses')
    return definitions.map((definition) => ({ type: 'function' as const, ...definition }));
  return definitions.map((definition) => ({ type: 'function' as const, function: definition }));
}
