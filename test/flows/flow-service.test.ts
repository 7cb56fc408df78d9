import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterEach, describe, expect, it } from 'vitest';
import { storeTestTargets } from '../../src/store/store-test-targets.ts';
import { createFlowRoutes } from '../../src/surfaces/http/flow-routes.ts';
import { createFlowMcpTools } from '../../src/surfaces/mcp/create-flow-mcp-tools.ts';
import { createMcpServer } from '../../src/surfaces/mcp/mcp-server.ts';
import { createFlowFixture, everythingCommand, type FlowFixture } from './flow-harness.ts';

/** Saving, validation, who may do what, chaining, and the admin HTTP and MCP interfaces of flows. */
const [sqlite] = await storeTestTargets();
const operator = { kind: 'operator' } as const;
const fixtures: FlowFixture[] = [];
afterEach(async () => {
  while (fixtures.length > 0) await fixtures.pop()!.cleanup();
});

async function setup(): Promise<FlowFixture> {
  const fixture = await createFlowFixture(sqlite!);
  fixtures.push(fixture);
  await fixture.flows.engine.start();
  return fixture;
}

function renderFlow(fixture: FlowFixture, name = 'render') {
  return {
    name,
    trigger: { manual: true },
    steps: [
      {
        id: 'render',
        tool: 'video_create',
        input: {
          type: 'avatar',
          avatar_id: fixture.library.avatarId,
          voice_id: fixture.library.voiceId,
          script: 'Hi',
        },
        wait: true,
      },
    ],
  };
}

describe('flow validation at save time', () => {
  it('names every problem with its field before anything is saved', async () => {
    const fixture = await setup();
    await fixture.flows.connections.add({ name: 'everything', command: everythingCommand() });
    const error = await fixture.flows.service
      .save(
        `name: broken
trigger: { cron: "61 * * * *", timezone: Mars/Olympus }
steps:
  - id: render
    tool: video_creat
  - id: list
    tool: video_list
    wait: true
  - id: make
    tool: video_create
    input: { type: avatar, avatar_id: x, voice_id: y, script: 42 }
  - id: tell
    mcp: { connection: everything, tool: echo }
    input: { message: "{{ steps.make.video_ur1 }} {{ steps.later.x }} {{ item }}" }
  - id: tell2
    mcp: { connection: everything, tool: echo }
    input: {}
  - id: missing
    mcp: { connection: nowhere, tool: echo }
  - id: later
    lua: "return 1"
`,
        operator,
      )
      .catch((caught: unknown) => caught as { code: string; issues: { field: string; message: string }[] });
    expect(error).toMatchObject({ code: 'invalid_input' });
    const fields = (error as { issues: { field: string }[] }).issues.map((issue) => issue.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'trigger.timezone',
        'steps[0].tool',
        'steps[1].wait',
        'steps[2].input.script',
        'steps[3].input.message',
        'steps[4].input',
        'steps[5].mcp.connection',
      ]),
    );
    const messages = (error as { issues: { message: string }[] }).issues
      .map((issue) => issue.message)
      .join('\n');
    expect(messages).toContain('has no field "video_ur1"');
    expect(messages).toContain('"steps.later" is not a step that runs before this one');
    expect(messages).toContain('unknown name "item"');
    expect(await fixture.flows.service.list(operator)).toEqual([]);
  }, 30_000);
});

describe('who may manage and run flows', () => {
  it('lets a persona with the flows grant manage flows that run as itself, and nothing more', async () => {
    const fixture = await setup();
    const personas = fixture.gateway.personas;
    const { persona: agent, token } = await personas.create({
      name: 'agent',
      scopes: ['flows', 'read', 'write'],
    });
    const { persona: reader } = await personas.create({ name: 'reader', scopes: ['flows', 'read'] });
    const { persona: plain } = await personas.create({ name: 'plain', scopes: ['read', 'write'] });
    const asAgent = { kind: 'persona', persona: agent } as const;

    await expect(fixture.flows.service.list({ kind: 'persona', persona: plain })).rejects.toMatchObject({
      code: 'scope_denied',
    });
    await expect(
      fixture.flows.service.save(renderFlow(fixture, 'as-reader'), { kind: 'persona', persona: reader }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      issues: [expect.objectContaining({ field: 'steps[0].tool' })],
    });
    await expect(
      fixture.flows.service.save({ ...renderFlow(fixture, 'other'), persona: 'reader' }, asAgent),
    ).rejects.toMatchObject({ code: 'scope_denied' });
    await fixture.flows.service.save(renderFlow(fixture, 'operator-flow'), operator);

    const saved = await fixture.flows.service.save(renderFlow(fixture, 'mine'), asAgent);
    expect(saved.flow).toMatchObject({ persona: 'agent', created_by: 'persona:agent' });
    expect((await fixture.flows.service.list(asAgent)).map((flow) => flow.name)).toEqual(['mine']);
    await expect(fixture.flows.service.start('operator-flow', asAgent)).rejects.toMatchObject({
      code: 'unknown_flow',
    });

    const run = await fixture.flows.service.start('mine', asAgent);
    await fixture.flows.waitForRun(run.id, { pollMs: 20 });
    expect((await fixture.flows.service.run(run.id, asAgent)).status).toBe('succeeded');
    const audit = await fixture.gateway.queryAudit({ kind: 'call', persona: agent.id, surface: 'flow' });
    expect(audit.records.map((record) => record.tool).sort()).toEqual(['video_create', 'video_wait']);

    // Revoking the persona stops its flows at the next call.
    await personas.revoke(agent.id);
    const denied = await fixture.flows.service.start('mine', operator);
    await fixture.flows.waitForRun(denied.id, { pollMs: 20 });
    expect(await fixture.flows.service.run(denied.id, operator)).toMatchObject({
      status: 'failed',
      error: { code: 'persona_revoked' },
    });
    expect(token).toMatch(/^hg_/);
  }, 30_000);

  it('runs lua: steps only as a persona with the lua grant', async () => {
    const fixture = await setup();
    const personas = fixture.gateway.personas;
    const { persona: plain } = await personas.create({ name: 'no-lua', scopes: ['flows', 'read'] });
    const { persona: scripter } = await personas.create({
      name: 'scripter',
      scopes: ['flows', 'read', 'lua'],
    });
    const flow = (name: string) => ({
      name,
      trigger: { manual: true },
      steps: [{ id: 'sum', lua: 'return 1 + 1' }],
    });
    await expect(
      fixture.flows.service.save(flow('without'), { kind: 'persona', persona: plain }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      issues: [
        expect.objectContaining({ field: 'steps[0].lua', message: expect.stringMatching(/lua grant/) }),
      ],
    });
    const saved = await fixture.flows.service.save(flow('with'), { kind: 'persona', persona: scripter });
    expect(saved.flow).toMatchObject({ persona: 'scripter' });
  });

  it('starts flows triggered after another flow ends, with its outputs', async () => {
    const fixture = await setup();
    await fixture.flows.service.save(renderFlow(fixture, 'first'), operator);
    await fixture.flows.service.save(
      {
        name: 'second',
        trigger: { after: { flow: 'first' } },
        steps: [
          { id: 'echo', lua: 'return input.url', input: { url: '{{ trigger.run.steps.render.video_url }}' } },
        ],
      },
      operator,
    );
    const first = await fixture.flows.service.start('first', operator);
    await fixture.flows.waitForRun(first.id, { pollMs: 20 });
    const started = await (async () => {
      for (let tries = 0; tries < 200; tries += 1) {
        const [run] = await fixture.flows.service.runs('second', operator);
        if (run && run.status === 'succeeded') return fixture.flows.service.run(run.id, operator);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error('second flow did not run');
    })();
    const render = (await fixture.flows.service.run(first.id, operator)).steps![0]!.output as {
      video_url: string;
    };
    expect(started.steps![0]!.output).toBe(render.video_url);
  }, 30_000);
});

describe('flow interfaces', () => {
  it('serves flows over the admin API with problem+json errors', async () => {
    const fixture = await setup();
    const { token } = await fixture.gateway.personas.create({
      name: 'ops',
      scopes: ['flows', 'read', 'write'],
    });
    const app = createFlowRoutes({ gateway: fixture.gateway, flows: fixture.flows });
    const call = (path: string, init: RequestInit = {}) =>
      app.request(`/admin${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      });
    expect((await app.request('/admin/flows')).status).toBe(401);
    const created = await call('/flows', {
      method: 'POST',
      body: JSON.stringify({ definition: renderFlow(fixture, 'api') }),
    });
    expect(created.status).toBe(201);
    const invalid = await call('/flows', {
      method: 'POST',
      body: JSON.stringify({ source: 'name: x\ntrigger: {manual: true}\nsteps: []' }),
    });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ code: 'invalid_input', issues: [{ field: 'steps' }] });
    const run = (await (await call('/flows/api/runs?wait=1', { method: 'POST', body: '{}' })).json()) as {
      id: string;
      status: string;
    };
    expect(run.status).toBe('succeeded');
    const detail = (await (await call(`/flow-runs/${run.id}`)).json()) as {
      steps: { key: string; output: { video_url: string } }[];
    };
    expect(detail.steps[0]!.output.video_url).toMatch(/^http/);
    expect(((await (await call('/flows/api/runs')).json()) as { runs: unknown[] }).runs).toHaveLength(1);
    const command = await call('/connections', {
      method: 'POST',
      body: JSON.stringify({ name: 'x', command: 'sh -c id' }),
    });
    expect(command.status).toBe(403);
    expect((await call('/flows/nope')).status).toBe(404);
  }, 30_000);

  it('lets an agent create, run and inspect flows through MCP tools', async () => {
    const fixture = await setup();
    const { token } = await fixture.gateway.personas.create({
      name: 'mcp-agent',
      scopes: ['flows', 'read', 'write'],
    });
    const mcp = await createMcpServer({
      executor: fixture.gateway,
      personaToken: token,
      mode: 'compact',
      extraTools: createFlowMcpTools({ gateway: fixture.gateway, flows: fixture.flows }),
    });
    const client = new Client({ name: 'test', version: '0' });
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    await mcp.connect(serverTransport);
    await client.connect(clientTransport);
    try {
      const source = JSON.stringify(renderFlow(fixture, 'from-mcp'));
      const saved = await client.callTool({ name: 'flow_save', arguments: { source } });
      expect(saved.isError).toBeFalsy();
      const ran = await client.callTool({
        name: 'flow_run',
        arguments: { name: 'from-mcp', wait_seconds: 30 },
      });
      const run = ran.structuredContent as {
        id: string;
        status: string;
        steps: { output: { status: string } }[];
      };
      expect(run.status).toBe('succeeded');
      expect(run.steps[0]!.output.status).toBe('completed');
      const listed = await client.callTool({ name: 'flows_list', arguments: {} });
      expect((listed.structuredContent as { flows: { name: string; persona: string }[] }).flows).toEqual([
        expect.objectContaining({ name: 'from-mcp', persona: 'mcp-agent' }),
      ]);
      const bad = await client.callTool({ name: 'flow_save', arguments: { source: '{"name":"x"}' } });
      expect(bad.isError).toBe(true);
    } finally {
      await client.close();
      await mcp.close();
    }
  }, 30_000);

  it('keeps connection secrets sealed and out of listings', async () => {
    const fixture = await setup();
    await fixture.flows.connections.add({
      name: 'cms',
      url: 'https://cms.example/mcp',
      headers: { authorization: 'Bearer cms-secret-token-123' },
    });
    const listed = await fixture.flows.connections.list();
    expect(listed).toEqual([
      expect.objectContaining({
        name: 'cms',
        kind: 'http',
        url: 'https://cms.example/mcp',
        secrets: ['authorization'],
      }),
    ]);
    expect(JSON.stringify(listed)).not.toContain('cms-secret-token-123');
    expect(await fixture.fixture.store.dump()).not.toContain('cms-secret-token-123');
    expect(await fixture.flows.connections.open('cms')).toEqual({
      kind: 'http',
      url: 'https://cms.example/mcp',
      headers: { authorization: 'Bearer cms-secret-token-123' },
    });
    await expect(
      fixture.flows.connections.add({ name: 'bad', url: 'https://u:p@cms.example/' }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
  }, 30_000);
});
