import { findTool } from '../../catalog/index.ts';
import { HeyGateError } from '../../catalog/errors.ts';
import type { Executor, Progress, ToolErrorData } from '../../gateway/types.ts';
import { runCatalogTool } from '../internal/run-catalog-tool.ts';
import type { SurfaceToolOutcome } from '../internal/surface-tool.ts';
import { presentError } from '../internal/present-error.ts';
import type { SchemaDialect } from '../internal/schema-dialect.ts';

/** A tool call from a Chat Completions response (`choices[0].message.tool_calls[i]`). */
export interface OpenAIChatToolCall {
  id: string;
  type?: 'function';
  function: { name: string; arguments: string };
}

/** A function call item from a Responses API response (`output[i]` with `type: 'function_call'`). */
export interface OpenAIResponsesFunctionCall {
  type: 'function_call';
  call_id: string;
  name: string;
  arguments: string;
}

/** The Chat Completions message that answers a tool call. */
export interface OpenAIToolMessage {
  role: 'tool';
  tool_call_id: string;
  content: string;
}

/** The Responses API input item that answers a function call. */
export interface OpenAIFunctionCallOutput {
  type: 'function_call_output';
  call_id: string;
  output: string;
}

/** Options of `executeOpenAIToolCall`. */
export interface ExecuteOpenAIToolCallOptions {
  /** Same setting as given to `toOpenAITools` (default true): undoes the strict-mode rewriting. */
  strict?: boolean;
  /** Same dialect as given to `toOpenAITools` (default `openai-strict`, or `mcp` with `strict: false`). */
  dialect?: SchemaDialect;
  /** Persona token the call is made with; absent means the local operator. */
  personaToken?: string;
  /** Persona id, when the application authenticated the persona itself. */
  personaId?: string;
  /** The user's prompt or the reason for the call (audit). */
  prompt?: string;
  /** The end user the agent acts for (audit). */
  user?: string;
  /** Named HeyGen account to use; default: the persona's routing policy. */
  account?: string;
  /** Cancels the call (and any wait). */
  signal?: AbortSignal;
  /** Receives job progress while the call waits (`wait: true`). */
  onProgress?: (progress: Progress) => void;
}

/**
 * Executes one OpenAI tool call through heygate and returns the message to append to the conversation:
 * `{ role: 'tool', tool_call_id, content }` for Chat Completions, `{ type: 'function_call_output', call_id,
 * output }` for a Responses API function call. The content is the tool's result as JSON, or
 * `{"error": {code, message, retryable, retry_after_ms, hint, …}}` — including for gateway refusals (unknown
 * tool, denied scope), which the model can react to by choosing another tool. Before executing, the `null`s
 * strict mode forced on optional fields are removed and rewritten values restored.
 */
export async function executeOpenAIToolCall(
  executor: Executor,
  toolCall: OpenAIChatToolCall,
  options?: ExecuteOpenAIToolCallOptions,
): Promise<OpenAIToolMessage>;
export async function executeOpenAIToolCall(
  executor: Executor,
  toolCall: OpenAIResponsesFunctionCall,
  options?: ExecuteOpenAIToolCallOptions,
): Promise<OpenAIFunctionCallOutput>;
export async function executeOpenAIToolCall(
  executor: Executor,
  toolCall: OpenAIChatToolCall | OpenAIResponsesFunctionCall,
  options: ExecuteOpenAIToolCallOptions = {},
): Promise<OpenAIToolMessage | OpenAIFunctionCallOutput> {
  const name = 'function' in toolCall ? toolCall.function.name : toolCall.name;
  const argumentText = 'function' in toolCall ? toolCall.function.arguments : toolCall.arguments;
  const outcome = await run(executor, name, argumentText, options);
  const content = JSON.stringify(outcome.ok ? (outcome.data ?? null) : { error: outcome.error });
  if ('function' in toolCall) return { role: 'tool', tool_call_id: toolCall.id, content };
  return { type: 'function_call_output', call_id: toolCall.call_id, output: content };
}

async function run(
  executor: Executor,
  name: string,
  argumentText: string,
  options: ExecuteOpenAIToolCallOptions,
): Promise<SurfaceToolOutcome> {
  let args: unknown;
  try {
    args = argumentText.trim() === '' ? {} : (JSON.parse(argumentText) as unknown);
  } catch {
    return { ok: false, error: invalidJson(name) };
  }
  const caller = { personaToken: options.personaToken, personaId: options.personaId };
  try {
    const tool =
      (await executor.visibleTools(caller)).find((candidate) => candidate.name === name) ?? findTool(name);
    if (!tool) {
      // Let the executor refuse it: it throws the unknown-tool error with suggestions.
      await executor.execute({ tool: name, input: args, surface: 'openai', ...caller });
      return {
        ok: false,
        error: { code: 'unknown_tool', message: `Unknown tool "${name}".`, retryable: false },
      };
    }
    const dialect = options.dialect ?? (options.strict === false ? 'mcp' : 'openai-strict');
    return await runCatalogTool(executor, 'openai', tool, args, {
      dialect,
      caller,
      prompt: options.prompt,
      user: options.user,
      account: options.account,
      signal: options.signal,
      onProgress: options.onProgress,
    });
  } catch (error) {
    if (HeyGateError.isInstance(error)) return { ok: false, error: presentError(error).error };
    throw error;
  }
}

function invalidJson(name: string): ToolErrorData {
  return {
    code: 'invalid_input',
    message: `Invalid input for ${name}: the arguments are not valid JSON.`,
    retryable: false,
    field: '(root)',
    hint: 'Send the arguments as one JSON object.',
  };
}
