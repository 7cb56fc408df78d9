import { describe, expect, it } from 'vitest';
import { catalog } from '../../catalog/index.ts';
import type { Executor } from '../../gateway/types.ts';
import { toolInputJsonSchema } from '../internal/tool-input-json-schema.ts';
import { createLuaDocs } from './create-lua-docs.ts';
import { createLuaRunner } from './create-lua-runner.ts';
import { luaExample } from './lua-example.ts';

const docs = createLuaDocs();

describe('Lua docs generated from the catalog', () => {
  it('the namespace reference lists every catalog tool with its parameters, and an example', () => {
    const reference = docs.read('integrations.heygen');
    expect(reference).toMatch(/^# HeyGen — Lua API reference \(app\.integrations\.heygen\)/);
    expect(reference).toContain('```lua');
    for (const tool of catalog) {
      const line = reference.split('\n').find((candidate) => candidate.startsWith(`- \`${tool.name}{`));
      expect(line, tool.name).toBeDefined();
      const schema = toolInputJsonSchema(tool);
      for (const name of Object.keys(schema.properties as object))
        expect(line, `${tool.name}.${name}`).toContain(`${name}`);
      const required = (schema.required ?? []) as string[];
      for (const name of required)
        expect(line, `${tool.name} requires ${name}`).toMatch(new RegExp(`[{ ]${name}: `));
    }
  });

  it('documents every function on its own: title, description, parameter table and example', () => {
    for (const tool of catalog) {
      const page = docs.read(`integrations.heygen.${tool.name}`);
      expect(page.startsWith(`# app.integrations.heygen.${tool.name}\n`), tool.name).toBe(true);
      expect(page).toContain(tool.description);
      expect(page).toContain(`Access: ${tool.access}`);
      expect(page).toContain(luaExample(tool));
      const properties = Object.keys(toolInputJsonSchema(tool).properties as object);
      if (properties.length === 0) expect(page).toContain('## Parameters\n\nNone.');
      for (const name of properties) expect(page, `${tool.name}.${name}`).toContain(`| \`${name}\` |`);
      if (tool.legacy) expect(page).toContain(tool.legacy.sunset);
    }
  });

  it('shows nested fields as dotted paths (the KosmoKrator scene structure)', () => {
    const page = docs.read('integrations.heygen.create_video');
    expect(page).toContain('| `video_inputs` | array of object | yes |');
    expect(page).toContain('| `video_inputs[].character.avatar_id` | string | yes |');
    expect(page).toContain('| `video_inputs[].voice_settings.speed` | number | no |');
  });

  it('generates an example for every tool that compiles in the sandbox', async () => {
    const offline: Executor = {
      execute: async () => ({
        ok: false,
        tool: '',
        durationMs: 0,
        error: { code: 'x', message: 'x', retryable: false },
      }),
      visibleTools: async () => [],
    };
    const runner = createLuaRunner({ executor: offline });
    const examples = catalog.map((tool) => luaExample(tool));
    const script = `
      local examples = json.decode(${JSON.stringify(JSON.stringify(examples)).replace(/\\u/g, '\\\\u')})
      local failures = {}
      for i, example in ipairs(examples) do
        local fn, err = load(example, "=example")
        if not fn then failures[#failures + 1] = err end
      end
      return json.array(failures)
    `;
    const result = await runner.run(script);
    expect(result.error).toBeUndefined();
    expect(result.value).toEqual([]);
    expect(luaExample(catalog.find((tool) => tool.name === 'video_get')!)).toBe(
      'local result = app.integrations.heygen.video_get({\n  video_id = "<video_id>"\n})\nprint(result) -- results print as JSON; index them like any table',
    );
  });

  it('reads aliases and the helper and runtime pages; unknown paths name close ones', () => {
    expect(docs.read('app.integrations.heygen.video_get')).toBe(docs.read('integrations.heygen.video_get'));
    expect(docs.read('heygen.video_get')).toBe(docs.read('integrations.heygen.video_get'));
    expect(docs.read('integrations.heygen.wait')).toContain('wait_for_<kind>');
    expect(docs.read('integrations.heygen.account')).toContain('account("work-eu")');
    expect(docs.read('lua')).toContain('json.encode');
    expect(() => docs.read('integrations.heygen.video_gett')).toThrow(
      /No Lua doc at "integrations\.heygen\.video_gett".*video_get/,
    );
  });

  it('lists top-level docs, then every function under a prefix', () => {
    expect(docs.list().map((entry) => entry.path)).toEqual(['lua', 'integrations.heygen']);
    const functions = docs.list('integrations.heygen');
    expect(functions).toHaveLength(catalog.length + 2);
    expect(functions.map((entry) => entry.path)).toContain('integrations.heygen.list_videos');
    expect(
      docs
        .list('integrations.heygen.video_translation')
        .every((entry) => entry.path.startsWith('integrations.heygen.video_translation')),
    ).toBe(true);
  });

  it('searches by intent', () => {
    const found = docs.search('translate a video into another language', 5);
    expect(found.length).toBeGreaterThan(0);
    expect(found.some((entry) => entry.path.includes('translat'))).toBe(true);
    expect(docs.search('wait for a render to finish', 3)[0]!.path).toBe('integrations.heygen.wait');
  });

  it('documents only the tools it is given', () => {
    const small = createLuaDocs({ tools: catalog.filter((tool) => tool.area === 'voices') });
    expect(small.read('integrations.heygen')).not.toContain('video_create{');
    expect(() => small.read('integrations.heygen.video_create')).toThrow(/No Lua doc/);
    expect(small.search('video').every((entry) => !entry.path.endsWith('video_create'))).toBe(true);
  });
});
