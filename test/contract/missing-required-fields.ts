/**
 * Conformance of an answer with HeyGen's v3 response schema: the fields the spec marks `required` must be
 * present (recursively, in every present object and array item), and a required field that the spec does
 * not mark `nullable` must not be null. Returns the dotted paths that break this (empty when conforming).
 */

/** A schema node of `v3-operations.json` (OpenAPI 3.0 style: `nullable`, `required`, `properties`, `items`). */
export type SpecSchema = Record<string, any>;

/** The paths of required fields that are missing (or null without being nullable) in `value`. */
export function missingRequiredFields(
  schema: SpecSchema | null | undefined,
  value: unknown,
  path = '',
): string[] {
  if (!schema || value === null || value === undefined) return [];
  const variants = (schema.oneOf ?? schema.anyOf) as SpecSchema[] | undefined;
  if (Array.isArray(variants) && variants.length > 0) {
    // The answer must satisfy one variant: report the closest one.
    const results = variants.map((variant) => missingRequiredFields(variant, value, path));
    return results.reduce((best, next) => (next.length < best.length ? next : best));
  }
  if (Array.isArray(value)) {
    if (!schema.items) return [];
    return value.flatMap((item, index) => missingRequiredFields(schema.items, item, `${path}[${index}]`));
  }
  if (typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  const missing: string[] = [];
  const properties = (schema.properties ?? {}) as Record<string, SpecSchema>;
  for (const name of (schema.required ?? []) as string[]) {
    const field = path ? `${path}.${name}` : name;
    if (!(name in record) || record[name] === undefined) missing.push(field);
    else if (record[name] === null && properties[name] && !properties[name].nullable) {
      missing.push(`${field} (null, not nullable)`);
    }
  }
  for (const [name, property] of Object.entries(properties)) {
    missing.push(...missingRequiredFields(property, record[name], path ? `${path}.${name}` : name));
  }
  return missing;
}
