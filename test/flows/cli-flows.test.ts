import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCliRuntime } from '../../src/surfaces/cli/cli-runtime.ts';
import { exitCodes } from '../../src/surfaces/cli/exit-codes.ts';
import { main } from '../../src/surfaces/cli/main.ts';
import { generateMasterKey } from '../../src/vault/master-key.ts';
import { everythingCommand } from './flow-harness.ts';

/**
 * The contract of issue 15, as written: after `heygate connections add everything --command "…"`, the minimal
 * flow is added and `heygate flows run render-and-notify --wait --json` prints the run with each step's output —
 * in sandbox mode (no key, no account), with the other integration a real MCP server from npm.
 */
const home = mkdtempSync(join(tmpdir(), 'heygate-cli-flows-'));
const env = {
  HEYGATE_HOME: home,
  HEYGATE_MASTER_KEY: generateMasterKey().key.toString('base64'),
  HEYGATE_REDIS_URL: '',
};
afterAll(() => rmSync(home, { recursive: true, force: true }));

async function heygate(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const runtime = createCliRuntime({
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env,
    interactive: false,
    readStdin: async () => '',
  });
  const code = await main(argv, runtime);
  return { code, stdout, stderr };
}

const minimalFlow = `name: render-and-notify
trigger: { manual: true }
steps:
  - id: render
    tool: video_create
    input: { type: avatar, avatar_id: "Abigail_office_front_public", voice_id: "386fac5944a77ed082c8a141ce9227bb", script: "Hello from a flow" }
    wait: true
  - id: tell
    mcp: { connection: everything, tool: echo }
    input: { message: "{{ steps.render.video_url }}" }
`;

describe('heygate flows and connections', () => {
  it('runs the minimal flow as written and prints each step output', async () => {
    const added = await heygate('connections', 'add', 'everything', '--command', everythingCommand());
    expect(added).toMatchObject({ code: 0 });
    expect(added.stdout).toContain('added connection everything (stdio');
    const file = join(home, 'render-and-notify.yaml');
    writeFileSync(file, minimalFlow);
    expect(await heygate('flows', 'validate', file)).toMatchObject({
      code: 0,
      stdout: `${file}: flow render-and-notify is valid\n`,
    });
    expect((await heygate('flows', 'add', file)).stdout).toBe(
      'added flow render-and-notify v1 (manual, 2 steps, runs as operator)\n',
    );

    const ran = await heygate('flows', 'run', 'render-and-notify', '--wait', '--json');
    expect(ran.code).toBe(0);
    const run = JSON.parse(ran.stdout) as {
      status: string;
      steps: { id: string; status: string; output: Record<string, unknown> }[];
    };
    expect(run.status).toBe('succeeded');
    const [render, tell] = run.steps;
    expect(render).toMatchObject({ id: 'render', status: 'succeeded', output: { status: 'completed' } });
    expect(tell).toMatchObject({
      id: 'tell',
      status: 'succeeded',
      output: { text: `Echo: ${String(render!.output.video_url)}` },
    });

    const runs = await heygate('flows', 'runs', 'render-and-notify', '--json');
    expect((JSON.parse(runs.stdout) as { id: string }[]).map((each) => each.id)).toEqual([
      expect.stringMatching(/^run_/),
    ]);
    expect((await heygate('flows', 'list')).stdout).toMatch(
      /render-and-notify\s+yes\s+manual\s+2\s+1\s+operator/,
    );
  }, 60_000);

  it('queues a run without --wait, cancels it, and refuses a bad file naming the field', async () => {
    const queued = await heygate('flows', 'run', 'render-and-notify', '--json');
    const { id } = JSON.parse(queued.stdout) as { id: string; status: string };
    expect((await heygate('flows', 'cancel', id)).stdout).toBe(`run ${id}: cancelled\n`);
    expect((await heygate('flows', 'show', id)).stdout).toContain('— cancelled');

    const file = join(home, 'bad.yaml');
    writeFileSync(file, minimalFlow.replace('tool: video_create', 'tool: video_creat'));
    const refused = await heygate('flows', 'add', file);
    expect(refused.code).toBe(exitCodes.usage);
    expect(refused.stderr).toContain('steps[0].tool: unknown tool "video_creat"');
    expect(
      (await heygate('connections', 'add', 'x', '--url', 'https://u:p@example.com/mcp', '--no-check')).code,
    ).toBe(exitCodes.usage);
  }, 60_000);
});
