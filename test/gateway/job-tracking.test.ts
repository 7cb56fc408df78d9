import { afterEach, describe, expect, it } from 'vitest';
import { storeTestTargets } from '../../src/store/store-test-targets.ts';
import { createGatewayFixture, type GatewayFixture } from './gateway-fixture.ts';

/**
 * The gateway's job list (issue 16, ADR 0059): every job a create starts is recorded in the store whatever the
 * surface, followed by waits and by later status calls, finished with the resource or HeyGen's reason.
 */

const targets = await storeTestTargets();

for (const target of targets) {
  describe.runIf(target.enabled)(
    `job tracking on ${target.name}${target.reason ? ` [${target.reason}]` : ''}`,
    () => {
      let fixture: GatewayFixture;
      afterEach(async () => {
        await fixture?.cleanup();
      });

      function render(script: string) {
        const library = fixture.heygen.started.emulator.inspect.library();
        return { type: 'avatar', avatar_id: library.avatarId, voice_id: library.voiceId, script };
      }

      it('records a job nobody waits for, and completes it when its status tool reports the end', async () => {
        fixture = await createGatewayFixture(target);
        const created = await fixture.gateway.execute({
          tool: 'video_create',
          input: render('An agent render.'),
          surface: 'lua',
        });
        expect(created.ok).toBe(true);
        const videoId = (created.ok && (created.data as { video_id: string }).video_id) || '';
        const [running] = await fixture.gateway.jobs.list();
        expect(running).toMatchObject({
          tool: 'video_create',
          kind: 'video',
          jobId: videoId,
          account: 'default',
          surface: 'lua',
          personaName: null,
          state: 'running',
          statusTool: 'video_get',
          idField: 'video_id',
        });
        await fixture.heygen.started.advance(600_000);
        const status = await fixture.gateway.execute({
          tool: 'video_get',
          input: { video_id: videoId },
          surface: 'mcp',
        });
        expect(status.ok).toBe(true);
        const [done] = await fixture.gateway.jobs.list();
        expect(done).toMatchObject({ state: 'completed', status: 'completed', progress: 100 });
        expect(done!.result).toMatchObject({ id: videoId, status: 'completed' });
        expect(done!.finishedAt).not.toBeNull();
      });

      it('follows a waited job to its end, and keeps HeyGen’s reason for a failed one', async () => {
        fixture = await createGatewayFixture(target);
        const persona = await fixture.gateway.personas.create({ name: 'maker', scopes: ['read', 'write'] });
        const ok = await fixture.gateway.execute({
          tool: 'video_create',
          input: render('Hello.'),
          surface: 'mcp',
          personaToken: persona.token,
          wait: { timeoutMs: 600_000 },
        });
        expect(ok.ok).toBe(true);
        const failed = await fixture.gateway.execute({
          tool: 'video_create',
          input: render('This one breaks #emulator-fail'),
          surface: 'http',
          wait: { timeoutMs: 600_000 },
        });
        expect(failed.ok).toBe(false);
        const jobs = await fixture.gateway.jobs.list();
        expect(jobs).toHaveLength(2);
        const completed = jobs.find((job) => job.surface === 'mcp');
        expect(completed).toMatchObject({
          state: 'completed',
          personaName: 'maker',
          personaId: persona.persona.id,
        });
        expect(JSON.stringify(completed!.result)).toContain('video_url');
        const broken = jobs.find((job) => job.surface === 'http');
        expect(broken).toMatchObject({ state: 'failed' });
        expect(broken!.error?.message).toMatch(/^video \S+ failed \(status "failed"\): \S+/);
        // Nothing secret in the stored rows.
        expect(JSON.stringify(jobs)).not.toContain(fixture.apiKey);
        expect(JSON.stringify(jobs)).not.toContain(persona.token);
      });
    },
  );
}
