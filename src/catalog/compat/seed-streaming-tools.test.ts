import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { seedStreamingTools } from './seed-streaming-tools.ts';

const sessionCalls = [
  'new_streaming_session',
  'streaming_new',
  'streaming_start',
  'streaming_ice',
  'streaming_task',
  'streaming_interrupt',
  'streaming_stop',
  'keep_alive_streaming_session',
];

describe('streaming tools', () => {
  it('stay on v1/v2 (no v3 routes) and mark the sunset', () => {
    for (const tool of seedStreamingTools) {
      expect(tool.implementation.kind, tool.name).toBe('http');
      expect(tool.endpoint.path, tool.name).toMatch(/^\/v[12]\//);
      expect(tool.legacy?.replacement, tool.name).toContain('LiveAvatar');
    }
  });

  it('session calls accept the streaming session token, as an optional input', () => {
    for (const name of sessionCalls) {
      const tool = seedStreamingTools.find((entry) => entry.name === name);
      expect(tool?.heygenAuth, name).toEqual(['streaming_token', 'api_key']);
      const schema = z.toJSONSchema(tool!.input()) as {
        properties: Record<string, unknown>;
        required?: string[];
      };
      expect(Object.keys(schema.properties), name).toContain('session_token');
      expect(schema.required ?? [], name).not.toContain('session_token');
    }
    const tokenTool = seedStreamingTools.find((entry) => entry.name === 'streaming_create_token');
    expect(tokenTool?.heygenAuth).toEqual(['api_key']);
  });

  it('streaming_stop is destructive and the task validates its type', () => {
    expect(seedStreamingTools.find((tool) => tool.name === 'streaming_stop')?.access).toBe('destructive');
    const task = seedStreamingTools.find((tool) => tool.name === 'streaming_task')!;
    expect(task.input().safeParse({ session_id: 's', text: 'Hi', task_type: 'repeat' }).success).toBe(true);
    expect(task.input().safeParse({ session_id: 's', text: 'Hi', task_type: 'shout' }).success).toBe(false);
  });
});
