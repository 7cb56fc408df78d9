import { describe, expect, it } from 'vitest';
import { InvalidInputError, type InputIssue } from './errors.ts';
import { getTool } from './index.ts';
import { checkOutput, parseInput, parseOutput } from './validate.ts';

/** The issues `parseInput` reports for a tool and input (fails the test when the input passes). */
function issuesOf(toolName: string, input: unknown): readonly InputIssue[] {
  try {
    parseInput(getTool(toolName), input);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as InvalidInputError).issues;
  }
  throw new Error(`${toolName} accepted ${JSON.stringify(input)}`);
}

function issueAt(issues: readonly InputIssue[], field: string): InputIssue {
  const issue = issues.find((candidate) => candidate.field === field);
  expect(issue, `no issue for ${field} in ${JSON.stringify(issues)}`).toBeDefined();
  return issue!;
}

const studioScene = (input: Record<string, unknown>) => ({ type: 'avatar_video', input });

describe('parseInput', () => {
  it('returns the parsed input of a valid call', () => {
    const input = {
      type: 'avatar',
      avatar_id: 'look_1',
      script: 'Hello there',
      voice_id: 'voice_1',
      voice_settings: { speed: 1.2 },
    };
    expect(parseInput(getTool('video_create'), input)).toEqual(input);
  });

  it('names a missing field inside an array of scenes with its index', () => {
    const issues = issuesOf('video_create', {
      type: 'studio',
      scenes: [studioScene({ type: 'avatar', avatar_id: 'a' }), studioScene({ type: 'avatar' })],
    });
    const issue = issueAt(issues, 'scenes[1].input.avatar_id');
    expect(issue.expected).toBe('required');
    expect(issue.message).toContain('scenes[1].input.avatar_id');
    expect(issues).toHaveLength(1);
  });

  it('lists the allowed values of an enum', () => {
    const issues = issuesOf('video_create', {
      type: 'studio',
      scenes: [studioScene({ type: 'avatar', avatar_id: 'a', expressiveness: 'loud' })],
    });
    const issue = issueAt(issues, 'scenes[0].input.expressiveness');
    expect(issue.expected).toBe('one of: high, medium, low');
    expect(issue.message).toBe(
      '`scenes[0].input.expressiveness`: expected one of: high, medium, low, got "loud"',
    );
  });

  it('names the variants when the discriminator is missing or unknown', () => {
    const missing = issueAt(issuesOf('video_create', { avatar_id: 'a' }), 'type');
    expect(missing.expected).toBe('required (one of: avatar, image, cinematic_avatar, studio)');
    const unknown = issueAt(issuesOf('video_create', { type: 'hologram' }), 'type');
    expect(unknown.expected).toBe('one of: avatar, image, cinematic_avatar, studio');
    const nested = issueAt(issuesOf('video_create', { type: 'image', image: { type: 'ftp' } }), 'image.type');
    expect(nested.expected).toBe('one of: url, asset_id, base64');
  });

  it('states numeric and length bounds in words', () => {
    expect(issueAt(issuesOf('video_list', { limit: 500 }), 'limit').expected).toBe('at most 100');
    expect(issueAt(issuesOf('video_list', { limit: 0 }), 'limit').expected).toBe('at least 1');
    expect(issueAt(issuesOf('voice_speech_create', { voice_id: 'v', text: '' }), 'text').expected).toBe(
      'at least 1 character',
    );
    const speed = issueAt(
      issuesOf('video_create', { type: 'avatar', avatar_id: 'a', voice_settings: { speed: 3 } }),
      'voice_settings.speed',
    );
    expect(speed.expected).toBe('at most 1.5');
    expect(speed.message).toBe('`voice_settings.speed`: expected at most 1.5, got number 3');
    const silentScene = issueAt(
      issuesOf('video_create', {
        type: 'studio',
        scenes: [{ type: 'image', source: { type: 'url', url: 'https://x/y.png' }, duration: 0 }],
      }),
      'scenes[0].duration',
    );
    expect(silentScene.expected).toBe('more than 0');
    const width = issueAt(
      issuesOf('template_generate', {
        template_id: 't',
        variables: {},
        dimension: { width: 1281, height: 720 },
      }),
      'dimension.width',
    );
    expect(width.expected).toBe('a multiple of 2');
  });

  it('asks for an integer where HeyGen wants whole seconds', () => {
    const issue = issueAt(
      issuesOf('video_create', { type: 'cinematic_avatar', prompt: 'p', avatar_id: ['a'], duration: 4.5 }),
      'duration',
    );
    expect(issue.expected).toBe('integer');
  });

  it('rejects unknown fields, at the root and nested, naming them', () => {
    const root = issueAt(issuesOf('video_get', { video_id: 'v', foo: 1 }), 'foo');
    expect(root.expected).toBe('no unknown fields (got: foo)');
    const nested = issueAt(
      issuesOf('video_create', { type: 'avatar', avatar_id: 'a', voice_settings: { speed: 1, bogus: true } }),
      'voice_settings.bogus',
    );
    expect(nested.expected).toBe('no unknown fields (got: bogus)');
    const two = issuesOf('video_get', { video_id: 'v', foo: 1, bar: 2 });
    expect(issueAt(two, '(root)').expected).toBe('no unknown fields (got: foo, bar)');
  });

  it('explains the accepted shapes of a file', () => {
    const empty = issueAt(issuesOf('asset_create', { file: {} }), 'file');
    expect(empty.expected).toBe('one of: {base64} | {path} | {url}');
    // A near miss reports the branch it was closest to.
    const badUrl = issueAt(issuesOf('asset_create', { file: { url: 'not a url' } }), 'file.url');
    expect(badUrl.expected).toBe('an http(s) URL');
    const badBase64 = issuesOf('asset_create', { file: { base64: '@@@', filename: 'a.png' } });
    expect(issueAt(badBase64, 'file.base64').message).toContain('base64');
    expect(parseInput(getTool('asset_create'), { file: { base64: 'aGVsbG8=', filename: 'a.txt' } })).toEqual({
      file: { base64: 'aGVsbG8=', filename: 'a.txt' },
    });
  });

  it('reports a wrong type with what was received, and the whole input when it is not an object', () => {
    const issue = issueAt(issuesOf('video_get', { video_id: 42 }), 'video_id');
    expect(issue).toEqual({
      field: 'video_id',
      expected: 'string',
      message: '`video_id`: expected string, got number 42',
    });
    const root = issueAt(issuesOf('video_get', 'v_1'), '(root)');
    expect(root.expected).toBe('object');
  });

  it('validates wait tools: the job id is required and the timeout bounded', () => {
    expect(issueAt(issuesOf('video_wait', {}), 'video_id').expected).toBe('required');
    expect(
      issueAt(issuesOf('video_wait', { video_id: 'v', timeout_seconds: 0 }), 'timeout_seconds').expected,
    ).toBe('at least 1');
    expect(
      issueAt(issuesOf('video_wait', { video_id: 'v', timeout_seconds: 7200 }), 'timeout_seconds').expected,
    ).toBe('at most 3600');
  });

  it('puts the first field and expectation in the error message and hint', () => {
    try {
      parseInput(getTool('video_list'), { limit: 'ten' });
      expect.unreachable();
    } catch (error) {
      const invalid = error as InvalidInputError;
      expect(invalid.code).toBe('invalid_input');
      expect(invalid.field).toBe('limit');
      expect(invalid.message).toBe('Invalid input for video_list: `limit`: expected number, got "ten"');
      expect(invalid.hint).toBe('Fix `limit`: expected number.');
    }
  });
});

describe('parseOutput', () => {
  const video = { id: 'v1', status: 'completed', video_url: 'https://x/v.mp4' };

  it('passes unknown fields and new enum values through', () => {
    const data = { ...video, status: 'archived', brand_new_field: { nested: true } };
    expect(parseOutput(getTool('video_get'), data)).toEqual(data);
    expect(checkOutput(getTool('video_get'), data)).toMatchObject({ ok: true, issues: [] });
  });

  it('accepts missing and null fields', () => {
    expect(checkOutput(getTool('video_get'), { id: 'v1', video_url: null }).ok).toBe(true);
  });

  it('never throws on drift: hands the data back and reports what did not match', () => {
    const drifted = { ...video, duration: 'twelve seconds' };
    expect(parseOutput(getTool('video_get'), drifted)).toBe(drifted);
    const check = checkOutput(getTool('video_get'), drifted);
    expect(check.ok).toBe(false);
    expect(check.issues).toEqual([
      { field: 'duration', expected: 'number', message: '`duration`: expected number, got "twelve seconds"' },
    ]);
  });

  it('keeps the cursor of list pages', () => {
    const page = { data: [video], has_more: true, next_token: 'abc' };
    expect(parseOutput(getTool('video_list'), page)).toEqual(page);
  });
});
