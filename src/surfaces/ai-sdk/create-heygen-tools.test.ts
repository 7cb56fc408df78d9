import { generateText, stepCountIs } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import { afterEach, describe, expect, it } from 'vitest';
import { UnknownToolError } from '../../catalog/errors.ts';
import { createLocalExecutor } from '../../gateway/local-executor.ts';
import type { ExecuteRequest, Executor } from '../../gateway/types.ts';
import { createHeyGenClient } from '../../heygen/index.ts';
import { startEmulator } from '../../test/index.ts';
import { dialectViolations } from '../internal/dialect-violations.ts';
import type { JsonSchema } from '../internal/json-schema.ts';
import { createHeyGenTools } from './create-heygen-tools.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Emulator → client → bare executor (recording each request), job waits on the emulator's clock. */
async function stack() {
  const started = await startEmulator();
  cleanups.push(() => started.close());
  const client = createHeyGenClient({
    ...started.clientOptions,
    clock: started.emulator.clock,
    sleep: async (ms) => started.advance(ms),
  });
  const executor = createLocalExecutor({ client });
  const requests: ExecuteRequest[] = [];
  const recording: Executor = {
    visibleTools: (caller) => executor.visibleTools(caller),
    execute: (request) => {
      requests.push(request);
      return executor.execute(request);
    },
  };
  return { executor: recording, requests, library: started.emulator.inspect.library() };
}

const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 5, text: 5, reasoning: undefined },
};

/** A model that makes the given tool calls in its first step and answers "done" in its second. */
function modelCalling(calls: { toolName: string; input: unknown }[]) {
  return new MockLanguageModelV3({
    doGenerate: [
      {
        content: calls.map((call, index) => ({
          type: 'tool-call' as const,
          toolCallId: `call-${index}`,
          toolName: call.toolName,
          input: JSON.stringify(call.input),
        })),
        finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
        usage,
        warnings: [],
      },
      {
        content: [{ type: 'text', text: 'done' }],
        finishReason: { unified: 'stop', raw: 'stop' },
        usage,
        warnings: [],
      },
    ],
  });
}

describe('createHeyGenTools with the AI SDK', () => {
  it('gives the model the compact trio and runs call_tool end to end through the executor', async () => {
    const { executor, requests } = await stack();
    const tools = await createHeyGenTools({
      executor,
      personaToken: 'persona-1',
      prompt: 'How many credits are left?',
    });
    expect(Object.keys(tools)).toEqual(['search_tools', 'describe_tool', 'call_tool']);

    const model = modelCalling([{ toolName: 'call_tool', input: { name: 'user_me_get', arguments: {} } }]);
    const result = await generateText({
      model,
      tools,
      prompt: 'How many credits are left?',
      stopWhen: stepCountIs(2),
    });

    expect(result.text).toBe('done');
    const offered = model.doGenerateCalls[0]!.tools!.map((tool) => tool.name);
    expect(offered).toEqual(['search_tools', 'describe_tool', 'call_tool']);
    const [toolResult] = result.steps[0]!.toolResults;
    expect(toolResult!.output).toBeTypeOf('object');
    expect((toolResult!.output as { error?: unknown }).error).toBeUndefined();
    expect(
      requests.map((request) => [request.tool, request.surface, request.personaToken, request.prompt]),
    ).toEqual([['user_me_get', 'ai-sdk', 'persona-1', 'How many credits are left?']]);
    // The second model call saw the tool result.
    const secondPrompt = JSON.stringify(model.doGenerateCalls[1]!.prompt);
    expect(secondPrompt).toContain('tool-result');
  });

  it('serves named tools with catalog schemas: creates and waits for a video, and reports bad input as data', async () => {
    const { executor, library } = await stack();
    const tools = await createHeyGenTools({ executor, tools: ['video_create', 'video_get'] });
    const model = modelCalling([
      {
        toolName: 'video_create',
        input: {
          type: 'avatar',
          avatar_id: library.avatarId,
          voice_id: library.voiceId,
          script: 'Hello from the AI SDK.',
          wait: true,
        },
      },
      { toolName: 'video_get', input: {} },
    ]);
    const result = await generateText({ model, tools, prompt: 'Make a video.', stopWhen: stepCountIs(2) });

    const schema = model.doGenerateCalls[0]!.tools!.find((tool) => tool.name === 'video_create');
    expect(
      schema?.type === 'function' && (schema.inputSchema.properties as Record<string, unknown>).wait,
    ).toBeDefined();
    const [created, invalid] = result.steps[0]!.toolResults;
    expect(created!.output).toMatchObject({ status: 'completed' });
    expect(invalid!.output).toMatchObject({ error: { code: 'invalid_input', field: 'video_id' } });
  });

  it('publishes Gemini schemas with dialect: gemini, and runs compact call_tool with JSON-text arguments', async () => {
    const { executor } = await stack();
    const tools = await createHeyGenTools({ executor, dialect: 'gemini' });
    const model = modelCalling([{ toolName: 'call_tool', input: { name: 'user_me_get', arguments: '{}' } }]);
    const result = await generateText({ model, tools, prompt: 'Who am I?', stopWhen: stepCountIs(1) });
    for (const tool of model.doGenerateCalls[0]!.tools!) {
      if (tool.type !== 'function') continue;
      expect(dialectViolations('gemini', tool.inputSchema as JsonSchema, tool.name)).toEqual([]);
    }
    const [called] = result.steps[0]!.toolResults;
    expect(called!.output).not.toHaveProperty('error');
  });

  it('refuses names the caller cannot use', async () => {
    const { executor } = await stack();
    await expect(createHeyGenTools({ executor, tools: ['no_such_tool'] })).rejects.toBeInstanceOf(
      UnknownToolError,
    );
    await expect(
      createHeyGenTools({ executor, tools: ['video_delete'], access: 'read' }),
    ).rejects.toBeInstanceOf(UnknownToolError);
  });
});
