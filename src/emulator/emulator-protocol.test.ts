import { describe, expect, it } from 'vitest';
import { createHarness } from './emulator-harness.ts';
import { mediaUrlTtlMs } from './create-media-store.ts';
import { buildPng, buildWav } from './media-files.ts';

/** Auth, isolation, validation, idempotency, rate limits, credits, uploads, pagination and media URLs. */

const avatarVideo = (avatarId: string, voiceId: string, script = 'A short script for the emulator.') => ({
  type: 'avatar',
  avatar_id: avatarId,
  voice_id: voiceId,
  script,
});

describe('authentication', () => {
  it('answers an unknown key with 401 in each envelope', async () => {
    const { request } = createHarness();
    const v3 = await request('GET', '/v3/users/me', { key: 'nope' });
    expect(v3.status).toBe(401);
    expect(v3.body.error).toMatchObject({ code: 'authentication_failed', param: null, doc_url: null });
    expect(typeof v3.body.error.message).toBe('string');
    const v1 = await request('GET', '/v1/folders', { key: 'nope' });
    expect(v1.status).toBe(401);
    expect(v1.body).toMatchObject({ code: 401 });
    const v2 = await request('GET', '/v2/voices/locales', { key: null });
    expect(v2.status).toBe(401);
    expect(v2.body).toMatchObject({ data: null, error: { code: 'authentication_failed' } });
  });

  it('accepts X-Api-Key in any case; Bearer takes OAuth tokens (emulator-oauth.test.ts), not API keys', async () => {
    const { request } = createHarness();
    expect(
      (await request('GET', '/v3/users/me', { key: null, headers: { 'X-API-KEY': 'sandbox-key' } })).status,
    ).toBe(200);
    expect(
      (await request('GET', '/v3/users/me', { key: null, headers: { authorization: 'Bearer sandbox-key' } }))
        .status,
    ).toBe(401);
    expect(
      (await request('GET', '/v1/folders', { key: null, headers: { authorization: 'Bearer sandbox-key' } }))
        .status,
    ).toBe(401);
  });

  it('accepts a streaming session token as Bearer on streaming calls', async () => {
    const { request } = createHarness();
    const token = (await request('POST', '/v1/streaming.create_token', { json: {} })).body.data.token;
    const session = await request('POST', '/v1/streaming.new', {
      key: null,
      headers: { authorization: `Bearer ${token}` },
      json: { quality: 'low' },
    });
    expect(session.status).toBe(200);
    expect(session.body.data.session_id).toMatch(/^[0-9a-f]{32}$/);
    expect(
      (await request('GET', '/v1/folders', { key: null, headers: { authorization: `Bearer ${token}` } }))
        .status,
    ).toBe(401);
  });
});

describe('per-key isolation', () => {
  it('keeps each key’s resources to itself', async () => {
    const { request, emulator } = createHarness({ keys: ['key-a', 'key-b'] });
    const { avatarId, voiceId } = emulator.inspect.library();
    const created = await request('POST', '/v3/videos', {
      key: 'key-a',
      json: avatarVideo(avatarId, voiceId),
    });
    const id = created.body.data.video_id;
    expect((await request('GET', `/v3/videos/${id}`, { key: 'key-a' })).status).toBe(200);
    const other = await request('GET', `/v3/videos/${id}`, { key: 'key-b' });
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('not_found');
    expect((await request('GET', '/v3/videos', { key: 'key-b' })).body.data).toEqual([]);
    expect(emulator.inspect.renders('key-a')).toBe(1);
    expect(emulator.inspect.renders('key-b')).toBe(0);
    const me = await request('GET', '/v3/users/me', { key: 'key-b' });
    expect(me.body.data.wallet.remaining_balance).toBe(1000);
  });
});

describe('validation', () => {
  it('answers 400 invalid_parameter naming the field', async () => {
    const { request, emulator } = createHarness();
    const missing = await request('POST', '/v3/voices/speech', { json: { text: 'hi' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'invalid_parameter', param: 'voice_id' });
    const wrongType = await request('GET', '/v3/videos?limit=abc');
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.param).toBe('limit');
    const tooMany = await request('GET', '/v3/avatars?limit=51');
    expect(tooMany.body.error.param).toBe('limit');
    const { voiceId } = emulator.inspect.library();
    const unknownAvatar = await request('POST', '/v3/videos', { json: avatarVideo('ghost_look', voiceId) });
    expect(unknownAvatar.status).toBe(400);
    expect(unknownAvatar.body.error.param).toBe('avatar_id');
    const badJson = await request('POST', '/v3/videos', {
      body: '{"type":',
      headers: { 'content-type': 'application/json' },
    });
    expect(badJson.status).toBe(400);
    expect(badJson.body.error.code).toBe('invalid_parameter');
  });

  it('uses the v1 and v2 error envelopes on legacy routes', async () => {
    const { request } = createHarness();
    const v1 = await request('POST', '/v1/folders/create', { json: {} });
    expect(v1.status).toBe(400);
    expect(v1.body).toMatchObject({ code: 400 });
    expect(v1.body.message).toContain('name');
    const v2 = await request('POST', '/v2/photo_avatar/upscale', { json: { id: 'ghost' } });
    expect(v2.status).toBe(404);
    expect(v2.body).toMatchObject({ data: null, error: { code: 'not_found' } });
  });

  it('answers 404 for unknown routes and 405 for wrong methods', async () => {
    const { request } = createHarness();
    expect((await request('GET', '/v3/does-not-exist')).status).toBe(404);
    const wrong = await request('PUT', '/v3/users/me');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
  });

  it('answers a legacy not-found with its numeric v1 code', async () => {
    const { request } = createHarness();
    const share = await request('POST', '/v1/video/share', { json: { video_id: 'f'.repeat(32) } });
    expect(share.status).toBe(404);
    expect(share.body.code).toBe(40104);
  });
});

describe('Idempotency-Key', () => {
  const batch = (source: string) => ({
    video_translations: [{ video: { type: 'url', url: source }, output_languages: ['Spanish'] }],
  });

  it('replays the first answer within 24 h where HeyGen honours the key', async () => {
    const { request, emulator, advance } = createHarness();
    const headers = { 'idempotency-key': 'key-1' };
    const first = await request('POST', '/v3/video-translations/batches', {
      json: batch('https://example.com/a.mp4'),
      headers,
    });
    expect(first.status).toBe(202);
    const replay = await request('POST', '/v3/video-translations/batches', {
      json: batch('https://example.com/a.mp4'),
      headers,
    });
    expect(replay.status).toBe(first.status);
    expect(replay.text).toBe(first.text);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(emulator.inspect.renders()).toBe(1);
    advance(24 * 60 * 60 * 1000);
    const later = await request('POST', '/v3/video-translations/batches', {
      json: batch('https://example.com/a.mp4'),
      headers,
    });
    expect(later.body.data.batch_id).not.toBe(first.body.data.batch_id);
    expect(emulator.inspect.renders()).toBe(2);
  });

  it('never stores a 429 under a key: a refused key stays free, a lying 429 replays the work it hid', async () => {
    const { request, emulator } = createHarness();
    const source = 'https://example.com/limited.mp4';
    // An honest 429 comes before any work: the same key is processed on the next request.
    const refusedKey = { 'idempotency-key': 'refused-1' };
    const refused = await request('POST', '/v3/video-translations/batches', {
      json: batch(source),
      headers: { ...refusedKey, 'x-emulator-fault': '429' },
    });
    expect(refused.status).toBe(429);
    expect(emulator.inspect.renders()).toBe(0);
    const taken = await request('POST', '/v3/video-translations/batches', {
      json: batch(source),
      headers: refusedKey,
    });
    expect(taken.status).toBe(202);
    expect(taken.headers.get('idempotent-replayed')).toBeNull();
    expect(emulator.inspect.renders()).toBe(1);
    // A 429 after the work: the repeat replays the job the 429 hid, even when the repeat meets the fault again.
    const hiddenKey = { 'idempotency-key': 'hidden-1' };
    const lied = await request('POST', '/v3/video-translations/batches', {
      json: batch(source),
      headers: { ...hiddenKey, 'x-emulator-fault': '429-after' },
    });
    expect(lied.status).toBe(429);
    expect(emulator.inspect.renders()).toBe(2);
    const replay = await request('POST', '/v3/video-translations/batches', {
      json: batch(source),
      headers: { ...hiddenKey, 'x-emulator-fault': '429-after' },
    });
    expect(replay.status).toBe(202);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(emulator.inspect.renders()).toBe(2);
  });

  it('answers 409 request_in_progress to a duplicate while the first is in flight', async () => {
    const { request, advance } = createHarness();
    const headers = { 'idempotency-key': 'key-2' };
    const pending = request('POST', '/v3/video-translations/batches', {
      json: batch('https://example.com/b.mp4'),
      headers: { ...headers, 'x-emulator-fault': 'slow=5000' },
    });
    await new Promise((resolve) => setImmediate(resolve));
    const duplicate = await request('POST', '/v3/video-translations/batches', {
      json: batch('https://example.com/b.mp4'),
      headers,
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('request_in_progress');
    advance(5000);
    const first = await pending;
    expect(first.status).toBe(202);
    const replay = await request('POST', '/v3/video-translations/batches', {
      json: batch('https://example.com/b.mp4'),
      headers,
    });
    expect(replay.text).toBe(first.text);
  });

  it('honours the key on the creates HeyGen lists (May 2026), /v3/videos and template renders included', async () => {
    const { request, emulator, advance } = createHarness();
    const { templateId, avatarId, voiceId } = emulator.inspect.library();
    const headers = { 'idempotency-key': 'same' };
    const first = await request('POST', `/v3/templates/${templateId}`, { json: { variables: {} }, headers });
    advance(60_000);
    const replay = await request('POST', `/v3/templates/${templateId}`, { json: { variables: {} }, headers });
    expect(replay.body).toEqual(first.body);
    expect(replay.body.data.status).toBe('pending');
    // Same key on another endpoint: its own scope.
    const one = await request('POST', '/v3/videos', { json: avatarVideo(avatarId, voiceId), headers });
    const two = await request('POST', '/v3/videos', { json: avatarVideo(avatarId, voiceId), headers });
    expect(two.body.data.video_id).toBe(one.body.data.video_id);
    expect(emulator.inspect.renders()).toBe(2);
  });

  it('replays a repeat whose body differs slightly, and logs the mismatch', async () => {
    const { request, emulator } = createHarness();
    const { avatarId, voiceId } = emulator.inspect.library();
    const headers = { 'idempotency-key': 'drifted-body' };
    const first = await request('POST', '/v3/videos', { json: avatarVideo(avatarId, voiceId), headers });
    const reordered = Object.fromEntries(Object.entries(avatarVideo(avatarId, voiceId)).reverse());
    const same = await request('POST', '/v3/videos', { json: reordered, headers });
    const changed = await request('POST', '/v3/videos', {
      json: { ...avatarVideo(avatarId, voiceId), script: 'A different script.' },
      headers,
    });
    expect(same.body.data.video_id).toBe(first.body.data.video_id);
    expect(changed.body.data.video_id).toBe(first.body.data.video_id);
    expect(emulator.inspect.renders()).toBe(1);
    expect(
      emulator.inspect
        .requests({ tool: 'video_create' })
        .map((entry) => [entry.replayed, entry.idempotencyMismatch]),
    ).toEqual([
      [false, false],
      [true, false],
      [true, true],
    ]);
  });

  it('scopes a key to the path parameters of its endpoint, and to the account', async () => {
    const { request, emulator } = createHarness();
    const endpoint = async () =>
      (
        await request('POST', '/v3/webhooks/endpoints', {
          json: { url: 'https://hooks.example.com/in', events: ['avatar_video.success'] },
        })
      ).body.data.endpoint_id as string;
    const [a, b] = [await endpoint(), await endpoint()];
    const headers = { 'idempotency-key': 'rotate-1' };
    const rotateA = await request('POST', `/v3/webhooks/endpoints/${a}/rotate-secret`, { headers });
    const rotateB = await request('POST', `/v3/webhooks/endpoints/${b}/rotate-secret`, { headers });
    const againA = await request('POST', `/v3/webhooks/endpoints/${a}/rotate-secret`, { headers });
    expect(rotateB.headers.get('idempotent-replayed')).toBeNull();
    expect(rotateB.body.data.secret).not.toBe(rotateA.body.data.secret);
    expect(againA.headers.get('idempotent-replayed')).toBe('true');
    expect(againA.body.data.secret).toBe(rotateA.body.data.secret);
    // The same key with another account's credentials is another scope too.
    emulator.addKey('second-key');
    const { avatarId, voiceId } = emulator.inspect.library();
    const mine = await request('POST', '/v3/videos', { json: avatarVideo(avatarId, voiceId), headers });
    const theirs = await request('POST', '/v3/videos', {
      json: avatarVideo(avatarId, voiceId),
      headers,
      key: 'second-key',
    });
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect(theirs.body.data.video_id).not.toBe(mine.body.data.video_id);
  });

  it('refuses a key outside HeyGen’s format on an endpoint that honours keys, and ignores it elsewhere', async () => {
    const { request, emulator } = createHarness();
    const { avatarId, voiceId } = emulator.inspect.library();
    for (const key of ['has space', 'k'.repeat(256), 'semi;colon']) {
      const refused = await request('POST', '/v3/videos', {
        json: avatarVideo(avatarId, voiceId),
        headers: { 'idempotency-key': key },
      });
      expect(refused.status).toBe(400);
      expect(refused.body.error.param).toBe('Idempotency-Key');
    }
    expect(emulator.inspect.renders()).toBe(0);
    // video-agents does not honour the header: a repeat is a new session, whatever the key looks like.
    const body = { prompt: 'A thirty second explainer about heygate.' };
    const one = await request('POST', '/v3/video-agents', {
      json: body,
      headers: { 'idempotency-key': 'x y' },
    });
    const two = await request('POST', '/v3/video-agents', {
      json: body,
      headers: { 'idempotency-key': 'x y' },
    });
    expect(one.status).toBeLessThan(300);
    expect(two.body.data.session_id).not.toBe(one.body.data.session_id);
  });

  it('dedupes background removals by body request_id', async () => {
    const { request, emulator } = createHarness();
    const body = { video: { type: 'url', url: 'https://example.com/v.mp4' }, request_id: 'r-1' };
    const first = await request('POST', '/v3/background-removals', { json: body });
    const second = await request('POST', '/v3/background-removals', { json: body });
    expect(second.body.data.id).toBe(first.body.data.id);
    expect(emulator.inspect.jobs().filter((job) => job.kind === 'background_removal')).toHaveLength(1);
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After past the requests-per-minute limit', async () => {
    const { request, advance } = createHarness({ rateLimit: { requestsPerMinute: 3 } });
    for (let index = 0; index < 3; index++) expect((await request('GET', '/v3/users/me')).status).toBe(200);
    const limited = await request('GET', '/v3/users/me');
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limit_exceeded');
    expect(limited.headers.get('retry-after')).toBe('60');
    const legacy = await request('GET', '/v1/folders');
    expect(legacy.status).toBe(429);
    expect(legacy.body.code).toBe(429);
    advance(60_000);
    expect((await request('GET', '/v3/users/me')).status).toBe(200);
  });

  it('limits concurrent jobs per key and tells when a slot frees', async () => {
    const { request, emulator, advance } = createHarness({
      rateLimit: { concurrentJobs: 2 },
      renderSeconds: 30,
    });
    const { avatarId, voiceId } = emulator.inspect.library();
    expect((await request('POST', '/v3/videos', { json: avatarVideo(avatarId, voiceId) })).status).toBe(200);
    advance(10_000);
    expect((await request('POST', '/v3/videos', { json: avatarVideo(avatarId, voiceId) })).status).toBe(200);
    const third = await request('POST', '/v3/videos', { json: avatarVideo(avatarId, voiceId) });
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('20');
    advance(20_000);
    expect((await request('POST', '/v3/videos', { json: avatarVideo(avatarId, voiceId) })).status).toBe(200);
  });
});

describe('credits', () => {
  it('charges per minute of output, shows the balance and refuses with 402 when short', async () => {
    const { request, emulator } = createHarness({ startingCredits: 10 });
    const { avatarId, voiceId } = emulator.inspect.library();
    const script = Array.from({ length: 150 }, () => 'word').join(' '); // 60 s of speech
    const created = await request('POST', '/v3/videos', {
      json: { ...avatarVideo(avatarId, voiceId, script), engine: { type: 'avatar_iii' } },
    });
    expect(created.status).toBe(200);
    expect(emulator.inspect.credits()).toBe(9);
    const me = await request('GET', '/v3/users/me');
    expect(me.body.data.wallet).toMatchObject({ currency: 'credits', remaining_balance: 9 });
    // Avatar IV (the default engine) costs 6 credits per minute: 2 minutes need 12.
    const long = Array.from({ length: 300 }, () => 'word').join(' ');
    const refused = await request('POST', '/v3/videos', { json: avatarVideo(avatarId, voiceId, long) });
    expect(refused.status).toBe(402);
    expect(refused.body.error.code).toBe('insufficient_credits');
    expect(emulator.inspect.credits()).toBe(9);
    expect(emulator.inspect.renders()).toBe(1);
  });

  it('refunds failed renders', async () => {
    const { request, emulator, advance } = createHarness({ renderSeconds: 5 });
    const { avatarId, voiceId } = emulator.inspect.library();
    await request('POST', '/v3/videos', {
      json: avatarVideo(avatarId, voiceId),
      headers: { 'x-emulator-job-outcome': 'failed' },
    });
    expect(emulator.inspect.credits()).toBe(999);
    advance(5000);
    expect(emulator.inspect.credits()).toBe(1000);
    expect(emulator.inspect.creditsSpent()).toBe(0);
  });
});

describe('uploads', () => {
  it('stores a multipart upload and serves its bytes back', async () => {
    const { request, emulator } = createHarness();
    const png = buildPng();
    const form = new FormData();
    form.append('file', new Blob([png], { type: 'image/png' }), 'face.png');
    const created = await request('POST', '/v3/assets', { body: form });
    expect(created.status).toBe(200);
    expect(created.body.data).toMatchObject({ mime_type: 'image/png', size_bytes: png.byteLength });
    const download = await emulator.fetch(created.body.data.url);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(png);
  });

  it('answers 413 for uploads over 32 MB', async () => {
    const { request } = createHarness();
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(32 * 1024 * 1024 + 1)], { type: 'video/mp4' }), 'big.mp4');
    const response = await request('POST', '/v3/assets', { body: form });
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('payload_too_large');
  });

  it('accepts the legacy raw-body upload on the upload host path', async () => {
    const { request, emulator } = createHarness();
    const response = await request('POST', '/v1/talking_photo', {
      body: buildPng(),
      headers: { 'content-type': 'image/png' },
    });
    expect(response.body.code).toBe(100);
    const look = await request('GET', `/v3/avatars/looks/${response.body.data.talking_photo_id}`);
    expect(look.body.data).toMatchObject({ avatar_type: 'photo_avatar', status: 'completed' });
    expect(emulator.inspect.account()?.looks.size).toBe(1);
  });
});

describe('pagination', () => {
  it('pages v3 lists with limit + token → has_more + next_token', async () => {
    const { request } = createHarness();
    const seen: string[] = [];
    let token: string | null = null;
    let pages = 0;
    do {
      const response = await request('GET', `/v3/voices?limit=10${token ? `&token=${token}` : ''}`);
      expect(response.status).toBe(200);
      seen.push(...response.body.data.map((voice: { voice_id: string }) => voice.voice_id));
      token = response.body.next_token;
      expect(response.body.has_more).toBe(token !== null);
      pages += 1;
    } while (token);
    expect(pages).toBeGreaterThan(2);
    expect(new Set(seen).size).toBe(seen.length);
    const bad = await request('GET', '/v3/voices?token=garbage');
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe('token');
  });

  it('pages legacy lists with the next cursor in data.token', async () => {
    const { request } = createHarness();
    for (const name of ['a', 'b', 'c']) await request('POST', '/v1/folders/create', { json: { name } });
    const first = await request('GET', '/v1/folders?limit=2');
    expect(first.body.data.folders).toHaveLength(2);
    const second = await request('GET', `/v1/folders?limit=2&token=${first.body.data.token}`);
    expect(second.body.data.folders).toHaveLength(1);
    expect(second.body.data.token).toBeNull();
  });
});

describe('media URLs', () => {
  const magic = async (response: Response) => new Uint8Array(await response.arrayBuffer());

  it('serve valid files: MP4 ftyp, PNG signature, MP3 and WAV headers', async () => {
    const { request, emulator, advance } = createHarness({ renderSeconds: 1 });
    const { avatarId, voiceId } = emulator.inspect.library();
    const created = await request('POST', '/v3/videos', { json: avatarVideo(avatarId, voiceId) });
    advance(1000);
    const video = (await request('GET', `/v3/videos/${created.body.data.video_id}`)).body.data;
    const mp4 = await magic(await emulator.fetch(video.video_url));
    expect(new TextDecoder().decode(mp4.slice(4, 8))).toBe('ftyp');
    const png = await magic(await emulator.fetch(video.thumbnail_url));
    expect([...png.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const speech = (
      await request('POST', '/v3/voices/speech', { json: { text: 'Hello there', voice_id: voiceId } })
    ).body.data;
    const mp3 = await magic(await emulator.fetch(speech.audio_url));
    const id3 = new TextDecoder().decode(mp3.slice(0, 3)) === 'ID3';
    expect(id3 || (mp3[0] === 0xff && ((mp3[1] as number) & 0xe0) === 0xe0)).toBe(true);
  });

  it('serve WAV files that start with RIFF/WAVE', async () => {
    const { request, emulator } = createHarness();
    const form = new FormData();
    form.append('file', new Blob([buildWav()], { type: 'audio/wav' }), 'tone.wav');
    const created = await request('POST', '/v3/assets', { body: form });
    const wav = new Uint8Array(await (await emulator.fetch(created.body.data.url)).arrayBuffer());
    expect(new TextDecoder().decode(wav.slice(0, 4))).toBe('RIFF');
    expect(new TextDecoder().decode(wav.slice(8, 12))).toBe('WAVE');
  });

  it('expire after 7 days and reject tampered signatures with 403', async () => {
    const { request, emulator, advance } = createHarness();
    const url = (await request('GET', '/v3/avatars/looks?limit=1')).body.data[0].preview_image_url as string;
    expect(url).toMatch(/Expires=\d+&Signature=[\w-]+&Key-Pair-Id=/);
    expect((await emulator.fetch(url)).status).toBe(200);
    const tampered = url.replace(
      /Signature=([\w-])/,
      (_, first: string) => `Signature=${first === 'A' ? 'B' : 'A'}`,
    );
    const denied = await emulator.fetch(tampered);
    expect(denied.status).toBe(403);
    expect(await denied.text()).toContain('AccessDenied');
    const unsigned = await emulator.fetch(url.split('?')[0] as string);
    expect(unsigned.status).toBe(403);
    advance(mediaUrlTtlMs);
    const expired = await emulator.fetch(url);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('expired');
    const fresh = (await request('GET', '/v3/avatars/looks?limit=1')).body.data[0]
      .preview_image_url as string;
    expect((await emulator.fetch(fresh)).status).toBe(200);
  });
});

describe('inspect', () => {
  it('logs requests with a key hash (never the key) and the idempotency key', async () => {
    const { request, emulator } = createHarness({ keys: ['secret-key-123'] });
    await request('GET', '/v3/users/me', { key: 'secret-key-123', headers: { 'idempotency-key': 'abc' } });
    const [entry] = emulator.inspect.requests({ key: 'secret-key-123' });
    expect(entry).toMatchObject({
      method: 'GET',
      path: '/v3/users/me',
      tool: 'user_me_get',
      status: 200,
      idempotencyKey: 'abc',
    });
    expect(entry?.keyHash).toMatch(/^[0-9a-f]{12}$/);
    expect(JSON.stringify(emulator.inspect.requests())).not.toContain('secret-key-123');
  });
});
