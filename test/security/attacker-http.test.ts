import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTally, rawRequest, startServeUnderAttack, type ServeUnderAttack } from './serve-harness.ts';

/**
 * Issue 10, the attacker: a prompt-injected agent holding a valid `read write` persona token, against a real
 * `heygate serve` configured as in production (HeyGen mode — here the emulator on loopback stands in for
 * HeyGen — no sandbox, no `--allow-operator`, no `--files-root`, no `--fetch-allow`). Every probe must be
 * refused, and nothing it carries may reach "HeyGen" (the emulator's request log). The tally per class is
 * printed at the end (quoted in the closing note).
 */
let target: ServeUnderAttack;
const tally = createTally();

beforeAll(async () => {
  target = await startServeUnderAttack();
}, 60_000);

afterAll(async () => {
  console.log(`security probes (class: tried/refused): ${JSON.stringify(tally.summary())}`);
  await target?.stop();
});

/** Sent-to-HeyGen requests so far (the emulator's log). */
const upstreamRequests = (): number => target.emulator.inspect.requests().length;

async function callTool(
  name: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(`${target.base}/v1/tools/${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    headers: response.headers,
  };
}

describe('files: a server never reads a local path for an agent', () => {
  const paths = () => [
    join(target.home, 'master.key'),
    join(target.home, 'heygate.db'),
    '/etc/passwd',
    '/proc/self/environ',
    '../../../../etc/passwd',
    'master.key',
    'file:///etc/passwd',
  ];
  for (const tool of ['asset_create', 'upload_asset', 'upload_talking_photo']) {
    it(`${tool}: every { path } is refused naming file.path, and nothing reaches HeyGen`, async () => {
      const before = upstreamRequests();
      for (const path of paths()) {
        const { status, body } = await callTool(tool, { input: { file: { path } } });
        const refused = status === 400 && body.code === 'invalid_input' && body.field === 'file.path';
        tally.record('local files', refused);
        expect({ path, status, field: body.field }).toEqual({ path, status: 400, field: 'file.path' });
      }
      expect(upstreamRequests()).toBe(before);
    });
  }
});

describe('network: a server never fetches a private address for an agent', () => {
  const urls = () => {
    const port = new URL(target.base).port;
    return [
      `http://127.0.0.1:${port}/healthz`,
      'http://localhost:5432/',
      'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
      'http://[fd00:ec2::254]/latest/meta-data/',
      'http://100.100.100.200/latest/meta-data/',
      'http://10.0.0.1/',
      'http://192.168.0.1/',
      'http://172.16.0.1/',
      'http://100.64.0.1/',
      'http://0.0.0.0:6379/',
      'http://[::]:6379/',
      'http://[::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://[::ffff:7f00:1]/',
      'http://[64:ff9b::7f00:1]/',
      'http://[2002:7f00:1::]/',
      'http://[fe80::1]/',
      'http://2130706433/',
      'http://0x7f000001/',
      'http://017700000001/',
      'http://127.1/',
      'http://0177.0.0.1/',
      'http://224.0.0.1/',
      'http://255.255.255.255/',
    ];
  };
  it('asset_create { url } to loopback, private, link-local, metadata and every IPv4/IPv6 spelling of them', async () => {
    const before = upstreamRequests();
    for (const url of urls()) {
      const { status, body } = await callTool('asset_create', { input: { file: { url } } });
      const refused = status === 400 && body.field === 'file.url' && String(body.detail).includes('address');
      tally.record('private URLs', refused);
      expect({ url, status, field: body.field }).toEqual({ url, status: 400, field: 'file.url' });
      expect(String(body.detail)).toMatch(/address/);
    }
    expect(upstreamRequests()).toBe(before);
  });
});

describe('envelopes: bad bodies are 4xx naming the field, never 5xx, never silently ignored', () => {
  const probes: {
    name: string;
    tool?: string;
    body: string;
    type?: string;
    status: number;
    field?: string;
    code?: string;
  }[] = [
    { name: 'null body', body: 'null', status: 400, field: '(body)' },
    { name: 'number body', body: '123', status: 400, field: '(body)' },
    { name: 'array body', body: '[]', status: 400, field: '(body)' },
    { name: 'string body', body: '"hi"', status: 400, field: '(body)' },
    { name: 'not JSON', body: '{"input":', status: 400, code: 'invalid_json' },
    {
      name: 'text/plain',
      body: '{"input":{}}',
      type: 'text/plain',
      status: 415,
      code: 'unsupported_media_type',
    },
    { name: 'form encoded', body: 'input=1', type: 'application/x-www-form-urlencoded', status: 415 },
    { name: 'wait "yes"', body: '{"input":{},"wait":"yes"}', status: 400, field: 'wait' },
    {
      name: 'idempotency_key {}',
      body: '{"input":{},"idempotency_key":{}}',
      status: 400,
      field: 'idempotency_key',
    },
    { name: 'input array', body: '{"input":[]}', status: 400, field: 'input' },
    { name: 'unknown envelope field', body: '{"input":{},"persona":"admin"}', status: 400, field: 'persona' },
    {
      name: 'negative max_wait_seconds',
      body: '{"input":{},"max_wait_seconds":-5}',
      status: 400,
      field: 'max_wait_seconds',
    },
    {
      name: 'max_wait_ms string',
      body: '{"input":{},"max_wait_ms":"10"}',
      status: 400,
      field: 'max_wait_ms',
    },
    {
      name: 'wait timeout 0',
      body: '{"input":{},"wait":{"timeout_seconds":0}}',
      status: 400,
      field: 'wait.timeout_seconds',
    },
    {
      name: 'unknown tool constructor',
      tool: 'constructor',
      body: '{"input":{}}',
      status: 404,
      code: 'unknown_tool',
    },
    {
      name: 'unknown tool __proto__',
      tool: '__proto__',
      body: '{"input":{}}',
      status: 404,
      code: 'unknown_tool',
    },
    {
      name: 'unknown tool toString',
      tool: 'toString',
      body: '{"input":{}}',
      status: 404,
      code: 'unknown_tool',
    },
    { name: 'unknown tool hasOwnProperty', tool: 'hasOwnProperty', body: 'null', status: 404 },
  ];
  it.each(probes)('$name → $status', async (probe) => {
    const before = upstreamRequests();
    const { status, body } = await callTool(
      probe.tool ?? 'video_create',
      probe.body,
      probe.type ? { 'content-type': probe.type } : {},
    );
    const refused = status === probe.status && (probe.field === undefined || body.field === probe.field);
    tally.record('envelopes', refused);
    expect(status).toBe(probe.status);
    if (probe.field) expect(body.field).toBe(probe.field);
    if (probe.code) expect(body.code).toBe(probe.code);
    expect(upstreamRequests()).toBe(before);
  });
});

describe('limits: answered before the body is read, after the bearer is checked', () => {
  it('a 64 KB Authorization header gets 431, not a reset, on every route', async () => {
    for (const path of [
      '/v1/tools',
      '/v1/tools/video_get',
      '/mcp',
      '/admin/whoami',
      '/webhooks/heygen/default',
    ]) {
      const get = path === '/v1/tools' || path === '/admin/whoami';
      const response = await rawRequest(`${target.base}${path}`, {
        method: get ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${'x'.repeat(64 * 1024)}`, 'content-type': 'application/json' },
        ...(get ? {} : { body: '{}' }),
      });
      tally.record('limits', response.status === 431);
      expect({ path, status: response.status }).toEqual({ path, status: 431 });
    }
  });

  it('a bogus token with a 100 MB body is refused with 401 before any byte of the body is sent', async () => {
    for (const path of ['/v1/tools/video_get', '/mcp', '/admin/personas']) {
      const response = await rawRequest(`${target.base}${path}`, {
        method: 'POST',
        headers: {
          authorization: 'Bearer hg_bogus',
          'content-type': 'application/json',
          'content-length': String(100 * 1024 * 1024),
        },
        holdBody: true,
      });
      tally.record('limits', response.status === 401);
      expect({ path, status: response.status }).toEqual({ path, status: 401 });
    }
  });

  it('a valid token with a declared 100 MB body gets 413 before the body is sent', async () => {
    for (const path of ['/v1/tools/video_get', '/mcp']) {
      const response = await rawRequest(`${target.base}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${target.token}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'content-length': String(100 * 1024 * 1024),
        },
        holdBody: true,
      });
      tally.record('limits', response.status === 413);
      expect({ path, status: response.status }).toEqual({ path, status: 413 });
    }
    const admin = await rawRequest(`${target.base}/admin/personas`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${target.adminToken}`,
        'content-type': 'application/json',
        'content-length': String(1024 * 1024),
      },
      holdBody: true,
    });
    tally.record('limits', admin.status === 413);
    expect(admin.status).toBe(413);
  });
});

describe('webhooks: the Signature header comes before the body', () => {
  it('unsigned → 401 and signed-looking but oversized → 413, before any byte of the body is sent', async () => {
    const path = `${target.base}/webhooks/heygen/default`;
    const headers = { 'content-type': 'application/json', 'content-length': String(100 * 1024 * 1024) };
    const unsigned = await rawRequest(path, { method: 'POST', headers, holdBody: true });
    const oversized = await rawRequest(path, {
      method: 'POST',
      headers: { ...headers, signature: 'a'.repeat(64) },
      holdBody: true,
    });
    tally.record('limits', unsigned.status === 401);
    tally.record('limits', oversized.status === 413);
    expect([unsigned.status, oversized.status]).toEqual([401, 413]);
  });
});

describe('Host and Origin: no DNS rebinding, no cross-origin page driving the server', () => {
  const routes = ['/v1/tools', '/mcp', '/admin/whoami', '/webhooks/heygen/default'];
  it('refuses a foreign Host on every route', async () => {
    for (const path of routes) {
      const response = await rawRequest(`${target.base}${path}`, {
        method: 'POST',
        headers: {
          host: 'evil.example:4000',
          authorization: `Bearer ${target.token}`,
          'content-type': 'application/json',
        },
        body: '{}',
      });
      tally.record('Host/Origin', response.status === 403);
      expect({ path, status: response.status }).toEqual({ path, status: 403 });
      expect(JSON.parse(response.body)).toMatchObject({ code: 'host_not_allowed' });
    }
  });

  it('refuses a foreign or null Origin, and accepts the server’s own', async () => {
    for (const origin of [
      'http://evil.example',
      'null',
      'http://localhost:1',
      'https://127.0.0.1.evil.example',
    ]) {
      const { status, body } = await callTool('voice_list', { input: {} }, { origin });
      tally.record('Host/Origin', status === 403);
      expect({ origin, status, code: body.code }).toEqual({
        origin,
        status: 403,
        code: 'origin_not_allowed',
      });
    }
    const own = await callTool('voice_list', { input: { limit: 1 } }, { origin: target.base });
    expect(own.status).toBe(200);
  });
});

describe('webhook URLs: https only', () => {
  it.each([
    ['webhook_endpoint_create', { url: 'javascript:alert(1)' }],
    ['webhook_endpoint_create', { url: 'http://hooks.example.com/heygen' }],
    ['webhook_endpoint_create', { url: 'data:text/html,x' }],
    ['webhook_endpoint_create', { url: 'http://127.0.0.1:4000/webhooks/heygen/default' }],
    ['v1_webhook_endpoint_add', { url: 'javascript:alert(1)' }],
    ['update_webhook_endpoint', { endpoint_id: 'ep_1', url: 'file:///etc/passwd' }],
  ])('%s %j is refused before anything is sent', async (tool, input) => {
    const before = upstreamRequests();
    const { status, body } = await callTool(tool, { input });
    tally.record('webhook URLs', status === 400 && body.field === 'url');
    expect(status).toBe(400);
    expect(body.field).toBe('url');
    expect(upstreamRequests()).toBe(before);
  });
});

describe('what still works for the same agent', () => {
  it('public-library reads and an https webhook go through', async () => {
    expect((await callTool('voice_list', { input: { limit: 1 } })).status).toBe(200);
    const created = await callTool('webhook_endpoint_create', {
      input: { url: 'https://hooks.example.com/heygen' },
    });
    expect(created.status).toBe(200);
  });
});
