import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTool } from '../../src/catalog/index.ts';
import { shippedPrices } from '../../src/catalog/price-table.ts';
import { createEmulator, createManualClock, type Emulator } from '../../src/emulator/index.ts';
import { openGateway, type OpenedGateway } from '../../src/gateway/open-gateway.ts';
import { createCliRuntime } from '../../src/surfaces/cli/cli-runtime.ts';
import { exitCodes } from '../../src/surfaces/cli/exit-codes.ts';
import { main } from '../../src/surfaces/cli/main.ts';

/**
 * Prices as data, end to end: `heygate pricing set` writes the operator's price, a running gateway estimates
 * and budgets with it (without a restart), results and audit records carry the cost in US dollars.
 */
describe('pricing: CLI, estimates, budgets and audit in US dollars', () => {
  let emulator: Emulator;
  let home: string;
  let env: Record<string, string>;
  let opened: OpenedGateway;
  let token: string;

  async function run(argv: string[]) {
    let stdout = '';
    let stderr = '';
    const runtime = createCliRuntime({
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
      env,
      interactive: false,
    });
    return { code: await main(argv, runtime), stdout, stderr };
  }

  const render = { project: { type: 'url', url: 'https://example.com/site.zip' } };

  beforeAll(async () => {
    emulator = createEmulator({ keys: ['k1'], clock: createManualClock({ start: Date.now() }) });
    const { url } = await emulator.listen(0);
    home = mkdtempSync(join(tmpdir(), 'heygate-pricing-'));
    env = { HEYGATE_HOME: home, HEYGEN_API_KEY: 'k1', HEYGEN_BASE_URL: url };
    opened = await openGateway({ env });
    ({ token } = await opened.gateway.personas.create({
      name: 'designer',
      scopes: ['read', 'write'],
      budgetUsd: 0.5,
    }));
  });

  afterAll(async () => {
    await opened.close();
    await emulator.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('shows the shipped prices with their date and refuses unknown keys', async () => {
    const shown = JSON.parse((await run(['pricing', 'show', '--json'])).stdout) as {
      collected: string;
      prices: { key: string; usd: number | null; origin: string }[];
    };
    expect(shown.collected).toBe(shippedPrices.collected);
    expect(shown.prices.find((row) => row.key === 'avatar_realtime.session')).toMatchObject({
      usd: 0.05,
      origin: 'heygen',
    });
    const bad = await run(['pricing', 'set', 'hyperframes.rendr', '1']);
    expect(bad.code).toBe(exitCodes.usage);
    expect(bad.stderr).toContain('No price key "hyperframes.rendr"');
  });

  it('budgets with the operator’s price as soon as it is set, before anything is sent', async () => {
    const before = emulator.inspect.requests().length;
    const free = await opened.gateway.execute({
      tool: 'hyperframes_render_create',
      input: render,
      surface: 'library',
      personaToken: token,
    });
    // HeyGen publishes no HyperFrames rate: nothing is estimated, the render goes through at $0.
    expect(free).toMatchObject({ ok: true, costUsd: 0 });

    expect((await run(['pricing', 'set', 'hyperframes.render', '$1.20'])).stdout).toContain(
      'hyperframes.render: $1.2 per minute_of_output',
    );
    const estimate = JSON.parse(
      (await run(['pricing', 'estimate', 'hyperframes_render_create', '--json', JSON.stringify(render)]))
        .stdout,
    ) as { cost_usd: number };
    expect(estimate.cost_usd).toBe(1.2);

    await new Promise((resolve) => setTimeout(resolve, 1_100)); // the gateway looks at the file once a second
    const sent = emulator.inspect.requests().length;
    expect(sent).toBeGreaterThan(before);
    const refused = await opened.gateway.execute({
      tool: 'hyperframes_render_create',
      input: { ...render, title: 'second' },
      surface: 'library',
      personaToken: token,
    });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('budget_exceeded');
      expect(refused.error.message).toContain('budget of $0.5 per month');
      expect(refused.error.message).toContain('estimated at $1.2');
    }
    expect(emulator.inspect.requests().length).toBe(sent);
  });

  it('reports each paid call’s cost in US dollars in the result, the audit record and the usage', async () => {
    await run(['pricing', 'unset', 'hyperframes.render']);
    const library = emulator.inspect.library();
    const input = {
      type: 'avatar',
      avatar_id: library.avatarId,
      voice_id: library.voiceId,
      script: 'Two words.',
    };
    const result = await opened.gateway.execute({ tool: 'video_create', input, surface: 'cli' });
    const expected = getTool('video_create').cost!.estimate!(input, shippedPrices);
    expect(expected).toBeGreaterThan(0);
    expect(result).toMatchObject({ ok: true, costUsd: expected });
    expect(result.creditsCharged).toBeUndefined(); // HeyGen reports no credits on v3
    const [record] = (await opened.gateway.queryAudit({ tool: 'video_create', limit: 1 })).records;
    expect(record).toMatchObject({ costUsd: expected, credits: null, outcome: 'ok' });
    expect(
      await opened.gateway.execute({ tool: 'user_me_get', input: {}, surface: 'cli' }),
    ).not.toHaveProperty('costUsd');
    const [free] = (await opened.gateway.queryAudit({ tool: 'user_me_get', limit: 1 })).records;
    expect(free?.outcome).toBe('ok');
    expect(free?.costUsd ?? null).toBeNull();

    const usage = JSON.parse((await run(['usage', '--json'])).stdout) as Record<string, unknown>[];
    expect(usage.find((line) => line.scope === 'account')).toMatchObject({ spentUsd: expected });
    const text = (await run(['usage'])).stdout;
    expect(text).toMatch(new RegExp(`account\\s+default\\s+month\\s+\\$${expected}`));
  });
});
