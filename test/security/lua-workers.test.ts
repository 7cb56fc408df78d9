import { availableParallelism } from 'node:os';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { compileScopes } from '../../src/gateway/scopes.ts';
import type { ExecuteRequest, Executor } from '../../src/gateway/types.ts';
import { createFlowLua } from '../../src/surfaces/lua/create-flow-lua.ts';
import { createLuaWorkerRunner } from '../../src/surfaces/lua/index.ts';

/**
 * The worker-thread runner (ADR 0020) keeps the sandbox's protections, stops scripts from the main thread
 * (cancellation reaches a script that is computing), terminates and replaces a thread whose script does not
 * stop, and sends every integration call back to the main thread's executor.
 */
const seen: ExecuteRequest[] = [];
const executor: Executor = {
  async execute(request) {
    seen.push(request);
    if (request.tool === 'video_get') {
      // HeyGen answering slowly: waiting must not count as computation.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
    }
    return { ok: true, tool: request.tool, data: { tool: request.tool }, durationMs: 0 };
  },
  visibleTools: async () => [],
};
const runner = createLuaWorkerRunner({ executor, workers: 2, terminateGraceMs: 500 });
afterAll(() => runner.close());

describe('Lua in worker threads', () => {
  it('runs calls through the main thread executor, with the run options', async () => {
    const result = await runner.run('print("hi") return app.integrations.heygen.user_me_get({}).tool', {
      personaToken: 'hg_persona_x',
      prompt: 'why',
    });
    expect(result).toMatchObject({ ok: true, value: 'user_me_get', output: 'hi\n' });
    expect(seen.at(-1)).toMatchObject({
      tool: 'user_me_get',
      surface: 'lua',
      personaToken: 'hg_persona_x',
      prompt: 'why',
    });
    expect(seen.at(-1)!.signal).toBeInstanceOf(AbortSignal);
  });

  it.each([
    ['an infinite loop', 'while true do end', ['lua_cpu_limit', 'lua_instruction_limit']],
    ['a memory bomb', 'local t = {} for i = 1, 1e9 do t[i] = ("x"):rep(1024) .. i end', ['lua_memory_limit']],
    [
      'deep recursion',
      'local function f(n) return f(n + 1) + 1 end return f(1)',
      ['lua_error', 'lua_memory_limit', 'lua_vm_fault'],
    ],
    ['io', 'return io.open("/etc/passwd")', ['lua_error']],
  ])('keeps stopping %s', async (_name, script, codes) => {
    // The default limits (5 s of computation): the loop takes them all, the others end sooner.
    const result = await runner.run(script);
    expect(result.ok).toBe(false);
    expect(codes).toContain(result.error!.code);
  });

  it('cancels a computing script from the main thread at once', async () => {
    const controller = new AbortController();
    const started = performance.now();
    const pending = runner.run('while true do end', {
      signal: controller.signal,
      limits: { cpuTimeMs: 60_000, instructions: 1e15 },
    });
    setTimeout(() => controller.abort(), 300);
    const result = await pending;
    expect(result.error).toMatchObject({ code: 'lua_cancelled' });
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(runner.terminated()).toBe(0);
  });

  it('terminates and replaces a thread whose script does not stop', async () => {
    // With the limit checks 10¹² instructions apart, nothing inside the VM stops this loop.
    const result = await runner.run('while true do end', {
      limits: { hookInterval: 1e12, timeoutMs: 200 },
      timeoutHint: 'try --timeout',
    });
    expect(result.error).toMatchObject({ code: 'lua_timeout', hint: 'try --timeout' });
    expect(runner.terminated()).toBe(1);
    const next = await runner.run('return 1 + 1');
    expect(next).toMatchObject({ ok: true, value: 2 });
  });

  it('does not count waiting for HeyGen as computation', async () => {
    const result = await runner.run(
      'local a = app.integrations.heygen.video_get({ video_id = "v" }) ' +
        'local b = app.integrations.heygen.video_get({ video_id = "v" }) return a.tool',
      { limits: { cpuTimeMs: 500 } },
    );
    // Three seconds of waiting under a 0.5 s computation limit.
    expect(result).toMatchObject({ ok: true, value: 'video_get' });
    expect(result.durationMs).toBeGreaterThan(2_900);
  });
});

describe('turns to compute (ADR 0058)', () => {
  // A fresh thread loads the catalog first (seconds on a busy machine): the waits below allow for it.
  const startUp = { timeout: 30_000, interval: 20 };

  it('leaves a core to the event loop by default: one turn less than the cores, at least one', () => {
    expect(runner.compute.size).toBe(Math.max(1, availableParallelism() - 1));
  });

  it('queues a script past the turns until the computing one ends', async () => {
    const single = createLuaWorkerRunner({ executor, workers: 2, computeSlots: 1 });
    try {
      await Promise.all([single.run('return 0'), single.run('return 0')]);
      const ended: string[] = [];
      const spinning = single
        .run('while true do end', { limits: { cpuTimeMs: 3_000 } })
        .then((result) => ended.push(`spin ${result.error?.code}`));
      await vi.waitFor(() => expect(single.compute.busy()).toBe(1), startUp);
      const quick = single.run('return 2').then((result) => ended.push(`quick ${result.value}`));
      // Both threads are taken, one script computes, the other waits for its turn.
      await vi.waitFor(() => expect(single.compute.waiting()).toBe(1), startUp);
      expect(single.threads()).toBe(2);
      await Promise.all([spinning, quick]);
      expect(ended).toHaveLength(2);
      expect(ended[0]).toMatch(/^spin lua_(cpu|instruction)_limit$/);
      expect(ended[1]).toBe('quick 2');
      expect(single.compute.busy()).toBe(0);
    } finally {
      await single.close();
    }
  }, 30_000);

  it('gives the turn back while a script waits for a call, and takes it again for the answer', async () => {
    let answer: (() => void) | undefined;
    const waiting: Executor = {
      async execute(request) {
        await new Promise<void>((resolve) => (answer = resolve));
        return { ok: true, tool: request.tool, data: { tool: request.tool }, durationMs: 0 };
      },
      visibleTools: async () => [],
    };
    const single = createLuaWorkerRunner({ executor: waiting, workers: 2, computeSlots: 1 });
    try {
      const waiter = single.run('return app.integrations.heygen.video_get({ video_id = "v" }).tool');
      await vi.waitFor(() => expect(answer).toBeDefined(), startUp);
      expect(single.compute.busy()).toBe(0);
      // Another script computes while the first waits.
      expect(await single.run('return 40 + 2')).toMatchObject({ ok: true, value: 42 });
      answer!();
      expect(await waiter).toMatchObject({ ok: true, value: 'video_get' });
      expect(single.compute.busy()).toBe(0);
    } finally {
      await single.close();
    }
  }, 30_000);

  it('lets a script cancelled while it waits for a turn end at once, without running', async () => {
    const single = createLuaWorkerRunner({ executor, workers: 2, computeSlots: 1 });
    try {
      await Promise.all([single.run('return 0'), single.run('return 0')]);
      const stopSpinning = new AbortController();
      const spinning = single.run('while true do end', {
        signal: stopSpinning.signal,
        limits: { cpuTimeMs: 60_000, instructions: 1e15 },
      });
      await vi.waitFor(() => expect(single.compute.busy()).toBe(1), startUp);
      const controller = new AbortController();
      const queued = single.run('return 1', { signal: controller.signal });
      await vi.waitFor(() => expect(single.compute.waiting()).toBe(1), startUp);
      controller.abort();
      expect(await queued).toMatchObject({ ok: false, output: '', error: { code: 'lua_cancelled' } });
      expect(single.compute.waiting()).toBe(0);
      stopSpinning.abort();
      expect((await spinning).error).toMatchObject({ code: 'lua_cancelled' });
      expect(single.compute.busy()).toBe(0);
    } finally {
      await single.close();
    }
  }, 30_000);
});

describe('flow Lua steps on a server', () => {
  it("run in a thread, their calls going to the step's own executor", async () => {
    const stepCalls: ExecuteRequest[] = [];
    const stepExecutor: Executor = {
      async execute(request) {
        stepCalls.push(request);
        return { ok: true, tool: request.tool, data: { name: 'step' }, durationMs: 0 };
      },
      visibleTools: async () => [],
    };
    const lua = createFlowLua({ threads: true });
    const result = await lua({
      script: 'return input.n + 1, app.integrations.heygen.user_me_get({}).name',
      input: { n: 41 },
      executor: stepExecutor,
      signal: new AbortController().signal,
    });
    expect(result).toEqual({ ok: true, value: [42, 'step'] });
    expect(stepCalls).toHaveLength(1);
    expect(stepCalls[0]).toMatchObject({ tool: 'user_me_get', surface: 'lua' });
  });
});

describe('the lua grant', () => {
  it('is a reserved grant that matches no tool and stands alone', () => {
    const matcher = compileScopes(['read', 'lua']);
    expect(matcher.lua).toBe(true);
    expect(compileScopes(['read']).lua).toBe(false);
    expect(compileScopes(['lua']).allows({ name: 'video_get', area: 'videos', access: 'read' })).toBe(false);
    expect(() => compileScopes(['lua+read'])).toThrow(/cannot be combined/);
  });
});
