import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { catalog, findTool } from '../index.ts';
import { compatTools } from './index.ts';

/**
 * Checks the compatibility tools against the seed's own list (../shared/heygen-api/seed-tools.json, which
 * stays outside the project): every seed slug is a tool with the seed's access and parameters, carried on
 * its v3 equivalent where there is one and on its legacy endpoint (marked with the sunset) otherwise.
 */

const compatDirectory = fileURLToPath(new URL('.', import.meta.url));
const seedToolsPath = fileURLToPath(
  new URL('../../../../shared/heygen-api/seed-tools.json', import.meta.url),
);
const seedToolsAvailable = existsSync(seedToolsPath);
const requireSeed = Boolean(process.env.CI);
if (!seedToolsAvailable && !requireSeed) {
  console.warn(
    `compat-tools.test: ${seedToolsPath} not found (a user's clone without ../shared); seed checks skipped.`,
  );
}

interface SeedParam {
  name: string;
  in: string;
  type: string;
  required: boolean;
}

interface SeedTool {
  index: number;
  slug: string;
  access: string;
  legacy_endpoint: { method: string | null; path: string | null; host: string; params: SeedParam[] };
  v3_equivalent: { method: string; path: string } | null;
}

/**
 * Seed tools deliberately kept on their legacy endpoint although v3 has a partial equivalent, with the
 * reason (docs/decisions/0004-seed-tools-on-v3.md).
 */
const keptOnLegacy: Readonly<Record<string, string>> = {
  upload_talking_photo:
    'the v3 equivalent creates a photo avatar group (processing, consent) instead of an instant talking photo',
};

/**
 * Seed tools whose seed entry names no v3 equivalent but which v3's Avatar Realtime serves (ADR 0027): their
 * v3 endpoint.
 */
const carriedOnAvatarRealtime: Readonly<Record<string, string>> = {
  new_streaming_session: 'POST /v3/avatar-realtime',
  streaming_start: 'GET /v3/avatar-realtime/{stream_id}',
  streaming_task: 'POST /v3/avatar-realtime/{stream_id}/text',
  streaming_stop: 'POST /v3/avatar-realtime/{stream_id}/cancel',
};

const legacyPrefix =
  'Retired (HeyGen v1/v2, end of life 2026-11-01; answers endpoint_sunset unless the operator allows legacy calls): ';

function jsonSchemaOf(schema: z.ZodType): { properties: Record<string, unknown>; required: string[] } {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, unknown>;
    required?: string[];
  };
  return { properties: json.properties ?? {}, required: json.required ?? [] };
}

describe('compat tool list', () => {
  it('holds 71 seed tools and 14 KosmoKrator tools with unique names, all in the catalog', () => {
    const names = compatTools.map((tool) => tool.name);
    expect(new Set(names).size).toBe(names.length);
    expect(compatTools.filter((tool) => tool.family === 'seed')).toHaveLength(71);
    expect(compatTools.filter((tool) => tool.family === 'kosmokrator')).toHaveLength(14);
    for (const tool of compatTools) expect(findTool(tool.name)).toBe(tool);
  });

  it('carries every composite on the endpoint of a real v3 tool', () => {
    const v3Endpoints = new Set(
      catalog
        .filter((tool) => tool.family === 'v3')
        .map((tool) => `${tool.endpoint.method} ${tool.endpoint.path}`),
    );
    for (const tool of compatTools.filter((entry) => entry.implementation.kind === 'composite')) {
      expect(v3Endpoints, tool.name).toContain(`${tool.endpoint.method} ${tool.endpoint.path}`);
      expect(tool.legacy, tool.name).toBeUndefined();
      expect(tool.heygenAuth, tool.name).toEqual(['api_key', 'oauth']);
    }
  });

  it('only calls v3 tools from composites (every tool name in the compat sources)', () => {
    const called = new Set<string>();
    for (const file of readdirSync(compatDirectory)) {
      if (!file.endsWith('.ts') || file.endsWith('.test.ts') || file === 'recording-context.ts') continue;
      const source = readFileSync(new URL(file, import.meta.url), 'utf8');
      for (const match of source.matchAll(/context\.call\(\s*'([a-z0-9_]+)'|\btool: '([a-z0-9_]+)'/g)) {
        called.add((match[1] ?? match[2]) as string);
      }
    }
    expect(called.size).toBeGreaterThan(20);
    // A v3 tool, or the wait of a v3 job (streaming_start waits for the Avatar Realtime session to go live).
    for (const name of called) {
      const tool = findTool(name);
      const waitsOnV3 =
        tool?.implementation.kind === 'wait' && findTool(tool.implementation.job.statusTool)?.family === 'v3';
      expect(waitsOnV3 || tool?.family === 'v3', name).toBe(true);
    }
  });

  it('points every job at an existing status tool that takes the id field', () => {
    for (const tool of compatTools.filter((entry) => entry.job)) {
      const job = tool.job!;
      const status = findTool(job.statusTool);
      expect(status, `${tool.name} → ${job.statusTool}`).toBeDefined();
      expect(Object.keys(jsonSchemaOf(status!.input()).properties), tool.name).toContain(job.idField);
      expect(job.success.length, tool.name).toBeGreaterThan(0);
    }
  });

  it('marks every legacy tool with the sunset date at the start of its description', () => {
    for (const tool of compatTools.filter((entry) => entry.implementation.kind === 'http')) {
      expect(tool.legacy?.sunset, tool.name).toBe('2026-11-01');
      expect(tool.description.startsWith(legacyPrefix), tool.name).toBe(true);
      expect(tool.endpoint.envelope, tool.name).not.toBe('v3');
    }
  });
});

describe.runIf(seedToolsAvailable || requireSeed)('seed tools against seed-tools.json', () => {
  const seeds: SeedTool[] = seedToolsAvailable ? JSON.parse(readFileSync(seedToolsPath, 'utf8')) : [];

  it('lists 71 seed tools, each present under its slug', () => {
    expect(seeds).toHaveLength(71);
    const missing = seeds.filter((seed) => findTool(seed.slug)?.family !== 'seed').map((seed) => seed.slug);
    expect(missing).toEqual([]);
  });

  it.each(seeds.map((seed) => [seed.slug, seed] as const))('%s', (slug, seed) => {
    const tool = findTool(slug)!;
    expect(tool.access).toBe(seed.access);
    const onV3 = seed.v3_equivalent !== null && keptOnLegacy[slug] === undefined;
    const realtime = carriedOnAvatarRealtime[slug];
    if (realtime) {
      expect(seed.v3_equivalent).toBeNull();
      expect(tool.implementation.kind).toBe('composite');
      expect(`${tool.endpoint.method} ${tool.endpoint.path}`).toBe(realtime);
    } else if (onV3) {
      expect(tool.implementation.kind).toBe('composite');
      expect(`${tool.endpoint.method} ${tool.endpoint.path}`).toBe(
        `${seed.v3_equivalent!.method} ${seed.v3_equivalent!.path}`,
      );
    } else {
      const legacy = seed.legacy_endpoint;
      expect(tool.implementation.kind).toBe('http');
      expect(`${tool.endpoint.method} ${tool.endpoint.path}`).toBe(`${legacy.method} ${legacy.path}`);
      expect(tool.endpoint.host).toBe(legacy.host.includes('upload.') ? 'upload' : 'api');
      const request = tool.implementation.kind === 'http' ? (tool.implementation.request ?? {}) : {};
      for (const param of legacy.params) {
        if (param.in === 'path') expect(tool.endpoint.path).toContain(`{${param.name}}`);
        if (param.in === 'query' && tool.endpoint.method !== 'GET')
          expect(request.query ?? []).toContain(param.name);
      }
    }
    // The legacy parameter names are accepted (headers such as Content-Type travel inside the file input).
    const schema = jsonSchemaOf(tool.input());
    for (const param of seed.legacy_endpoint.params.filter((entry) => entry.in !== 'header')) {
      expect(Object.keys(schema.properties), `${slug}.${param.name}`).toContain(param.name);
      if (param.required) expect(schema.required, `${slug}.${param.name} required`).toContain(param.name);
    }
  });
});
