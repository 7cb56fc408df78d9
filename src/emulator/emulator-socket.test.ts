import { afterEach, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from './create-emulator.ts';
import { createManualClock } from './manual-clock.ts';

/** The emulator over a real loopback socket, as `heygate emulator` serves it. */

let emulator: Emulator | undefined;

/** Resolves once the emulator has logged `count` requests (the request reached the server). */
async function arrived(count: number): Promise<void> {
  while ((emulator?.inspect.requests().length ?? 0) < count)
    await new Promise((resolve) => setTimeout(resolve, 5));
}

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('listen()', () => {
  it('serves the API and media over HTTP on 127.0.0.1', async () => {
    emulator = createEmulator({ clock: createManualClock(), renderSeconds: 1 });
    const { url } = await emulator.listen(0);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const headers = { 'x-api-key': 'sandbox-key', 'content-type': 'application/json' };
    const me = await fetch(`${url}/v3/users/me`, { headers });
    expect(me.status).toBe(200);
    expect(((await me.json()) as any).data.wallet.remaining_balance).toBe(1000);
    const { avatarId, voiceId } = emulator.inspect.library();
    const created = await fetch(`${url}/v3/videos`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        type: 'avatar',
        avatar_id: avatarId,
        voice_id: voiceId,
        script: 'Over a socket.',
      }),
    });
    const id = ((await created.json()) as any).data.video_id;
    emulator.clock.advance(1000);
    const video = ((await (await fetch(`${url}/v3/videos/${id}`, { headers })).json()) as any).data;
    expect(video.video_url.startsWith(`${url}/emulator/files/`)).toBe(true);
    const file = new Uint8Array(await (await fetch(video.video_url)).arrayBuffer());
    expect(new TextDecoder().decode(file.slice(4, 8))).toBe('ftyp');
    expect((await fetch(`${url}/v3/users/me`, { headers: { 'x-api-key': 'other' } })).status).toBe(401);
  });

  it('reset destroys the connection; timeout hangs until the client aborts', async () => {
    emulator = createEmulator({ clock: createManualClock() });
    const { url } = await emulator.listen(0);
    const headers = { 'x-api-key': 'sandbox-key' };
    const reset = await fetch(`${url}/v3/users/me`, {
      headers: { ...headers, 'x-emulator-fault': 'reset' },
    }).catch((error: unknown) => error);
    expect(reset).toBeInstanceOf(TypeError);
    const controller = new AbortController();
    const hanging = fetch(`${url}/v3/users/me`, {
      headers: { ...headers, 'x-emulator-fault': 'timeout' },
      signal: controller.signal,
    });
    await arrived(2);
    controller.abort();
    await expect(hanging).rejects.toMatchObject({ name: 'AbortError' });
    expect((await fetch(`${url}/v3/users/me`, { headers })).status).toBe(200);
  });

  it('close() ends requests that would hang forever', async () => {
    emulator = createEmulator({ clock: createManualClock() });
    const { url } = await emulator.listen(0);
    const hanging = fetch(`${url}/v3/users/me`, {
      headers: { 'x-api-key': 'sandbox-key', 'x-emulator-fault': 'timeout' },
    }).catch((error: unknown) => error);
    await arrived(1);
    await emulator.close();
    emulator = undefined;
    expect(await hanging).toBeInstanceOf(TypeError);
  });
});
