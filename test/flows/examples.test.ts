import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeTestTargets } from '../../src/store/store-test-targets.ts';
import { createFlowFixture, everythingCommand, type FlowFixture } from './flow-harness.ts';
import { startLocalReceiver, type LocalReceiver } from './local-receiver.ts';

/**
 * The shipped examples (`examples/flows/`) validate and run in sandbox: HeyGen is the emulator, the chat, CMS
 * and on-call endpoints are a local receiver (their placeholder URL rewritten to it) and the mail integration
 * is `@modelcontextprotocol/server-everything`.
 */
const [sqlite] = await storeTestTargets();
const directory = join(import.meta.dirname, '..', '..', 'examples', 'flows');
const operator = { kind: 'operator' } as const;
let fixture: FlowFixture;
let receiver: LocalReceiver;

beforeAll(async () => {
  receiver = await startLocalReceiver();
  fixture = await createFlowFixture(sqlite!, { env: { HEYGATE_FLOW_HTTP_ALLOW: receiver.allowEntry } });
  await fixture.flows.engine.start();
  for (const name of ['everything', 'mail'])
    await fixture.flows.connections.add({ name, command: everythingCommand() });
  for (const file of readdirSync(directory).filter((entry) => entry.endsWith('.yaml'))) {
    const text = readFileSync(join(directory, file), 'utf8').replaceAll(
      'http://127.0.0.1:8787',
      receiver.url,
    );
    const saved = await fixture.flows.service.save(text, operator, file);
    expect(saved.warnings).toEqual([]);
  }
}, 60_000);

afterAll(async () => {
  await fixture?.cleanup();
  await receiver?.close();
});

async function runOf(runId: string) {
  await fixture.flows.waitForRun(runId, { pollMs: 20 });
  return fixture.flows.service.run(runId, operator);
}

function received(path: string): unknown[] {
  return receiver.received.filter((request) => request.path === path).map((request) => request.body);
}

describe('examples/flows', () => {
  it('ships the four typical flows and the minimal one, all valid', async () => {
    expect(
      (await fixture.flows.service.list(operator)).map((flow) => [flow.name, flow.trigger_kind]),
    ).toEqual([
      ['personalised-videos', 'manual'],
      ['render-and-notify', 'manual'],
      ['translate-on-complete', 'event'],
      ['translation-failed-alert', 'event'],
      ['weekly-update', 'cron'],
    ]);
  });

  it('weekly-update renders from the template and posts the link to the chat', async () => {
    const run = await runOf((await fixture.flows.service.start('weekly-update', operator)).id);
    expect(run.status).toBe('succeeded');
    const video = run.steps!.find((step) => step.key === 'render')!.output as { video_url: string };
    expect(received('/chat')).toEqual([{ text: `This week's update is ready: ${video.video_url}` }]);
  }, 30_000);

  it('translate-on-complete sends three translations to the CMS when a video completes', async () => {
    const { avatarId, voiceId } = fixture.library;
    const made = await fixture.gateway.execute({
      tool: 'video_create',
      input: {
        type: 'avatar',
        avatar_id: avatarId,
        voice_id: voiceId,
        script: 'Publish me',
        callback_id: 'publish',
      },
      surface: 'library',
      wait: true,
    });
    if (!made.ok) throw new Error(made.error.message);
    const video = made.data as { id: string; video_url: string };
    const [runId] = await fixture.flows.service.onEvent('default', {
      event_type: 'avatar_video.success',
      event_data: { video_id: video.id, url: video.video_url, callback_id: 'publish' },
    });
    const run = await runOf(runId!);
    expect(run.status).toBe('succeeded');
    const posts = received('/cms/videos') as { language: string; source_video: string; url: string }[];
    expect(posts.map((post) => post.language).sort()).toEqual(['French', 'German', 'Spanish']);
    expect(posts.every((post) => post.source_video === video.id && post.url.startsWith('http'))).toBe(true);
  }, 30_000);

  it('personalised-videos renders one video per row and emails each link', async () => {
    const rows = [
      { name: 'Ada', email: 'ada@example.com' },
      { name: 'Grace', email: 'grace@example.com' },
    ];
    const run = await runOf(
      (await fixture.flows.service.start('personalised-videos', operator, { rows })).id,
    );
    expect(run.status).toBe('succeeded');
    const iterations = run.steps!.find((step) => step.key === 'each_row')!.output as {
      render: { video_url: string };
      email: { text: string };
    }[];
    expect(iterations.map((iteration) => iteration.email.text)).toEqual(
      rows.map(
        (row, index) =>
          `Echo: To ${row.email}: your video is ready at ${iterations[index]!.render.video_url}`,
      ),
    );
  }, 30_000);

  it('translation-failed-alert tells on-call which translation failed and why', async () => {
    const [runId] = await fixture.flows.service.onEvent('default', {
      event_type: 'video_translate.fail',
      event_data: { video_translate_id: 'vt_42', message: 'Lipsync failed' },
    });
    expect((await runOf(runId!)).status).toBe('succeeded');
    expect(received('/oncall')).toEqual([{ text: 'Translation vt_42 failed: Lipsync failed' }]);
  }, 30_000);

  it('render-and-notify hands the video URL to the other MCP server', async () => {
    const run = await runOf((await fixture.flows.service.start('render-and-notify', operator)).id);
    const [render, tell] = run.steps!;
    expect((tell!.output as { text: string }).text).toBe(
      `Echo: ${(render!.output as { video_url: string }).video_url}`,
    );
  }, 30_000);
});
