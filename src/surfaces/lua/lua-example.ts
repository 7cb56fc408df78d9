import { z } from 'zod';
import type { ToolDefinition } from '../../catalog/define-tool.ts';
import type { JsonSchema } from '../internal/json-schema.ts';
import { toLuaLiteral } from './to-lua-literal.ts';

const cache = new WeakMap<ToolDefinition, string>();

/**
 * A short Lua example calling `tool`, generated from its input schema: the required arguments with
 * placeholder values (the first variant of a union, an enum's first value, a default when there is one),
 * then what to do with the result. Placeholders look like `"<video_id>"` so an agent sees what to fill in.
 */
export function luaExample(tool: ToolDefinition): string {
  let example = cache.get(tool);
  if (example === undefined) {
    const schema = z.toJSONSchema(tool.input(), { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    const args = sampleObject(firstVariant(schema), 0);
    const call = `app.integrations.heygen.${tool.name}(${toLuaLiteral(args)})`;
    const lines = [`local result = ${call}`];
    if (tool.job) {
      // Plural id paths (`video_translation_ids`) hold one job per item: wait for the first.
      const idPath =
        tool.job.resultIdPath.replace(/\[\]/g, '[1]') + (/_ids$/.test(tool.job.resultIdPath) ? '[1]' : '');
      lines.push(
        `-- a ${tool.job.kind} job: wait for it (or pass { wait = true } as a second argument)`,
        `local done = app.integrations.heygen.wait_for_${tool.job.kind}(result.${idPath})`,
        'print(done)',
      );
    } else {
      lines.push('print(result) -- results print as JSON; index them like any table');
    }
    example = lines.join('\n');
    cache.set(tool, example);
  }
  return example;
}

/** The first branch of a root `anyOf`/`oneOf` (e.g. the first of the `video_create` variants). */
function firstVariant(schema: JsonSchema): JsonSchema {
  const branches = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(branches) && branches.length > 0) {
    const objectBranch = branches.find(
      (branch) => branch.type === 'object' || branch.properties !== undefined,
    );
    return firstVariant(objectBranch ?? branches[0]!);
  }
  return schema;
}

function sampleObject(schema: JsonSchema, depth: number): Record<string, unknown> {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  const sample: Record<string, unknown> = {};
  for (const name of required) {
    const property = properties[name];
    if (property) sample[name] = sampleValue(name, property, depth + 1);
  }
  return sample;
}

function sampleValue(name: string, schema: JsonSchema, depth: number): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const branches = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(branches) && branches.length > 0) {
    const useful = branches.find((branch) => branch.type !== 'null') ?? branches[0]!;
    return sampleValue(name, useful, depth);
  }
  const type = Array.isArray(schema.type) ? (schema.type as string[]).find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'string':
      if (schema.format === 'uri' || /url$/.test(name)) return `https://example.com/${name}`;
      return `<${name}>`;
    case 'integer':
    case 'number': {
      const minimum = typeof schema.minimum === 'number' ? schema.minimum : undefined;
      const exclusive = typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum + 1 : undefined;
      return minimum ?? exclusive ?? 1;
    }
    case 'boolean':
      return false;
    case 'array': {
      if (depth > 4) return [];
      const items = schema.items as JsonSchema | undefined;
      return items ? [sampleValue(name.replace(/s$/, ''), items, depth + 1)] : [];
    }
    case 'object':
      return depth > 4 ? {} : sampleObject(firstVariant(schema), depth);
    default:
      if (schema.properties) return depth > 4 ? {} : sampleObject(schema, depth);
      return `<${name}>`;
  }
}
