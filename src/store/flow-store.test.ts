import { describe, expect, it } from 'vitest';
import type { FlowRunRow } from './flow-store.ts';
import { openFlowStore } from './open-flow-store.ts';
import { storeTestTargets } from './store-test-targets.ts';

const targets = await storeTestTargets();

function run(id: string, overrides: Partial<FlowRunRow> = {}): FlowRunRow {
  const at = '2026-12-06T10:00:00.000Z';
  return {
    id,
    flowId: 'fl_1',
    flowName: 'weekly',
    flowVersion: 1,
    definition: '{}',
    personaId: null,
    status: 'queued',
    trigger: '{"kind":"manual"}',
    dedupeKey: null,
    owner: null,
    leaseUntil: 0,
    claims: 0,
    cancelRequested: false,
    error: null,
    credits: 0,
    createdAt: at,
    startedAt: null,
    finishedAt: null,
    updatedAt: at,
    ...overrides,
  };
}

for (const target of targets) {
  describe.runIf(target.enabled)(
    `flow store on ${target.name}${target.reason ? ` [${target.reason}]` : ''}`,
    () => {
      it('keeps flows, refuses a second flow of the same name and bumps versions', async () => {
        const fixture = await target.create();
        try {
          const flows = openFlowStore(fixture.store);
          const at = '2026-12-06T10:00:00.000Z';
          const row = {
            id: 'fl_1',
            name: 'weekly',
            definition: '{"a":1}',
            personaId: null,
            enabled: true,
            version: 1,
            createdBy: 'operator',
            createdAt: at,
            updatedAt: at,
          };
          await flows.insertFlow(row);
          await expect(flows.insertFlow({ ...row, id: 'fl_2' })).rejects.toMatchObject({
            code: 'store_conflict',
          });
          const updated = await flows.updateFlow(
            'fl_1',
            { enabled: false, version: 2 },
            '2026-12-06T11:00:00.000Z',
          );
          expect(updated).toMatchObject({
            enabled: false,
            version: 2,
            updatedAt: '2026-12-06T11:00:00.000Z',
          });
          expect((await flows.getFlow('weekly'))?.id).toBe('fl_1');
          expect(await flows.deleteFlow('fl_1')).toBe(true);
          expect(await flows.listFlows()).toEqual([]);
        } finally {
          await fixture.cleanup();
        }
      });

      it('starts a deduplicated trigger once, claims a run once and lets another owner take it after its lease', async () => {
        const fixture = await target.create();
        try {
          const flows = openFlowStore(fixture.store);
          expect(await flows.insertRun(run('run_1', { dedupeKey: 'cron:fl_1:t1' }))).toBe(true);
          expect(await flows.insertRun(run('run_2', { dedupeKey: 'cron:fl_1:t1' }))).toBe(false);
          const second = openFlowStore(await fixture.reopen());
          const [a, b] = await Promise.all([
            flows.claimRun('run_1', 'a', 2_000, 1_000, 'x'),
            second.claimRun('run_1', 'b', 2_000, 1_000, 'x'),
          ]);
          expect([a, b].filter(Boolean)).toHaveLength(1);
          const owner = a ? 'a' : 'b';
          expect(await flows.claimRun('run_1', 'c', 3_000, 1_500, 'x')).toBeUndefined();
          expect(await flows.listClaimable(1_500, 10)).toEqual([]);
          expect((await flows.listClaimable(2_500, 10)).map((each) => each.id)).toEqual(['run_1']);
          const taken = await flows.claimRun('run_1', 'c', 5_000, 2_500, 'y');
          expect(taken).toMatchObject({ owner: 'c', claims: 2, status: 'running' });
          expect(await flows.renewLease('run_1', owner, 9_000)).toBe(false);
          expect(await flows.updateRun('run_1', owner, { status: 'succeeded' }, 'z')).toBe(false);
          expect(
            await flows.updateRun('run_1', 'c', { status: 'succeeded', finishedAt: 'z', credits: 2.5 }, 'z'),
          ).toBe(true);
          expect(await flows.getRun('run_1')).toMatchObject({
            status: 'succeeded',
            leaseUntil: 0,
            credits: 2.5,
          });
          expect(await flows.claimRun('run_1', 'd', 9_000, 99_999, 'w')).toBeUndefined();
        } finally {
          await fixture.cleanup();
        }
      });

      it('cancels a queued run at once, flags a running one, and pages history newest first', async () => {
        const fixture = await target.create();
        try {
          const flows = openFlowStore(fixture.store);
          for (let index = 0; index < 5; index += 1)
            await flows.insertRun(run(`run_${index}`, { createdAt: `2026-12-06T10:00:0${index}.000Z` }));
          expect(await flows.requestCancel('run_0', 'now')).toMatchObject({
            status: 'cancelled',
            cancelRequested: true,
          });
          await flows.claimRun('run_1', 'a', 10, 0, 'x');
          expect(await flows.requestCancel('run_1', 'now')).toMatchObject({
            status: 'running',
            cancelRequested: true,
          });
          const page = await flows.listRuns({ flowId: 'fl_1', limit: 2 });
          expect(page.map((each) => each.id)).toEqual(['run_4', 'run_3']);
          expect((await flows.listRuns({ flowId: 'fl_1', before: 'run_3' })).map((each) => each.id)).toEqual([
            'run_2',
            'run_1',
            'run_0',
          ]);
          expect((await flows.listRuns({ status: 'cancelled' })).map((each) => each.id)).toEqual(['run_0']);
        } finally {
          await fixture.cleanup();
        }
      });

      it('saves step rows and connections, replacing a sealed secret only when it is unchanged', async () => {
        const fixture = await target.create();
        try {
          const flows = openFlowStore(fixture.store);
          const step = {
            runId: 'run_1',
            key: 'render',
            stepId: 'render',
            kind: 'tool',
            seq: 0,
            status: 'waiting' as const,
            attempt: 1,
            input: '{}',
            output: null,
            error: null,
            state: '{"created":{"video_id":"v"}}',
            credits: 1,
            startedAt: 'a',
            finishedAt: null,
            durationMs: null,
            updatedAt: 'a',
          };
          await flows.saveStep(step);
          await flows.saveStep({ ...step, status: 'succeeded', output: '{"video_url":"u"}' });
          expect(await flows.listSteps('run_1')).toEqual([
            { ...step, status: 'succeeded', output: '{"video_url":"u"}' },
          ]);
          const connection = {
            name: 'cms',
            kind: 'http' as const,
            config: '{"url":"https://cms.example/mcp","secrets":["authorization"]}',
            secretRecord: 'sealed-1',
            createdAt: 'a',
            updatedAt: 'a',
          };
          await flows.insertConnection(connection);
          await expect(flows.insertConnection(connection)).rejects.toMatchObject({ code: 'store_conflict' });
          expect(await flows.replaceConnectionSecret('cms', 'other', 'sealed-2', 'b')).toBe(false);
          expect(await flows.replaceConnectionSecret('cms', 'sealed-1', 'sealed-2', 'b')).toBe(true);
          expect(await flows.getConnection('cms')).toMatchObject({ secretRecord: 'sealed-2' });
          expect(await flows.deleteConnection('cms')).toBe(true);
        } finally {
          await fixture.cleanup();
        }
      });
    },
  );
}
