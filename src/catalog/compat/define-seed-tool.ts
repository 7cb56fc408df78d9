import { z } from 'zod';
import {
  defineTool,
  lazySchema,
  type Envelope,
  type Host,
  type HttpMethod,
  type LazySchema,
  type RequestShape,
  type ToolDefinition,
} from '../define-tool.ts';

/**
 * Factories for the compatibility tools, so each entry states only what is specific to it. They fill in the
 * family, HeyGen auth and legacy marking the same way for every seed / KosmoKrator tool.
 */

/** HeyGen serves v1/v2 through 2026-10-31; end of life is 2026-11-01 (README "Sunset"). */
export const legacySunset = '2026-11-01';

/**
 * Every legacy tool description starts with this, so agents and operators see it first: the call is refused
 * (`endpoint_sunset`, naming the v3 alternative) unless the operator allows legacy calls.
 */
export const legacyDescriptionPrefix = `Retired (HeyGen v1/v2, end of life ${legacySunset}; answers endpoint_sunset unless the operator allows legacy calls): `;

/** A seed tool carried on v3 (composite); family and auth are filled in. */
export type SeedToolDefinition = Omit<ToolDefinition, 'family' | 'heygenAuth' | 'legacy'>;

/** A seed tool carried on a v3 tool: v3 takes an API key or an OAuth bearer token. */
export function defineSeedTool(definition: SeedToolDefinition): ToolDefinition {
  return defineTool({ ...definition, family: 'seed', heygenAuth: ['api_key', 'oauth'] });
}

/** A seed tool that still calls its v1/v2 endpoint. */
export interface LegacySeedToolDefinition extends Omit<
  ToolDefinition,
  'family' | 'heygenAuth' | 'legacy' | 'endpoint' | 'implementation' | 'description'
> {
  /** Our description without the legacy prefix (added here). */
  description: string;
  method: HttpMethod;
  /** Legacy path; `{name}` placeholders are filled from `request.path`. */
  path: string;
  /** `upload` for the raw-byte uploads on upload.heygen.com. */
  host?: Host;
  envelope: Envelope;
  request?: RequestShape;
  /** What to use instead once v1/v2 is gone (shown to agents and operators). */
  replacement?: string;
  /** Default `['api_key']`; streaming session calls also take the session token. */
  heygenAuth?: ToolDefinition['heygenAuth'];
}

/** A seed tool on its legacy endpoint, marked with HeyGen's sunset date. */
export function defineLegacySeedTool(definition: LegacySeedToolDefinition): ToolDefinition {
  const { method, path, host, envelope, request, replacement, heygenAuth, description, ...rest } = definition;
  return defineTool({
    ...rest,
    description: legacyDescriptionPrefix + description,
    endpoint: { method, path, host: host ?? 'api', envelope },
    implementation: request ? { kind: 'http', request } : { kind: 'http' },
    legacy: replacement ? { sunset: legacySunset, replacement } : { sunset: legacySunset },
    heygenAuth: heygenAuth ?? ['api_key'],
    family: 'seed',
  });
}

/**
 * The 7 KosmoKrator functions exist under their own name and with a `heygen_` prefix (the metadata names
 * `heygen.heygen_list_videos`, …). Both share one definition; a job's status tool is renamed alongside.
 */
export function defineKosmokratorTools(
  definition: Omit<ToolDefinition, 'family' | 'heygenAuth'>,
): ToolDefinition[] {
  const plain = defineTool({ ...definition, family: 'kosmokrator', heygenAuth: ['api_key', 'oauth'] });
  const prefixed = defineTool({
    ...plain,
    name: `heygen_${definition.name}`,
    title: `${definition.title} (heygen_ alias)`,
    ...(plain.job ? { job: { ...plain.job, statusTool: `heygen_${plain.job.statusTool}` } } : {}),
  });
  return [plain, prefixed];
}

/** Tolerant result object: listed fields are optional and nullable, unknown fields pass through. */
export function looseResult(shape: z.ZodRawShape = {}): LazySchema {
  return lazySchema(() => z.looseObject(shape));
}

/** Tolerant result of a legacy call that may answer `data: null` (deletes, trash, restore, stop, …). */
export function looseNullableResult(shape: z.ZodRawShape = {}): LazySchema {
  return lazySchema(() => z.looseObject(shape).nullish());
}

/** Result of a legacy call whose body shape HeyGen never documented (string, array, object or null). */
export function unknownResult(): LazySchema {
  return lazySchema(() => z.unknown());
}

/** A strict input schema (unknown fields rejected, so typos surface before anything is sent). */
export function strictInput(shape: z.ZodRawShape): LazySchema {
  return lazySchema(() => z.strictObject(shape));
}
