import { z } from 'zod';
import type { HttpMethod, ToolDefinition } from './define-tool.ts';

/**
 * The drift check of `heygate spec diff` (docs/decisions/0029-tolerant-outputs-and-drift-check.md): the catalog's
 * HTTP endpoints against a HeyGen OpenAPI document — operations added, removed and changed, where "changed"
 * means a parameter (path, query, the Idempotency-Key header) or a request body field that one side has and
 * the other does not, a different required flag, or different enum values. Operations the document marks
 * `x-excluded` (HeyGen's own "not part of the public API") are skipped; an operation counts as removed only in
 * the API versions (`/v1`, `/v2`, `/v3`) the document publishes, so a v3-only document does not list every
 * legacy endpoint.
 */

/** A JSON Schema / OpenAPI schema node, loosely typed (documents differ in what they use). */
type Schema = Record<string, any>;

/** A parameter or body field of one operation. */
interface Fact {
  required: boolean;
  /** Enum values as text, sorted; absent when the field is not an enum. */
  enum?: string[];
}

/** Where a compared item sits. */
export type DiffPlace = 'path' | 'query' | 'header' | 'body';

/** One difference inside an operation both sides have. */
export interface SpecChange {
  where: DiffPlace;
  /** Parameter name, or body field path (`script`, `scenes[].input.avatar_id`, `<avatar>.script` for a variant). */
  name: string;
  /** `added`: only in the document; `removed`: only in heygate; `required`/`enum`: both, differently. */
  change: 'added' | 'removed' | 'required' | 'enum';
  /** For `required`: whether each side requires it. */
  document?: boolean;
  heygate?: boolean;
  /** For `enum`: values only the document lists, and values only heygate lists. */
  added?: string[];
  removed?: string[];
}

/** An operation of the document heygate does not have. */
export interface SpecAddition {
  method: string;
  path: string;
  /** The document's operationId, when it has one. */
  operation_id?: string;
}

/** An operation of heygate the document does not have. */
export interface SpecRemoval {
  method: string;
  path: string;
  /** The catalog tool on that endpoint. */
  tool: string;
}

/** An operation both have, with its differences. */
export interface SpecChanged {
  method: string;
  path: string;
  tool: string;
  changes: SpecChange[];
}

/** The whole report; `--json` prints it as it is. */
export interface SpecDiff {
  added: SpecAddition[];
  removed: SpecRemoval[];
  changed: SpecChanged[];
}

const methods = ['get', 'post', 'put', 'patch', 'delete'] as const;
const maxDepth = 8;

/** `/v3/videos/{video_id}` → `/v3/videos/{}`: operations match by shape; placeholder names compare as parameters. */
function shapeOf(path: string): string {
  return path.replace(/\{[^}]+\}/g, '{}').replace(/\/+$/, '');
}

function versionOf(path: string): string | undefined {
  return /^\/(v\d+)\b/.exec(path)?.[1];
}

/** Follows local `$ref`s (`#/components/...`) of a document. */
function createResolver(document: Schema): (node: unknown) => Schema {
  return (node) => {
    let current = node as Schema;
    for (let hops = 0; current && typeof current.$ref === 'string' && hops < 20; hops++) {
      const ref: string = current.$ref;
      if (!ref.startsWith('#/')) return {};
      current = ref
        .slice(2)
        .split('/')
        .reduce<Schema | undefined>(
          (value, key) => value?.[key.replace(/~1/g, '/').replace(/~0/g, '~')],
          document,
        ) as Schema;
    }
    return current ?? {};
  };
}

function enumOf(schema: Schema): string[] | undefined {
  if (Array.isArray(schema.enum))
    return schema.enum
      .filter((value) => value !== null)
      .map(String)
      .sort();
  if (schema.const !== undefined && schema.const !== null) return [String(schema.const)];
  return undefined;
}

function isNull(schema: Schema): boolean {
  return (
    schema.type === 'null' ||
    (Array.isArray(schema.enum) && schema.enum.length === 1 && schema.enum[0] === null)
  );
}

/** Records every field of a (body) schema under `prefix`, with required flags and enums. */
function flatten(
  node: unknown,
  resolve: (node: unknown) => Schema,
  prefix: string,
  out: Map<string, Fact>,
  depth = 0,
): void {
  const schema = resolve(node);
  if (depth > maxDepth) return;
  const branches = ((schema.oneOf ?? schema.anyOf) as unknown[] | undefined)
    ?.map((branch) => ({ raw: branch as Schema, schema: resolve(branch) }))
    .filter((branch) => !isNull(branch.schema));
  if (branches && branches.length > 0) {
    const objects = branches.filter((branch) => branch.schema.properties || branch.schema.allOf);
    if (objects.length === 0 || branches.length === 1) {
      for (const branch of branches) flatten(branch.raw, resolve, prefix, out, depth + 1);
      return;
    }
    const discriminator: string | undefined = schema.discriminator?.propertyName;
    const mapping = Object.entries((schema.discriminator?.mapping ?? {}) as Record<string, string>);
    branches.forEach((branch, index) => {
      const tag =
        mapping.find(([, ref]) => ref === branch.raw.$ref)?.[0] ??
        (discriminator ? enumOf(resolve(branch.schema.properties?.[discriminator] ?? {}))?.[0] : undefined) ??
        constTag(branch.schema, resolve) ??
        String(index);
      // The variant itself is an item, so a variant only one side has is reported once, not field by field.
      out.set(`${prefix}<${tag}>`, { required: false });
      flatten(branch.raw, resolve, `${prefix}<${tag}>`, out, depth + 1);
    });
    return;
  }
  const merged = mergeAllOf(schema, resolve);
  if (merged.type === 'array' || merged.items) {
    flatten(merged.items ?? {}, resolve, `${prefix}[]`, out, depth + 1);
    return;
  }
  const properties = (merged.properties ?? {}) as Record<string, unknown>;
  const required = new Set<string>(merged.required ?? []);
  for (const [key, child] of Object.entries(properties)) {
    const path = prefix ? `${prefix}.${key}` : key;
    const resolved = resolve(child);
    const values = enumOf(resolved) ?? enumOfBranches(resolved, resolve);
    out.set(path, { required: required.has(key), ...(values ? { enum: values } : {}) });
    flatten(child, resolve, path, out, depth + 1);
  }
}

/** The value of a property every variant pins (`const`/one-value enum), used to name a variant. */
function constTag(schema: Schema, resolve: (node: unknown) => Schema): string | undefined {
  for (const child of Object.values((schema.properties ?? {}) as Record<string, unknown>)) {
    const values = enumOf(resolve(child));
    if (values?.length === 1) return values[0];
  }
  return undefined;
}

/** Enum values of a nullable enum (`anyOf: [{enum}, {type: null}]`). */
function enumOfBranches(schema: Schema, resolve: (node: unknown) => Schema): string[] | undefined {
  const branches = ((schema.anyOf ?? schema.oneOf) as unknown[] | undefined)?.map(resolve);
  if (!branches) return undefined;
  const enums = branches.filter((branch) => !isNull(branch)).map(enumOf);
  if (enums.length === 0 || enums.some((values) => values === undefined)) return undefined;
  return [...new Set(enums.flat() as string[])].sort();
}

function mergeAllOf(schema: Schema, resolve: (node: unknown) => Schema): Schema {
  if (!Array.isArray(schema.allOf)) return schema;
  const parts = (schema.allOf as unknown[]).map((part) => mergeAllOf(resolve(part), resolve));
  return {
    ...schema,
    properties: Object.assign({}, ...parts.map((part) => part.properties ?? {}), schema.properties ?? {}),
    required: [...parts.flatMap((part) => part.required ?? []), ...(schema.required ?? [])],
  };
}

/** Parameters and body fields of one side of an operation, keyed `where name`. */
type Facts = Map<string, Fact & { where: DiffPlace; name: string }>;

function put(facts: Facts, where: DiffPlace, name: string, fact: Fact): void {
  facts.set(`${where} ${name}`, { ...fact, where, name });
}

/** What the catalog says about a tool's request. */
function catalogFacts(tool: ToolDefinition): Facts {
  const facts: Facts = new Map();
  const request = tool.implementation.kind === 'http' ? (tool.implementation.request ?? {}) : {};
  const placeholders = [...tool.endpoint.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string);
  const pathNames = request.path ?? placeholders;
  const schema = z.toJSONSchema(tool.input(), { io: 'input', unrepresentable: 'any' }) as Schema;
  const hasBody = request.body
    ? request.body !== 'none'
    : ['POST', 'PUT', 'PATCH'].includes(tool.endpoint.method);
  const isQuery = (name: string) => request.query?.includes(name) || !hasBody;
  const variants: Schema[] = schema.oneOf ?? schema.anyOf ?? [schema];
  const union = variants.length > 1;
  const body: Schema[] = [];
  for (const variant of variants) {
    const properties = (variant.properties ?? {}) as Record<string, Schema>;
    const required = new Set<string>(variant.required ?? []);
    const bodyProperties: Record<string, Schema> = {};
    for (const [name, property] of Object.entries(properties)) {
      if (pathNames.includes(name)) put(facts, 'path', name, { required: true });
      else if (isQuery(name)) {
        const values = enumOf(property) ?? enumOfBranches(property, (node) => node as Schema);
        put(facts, 'query', name, { required: required.has(name), ...(values ? { enum: values } : {}) });
      } else bodyProperties[name] = property;
    }
    body.push({
      ...variant,
      properties: bodyProperties,
      required: [...required].filter((name) => name in bodyProperties),
    });
  }
  if (tool.idempotencyKey) put(facts, 'header', 'Idempotency-Key', { required: false });
  const fields = new Map<string, Fact>();
  flatten(union ? { ...schema, oneOf: body } : body[0], (node) => node as Schema, '', fields);
  for (const [name, fact] of fields) {
    // A multipart file travels as bytes; the shapes heygate accepts for it (base64, path, url) are its own.
    if (request.fileField && under(name, request.fileField)) continue;
    put(facts, 'body', name, fact);
  }
  return facts;
}

/** What the document says about an operation's request. */
function documentFacts(operation: Schema, pathItem: Schema, resolve: (node: unknown) => Schema): Facts {
  const facts: Facts = new Map();
  const parameters = [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])].map(resolve);
  for (const parameter of parameters) {
    const where = parameter.in as string;
    if (where === 'header') {
      if (String(parameter.name).toLowerCase() === 'idempotency-key')
        put(facts, 'header', 'Idempotency-Key', { required: false });
      continue;
    }
    if (where !== 'path' && where !== 'query') continue;
    const schema = resolve(parameter.schema ?? {});
    const values = enumOf(schema) ?? enumOfBranches(schema, resolve);
    put(facts, where, String(parameter.name), {
      required: where === 'path' || parameter.required === true,
      ...(values ? { enum: values } : {}),
    });
  }
  const content = (resolve(operation.requestBody ?? {}).content ?? {}) as Record<string, Schema>;
  const media = content['application/json'] ?? content['multipart/form-data'] ?? Object.values(content)[0];
  if (media?.schema) {
    const fields = new Map<string, Fact>();
    flatten(media.schema, resolve, '', fields);
    for (const [name, fact] of fields) put(facts, 'body', name, fact);
  }
  return facts;
}

/** True when `name` lies under `ancestor` (`a.b` under `a`, `a<x>.b` under `a<x>` and under `a`). */
function under(name: string, ancestor: string): boolean {
  return (
    name.length > ancestor.length && name.startsWith(ancestor) && /^[.<[]/.test(name.slice(ancestor.length))
  );
}

/** Drops what follows from a reported addition or removal above it (the fields of a field only one side has). */
function collapse(changes: SpecChange[]): SpecChange[] {
  const whole = changes.filter((change) => change.change === 'added' || change.change === 'removed');
  return changes.filter(
    (change) =>
      !whole.some(
        (parent) => parent.where === change.where && parent !== change && under(change.name, parent.name),
      ),
  );
}

function compareFacts(document: Facts, heygate: Facts): SpecChange[] {
  const changes: SpecChange[] = [];
  for (const key of [...new Set([...document.keys(), ...heygate.keys()])].sort()) {
    const theirs = document.get(key);
    const ours = heygate.get(key);
    const { where, name } = (theirs ?? ours)!;
    if (!ours) changes.push({ where, name, change: 'added' });
    else if (!theirs) changes.push({ where, name, change: 'removed' });
    else {
      if (theirs.required !== ours.required)
        changes.push({ where, name, change: 'required', document: theirs.required, heygate: ours.required });
      if (theirs.enum && ours.enum) {
        const added = theirs.enum.filter((value) => !ours.enum!.includes(value));
        const removed = ours.enum.filter((value) => !theirs.enum!.includes(value));
        if (added.length || removed.length) changes.push({ where, name, change: 'enum', added, removed });
      }
    }
  }
  return collapse(changes);
}

/**
 * Compares the catalog's HTTP endpoints (`tools`, each endpoint once) with an OpenAPI document (parsed JSON
 * or YAML). See the file comment for what counts.
 */
export function diffOpenApi(document: unknown, tools: readonly ToolDefinition[]): SpecDiff {
  if (!document || typeof document !== 'object' || !('paths' in document)) {
    throw new TypeError('Not an OpenAPI document: it has no `paths`.');
  }
  const resolve = createResolver(document as Schema);
  const theirs = new Map<string, { method: string; path: string; operation: Schema; item: Schema }>();
  for (const [path, rawItem] of Object.entries((document as Schema).paths as Record<string, unknown>)) {
    const item = resolve(rawItem);
    for (const method of methods) {
      const operation = item[method] as Schema | undefined;
      if (!operation || operation['x-excluded'] === true) continue;
      theirs.set(`${method.toUpperCase()} ${shapeOf(path)}`, {
        method: method.toUpperCase(),
        path,
        operation,
        item,
      });
    }
  }
  const versions = new Set([...theirs.values()].map((entry) => versionOf(entry.path)));
  const ours = new Map<string, ToolDefinition>();
  for (const tool of tools) {
    if (tool.implementation.kind !== 'http' || !versions.has(versionOf(tool.endpoint.path))) continue;
    const key = `${tool.endpoint.method} ${shapeOf(tool.endpoint.path)}`;
    const current = ours.get(key);
    // One endpoint, several tools (a `heygen_` alias, a legacy twin): the v3 one speaks for it.
    if (!current || (current.family !== 'v3' && tool.family === 'v3')) ours.set(key, tool);
  }
  const diff: SpecDiff = { added: [], removed: [], changed: [] };
  for (const [key, entry] of theirs) {
    const tool = ours.get(key);
    if (!tool) {
      diff.added.push({
        method: entry.method,
        path: entry.path,
        ...(typeof entry.operation.operationId === 'string'
          ? { operation_id: entry.operation.operationId }
          : {}),
      });
      continue;
    }
    const changes = compareFacts(documentFacts(entry.operation, entry.item, resolve), catalogFacts(tool));
    if (changes.length > 0)
      diff.changed.push({ method: entry.method, path: entry.path, tool: tool.name, changes });
  }
  for (const [key, tool] of ours) {
    if (!theirs.has(key))
      diff.removed.push({
        method: tool.endpoint.method as HttpMethod,
        path: tool.endpoint.path,
        tool: tool.name,
      });
  }
  const order = (a: { path: string; method: string }, b: { path: string; method: string }) =>
    a.path.localeCompare(b.path) || a.method.localeCompare(b.method);
  diff.added.sort(order);
  diff.removed.sort(order);
  diff.changed.sort(order);
  return diff;
}

/** True when the report shows any drift. */
export function hasDrift(diff: SpecDiff): boolean {
  return diff.added.length + diff.removed.length + diff.changed.length > 0;
}
