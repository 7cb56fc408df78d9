import { z } from 'zod';
import type { ToolDefinition } from '../../catalog/define-tool.ts';
import { idSourcesFor, isIdField, leadDescription } from '../../catalog/lead-description.ts';

/**
 * The human summary `heygate tools describe NAME` prints: what the tool does, its required and optional
 * fields with their types, a minimal input that passes the tool's own validation, and what to call next.
 * Everything comes from the catalog entry (its schema, its job, the id sources); `--json` prints the schema.
 */

type Schema = {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  minItems?: number;
  minimum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  default?: unknown;
};

/** The input's JSON Schema (as `tools describe --json` prints it). */
export function inputJsonSchema(tool: ToolDefinition): Schema {
  return z.toJSONSchema(tool.input(), { io: 'input', unrepresentable: 'any' }) as Schema;
}

/** Drops the `null` branch of a nullable schema (`anyOf: [X, {type: null}]`, `type: [X, 'null']`). */
function nonNull(schema: Schema): Schema {
  const branches = (schema.anyOf ?? []).filter((branch) => branch.type !== 'null');
  if (schema.anyOf && branches.length === 1)
    return { ...branches[0]!, description: schema.description ?? branches[0]!.description };
  if (Array.isArray(schema.type)) {
    const types = schema.type.filter((type) => type !== 'null');
    return { ...schema, type: types.length === 1 ? types[0]! : types };
  }
  return schema;
}

/** A short type: `string`, `"a" | "b"`, `array of string`, `object`, `url`. */
export function typeOf(raw: Schema): string {
  const schema = nonNull(raw);
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) {
    const values = schema.enum.map((value) => JSON.stringify(value));
    return values.length > 6
      ? `${values.slice(0, 6).join(' | ')} | … (${values.length})`
      : values.join(' | ');
  }
  const variants = schema.oneOf ?? schema.anyOf;
  if (variants) return [...new Set(variants.map(typeOf))].join(' | ');
  if (schema.type === 'array') return `array of ${schema.items ? typeOf(schema.items) : 'any'}`;
  if (schema.type === 'string' && schema.format) return `string (${schema.format})`;
  if (Array.isArray(schema.type)) return schema.type.join(' | ');
  return schema.type ?? 'any';
}

/** First sentence of a description, at most `width` characters. */
function firstSentence(text: string | undefined, width = 90): string {
  if (!text) return '';
  const sentence = /^(.+?[.!?])(\s|$)/.exec(text)?.[1] ?? text;
  return sentence.length > width ? `${sentence.slice(0, width - 1)}…` : sentence;
}

/** A value of a field that its schema accepts, for the example input. */
function exampleValue(name: string, raw: Schema): unknown {
  const schema = nonNull(raw);
  if (schema.const !== undefined) return schema.const;
  if (schema.default !== undefined && schema.default !== null) return schema.default;
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  const variants = schema.oneOf ?? schema.anyOf;
  if (variants && variants.length > 0) return exampleValue(name, variants[0]!);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object':
      return exampleObject(schema);
    case 'array':
      return schema.minItems && schema.items ? [exampleValue(name, schema.items)] : [];
    case 'number':
    case 'integer':
      return schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
    case 'boolean':
      return false;
    case 'string':
      if (schema.format === 'uri' || schema.format === 'url' || /url$/.test(name))
        return 'https://example.com/file.mp4';
      if (schema.format === 'email') return 'someone@example.com';
      if (isIdField(name)) return `<${name}>`;
      if (name === 'script' || name === 'text' || name === 'input_text') return 'Hello from heygate.';
      return `<${name}>`;
    default:
      return `<${name}>`;
  }
}

function exampleObject(schema: Schema): Record<string, unknown> {
  const example: Record<string, unknown> = {};
  for (const field of schema.required ?? [])
    example[field] = exampleValue(field, schema.properties?.[field] ?? {});
  return example;
}

/** The object shape shown and exemplified: the input itself, or its first variant when it is a union. */
function mainShape(schema: Schema): { shape: Schema; variants: Schema[] } {
  const variants = schema.oneOf ?? schema.anyOf;
  if (variants && variants.length > 0 && variants.every((variant) => variant.type === 'object'))
    return { shape: variants[0]!, variants };
  return { shape: schema, variants: [] };
}

/**
 * A minimal input for the tool: its required fields with placeholder or first-allowed values, completed with
 * the fields its validation still asks for (a rule such as "script or audio"). Returns it with whether the
 * tool's own validation accepts it (placeholders like `<video_id>` are valid strings, not real ids).
 */
export function exampleInput(tool: ToolDefinition): { input: Record<string, unknown>; valid: boolean } {
  const { shape } = mainShape(inputJsonSchema(tool));
  const input = exampleObject(shape);
  for (let round = 0; round < 4; round++) {
    const parsed = tool.input().safeParse(input);
    if (parsed.success) return { input, valid: true };
    let added = false;
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (typeof field !== 'string' || field in input) continue;
      const property = shape.properties?.[field];
      if (!property) continue;
      input[field] = exampleValue(field, property);
      added = true;
    }
    if (!added) break;
  }
  return { input, valid: tool.input().safeParse(input).success };
}

/** Wraps text at `width` columns, each line indented by `indent`. */
function wrap(text: string, width: number, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines;
}

/** Shell-quotes JSON for the `--input '…'` of the example command. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The summary `heygate tools describe NAME` prints (see the file comment). Ends with a newline. */
export function describeTool(tool: ToolDefinition): string {
  const schema = inputJsonSchema(tool);
  const { shape, variants } = mainShape(schema);
  const lines: string[] = [
    `${tool.name} — ${tool.title} (${tool.access}, area ${tool.area}${tool.legacy ? `, legacy until ${tool.legacy.sunset}` : ''})`,
    '',
    ...wrap(leadDescription(tool), 100, ''),
    '',
  ];
  if (variants.length > 1) {
    const discriminator = Object.entries(shape.properties ?? {}).find(
      ([, property]) => property.const !== undefined,
    )?.[0];
    const kinds = discriminator
      ? variants.map((variant) => JSON.stringify(variant.properties?.[discriminator]?.const))
      : [];
    lines.push(
      discriminator
        ? `Input is one of ${variants.length} shapes, chosen by ${discriminator}: ${kinds.join(', ')}. Fields of ${kinds[0]}:`
        : `Input is one of ${variants.length} shapes; fields of the first:`,
    );
  }
  const properties = Object.entries(shape.properties ?? {});
  const required = new Set(shape.required ?? []);
  const row = ([name, property]: [string, Schema]) => {
    const sources = isIdField(name)
      ? idSourcesFor(tool.area, name)?.filter((source) => source !== tool.name)
      : undefined;
    const note =
      firstSentence(nonNull(property).description ?? property.description) ||
      (sources?.length ? `from ${sources.slice(0, 2).join(' or ')}` : '');
    return `  ${name.padEnd(22)} ${typeOf(property).padEnd(24)} ${note}`.trimEnd();
  };
  const requiredRows = properties.filter(([name]) => required.has(name));
  const optionalRows = properties.filter(([name]) => !required.has(name));
  lines.push('Required:', ...(requiredRows.length > 0 ? requiredRows.map(row) : ['  (none)']));
  if (optionalRows.length > 0) {
    const shown = optionalRows.slice(0, 25);
    lines.push('Optional:', ...shown.map(row));
    if (optionalRows.length > shown.length)
      lines.push(`  … ${optionalRows.length - shown.length} more (see --json)`);
  }
  const example = exampleInput(tool);
  const inputJson = JSON.stringify(example.input);
  lines.push(
    '',
    `Example${example.valid ? '' : ' (complete it: the tool asks for more than its required fields)'}:`,
    `  heygate call ${tool.name}${inputJson === '{}' ? '' : ` --input ${shellQuote(inputJson)}`}${tool.job ? ' --wait' : ''}`,
  );
  const next: string[] = [];
  const ids = Object.keys(example.input).filter(isIdField);
  for (const id of ids) {
    const sources = idSourcesFor(tool.area, id)?.filter((source) => source !== tool.name);
    if (sources?.length) next.push(`${id}: get one from ${sources.slice(0, 2).join(' or ')}`);
  }
  if (tool.job && tool.implementation.kind !== 'wait') {
    next.push(
      `starts a ${tool.job.kind} job: add --wait, or call ${tool.job.kind}_wait / ${tool.job.statusTool} with its ${tool.job.idField}`,
    );
    next.push('save the result with --output FILE|DIR');
  } else if (tool.implementation.kind === 'wait') next.push('save the result with --output FILE|DIR');
  if (next.length > 0) lines.push('', 'Next:', ...next.map((entry) => `  ${entry}`));
  lines.push('', `Full input/output JSON Schema: heygate tools describe ${tool.name} --json`);
  return `${lines.join('\n')}\n`;
}
