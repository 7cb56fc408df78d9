import picomatch from 'picomatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ToolDefinition } from '../../src/catalog/define-tool.ts';
import { catalog } from '../../src/catalog/index.ts';
import { ScopeDeniedError } from '../../src/gateway/errors.ts';
import { storeTestTargets } from '../../src/store/store-test-targets.ts';
import { createGatewayFixture } from './gateway-fixture.ts';
import type { GatewayFixture } from './gateway-fixture.ts';

const targets = await storeTestTargets();

/** Each persona's grants and, independently written, which tools they must reach. */
const personas: { name: string; scopes: string[]; expected: (tool: ToolDefinition) => boolean }[] = [
  { name: 'reader', scopes: ['read'], expected: (tool) => tool.access === 'read' },
  { name: 'writer', scopes: ['write'], expected: (tool) => tool.access === 'write' },
  { name: 'destroyer', scopes: ['destructive'], expected: (tool) => tool.access === 'destructive' },
  { name: 'videos', scopes: ['area:videos'], expected: (tool) => tool.area === 'videos' },
  { name: 'video-glob', scopes: ['video_*'], expected: (tool) => picomatch.isMatch(tool.name, 'video_*') },
  { name: 'safe', scopes: ['*', '!destructive'], expected: (tool) => tool.access !== 'destructive' },
  {
    name: 'video-writer',
    scopes: ['read', 'write+area:videos'],
    expected: (tool) => tool.access === 'read' || (tool.access === 'write' && tool.area === 'videos'),
  },
];

for (const target of targets) {
  describe.runIf(target.enabled)(
    `scope matrix on ${target.name}${target.reason ? ` [${target.reason}]` : ''}`,
    () => {
      let fixture: GatewayFixture;
      beforeAll(async () => {
        fixture = await createGatewayFixture(target);
      });
      afterAll(async () => {
        await fixture.cleanup();
      });

      it('covers every access class and the whole catalog', () => {
        expect(new Set(catalog.map((tool) => tool.access))).toEqual(
          new Set(['read', 'write', 'destructive']),
        );
        expect(catalog.length).toBeGreaterThan(150);
      });

      for (const persona of personas) {
        it(`${persona.name} (${persona.scopes.join(' ')}) is allowed exactly its tools; denied calls never reach HeyGen`, async () => {
          const { token } = await fixture.gateway.personas.create({
            name: persona.name,
            scopes: persona.scopes,
          });
          const visible = new Set(
            (await fixture.gateway.visibleTools({ personaToken: token })).map((tool) => tool.name),
          );
          let denied = 0;
          for (const tool of catalog) {
            const before = fixture.heygen.count;
            const allowed = persona.expected(tool);
            expect(visible.has(tool.name), `${tool.name} visible`).toBe(allowed);
            const call = fixture.gateway.execute({
              tool: tool.name,
              input: {},
              surface: 'mcp',
              personaToken: token,
            });
            if (allowed) {
              // Allowed: the call passes the scope check (it may still fail validation or at HeyGen).
              const result = await call;
              expect(result.tool).toBe(tool.name);
            } else {
              await expect(call, tool.name).rejects.toBeInstanceOf(ScopeDeniedError);
              expect(fixture.heygen.count, `${tool.name} reached HeyGen`).toBe(before);
              denied += 1;
            }
          }
          const audited = await fixture.gateway.queryAudit({
            persona: persona.name,
            outcome: 'denied',
            limit: 1000,
          });
          expect(audited.records).toHaveLength(denied);
          expect(denied).toBe(catalog.filter((tool) => !persona.expected(tool)).length);
          // One audit record per call, whatever its outcome (plus an intent before each state-changing send).
          const all = await fixture.gateway.queryAudit({ persona: persona.name, kind: 'call', limit: 1000 });
          expect(all.records).toHaveLength(catalog.length);
        });
      }
    },
  );
}
