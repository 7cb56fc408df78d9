import { describe, expect, it } from 'vitest';
import { InvalidScopeError } from './errors.ts';
import { compileScopes, normalizeScopes } from './scopes.ts';

const tool = (name: string, area: string, access: 'read' | 'write' | 'destructive') => ({
  name,
  area,
  access,
});
const videoGet = tool('video_get', 'videos', 'read');
const videoCreate = tool('video_create', 'videos', 'write');
const videoDelete = tool('video_delete', 'videos', 'destructive');
const voiceList = tool('voice_list', 'voices', 'read');

describe('scopes', () => {
  it('keeps access classes separate: write implies neither read nor destructive', () => {
    const write = compileScopes(['write']);
    expect([videoGet, videoCreate, videoDelete].map((each) => write.allows(each))).toEqual([
      false,
      true,
      false,
    ]);
  });

  it('intersects selectors joined with + and lets denials win', () => {
    const scopes = compileScopes(['read', 'write+area:videos', '!video_get']);
    expect(scopes.allows(videoCreate)).toBe(true);
    expect(scopes.allows(voiceList)).toBe(true);
    expect(scopes.allows(videoGet)).toBe(false);
    expect(scopes.allows(tool('voice_create', 'voices', 'write'))).toBe(false);
    expect(compileScopes(['*', '!destructive']).allows(videoDelete)).toBe(false);
  });

  it('matches tool-name globs with picomatch, braces included', () => {
    const scopes = compileScopes(normalizeScopes(['video_{get,create}, voice_*']));
    expect([videoGet, videoCreate, videoDelete, voiceList].map((each) => scopes.allows(each))).toEqual([
      true,
      true,
      false,
      true,
    ]);
  });

  it("accepts ADR 0003's shorthand: class:area, class:*, tool:glob", () => {
    const scopes = compileScopes(['write:videos', 'read:*', 'tool:voice_*'], {
      knownAreas: ['videos', 'voices'],
    });
    expect([videoGet, videoCreate, videoDelete, voiceList].map((each) => scopes.allows(each))).toEqual([
      true,
      true,
      false,
      true,
    ]);
    expect(compileScopes(['tool:voice_*']).allows(tool('voice_delete', 'voices', 'destructive'))).toBe(true);
    expect(() => compileScopes(['write:nowhere'], { knownAreas: ['videos'] })).toThrow(/unknown area/);
  });

  it('allows nothing without grants and treats admin as a non-tool grant', () => {
    expect(compileScopes([]).allows(videoGet)).toBe(false);
    const admin = compileScopes(['admin']);
    expect(admin.admin).toBe(true);
    expect(admin.allows(videoGet)).toBe(false);
    expect(admin.flows).toBe(false);
  });

  it('treats flows as a reserved non-tool grant next to admin', () => {
    const flows = compileScopes(['flows', 'read']);
    expect(flows.flows).toBe(true);
    expect(flows.admin).toBe(false);
    expect(compileScopes(['flows']).allows(videoGet)).toBe(false);
    expect(flows.allows(videoGet)).toBe(true);
  });

  it.each([
    ['area:vidoes', /unknown area "vidoes"/],
    ['VIDEO_*', /expected read, write/],
    ['read+', /empty selector/],
    ['!', /empty grant/],
    ['read+admin', /admin/],
    ['write+flows', /`flows` cannot be combined/],
  ])('rejects %s with a clear error', (scope, message) => {
    expect(() => compileScopes([scope], { knownAreas: ['videos', 'voices'] })).toThrow(InvalidScopeError);
    expect(() => compileScopes([scope], { knownAreas: ['videos', 'voices'] })).toThrow(message);
  });

  it('normalises repeated, comma and space separated arguments', () => {
    expect(normalizeScopes(['read,write', 'area:videos  read', ''])).toEqual([
      'read',
      'write',
      'area:videos',
    ]);
  });

  it('refuses a tool name or glob that reaches no tool, naming the closest valid grant', () => {
    const known = {
      knownAreas: ['videos', 'voices'],
      knownTools: ['video_get', 'video_create', 'voice_list'],
    };
    expect(() => compileScopes(['reed'], known)).toThrow(
      'Invalid scope "reed": unknown scope "reed", did you mean "read"?',
    );
    expect(() => compileScopes(['video_gte'], known)).toThrow('did you mean "video_get"?');
    expect(() => compileScopes(['vido_*'], known)).toThrow('"vido_*" matches no tool');
    expect(() => compileScopes(['zzzzzzzz'], known)).toThrow('(see heygate tools list)');
    expect(compileScopes(['video_*', '!video_create', 'write+voice_*'], known).allows(videoGet)).toBe(true);
    // Stored scopes are used without the catalog check: a tool HeyGen removed does not lock the persona out.
    expect(compileScopes(['reed', 'read']).allows(videoGet)).toBe(true);
  });
});
