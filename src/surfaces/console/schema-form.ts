import { html } from 'hono/html';
import type { JsonSchema } from '../internal/json-schema.ts';
import { isJsonObject } from '../internal/json-schema.ts';
import type { Html } from './console-layout.ts';

/** Prefix of the form fields that carry tool input (`in.avatar_id`, `in.voice.speed`). */
export const inputPrefix = 'in.';

function typeOf(schema: JsonSchema): string | undefined {
  const type = schema.type;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.find((item) => item !== 'null') as string | undefined;
  const options = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  return options?.map(typeOf).find((item) => item !== undefined && item !== 'null');
}

function enumOf(schema: JsonSchema): unknown[] | undefined {
  if (Array.isArray(schema.enum)) return schema.enum;
  if (schema.const !== undefined) return [schema.const];
  const options = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  const values = options?.flatMap((option) => enumOf(option) ?? []);
  return values?.length ? values : undefined;
}

/**
 * Form fields for a tool's input JSON Schema: required fields marked, enums as selects, booleans as selects
 * (unset, true, false), numbers as number inputs, nested objects as fieldsets; arrays and anything else as JSON
 * text. Field names carry the path (`in.voice.speed`); {@link readSchemaForm} reads them back.
 */
export function schemaForm(schema: JsonSchema, path = ''): Html {
  const properties = isJsonObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  return html`${Object.entries(properties).map(([name, raw]) => {
    const property = (isJsonObject(raw) ? raw : {}) as JsonSchema;
    const key = `${path}${name}`;
    const id = `in-${key.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
    const label = html`${name}${required.has(name) ? html` <span aria-hidden="true">*</span><span class="visually-hidden"> (required)</span>` : ''}`;
    const help =
      typeof property.description === 'string'
        ? html`<span id="${id}-help" class="muted">${property.description.slice(0, 200)}</span>`
        : '';
    const described = typeof property.description === 'string' ? `${id}-help` : undefined;
    const type = typeOf(property);
    const values = enumOf(property);
    if (type === 'object' && isJsonObject(property.properties)) {
      return html`<fieldset>
        <legend>${label}</legend>
        ${schemaForm(property, `${key}.`)}
      </fieldset>`;
    }
    // Required is announced, not enforced by the browser: the JSON field may replace the form; the gateway checks.
    const requiredAttribute = required.has(name) ? html` aria-required="true"` : '';
    if (values) {
      return html`<label for="${id}">${label}</label
        ><select
          id="${id}"
          name="${inputPrefix}${key}"
          ${described ? html` aria-describedby="${described}"` : ''}${requiredAttribute}
        >
          <option value="">(unset)</option>
          ${values.map(
            (value) => html`<option value="${JSON.stringify(value)}">${String(value)}</option>`,
          )}</select
        >${help}`;
    }
    if (type === 'boolean') {
      return html`<label for="${id}">${label}</label
        ><select
          id="${id}"
          name="${inputPrefix}${key}"
          ${described ? html` aria-describedby="${described}"` : ''}
        >
          <option value="">(unset)</option>
          <option value="true">true</option>
          <option value="false">false</option></select
        >${help}`;
    }
    if (type === 'string' || type === 'number' || type === 'integer') {
      return html`<label for="${id}">${label}</label
        ><input
          id="${id}"
          name="${inputPrefix}${key}"
          type="${type === 'string' ? 'text' : 'number'}"
          ${type === 'integer' ? html` step="1"` : type === 'number' ? html` step="any"` : ''}${described ? html` aria-describedby="${described}"` : ''}${requiredAttribute}
        />${help}`;
    }
    return html`<label for="${id}">${label} (JSON)</label
      ><textarea
        id="${id}"
        name="${inputPrefix}json.${key}"
        ${described ? html` aria-describedby="${described}"` : ''}
      ></textarea
      >${help}`;
  })}`;
}

function set(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const part of path.slice(0, -1)) {
    if (!isJsonObject(node[part])) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[path.at(-1) as string] = value;
}

/**
 * The tool input from the form's fields: empty fields left out; numbers, booleans and enum values parsed; JSON
 * fields parsed (a bad one throws naming the field). Gateway validation then checks the whole input.
 */
export function readSchemaForm(
  schema: JsonSchema,
  fields: Record<string, string | string[]>,
): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(fields)) {
    if (!name.startsWith(inputPrefix)) continue;
    const value = (Array.isArray(raw) ? raw[0] : raw)?.trim() ?? '';
    if (value === '') continue;
    const isJson = name.startsWith(`${inputPrefix}json.`);
    const key = name.slice(isJson ? `${inputPrefix}json.`.length : inputPrefix.length);
    const path = key.split('.');
    let property: JsonSchema | undefined = schema;
    for (const part of path) {
      const properties: unknown = property?.properties;
      property =
        isJsonObject(properties) && isJsonObject(properties[part])
          ? (properties[part] as JsonSchema)
          : undefined;
    }
    const type = property ? typeOf(property) : undefined;
    let parsed: unknown = value;
    if (isJson || (property && enumOf(property)) || type === 'boolean') {
      try {
        parsed = JSON.parse(value);
      } catch {
        throw new SyntaxError(`${key} is not valid JSON.`);
      }
    } else if (type === 'number' || type === 'integer') {
      parsed = Number(value);
    }
    set(input, path, parsed);
  }
  return input;
}
