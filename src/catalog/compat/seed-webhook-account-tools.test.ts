import { describe, expect, it } from 'vitest';
import { accountBalance } from './account-balance.ts';
import { createRecordingContext, runCompatTool } from './recording-context.ts';

const endpoint = {
  endpoint_id: '038fb5f9a62d48e5af08834d20404606',
  url: 'https://hooks.example.com/heygen',
  status: 'enabled',
  events: ['avatar_video.success', 'avatar_video.fail'],
  secret: 'whsec_test_only_not_real',
  created_at: '2026-04-03T05:40:46Z',
};

describe('webhook endpoint tools', () => {
  it('v1_webhook_endpoint_add registers on v3 and returns the secret once', async () => {
    const recording = createRecordingContext({ webhook_endpoint_create: endpoint });
    const result = await runCompatTool(
      'v1_webhook_endpoint_add',
      { url: endpoint.url, events: ['avatar_video.success', 'avatar_video.fail'] },
      recording,
    );
    expect(recording.calls[0]).toEqual({
      tool: 'webhook_endpoint_create',
      input: { url: endpoint.url, events: ['avatar_video.success', 'avatar_video.fail'] },
    });
    expect(result).toMatchObject({
      endpoint_id: endpoint.endpoint_id,
      secret: endpoint.secret,
      username: null,
    });
  });

  it('rejects an event v3 does not know before calling', async () => {
    const recording = createRecordingContext({});
    await expect(
      runCompatTool(
        'v1_webhook_endpoint_add',
        { url: endpoint.url, events: ['avatar_video.done'] },
        recording,
      ),
    ).rejects.toMatchObject({ field: 'events[0]' });
  });

  it('update_webhook_endpoint moves the id from the body to the path', async () => {
    const recording = createRecordingContext({
      webhook_endpoint_update: { ...endpoint, url: 'https://new.example' },
    });
    const result = await runCompatTool(
      'update_webhook_endpoint',
      { endpoint_id: endpoint.endpoint_id, url: 'https://new.example' },
      recording,
    );
    expect(recording.calls[0]).toEqual({
      tool: 'webhook_endpoint_update',
      input: { endpoint_id: endpoint.endpoint_id, url: 'https://new.example' },
    });
    expect(result.url).toBe('https://new.example');
  });

  it('delete_webhook_endpoint deletes on v3', async () => {
    const recording = createRecordingContext({ webhook_endpoint_delete: {} });
    const result = await runCompatTool('delete_webhook_endpoint', { endpoint_id: 'ep_1' }, recording);
    expect(recording.calls).toEqual([{ tool: 'webhook_endpoint_delete', input: { endpoint_id: 'ep_1' } }]);
    expect(result).toEqual({ endpoint_id: 'ep_1', deleted: true });
  });

  it('v1_webhook_endpoint_list wraps the endpoints of every page', async () => {
    const recording = createRecordingContext({
      webhook_endpoint_list: [
        { data: [endpoint], has_more: true, next_token: 'w2' },
        { data: [{ ...endpoint, endpoint_id: 'ep_2' }], has_more: false, next_token: null },
      ],
    });
    const result = await runCompatTool('v1_webhook_endpoint_list', {}, recording);
    expect(result.endpoints.map((item: any) => item.endpoint_id)).toEqual([endpoint.endpoint_id, 'ep_2']);
  });

  it('v1_webhook_webhook_list gives bare event names like v1, plus the v3 objects', async () => {
    const eventTypes = [
      { event_type: 'avatar_video.success', description: 'A video finished rendering' },
      { event_type: 'video_translate.fail', description: 'A translation failed' },
    ];
    const recording = createRecordingContext({
      webhook_event_type_list: { data: eventTypes, has_more: false, next_token: null },
    });
    const result = await runCompatTool('v1_webhook_webhook_list', {}, recording);
    expect(recording.calls).toEqual([{ tool: 'webhook_event_type_list', input: {} }]);
    expect(result).toEqual({
      events: ['avatar_video.success', 'video_translate.fail'],
      event_types: eventTypes,
    });
  });
});

const user = {
  username: 'u_8c2e',
  email: 'ops@example.com',
  first_name: 'Ops',
  last_name: 'Team',
};

describe('accountBalance', () => {
  it('sums premium and add-on credits on a subscription', () => {
    expect(
      accountBalance({
        ...user,
        billing_type: 'subscription',
        subscription: {
          plan: 'pro',
          credits: { premium_credits: { remaining: 120 }, add_on_credits: { remaining: 30 } },
        },
      }),
    ).toEqual({ amount: 150, unit: 'credits', billingType: 'subscription', plan: 'pro' });
  });

  it('reads a wallet in its currency and usage-based credits', () => {
    expect(
      accountBalance({
        ...user,
        billing_type: 'wallet',
        wallet: { currency: 'usd', remaining_balance: 42.5 },
      }),
    ).toEqual({
      amount: 42.5,
      unit: 'usd',
      billingType: 'wallet',
      plan: null,
    });
    expect(accountBalance({ ...user, usage_based: { remaining_credits: 900 } })).toMatchObject({
      amount: 900,
      unit: 'credits',
      billingType: 'usage_based',
    });
    expect(accountBalance(user)).toEqual({ amount: null, unit: null, billingType: null, plan: null });
  });
});

describe('account tools', () => {
  it('get_current_user_info passes the v3 user through', async () => {
    const recording = createRecordingContext({ user_me_get: { ...user, billing_type: 'wallet' } });
    const result = await runCompatTool('get_current_user_info', {}, recording);
    expect(result).toEqual({ ...user, billing_type: 'wallet' });
  });

  it('v2_user_remaining_quota reports credits in v2 quota units (×60) and as credits', async () => {
    const recording = createRecordingContext({
      user_me_get: {
        ...user,
        billing_type: 'subscription',
        subscription: { plan: 'team', credits: { premium_credits: { remaining: 10 }, add_on_credits: null } },
      },
    });
    const result = await runCompatTool('v2_user_remaining_quota', {}, recording);
    expect(result).toMatchObject({
      remaining_quota: 600,
      remaining_credits: 10,
      billing_type: 'subscription',
      plan: 'team',
    });
  });

  it('v2_user_remaining_quota has no quota figure for a USD wallet', async () => {
    const recording = createRecordingContext({
      user_me_get: { ...user, billing_type: 'wallet', wallet: { currency: 'usd', remaining_balance: 12.75 } },
    });
    const result = await runCompatTool('v2_user_remaining_quota', {}, recording);
    expect(result).toMatchObject({
      remaining_quota: null,
      remaining_credits: null,
      remaining_balance: 12.75,
      currency: 'usd',
    });
  });
});
