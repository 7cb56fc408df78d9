import { describe, expect, it } from 'vitest';
import { createToolSearch, searchTerms } from './create-tool-search.ts';
import { catalog, findTool, searchTools } from './index.ts';
import { toolAliases } from './tool-aliases.ts';

const top = (query: string, limit = 3) => searchTools(query, limit).map((tool) => tool.name);

describe('tool search', () => {
  it('finds the tools of the four everyday intents the old search ranked low (issue 12)', () => {
    expect(top('create a video from a template')[0]).toBe('template_generate');
    expect(top('lip-sync a video to new audio')[0]).toBe('lipsync_create');
    expect(top('create a webhook for finished videos')[0]).toBe('webhook_endpoint_create');
    expect(['video_get', 'video_wait']).toContain(top('download the finished video')[0]);
  });

  it('folds hyphens, spacing and plurals so spellings meet', () => {
    expect(searchTerms('Lip-Sync')).toEqual(searchTerms('lipsync'));
    expect(searchTerms('lip sync videos')).toEqual(searchTerms('lipsync video'));
    expect(searchTerms('web hooks')).toEqual(['webhook']);
    expect(searchTerms('translations')).toEqual(searchTerms('translate'));
    expect(searchTerms('organise colours')).toEqual(searchTerms('organize colors'));
  });

  it('reads a callback as a webhook and a verb as the operation it asks for', () => {
    expect(top('register a callback url')[0]).toBe('webhook_endpoint_create');
    expect(top('rename an avatar look')[0]).toBe('avatar_look_update');
    expect(top('delete this video')[0]).toBe('video_delete');
    expect(top('wait for my lipsync')[0]).toBe('lipsync_wait');
  });

  it('prefers v3 tools over compatibility names and legacy endpoints last', () => {
    const found = top('translate my video into Spanish', 5);
    expect(found[0]).toBe('video_translation_create');
    const legacy = catalog.filter((tool) => tool.legacy).map((tool) => tool.name);
    expect(legacy).not.toContain(found[0]);
  });

  it('finds a tool by its exact name first and ignores empty queries', () => {
    expect(top('video_translation_proofread_srt_get')[0]).toBe('video_translation_proofread_srt_get');
    expect(searchTools('   ')).toEqual([]);
    expect(searchTools('the of a')).toEqual([]);
  });

  it('is deterministic and ranks only the tools it was given', () => {
    const tools = catalog.filter((tool) => tool.area === 'voices');
    const search = createToolSearch(tools);
    const first = search('clone my voice').map((tool) => tool.name);
    expect(search('clone my voice').map((tool) => tool.name)).toEqual(first);
    expect(first[0]).toBe('voice_clone_create');
    expect(first.every((name) => tools.some((tool) => tool.name === name))).toBe(true);
  });

  it('has aliases only for catalog tools', () => {
    expect(Object.keys(toolAliases).filter((name) => findTool(name) === undefined)).toEqual([]);
  });
});
