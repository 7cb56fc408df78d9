import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ErrorCode, McpError, type CallToolResult, type Progress } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { catalog } from '../../catalog/index.ts';
import { HeyGateError } from '../../catalog/errors.ts';
import { createLocalExecutor } from '../../gateway/local-executor.ts';
import type { ExecuteRequest, Executor } from '../../gateway/types.ts';
import { createHeyGenClient } from '../../heygen/index.ts';
import { startEmulator } from '../../test/index.ts';
import { dialectViolations } from '../internal/dialect-violations.ts';
import type { JsonSchema } from '../internal/json-schema.ts';
import { createLuaMcpTools } from '../lua/index.ts';
import { createMcpServer, type McpServerOptions } from './mcp-server.ts';

/** Closes what a test opened. */
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * The real stack without sockets: emulator (in-process fetch, manual clock) → HeyGen client → bare executor.
 * Job waits sleep on the emulator's clock, so a render "takes" its minutes instantly — unless `holdSleeps`
 * is set, in which case every poll interval stays pending until the call is cancelled.
 */
async function stack(options: { holdSleeps?: boolean } = {}) {
  const started = await startEmulator();
  cleanups.push(() => started.close());
  const client = createHeyGenClient({
    ...started.clientOptions,
    clock: started.emulator.clock,
    sleep: async (ms, signal) => {
      if (!options.holdSleeps) return started.advance(ms);
      await new Promise<void>((_resolve, reject) => {
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    },
  });
  const executor = createLocalExecutor({ client });
  const library = started.emulator.inspect.library();
  const polls = () => started.emulator.inspect.requests({ tool: 'video_get' }).length;
  return { emulator: started.emulator, executor, library, polls };
}

async function connect(options: McpServerOptions) {
  const mcp = await createMcpServer(options);
  const client = new Client({ name: 'test-client', version: '0.0.0' });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await Promise.all([mcp.connect(serverTransport), client.connect(clientTransport)]);
  cleanups.push(async () => client.close());
  return { mcp, client };
}

function structured(result: unknown): Record<string, any> {
  return (result as CallToolResult).structuredContent as Record<string, any>;
}

describe('MCP server, full mode', () => {
  it('lists every catalog tool with annotations, an object input schema and an output schema', async () => {
    const { executor } = await stack();
    const { client } = await connect({ executor, mode: 'full' });
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(catalog.map((tool) => tool.name).sort());
    for (const tool of tools) {
      const definition = catalog.find((candidate) => candidate.name === tool.name)!;
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.outputSchema?.type).toBe('object');
      expect(tool.title).toBe(definition.title);
      expect(tool.annotations).toEqual({
        title: definition.title,
        readOnlyHint: definition.access === 'read',
        destructiveHint: definition.access === 'destructive',
        idempotentHint: definition.idempotent,
        openWorldHint: true,
      });
      const startsJob = definition.job !== undefined && definition.implementation.kind !== 'wait';
      expect(Object.keys(tool.inputSchema.properties ?? {}).includes('wait')).toBe(startsJob);
    }
  });

  it('narrows the list by area and access ceiling', async () => {
    const { executor } = await stack();
    const { client } = await connect({ executor, mode: 'full', areas: ['videos'], access: 'read' });
    const { tools } = await client.listTools();
    const expected = catalog
      .filter((tool) => tool.area === 'videos' && tool.access === 'read')
      .map((tool) => tool.name);
    expect(tools.map((tool) => tool.name).sort()).toEqual(expected.sort());
    expect(tools.length).toBeGreaterThan(0);
    await expect(
      client.callTool({ name: 'video_delete', arguments: { video_id: 'v1' } }),
    ).rejects.toMatchObject({
      code: ErrorCode.InvalidParams,
    });
  });

  it('calls a read tool against the emulator and returns structured content plus the same JSON as text', async () => {
    const { executor } = await stack();
    const { client } = await connect({ executor, mode: 'full' });
    const result = (await client.callTool({ name: 'user_me_get', arguments: {} })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toBeTypeOf('object');
    expect(JSON.parse((result.content[0] as { text: string }).text)).toEqual(result.structuredContent);
    // The routing decision travels beside the result.
    expect(result._meta?.['heygate/routing']).toEqual({ account: 'default' });
  });

  it('creates a video with wait: true, reports progress notifications and returns the finished video', async () => {
    const { executor, library } = await stack();
    const { client } = await connect({ executor, mode: 'full' });
    const { avatarId, voiceId } = library;
    const progress: Progress[] = [];
    const result = (await client.callTool(
      {
        name: 'video_create',
        arguments: {
          type: 'avatar',
          avatar_id: avatarId,
          voice_id: voiceId,
          script: 'Hello from heygate.',
          wait: true,
        },
      },
      undefined,
      { onprogress: (notification) => progress.push(notification) },
    )) as CallToolResult;
    expect(result.isError, JSON.stringify(result.structuredContent)).toBeFalsy();
    const video = structured(result);
    expect(video.status).toBe('completed');
    expect(typeof video.video_url).toBe('string');
    expect(progress.length).toBeGreaterThan(0);
    for (let index = 1; index < progress.length; index += 1) {
      expect(progress[index]!.progress).toBeGreaterThan(progress[index - 1]!.progress);
    }
    // Each message names HeyGen's state and the time elapsed, as the CLI and tasks word them.
    for (const notification of progress)
      expect(notification.message).toMatch(/^video \S.* · \d+(m \d\ds|s) elapsed$/);
  });

  it('without wait returns the job id at once; video_wait then finishes it', async () => {
    const { executor, library } = await stack();
    const { client } = await connect({ executor, mode: 'full' });
    const { avatarId, voiceId } = library;
    const created = structured(
      await client.callTool({
        name: 'video_create',
        arguments: { type: 'avatar', avatar_id: avatarId, voice_id: voiceId, script: 'Hi.' },
      }),
    );
    expect(typeof created.video_id).toBe('string');
    expect(created.status).not.toBe('completed');
    const done = structured(
      await client.callTool({ name: 'video_wait', arguments: { video_id: created.video_id } }),
    );
    expect(done.status).toBe('completed');
  });

  it('stops polling when the client cancels a wait', async () => {
    const { executor, polls, library } = await stack({ holdSleeps: true });
    const settled: { aborted: boolean | undefined }[] = [];
    const observed: Executor = {
      visibleTools: (caller) => executor.visibleTools(caller),
      async execute(request: ExecuteRequest) {
        try {
          return await executor.execute(request);
        } finally {
          settled.push({ aborted: request.signal?.aborted });
        }
      },
    };
    const { client } = await connect({ executor: observed, mode: 'full' });
    const { avatarId, voiceId } = library;
    const created = structured(
      await client.callTool({
        name: 'video_create',
        arguments: { type: 'avatar', avatar_id: avatarId, voice_id: voiceId, script: 'Long one.' },
      }),
    );
    settled.length = 0;
    const controller = new AbortController();
    let firstProgress!: () => void;
    const progressed = new Promise<void>((resolve) => (firstProgress = resolve));
    const call = client.callTool(
      { name: 'video_wait', arguments: { video_id: created.video_id } },
      undefined,
      {
        signal: controller.signal,
        onprogress: () => firstProgress(),
      },
    );
    await progressed;
    const pollsBeforeCancel = polls();
    controller.abort(new Error('user cancelled'));
    await expect(call).rejects.toThrow();
    await expect.poll(() => settled.length).toBe(1);
    expect(settled[0]!.aborted).toBe(true);
    expect(polls()).toBe(pollsBeforeCancel);
  });

  it('answers bad input with an isError result naming the field', async () => {
    const { executor } = await stack();
    const { client } = await connect({ executor, mode: 'full' });
    const result = (await client.callTool({ name: 'video_get', arguments: {} })) as CallToolResult;
    expect(result.isError).toBe(true);
    const { error } = structured(result);
    expect(error).toMatchObject({ code: 'invalid_input', field: 'video_id', retryable: false });
    expect(error.message).toContain('video_id');
    expect(typeof error.hint).toBe('string');
  });

  it('answers a HeyGen refusal with an isError result the agent can act on', async () => {
    const { executor } = await stack();
    const { client } = await connect({ executor, mode: 'full' });
    const result = (await client.callTool({
      name: 'video_get',
      arguments: { video_id: 'no_such_video' },
    })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(structured(result).error).toMatchObject({ retryable: false, status: 404 });
  });

  it('rejects a wait flag that is not a boolean, naming it', async () => {
    const { executor } = await stack();
    const { client } = await connect({ executor, mode: 'full' });
    const result = (await client.callTool({
      name: 'video_create',
      arguments: { type: 'avatar', wait: 'yes' },
    })) as CallToolResult;
    expect(structured(result).error).toMatchObject({ code: 'invalid_input', field: 'wait' });
  });

  it('answers an unknown tool with a protocol error', async () => {
    const { executor } = await stack();
    const { client } = await connect({ executor, mode: 'full' });
    const failure = await client
      .callTool({ name: 'no_such_tool', arguments: {} })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(McpError);
    expect((failure as McpError).code).toBe(ErrorCode.InvalidParams);
    const typo = (await client
      .callTool({ name: 'video_creat', arguments: {} })
      .catch((error: unknown) => error)) as McpError;
    expect(typo.message).toContain('video_create');
    expect(typo.data).toMatchObject({ code: 'unknown_tool' });
  });

  it('maps a gateway refusal (thrown by the executor) to a protocol error carrying its code', async () => {
    const { executor } = await stack();
    const refusing: Executor = {
      visibleTools: (caller) => executor.visibleTools(caller),
      execute: async () => {
        throw new HeyGateError('Persona "intern" may not use video_delete.', {
          code: 'scope_denied',
          hint: 'Ask an operator.',
        });
      },
    };
    const { client } = await connect({ executor: refusing, mode: 'full' });
    const failure = (await client
      .callTool({ name: 'video_delete', arguments: { video_id: 'v' } })
      .catch((error) => error)) as McpError;
    expect(failure).toBeInstanceOf(McpError);
    expect(failure.code).toBe(ErrorCode.InvalidRequest);
    expect(failure.data).toEqual({ code: 'scope_denied', hint: 'Ask an operator.' });
  });

  it('passes the persona token and the prompt from _meta to the executor', async () => {
    const { executor } = await stack();
    const requests: ExecuteRequest[] = [];
    const recording: Executor = {
      visibleTools: (caller) => executor.visibleTools(caller),
      execute: (request) => {
        requests.push(request);
        return executor.execute(request);
      },
    };
    const { client } = await connect({ executor: recording, mode: 'full', personaToken: 'hg_persona_token' });
    await client.callTool({
      name: 'user_me_get',
      arguments: {},
      _meta: { 'heygate/prompt': 'check credits' },
    });
    expect(requests[0]).toMatchObject({
      tool: 'user_me_get',
      surface: 'mcp',
      personaToken: 'hg_persona_token',
      prompt: 'check credits',
    });
  });
});

describe('MCP server, compact mode', () => {
  it('lists exactly the three meta-tools', async () => {
    const { executor } = await stack();
    const { client } = await connect({ executor, mode: 'compact' });
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(['search_tools', 'describe_tool', 'call_tool']);
    expect(tools.find((tool) => tool.name === 'search_tools')!.annotations?.readOnlyHint).toBe(true);
  });

  it('finds, describes and calls a tool by intent', async () => {
    const { executor } = await stack();
    const { client } = await connect({ executor, mode: 'compact' });
    const found = structured(
      await client.callTool({ name: 'search_tools', arguments: { query: 'create an avatar video' } }),
    );
    expect(found.tools.map((tool: { name: string }) => tool.name)).toContain('video_create');

    const described = structured(
      await client.callTool({ name: 'describe_tool', arguments: { name: 'video_create' } }),
    );
    expect(described.input_schema.type).toBe('object');
    expect(described.input_schema.properties.wait.type).toBe('boolean');
    expect(described.wait_tool).toBe('video_wait');

    const called = (await client.callTool({
      name: 'call_tool',
      arguments: { name: 'user_me_get', arguments: {}, reason: 'check the plan' },
    })) as CallToolResult;
    expect(called.isError).toBeFalsy();
    expect(called.structuredContent).toBeTypeOf('object');
  });

  it('keeps search within the operator filter', async () => {
    const { executor } = await stack();
    const { client } = await connect({ executor, mode: 'compact', access: 'read' });
    const found = structured(
      await client.callTool({ name: 'search_tools', arguments: { query: 'delete a video', limit: 25 } }),
    );
    expect(found.tools.length).toBeGreaterThan(0);
    expect(found.tools.every((tool: { access: string }) => tool.access === 'read')).toBe(true);
    const denied = structured(
      await client.callTool({
        name: 'call_tool',
        arguments: { name: 'video_delete', arguments: { video_id: 'x' } },
      }),
    );
    expect(denied.error).toMatchObject({ code: 'unknown_tool', field: 'name' });
  });

  it('gives a misspelt name back as a tool error with suggestions', async () => {
    const { executor } = await stack();
    const { client } = await connect({ executor, mode: 'compact' });
    const result = (await client.callTool({
      name: 'describe_tool',
      arguments: { name: 'video_creat' },
    })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(structured(result).error.hint).toContain('video_create');
  });

  it('names the bad field of the called tool', async () => {
    const { executor } = await stack();
    const { client } = await connect({ executor, mode: 'compact' });
    const result = (await client.callTool({
      name: 'call_tool',
      arguments: { name: 'video_get', arguments: { video_id: 7 } },
    })) as CallToolResult;
    expect(structured(result).error).toMatchObject({ code: 'invalid_input', field: 'video_id' });
  });
});

describe('MCP server, mode selection and extra tools', () => {
  it('auto serves compact for the whole catalog and full for one small area', async () => {
    const { executor } = await stack();
    expect((await createMcpServer({ executor })).mode).toBe('compact');
    expect((await createMcpServer({ executor, areas: ['users'] })).mode).toBe('full');
  });

  it('code mode serves only the extra tools and maps their failures to tool errors', async () => {
    const { executor } = await stack();
    const seen: (string | undefined)[] = [];
    const { client } = await connect({
      executor,
      mode: 'code',
      personaToken: 'persona-1',
      extraTools: [
        {
          name: 'execute_lua',
          description: 'Run a Lua script.',
          inputSchema: { type: 'object', properties: { code: { type: 'string' } }, required: ['code'] },
          outputSchema: { type: 'object', properties: { result: {} }, required: ['result'] },
          handler: async (args, context) => {
            seen.push(context.personaToken);
            if (args.code === 'error()')
              throw new HeyGateError('script failed at line 1', { code: 'lua_error' });
            return { result: 42 };
          },
        },
      ],
    });
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(['execute_lua']);
    expect(
      structured(await client.callTool({ name: 'execute_lua', arguments: { code: 'return 42' } })),
    ).toEqual({ result: 42 });
    const failed = (await client.callTool({
      name: 'execute_lua',
      arguments: { code: 'error()' },
    })) as CallToolResult;
    expect(failed.isError).toBe(true);
    expect(structured(failed).error).toMatchObject({ code: 'lua_error', message: 'script failed at line 1' });
    expect(seen).toEqual(['persona-1', 'persona-1']);
  });

  it('code mode with the real Lua tools runs a script whose calls go through the executor', async () => {
    const { executor } = await stack();
    const requests: ExecuteRequest[] = [];
    const recording: Executor = {
      visibleTools: (caller) => executor.visibleTools(caller),
      execute: (request) => {
        requests.push(request);
        return executor.execute(request);
      },
    };
    const { client } = await connect({
      executor: recording,
      mode: 'code',
      extraTools: createLuaMcpTools({ executor: recording }),
    });
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual([
      'execute_lua',
      'lua_list_docs',
      'lua_read_doc',
      'lua_search_docs',
    ]);
    const result = (await client.callTool({
      name: 'execute_lua',
      arguments: { code: 'local me = app.integrations.heygen.user_me_get({})\nreturn type(me)' },
    })) as CallToolResult;
    expect(result.isError, JSON.stringify(result.structuredContent)).toBeFalsy();
    expect(structured(result)).toMatchObject({ ok: true, value: 'table' });
    expect(requests.map((request) => [request.tool, request.surface])).toEqual([['user_me_get', 'lua']]);
  });

  it('refuses code mode without extra tools and extra tools that shadow catalog tools', async () => {
    const { executor } = await stack();
    await expect(createMcpServer({ executor, mode: 'code' })).rejects.toThrow(/extraTools/);
    const shadow = {
      name: 'video_get',
      description: 'x',
      inputSchema: { type: 'object' as const },
      handler: async () => ({}),
    };
    await expect(createMcpServer({ executor, mode: 'full', extraTools: [shadow] })).rejects.toThrow(
      /collides/,
    );
  });
});

describe('MCP server, schema dialects', () => {
  it('publishes Gemini schemas in full mode and maps a Gemini-shaped call back', async () => {
    const { executor, library } = await stack();
    const { client } = await connect({ executor, mode: 'full', dialect: 'gemini' });
    const { tools } = await client.listTools();
    const problems = tools.flatMap((tool) =>
      dialectViolations('gemini', tool.inputSchema as JsonSchema, tool.name).map(
        (problem) => `${tool.name} ${problem}`,
      ),
    );
    expect(problems).toEqual([]);
    const videoCreate = tools.find((tool) => tool.name === 'video_create')!;
    const avatarId = (videoCreate.inputSchema.properties as Record<string, JsonSchema>).avatar_id!;
    expect(avatarId.type).toBe('string');

    // avatar_id is string|string[]: Gemini sees a string (a list would arrive JSON-encoded, parsed back);
    // a plain id stays a plain id.
    const result = (await client.callTool({
      name: 'video_create',
      arguments: {
        type: 'avatar',
        avatar_id: library.avatarId,
        voice_id: library.voiceId,
        script: 'Hello from Gemini.',
        wait: true,
      },
    })) as CallToolResult;
    expect(result.isError, JSON.stringify(result.structuredContent)).toBeFalsy();
    expect(structured(result).status).toBe('completed');
  });

  it('maps OpenAI strict nulls back, and compact call_tool arguments sent as JSON text', async () => {
    const { executor, library } = await stack();
    const strict = await connect({ executor, mode: 'full', dialect: 'openai-strict' });
    const result = (await strict.client.callTool({
      name: 'video_create',
      arguments: {
        type: 'avatar',
        avatar_id: library.avatarId,
        voice_id: library.voiceId,
        script: 'Hello from strict mode.',
        title: null,
        wait: null,
      },
    })) as CallToolResult;
    expect(result.isError, JSON.stringify(result.structuredContent)).toBeFalsy();
    expect(typeof structured(result).video_id).toBe('string');

    const compact = await connect({ executor, mode: 'compact', dialect: 'gemini' });
    const { tools } = await compact.client.listTools();
    const callTool = tools.find((tool) => tool.name === 'call_tool')!;
    expect((callTool.inputSchema.properties as Record<string, JsonSchema>).arguments!.type).toBe('string');
    const described = structured(
      await compact.client.callTool({ name: 'describe_tool', arguments: { name: 'video_create' } }),
    );
    expect(dialectViolations('gemini', described.input_schema)).toEqual([]);
    const called = (await compact.client.callTool({
      name: 'call_tool',
      arguments: { name: 'user_me_get', arguments: '{}' },
    })) as CallToolResult;
    expect(called.isError, JSON.stringify(called.structuredContent)).toBeFalsy();
  });
});
