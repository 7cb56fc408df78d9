import { describe, expect, it } from 'vitest';
import { catalog, getTool } from '../../catalog/index.ts';
import { reconcileCreate, reconcilePlan, stampInput } from './reconcile-create.ts';

describe('reconcilePlan', () => {
  it('derives the lookup of a create from the catalog: the GET on its own path, matched on what the list returns', () => {
    expect(reconcilePlan(getTool('video_create'), catalog)).toMatchObject({
      listTool: { name: 'video_list' },
      matchField: 'title',
    });
    expect(reconcilePlan(getTool('lipsync_create'), catalog)).toMatchObject({
      listTool: { name: 'lipsync_list' },
      matchField: 'callback_id',
    });
    expect(reconcilePlan(getTool('video_translation_create'), catalog)).toMatchObject({
      listTool: { name: 'video_translation_list' },
      matchField: 'callback_id',
    });
  });

  it('has no plan for creates whose jobs cannot be listed or matched', () => {
    expect(reconcilePlan(getTool('lipsync_batch_create'), catalog)).toBeUndefined();
    expect(reconcilePlan(getTool('voice_list'), catalog)).toBeUndefined();
  });
});

describe('stampInput', () => {
  const plan = reconcilePlan(getTool('video_create'), catalog);
  const input = { type: 'avatar', avatar_id: 'a', voice_id: 'v', script: 'hi' };

  it('stamps the match field when the caller left it out, and keeps the caller’s value otherwise', () => {
    expect(stampInput(getTool('video_create'), plan, input, 'heygate-abc')).toEqual({
      input: { ...input, title: 'heygate-abc' },
      stamp: { title: 'heygate-abc' },
    });
    expect(stampInput(getTool('video_create'), plan, { ...input, title: 'Launch' }, 'heygate-abc')).toEqual({
      input: { ...input, title: 'Launch' },
      stamp: { title: 'Launch' },
    });
  });

  it('stamps nothing without a plan', () => {
    expect(stampInput(getTool('voice_list'), undefined, {}, 'x')).toEqual({ input: {}, stamp: {} });
  });
});

describe('reconcileCreate', () => {
  const tool = getTool('video_translation_create');
  const plan = reconcilePlan(tool, catalog)!;
  const attemptAt = Date.UTC(2026, 0, 1, 12);
  const item = (id: string, callbackId: string | null, createdAt = attemptAt / 1000) => ({
    id,
    status: 'pending',
    callback_id: callbackId,
    created_at: createdAt,
  });

  it('returns every job the create made, shaped like the create’s answer', async () => {
    const outcome = await reconcileCreate({
      tool,
      plan,
      stamp: { callback_id: 'heygate-1' },
      attemptAt,
      send: async (listTool, listInput) => {
        expect(listTool.name).toBe('video_translation_list');
        expect(listInput).toMatchObject({ limit: expect.any(Number) });
        return {
          data: [item('t1', 'heygate-1'), item('t2', 'other'), item('t3', 'heygate-1')],
          has_more: false,
        };
      },
    });
    expect(outcome).toEqual({
      found: true,
      result: { video_translation_ids: ['t1', 't3'] },
      ids: ['t1', 't3'],
    });
  });

  it('ignores jobs with the same marker made long before the attempt', async () => {
    const outcome = await reconcileCreate({
      tool,
      plan,
      stamp: { callback_id: 'reused' },
      attemptAt,
      send: async () => ({ data: [item('old', 'reused', attemptAt / 1000 - 3600)] }),
    });
    expect(outcome).toEqual({ found: false });
  });

  it('refuses to guess when a single-job create’s marker matches several jobs', async () => {
    const video = getTool('video_create');
    await expect(
      reconcileCreate({
        tool: video,
        plan: reconcilePlan(video, catalog)!,
        stamp: { title: 'Weekly update' },
        attemptAt,
        send: async () => ({
          data: [
            { id: 'v1', title: 'Weekly update' },
            { id: 'v2', title: 'Weekly update' },
          ],
        }),
      }),
    ).rejects.toThrow('2 jobs match "Weekly update"');
    await expect(
      reconcileCreate({
        tool: video,
        plan: reconcilePlan(video, catalog)!,
        stamp: { title: 'Weekly update' },
        attemptAt,
        send: async () => ({ data: [{ id: 'v1', title: 'Weekly update', status: 'pending' }] }),
      }),
    ).resolves.toEqual({ found: true, result: { video_id: 'v1', status: 'pending' }, ids: ['v1'] });
  });

  it('throws when the lookup fails, so the caller keeps the outcome unknown', async () => {
    await expect(
      reconcileCreate({
        tool,
        plan,
        stamp: { callback_id: 'x' },
        attemptAt,
        send: async () => {
          throw new Error('HeyGen is down');
        },
      }),
    ).rejects.toThrow('HeyGen is down');
  });
});

describe('reconcileCreate for a conversation (video agents)', () => {
  const attemptAt = Date.UTC(2026, 0, 1, 12);
  const seconds = (ms: number) => Math.floor(ms / 1000);
  const session = (id: string, messages: { content: string; at: number; role?: string }[]) => ({
    data: {
      session_id: id,
      status: 'thinking',
      created_at: seconds(attemptAt),
      messages: messages.map((message) => ({
        role: message.role ?? 'user',
        type: 'text',
        content: message.content,
        created_at: seconds(message.at),
      })),
    },
  });

  it('finds the new session whose first message is the prompt', async () => {
    const tool = getTool('video_agent_create');
    const outcome = await reconcileCreate({
      tool,
      plan: reconcilePlan(tool, catalog)!,
      stamp: { prompt: 'A video about otters.' },
      attemptAt,
      send: async (readTool, input) => {
        if (readTool.name === 'video_agent_list') {
          return {
            data: [
              { session_id: 's-new', created_at: seconds(attemptAt) },
              { session_id: 's-other', created_at: seconds(attemptAt) },
              { session_id: 's-old', created_at: seconds(attemptAt) - 7200 },
            ],
          };
        }
        expect(readTool.name).toBe('video_agent_get');
        return input.session_id === 's-new'
          ? session('s-new', [{ content: 'A video about otters.', at: attemptAt }])
          : session(String(input.session_id), [{ content: 'Something else.', at: attemptAt }]);
      },
    });
    expect(outcome).toEqual({
      found: true,
      result: { session_id: 's-new', status: 'thinking' },
      ids: ['s-new'],
    });
  });

  it('finds a message sent to the session named in the input, and refuses to guess between two', async () => {
    const tool = getTool('video_agent_send');
    const plan = reconcilePlan(tool, catalog)!;
    const lookup = (messages: { content: string; at: number; role?: string }[]) =>
      reconcileCreate({
        tool,
        plan,
        stamp: { message: 'Make it shorter.' },
        attemptAt,
        input: { session_id: 's1', message: 'Make it shorter.' },
        send: async () => session('s1', messages),
      });
    await expect(lookup([{ content: 'Make it shorter.', at: attemptAt - 3_600_000 }])).resolves.toEqual({
      found: false,
    });
    await expect(
      lookup([
        { content: 'Make it shorter.', at: attemptAt },
        { content: 'Make it shorter.', at: attemptAt, role: 'assistant' },
      ]),
    ).resolves.toMatchObject({ found: true, ids: ['s1'] });
    await expect(
      lookup([
        { content: 'Make it shorter.', at: attemptAt },
        { content: 'Make it shorter.', at: attemptAt + 1000 },
      ]),
    ).rejects.toThrow('2 jobs match');
  });
});

describe('reconcileCreate for a batch of items (video batches)', () => {
  const tool = getTool('video_batch_create');
  const plan = reconcilePlan(tool, catalog)!;
  const attemptAt = Date.UTC(2026, 0, 1, 12);
  const video = (id: string, title: string) => ({
    id,
    title,
    status: 'pending',
    created_at: attemptAt / 1000,
  });
  const input = { videos: [{ type: 'avatar' }, { type: 'avatar', title: 'Mine' }] };

  it('is derived from the catalog: items stamped by title, found in the list on the parent path', () => {
    expect(plan).toMatchObject({ kind: 'items', itemsField: 'videos', matchField: 'title' });
    expect(plan.kind === 'items' && plan.listTool.name).toBe('video_list');
    const stamped = stampInput(
      tool,
      plan,
      { videos: [{ ...videoItem() }, { ...videoItem(), title: 'Mine' }] },
      'heygate-m',
    );
    expect(stamped.stamp).toEqual({ title: 'heygate-m', items: '2' });
    expect((stamped.input as { videos: { title: string }[] }).videos.map((item) => item.title)).toEqual([
      'heygate-m-0',
      'Mine',
    ]);
  });

  it('rebuilds the answer from the items’ videos, asking once per distinct title', async () => {
    const asked: unknown[] = [];
    const outcome = await reconcileCreate({
      tool,
      plan,
      stamp: { title: 'heygate-m', items: '2' },
      attemptAt,
      now: attemptAt + 1_000,
      input,
      send: async (_list, listInput) => {
        asked.push(listInput);
        const title = (listInput as { title: string }).title;
        return { data: title === 'Mine' ? [video('v2', 'Mine')] : [video('v1', 'heygate-m-0')] };
      },
    });
    expect(asked).toHaveLength(2);
    expect(outcome).toMatchObject({
      found: true,
      ids: ['v1', 'v2'],
      result: { batch_id: null, total_items: 2, video_ids: ['v1', 'v2'] },
    });
  });

  it('calls a batch absent only once its items have had time to be listed', async () => {
    const options = {
      tool,
      plan,
      stamp: { title: 'heygate-m', items: '2' },
      attemptAt,
      input,
      send: async () => ({ data: [] }),
    };
    await expect(reconcileCreate({ ...options, now: attemptAt + 1_000 })).rejects.toThrow(/is listed yet/);
    await expect(reconcileCreate({ ...options, now: attemptAt + 120_000 })).resolves.toEqual({
      found: false,
    });
  });

  it('refuses to guess when a title matches more videos than items', async () => {
    await expect(
      reconcileCreate({
        tool,
        plan,
        stamp: { title: 'heygate-m', items: '2' },
        attemptAt,
        input,
        send: async () => ({ data: [video('a', 'Mine'), video('b', 'Mine'), video('c', 'heygate-m-0')] }),
      }),
    ).rejects.toThrow(/more jobs than items/);
  });
});

function videoItem() {
  return { type: 'avatar', avatar_id: 'a', voice_id: 'v', script: 'hi' };
}
