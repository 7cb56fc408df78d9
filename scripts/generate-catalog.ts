/**
 * Generates `src/catalog/generated/v3-operations.ts` from HeyGen's v3 operation list
 * (`../shared/heygen-api/v3-operations.json`, relative to the repository root) and the operations HeyGen
 * documented after it (`../shared/heygen-api/v3-additions.json`: HyperFrames renders, Avatar Realtime; same
 * format, plus a `sources` and an `uncertain` list per operation, a list as top-level `source`, and an
 * `Idempotency-Key` parameter `in: "header"` on the creates that honour one).
 *
 *   npm run generate                         # rewrite the generated file
 *   npx node scripts/generate-catalog.ts     # the same
 *   npx node scripts/generate-catalog.ts --check   # exit 1 when the committed file is stale
 *
 * What carries over from the spec: methods, paths, parameter names and places, types, required fields,
 * enums, bounds, nullability and `oneOf` variants. What does not: every `description`/`summary` text
 * (our descriptions live in the area files) and defaults (HeyGen applies them server-side). A few bounds
 * that HeyGen states only in field notes are listed in `boundRules` below with the note they come from.
 * See docs/decisions/0002-catalog-generation.md.
 */
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as prettier from 'prettier';

/** A JSON Schema node as v3-operations.json writes it (OpenAPI 3.0 flavour: `nullable`, `discriminator`). */
interface SpecSchema {
  type?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  nullable?: boolean;
  description?: string;
  properties?: Record<string, SpecSchema>;
  required?: string[];
  items?: SpecSchema;
  oneOf?: SpecSchema[];
  discriminator?: { propertyName: string; mapping?: Record<string, string> };
  // Bound keywords: absent from today's file, honoured if HeyGen adds them (and used for parameter bounds).
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
}

/**
 * One parameter of an operation (`in`: path is implied by `path_params`). `header` parameters appear only in
 * v3-additions.json (`Idempotency-Key`); they are no input field of the tool: the client sends the header
 * where the catalog says HeyGen honours it.
 */
interface SpecParameter {
  name: string;
  in: 'body' | 'query' | 'file' | 'header';
  type: 'string' | 'int' | 'bool' | 'float64' | 'string-slice';
  required: boolean;
  enum: string[] | null;
  min: number | null;
  max: number | null;
}

/** One operation of v3-operations.json. */
interface SpecOperation {
  group: string;
  name: string;
  method: string;
  path: string;
  body_encoding: 'json' | 'multipart' | null;
  paginated: boolean;
  destructive: boolean;
  path_params: string[];
  parameters: SpecParameter[];
  request_schema: SpecSchema | null;
  response_schema: SpecSchema | null;
  /** v3-additions.json only: where the facts came from, and which of them the research could not confirm. */
  sources?: string[];
  uncertain?: string[];
}

/** The spec files the generator reads (relative to the repository root), in order. */
const specFiles = ['../shared/heygen-api/v3-operations.json', '../shared/heygen-api/v3-additions.json'];

/**
 * Operations whose answer is a Server-Sent Events stream (`text/event-stream`), not a JSON envelope: the
 * spec's response schema describes one `data:` frame. The client reads such a stream within fixed bounds and
 * returns the frames merged (src/heygen/read-event-stream.ts), so the tool's output is that merged object.
 */
const eventStreamOperations = new Set(['GET /v3/avatar-realtime/{stream_id}/words']);

/** Header parameters the generator understands (anything else fails, so a new header is looked at). */
const knownHeaders = new Set(['Idempotency-Key']);

/**
 * Our tool name for each v3 operation (`<area>_<verb>`, DESIGN.md "Tools and names"). Kept here, next to the
 * generator, so the names are part of the repository; the generator fails when the spec gains or loses an
 * operation so a new endpoint cannot slip in unnamed.
 */
const toolNames: Record<string, string> = {
  'POST /v3/ai-clipping': 'ai_clipping_create',
  'DELETE /v3/ai-clipping/{job_id}': 'ai_clipping_delete',
  'GET /v3/ai-clipping/{job_id}': 'ai_clipping_get',
  'GET /v3/ai-clipping': 'ai_clipping_list',
  'GET /v3/assets/batches/{batch_id}': 'asset_batch_get',
  'POST /v3/assets/complete/batches': 'asset_complete_batch_create',
  'POST /v3/assets/{asset_id}/complete': 'asset_complete_create',
  'POST /v3/assets': 'asset_create',
  'DELETE /v3/assets/{asset_id}': 'asset_delete',
  'POST /v3/assets/direct-uploads/batches': 'asset_direct_upload_batch_create',
  'POST /v3/assets/direct-uploads': 'asset_direct_upload_create',
  'GET /v3/assets/{asset_id}': 'asset_get',
  'GET /v3/assets': 'asset_list',
  'GET /v3/assets/search': 'asset_search',
  'GET /v3/assets/statuses': 'asset_statuses_list',
  'GET /v3/audio/sounds': 'audio_sound_list',
  'POST /v3/avatars/{group_id}/consent': 'avatar_consent_create',
  'POST /v3/avatars': 'avatar_create',
  'DELETE /v3/avatars/{group_id}': 'avatar_delete',
  'GET /v3/avatars/{group_id}': 'avatar_get',
  'GET /v3/avatars': 'avatar_list',
  'DELETE /v3/avatars/looks/{look_id}': 'avatar_look_delete',
  'GET /v3/avatars/looks/{look_id}': 'avatar_look_get',
  'GET /v3/avatars/looks': 'avatar_look_list',
  'PATCH /v3/avatars/looks/{look_id}': 'avatar_look_update',
  'POST /v3/background-removals': 'background_removal_create',
  'DELETE /v3/background-removals/{job_id}': 'background_removal_delete',
  'GET /v3/background-removals/{job_id}': 'background_removal_get',
  'GET /v3/background-removals': 'background_removal_list',
  'GET /v3/brand-glossaries': 'brand_glossary_list',
  'GET /v3/brand-kits': 'brand_kit_list',
  'POST /v3/lipsyncs/batches': 'lipsync_batch_create',
  'GET /v3/lipsyncs/batches/{batch_id}': 'lipsync_batch_get',
  'POST /v3/lipsyncs': 'lipsync_create',
  'DELETE /v3/lipsyncs/{lipsync_id}': 'lipsync_delete',
  'GET /v3/lipsyncs/{lipsync_id}': 'lipsync_get',
  'GET /v3/lipsyncs': 'lipsync_list',
  'GET /v3/lipsyncs/statuses': 'lipsync_statuses_list',
  'PATCH /v3/lipsyncs/{lipsync_id}': 'lipsync_update',
  'POST /v3/templates/{template_id}': 'template_generate',
  'GET /v3/templates/{template_id}': 'template_get',
  'GET /v3/templates': 'template_list',
  'GET /v3/users/me': 'user_me_get',
  'POST /v3/video-agents': 'video_agent_create',
  'GET /v3/video-agents/{session_id}': 'video_agent_get',
  'GET /v3/video-agents': 'video_agent_list',
  'GET /v3/video-agents/{session_id}/resources/{resource_id}': 'video_agent_resource_get',
  'POST /v3/video-agents/{session_id}': 'video_agent_send',
  'POST /v3/video-agents/{session_id}/stop': 'video_agent_stop',
  'GET /v3/video-agents/styles': 'video_agent_style_list',
  'GET /v3/video-agents/{session_id}/videos': 'video_agent_video_list',
  'POST /v3/video-translations/batches': 'video_translation_batch_create',
  'GET /v3/video-translations/batches/{batch_id}': 'video_translation_batch_get',
  'POST /v3/video-translations': 'video_translation_create',
  'DELETE /v3/video-translations/{video_translation_id}': 'video_translation_delete',
  'GET /v3/video-translations/{video_translation_id}': 'video_translation_get',
  'GET /v3/video-translations/languages': 'video_translation_language_list',
  'GET /v3/video-translations': 'video_translation_list',
  'POST /v3/video-translations/proofreads': 'video_translation_proofread_create',
  'POST /v3/video-translations/proofreads/{proofread_id}/generate': 'video_translation_proofread_generate',
  'GET /v3/video-translations/proofreads/{proofread_id}': 'video_translation_proofread_get',
  'GET /v3/video-translations/proofreads/{proofread_id}/srt': 'video_translation_proofread_srt_get',
  'PUT /v3/video-translations/proofreads/{proofread_id}/srt': 'video_translation_proofread_srt_update',
  'GET /v3/video-translations/statuses': 'video_translation_statuses_list',
  'PATCH /v3/video-translations/{video_translation_id}': 'video_translation_update',
  'POST /v3/videos/batches': 'video_batch_create',
  'GET /v3/videos/batches/{batch_id}': 'video_batch_get',
  'POST /v3/videos': 'video_create',
  'DELETE /v3/videos/{video_id}': 'video_delete',
  'GET /v3/videos/{video_id}': 'video_get',
  'GET /v3/videos': 'video_list',
  'GET /v3/videos/statuses': 'video_statuses_list',
  'POST /v3/voices/clone': 'voice_clone_create',
  'POST /v3/voices': 'voice_create',
  'DELETE /v3/voices/{voice_id}': 'voice_delete',
  'GET /v3/voices/{voice_id}': 'voice_get',
  'GET /v3/voices': 'voice_list',
  'POST /v3/voices/speech': 'voice_speech_create',
  'POST /v3/webhooks/endpoints': 'webhook_endpoint_create',
  'DELETE /v3/webhooks/endpoints/{endpoint_id}': 'webhook_endpoint_delete',
  'GET /v3/webhooks/endpoints': 'webhook_endpoint_list',
  'POST /v3/webhooks/endpoints/{endpoint_id}/rotate-secret': 'webhook_endpoint_rotate_secret',
  'PATCH /v3/webhooks/endpoints/{endpoint_id}': 'webhook_endpoint_update',
  'GET /v3/webhooks/event-types': 'webhook_event_type_list',
  'GET /v3/webhooks/events': 'webhook_event_list',
  // v3-additions.json (documented after the 85 operations).
  'POST /v3/hyperframes/renders': 'hyperframes_render_create',
  'GET /v3/hyperframes/renders': 'hyperframes_render_list',
  'GET /v3/hyperframes/renders/{render_id}': 'hyperframes_render_get',
  'DELETE /v3/hyperframes/renders/{render_id}': 'hyperframes_render_delete',
  'POST /v3/avatar-realtime': 'avatar_realtime_create',
  'GET /v3/avatar-realtime/{stream_id}': 'avatar_realtime_get',
  'POST /v3/avatar-realtime/{stream_id}/text': 'avatar_realtime_text_append',
  'GET /v3/avatar-realtime/{stream_id}/words': 'avatar_realtime_words_get',
  'POST /v3/avatar-realtime/{stream_id}/cancel': 'avatar_realtime_cancel',
};

/** A bound HeyGen states in a field note rather than in schema keywords. */
interface BoundRule {
  /** `METHOD /path` of the operation. */
  operation: string;
  /** Matches the field path (`a.b`, arrays `[]`, union variants `<value>`, e.g. `videos[]<cinematic_avatar>.duration`). */
  field: RegExp;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  multipleOf?: number;
  /** The spec's wording the bound comes from (kept here, not in the generated file). */
  source: string;
}

const videoCreateOperations = ['POST /v3/videos', 'POST /v3/videos/batches'];

/** Bounds from field notes. The generator fails when a rule matches nothing (the spec moved). */
const boundRules: BoundRule[] = [
  ...videoCreateOperations.flatMap((operation): BoundRule[] => [
    { operation, field: /voice_settings\.speed$/, minimum: 0.5, maximum: 1.5, source: '0.5 (half) to 1.5' },
    { operation, field: /voice_settings\.volume$/, minimum: 0, maximum: 1, source: '1.0 full, 0.0 silent' },
    {
      operation,
      field: /watermark\.opacity$/,
      minimum: 0,
      maximum: 1,
      source: '0.0 transparent .. 1.0 opaque',
    },
    { operation, field: /playback\.volume$/, minimum: 0, maximum: 1, source: "audio 'volume' (0.0-1.0)" },
    { operation, field: /<cinematic_avatar>\.duration$/, minimum: 4, maximum: 15, source: 'seconds (4-15)' },
    {
      operation,
      field: /scenes\[\]<image>\.duration$/,
      exclusiveMinimum: 0,
      maximum: 300,
      source: '> 0 and <= 300',
    },
  ]),
  { operation: 'POST /v3/videos/batches', field: /^videos$/, maxItems: 100, source: 'Max 100 per batch' },
  {
    operation: 'POST /v3/lipsyncs/batches',
    field: /^lipsyncs$/,
    maxItems: 100,
    source: 'up to 100 payloads',
  },
  {
    operation: 'POST /v3/video-translations/batches',
    field: /^video_translations$/,
    maxItems: 100,
    source: 'up to 100 payloads',
  },
  {
    operation: 'POST /v3/assets/direct-uploads/batches',
    field: /^files$/,
    maxItems: 100,
    source: 'Max 100 per batch',
  },
  {
    operation: 'POST /v3/voices/speech',
    field: /^text$/,
    minLength: 1,
    maxLength: 5000,
    source: '1-5000 characters',
  },
  {
    operation: 'POST /v3/voices/speech',
    field: /^speed$/,
    minimum: 0.5,
    maximum: 2,
    source: 'Speed range: 0.5-2.0x',
  },
  {
    operation: 'POST /v3/video-agents',
    field: /^prompt$/,
    minLength: 1,
    maxLength: 10000,
    source: '1-10000 characters',
  },
  { operation: 'POST /v3/video-agents', field: /^files$/, maxItems: 20, source: 'max 20 files' },
  {
    operation: 'POST /v3/ai-clipping',
    field: /^output_settings\.prompt$/,
    maxLength: 500,
    source: 'Max 500 characters',
  },
  { operation: 'POST /v3/avatars', field: /^<prompt>\.reference_images$/, maxItems: 3, source: 'Max 3' },
  {
    operation: 'POST /v3/templates/{template_id}',
    field: /^dimension\.(width|height)$/,
    minimum: 128,
    maximum: 4096,
    multipleOf: 2,
    source: 'even number, 128-4096',
  },
];

const usedRules = new Set<BoundRule>();

type Mode = 'input' | 'output';

/** Where a schema node sits, for bound rules and for naming hoisted constants. */
interface NodeContext {
  operation: string;
  /** Field path (see BoundRule.field). */
  field: string;
  /** Last property name on the way down, used to name shared constants. */
  label: string;
}

/** A shared sub-schema hoisted into a module-level lazy constant. */
interface Hoisted {
  name: string;
  body: string;
  mode: Mode;
}

function camelCase(text: string): string {
  return text
    .replace(/[^a-zA-Z0-9]+(.)?/g, (_match, next: string | undefined) => (next ? next.toUpperCase() : ''))
    .replace(/^[A-Z]/, (first) => first.toLowerCase());
}

function literal(value: unknown): string {
  return JSON.stringify(value);
}

function propertyKey(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : literal(key);
}

/** Works out the discriminator value of each `oneOf` variant (the v3 file drops `const`, so it is inferred). */
function discriminatorValues(schema: SpecSchema, where: string): string[] {
  const discriminator = schema.discriminator;
  const variants = schema.oneOf ?? [];
  if (!discriminator) throw new Error(`${where}: oneOf without discriminator`);
  const property = discriminator.propertyName;
  const keys = Object.keys(discriminator.mapping ?? {});
  const values: (string | undefined)[] = variants.map((variant) => {
    const field = variant.properties?.[property];
    if (!field) return undefined;
    if (typeof field.const === 'string') return field.const;
    if (field.enum?.length === 1 && typeof field.enum[0] === 'string') return field.enum[0];
    const stated = /(?:Must be|Always) '([^']+)'/.exec(field.description ?? '')?.[1];
    if (stated && keys.includes(stated)) return stated;
    if (typeof field.default === 'string' && keys.includes(field.default)) return field.default;
    return undefined;
  });
  // Asset inputs (`AssetUrl`/`AssetId`/`AssetBase64`) carry no stated value: the mapping key is the one
  // required property only that variant has (`url`, `asset_id`); the last one left takes the last key.
  for (let index = 0; index < variants.length; index++) {
    if (values[index] !== undefined) continue;
    const required = variants[index]?.required ?? [];
    const match = keys.filter((key) => !values.includes(key) && required.includes(key));
    if (match.length === 1) values[index] = match[0];
  }
  const missing = values.flatMap((value, index) => (value === undefined ? [index] : []));
  const unusedKeys = keys.filter((key) => !values.includes(key));
  if (missing.length === 1 && unusedKeys.length === 1) values[missing[0]!] = unusedKeys[0];
  if (values.some((value) => value === undefined) || new Set(values).size !== values.length) {
    throw new Error(`${where}: cannot tell the discriminator values of the variants (${values.join(', ')})`);
  }
  if (keys.length && (keys.length !== values.length || keys.some((key) => !values.includes(key)))) {
    throw new Error(
      `${where}: variant values ${values.join(', ')} do not match the mapping ${keys.join(', ')}`,
    );
  }
  return values as string[];
}

function boundsFor(context: NodeContext): BoundRule[] {
  const rules = boundRules.filter(
    (rule) => rule.operation === context.operation && rule.field.test(context.field),
  );
  for (const rule of rules) usedRules.add(rule);
  return rules;
}

const genericKeys = new Set(['data', 'items', 'input', 'error', 'output', 'result', 'source']);

/**
 * Enums other parts of heygate need by name (the compat tools and the emulator list webhook event types):
 * emitted once as exported constants so no second copy of the list exists. Keyed by where the spec has them.
 */
const namedEnums: ReadonlyArray<{ name: string; operation: string; field: string }> = [
  { name: 'webhookEventTypes', operation: 'POST /v3/webhooks/endpoints', field: 'events' },
];

/** Emits zod source for schemas, hoisting sub-schemas that repeat into shared lazy constants. */
class Emitter {
  /** How often each canonical source occurs (pass 1). */
  readonly counts = new Map<string, number>();
  /** Hoisted constants by canonical source (pass 2). */
  readonly hoisted = new Map<string, Hoisted>();
  /** Where each canonical source occurs (labels), to name its constant. */
  readonly labels = new Map<string, string[]>();
  readonly names = new Set<string>();
  /** Named enum constants by their JSON value list (see `namedEnums`). */
  readonly enumNames = new Map<string, string>();
  /** `pure`: plain source (the key for counting); `count`: pass 1; `emit`: pass 2 with hoisting. */
  state: 'pure' | 'count' | 'emit' = 'count';

  reserve(base: string): string {
    let name = base;
    for (let suffix = 2; this.names.has(name); suffix++) name = `${base}${suffix}`;
    this.names.add(name);
    return name;
  }

  private pure(emit: () => string): string {
    const previous = this.state;
    this.state = 'pure';
    try {
      return emit();
    } finally {
      this.state = previous;
    }
  }

  /** A node, without the nullable/optional modifiers its parent adds. */
  node(schema: SpecSchema, mode: Mode, context: NodeContext): string {
    if (this.state === 'pure') return this.raw(schema, mode, context);
    const canonical = this.pure(() => this.raw(schema, mode, context));
    const hoistable = (schema.oneOf !== undefined || schema.type === 'object') && canonical.length >= 80;
    if (this.state === 'count') {
      if (hoistable) {
        this.counts.set(canonical, (this.counts.get(canonical) ?? 0) + 1);
        this.labels.set(canonical, [...(this.labels.get(canonical) ?? []), context.label]);
      }
      return this.raw(schema, mode, context);
    }
    if (!hoistable || (this.counts.get(canonical) ?? 0) < 2) return this.raw(schema, mode, context);
    let entry = this.hoisted.get(canonical);
    if (!entry) {
      const body = this.raw(schema, mode, context);
      // Named after the shortest place it occurs (`video_get result` rather than `template_generate result`).
      const label = [...(this.labels.get(canonical) ?? [context.label])].sort(
        (a, b) => a.length - b.length || a.localeCompare(b),
      )[0];
      const base = camelCase(`${unionLabel(schema) ?? label} ${mode}`);
      entry = { name: this.reserve(base), body, mode };
      this.hoisted.set(canonical, entry);
    }
    return `${entry.name}()`;
  }

  raw(schema: SpecSchema, mode: Mode, context: NodeContext): string {
    if (schema.oneOf) {
      if (mode === 'output') {
        const variants = schema.oneOf.map((variant) =>
          this.node({ ...variant, oneOf: undefined }, mode, context),
        );
        return variants.length === 1 ? variants[0]! : `z.union([${variants.join(', ')}])`;
      }
      const values = discriminatorValues(schema, `${context.operation} ${context.field}`);
      const property = schema.discriminator!.propertyName;
      const variants = schema.oneOf.map((variant, index) =>
        this.object(
          variant,
          mode,
          { ...context, field: `${context.field}<${values[index]}>` },
          {
            property,
            value: values[index]!,
          },
        ),
      );
      return `z.discriminatedUnion(${literal(property)}, [${variants.join(', ')}])`;
    }
    switch (schema.type) {
      case 'object':
        return this.object(schema, mode, context);
      case 'array': {
        const items = this.node(schema.items ?? {}, mode, { ...context, field: `${context.field}[]` });
        return `z.array(${items}${schema.items?.nullable && mode === 'input' ? '.nullable()' : ''})${
          mode === 'input' ? this.bounds(schema, context, 'array') : ''
        }`;
      }
      case 'string':
        if (mode === 'input' && schema.enum?.length) {
          const named = this.enumNames.get(JSON.stringify(schema.enum));
          return `z.enum(${named ?? literal(schema.enum)})`;
        }
        // Outputs accept any string (HeyGen adds values), but keep the documented ones so a new value can
        // be reported as drift (src/catalog/open-enum.ts).
        if (mode === 'output' && schema.enum?.length) {
          const named = this.enumNames.get(JSON.stringify(schema.enum));
          return `openEnum(${named ?? literal(schema.enum)})`;
        }
        return `z.string()${mode === 'input' ? this.bounds(schema, context, 'string') : ''}`;
      case 'integer':
        return `z.number()${mode === 'input' ? `.int()${this.bounds(schema, context, 'number')}` : ''}`;
      case 'number':
        return `z.number()${mode === 'input' ? this.bounds(schema, context, 'number') : ''}`;
      case 'boolean':
        return 'z.boolean()';
      default:
        return 'z.unknown()';
    }
  }

  object(
    schema: SpecSchema,
    mode: Mode,
    context: NodeContext,
    discriminator?: { property: string; value: string },
  ): string {
    const properties = schema.properties ?? {};
    // The discriminator goes first: readers (and models reading the JSON Schema) see the variant up front.
    const keys = Object.keys(properties).sort((a, b) =>
      a === discriminator?.property ? -1 : b === discriminator?.property ? 1 : 0,
    );
    if (keys.length === 0 && !discriminator) {
      // A free-form map (template `variables`, batch `counts_by_status`): any keys, any values.
      return mode === 'input' ? 'z.record(z.string(), z.unknown())' : 'z.looseObject({})';
    }
    const required = new Set(schema.required ?? []);
    const fields = keys.map((key) => {
      const property = properties[key]!;
      const next: NodeContext = {
        ...context,
        field: context.field ? `${context.field}.${key}` : key,
        // Generic keys (`data`, `items`, …) get their parent's label so shared constants read well.
        label: genericKeys.has(key) ? `${context.label} ${key}` : key,
      };
      if (discriminator && key === discriminator.property) {
        return `${propertyKey(key)}: ${mode === 'input' ? `z.literal(${literal(discriminator.value)})` : 'z.string().nullish()'}`;
      }
      return `${propertyKey(key)}: ${this.property(property, mode, next, required.has(key))}`;
    });
    return `z.${mode === 'input' ? 'strictObject' : 'looseObject'}({ ${fields.join(', ')} })`;
  }

  property(schema: SpecSchema, mode: Mode, context: NodeContext, required: boolean): string {
    const value = this.node(schema, mode, context);
    if (mode === 'output') return `${value}.nullish()`;
    return `${value}${schema.nullable ? '.nullable()' : ''}${required ? '' : '.optional()'}`;
  }

  /** Bound calls from schema keywords, then from field-note rules (rules may narrow further). */
  bounds(schema: SpecSchema, context: NodeContext, kind: 'number' | 'string' | 'array'): string {
    const limits: Bounds = {
      minimum: schema.minimum,
      maximum: schema.maximum,
      exclusiveMinimum: schema.exclusiveMinimum,
      minLength: schema.minLength,
      maxLength: schema.maxLength,
      pattern: schema.pattern,
      minItems: schema.minItems,
      maxItems: schema.maxItems,
    };
    for (const rule of boundsFor(context)) {
      for (const [name, value] of Object.entries(rule)) {
        if (typeof value === 'number') (limits as Record<string, number>)[name] = value;
      }
      // A stated exclusive minimum replaces an inclusive one and vice versa.
      if (rule.exclusiveMinimum !== undefined && rule.minimum === undefined) limits.minimum = undefined;
      if (rule.minimum !== undefined && rule.exclusiveMinimum === undefined)
        limits.exclusiveMinimum = undefined;
    }
    const call = (method: string, value: number | undefined): string =>
      value === undefined ? '' : `.${method}(${value})`;
    if (kind === 'string') {
      return (
        call('min', limits.minLength) +
        call('max', limits.maxLength) +
        (limits.pattern === undefined ? '' : `.regex(new RegExp(${literal(limits.pattern)}))`)
      );
    }
    if (kind === 'array') return call('min', limits.minItems) + call('max', limits.maxItems);
    return (
      call('min', limits.minimum) +
      call('gt', limits.exclusiveMinimum) +
      call('max', limits.maximum) +
      call('multipleOf', limits.multipleOf)
    );
  }
}

/** The bound keywords the generator understands, after merging schema keywords and rules. */
interface Bounds {
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  multipleOf?: number;
}

/** Names a discriminated union after its mapping targets when they share leading words (`AssetUrl`, `AssetId`). */
function unionLabel(schema: SpecSchema): string | undefined {
  const targets = Object.values(schema.discriminator?.mapping ?? {}).map((ref) =>
    (ref.split('/').pop() ?? '').split(/(?=[A-Z][a-z0-9])/),
  );
  if (targets.length < 2) return undefined;
  let shared = 0;
  while (targets.every((words) => words.length > shared + 1 && words[shared] === targets[0]![shared]))
    shared++;
  if (shared === 0) return undefined;
  const label = `${targets[0]!.slice(0, shared).join('')} ${targets.map((words) => words.slice(shared).join('')).join(' or ')}`;
  return label.length <= 40 ? label : undefined;
}

/** zod source for one query/path/body parameter given only as a `parameters` entry. */
function parameterSource(parameter: SpecParameter, context: NodeContext, emitter: Emitter): string {
  const bounds = (kind: 'number' | 'string' | 'array'): string =>
    emitter.bounds(withParameterBounds({}, parameter), context, kind);
  const enumOrString = parameter.enum?.length
    ? `z.enum(${emitter.enumNames.get(JSON.stringify(parameter.enum)) ?? literal(parameter.enum)})`
    : 'z.string()';
  switch (parameter.type) {
    case 'int':
      return `z.number().int()${bounds('number')}`;
    case 'float64':
      return `z.number()${bounds('number')}`;
    case 'bool':
      return 'z.boolean()';
    case 'string-slice':
      return `z.array(${enumOrString})${bounds('array')}`;
    default:
      return `${enumOrString}${parameter.enum?.length ? '' : bounds('string')}`;
  }
}

/** Applies a body parameter's `min`/`max` (the `parameters` list has them, the schema does not). */
function withParameterBounds(schema: SpecSchema, parameter: SpecParameter | undefined): SpecSchema {
  if (!parameter || (parameter.min === null && parameter.max === null)) return schema;
  return {
    ...schema,
    ...(parameter.min !== null ? { minimum: parameter.min } : {}),
    ...(parameter.max !== null ? { maximum: parameter.max } : {}),
  };
}

interface GeneratedOperation {
  name: string;
  lines: string[];
}

function generateOperation(operation: SpecOperation, emitter: Emitter): GeneratedOperation {
  const key = `${operation.method} ${operation.path}`;
  const name = toolNames[key];
  if (!name) throw new Error(`No tool name for ${key}: add it to toolNames in scripts/generate-catalog.ts`);
  const base = camelCase(name);
  const pathParameters = operation.path_params;
  const placeholders = [...operation.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
  if (placeholders.join() !== pathParameters.join())
    throw new Error(`${key}: path_params do not match the path`);
  const queryParameters = operation.parameters.filter((parameter) => parameter.in === 'query');
  const headerParameters = operation.parameters.filter((parameter) => parameter.in === 'header');
  const unknownHeader = headerParameters.find((parameter) => !knownHeaders.has(parameter.name));
  if (unknownHeader) throw new Error(`${key}: unknown header parameter ${unknownHeader.name}`);
  const fileParameters = operation.parameters.filter((parameter) => parameter.in === 'file');
  const bodyParameters = new Map(
    operation.parameters
      .filter((parameter) => parameter.in === 'body')
      .map((parameter) => [parameter.name, parameter] as const),
  );
  const request = operation.request_schema ?? {};
  const context = (field: string, label = field): NodeContext => ({
    operation: key,
    field,
    label: label || name,
  });

  // Path and query fields: strings for path placeholders (an empty id would address the collection).
  const outer: string[] = [
    ...pathParameters.map((parameter) => `${propertyKey(parameter)}: z.string().min(1)`),
    ...queryParameters.map(
      (parameter) =>
        `${propertyKey(parameter.name)}: ${parameterSource(parameter, context(parameter.name), emitter)}${
          parameter.required ? '' : '.optional()'
        }`,
    ),
  ];

  const bodyField = (property: string, schema: SpecSchema, required: boolean, field: string): string => {
    if (fileParameters.some((parameter) => parameter.name === property)) {
      // Multipart file: bytes inline (base64), a local path (CLI only) or a URL — see schemas.ts.
      return `${propertyKey(property)}: fileInput${required ? '' : '.optional()'}`;
    }
    const parameter = bodyParameters.get(property);
    if (parameter && schema.enum && parameter.enum && parameter.enum.join() !== schema.enum.join()) {
      throw new Error(`${key}: enum of ${property} differs between parameters and request_schema`);
    }
    const value = emitter.property(
      withParameterBounds(schema, parameter),
      'input',
      context(field, property),
      required,
    );
    return `${propertyKey(property)}: ${value}`;
  };

  const bodyNames = new Set<string>();
  let input: string;
  if (request.oneOf && outer.length === 0 && bodyParameters.size === 0 && fileParameters.length === 0) {
    // A body that is one of several variants (`POST /v3/videos`, `POST /v3/avatars`): the same union the
    // batch endpoints take per item, so it is shared with them.
    for (const variant of request.oneOf)
      for (const field of Object.keys(variant.properties ?? {})) bodyNames.add(field);
    input = emitter.node(request, 'input', context('', `${name} variants`));
  } else if (request.oneOf) {
    const values = discriminatorValues(request, key);
    const property = request.discriminator!.propertyName;
    const variants = request.oneOf.map((variant, index) => {
      const required = new Set(variant.required ?? []);
      const fields = Object.entries(variant.properties ?? {}).map(([field, schema]) => {
        bodyNames.add(field);
        if (field === property) return `${propertyKey(field)}: z.literal(${literal(values[index])})`;
        return bodyField(field, schema, required.has(field), `<${values[index]}>.${field}`);
      });
      return `z.strictObject({ ${[...outer, ...fields].join(', ')} })`;
    });
    input = `z.discriminatedUnion(${literal(property)}, [${variants.join(', ')}])`;
  } else {
    const required = new Set(request.required ?? []);
    const fields = Object.entries(request.properties ?? {}).map(([field, schema]) => {
      bodyNames.add(field);
      return bodyField(field, schema, required.has(field), field);
    });
    input = `z.strictObject({ ${[...outer, ...fields].join(', ')} })`;
  }
  for (const parameter of [...bodyParameters.values(), ...fileParameters]) {
    if (!bodyNames.has(parameter.name))
      throw new Error(`${key}: body parameter ${parameter.name} not in schema`);
  }
  const clash = [...bodyNames].find(
    (field) =>
      pathParameters.includes(field) || queryParameters.some((parameter) => parameter.name === field),
  );
  if (clash) throw new Error(`${key}: body field ${clash} clashes with a path/query parameter`);

  // The output describes what the client returns (src/heygen/envelope.ts): a v3 answer with a top-level
  // cursor stays `{ data, has_more, next_token }`; any other answer is unwrapped to its `data`.
  // An event stream's schema describes one `data:` frame; the client merges the frames (eventStreamResult).
  const response = operation.response_schema ?? {};
  const topLevel = response.properties ?? {};
  const eventStream = eventStreamOperations.has(key);
  const isPage = !eventStream && ('has_more' in topLevel || 'next_token' in topLevel);
  const result = isPage || eventStream ? { type: 'object', ...response } : topLevel['data'];
  const node = result ? emitter.node(result, 'output', context('', `${name} result`)) : 'z.looseObject({})';
  const output = eventStream ? `eventStreamResult(${node})` : node;
  // `paginated` means "one page plus a top-level cursor, and `token` moves on". Batch reads take
  // `limit`/`token` too, but their cursor sits inside the batch object, so they read as single resources.
  const paginated =
    operation.paginated && isPage && queryParameters.some((parameter) => parameter.name === 'token');

  const bodyEncoding =
    operation.body_encoding === 'multipart'
      ? 'multipart'
      : operation.body_encoding === 'json'
        ? 'json'
        : 'none';
  const fileField = fileParameters[0]?.name;
  const facts = [
    fileField ? ` fileField: ${literal(fileField)},` : '',
    headerParameters.some((parameter) => parameter.name === 'Idempotency-Key')
      ? ' idempotencyKeyHeader: true,'
      : '',
    eventStream ? " response: 'event-stream'," : '',
    operation.uncertain?.length ? ` uncertain: ${operation.uncertain.length},` : '',
  ].join('');
  return {
    name,
    lines: [
      `const ${base}Input: LazySchema = lazySchema(() => ${input});`,
      `const ${base}Output: LazySchema = lazySchema(() => ${output});`,
      `/*entry*/ ${name}: { method: ${literal(operation.method)}, path: ${literal(operation.path)}, pathParams: ${literal(
        pathParameters,
      )}, queryParams: ${literal(queryParameters.map((parameter) => parameter.name))}, bodyParams: ${literal([
        ...bodyNames,
      ])}, bodyEncoding: ${literal(bodyEncoding)},${facts} paginated: ${paginated}, destructive: ${operation.destructive}, input: ${base}Input, output: ${base}Output },`,
    ],
  };
}

async function main(): Promise<number> {
  const root = resolve(import.meta.dirname, '..');
  const outPath = resolve(root, 'src/catalog/generated/v3-operations.ts');
  const check = process.argv.includes('--check');
  const spec: { operations: SpecOperation[] } = { operations: [] };
  for (const file of specFiles) {
    const specPath = resolve(root, file);
    if (!existsSync(specPath)) {
      process.stderr.write(
        `generate-catalog: ${specPath} not found (the spec lives in ../shared next to the repo)\n`,
      );
      return 1;
    }
    // v3-operations.json names one source (a string), v3-additions.json several (a list): only the
    // operations are read here; where each fact came from stays in ../shared.
    const part = JSON.parse(readFileSync(specPath, 'utf8')) as { operations: SpecOperation[] };
    for (const operation of part.operations) {
      const key = `${operation.method} ${operation.path}`;
      if (spec.operations.some((other) => `${other.method} ${other.path}` === key))
        throw new Error(`${key} appears twice in ${specFiles.join(' and ')}`);
      spec.operations.push(operation);
    }
  }
  const operations = [...spec.operations].sort((a, b) =>
    toolNames[`${a.method} ${a.path}`]!.localeCompare(toolNames[`${b.method} ${b.path}`]!),
  );
  const known = new Set(spec.operations.map((operation) => `${operation.method} ${operation.path}`));
  const unused = Object.keys(toolNames).filter((key) => !known.has(key));
  if (unused.length) throw new Error(`Named operations missing from the spec: ${unused.join(', ')}`);

  const emitter = new Emitter();
  for (const named of namedEnums) {
    const operation = spec.operations.find((entry) => `${entry.method} ${entry.path}` === named.operation);
    const values = operation?.request_schema?.properties?.[named.field]?.items?.enum;
    if (!values?.length)
      throw new Error(`Named enum ${named.name}: ${named.operation} ${named.field} has no enum`);
    emitter.enumNames.set(JSON.stringify(values), named.name);
  }
  for (const operation of operations) generateOperation(operation, emitter); // pass 1: count repeats
  emitter.state = 'emit';
  for (const name of Object.values(toolNames)) {
    emitter.names.add(`${camelCase(name)}Input`).add(`${camelCase(name)}Output`);
  }
  const generated = operations.map((operation) => generateOperation(operation, emitter));
  const unusedRules = boundRules.filter((rule) => !usedRules.has(rule));
  if (unusedRules.length) {
    throw new Error(
      `Bound rules matched no field: ${unusedRules.map((rule) => `${rule.operation} ${rule.field}`).join('; ')}`,
    );
  }

  const names = generated.map((operation) => operation.name);
  const source = [
    '// GENERATED FILE — DO NOT EDIT.',
    '// Made by scripts/generate-catalog.ts from ../shared/heygen-api/v3-operations.json and',
    '// ../shared/heygen-api/v3-additions.json (HeyGen v3 API).',
    '// Regenerate with `npm run generate` (or `npx node scripts/generate-catalog.ts`).',
    '// Facts only: HeyGen description texts and server-side defaults are deliberately left out.',
    "import { z } from 'zod';",
    "import { lazySchema, type LazySchema } from '../define-tool.ts';",
    "import { openEnum } from '../open-enum.ts';",
    "import { eventStreamResult, fileInput } from '../schemas.ts';",
    "import type { V3Operation } from '../v3-tool.ts';",
    '',
    '// Enums other parts of heygate use by name.',
    ...[...emitter.enumNames].map(([values, name]) => `export const ${name} = ${values} as const;`),
    '',
    '// Sub-schemas shared by several operations.',
    ...[...emitter.hoisted.values()].map(
      (entry) => `const ${entry.name}: LazySchema = lazySchema(() => ${entry.body});`,
    ),
    '',
    ...generated.flatMap((operation) => operation.lines.filter((line) => !line.startsWith('/*entry*/'))),
    '',
    '/** Names of the v3 operations (our tool names). */',
    `export type V3OperationName = ${names.map((name) => literal(name)).join(' | ')};`,
    '',
    '/** Every HeyGen v3 operation keyed by tool name: wire facts plus strict input and tolerant output schemas. */',
    'export const v3Operations: Readonly<Record<V3OperationName, V3Operation>> = {',
    ...generated.flatMap((operation) =>
      operation.lines
        .filter((line) => line.startsWith('/*entry*/'))
        .map((line) => line.slice('/*entry*/ '.length)),
    ),
    '};',
    '',
  ].join('\n');
  const options = (await prettier.resolveConfig(outPath)) ?? {};
  const formatted = await prettier.format(source, { ...options, filepath: outPath });
  if (check) {
    const current = existsSync(outPath) ? readFileSync(outPath, 'utf8') : '';
    if (current !== formatted) {
      process.stderr.write(
        'generate-catalog: src/catalog/generated/v3-operations.ts is stale; run npm run generate\n',
      );
      return 1;
    }
    process.stdout.write('generate-catalog: up to date\n');
    return 0;
  }
  mkdirSync(dirname(outPath), { recursive: true });
  writeFileSync(outPath, formatted);
  process.stdout.write(
    `generate-catalog: wrote ${generated.length} operations, ${emitter.hoisted.size} shared sub-schemas to ${outPath}\n`,
  );
  return 0;
}

process.exitCode = await main();
