import { afterEach, describe, expect, it } from 'vitest';
import { getTool } from '../../catalog/index.ts';
import { createLocalExecutor } from '../../gateway/local-executor.ts';
import type { ExecuteRequest, Executor } from '../../gateway/types.ts';
import { createHeyGenClient } from '../../heygen/index.ts';
import { dialectViolations } from '../internal/dialect-violations.ts';
import type { JsonSchema } from '../internal/json-schema.ts';
import { startEmulator } from '../../test/index.ts';
import { executeOpenAIToolCall } from './execute-openai-tool-call.ts';
import { toOpenAITools } from './to-openai-tools.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

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

/**
 * Arguments as a strict-mode model sends them: every property present, `null` for the ones it does not
 * use (strict mode allows nothing else), plus the given values.
 */
function strictArguments(toolName: string, values: Record<string, unknown>): string {
  const [definition] = toOpenAITools([getTool(toolName)]);
  const properties = definition!.function.parameters.properties as Record<string, JsonSchema>;
  const args = Object.fromEntries(Object.keys(properties).map((name) => [name, null]));
  return JSON.stringify({ ...args, ...values });
}

describe('executeOpenAIToolCall', () => {
  it('creates and waits for a video from strict-mode arguments, stripping the forced nulls', async () => {
    const { executor, requests, library } = await stack();
    const message = await executeOpenAIToolCall(
      executor,
      {
        id: 'call_1',
        type: 'function',
        function: {
          name: 'video_create',
          arguments: strictArguments('video_create', {
            type: 'avatar',
            avatar_id: library.avatarId,
            voice_id: library.voiceId,
            script: 'Hello from OpenAI.',
            wait: true,
          }),
        },
      },
      { personaToken: 'persona-1', prompt: 'make a video' },
    );
    expect(message.role).toBe('tool');
    expect(message.tool_call_id).toBe('call_1');
    expect(JSON.parse(message.content)).toMatchObject({ status: 'completed' });
    expect(requests[0]).toMatchObject({
      tool: 'video_create',
      surface: 'openai',
      wait: true,
      personaToken: 'persona-1',
    });
    expect(requests[0]!.input).toEqual({
      type: 'avatar',
      avatar_id: library.avatarId,
      voice_id: library.voiceId,
      script: 'Hello from OpenAI.',
    });
  });

  it('answers a Responses API function call with a function_call_output item', async () => {
    const { executor } = await stack();
    const output = await executeOpenAIToolCall(executor, {
      type: 'function_call',
      call_id: 'fc_1',
      name: 'user_me_get',
      arguments: strictArguments('user_me_get', {}),
    });
    expect(output.type).toBe('function_call_output');
    expect(output.call_id).toBe('fc_1');
    expect(JSON.parse(output.output)).toBeTypeOf('object');
    expect(JSON.parse(output.output).error).toBeUndefined();
  });

  it('returns errors as tool content: bad input naming the field, broken JSON, unknown tool', async () => {
    const { executor } = await stack();
    const call = (name: string, args: string) =>
      executeOpenAIToolCall(executor, { id: 'c', function: { name, arguments: args } });
    const invalid = JSON.parse(
      (await call('video_get', strictArguments('video_get', { video_id: null }))).content,
    );
    expect(invalid.error).toMatchObject({ code: 'invalid_input', field: 'video_id' });
    const broken = JSON.parse((await call('video_get', '{"video_id": ')).content);
    expect(broken.error).toMatchObject({ code: 'invalid_input', field: '(root)' });
    const unknown = JSON.parse((await call('no_such_tool', '{}')).content);
    expect(unknown.error.code).toBe('unknown_tool');
  });
});

describe('OpenAI adapter in another schema dialect', () => {
  it('emits Gemini parameters (not strict) and maps a Gemini-shaped call back', async () => {
    const { executor, requests, library } = await stack();
    const tools = toOpenAITools([getTool('video_create')], { dialect: 'gemini' });
    expect(tools[0]!.function.strict).toBe(false);
    expect(dialectViolations('gemini', tools[0]!.function.parameters)).toEqual([]);
    const message = await executeOpenAIToolCall(
      executor,
      {
        id: 'call_1',
        function: {
          name: 'video_create',
          arguments: JSON.stringify({
            type: 'avatar',
            avatar_id: library.avatarId,
            voice_id: library.voiceId,
            script: 'Hello from a Gemini model.',
          }),
        },
      },
      { dialect: 'gemini' },
    );
    expect(JSON.parse(message.content)).toHaveProperty('video_id');
    expect(requests.at(-1)!.input).toMatchObject({ type: 'avatar', avatar_id: library.avatarId });
  });
});
