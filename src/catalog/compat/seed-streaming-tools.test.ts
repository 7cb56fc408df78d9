import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors.ts';
import { shippedPrices } from '../price-table.ts';
import { createRecordingContext, runCompatTool } from './recording-context.ts';
import { seedStreamingTools } from './seed-streaming-tools.ts';

const carried = ['new_streaming_session', 'streaming_start', 'streaming_task', 'streaming_stop'];
const legacySessionCalls = [
  'streaming_new',
  'streaming_ice',
  'streaming_interrupt',
  'keep_alive_streaming_session',
];
const live = { stream_id: 'st-1', status: 'streaming', hls_url: 'https://cdn.example/st-1.m3u8' };

function tool(name: string) {
  const found = seedStreamingTools.find((entry) => entry.name === name);
  if (!found) throw new Error(`no ${name}`);
  return found;
}

describe('streaming tools', () => {
  it('carry the speaking calls on v3 Avatar Realtime and leave the rest on their retired endpoints', () => {
    for (const entry of seedStreamingTools) {
      if (carried.includes(entry.name)) {
        expect(entry.implementation.kind, entry.name).toBe('composite');
        expect(entry.endpoint.path, entry.name).toMatch(/^\/v3\/avatar-realtime/);
        expect(entry.legacy, entry.name).toBeUndefined();
        expect(entry.description, entry.name).toContain(
          `Runs on ${entry.endpoint.method} ${entry.endpoint.path}`,
        );
        if (entry.name !== 'streaming_stop') expect(entry.description, entry.name).toMatch(/30 s/);
      } else {
        expect(entry.implementation.kind, entry.name).toBe('http');
        expect(entry.endpoint.path, entry.name).toMatch(/^\/v[12]\//);
        expect(entry.legacy?.replacement, entry.name).toMatch(/v3|LiveAvatar/);
      }
    }
  });

  it('session calls accept the session token as an optional input; legacy ones send it as Bearer auth', () => {
    for (const name of [...carried, ...legacySessionCalls]) {
      const schema = z.toJSONSchema(tool(name).input()) as {
        properties: Record<string, unknown>;
        required?: string[];
      };
      expect(Object.keys(schema.properties), name).toContain('session_token');
      expect(schema.required ?? [], name).not.toContain('session_token');
    }
    for (const name of legacySessionCalls)
      expect(tool(name).heygenAuth, name).toEqual(['streaming_token', 'api_key']);
    for (const name of carried) expect(tool(name).heygenAuth, name).toEqual(['api_key', 'oauth']);
  });

  it('new_streaming_session opens a text_stream session, names what v3 ignores and never forwards the token', async () => {
    const recording = createRecordingContext({
      avatar_realtime_create: { stream_id: 'st-1' },
      avatar_realtime_get: { stream_id: 'st-1', status: 'pending', hls_url: null },
    });
    const result = await runCompatTool(
      'new_streaming_session',
      {
        avatar_id: 'look-1',
        voice: { voice_id: 'voice-1', rate: 1.2 },
        text: 'Welcome!',
        quality: 'high',
        knowledge_base_id: 'kb-1',
        disable_idle_timeout: true,
        session_token: 'secret-token',
      },
      recording,
    );
    expect(recording.calls).toEqual([
      {
        tool: 'avatar_realtime_create',
        input: { type: 'text_stream', avatar_id: 'look-1', voice_id: 'voice-1', text: 'Welcome!' },
      },
      { tool: 'avatar_realtime_get', input: { stream_id: 'st-1' } },
    ]);
    expect(result).toMatchObject({ session_id: 'st-1', status: 'pending', url: null, access_token: null });
    expect(result.warnings.join('\n')).toMatch(
      /knowledge_base_id.*\n.*quality.*720p.*\n.*voice\.rate.*\n.*disable_idle_timeout.*30 s.*\n.*session_token/s,
    );
    expect(JSON.stringify(recording.calls)).not.toContain('secret-token');
  });

  it('new_streaming_session requires what v3 needs: avatar_id, voice.voice_id and an opening text', () => {
    const input = tool('new_streaming_session').input();
    expect(input.safeParse({ quality: 'low' }).success).toBe(false);
    const missingText = input.safeParse({ avatar_id: 'a', voice: { voice_id: 'v' } });
    expect(missingText.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['text']);
  });

  it('streaming_start waits for the session to go live and refuses a WebRTC answer', async () => {
    const recording = createRecordingContext({ avatar_realtime_wait: live });
    const result = await runCompatTool('streaming_start', { session_id: 'st-1' }, recording);
    expect(recording.calls).toEqual([
      { tool: 'avatar_realtime_wait', input: { stream_id: 'st-1', timeout_seconds: 60 } },
    ]);
    expect(result).toMatchObject({ session_id: 'st-1', status: 'streaming', url: live.hls_url });
    const refused = runCompatTool(
      'streaming_start',
      { session_id: 'st-1', sdp: { type: 'answer', sdp: 'v=0' } },
      createRecordingContext({}),
    );
    await expect(refused).rejects.toMatchObject({ code: 'invalid_input', field: 'sdp' });
  });

  it('streaming_task appends repeat text and refuses talk/chat (the default) before sending anything', async () => {
    const recording = createRecordingContext({
      avatar_realtime_text_append: { buffered_bytes: 42, ok: true },
    });
    const result = await runCompatTool(
      'streaming_task',
      { session_id: 'st-1', text: 'Say this.', task_type: 'repeat', task_mode: 'sync' },
      recording,
    );
    expect(recording.calls).toEqual([
      { tool: 'avatar_realtime_text_append', input: { stream_id: 'st-1', delta: 'Say this.' } },
    ]);
    expect(result).toMatchObject({ task_id: null, duration_ms: null, buffered_bytes: 42 });
    expect(result.warnings).toEqual([expect.stringContaining('task_mode sync')]);
    for (const taskType of [undefined, 'talk', 'chat']) {
      const empty = createRecordingContext({});
      const call = runCompatTool(
        'streaming_task',
        { session_id: 's', text: 'Hi', task_type: taskType },
        empty,
      );
      await expect(call).rejects.toBeInstanceOf(InvalidInputError);
      await expect(call).rejects.toMatchObject({ field: 'task_type' });
      expect(empty.calls).toEqual([]);
    }
  });

  it('streaming_stop cancels the session', async () => {
    const recording = createRecordingContext({
      avatar_realtime_cancel: { cancelled: true, stream_id: 'st-1' },
    });
    const result = await runCompatTool('streaming_stop', { session_id: 'st-1' }, recording);
    expect(recording.calls).toEqual([{ tool: 'avatar_realtime_cancel', input: { stream_id: 'st-1' } }]);
    expect(result).toMatchObject({ session_id: 'st-1', cancelled: true });
    expect(tool('streaming_stop').access).toBe('destructive');
  });

  it('prices a session and a task from their text (per second of session)', () => {
    const words = Array.from({ length: 25 }, () => 'word').join(' '); // 10 s at 150 words a minute
    expect(tool('new_streaming_session').cost?.estimate?.({ text: words }, shippedPrices)).toBeCloseTo(
      (10 + 30) * 0.05,
      4,
    );
    expect(tool('streaming_task').cost?.estimate?.({ text: words }, shippedPrices)).toBeCloseTo(10 * 0.05, 4);
  });
});
