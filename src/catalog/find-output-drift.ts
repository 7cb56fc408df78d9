import type { z } from 'zod';
import { openEnumValues } from './open-enum.ts';

/**
 * What in a HeyGen answer the tool's output schema did not document: a field it does not list, or a value of
 * a documented enum it does not list. Outputs are tolerant, so none of this fails a call; it is reported so
 * the agent and the operator learn that HeyGen changed (docs/decisions/0029-tolerant-outputs-and-drift-check.md).
 */
export interface OutputDrift {
  kind: 'new_field' | 'new_value';
  /** Where, with `[]` for array items: `data[].status`, `captions.format`. */
  path: string;
  /** The undocumented value (`new_value` only), as text. */
  value?: string;
  /** The documented values (`new_value` only). */
  known?: readonly string[];
}

/** Stops a pathological answer from producing (or costing) more than this. */
const maxFindings = 20;
const maxDepth = 16;

interface ZodDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  getter?: () => z.ZodType;
  in?: z.ZodType;
  catchall?: z.ZodType;
}

function defOf(schema: z.ZodType): ZodDef {
  return (schema as unknown as { _zod: { def: ZodDef } })._zod.def;
}

/** The schema under optional/nullable/default/readonly/lazy/pipe wrappers. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (let step = 0; step < 10; step++) {
    const def = defOf(current);
    if (def.innerType) current = def.innerType;
    else if (def.type === 'lazy' && def.getter) current = def.getter();
    else if (def.type === 'pipe' && def.in) current = def.in;
    else return current;
  }
  return current;
}

/** The object variants of a schema (one for an object, each object branch of a union). */
function objectShapes(schema: z.ZodType): Record<string, z.ZodType>[] {
  const def = defOf(schema);
  // An object with no listed fields is a free-form map (template variables, counts by status): anything goes.
  if (def.type === 'object' && def.shape) return Object.keys(def.shape).length > 0 ? [def.shape] : [];
  if (def.type === 'union' && def.options)
    return def.options.flatMap((option) => objectShapes(unwrap(option)));
  return [];
}

/** What the walk needs of a schema node, worked out once per node (answers repeat the same nodes). */
type Node =
  | { kind: 'enum'; known: readonly string[] }
  | { kind: 'array'; element: z.ZodType }
  | { kind: 'object'; shapes: Record<string, z.ZodType>[] }
  | { kind: 'other' };

const nodes = new WeakMap<z.ZodType, Node>();

function nodeOf(schema: z.ZodType): Node {
  let node = nodes.get(schema);
  if (node) return node;
  const inner = unwrap(schema);
  const def = defOf(inner);
  const known = def.type === 'string' ? openEnumValues.get(inner)?.values : undefined;
  const shapes = objectShapes(inner);
  node = known
    ? { kind: 'enum', known }
    : def.type === 'array' && def.element
      ? { kind: 'array', element: def.element }
      : shapes.length > 0
        ? { kind: 'object', shapes }
        : { kind: 'other' };
  nodes.set(schema, node);
  return node;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The variant naming most of the answer's fields explains it best (a plain object has one). */
function bestShape(shapes: Record<string, z.ZodType>[], keys: string[]): Record<string, z.ZodType> {
  if (shapes.length === 1) return shapes[0]!;
  const score = (shape: Record<string, z.ZodType>) => keys.filter((key) => key in shape).length;
  return shapes.reduce((best, candidate) => (score(candidate) > score(best) ? candidate : best));
}

/**
 * Compares `data` with a tool's (tolerant) output schema and lists what the schema does not document:
 * fields of loose objects it does not name, and values of open enums (`openEnum`) it does not list. Free-form
 * maps (`z.record`, `z.unknown`) document anything. At most 20 findings, each path once.
 */
export function findOutputDrift(schema: z.ZodType, data: unknown): OutputDrift[] {
  const found = new Map<string, OutputDrift>();
  const add = (drift: OutputDrift) => {
    const key = `${drift.kind} ${drift.path} ${drift.value ?? ''}`;
    if (found.size < maxFindings && !found.has(key)) found.set(key, drift);
  };

  const walk = (schema: z.ZodType, value: unknown, path: string, depth: number): void => {
    if (value === null || value === undefined || depth > maxDepth || found.size >= maxFindings) return;
    const node = nodeOf(schema);
    if (node.kind === 'enum') {
      if (typeof value === 'string' && !node.known.includes(value))
        add({ kind: 'new_value', path, value, known: node.known });
      return;
    }
    if (node.kind === 'array') {
      if (Array.isArray(value)) for (const item of value) walk(node.element, item, `${path}[]`, depth + 1);
      return;
    }
    if (node.kind !== 'object' || !isRecord(value)) return;
    const keys = Object.keys(value);
    const shape = bestShape(node.shapes, keys);
    for (const key of keys) {
      const field = shape[key] ?? node.shapes.find((candidate) => key in candidate)?.[key];
      if (field) walk(field, value[key], path ? `${path}.${key}` : key, depth + 1);
      else add({ kind: 'new_field', path: path ? `${path}.${key}` : key });
    }
  };

  walk(schema, data, '', 0);
  return [...found.values()];
}
