import { openGateway } from 'heygate';
import {
  executeOpenAIToolCall,
  toOpenAITools,
  type OpenAIChatToolCall,
  type OpenAIToolMessage,
} from 'heygate/openai';

const { gateway: executor } = await openGateway(); // HEYGATE_HOME, HEYGEN_API_KEY or stored accounts

// Every tool costs prompt tokens: pick the ones the agent needs.
const selectedTools = (await executor.visibleTools()).filter((tool) => tool.area === 'videos');
export const tools = toOpenAITools(selectedTools, { strict: true }); // Chat Completions; { api: 'responses' } too

/**
 * Answers the tool calls of one assistant message: with the `openai` package,
 * `const completion = await openai.chat.completions.create({ model, messages, tools })`, then
 * `messages.push(...(await answerToolCalls(completion.choices[0].message.tool_calls ?? [])))`.
 */
export async function answerToolCalls(
  toolCalls: readonly OpenAIChatToolCall[],
  personaToken?: string,
): Promise<OpenAIToolMessage[]> {
  const messages: OpenAIToolMessage[] = [];
  for (const call of toolCalls) {
    messages.push(await executeOpenAIToolCall(executor, call, { strict: true, personaToken }));
  }
  return messages;
}
