import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.ts';
import { createEmulator } from '../../src/emulator/index.ts';

/**
 * Issue 10 item 6: heygate sends `Idempotency-Key` exactly where HeyGen honours it, and the emulator honours it
 * exactly there (a repeat elsewhere is new work, as at HeyGen). The expected set is read from ../shared: the
 * December section of its README (the May 2026 changelog list), the v3 operations whose description says the
 * header makes retries safe (or replays), and the v3 additions that declare the header.
 */
const shared = resolve(import.meta.dirname, '../../../shared/heygen-api');
const files = ['README.md', 'v3-operations.json', 'v3-additions.json'].map((name) => resolve(shared, name));
const present = files.every((path) => existsSync(path));
const inCi = Boolean(process.env['CI']);
if (!present)
  console.warn(
    inCi
      ? `idempotency-endpoints: ${shared} is incomplete and CI is set: failing instead of skipping.`
      : `idempotency-endpoints: ${shared} not found (it lives next to the repository); skipping.`,
  );

interface Operation {
  method: string;
  path: string;
  description?: string;
  parameters?: { name: string; in: string }[];
}

function honouredBySpec(): Set<string> {
  const [readme, operations, additions] = files.map((path) => readFileSync(path, 'utf8')) as [
    string,
    string,
    string,
  ];
  const endpoints = new Set<string>();
  // "- **Idempotency-Key on most v3 creates**: the May 2026 changelog adds it to `POST /v3/assets`, `/v3/avatars`, …"
  const line = readme.split('\n').find((text) => text.includes('**Idempotency-Key on most v3 creates**'));
  if (!line) throw new Error('README.md: the December Idempotency-Key section is missing');
  const listed = line.slice(0, line.indexOf('The same changelog'));
  for (const [, path] of listed.matchAll(/`(?:POST )?(\/v3\/[^`]+)`/g)) endpoints.add(`POST ${path}`);
  for (const operation of (JSON.parse(operations) as { operations: Operation[] }).operations) {
    const text = operation.description ?? '';
    if (/Pass an Idempotency-Key header|Idempotent replays return/.test(text))
      endpoints.add(`${operation.method} ${operation.path}`);
  }
  for (const operation of (JSON.parse(additions) as { operations: Operation[] }).operations) {
    const header = operation.parameters?.some((p) => p.in === 'header' && p.name === 'Idempotency-Key');
    const refused = (operation as { uncertain?: string[] }).uncertain?.some((note) =>
      /No Idempotency-Key header/.test(note),
    );
    if (header && !refused) endpoints.add(`${operation.method} ${operation.path}`);
  }
  return endpoints;
}

describe.skipIf(!present && !inCi)('Idempotency-Key where HeyGen honours it, and nowhere else', () => {
  it('the catalog flags exactly the endpoints HeyGen lists', () => {
    const flagged = new Set(
      catalog
        .filter((tool) => tool.implementation.kind === 'http' && tool.idempotencyKey === true)
        .map((tool) => `${tool.endpoint.method} ${tool.endpoint.path}`),
    );
    expect([...flagged].sort()).toEqual([...honouredBySpec()].sort());
  });

  it('the emulator replays a repeated key on a flagged endpoint and ignores it on another', async () => {
    const emulator = createEmulator({ seed: 1 });
    emulator.addKey('key_idempotency');
    const post = (path: string, body: unknown, idempotencyKey: string) =>
      emulator.fetch(`http://emulator.local${path}`, {
        method: 'POST',
        headers: {
          'x-api-key': 'key_idempotency',
          'content-type': 'application/json',
          'idempotency-key': idempotencyKey,
        },
        body: JSON.stringify(body),
      });
    const processed = (path: string) =>
      emulator.inspect.requests().filter((entry) => entry.path === path && entry.processed).length;

    // Flagged (May 2026 changelog): the repeat is the first answer, and no second endpoint is made.
    const endpoint = { url: 'https://hooks.example.com/heygen' };
    const first = await post('/v3/webhooks/endpoints', endpoint, 'same-key-1');
    const second = await post('/v3/webhooks/endpoints', endpoint, 'same-key-1');
    expect(second.status).toBe(first.status);
    expect(await second.json()).toEqual(await first.json());
    expect(processed('/v3/webhooks/endpoints')).toBe(1);

    // Not flagged (voice design): HeyGen ignores the header, so the repeat is new work.
    const design = { prompt: 'a warm, confident narrator' };
    expect((await post('/v3/voices', design, 'same-key-2')).status).toBe(200);
    expect((await post('/v3/voices', design, 'same-key-2')).status).toBe(200);
    expect(processed('/v3/voices')).toBe(2);
  });
});
