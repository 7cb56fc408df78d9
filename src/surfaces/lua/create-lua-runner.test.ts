import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalExecutor } from '../../gateway/local-executor.ts';
import type { ExecuteRequest, Executor } from '../../gateway/types.ts';
import { createHeyGenClient } from '../../heygen/index.ts';
import { startEmulator, type StartedEmulator } from '../../test/index.ts';
import { createLuaRunner, type LuaRunner } from './create-lua-runner.ts';

/**
 * The runner against the real executor over the emulator. The client sleeps on the emulator's clock, so job
 * waits finish at once in test time. `requests` records what reached the executor (a pass-through, not a
 * mock: the real executor and emulator answer every call).
 */
let started: StartedEmulator;
let runner: LuaRunner;
const requests: ExecuteRequest[] = [];

beforeAll(async () => {
  started = await startEmulator();
  const client = createHeyGenClient({
    ...started.clientOptions,
    clock: started.emulator.clock,
    sleep: async (ms) => started.advance(ms),
  });
  const executor = createLocalExecutor({ client });
  const recording: Executor = {
    execute(request) {
      requests.push(request);
      return executor.execute(request);
    },
    visibleTools: (caller) => executor.visibleTools(caller),
  };
  runner = createLuaRunner({ executor: recording });
});

afterAll(async () => {
  await started.close();
});

function lastRequest(): ExecuteRequest {
  return requests[requests.length - 1]!;
}

describe('integration calls', () => {
  it('runs a multi-step script: list avatars and voices, create a video, wait, return its URL', async () => {
    const result = await runner.run(`
      local heygen = app.integrations.heygen
      local avatars = heygen.list_avatars({})
      local voices = heygen.list_voices({})
      local created = heygen.create_video({
        video_inputs = {
          { character = { avatar_id = avatars.data.avatars[1].avatar_id, voice_id = voices.data.voices[1].voice_id },
            script = "Hello from a Lua script" },
        },
      })
      print("created " .. created.data.video_id)
      local video = heygen.wait_for_video(created.data.video_id)
      return { id = created.data.video_id, status = video.status, url = video.video_url }
    `);
    expect(result.error).toBeUndefined();
    expect(result.ok).toBe(true);
    const value = result.value as { id: string; status: string; url: string };
    expect(value.status).toBe('completed');
    expect(value.url).toMatch(/^http:\/\/emulator\.local\/.+\.mp4/);
    expect(result.output).toBe(`created ${value.id}\n`);
    expect(result.calls.map((call) => [call.tool, call.ok])).toEqual([
      ['list_avatars', true],
      ['list_voices', true],
      ['create_video', true],
      ['video_wait', true],
    ]);
    expect(requests.slice(-4).every((request) => request.surface === 'lua')).toBe(true);
    expect(result.peakMemoryBytes).toBeGreaterThan(0);
  });

  it('converts results to Lua tables: ipairs over arrays, integers, nil for absent and null fields', async () => {
    const result = await runner.run(`
      local r = app.integrations.heygen.get_current_user({})
      local avatars = app.integrations.heygen.avatar_list({ limit = 2 })
      local n = 0
      for _, group in ipairs(avatars.data) do n = n + 1 end
      return {
        quota_type = math.type(r.data.remaining_quota),
        quota_text = tostring(r.data.remaining_quota),
        groups = n,
        length = #avatars.data,
        missing = r.data.no_such_field == nil,
      }
    `);
    expect(result.error).toBeUndefined();
    expect(result.value).toMatchObject({
      quota_type: 'integer',
      quota_text: expect.stringMatching(/^\d+$/),
      missing: true,
    });
    const value = result.value as { groups: number; length: number };
    expect(value.groups).toBe(value.length);
    expect(value.groups).toBeGreaterThan(0);
  });

  it('raises tool errors as tables carrying code, message and retryable, catchable with pcall', async () => {
    const result = await runner.run(`
      local ok, err = pcall(app.integrations.heygen.get_video, { video_id = "does-not-exist" })
      return { ok = ok, code = err.code, message = err.message, retryable = err.retryable, tool = err.tool,
               text = tostring(err), kind = type(err) }
    `);
    expect(result.error).toBeUndefined();
    const value = result.value as Record<string, unknown>;
    expect(value).toMatchObject({
      ok: false,
      code: 'not_found',
      retryable: false,
      tool: 'get_video',
      kind: 'table',
    });
    expect(String(value.text)).toMatch(/^script:2: get_video: .*\[not_found\]$/);
    expect(result.calls).toEqual([
      expect.objectContaining({ tool: 'get_video', ok: false, code: 'not_found' }),
    ]);
  });

  it('ends the script on an uncaught tool error with its code, the line and the output so far', async () => {
    const result = await runner.run(
      `print("before")\napp.integrations.heygen.get_video({ video_id = "nope" })\nprint("after")`,
    );
    expect(result.ok).toBe(false);
    expect(result.error).toMatchObject({ code: 'not_found', tool: 'get_video', retryable: false });
    expect(result.error!.message).toMatch(/^script:2: get_video: /);
    expect(result.output).toBe('before\n');
  });

  it('rejects bad arguments before anything reaches HeyGen, naming the field', async () => {
    const calls = requests.length;
    const result = await runner.run(`
      local ok, err = pcall(app.integrations.heygen.video_get, { video_id = function() end })
      local ok2, err2 = pcall(app.integrations.heygen.video_get, "abc")
      local ok3, err3 = pcall(app.integrations.heygen.list_videos, { limit = 1000 })
      return { err.code, err.field, err2.code, err3.code, err3.field }
    `);
    expect(result.value).toEqual([
      'invalid_input',
      'arguments.video_id',
      'invalid_input',
      'invalid_input',
      'limit',
    ]);
    // Only the third call reached the executor (which validates with the catalog schema).
    expect(requests.length - calls).toBe(1);
  });

  it('passes persona, account, prompt and user to execute(); named accounts and default', async () => {
    const result = await runner.run(
      `
      local heygen = app.integrations.heygen
      heygen.list_avatars({})
      heygen.default.list_avatars({})
      heygen.work.list_avatars({})
      heygen.account("work-eu").list_avatars({})
      return true
    `,
      { personaToken: 'persona-token-1', prompt: 'make a demo', user: 'user-7', account: 'main' },
    );
    expect(result.error).toBeUndefined();
    const recent = requests.slice(-4);
    expect(recent.map((request) => request.account)).toEqual(['main', 'default', 'work', 'work-eu']);
    for (const request of recent) {
      expect(request).toMatchObject({
        tool: 'list_avatars',
        surface: 'lua',
        personaToken: 'persona-token-1',
        prompt: 'make a demo',
        user: 'user-7',
      });
    }
  });

  it('resolves names: a tool name wins over an account name; typos get a suggestion', async () => {
    const typo = await runner.run('return app.integrations.heygen.list_vidoes({})');
    expect(typo.ok).toBe(false);
    expect(typo.error!.message).toContain('app.integrations.heygen.list_vidoes is not a function');
    expect(typo.error!.message).toContain('list_videos');
    const inAccount = await runner.run('return app.integrations.heygen.work.no_such_tool({})');
    expect(inAccount.error!.message).toContain(
      'app.integrations.heygen.work.no_such_tool: no tool is called "no_such_tool"',
    );
    const readOnly = await runner.run('app.integrations.heygen.list_videos = 1');
    expect(readOnly.error!.message).toContain('read-only');
  });

  it('waits for jobs with wait(kind, id), wait_for_<kind>, and the { wait = true } option', async () => {
    const result = await runner.run(`
      local heygen = app.integrations.heygen
      local avatar = heygen.list_avatars({}).data.avatars[1].avatar_id
      local voice = heygen.list_voices({}).data.voices[1].voice_id
      local function create()
        return heygen.video_create({ type = "avatar", avatar_id = avatar, voice_id = voice, script = "Hi" })
      end
      local a = heygen.wait("video", create().video_id, { timeout_seconds = 600 })
      local b = heygen.wait("video_create", create().video_id)
      local c = heygen.video_create({ type = "avatar", avatar_id = avatar, voice_id = voice, script = "Hi" }, { wait = true })
      local ok, err = pcall(heygen.wait, "no_such_job", "x")
      return { a.status, b.status, c.status, err.code }
    `);
    expect(result.error).toBeUndefined();
    expect(result.value).toEqual(['completed', 'completed', 'completed', 'unknown_tool']);
    const waits = result.calls.filter((call) => call.tool === 'video_wait');
    expect(waits).toHaveLength(2);
    expect(
      requests.find(
        (request) =>
          request.tool === 'video_wait' && (request.input as Record<string, unknown>).timeout_seconds === 600,
      ),
    ).toBeDefined();
    expect(requests.some((request) => request.tool === 'video_create' && request.wait === true)).toBe(true);
  });

  it('makes calls from coroutines, pcall and metamethods', async () => {
    const result = await runner.run(`
      local heygen = app.integrations.heygen
      local gen = coroutine.wrap(function()
        for _, name in ipairs({ "list_avatars", "list_voices" }) do
          coroutine.yield(heygen[name]({}).data ~= nil)
        end
        return "end"
      end)
      local lazy = setmetatable({}, { __index = function(_, key) return heygen.get_current_user({}).data[key] end })
      local ok, user = pcall(heygen.get_current_user, {})
      local nested = coroutine.wrap(function()
        return coroutine.wrap(function() return heygen.get_current_user({}).data.plan end)()
      end)
      return { gen(), gen(), gen(), lazy.plan, ok and user.data.plan, nested() }
    `);
    expect(result.error).toBeUndefined();
    expect(result.value).toEqual([true, true, 'end', 'wallet', 'wallet', 'wallet']);
  });

  it('turns an empty table into an empty array where the tool schema wants an array', async () => {
    const result = await runner.run(`
      local ok, err = pcall(app.integrations.heygen.create_video, { video_inputs = {} })
      return err.field
    `);
    // The empty table was sent as [] and failed on the array's minimum length, not on its type.
    expect(result.value).toBe('video_inputs');
    const request = lastRequest();
    expect((request.input as { video_inputs: unknown }).video_inputs).toEqual([]);
  });
});

describe('values, json and print', () => {
  it('returns JSON: several values become an array, none is null; empty arrays stay arrays', async () => {
    expect((await runner.run('return 1, "two", { 3 }')).value).toEqual([1, 'two', [3]]);
    expect((await runner.run('local x = 1')).value).toBeNull();
    expect((await runner.run('return json.decode("[]"), {}, json.array({})')).value).toEqual([[], {}, []]);
    expect((await runner.run('return { [1] = "a", [2] = "b", [4] = "d" }')).value).toEqual([
      'a',
      'b',
      null,
      'd',
    ]);
    expect((await runner.run('return { [1] = "a", x = 1 }')).value).toEqual({ 1: 'a', x: 1 });
    expect((await runner.run('return 2^53, 0.5, -3')).value).toEqual([2 ** 53, 0.5, -3]);
  });

  it('refuses return values that are not JSON, naming where they are', async () => {
    const fn = await runner.run('return { ok = true, callback = function() end }');
    expect(fn.error).toMatchObject({ code: 'lua_invalid_return' });
    expect(fn.error!.message).toContain('return value.callback: a function cannot be converted to JSON');
    const cycle = await runner.run('local t = {} t.self = t return t');
    expect(cycle.error!.message).toContain('cycle');
    const nan = await runner.run('return 0/0');
    expect(nan.error!.message).toContain('not a finite number');
  });

  it('encodes and decodes JSON, with json.null and sorted keys', async () => {
    const result = await runner.run(`
      local decoded = json.decode('{"b":[1,null,{"c":true}],"a":null,"s":"\\\\u00e9"}')
      return {
        text = json.encode({ z = 1, a = { json.null, 2 }, e = json.array() }),
        b2 = decoded.b[2] == nil, c = decoded.b[3].c, a = decoded.a == nil, s = decoded.s,
        pretty = json.encode({ x = 1 }, true),
        bad = select(2, pcall(function() local v = json.decode("{oops") return v end)),
        unencodable = select(2, pcall(json.encode, { f = print })),
      }
    `);
    expect(result.error).toBeUndefined();
    const value = result.value as Record<string, string>;
    expect(value.text).toBe('{"a":[null,2],"e":[],"z":1}');
    expect(value).toMatchObject({ b2: true, c: true, a: true, s: 'é', pretty: '{\n  "x": 1\n}' });
    expect(value.bad).toMatch(/^script:\d+: json\.decode: /);
    expect(value.unencodable).toContain('json.encode: value.f: a function cannot be converted to JSON');
  });

  it('captures print output and streams each line as it is printed', async () => {
    const lines: string[] = [];
    const result = await runner.run(
      'print("a", 1, nil, true)\nprint({ 1, 2 })\nprint(json.decode(\'{"k":"v"}\'))',
      {
        onPrint: (text) => lines.push(text),
      },
    );
    expect(lines).toEqual(['a\t1\tnil\ttrue\n', expect.stringMatching(/^table: /), '{"k":"v"}\n']);
    expect(result.output).toBe(lines.join(''));
  });

  it('truncates output beyond the output limit', async () => {
    const result = await runner.run('for i = 1, 1000 do print(string.rep("x", 99)) end return "done"', {
      limits: { outputBytes: 1000 },
    });
    expect(result.ok).toBe(true);
    expect(result.output).toBe(`${'x'.repeat(99)}\n`.repeat(10) + '[output truncated at 1000 bytes]\n');
  });

  it('reads the docs from Lua', async () => {
    const result = await runner.run(`
      local namespace = lua_read_doc("integrations.heygen")
      local one = lua_read_doc("integrations.heygen.create_video")
      local found = lua_search_docs("translate a video", 3)
      local ok, err = pcall(lua_read_doc, "integrations.heygen.nope")
      return { namespace:find("list_videos", 1, true) ~= nil, one:find("video_inputs", 1, true) ~= nil,
               #lua_list_docs(), found[1].path, ok, err }
    `);
    expect(result.error).toBeUndefined();
    const value = result.value as unknown[];
    expect(value.slice(0, 3)).toEqual([true, true, 2]);
    expect(String(value[3])).toMatch(/^integrations\.heygen\..*translat/);
    expect(value[4]).toBe(false);
    expect(String(value[5])).toContain('No Lua doc at "integrations.heygen.nope"');
  });

  it('reports syntax errors with the line', async () => {
    const result = await runner.run('local x = 1\nx = = 2');
    expect(result.error).toMatchObject({ code: 'lua_syntax_error' });
    expect(result.error!.message).toBe("script:2: unexpected symbol near '='");
  });

  it('keeps code and message of error tables the script raises', async () => {
    const result = await runner.run(
      'error({ code = "my_code", message = "custom failure", retryable = true })',
    );
    expect(result.error).toEqual({ code: 'my_code', message: 'custom failure', retryable: true });
    const plain = await runner.run('error("plain")');
    expect(plain.error).toEqual({ code: 'lua_error', message: 'script:1: plain', retryable: false });
  });
});

describe('cancellation and limits on calls', () => {
  it('stops a script waiting on a call when the caller aborts', async () => {
    const controller = new AbortController();
    const slow: Executor = {
      execute: (request) =>
        new Promise((resolve) => {
          request.signal?.addEventListener('abort', () =>
            resolve({
              ok: false,
              tool: request.tool,
              durationMs: 0,
              error: { code: 'aborted', message: 'aborted', retryable: false },
            }),
          );
        }),
      visibleTools: async () => [],
    };
    const slowRunner = createLuaRunner({ executor: slow });
    const pending = slowRunner.run('app.integrations.heygen.list_videos({}) return "never"', {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 20);
    const result = await pending;
    expect(result.error).toMatchObject({ code: 'lua_cancelled' });
  });

  it('stops a script whose call outlives the wall-time limit', async () => {
    const hanging: Executor = { execute: () => new Promise(() => {}), visibleTools: async () => [] };
    const result = await createLuaRunner({ executor: hanging, limits: { timeoutMs: 50 } }).run(
      'app.integrations.heygen.list_videos({})',
    );
    expect(result.error).toMatchObject({ code: 'lua_timeout' });
  });

  it('caps the number of integration calls', async () => {
    const result = await runner.run(
      `
      local ok, err = pcall(function() for i = 1, 10 do app.integrations.heygen.get_current_user({}) end end)
      return err.code
    `,
      { limits: { calls: 3 } },
    );
    expect(result.value).toBe('lua_call_limit');
    expect(result.calls).toHaveLength(3);
  });

  it('turns gateway errors thrown by the executor into catchable errors', async () => {
    const refusing: Executor = {
      async execute() {
        const { HeyGateError } = await import('../../catalog/errors.ts');
        throw new HeyGateError('Persona may not call this tool.', { code: 'scope_denied' });
      },
      visibleTools: async () => [],
    };
    const result = await createLuaRunner({ executor: refusing }).run(
      'local ok, err = pcall(app.integrations.heygen.video_delete, { video_id = "v" }) return { err.code, err.message }',
    );
    expect(result.value).toEqual(['scope_denied', 'Persona may not call this tool.']);
    expect(result.calls).toEqual([
      expect.objectContaining({ tool: 'video_delete', ok: false, code: 'scope_denied' }),
    ]);
  });
});
