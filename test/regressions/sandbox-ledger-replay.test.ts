import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator/index.ts';
import { openGateway } from '../../src/gateway/open-gateway.ts';

/**
 * Regression: the idempotency ledger lived in $HEYGATE_HOME while each sandbox run starts a fresh emulator,
 * so an identical create in a later sandbox process replayed a job id that emulator never made, and waiting
 * for it hung (seen as `heygate mcp --sandbox` never reporting progress on its second run).
 */
const home = mkdtempSync(join(tmpdir(), 'heygate-sandbox-ledger-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

async function sandboxRun(): Promise<{ emulator: Emulator; videoId: string; found: boolean }> {
  const emulator = createEmulator({});
  const opened = await openGateway({
    env: { HEYGATE_HOME: home },
    sandbox: {
      force: true,
      start: async () => ({
        apiKey: 'sandbox-key',
        baseUrl: 'http://emulator.test',
        fetch: emulator.fetch,
        close: () => emulator.close(),
      }),
    },
  });
  try {
    const { avatarId, voiceId } = emulator.inspect.library();
    const input = {
      type: 'avatar',
      avatar_id: avatarId,
      voice_id: voiceId,
      script: 'Same script every run.',
    };
    const created = await opened.gateway.execute({ tool: 'video_create', input, surface: 'library' });
    if (!created.ok) throw new Error(created.error.message);
    const videoId = (created.data as { video_id: string }).video_id;
    const fetched = await opened.gateway.execute({
      tool: 'video_get',
      input: { video_id: videoId },
      surface: 'library',
    });
    return { emulator, videoId, found: fetched.ok };
  } finally {
    await opened.close();
  }
}

describe('sandbox runs sharing one HEYGATE_HOME', () => {
  it('render the identical create again in each fresh emulator instead of replaying a stale job', async () => {
    const first = await sandboxRun();
    const second = await sandboxRun();
    expect(first.emulator.inspect.renders()).toBe(1);
    expect(second.emulator.inspect.renders()).toBe(1);
    expect(second.found).toBe(true);
  });
});
