import { expect } from 'vitest';
import type { ToolDefinition } from '../../src/catalog/index.ts';
import { catalog, findTool } from '../../src/catalog/index.ts';
import { HeyGenApiError, type HeyGenClient } from '../../src/heygen/index.ts';
import type { Fixtures } from './create-fixtures.ts';
import { readPath } from './read-path.ts';

/**
 * Cheap, tool-kind-specific checks on top of "the answer parses": a create returns an id that its status or
 * get tool then finds; a delete makes the matching get answer 404; a list returns an array; a wait tool
 * ends in one of its job's success states. Every rule is derived from the catalog entry, not from a list.
 */

/** What {@link checkSemantics} needs about one call. */
export interface SemanticCheckOptions {
  tool: ToolDefinition;
  input: Record<string, unknown>;
  data: unknown;
  client: HeyGenClient;
  fixtures: Fixtures;
}

/** The v3 GET tool of an endpoint path (the "get" that goes with a DELETE on the same path). */
function getToolOfPath(path: string): ToolDefinition | undefined {
  return catalog.find(
    (candidate) =>
      candidate.family === 'v3' && candidate.endpoint.method === 'GET' && candidate.endpoint.path === path,
  );
}

/** Names of the `{placeholders}` of an endpoint path. */
function pathParameters(path: string): string[] {
  return [...path.matchAll(/\{([a-z_]+)\}/g)].map((match) => match[1] as string);
}

/** Input of `getTool` for the resource `input` named: same field names, else the input's only string. */
function sameResource(get: ToolDefinition, input: Record<string, unknown>): Record<string, unknown> {
  const strings = Object.values(input).filter((value) => typeof value === 'string');
  return Object.fromEntries(
    pathParameters(get.endpoint.path).map((name) => [
      name,
      input[name] ?? (strings.length === 1 ? strings[0] : undefined),
    ]),
  );
}

/** The `field` of the first item of an array member (voice design answers `{voices: [{voice_id}]}`). */
function firstItemId(data: unknown, field: string): unknown {
  if (data === null || typeof data !== 'object') return undefined;
  for (const member of Object.values(data)) {
    if (Array.isArray(member) && member[0] && typeof member[0] === 'object') return member[0][field];
  }
  return undefined;
}

/** True when the value (or one of its members, one level down) is an array. */
function holdsArray(value: unknown): boolean {
  if (Array.isArray(value)) return true;
  if (value === null || typeof value !== 'object') return false;
  return Object.values(value).some(
    (member) =>
      Array.isArray(member) ||
      (member !== null && typeof member === 'object' && Object.values(member).some(Array.isArray)),
  );
}

/**
 * Runs the semantic checks that apply to the tool (assertions via vitest `expect`) and names the ones it ran,
 * so the suite can assert that every job, wait and delete tool was checked beyond its schema.
 */
export async function checkSemantics(options: SemanticCheckOptions): Promise<string[]> {
  const { tool, input, data, client, fixtures } = options;
  const checked: string[] = [];
  const job = tool.job;

  if (tool.implementation.kind === 'wait') {
    // A wait tool returns the status tool's final answer: its status is one of the job's success states.
    const waited = tool.implementation.job;
    const status = readPath(data, waited.statusField);
    expect(waited.success, `${tool.name} ended in ${String(status)}`).toContain(status);
    checked.push('terminal state');
    return checked;
  }

  if (job) {
    // The job id the create returned is found by the status tool, and its job ends successfully.
    const id = await fixtures.finish(tool, data);
    expect(id, `${tool.name} result carries the job id at ${job.resultIdPath}`).toEqual(expect.any(String));
    const status = await client.call(job.statusTool, { [job.idField]: id });
    expect(job.success).toContain(readPath(status.data, job.statusField));
    checked.push(`${job.statusTool} finds the job`);
  } else if (/_create$|^create_/.test(tool.name)) {
    // A create without a job: the `<resource>_get` tool finds what it made, or else its list shows it.
    const resource = tool.name.replace(/_create$|^create_/, '');
    const get = findTool(`${resource}_get`);
    const list = findTool(`${resource}_list`) ?? findTool(`list_${resource}s`);
    if (get && get.endpoint.method === 'GET') {
      const field = pathParameters(get.endpoint.path)[0] as string;
      const id = readPath(data, field) ?? readPath(data, 'id') ?? firstItemId(data, field);
      expect(id, `${tool.name} result names the new resource (${field} or id)`).toEqual(expect.any(String));
      await client.call(get, { [field]: id });
      checked.push(`${get.name} finds it`);
    } else if (list && !list.input().safeParse({}).error) {
      const id = [`${resource}_id`, 'endpoint_id', 'id'].map((path) => readPath(data, path)).find(Boolean);
      expect(id, `${tool.name} result names the new resource`).toEqual(expect.any(String));
      const listed = await client.call(list, {});
      expect(JSON.stringify(listed.data), `${list.name} lists what ${tool.name} made`).toContain(id);
      checked.push(`${list.name} lists it`);
    }
  }

  if (tool.endpoint.method === 'DELETE') {
    // After a delete, the get of the same path answers 404 (or reports the job as deleted); without a get,
    // the list of the parent path no longer shows the id.
    const get = getToolOfPath(tool.endpoint.path);
    const list = getToolOfPath(tool.endpoint.path.replace(/\/\{[a-z_]+\}$/, ''));
    if (!get && list && !list.input().safeParse({}).error) {
      const id = Object.values(input).find((value) => typeof value === 'string') as string;
      const listed = await client.call(list, {});
      expect(JSON.stringify(listed.data), `${list.name} after ${tool.name}`).not.toContain(id);
      checked.push(`${list.name} no longer lists it`);
    }
    if (get) {
      const lookup = sameResource(get, input);
      const outcome = await client.call(get, lookup).then(
        (result) => result.data,
        (error: unknown) => error,
      );
      if (outcome instanceof HeyGenApiError) expect(outcome.status).toBe(404);
      else expect(outcome, `${get.name} after ${tool.name}`).toMatchObject({ status: 'deleted' });
      checked.push(`${get.name} no longer finds it`);
    }
  }

  if (/_list$/.test(tool.name) && Object.keys(input).some((name) => /_ids$/.test(name))) {
    // Asked about real ids, a statuses list reports each of them.
    const rows = readPath(data, 'data');
    expect(Array.isArray(rows) && rows.length > 0, `${tool.name} reports the ids it was given`).toBe(true);
    for (const row of rows as { status?: unknown }[]) expect(row.status).not.toBe('not_found');
    checked.push('reports the given ids');
  }

  if (tool.paginated && tool.family === 'v3') {
    expect(Array.isArray(readPath(data, 'data')), `${tool.name} returns its page as data[]`).toBe(true);
    checked.push('page array');
  } else if (tool.paginated || /(^|_)list(_|$)/.test(tool.name)) {
    expect(holdsArray(data), `${tool.name} returns an array`).toBe(true);
    checked.push('list array');
  }
  return checked;
}
