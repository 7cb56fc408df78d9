/**
 * Description helpers shared by the schema dialect converters (`strict-json-schema.ts`,
 * `gemini-json-schema.ts`): what a dialect cannot express as a keyword it restates in words.
 */
import type { JsonSchema } from './json-schema.ts';

/** A value decoder: turns what a dialect's model sent back into the catalog's input shape. */
export type Decoder = (value: unknown) => unknown;

/** The decoder of a schema a dialect keeps as it is. */
export const identity: Decoder = (value) => value;

/** String formats OpenAI's strict mode accepts (others are dropped and restated in the description). */
export const strictFormats: ReadonlySet<string> = new Set([
  'date-time',
  'time',
  'date',
  'duration',
  'email',
  'hostname',
  'ipv4',
  'ipv6',
  'uuid',
]);

/** `schema` with `description` in front of its own (once). */
export function withDescription(schema: JsonSchema, description: string | undefined): JsonSchema {
  if (!description) return schema;
  if (typeof schema.description === 'string' && schema.description.includes(description)) return schema;
  return {
    ...schema,
    description:
      typeof schema.description === 'string' ? `${description} ${schema.description}` : description,
  };
}

/** The node's description, plus restated constraints (`notes`) and its default. */
export function describe(node: JsonSchema, notes: readonly string[]): string | undefined {
  const parts = typeof node.description === 'string' ? [node.description] : [];
  parts.push(...notes);
  if (node.default !== undefined) parts.push(`Default: ${JSON.stringify(node.default)}.`);
  return parts.length > 0 ? parts.join(' ') : undefined;
}
