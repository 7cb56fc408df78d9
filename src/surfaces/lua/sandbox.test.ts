import { describe, expect, it } from 'vitest';
import type { Executor } from '../../gateway/types.ts';
import { createLuaRunner } from './create-lua-runner.ts';

/**
 * Escape attempts and resource limits. No integration call is made here, so the executor only answers
 * "unavailable"; every script runs in the real sandbox (WebAssembly Lua 5.4 with heygate's prelude).
 * Limits are lowered where the defaults would make a test slow; the mechanism is the same.
 */
const offline: Executor = {
  async execute(request) {
    return {
      ok: false,
      tool: request.tool,
      durationMs: 0,
      error: { code: 'unavailable', message: 'offline', retryable: false },
    };
  },
  visibleTools: async () => [],
};
const runner = createLuaRunner({ executor: offline, limits: { instructions: 20_000_000 } });

/** Runs a script and returns its value, failing the test with the script's error if it failed. */
async function value(script: string): Promise<unknown> {
  const result = await runner.run(script);
  if (!result.ok) throw new Error(`script failed: ${JSON.stringify(result.error)}`);
  return result.value;
}

/** Asserts that the runner is healthy: a fresh script computes correctly. */
async function expectHealthy(): Promise<void> {
  expect(await value('local s = 0 for i = 1, 1000 do s = s + i end return s, string.upper("ok")')).toEqual([
    500500,
    'OK',
  ]);
}

describe('sandbox: what a script can reach', () => {
  it('exposes only the safe globals', async () => {
    const globals = (await value(
      'local names = {} for k in pairs(_G) do names[#names + 1] = k end table.sort(names) return names',
    )) as string[];
    expect(globals).toEqual(
      [
        '_G',
        '_VERSION',
        'app',
        'assert',
        'collectgarbage',
        'coroutine',
        'error',
        'getmetatable',
        'ipairs',
        'json',
        'load',
        'lua_list_docs',
        'lua_read_doc',
        'lua_search_docs',
        'math',
        'next',
        'os',
        'pairs',
        'pcall',
        'print',
        'rawequal',
        'rawget',
        'rawlen',
        'rawset',
        'select',
        'setmetatable',
        'string',
        'table',
        'tonumber',
        'tostring',
        'type',
        'utf8',
        'warn',
        'xpcall',
      ].sort(),
    );
    expect(
      await value('local k = {} for name in pairs(os) do k[#k + 1] = name end table.sort(k) return k'),
    ).toEqual(['clock', 'date', 'difftime', 'time']);
    expect(
      await value('return string.dump == nil, type(os.time()), type(os.clock()), os.date("!%Y-%m-%d", 0)'),
    ).toEqual([true, 'number', 'number', '1970-01-01']);
  });

  it.each([
    ['io.open', 'return io.open("/etc/passwd")', "attempt to index a nil value (global 'io')"],
    ['os.execute', 'return os.execute("id")', "attempt to call a nil value (field 'execute')"],
    ['os.getenv', 'return os.getenv("HOME")', "attempt to call a nil value (field 'getenv')"],
    ['os.exit', 'os.exit(1)', "attempt to call a nil value (field 'exit')"],
    ['os.remove', 'os.remove("/tmp/x")', "attempt to call a nil value (field 'remove')"],
    ['require', 'return require("os")', "attempt to call a nil value (global 'require')"],
    [
      'package.loadlib',
      'return package.loadlib("libc.so.6", "system")',
      "attempt to index a nil value (global 'package')",
    ],
    ['debug.getregistry', 'return debug.getregistry()', "attempt to index a nil value (global 'debug')"],
    ['debug.sethook', 'debug.sethook()', "attempt to index a nil value (global 'debug')"],
    ['dofile', 'dofile("/etc/passwd")', "attempt to call a nil value (global 'dofile')"],
    ['loadfile', 'loadfile("/etc/passwd")', "attempt to call a nil value (global 'loadfile')"],
    ['string.dump', 'return string.dump(print)', "attempt to call a nil value (field 'dump')"],
    [
      'collectgarbage("stop")',
      'collectgarbage("stop")',
      'collectgarbage: only "count" is available in the sandbox',
    ],
  ])('blocks %s', async (_name, script, message) => {
    const result = await runner.run(script);
    expect(result.ok).toBe(false);
    expect(result.error!.message).toContain(message);
  });

  it('refuses binary chunks: in load (any mode, string or reader) and as the script itself', async () => {
    // A precompiled chunk starts with ESC "Lua"; the sandbox never has string.dump to make one, so craft it.
    const attempts = (await value(`
      local header = "\\27Lua\\84\\0\\25\\147\\13\\10\\26\\10\\4\\8\\8\\120\\86"
      local results = {}
      for _, mode in ipairs({ "b", "bt", "t" }) do
        local fn, err = load(header, "x", mode)
        results[#results + 1] = fn == nil and err or "LOADED"
      end
      local sent = false
      local fn, err = load(function() if sent then return nil end sent = true return header end)
      results[#results + 1] = fn == nil and err or "LOADED"
      return results
    `)) as string[];
    expect(attempts).toHaveLength(4);
    for (const attempt of attempts) expect(attempt).toContain("attempt to load a binary chunk (mode is 't')");
    const binaryScript = await runner.run('\x1bLua\x54\x00');
    expect(binaryScript.error).toMatchObject({ code: 'lua_syntax_error' });
    expect(binaryScript.error!.message).toContain('binary chunk');
  });

  it('runs text chunks from load in the sandboxed environment', async () => {
    expect(await value('return load("return io == nil and require == nil and app ~= nil")()')).toBe(true);
    expect(await value('return load("return print", "x", "t", {})()')).toBeNull();
  });

  it('keeps each run separate: globals and string metatable tricks do not leak into the next run', async () => {
    expect(
      await value(
        'leaked = 1 getmetatable("").__index = function() return function() return "pwned" end end return ("x"):upper()',
      ),
    ).toBe('pwned');
    expect(await value('return leaked == nil, ("x"):upper()')).toEqual([true, 'X']);
  });

  it('does not expose the host functions behind the namespace', async () => {
    expect(
      await value(`
      local found = {}
      for _, t in ipairs({ _G, app, app.integrations, json, string, table, coroutine }) do
        for k in pairs(t) do if type(k) == "string" and (k:find("host") or k:find("start_call") or k:find("native")) then found[#found + 1] = k end end
      end
      return { #found, getmetatable(app.integrations.heygen), pcall(setmetatable, app.integrations.heygen, {}) }
    `),
    ).toEqual([0, false, false, 'cannot change a protected metatable']);
  });

  it('makes collectgarbage("collect") abuse harmless', async () => {
    expect(
      await value(
        'for i = 1, 100000 do collectgarbage("collect") collectgarbage() end return type(collectgarbage("count"))',
      ),
    ).toBe('number');
  });
});

describe('limits: each ends that script with a clear error and leaves the runner healthy', () => {
  it('stops an infinite loop by the instruction budget', async () => {
    const result = await runner.run('while true do end');
    expect(result.error).toMatchObject({ code: 'lua_instruction_limit', retryable: false });
    expect(result.error!.message).toContain('20000000 Lua instructions');
    await expectHealthy();
  });

  it('stops an infinite loop that catches every error it gets', async () => {
    const result = await runner.run('while true do pcall(function() while true do end end) end');
    expect(result.error).toMatchObject({ code: 'lua_instruction_limit' });
    await expectHealthy();
  });

  it('stops a loop by wall time and by computation time', async () => {
    const wall = await runner.run('while true do end', { limits: { instructions: 1e12, timeoutMs: 100 } });
    expect(wall.error).toMatchObject({ code: 'lua_timeout' });
    const cpu = await runner.run('while true do end', { limits: { instructions: 1e12, cpuTimeMs: 100 } });
    expect(cpu.error).toMatchObject({ code: 'lua_cpu_limit' });
    await expectHealthy();
  });

  it('stops a memory bomb at the memory limit and reports the peak', async () => {
    const result = await runner.run(
      'local t = {} while true do t[#t + 1] = string.rep("x", 10000) .. #t end',
      { limits: { memoryBytes: 8 * 1024 * 1024 } },
    );
    expect(result.error).toMatchObject({ code: 'lua_memory_limit' });
    expect(result.peakMemoryBytes).toBeGreaterThan(7 * 1024 * 1024);
    expect(result.peakMemoryBytes).toBeLessThanOrEqual(8 * 1024 * 1024);
    const single = await runner.run('return string.rep("x", 1e9)');
    expect(single.error).toMatchObject({ code: 'lua_memory_limit' });
    await expectHealthy();
  });

  it('contains a memory bomb that catches its own memory errors', async () => {
    // Every failed allocation runs a full emergency collection (C work, few instructions): the CPU limit ends it.
    const result = await runner.run(
      'local t = {} while true do pcall(function() t[#t + 1] = string.rep("y", 100000) .. #t end) end',
      {
        limits: { memoryBytes: 4 * 1024 * 1024, cpuTimeMs: 300 },
      },
    );
    expect(result.ok).toBe(false);
    expect(['lua_instruction_limit', 'lua_memory_limit', 'lua_cpu_limit']).toContain(result.error!.code);
    expect(result.peakMemoryBytes).toBeLessThanOrEqual(4 * 1024 * 1024);
    await expectHealthy();
  });

  it('stops deep recursion', async () => {
    const lua = await runner.run('local function f(n) return f(n + 1) + 1 end return f(1)', {
      limits: { memoryBytes: 8 * 1024 * 1024 },
    });
    expect(lua.ok).toBe(false);
    expect(['lua_memory_limit', 'lua_error']).toContain(lua.error!.code);
    expect(lua.error!.message).toMatch(/stack overflow|not enough memory/);
    const metamethods = await runner.run(
      'local t = setmetatable({}, { __index = function(t, k) return t[k] end }) return t.x',
    );
    expect(metamethods.error!.message).toContain('C stack overflow');
    const protectedCalls = await runner.run('local function f() return pcall(f) end return select("#", f())');
    // The innermost pcall reports the nesting limit; the script itself survives it.
    expect(protectedCalls.value).toBe(101);
    expect(
      await value(
        'local function f() local ok, e = pcall(f) if ok then return e end return e end return f()',
      ),
    ).toContain('protected calls (pcall/xpcall) nested more than 100 levels deep');
    const errorObject = await runner.run(
      'error(setmetatable({}, { __tostring = function(t) return tostring(t) end }))',
    );
    expect(errorObject.error).toMatchObject({ code: 'lua_error' });
    await expectHealthy();
  });

  it('refuses __gc finalizers (they run with hooks off) and stops looping __close handlers', async () => {
    const finalizer = await runner.run('setmetatable({}, { __gc = function() while true do end end })');
    expect(finalizer.error!.message).toContain('__gc metamethods are not available in the sandbox');
    // A __gc added after setmetatable does not mark the object for finalization (Lua 5.4 semantics).
    expect(
      await value(
        'local mt = {} local t = setmetatable({}, mt) mt.__gc = function() while true do end end t = nil for i = 1, 1e5 do local _ = {} end return "ok"',
      ),
    ).toBe('ok');
    const close = await runner.run(
      'local x <close> = setmetatable({}, { __close = function() while true do end end }) return 1',
    );
    expect(close.error).toMatchObject({ code: 'lua_instruction_limit' });
    await expectHealthy();
  });

  it('refuses pattern matches that could backtrack for too long, catchably', async () => {
    const result = await value(`
      local subject = string.rep("a", 3000)
      local ok, err = pcall(string.find, subject, ".-.-b")
      local ok2, err2 = pcall(function() for w in subject:gmatch("(a*)a*a*b") do end end)
      return { ok, err.code, ok2, err2.code, subject:find("a+b") == nil, select(2, subject:gsub("a", "")) }
    `);
    expect(result).toEqual([
      false,
      'lua_pattern_too_expensive',
      false,
      'lua_pattern_too_expensive',
      true,
      3000,
    ]);
  });

  it('keeps C loops that ignore the hook short: empty string.rep, huge table.move, big sorts', async () => {
    expect(await value('return #string.rep("", 1e15), #string.rep("", 1e15, "")')).toEqual([0, 0]);
    const move = await runner.run('table.move({}, 1, 1e15, 2)');
    expect(move.error!.message).toContain('table.move: ranges over 10,000,000 elements are not allowed');
    expect(
      await value(
        'local t = {} for i = 1, 120000 do t[i] = (i * 7919) % 120011 end table.sort(t) return t[1] <= t[2] and t[119999] <= t[120000]',
      ),
    ).toBe(true);
  });

  it('runs scripts side by side: a runaway script does not break a concurrent one', async () => {
    const [runaway, normal] = await Promise.all([
      runner.run('while true do end'),
      runner.run('return 6 * 7'),
    ]);
    expect(runaway.error).toMatchObject({ code: 'lua_instruction_limit' });
    expect(normal.value).toBe(42);
  });

  it('does not start a script whose caller already cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const before = await runner.run('return 1', { signal: controller.signal });
    expect(before.error).toMatchObject({ code: 'lua_cancelled' });
  });
});
