import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { redisTestTarget } from '../../src/gateway/router/redis-test-target.ts';
import type { OpenFlowsOptions, OpenedFlows } from '../../src/flows/open-flows.ts';
import { storeTestTargets } from '../../src/store/store-test-targets.ts';
import { createWebhookRoutes } from '../../src/surfaces/http/webhook-routes.ts';
import { createFlowFixture, everythingCommand, until, type FlowFixture } from './flow-harness.ts';
import { startLocalReceiver, type LocalReceiver } from './local-receiver.ts';

/**
 * The behaviour suite of flows (issue 15), run on both engines: embedded (croner on the store) and BullMQ (job
 * schedulers and workers on Redis; skipped with a reason when Redis is unreachable, failing under
 * HEYGATE_REQUIRE_REDIS=1). HeyGen is the emulator, "another integration" is a real MCP server from npm
 * (`@modelcontextprotocol/server-everything` over stdio) and a local HTTP receiver.
 */
const stores = await storeTestTargets();
const redis = await redisTestTarget();
const operator = { kind: 'operator' } as const;

interface EngineTarget {
  name: 'embedded' | 'bullmq';
  enabled: boolean;
  reason?: string;
  options(): { engine: OpenFlowsOptions['engine']; env: Record<string, string>; prefix?: string };
}

const engines: EngineTarget[] = [
  { name: 'embedded', enabled: true, options: () => ({ engine: 'embedded', env: {} }) },
  {
    name: 'bullmq',
    enabled: redis.enabled,
    ...(redis.reason ? { reason: redis.reason } : {}),
    options: () => {
      const prefix = redis.prefix().replace(/:$/, '');
      return {
        engine: 'bullmq',
        env: { HEYGATE_REDIS_URL: redis.url, HEYGATE_FLOW_QUEUE_PREFIX: prefix },
        prefix,
      };
    },
  },
];

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  while (cleanups.length > 0) await cleanups.pop()!().catch(() => {});
});

for (const [store, target] of stores.flatMap((each) => engines.map((engine) => [each, engine] as const))) {
  const skipped = [store.reason, target.reason].filter(Boolean).join('; ');
  describe.runIf(store.enabled && target.enabled)(
    `flows on the ${target.name} engine with ${store.name}${skipped ? ` [${skipped}]` : ''}`,
    () => {
      async function setup(
        extra: Record<string, string> = {},
      ): Promise<FlowFixture & { receiver: LocalReceiver }> {
        const receiver = await startLocalReceiver();
        const { engine, env, prefix } = target.options();
        const fixture = await createFlowFixture(store, {
          engine,
          env: { ...env, HEYGATE_FLOW_HTTP_ALLOW: receiver.allowEntry, ...extra },
        });
        cleanups.push(async () => {
          await fixture.cleanup();
          await receiver.close();
          if (prefix) await redis.cleanup(prefix);
        });
        await fixture.flows.engine.start();
        return { ...fixture, receiver };
      }

      async function finished(flows: OpenedFlows, runId: string) {
        await flows.waitForRun(runId, { pollMs: 25 });
        return flows.service.run(runId, operator);
      }

      it('fires each cron tick once in its time zone, with two gateways on one store and queue', async () => {
        vi.useFakeTimers({ toFake: ['Date'] });
        // 13:59:30 UTC = 08:59:30 in New York (EST): the 09:00 local tick is 30 s away.
        vi.setSystemTime(Date.UTC(2026, 11, 7, 13, 59, 30));
        const fixture = await setup();
        await fixture.flows.service.save(
          {
            name: 'weekly-update',
            trigger: { cron: '0 9 * * *', timezone: 'America/New_York' },
            steps: [{ id: 'me', tool: 'user_me_get' }],
          },
          operator,
        );
        const second = await fixture.second(target.options());
        await second.engine.start();
        await Promise.all([fixture.flows.engine.refresh(), second.engine.refresh()]);
        const runsOf = async () => fixture.flows.flowStore.listRuns({});
        for (let day = 0; day < 3; day += 1) {
          vi.setSystemTime(Date.UTC(2026, 11, 7 + day, 14, 0, 1));
          await Promise.all([fixture.flows.engine.poke(), second.engine.poke()]);
          await until(async () => (await runsOf()).length === day + 1, `tick ${day + 1}`);
          // Pokes after the tick fire nothing more.
          await Promise.all([fixture.flows.engine.poke(), second.engine.poke()]);
          vi.setSystemTime(Date.UTC(2026, 11, 7 + day, 20, 0, 0));
          await Promise.all([fixture.flows.engine.poke(), second.engine.poke()]);
        }
        await new Promise((resolve) => setTimeout(resolve, 300));
        const runs = await runsOf();
        expect(
          runs.map((run) => (JSON.parse(run.trigger) as { scheduled_for: string }).scheduled_for).sort(),
        ).toEqual(['2026-12-07T14:00:00.000Z', '2026-12-08T14:00:00.000Z', '2026-12-09T14:00:00.000Z']);
        for (const run of runs) expect((await finished(fixture.flows, run.id)).status).toBe('succeeded');
      }, 60_000);

      it('renders, translates, and hands the translated video URL to another MCP server and a CMS', async () => {
        const fixture = await setup();
        await fixture.flows.connections.add({ name: 'everything', command: everythingCommand() });
        const [first, second] = fixture.library.languages;
        const saved = await fixture.flows.service.save(
          {
            name: 'render-translate-notify',
            trigger: { manual: true },
            steps: [
              {
                id: 'render',
                tool: 'video_create',
                input: {
                  type: 'avatar',
                  avatar_id: fixture.library.avatarId,
                  voice_id: fixture.library.voiceId,
                  script: 'Weekly update',
                },
                wait: true,
              },
              {
                id: 'translate',
                tool: 'video_translation_create',
                input: {
                  video: { type: 'url', url: '{{ steps.render.video_url }}' },
                  output_languages: [first, second],
                },
                wait: true,
              },
              {
                id: 'publish',
                for_each: '{{ steps.translate }}',
                as: 'translation',
                concurrency: 2,
                steps: [
                  {
                    id: 'cms',
                    http: {
                      method: 'POST',
                      url: `${fixture.receiver.url}/videos`,
                      body: {
                        language: '{{ translation.output_language }}',
                        url: '{{ translation.video_url }}',
                      },
                    },
                  },
                ],
              },
              {
                id: 'notify',
                mcp: { connection: 'everything', tool: 'echo' },
                input: { message: '{{ steps.translate[0].video_url }}' },
              },
            ],
          },
          operator,
        );
        expect(saved.warnings).toEqual([]);
        const started = await fixture.flows.service.start('render-translate-notify', operator);
        const run = await finished(fixture.flows, started.id);
        expect(run.status).toBe('succeeded');
        const step = (key: string) => run.steps!.find((each) => each.key === key)!;
        const translations = step('translate').output as { video_url: string; output_language: string }[];
        expect(translations.map((each) => each.output_language).sort()).toEqual([first, second].sort());
        expect((step('notify').output as { text: string }).text).toBe(`Echo: ${translations[0]!.video_url}`);
        expect(
          fixture.receiver.received.map((request) => (request.body as { url: string }).url).sort(),
        ).toEqual(translations.map((each) => each.video_url).sort());
        expect(step('publish[1].cms').status).toBe('succeeded');
        expect(fixture.fixture.heygen.started.emulator.inspect.renders()).toBe(3);
        // Every tool call is audited with surface flow and the run in its context.
        const audit = await fixture.gateway.queryAudit({ surface: 'flow', limit: 100 });
        const tools = audit.records.map(
          (record) => [record.tool, JSON.parse(record.context ?? '{}') as Record<string, string>] as const,
        );
        expect(tools.map(([tool]) => tool)).toEqual(
          expect.arrayContaining([
            'video_create',
            'video_wait',
            'video_translation_create',
            'video_translation_wait',
          ]),
        );
        for (const [, context] of tools)
          expect(context).toMatchObject({ flow: 'render-translate-notify', run: run.id });
      }, 60_000);

      it('starts an event flow from a signed webhook, once per delivery, only when the filter matches', async () => {
        const fixture = await setup();
        await fixture.flows.service.save(
          {
            name: 'on-video-done',
            trigger: { event: 'avatar_video.success', filter: { callback_id: 'weekly' } },
            steps: [
              {
                id: 'cms',
                http: {
                  url: `${fixture.receiver.url}/done`,
                  body: { video: '{{ trigger.event.video_id }}', url: '{{ trigger.event.url }}' },
                },
              },
            ],
          },
          operator,
        );
        const secret = 'whsec_flows_test';
        const app = createWebhookRoutes({
          gateway: fixture.gateway,
          secrets: [secret],
          onEvent: async (account, event) => void (await fixture.flows.service.onEvent(account, event)),
        });
        const deliver = (body: string, signature = createHmac('sha256', secret).update(body).digest('hex')) =>
          app.request('/webhooks/heygen/default', {
            method: 'POST',
            body,
            headers: { signature, 'content-type': 'application/json' },
          });
        const matching = JSON.stringify({
          event_type: 'avatar_video.success',
          event_data: { video_id: 'v123', url: 'https://cdn.example/v123.mp4', callback_id: 'weekly' },
        });
        const other = JSON.stringify({
          event_type: 'avatar_video.success',
          event_data: { video_id: 'v999', callback_id: 'daily' },
        });
        expect((await deliver(matching, 'f'.repeat(64))).status).toBe(401);
        expect((await deliver(matching)).status).toBe(200);
        expect((await deliver(matching)).status).toBe(200); // HeyGen redelivers
        expect((await deliver(other)).status).toBe(200);
        const runs = await until(async () => {
          const list = await fixture.flows.flowStore.listRuns({});
          return list.length > 0 && list.every((run) => run.status === 'succeeded') ? list : undefined;
        }, 'the event run');
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(runs).toHaveLength(1);
        expect(fixture.receiver.received.map((request) => request.body)).toEqual([
          { video: 'v123', url: 'https://cdn.example/v123.mp4' },
        ]);
      }, 30_000);

      it('retries a failing step with backoff, records attempts, runs the failure handler, and refuses private hosts', async () => {
        const fixture = await setup();
        fixture.receiver.failNext(503, 503);
        await fixture.flows.service.save(
          {
            name: 'retry-and-fail',
            trigger: { manual: true },
            steps: [
              {
                id: 'flaky',
                http: { url: `${fixture.receiver.url}/flaky`, body: { n: 1 } },
                retry: { attempts: 3, backoff: '10ms' },
              },
              { id: 'doubled', lua: 'return { n = input.n * 2 }', input: { n: '{{ trigger.input.n }}' } },
              {
                id: 'check',
                if: '{{ steps.doubled.n == 42 }}',
                then: [
                  {
                    id: 'said',
                    http: { url: `${fixture.receiver.url}/said`, body: { n: '{{ steps.doubled.n }}' } },
                  },
                ],
              },
              { id: 'metadata', http: { method: 'GET', url: 'http://169.254.169.254/latest/meta-data' } },
            ],
            on_failure: [
              {
                id: 'alert',
                http: {
                  url: `${fixture.receiver.url}/alert`,
                  body: { step: '{{ error.step }}', code: '{{ error.code }}' },
                },
              },
            ],
          },
          operator,
        );
        const started = await fixture.flows.service.start('retry-and-fail', operator, { n: 21 });
        const run = await finished(fixture.flows, started.id);
        const step = (key: string) => run.steps!.find((each) => each.key === key);
        expect(run.status).toBe('failed');
        expect(step('flaky')).toMatchObject({ status: 'succeeded', attempts: 3 });
        expect(step('metadata')).toMatchObject({
          status: 'failed',
          attempts: 1,
          error: { code: 'url_refused' },
        });
        expect(run.error).toMatchObject({ code: 'url_refused', step: 'metadata' });
        expect(fixture.receiver.received.map((request) => request.path)).toEqual([
          '/flaky',
          '/flaky',
          '/flaky',
          '/said',
          '/alert',
        ]);
        expect(fixture.receiver.received.at(-1)!.body).toEqual({ step: 'metadata', code: 'url_refused' });
      }, 30_000);

      it('cancels a running run', async () => {
        const fixture = await setup();
        fixture.receiver.delay(10_000);
        await fixture.flows.service.save(
          {
            name: 'slow',
            trigger: { manual: true },
            steps: [
              { id: 'slow', http: { url: `${fixture.receiver.url}/slow` } },
              { id: 'after', lua: 'return 1' },
            ],
          },
          operator,
        );
        const started = await fixture.flows.service.start('slow', operator);
        await until(async () => fixture.receiver.received.length > 0, 'the slow request');
        await fixture.flows.service.cancel(started.id, operator);
        const run = await finished(fixture.flows, started.id);
        expect(run.status).toBe('cancelled');
        expect(run.steps!.map((step) => [step.key, step.status])).toEqual([['slow', 'cancelled']]);
      }, 30_000);
    },
  );
}
