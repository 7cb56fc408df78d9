import { z } from 'zod';

/**
 * The documented values of output enums, kept beside their (tolerant) schemas. A private registry rather than
 * zod's global one, so the published JSON Schemas stay as they are: outputs accept any string.
 */
export const openEnumValues = z.registry<{ values: readonly string[] }>();

/**
 * An output field HeyGen documents as an enum: any string passes (HeyGen adds values — the June 2026 changelog
 * did, and broke strict parsers), and the documented values are remembered so `findOutputDrift` can report a
 * new one once instead of failing the call. Inputs use `z.enum` and stay strict.
 */
export function openEnum(values: readonly string[]): z.ZodString {
  return z.string().register(openEnumValues, { values });
}
