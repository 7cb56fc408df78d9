import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../catalog/errors.ts';
import { createUrlGuard, parseAllowList, type ResolveHost } from './create-url-guard.ts';
import type { PinnedRequestInput, ResolvedAddress } from './pinned-request.ts';
import { UrlRefusedError } from './url-refused-error.ts';

/** A public address of the documentation-free kind, never connected to: the request seam is faked. */
const PUBLIC = '93.184.216.34';

/** A resolver answering from a table, counting look-ups (tests cannot use real DNS here). */
function resolver(table: Record<string, string[] | (() => string[])>) {
  const lookups: string[] = [];
  const resolve: ResolveHost = async (hostname) => {
    lookups.push(hostname);
    const entry = table[hostname];
    const addresses = typeof entry === 'function' ? entry() : entry;
    if (!addresses) throw Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address): ResolvedAddress => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return { resolve, lookups };
}

/** A fake pinned request: answers from a script, records where each hop connected. */
function scripted(replies: ((input: PinnedRequestInput) => Response)[]) {
  const hops: { url: string; address: string; headers: Readonly<Record<string, string>>; method: string }[] =
    [];
  return {
    hops,
    request: async (input: PinnedRequestInput) => {
      hops.push({
        url: input.url.href,
        address: input.address.address,
        headers: input.headers,
        method: input.method,
      });
      const reply = replies.shift();
      if (!reply) throw new Error('no scripted reply left');
      return reply(input);
    },
  };
}

async function refusal(promise: Promise<unknown>): Promise<UrlRefusedError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(UrlRefusedError);
  return error as UrlRefusedError;
}

const redirect =
  (location: string, status = 302) =>
  () =>
    new Response(null, { status, headers: { location } });

describe('createUrlGuard: addresses written in the URL', () => {
  // Each class is refused before any connection: the request seam has no replies and would throw.
  const literal: Record<string, string[]> = {
    'IPv4 loopback': ['http://127.0.0.1/', 'http://127.255.255.254:8080/x'],
    'IPv4 private': [
      'http://10.0.0.1/',
      'http://172.16.5.4/',
      'http://172.31.255.255/',
      'http://192.168.1.1/',
    ],
    'link-local and metadata': [
      'http://169.254.169.254/latest/meta-data/',
      'http://169.254.170.2/v2/credentials',
      'http://100.100.100.200/latest/meta-data',
      'http://168.63.129.16/machine',
      'http://[fd00:ec2::254]/latest/meta-data/',
    ],
    'CGNAT, reserved, multicast, broadcast, documentation': [
      'http://100.64.0.1/',
      'http://240.0.0.1/',
      'http://224.0.0.1/',
      'http://255.255.255.255/',
      'http://192.0.2.10/',
      'http://198.18.0.1/',
      'http://192.0.0.170/',
    ],
    unspecified: ['http://0.0.0.0/', 'http://0/', 'http://[::]/'],
    'decimal, octal, hex and short IPv4': [
      'http://2130706433/',
      'http://017700000001/',
      'http://0x7f000001/',
      'http://0x7f.0.0.1/',
      'http://0177.0.0.1/',
      'http://127.1/',
      'http://127.0.1/',
      'http://3232235777/',
      'http://0xa9fea9fe/',
    ],
    'IPv6 loopback, link-local, unique local, multicast': [
      'http://[::1]/',
      'http://[0:0:0:0:0:0:0:1]/',
      'http://[fe80::1]/',
      'http://[fc00::1]/',
      'http://[fd12:3456::1]/',
      'http://[ff02::1]/',
      'http://[fec0::1]/',
    ],
    'v4-mapped, v4-compatible, v4-translated, NAT64, 6to4, Teredo': [
      'http://[::ffff:127.0.0.1]/',
      'http://[::ffff:7f00:1]/',
      'http://[::ffff:169.254.169.254]/',
      'http://[::ffff:a9fe:a9fe]/',
      'http://[::127.0.0.1]/',
      'http://[::ffff:0:127.0.0.1]/',
      'http://[64:ff9b::127.0.0.1]/',
      'http://[64:ff9b::a9fe:a9fe]/',
      'http://[64:ff9b:1::1]/',
      'http://[2002:7f00:1::]/',
      'http://[2002:c0a8:101::1]/',
      'http://[2001:0:4136:e378::1]/',
    ],
  };
  for (const [kind, urls] of Object.entries(literal)) {
    it.each(urls)(`refuses ${kind}: %s`, async (url) => {
      const seam = scripted([]);
      const { resolve, lookups } = resolver({});
      const error = await refusal(createUrlGuard({ resolve, request: seam.request }).fetch(url));
      expect(error.reason).toBe('private_address');
      expect(error.code).toBe('url_refused');
      expect(seam.hops).toHaveLength(0);
      expect(lookups).toHaveLength(0);
    });
  }

  it.each([
    'file:///etc/passwd',
    'ftp://example.com/x',
    'gopher://example.com/',
    'data:text/plain,hi',
    'javascript:alert(1)',
  ])('refuses the scheme of %s', async (url) => {
    const seam = scripted([]);
    expect((await refusal(createUrlGuard({ request: seam.request }).fetch(url))).reason).toBe('scheme');
    expect(seam.hops).toHaveLength(0);
  });

  it('refuses credentials in the URL and text that is no URL', async () => {
    const guard = createUrlGuard({ request: scripted([]).request });
    expect((await refusal(guard.fetch('https://user:pw@example.com/'))).reason).toBe('credentials');
    expect((await refusal(guard.fetch('not a url'))).reason).toBe('invalid_url');
  });

  it('allows a public IPv4 and IPv6 literal and connects to exactly that address', async () => {
    const seam = scripted([() => new Response('a'), () => new Response('b')]);
    const guard = createUrlGuard({ request: seam.request, resolve: resolver({}).resolve });
    await expect((await guard.fetch(`http://${PUBLIC}/x`)).text()).resolves.toBe('a');
    await expect((await guard.fetch('http://[2606:4700::1111]/y')).text()).resolves.toBe('b');
    expect(seam.hops.map((hop) => hop.address)).toEqual([PUBLIC, '2606:4700::1111']);
  });
});

describe('createUrlGuard: names that resolve to private addresses', () => {
  it.each([
    ['loopback', ['127.0.0.1']],
    ['metadata', ['169.254.169.254']],
    ['private among public ones', [PUBLIC, '10.0.0.7']],
    ['IPv6 loopback', ['::1']],
    ['v4-mapped loopback', ['::ffff:127.0.0.1']],
    ['NAT64 of a private address', ['64:ff9b::a00:1']],
    ['unique local', ['fd00::5']],
  ])('refuses a name resolving to %s', async (_kind, addresses) => {
    const seam = scripted([]);
    const { resolve, lookups } = resolver({ 'innocent.example': addresses });
    const error = await refusal(
      createUrlGuard({ resolve, request: seam.request }).fetch('https://innocent.example/file.png'),
    );
    expect(error.reason).toBe('private_address');
    expect(error.message).toContain('innocent.example resolves to');
    expect(lookups).toEqual(['innocent.example']);
    expect(seam.hops).toHaveLength(0);
  });

  it('refuses localhost, a trailing-dot name and an unresolvable name without connecting', async () => {
    const seam = scripted([]);
    const { resolve } = resolver({ localhost: ['127.0.0.1', '::1'], 'evil.example': ['10.1.1.1'] });
    const guard = createUrlGuard({ resolve, request: seam.request });
    expect((await refusal(guard.fetch('http://localhost:3000/'))).reason).toBe('private_address');
    expect((await refusal(guard.fetch('http://evil.example./x'))).reason).toBe('private_address');
    expect((await refusal(guard.fetch('http://nowhere.example/x'))).reason).toBe('unresolvable');
    expect(seam.hops).toHaveLength(0);
  });

  it('pins the checked address: a rebinding resolver is asked once per hop and never decides the connection', async () => {
    let answer = 0;
    const { resolve, lookups } = resolver({
      'rebind.example': () => (answer++ === 0 ? [PUBLIC] : ['127.0.0.1']),
    });
    const seam = scripted([() => new Response('public bytes')]);
    const response = await createUrlGuard({ resolve, request: seam.request }).fetch(
      'http://rebind.example/a',
    );
    await expect(response.text()).resolves.toBe('public bytes');
    expect(lookups).toEqual(['rebind.example']);
    expect(seam.hops).toEqual([expect.objectContaining({ url: 'http://rebind.example/a', address: PUBLIC })]);
  });
});

describe('createUrlGuard: redirects', () => {
  it('re-checks every hop: a public URL redirecting to loopback or metadata is refused', async () => {
    for (const location of [
      'http://127.0.0.1/admin',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::ffff:127.0.0.1]/',
      'http://internal.example/',
      'file:///etc/passwd',
    ]) {
      const seam = scripted([redirect(location)]);
      const { resolve } = resolver({ 'cdn.example': [PUBLIC], 'internal.example': ['10.0.0.2'] });
      const error = await refusal(
        createUrlGuard({ resolve, request: seam.request }).fetch('https://cdn.example/a'),
      );
      expect(['private_address', 'scheme']).toContain(error.reason);
      expect(seam.hops).toHaveLength(1);
    }
  });

  it('follows relative and absolute redirects to public hosts, resolving each new host once', async () => {
    const { resolve, lookups } = resolver({ 'a.example': [PUBLIC], 'b.example': ['2606:4700::1111'] });
    const seam = scripted([
      redirect('/next', 301),
      redirect('https://b.example/final', 307),
      () => new Response('done'),
    ]);
    const response = await createUrlGuard({ resolve, request: seam.request }).fetch(
      'https://a.example/start',
    );
    await expect(response.text()).resolves.toBe('done');
    expect(seam.hops.map((hop) => [hop.url, hop.address])).toEqual([
      ['https://a.example/start', PUBLIC],
      ['https://a.example/next', PUBLIC],
      ['https://b.example/final', '2606:4700::1111'],
    ]);
    expect(lookups).toEqual(['a.example', 'a.example', 'b.example']);
  });

  it('bounds the chain and drops credentials on a cross-origin hop', async () => {
    const { resolve } = resolver({ 'a.example': [PUBLIC], 'b.example': [PUBLIC] });
    const loop = scripted(Array.from({ length: 10 }, () => redirect('https://a.example/again')));
    const guard = createUrlGuard({ resolve, request: loop.request, maxRedirects: 3 });
    expect((await refusal(guard.fetch('https://a.example/'))).reason).toBe('too_many_redirects');
    expect(loop.hops).toHaveLength(4);

    const hop = scripted([redirect('https://b.example/x', 303), () => new Response('ok')]);
    await createUrlGuard({ resolve, request: hop.request }).fetch('https://a.example/', {
      method: 'POST',
      headers: { Authorization: 'Bearer secret', Cookie: 'a=b', 'X-Trace': '1' },
      body: 'payload',
    });
    expect(hop.hops[1]).toMatchObject({ method: 'GET', headers: { 'x-trace': '1' } });
    expect(hop.hops[1]?.headers).not.toHaveProperty('authorization');
    expect(hop.hops[1]?.headers).not.toHaveProperty('cookie');
  });
});

describe('createUrlGuard: caps', () => {
  it('refuses a declared or streamed body over the cap', async () => {
    const { resolve } = resolver({ 'big.example': [PUBLIC] });
    const declared = scripted([() => new Response('0123456789', { headers: { 'content-length': '10' } })]);
    expect(
      (
        await refusal(
          createUrlGuard({ resolve, request: declared.request, maxBytes: 4 }).fetch('http://big.example/'),
        )
      ).reason,
    ).toBe('too_large');
    const streamed = scripted([
      () =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new Uint8Array(3));
              controller.enqueue(new Uint8Array(3));
              controller.close();
            },
          }),
        ),
    ]);
    const response = await createUrlGuard({ resolve, request: streamed.request, maxBytes: 4 }).fetch(
      'http://big.example/',
    );
    expect((await refusal(response.arrayBuffer())).reason).toBe('too_large');
  });

  it('gives up after the time cap, also while the body streams', async () => {
    const { resolve } = resolver({ 'slow.example': [PUBLIC] });
    const hang = scripted([() => new Response(new ReadableStream({ pull: () => new Promise(() => {}) }))]);
    const response = await createUrlGuard({ resolve, request: hang.request, timeoutMs: 50 }).fetch(
      'http://slow.example/',
    );
    expect((await refusal(response.text())).reason).toBe('timeout');
    const never = createUrlGuard({ resolve, request: () => new Promise<Response>(() => {}), timeoutMs: 50 });
    expect((await refusal(never.fetch('http://slow.example/'))).reason).toBe('timeout');
  });

  it("re-throws the caller's abort", async () => {
    const controller = new AbortController();
    const { resolve } = resolver({ 'slow.example': [PUBLIC] });
    const guard = createUrlGuard({ resolve, request: () => new Promise<Response>(() => {}) });
    const pending = guard.fetch('http://slow.example/', { signal: controller.signal });
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
  });
});

describe('createUrlGuard: operator allow-list and trusted origins', () => {
  it('lets listed hosts, suffixes and ranges reach private addresses, and nothing else', async () => {
    const { resolve } = resolver({
      'media.corp.example': ['10.0.0.5'],
      'cdn.corp.example': ['10.0.0.6'],
      'other.example': ['10.9.0.1'],
    });
    const seam = scripted([() => new Response('1'), () => new Response('2'), () => new Response('3')]);
    const guard = createUrlGuard({
      resolve,
      request: seam.request,
      allow: ['media.corp.example', '*.cdn.corp.example', '*.corp.example', '192.168.7.0/24'],
    });
    await guard.fetch('http://media.corp.example/a');
    await guard.fetch('http://cdn.corp.example/b');
    await guard.fetch('http://192.168.7.20/c');
    expect(seam.hops.map((hop) => hop.address)).toEqual(['10.0.0.5', '10.0.0.6', '192.168.7.20']);
    expect((await refusal(guard.fetch('http://other.example/'))).reason).toBe('private_address');
    expect((await refusal(guard.fetch('http://192.168.8.1/'))).reason).toBe('private_address');
    expect((await refusal(guard.fetch('http://169.254.169.254/'))).reason).toBe('private_address');
  });

  it('rejects malformed allow-list entries, naming them', () => {
    for (const entry of ['10.0.0.0/33', 'http://x', '::1/129', 'a b']) {
      expect(() => parseAllowList([entry])).toThrow(InvalidInputError);
    }
    expect(() => parseAllowList(['10.0.0.0/8', 'fd00::/8', 'x.example', '*.y.example', ' '])).not.toThrow();
  });

  it('fetches trusted origins with the configured fetch, and re-checks where they redirect', async () => {
    const seen: string[] = [];
    const trustedFetch = (async (url: string) => {
      seen.push(url);
      return url.endsWith('/media/a.png')
        ? new Response('png')
        : new Response(null, { status: 302, headers: { location: 'http://127.0.0.1:9/secret' } });
    }) as typeof fetch;
    const guard = createUrlGuard({
      trusted: { origins: ['http://127.0.0.1:4010'], fetch: trustedFetch },
      request: scripted([]).request,
    });
    await expect((await guard.fetch('http://127.0.0.1:4010/media/a.png')).text()).resolves.toBe('png');
    expect((await refusal(guard.fetch('http://127.0.0.1:4010/bounce'))).reason).toBe('private_address');
    expect(seen).toEqual(['http://127.0.0.1:4010/media/a.png', 'http://127.0.0.1:4010/bounce']);
  });
});

describe('createUrlGuard: the real pinned connection', () => {
  let server: Server;
  let port: number;
  const hosts: string[] = [];
  beforeAll(async () => {
    server = createServer((request, response) => {
      hosts.push(request.headers.host ?? '');
      if (request.url === '/hop') {
        response.writeHead(302, { location: `http://other.example:${port}/end` }).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'text/plain' }).end(`served ${request.url}`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('connects to the resolved address with the URL host in Host; the system resolver is never asked', async () => {
    // `media.example` exists in no real DNS: the request only succeeds because the connection uses the
    // address the guard resolved (the operator allowed this loopback host — the only place tests connect to).
    const { resolve, lookups } = resolver({ 'media.example': ['127.0.0.1'], 'other.example': ['127.0.0.1'] });
    const guard = createUrlGuard({ resolve, allow: ['media.example', 'other.example'] });
    const response = await guard.fetch(`http://media.example:${port}/file.txt`);
    expect(response.status).toBe(200);
    await expect(response.text()).resolves.toBe('served /file.txt');
    expect(hosts.at(-1)).toBe(`media.example:${port}`);
    expect(lookups).toEqual(['media.example']);

    const redirected = await guard.fetch(`http://media.example:${port}/hop`);
    await expect(redirected.text()).resolves.toBe('served /end');
    expect(hosts.slice(-2)).toEqual([`media.example:${port}`, `other.example:${port}`]);
  });

  it('refuses the same loopback server when nobody allowed it', async () => {
    const { resolve } = resolver({ 'media.example': ['127.0.0.1'] });
    const error = await refusal(createUrlGuard({ resolve }).fetch(`http://media.example:${port}/file.txt`));
    expect(error.reason).toBe('private_address');
  });
});
