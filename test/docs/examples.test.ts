import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fencedBlocks } from './shell-commands.ts';

/**
 * Issue 11: code in the docs is complete and checked, and examples/agent runs with one command.
 *
 * - A block after `<!-- snippet: examples/…ts -->` must equal that file; tsconfig.json includes examples/ (with
 *   `heygate/…` mapped to this checkout's source, as package.json exports it), so `npm run typecheck` checks what
 *   the docs show. Every TypeScript block in README.md and docs/ must be such a snippet.
 * - `npm run example:agent` runs the AI SDK agent in sandbox mode; here it is started the same way.
 */
const root = join(import.meta.dirname, '..', '..');
const docs = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((file) => file.endsWith('.md'))
    .map((file) => `docs/${file}`),
];
const read = (path: string) => readFileSync(join(root, path), 'utf8');

describe('doc snippets', () => {
  const snippets = docs.flatMap((doc) => {
    const text = read(doc);
    const blocks = fencedBlocks(doc, text);
    return [...text.matchAll(/<!-- snippet: (\S+)/g)].map((match) => {
      const line = text.slice(0, match.index).split('\n').length;
      return { doc, line, file: match[1]!, block: blocks.find((block) => block.line > line) };
    });
  });

  it('the library examples of README, AI SDK, OpenAI, MCP and Lua docs are snippets of checked files', () => {
    expect(snippets.map((snippet) => snippet.file).sort()).toEqual(
      expect.arrayContaining([
        'examples/snippets/ai-sdk.ts',
        'examples/snippets/library.ts',
        'examples/snippets/lua.ts',
        'examples/snippets/mcp.ts',
        'examples/snippets/openai.ts',
      ]),
    );
  });

  it('every snippet block equals its file', () => {
    for (const snippet of snippets) {
      expect(
        existsSync(join(root, snippet.file)),
        `${snippet.doc}:${snippet.line} names ${snippet.file}`,
      ).toBe(true);
      expect(snippet.block?.lang, `${snippet.doc}:${snippet.line}`).toBe('ts');
      expect(`${snippet.block!.body}\n`, `${snippet.doc}:${snippet.line} differs from ${snippet.file}`).toBe(
        read(snippet.file),
      );
    }
  });

  it('every TypeScript block is a snippet of a checked file (none uses an executor it never creates)', () => {
    const snippetBlocks = new Set(snippets.map((snippet) => `${snippet.doc}:${snippet.block?.line}`));
    const unchecked = docs.flatMap((doc) =>
      fencedBlocks(doc, read(doc))
        .filter((block) => block.lang === 'ts' || block.lang === 'typescript')
        .filter((block) => !snippetBlocks.has(`${doc}:${block.line}`))
        .map((block) => `${doc}:${block.line}`),
    );
    expect(unchecked, 'put the code in examples/snippets/ and mark the block <!-- snippet: … -->').toEqual(
      [],
    );
  });

  it('tsconfig.json type-checks examples/ with heygate/… as package.json exports it', () => {
    const tsconfig = JSON.parse(read('tsconfig.json')) as {
      include: string[];
      compilerOptions: { paths: Record<string, string[]> };
    };
    expect(tsconfig.include).toContain('examples');
    const exportsMap = (JSON.parse(read('package.json')) as { exports: Record<string, unknown> }).exports;
    const expected: Record<string, string[]> = {};
    for (const [subpath, target] of Object.entries(exportsMap)) {
      const file = typeof target === 'string' ? target : (target as { default: string }).default;
      if (!/^\.\/dist\/.*\.js$/.test(file)) continue;
      expected[subpath === '.' ? 'heygate' : `heygate/${subpath.slice(2)}`] = [
        `./src/${file.slice('./dist/'.length, -'.js'.length)}.ts`,
      ];
    }
    expect(tsconfig.compilerOptions.paths).toEqual(expected);
  });
});

describe('examples/agent', () => {
  it('runs with `npm run example:agent`: searches, lists, renders in sandbox and answers with the URL', async () => {
    const script = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts[
      'example:agent'
    ];
    const [node, ...args] = script!.split(' ');
    expect(node).toBe('node');
    const child = spawn(process.execPath, args, {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code, stderr).toBe(0);
    expect(stdout.split('\n').filter((line) => line.startsWith('tool: '))).toEqual([
      'tool: search_tools',
      'tool: call_tool(avatar_look_list)',
      'tool: call_tool(voice_list)',
      'tool: call_tool(video_create)',
    ]);
    expect(stdout).toMatch(/Your welcome video is ready: http\S+\.mp4/);
  }, 60_000);
});
