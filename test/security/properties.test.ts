import { BlockList } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyAddress } from '../../src/heygen/classify-address.ts';
import { createUrlGuard } from '../../src/heygen/create-url-guard.ts';
import type { PinnedRequestInput } from '../../src/heygen/pinned-request.ts';
import { UrlRefusedError } from '../../src/heygen/url-refused-error.ts';
import { storeTestTargets } from '../../src/store/store-test-targets.ts';
import { createHttpApp } from '../../src/surfaces/http/create-http-app.ts';
import { createMcpHttpHandler } from '../../src/surfaces/mcp/http-handler.ts';
import { createMcpServer } from '../../src/surfaces/mcp/mcp-server.ts';
import { createGatewayFixture, type GatewayFixture } from '../gateway/gateway-fixture.ts';

/**
 * Property-based tests (fast-check) over the URL guard and the HTTP and MCP envelopes: no input an agent can
 * send makes heygate answer 5xx, fetch a non-public address, or send a request it refused to HeyGen.
 */

/**
 * An oracle written independently of `classifyAddress`: IANA's non-global IPv4 ranges in node's BlockList,
 * plus the metadata addresses in public space.
 */
const nonPublicV4 = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
  ['168.63.129.16', 32],
] as const) {
  nonPublicV4.addSubnet(network, prefix, 'ipv4');
}

/** A guard whose every connection goes to a recorder that fails the test if it sees a non-public address. */
function recordingGuard(table: Record<string, string[]> = {}) {
  const connected: string[] = [];
  const guard = createUrlGuard({
    resolve: async (hostname) =>
      (table[hostname] ?? ['93.184.216.34']).map((address) => ({
        address,
        family: address.includes(':') ? 6 : 4,
      })),
    request: async (input: PinnedRequestInput) => {
      connected.push(input.address.address);
      expect(classifyAddress(input.address.address)).toBeUndefined();
      return new Response('ok');
    },
  });
  return { guard, connected };
}

async function outcome(promise: Promise<unknown>): Promise<'allowed' | 'refused'> {
  try {
    await promise;
    return 'allowed';
  } catch (error) {
    if (error instanceof UrlRefusedError) return 'refused';
    throw error;
  }
}

describe('URL guard properties', () => {
  it('an IPv4 literal is fetched exactly when the independent oracle calls it public', async () => {
    await fc.assert(
      fc.asyncProperty(fc.ipV4(), async (ip) => {
        const { guard, connected } = recordingGuard();
        const result = await outcome(guard.fetch(`http://${ip}/x`));
        expect(result).toBe(nonPublicV4.check(ip, 'ipv4') ? 'refused' : 'allowed');
        expect(connected).toEqual(result === 'allowed' ? [ip] : []);
      }),
      { numRuns: 500 },
    );
  });

  it('decimal, octal, hex and short spellings decide like the dotted address they denote', async () => {
    await fc.assert(
      fc.asyncProperty(fc.ipV4Extended(), async (spelling) => {
        const canonical = new URL(`http://${spelling}/`).hostname;
        const { guard } = recordingGuard();
        expect(await outcome(guard.fetch(`http://${spelling}/`))).toBe(
          nonPublicV4.check(canonical, 'ipv4') ? 'refused' : 'allowed',
        );
      }),
      { numRuns: 300 },
    );
  });

  it('IPv6 forms carrying an IPv4 address (mapped, NAT64) decide like that address; nothing outside 2000::/3 passes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.ipV4(), fc.ipV6(), async (ip, v6) => {
        const { guard } = recordingGuard();
        const expected = nonPublicV4.check(ip, 'ipv4') ? 'refused' : 'allowed';
        expect(await outcome(guard.fetch(`http://[::ffff:${ip}]/`))).toBe(expected);
        expect(await outcome(guard.fetch(`http://[64:ff9b::${ip}]/`))).toBe(expected);
        const v6Outcome = await outcome(guard.fetch(`http://[${v6}]/`));
        const canonical = new URL(`http://[${v6}]/`).hostname.slice(1, -1);
        const firstGroup = canonical.startsWith('::') ? 0 : parseInt(canonical.split(':')[0]!, 16);
        const mappedOrNat64 = /^::ffff:|^64:ff9b::[0-9a-f]{1,4}:[0-9a-f]{1,4}$/.test(canonical);
        if (v6Outcome === 'allowed' && !mappedOrNat64) expect(firstGroup >> 13).toBe(1);
      }),
      { numRuns: 300 },
    );
  });

  it('a name is fetched only when every address it resolves to is public, and only the first is connected', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.ipV4(), fc.ipV6()), { minLength: 1, maxLength: 4 }),
        async (addresses) => {
          const { guard, connected } = recordingGuard({ 'media.example': addresses });
          const result = await outcome(guard.fetch('https://media.example/file'));
          const allPublic = addresses.every((address) => classifyAddress(address) === undefined);
          expect(result).toBe(allPublic ? 'allowed' : 'refused');
          expect(connected).toEqual(allPublic ? [addresses[0]] : []);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a redirect chain is followed only while every hop is public', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.ipV4(), { minLength: 1, maxLength: 5 }), async (hops) => {
        const connected: string[] = [];
        let index = 0;
        const guard = createUrlGuard({
          resolve: async () => [{ address: '93.184.216.34', family: 4 }],
          request: async (input) => {
            connected.push(input.address.address);
            expect(classifyAddress(input.address.address)).toBeUndefined();
            const next = hops[index++];
            return next === undefined
              ? new Response('end')
              : new Response(null, { status: 302, headers: { location: `http://${next}/hop` } });
          },
        });
        const result = await outcome(guard.fetch('https://start.example/'));
        const firstPrivate = hops.findIndex((ip) => nonPublicV4.check(ip, 'ipv4'));
        expect(result).toBe(firstPrivate === -1 ? 'allowed' : 'refused');
      }),
      { numRuns: 200 },
    );
  });
});

/** Any JSON an agent could put in a body or in tool arguments, biased towards the envelope's own fields. */
const envelopeValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.record(
    {
      input: fc.oneof(
        fc.jsonValue({ maxDepth: 2 }),
        fc.dictionary(
          fc.constantFrom('video_id', 'limit', 'url', 'file', 'token'),
          fc.jsonValue({ maxDepth: 2 }),
        ),
      ),
      wait: fc.jsonValue({ maxDepth: 1 }),
      max_wait_seconds: fc.jsonValue({ maxDepth: 1 }),
      max_wait_ms: fc.jsonValue({ maxDepth: 1 }),
      idempotency_key: fc.jsonValue({ maxDepth: 1 }),
      prompt: fc.jsonValue({ maxDepth: 1 }),
      account: fc.jsonValue({ maxDepth: 1 }),
    },
    { requiredKeys: [] },
  ),
);
const tools = fc.constantFrom(
  'video_get',
  'voice_list',
  'asset_create',
  'webhook_endpoint_create',
  'video_create',
  'constructor',
  'nope',
);

describe('envelope properties against a gateway over the emulator', () => {
  let fixture: GatewayFixture;
  let token: string;
  beforeAll(async () => {
    const sqlite = (await storeTestTargets()).find((target) => target.name === 'sqlite')!;
    fixture = await createGatewayFixture(sqlite);
    token = (await fixture.gateway.personas.create({ name: 'agent', scopes: ['read', 'write'] })).token;
  });
  afterAll(() => fixture.cleanup());

  it('HTTP: never 5xx, and every refusal HeyGen did not answer sent nothing to HeyGen', async () => {
    const app = createHttpApp({ executor: fixture.gateway });
    let refusals = 0;
    await fc.assert(
      fc.asyncProperty(
        tools,
        envelopeValue,
        fc.constantFrom('application/json', 'text/plain'),
        async (tool, body, type) => {
          const before = fixture.heygen.count;
          const response = await app.fetch(
            new Request(`http://127.0.0.1/v1/tools/${tool}`, {
              method: 'POST',
              headers: { authorization: `Bearer ${token}`, 'content-type': type },
              body: JSON.stringify(body),
            }),
          );
          expect(response.status).toBeLessThan(500);
          const answer = (await response.json()) as { error?: { status?: number } };
          if (response.status >= 400 && answer.error?.status === undefined) {
            refusals += 1;
            expect(fixture.heygen.count).toBe(before);
          }
        },
      ),
      { numRuns: 300 },
    );
    expect(refusals).toBeGreaterThan(100);
  });

  it('MCP: tools/call never fails internally, and invalid arguments send nothing', async () => {
    const mcp = await createMcpServer({ executor: fixture.gateway, mode: 'full', personaToken: token });
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    await mcp.connect(serverTransport);
    const client = new Client({ name: 'property', version: '1' });
    await client.connect(clientTransport);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('video_get', 'voice_list', 'asset_create', 'webhook_endpoint_create', 'video_create'),
        fc.dictionary(
          fc.constantFrom('video_id', 'limit', 'url', 'file', 'wait', 'max_wait_seconds', 'type'),
          fc.jsonValue({ maxDepth: 2 }),
        ),
        async (tool, args) => {
          const before = fixture.heygen.count;
          try {
            const result = await client.callTool({ name: tool, arguments: args });
            const error = (
              result.structuredContent as { error?: { code: string; status?: number } } | undefined
            )?.error;
            if (result.isError && error?.status === undefined) expect(fixture.heygen.count).toBe(before);
          } catch (error) {
            // Protocol errors are refusals (scope, unknown tool): never an internal error, never sent.
            expect((error as { code?: number }).code).not.toBe(-32603);
            expect(fixture.heygen.count).toBe(before);
          }
        },
      ),
      { numRuns: 200 },
    );
    await client.close();
  });

  it('MCP over Streamable HTTP: any body in a live session gets a 2xx or 4xx answer, never 5xx', async () => {
    const handler = createMcpHttpHandler({ executor: fixture.gateway, auth: 'persona', mode: 'full' });
    const headers = {
      authorization: `Bearer ${token}`,
      accept: 'application/json, text/event-stream',
      'content-type': 'application/json',
      'mcp-protocol-version': '2025-06-18',
    };
    const post = (body: unknown, extra: Record<string, string> = {}) =>
      handler.fetch(
        new Request('http://127.0.0.1/mcp', {
          method: 'POST',
          headers: { ...headers, ...extra },
          body: JSON.stringify(body),
        }),
      );
    const init = await post({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'p', version: '1' } },
    });
    const session = init.headers.get('mcp-session-id')!;
    await init.text();
    await (
      await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, { 'mcp-session-id': session })
    ).text();
    const message = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.record({
        jsonrpc: fc.constantFrom('2.0', '1.0', 2),
        id: fc.oneof(fc.integer(), fc.string(), fc.constant(null)),
        method: fc.constantFrom('tools/call', 'tools/list', 'ping', 'nope', 'initialize'),
        params: fc.oneof(
          fc.jsonValue({ maxDepth: 2 }),
          fc.record({
            name: fc.constantFrom('voice_list', 'video_get', 'constructor'),
            arguments: fc.jsonValue({ maxDepth: 2 }),
          }),
        ),
      }),
    );
    let id = 1000;
    await fc.assert(
      fc.asyncProperty(message, async (body) => {
        // Fresh ids for well-formed requests, so duplicates are the generator's, not the loop's.
        const sent =
          typeof body === 'object' &&
          body !== null &&
          'method' in body &&
          typeof (body as { id?: unknown }).id === 'number'
            ? { ...body, id: id++ }
            : body;
        const response = await post(sent, { 'mcp-session-id': session });
        expect(response.status).toBeLessThan(500);
        await response.text();
      }),
      { numRuns: 200 },
    );
    await handler.close();
  });
});
