/**
 * `heygate/openai`: OpenAI function tools (strict mode) for catalog tools, and execution of the model's tool
 * calls through heygate. See docs/openai.md.
 */
export {
  toOpenAITools,
  type OpenAIChatFunctionTool,
  type OpenAIResponsesFunctionTool,
  type OpenAIToolsOptions,
} from './to-openai-tools.ts';
export {
  executeOpenAIToolCall,
  type ExecuteOpenAIToolCallOptions,
  type OpenAIChatToolCall,
  type OpenAIFunctionCallOutput,
  type OpenAIResponsesFunctionCall,
  type OpenAIToolMessage,
} from './execute-openai-tool-call.ts';
export { strictJsonSchema, type StrictJsonSchema } from '../internal/strict-json-schema.ts';
export { schemaDialects, type SchemaDialect } from '../internal/schema-dialect.ts';
