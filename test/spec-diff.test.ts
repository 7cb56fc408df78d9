import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { z } from 'zod';
import { diffOpenApi, type SpecDiff } from '../src/catalog/diff-openapi.ts';
import { catalog, type ToolDefinition } from '../src/catalog/index.ts';
import { createCliRuntime } from '../src/surfaces/cli/cli-runtime.ts';
import { exitCodes } from '../src/surfaces/cli/exit-codes.ts';
import { main } from '../src/surfaces/cli/main.ts';

/**
 * `heygate spec diff FILE_OR_URL [--json]` (issue 13): operations added, removed and changed between a HeyGen
 * OpenAPI document and the catalog, non-zero exit on drift. Run against our own fixture (one operation added,
 * one changed), against a document made from the catalog itself (no drift), and against HeyGen's April 2026
 * OpenAPI file from ../shared (which still has the old `/v3/video-agents/sessions/*` paths).
 */

const fixture = resolve(import.meta.dirname, 'fixtures/spec-diff/one-added-one-changed.openapi.json');
const home = mkdtempSync(join(tmpdir(), 'heygate-spec-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

async function specDiff(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const runtime = createCliRuntime({
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: { HEYGATE_HOME: home },
    interactive: false,
  });
  const code = await main(['spec', 'diff', ...args], runtime);
  return { code, stdout, stderr };
}

/** The distinct v3 endpoints of the catalog, `METHOD /path`. */
const v3Endpoints = [
  ...new Set(
    catalog
      .filter((tool) => tool.implementation.kind === 'http' && tool.endpoint.path.startsWith('/v3/'))
      .map((tool) => `${tool.endpoint.method} ${tool.endpoint.path}`),
  ),
];

describe('heygate spec diff against a document with one added and one changed operation', () => {
  it('prints {added, removed, changed} with method and path, and exits non-zero', async () => {
    const { code, stdout } = await specDiff(fixture, '--json');
    expect(code).toBe(exitCodes.toolError);
    const diff = JSON.parse(stdout) as SpecDiff;
    expect(diff.added).toEqual([
      { method: 'GET', path: '/v3/videos/{video_id}/chapters', operation_id: 'listVideoChapters' },
    ]);
    expect(diff.changed).toEqual([
      {
        method: 'GET',
        path: '/v3/videos',
        tool: 'video_list',
        changes: [{ where: 'query', name: 'status', change: 'added' }],
      },
    ]);
    // Everything else heygate has in v3 (the document publishes v3 only; its v2 operation is x-excluded).
    const removed = diff.removed.map((entry) => `${entry.method} ${entry.path}`).sort();
    expect(removed).toEqual(
      v3Endpoints.filter((key) => key !== 'GET /v3/users/me' && key !== 'GET /v3/videos').sort(),
    );
    for (const entry of [...diff.added, ...diff.removed, ...diff.changed]) {
      expect(entry).toMatchObject({ method: expect.any(String), path: expect.any(String) });
    }
  });

  it('says the same in words, and reads YAML and http(s) URLs too', async () => {
    const text = await specDiff(fixture);
    expect(text.code).toBe(exitCodes.toolError);
    expect(text.stdout).toMatch(/^heygate spec diff against .*: 1 added, \d+ removed, 1 changed\n/);
    expect(text.stdout).toMatch(
      /added \(in the document, not in heygate\):\n {2}GET {4}\/v3\/videos\/\{video_id\}\/chapters {2}listVideoChapters/,
    );
    expect(text.stdout).toContain('      query status: only in the document');

    const yamlPath = join(home, 'fixture.yaml');
    writeFileSync(yamlPath, stringify(JSON.parse(readFileSync(fixture, 'utf8'))));
    expect((await specDiff(yamlPath, '--json')).stdout).toBe((await specDiff(fixture, '--json')).stdout);

    const server: Server = createServer((request, response) => {
      if (request.url === '/openapi.json') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(readFileSync(fixture));
      } else {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as { port: number };
    try {
      const fetched = await specDiff(`http://127.0.0.1:${port}/openapi.json`, '--json');
      expect(fetched.code).toBe(exitCodes.toolError);
      expect(JSON.parse(fetched.stdout).added).toHaveLength(1);
      const missing = await specDiff(`http://127.0.0.1:${port}/nope.json`);
      expect(missing.code).toBe(exitCodes.usage);
      expect(missing.stderr).toContain('answered HTTP 404');
    } finally {
      await new Promise((done) => server.close(done));
    }
  });

  it('refuses what is not an OpenAPI document, naming the problem', async () => {
    const notOpenApi = join(home, 'not-openapi.json');
    writeFileSync(notOpenApi, '{"swagger": "nope"}');
    const refused = await specDiff(notOpenApi);
    expect(refused.code).toBe(exitCodes.usage);
    expect(refused.stderr).toContain('has no `paths`');
    expect((await specDiff(join(home, 'absent.json'))).stderr).toContain('ENOENT');
  });
});

/** An OpenAPI document describing the catalog's v3 endpoints exactly, as HeyGen would publish them. */
function catalogAsOpenApi(tools: readonly ToolDefinition[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const tool of tools) {
    if (tool.implementation.kind !== 'http' || tool.family !== 'v3') continue;
    const request = tool.implementation.request ?? {};
    const input = z.toJSONSchema(tool.input(), { io: 'input', unrepresentable: 'any' }) as Record<
      string,
      any
    >;
    const variants: Record<string, any>[] = input.oneOf ?? [input];
    const outside = new Set([...(request.path ?? []), ...(request.query ?? [])]);
    const first = variants[0]!;
    const parameters = [...outside].map((name) => ({
      name,
      in: request.path?.includes(name) ? 'path' : 'query',
      required: request.path?.includes(name) || (first.required ?? []).includes(name),
      schema: first.properties?.[name] ?? {},
    }));
    if (tool.idempotencyKey)
      parameters.push({ name: 'Idempotency-Key', in: 'header', required: false, schema: {} });
    const bodyOf = (variant: Record<string, any>) => ({
      type: 'object',
      properties: Object.fromEntries(
        Object.entries(variant.properties ?? {})
          .filter(([name]) => !outside.has(name))
          .map(([name, schema]) => [
            name,
            name === request.fileField ? { type: 'string', format: 'binary' } : schema,
          ]),
      ),
      required: (variant.required ?? []).filter((name: string) => !outside.has(name)),
    });
    const body = variants.length > 1 ? { oneOf: variants.map(bodyOf) } : bodyOf(first);
    const hasBody = request.body !== undefined && request.body !== 'none';
    const media = request.body === 'multipart' ? 'multipart/form-data' : 'application/json';
    paths[tool.endpoint.path] ??= {};
    paths[tool.endpoint.path]![tool.endpoint.method.toLowerCase()] = {
      operationId: tool.name,
      parameters,
      ...(hasBody ? { requestBody: { content: { [media]: { schema: body } } } } : {}),
      responses: { '200': { description: 'ok' } },
    };
  }
  return { openapi: '3.1.0', info: { title: 'catalog', version: '1' }, paths };
}

describe('heygate spec diff against a document that matches the catalog', () => {
  it('finds no drift and exits 0', async () => {
    const document = catalogAsOpenApi(catalog);
    expect(diffOpenApi(document, catalog)).toEqual({ added: [], removed: [], changed: [] });
    const path = join(home, 'catalog.openapi.json');
    writeFileSync(path, JSON.stringify(document));
    const result = await specDiff(path);
    expect(result.code).toBe(exitCodes.ok);
    expect(result.stdout).toMatch(/: 0 added, 0 removed, 0 changed\n$/);
  });

  it('notices a required flag and an enum value that moved', () => {
    const document = catalogAsOpenApi(catalog) as { paths: Record<string, any> };
    const list = document.paths['/v3/videos'].get;
    list.parameters.find((parameter: { name: string }) => parameter.name === 'title').required = true;
    const looks = document.paths['/v3/avatars/looks'].get.parameters.find(
      (parameter: { name: string }) => parameter.name === 'avatar_type',
    );
    looks.schema = {
      ...looks.schema,
      enum: [...(looks.schema.enum ?? looks.schema.anyOf?.[0]?.enum ?? []), 'hologram'],
    };
    const diff = diffOpenApi(document, catalog);
    expect(diff.changed).toEqual([
      expect.objectContaining({
        path: '/v3/avatars/looks',
        changes: [{ where: 'query', name: 'avatar_type', change: 'enum', added: ['hologram'], removed: [] }],
      }),
      expect.objectContaining({
        path: '/v3/videos',
        changes: [{ where: 'query', name: 'title', change: 'required', document: true, heygate: false }],
      }),
    ]);
  });
});

const april = resolve(import.meta.dirname, '../../shared/heygen-api/openapi-2026-04.json');
const aprilPresent = existsSync(april);
const inCi = Boolean(process.env['CI']);
if (!aprilPresent) {
  console.warn(
    inCi
      ? `spec-diff: ${april} is missing and CI is set: failing instead of skipping.`
      : `spec-diff: ${april} not found (it lives in ../shared next to the repository); skipping the diff against HeyGen's April 2026 OpenAPI file.`,
  );
}

describe.skipIf(!aprilPresent && !inCi)('heygate spec diff against openapi-2026-04.json', () => {
  let diff: SpecDiff;
  let code: number;
  beforeAll(async () => {
    expect(existsSync(april), `${april} is missing`).toBe(true);
    const result = await specDiff(april, '--json');
    code = result.code;
    diff = JSON.parse(result.stdout) as SpecDiff;
  });

  it('reports drift and exits non-zero', () => {
    expect(code).toBe(exitCodes.toolError);
  });

  it('lists the old video-agent session paths as added (HeyGen renamed them after April)', () => {
    expect(diff.added.map((entry) => `${entry.method} ${entry.path}`)).toEqual(
      expect.arrayContaining([
        'POST /v3/video-agents/sessions',
        'GET /v3/video-agents/sessions/{session_id}',
        'POST /v3/video-agents/sessions/{session_id}/messages',
        'GET /v3/video-agents/sessions/{session_id}/resources',
        'POST /v3/video-agents/sessions/{session_id}/stop',
      ]),
    );
  });

  it('lists what HeyGen documented after April as removed, and ignores x-excluded v1/v2 operations', () => {
    const removed = diff.removed.map((entry) => `${entry.method} ${entry.path}`);
    expect(removed).toEqual(
      expect.arrayContaining([
        'POST /v3/hyperframes/renders',
        'POST /v3/avatar-realtime',
        'GET /v3/avatar-realtime/{stream_id}/words',
        'POST /v3/videos/batches',
        'POST /v3/video-agents/{session_id}',
      ]),
    );
    expect([...diff.added, ...diff.removed].some((entry) => !entry.path.startsWith('/v3/'))).toBe(false);
  });

  it('names what changed in operations both have', () => {
    const create = diff.changed.find((entry) => entry.method === 'POST' && entry.path === '/v3/videos');
    expect(create?.changes).toEqual(
      expect.arrayContaining([{ where: 'body', name: '<cinematic_avatar>', change: 'removed' }]),
    );
    const events = diff.changed.find((entry) => entry.path === '/v3/webhooks/events');
    expect(events?.changes[0]).toMatchObject({ name: 'event_type', change: 'enum' });
    expect(events?.changes[0]?.removed).toEqual(expect.arrayContaining(['hyperframes_video.success']));
  });
});
