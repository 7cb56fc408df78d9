import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { InvalidInputError } from '../../../catalog/errors.ts';
import type { SpecChange, SpecDiff } from '../../../catalog/diff-openapi.ts';
import type { CliRuntime } from '../cli-runtime.ts';
import { exitCodes } from '../exit-codes.ts';

/** Largest document read (HeyGen's full OpenAPI file is well under 2 MB). */
const maxDocumentBytes = 20 * 1024 * 1024;

function badDocument(message: string): InvalidInputError {
  return new InvalidInputError('spec', [{ field: 'FILE_OR_URL', expected: 'an OpenAPI document', message }]);
}

/** Reads the document: an http(s) URL is fetched (30 s, 20 MB at most), anything else is a local file. */
async function readDocument(source: string): Promise<string> {
  if (!/^https?:\/\//i.test(source)) {
    try {
      return await readFile(source, 'utf8');
    } catch (error) {
      throw badDocument(`Cannot read ${source}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`);
    }
  }
  let response: Response;
  try {
    response = await fetch(source, { signal: AbortSignal.timeout(30_000), redirect: 'follow' });
  } catch (error) {
    throw badDocument(`Cannot fetch ${source}: ${error instanceof Error ? error.message : String(error)}.`);
  }
  if (!response.ok) throw badDocument(`${source} answered HTTP ${response.status}.`);
  const text = await response.text();
  if (text.length > maxDocumentBytes) throw badDocument(`${source} is larger than 20 MB.`);
  return text;
}

/** JSON, else YAML (OpenAPI documents come in both). */
async function parseDocument(text: string, source: string): Promise<unknown> {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const { parse } = await import('yaml');
    try {
      return parse(text) as unknown;
    } catch (error) {
      throw badDocument(`${source} is neither JSON nor YAML: ${error instanceof Error ? error.message : ''}`);
    }
  }
}

function describeChange(change: SpecChange): string {
  const what = `${change.where} ${change.name}`;
  switch (change.change) {
    case 'added':
      return `${what}: only in the document`;
    case 'removed':
      return `${what}: only in heygate`;
    case 'required':
      return `${what}: ${change.document ? 'required' : 'optional'} in the document, ${change.heygate ? 'required' : 'optional'} in heygate`;
    case 'enum': {
      const parts = [];
      if (change.added?.length) parts.push(`document adds ${change.added.join(', ')}`);
      if (change.removed?.length) parts.push(`heygate adds ${change.removed.join(', ')}`);
      return `${what}: enum differs (${parts.join('; ')})`;
    }
  }
}

function printText(runtime: CliRuntime, diff: SpecDiff, source: string): void {
  const lines = [
    `heygate spec diff against ${source}: ${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed`,
  ];
  const row = (method: string, path: string, extra: string) =>
    `  ${method.padEnd(6)} ${path}  ${extra}`.trimEnd();
  if (diff.added.length) {
    lines.push('added (in the document, not in heygate):');
    for (const entry of diff.added) lines.push(row(entry.method, entry.path, entry.operation_id ?? ''));
  }
  if (diff.removed.length) {
    lines.push('removed (in heygate, not in the document):');
    for (const entry of diff.removed) lines.push(row(entry.method, entry.path, entry.tool));
  }
  if (diff.changed.length) {
    lines.push('changed:');
    for (const entry of diff.changed) {
      lines.push(row(entry.method, entry.path, entry.tool));
      for (const change of entry.changes) lines.push(`      ${describeChange(change)}`);
    }
  }
  runtime.stdout(`${lines.join('\n')}\n`);
}

/**
 * `heygate spec diff FILE_OR_URL [--json]`: compares the catalog with a HeyGen OpenAPI document (JSON or
 * YAML, a file or an http(s) URL) and prints the operations added, removed and changed (method, path,
 * parameters, required fields, enums). Exits 0 without drift, 1 with drift, 2 when the document cannot be
 * read. `--json` prints `{added, removed, changed}`, each entry with `method` and `path`.
 */
export function registerSpecCommand(program: Command, runtime: CliRuntime): void {
  const spec = program.command('spec').description('compare heygate with HeyGen’s API description');
  spec
    .command('diff')
    .description('operations added, removed and changed between a HeyGen OpenAPI document and heygate')
    .argument('<file-or-url>', 'an OpenAPI document (JSON or YAML): a file, or an http(s) URL')
    .option('--json', 'print {added, removed, changed} as JSON')
    .action(async (source: string, options: { json?: boolean }) => {
      const document = await parseDocument(await readDocument(source), source);
      const { diffOpenApi, hasDrift } = await import('../../../catalog/diff-openapi.ts');
      const { catalog } = await import('../../../catalog/index.ts');
      let diff: SpecDiff;
      try {
        diff = diffOpenApi(document, catalog);
      } catch (error) {
        throw badDocument(`${source}: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (options.json) runtime.stdout(`${JSON.stringify(diff, null, 2)}\n`);
      else printText(runtime, diff, source);
      runtime.exitCode = hasDrift(diff) ? exitCodes.toolError : exitCodes.ok;
    });
}
