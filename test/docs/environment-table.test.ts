import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Issue 11: README's configuration lists every environment variable heygate reads, and only those. "Reads" is
 * an access on an environment object in shipped code (src/ and bin/, tests excluded): `env.NAME`,
 * `env?.NAME`, `env['NAME']`, `env["NAME"]`, `const { NAME } = …env`. A variable added to the code without a
 * README row (or a row left behind after the code stopped reading it) fails here, naming it.
 */
const root = join(import.meta.dirname, '..', '..');
const name = String.raw`(?:HEYGATE|HEYGEN)_[A-Z0-9_]+`;
const accesses = [
  new RegExp(String.raw`\benv\??\.(${name})\b`, 'g'),
  new RegExp(String.raw`\benv(?:\?\.)?\[\s*['"](${name})['"]\s*\]`, 'g'),
];
const destructuring = new RegExp(String.raw`\{([^{}]*\b${name}\b[^{}]*)\}\s*=\s*[\w.]*env\b`, 'g');

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|js)$/.test(entry.name) && !entry.name.endsWith('.test.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Variable → the first file that reads it. */
function variablesReadByCode(): Map<string, string> {
  const read = new Map<string, string>();
  for (const file of [...sourceFiles(join(root, 'src')), ...sourceFiles(join(root, 'bin'))]) {
    const text = readFileSync(file, 'utf8');
    const found = accesses.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1]!));
    for (const match of text.matchAll(destructuring)) {
      found.push(...(match[1]!.match(new RegExp(name, 'g')) ?? []));
    }
    for (const variable of found) if (!read.has(variable)) read.set(variable, relative(root, file));
  }
  return read;
}

/** Variables README's configuration section names: table rows, and the test-suite paragraph under it. */
function variablesInReadme(): Set<string> {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const start = readme.indexOf('## Configuration');
  const end = readme.indexOf('\n## ', start + 1);
  expect(start, 'README.md has a "## Configuration" section').toBeGreaterThanOrEqual(0);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const listed = new Set<string>();
  for (const line of section.split('\n')) {
    const row = /^\|\s*`([A-Z0-9_]+)`/.exec(line);
    if (row) listed.add(row[1]!);
    if (line.startsWith('For the test suite only:') || listed.has('__test_paragraph__')) {
      listed.add('__test_paragraph__');
      for (const match of line.matchAll(new RegExp(`\`(${name})(?:=[^\`]*)?\``, 'g'))) listed.add(match[1]!);
    }
    if (line.trim() === '') listed.delete('__test_paragraph__');
  }
  return listed;
}

describe('README environment table', () => {
  const code = variablesReadByCode();
  const readme = variablesInReadme();

  it('finds the variables the code reads (the scan works)', () => {
    expect(code.get('HEYGATE_HOME')).toBe('src/gateway/heygate-home.ts');
    expect(code.has('HEYGATE_REDIS_PREFIX')).toBe(true);
    expect(code.size).toBeGreaterThan(25);
  });

  it('lists every variable the code reads', () => {
    const missing = [...code]
      .filter(([variable]) => !readme.has(variable))
      .map(([v, file]) => `${v} (${file})`);
    expect(missing, 'add a row to the table in README.md ## Configuration').toEqual([]);
  });

  it('lists no variable the code does not read', () => {
    const stale = [...readme].filter((variable) => !code.has(variable));
    expect(stale, 'remove these from README.md ## Configuration').toEqual([]);
  });

  it('states the defaults the code uses', () => {
    const readmeText = readFileSync(join(root, 'README.md'), 'utf8');
    const row = (variable: string) =>
      readmeText.split('\n').find((line) => line.startsWith(`| \`${variable}\``)) ?? '';
    const redisStore = readFileSync(join(root, 'src/gateway/router/redis-health-store.ts'), 'utf8');
    const prefix = /options\.prefix \?\? '([^']+)'/.exec(redisStore)?.[1];
    expect(prefix).toBeDefined();
    expect(row('HEYGATE_REDIS_PREFIX')).toContain(`\`${prefix}\``);
    const flows = readFileSync(join(root, 'src/flows/open-flows.ts'), 'utf8');
    expect(row('HEYGATE_FLOW_LEASE_MS')).toContain(
      `\`${/HEYGATE_FLOW_LEASE_MS, ([\d_]+)\)/.exec(flows)![1]!.replaceAll('_', '')}\``,
    );
    expect(row('HEYGATE_FLOW_POLL_MS')).toContain(
      `\`${/HEYGATE_FLOW_POLL_MS, ([\d_]+)\)/.exec(flows)![1]}\``,
    );
    expect(row('HEYGATE_FLOW_QUEUE_PREFIX')).toContain(
      `\`${/HEYGATE_FLOW_QUEUE_PREFIX \|\| '([^']+)'/.exec(flows)![1]}\``,
    );
    const serve = readFileSync(join(root, 'src/surfaces/cli/commands/serve.ts'), 'utf8');
    expect(row('HEYGATE_PORT')).toContain(`\`${/HEYGATE_PORT \?\? (\d+)/.exec(serve)![1]}\``);
  });
});
