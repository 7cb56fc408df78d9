import { isJsonObject, type JsonSchema } from './json-schema.ts';
import { strictFormats } from './schema-description.ts';
import type { SchemaDialect } from './schema-dialect.ts';

/**
 * Every rule of a dialect a tool's published input schema breaks, as `path: problem` lines (empty when the
 * provider would accept it). Written from each provider's documented schema subset; deliberately
 * allow-lists, so a keyword nobody checked counts as a problem. Used by the catalog-wide test (a new tool
 * that breaks a dialect fails it) and by bench/schema-dialects.ts. Whether a schema compiles as JSON Schema
 * at all is checked separately (with ajv, in tests).
 */
export function dialectViolations(dialect: SchemaDialect, schema: JsonSchema, toolName?: string): string[] {
  switch (dialect) {
    case 'mcp':
      return mcpViolations(schema, toolName);
    case 'anthropic':
      return anthropicViolations(schema, toolName);
    case 'openai-strict':
      return openAIStrictViolations(schema, toolName);
    case 'gemini':
      return geminiViolations(schema, toolName);
  }
}

/** MCP `Tool.inputSchema` (spec 2025-11-25): a JSON Schema object whose root is `type: "object"`. */
function mcpViolations(schema: JsonSchema, toolName: string | undefined): string[] {
  const problems: string[] = [];
  if (toolName !== undefined && !/^[A-Za-z0-9_.-]{1,128}$/.test(toolName))
    problems.push(`(name): "${toolName}" is not a valid MCP tool name`);
  if (schema.type !== 'object') problems.push('(root): type must be "object"');
  if (schema.properties !== undefined && !isJsonObject(schema.properties))
    problems.push('(root): properties must be an object');
  return problems;
}

/**
 * Anthropic tool `input_schema`: an object root without `oneOf`/`anyOf`/`allOf` at the top level, property
 * names matching `^[a-zA-Z0-9_.-]{1,64}$`, tool names `^[a-zA-Z0-9_-]{1,64}$`. Nested JSON Schema is free.
 */
function anthropicViolations(schema: JsonSchema, toolName: string | undefined): string[] {
  const problems: string[] = [];
  if (toolName !== undefined && !/^[a-zA-Z0-9_-]{1,64}$/.test(toolName))
    problems.push(`(name): "${toolName}" does not match ^[a-zA-Z0-9_-]{1,64}$`);
  if (schema.type !== 'object') problems.push('(root): type must be "object"');
  for (const keyword of ['oneOf', 'anyOf', 'allOf'])
    if (schema[keyword] !== undefined) problems.push(`(root): ${keyword} not allowed at the top level`);
  const properties = isJsonObject(schema.properties) ? schema.properties : {};
  for (const name of Object.keys(properties))
    if (!/^[a-zA-Z0-9_.-]{1,64}$/.test(name)) problems.push(`(root).${name}: property name not allowed`);
  return problems;
}

/**
 * OpenAI strict mode (Structured Outputs "supported schemas"): the keywords it accepts, per kind of schema.
 * Anything else makes the API reject the whole request.
 */
const OPENAI_KEYWORDS = new Set([
  'type',
  'description',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'enum',
  'anyOf',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
  '$defs',
  '$ref',
]);
const OPENAI_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);

interface Budget {
  properties: number;
  enumValues: number;
  characters: number;
}

function openAIStrictViolations(root: JsonSchema, toolName: string | undefined): string[] {
  const problems: string[] = [];
  if (toolName !== undefined && !/^[a-zA-Z0-9_-]{1,64}$/.test(toolName))
    problems.push(`(name): "${toolName}" does not match ^[a-zA-Z0-9_-]{1,64}$`);
  if (root.type !== 'object' || root.anyOf !== undefined)
    problems.push('(root): must be an object, not anyOf');
  const budget: Budget = { properties: 0, enumValues: 0, characters: 0 };
  visitOpenAI(root, '(root)', 0, problems, budget);
  if (budget.properties > 5000) problems.push(`(root): ${budget.properties} properties (max 5000)`);
  if (budget.enumValues > 1000) problems.push(`(root): ${budget.enumValues} enum values (max 1000)`);
  if (budget.characters > 120_000)
    problems.push(`(root): ${budget.characters} characters of names and enums (max 120000)`);
  return problems;
}

function visitOpenAI(node: unknown, path: string, depth: number, problems: string[], budget: Budget): void {
  if (!isJsonObject(node)) {
    problems.push(`${path}: schema must be an object`);
    return;
  }
  const schema = node as JsonSchema;
  for (const keyword of Object.keys(schema))
    if (!OPENAI_KEYWORDS.has(keyword)) problems.push(`${path}: keyword "${keyword}" not allowed`);
  if (schema.anyOf !== undefined) {
    if (!Array.isArray(schema.anyOf) || schema.anyOf.length === 0)
      problems.push(`${path}: anyOf must be a non-empty list`);
    else
      schema.anyOf.forEach((branch, index) =>
        visitOpenAI(branch, `${path}.anyOf[${index}]`, depth, problems, budget),
      );
    if (schema.type !== undefined) problems.push(`${path}: anyOf next to type`);
    return;
  }
  if (schema.$ref !== undefined) return;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.length === 0 || !types.every((type) => typeof type === 'string' && OPENAI_TYPES.has(type))) {
    problems.push(`${path}: type ${JSON.stringify(schema.type)} not supported`);
  }
  if (Array.isArray(schema.enum)) {
    budget.enumValues += schema.enum.length;
    for (const value of schema.enum) {
      if (typeof value === 'object' && value !== null) problems.push(`${path}: enum value must be a scalar`);
      if (typeof value === 'string') budget.characters += value.length;
      const type = jsonType(value);
      if (!types.includes(type) && !(type === 'integer' && types.includes('number'))) {
        problems.push(
          `${path}: enum value ${JSON.stringify(value)} outside type ${JSON.stringify(schema.type)}`,
        );
      }
    }
  }
  if (schema.format !== undefined && !strictFormats.has(schema.format as string))
    problems.push(`${path}: format "${schema.format}" not supported`);
  if (types.includes('object')) {
    if (depth >= 10) problems.push(`${path}: nested deeper than 10 objects`);
    if (schema.additionalProperties !== false) problems.push(`${path}: additionalProperties must be false`);
    const properties = (schema.properties ?? {}) as Record<string, unknown>;
    if (typeof schema.properties !== 'object') problems.push(`${path}: object without properties`);
    const keys = Object.keys(properties);
    const required = Array.isArray(schema.required) ? schema.required : [];
    if (keys.length !== required.length || !keys.every((key) => required.includes(key))) {
      problems.push(`${path}: required must list every property`);
    }
    for (const key of keys) {
      budget.properties += 1;
      budget.characters += key.length;
      visitOpenAI(properties[key], `${path}.${key}`, depth + 1, problems, budget);
    }
  }
  if (types.includes('array')) {
    if (schema.items === undefined) problems.push(`${path}: array without items`);
    else visitOpenAI(schema.items, `${path}[]`, depth + 1, problems, budget);
  }
}

/**
 * Gemini `FunctionDeclaration.parameters`: the fields of Gemini's OpenAPI 3.0 `Schema` object. `anyOf` is
 * left out on purpose (older models and Vertex reject it; heygate flattens unions instead), as are
 * `default` and `example`, which some endpoints refuse.
 */
const GEMINI_KEYWORDS = new Set([
  'type',
  'format',
  'title',
  'description',
  'nullable',
  'enum',
  'items',
  'properties',
  'required',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
  'minLength',
  'maxLength',
  'pattern',
  'minimum',
  'maximum',
  'propertyOrdering',
]);
const GEMINI_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array']);
/** Formats by type: strings `date-time` (and `enum`), numbers `float`/`double`, integers `int32`/`int64`. */
const GEMINI_FORMATS: Record<string, ReadonlySet<string>> = {
  string: new Set(['date-time', 'enum']),
  number: new Set(['float', 'double']),
  integer: new Set(['int32', 'int64']),
};

function geminiViolations(root: JsonSchema, toolName: string | undefined): string[] {
  const problems: string[] = [];
  if (toolName !== undefined && !/^[a-zA-Z_][a-zA-Z0-9_.-]{0,63}$/.test(toolName))
    problems.push(`(name): "${toolName}" is not a valid function name`);
  if (root.type !== 'object') problems.push('(root): type must be "object"');
  // A root without properties is a function without parameters: clients leave `parameters` out.
  const rootIsEmpty = !isJsonObject(root.properties) || Object.keys(root.properties).length === 0;
  if (rootIsEmpty && root.type === 'object') {
    for (const keyword of Object.keys(root))
      if (!['type', 'properties', 'description'].includes(keyword))
        problems.push(`(root): keyword "${keyword}" not allowed`);
    return problems;
  }
  visitGemini(root, '(root)', problems);
  return problems;
}

function visitGemini(node: unknown, path: string, problems: string[]): void {
  if (!isJsonObject(node)) {
    problems.push(`${path}: schema must be an object`);
    return;
  }
  for (const keyword of Object.keys(node))
    if (!GEMINI_KEYWORDS.has(keyword)) problems.push(`${path}: keyword "${keyword}" not allowed`);
  const type = node.type;
  if (typeof type !== 'string' || !GEMINI_TYPES.has(type)) {
    problems.push(
      `${path}: type ${JSON.stringify(type)} not supported (one of ${[...GEMINI_TYPES].join(', ')})`,
    );
    return;
  }
  if (node.nullable !== undefined && typeof node.nullable !== 'boolean')
    problems.push(`${path}: nullable must be a boolean`);
  if (node.enum !== undefined) {
    if (type !== 'string') problems.push(`${path}: enum only on strings`);
    if (
      !Array.isArray(node.enum) ||
      node.enum.length === 0 ||
      !node.enum.every((value) => typeof value === 'string')
    )
      problems.push(`${path}: enum must be a non-empty list of strings`);
  }
  if (node.format !== undefined && !GEMINI_FORMATS[type]?.has(node.format as string))
    problems.push(`${path}: format "${String(node.format)}" not supported on ${type}`);
  if (type === 'object') {
    const properties = isJsonObject(node.properties) ? node.properties : {};
    if (Object.keys(properties).length === 0) problems.push(`${path}: object without properties`);
    if (node.required !== undefined) {
      const required = Array.isArray(node.required) ? node.required : [];
      for (const name of required)
        if (typeof name !== 'string' || !(name in properties))
          problems.push(`${path}: required names unknown property ${JSON.stringify(name)}`);
    }
    for (const [name, property] of Object.entries(properties))
      visitGemini(property, `${path}.${name}`, problems);
  }
  if (type === 'array') {
    if (node.items === undefined) problems.push(`${path}: array without items`);
    else visitGemini(node.items, `${path}[]`, problems);
  }
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}
