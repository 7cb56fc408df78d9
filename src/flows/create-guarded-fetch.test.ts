import { describe, expect, it } from 'vitest';
import type { PinnedRequestInput } from '../heygen/pinned-request.ts';
import { createGuardedFetch } from './create-guarded-fetch.ts';

/** The guard's seams: names resolve from a table, and every pinned request is recorded instead of sent. */
function seams(answers: Record<string, Response> = {}) {
  const sent: string[] = [];
  const hosts: Record<string, string> = {
    localhost: '127.0.0.1',
    'internal.example': '10.1.2.3',
    'cms.internal': '10.2.0.1',
  };
  return {
    sent,
    guard: {
      resolve: async (host: string) => [{ address: hosts[host] ?? '93.184.216.34', family: 4 as const }],
      request: async (input: PinnedRequestInput) => {
        sent.push(input.url.href);
        return answers[input.url.href] ?? new Response('ok');
      },
    },
  };
}

describe('HTTP steps fetch through the outbound URL guard', () => {
  it('refuses private, loopback, link-local and metadata addresses before sending', async () => {
    const { sent, guard } = seams();
    const guarded = createGuardedFetch({ guard });
    for (const url of [
      'http://127.0.0.1:8080/',
      'http://169.254.169.254/latest',
      'http://[::1]/',
      'http://localhost/',
      'http://internal.example/',
      'http://[::ffff:7f00:1]/',
      'file:///etc/passwd',
      'http://user:pw@example.com/',
    ]) {
      await expect(guarded(url, { method: 'GET' }), url).rejects.toMatchObject({ code: 'url_refused' });
    }
    expect(sent).toEqual([]);
    await guarded('https://hooks.example.com/x', { method: 'POST', body: '{}' });
    expect(sent).toEqual(['https://hooks.example.com/x']);
  });

  it('admits allow-listed hosts, addresses and ranges, and re-checks redirects', async () => {
    const { sent, guard } = seams({
      'https://public.example/go': new Response(null, {
        status: 302,
        headers: { location: 'http://10.0.0.5/secret' },
      }),
    });
    const guarded = createGuardedFetch({ allow: ['127.0.0.1', '10.9.0.0/16', 'cms.internal'], guard });
    await guarded('http://127.0.0.1:8080/hook', { method: 'POST' });
    await guarded('http://10.9.3.4/hook', { method: 'POST' });
    await guarded('http://cms.internal/hook', { method: 'POST' });
    await expect(guarded('http://10.10.0.1/hook', { method: 'POST' })).rejects.toMatchObject({
      code: 'url_refused',
    });
    await expect(guarded('https://public.example/go', { method: 'GET' })).rejects.toMatchObject({
      code: 'url_refused',
    });
    expect(sent).toEqual([
      'http://127.0.0.1:8080/hook',
      'http://10.9.3.4/hook',
      'http://cms.internal/hook',
      'https://public.example/go',
    ]);
  });
});
