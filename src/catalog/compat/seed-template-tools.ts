import { z } from 'zod';
import type { ToolDefinition } from '../define-tool.ts';
import { pricing } from '../pricing.ts';
import {
  defineLegacySeedTool,
  defineSeedTool,
  looseResult,
  strictInput,
  unknownResult,
} from './define-seed-tool.ts';
import { collectPages, drainMaxPages } from './collect-pages.ts';
import { legacyVideoJob } from './seed-video-tools.ts';
import { compact, isJsonObject, readV3Object, stringField, type JsonObject } from './v3-result.ts';

/** Seed tools for templates and personalized video. */

const templateEndpoint = (method: 'GET' | 'POST') =>
  ({ method, path: '/v3/templates/{template_id}', host: 'api', envelope: 'v3' }) as const;

const v2TemplateGenerate = defineSeedTool({
  name: 'v2_template_generate',
  title: 'Generate a video from a template (v2 compatible)',
  description:
    'Render a video from a template, filling its variables (names must match `v2_template_id` exactly, e.g. ' +
    '{first_name: {name, type: text, properties: {content}}}). Runs on POST /v3/templates/{template_id} with ' +
    'the same fields; v3 has no free test mode, so `test` is ignored and the video is rendered and billed (a ' +
    'warning says so). Returns `video_id`; poll `retrieve_video_status`.',
  area: 'templates',
  endpoint: templateEndpoint('POST'),
  access: 'write',
  idempotent: false,
  job: legacyVideoJob,
  cost: {
    note: `Billed like template_generate (no free test mode). ${pricing.template_generate.note}`,
    estimate: pricing.template_generate.estimate,
  },
  portability: { accountScoped: ['template_id', 'folder_id', 'brand_voice_id'] },
  input: strictInput({
    template_id: z.string().min(1),
    variables: z.record(z.string(), z.unknown()).describe('Template variables keyed by name'),
    title: z.string().optional(),
    caption: z.boolean().optional(),
    test: z.boolean().optional().describe('Ignored: v3 has no test mode (the video is billed)'),
    dimension: z
      .strictObject({ width: z.number().int().positive(), height: z.number().int().positive() })
      .optional()
      .describe('Output size; keep the template’s aspect ratio'),
    callback_id: z.string().optional(),
    include_gif: z.boolean().optional(),
    enable_sharing: z.boolean().optional().describe('Make the share page public'),
    folder_id: z.string().optional(),
    brand_voice_id: z.string().optional().describe('Brand glossary id'),
  }),
  output: looseResult({ video_id: z.string().nullish(), warnings: z.array(z.string()).nullish() }),
  implementation: {
    kind: 'composite',
    async run(input, context) {
      const { test, ...rest } = input;
      const video = readV3Object(await context.call('template_generate', compact(rest)));
      return compact({
        video_id: stringField(video, 'id') ?? stringField(video, 'video_id'),
        status: stringField(video, 'status') ?? undefined,
        warnings: test
          ? ['test: v3 has no test mode; the video was rendered and billed normally']
          : undefined,
      });
    },
  },
});

const v2TemplateId = defineSeedTool({
  name: 'v2_template_id',
  title: 'Get a template’s variables (v2 compatible)',
  description:
    'Get a template’s variables (keyed by name, with type and properties) to fill in before ' +
    '`v2_template_generate`. Runs on GET /v3/templates/{template_id}, which also returns name, aspect_ratio, ' +
    'thumbnail_url and scenes (scene_id, variables).',
  area: 'templates',
  endpoint: templateEndpoint('GET'),
  access: 'read',
  idempotent: true,
  portability: { accountScoped: ['template_id'] },
  input: strictInput({ template_id: z.string().min(1) }),
  output: looseResult({ variables: z.looseObject({}).nullish() }),
  implementation: {
    kind: 'composite',
    async run(input, context) {
      const template = readV3Object(await context.call('template_get', { template_id: input.template_id }));
      return { ...template, template_id: stringField(template, 'id') ?? input.template_id };
    },
  },
});

const retrieveTemplateDetailsV3 = defineSeedTool({
  name: 'retrieve_template_details_v3',
  title: 'Get template details with scenes',
  description:
    'Get a template’s variables and scene mapping (scene id, script, variables per scene with their type) to ' +
    'plan a `v2_template_generate` call. Runs on the current GET /v3/templates/{template_id}; scene ids and ' +
    'variable types are given under both the early names (`id`, `type`) and the current ones (`scene_id`, ' +
    '`variable_type`); `version` is no longer reported (null).',
  area: 'templates',
  endpoint: templateEndpoint('GET'),
  access: 'read',
  idempotent: true,
  portability: { accountScoped: ['template_id'] },
  input: strictInput({ template_id: z.string().min(1) }),
  output: looseResult({
    variables: z.looseObject({}).nullish(),
    scenes: z.array(z.looseObject({})).nullish(),
  }),
  implementation: {
    kind: 'composite',
    async run(input, context) {
      const template = readV3Object(await context.call('template_get', { template_id: input.template_id }));
      const scenes = Array.isArray(template.scenes) ? template.scenes.filter(isJsonObject) : null;
      return {
        ...template,
        version: null,
        scenes: scenes?.map((scene) => ({
          ...scene,
          id: stringField(scene, 'scene_id'),
          variables: Array.isArray(scene.variables)
            ? scene.variables.filter(isJsonObject).map((variable: JsonObject) => ({
                ...variable,
                type: stringField(variable, 'variable_type'),
              }))
            : [],
        })),
      };
    },
  },
});

const v2Templates = defineSeedTool({
  name: 'v2_templates',
  title: 'List templates (v2 compatible)',
  description:
    'List the account’s video templates: `templates[]` with template_id, name, thumbnail_image_url and ' +
    `aspect_ratio. Runs on GET /v3/templates, reading up to ${drainMaxPages} pages of 100 per call; when more ` +
    'remain, `has_more` is true and `next_token` continues via `token`. Next: `v2_template_id` for variables.',
  area: 'templates',
  endpoint: { method: 'GET', path: '/v3/templates', host: 'api', envelope: 'v3' },
  access: 'read',
  idempotent: true,
  portability: { accountScoped: ['*'] },
  input: strictInput({
    token: z.string().optional().describe('`next_token` of an earlier, truncated answer'),
  }),
  output: looseResult({ templates: z.array(z.looseObject({})).nullish(), has_more: z.boolean().nullish() }),
  implementation: {
    kind: 'composite',
    async run(input, context) {
      const pages = await collectPages(context, {
        tool: 'template_list',
        pageSize: 100,
        maxPages: drainMaxPages,
        token: input.token,
      });
      return {
        templates: pages.items.map((template) => ({
          ...template,
          template_id: stringField(template, 'id'),
          thumbnail_image_url: stringField(template, 'thumbnail_url'),
        })),
        has_more: pages.hasMore,
        next_token: pages.nextToken,
      };
    },
  },
});

const personalizedReplacement = 'none in v3 (personalized video is an Enterprise v1 feature)';

const personalizedVideoAddContact = defineLegacySeedTool({
  name: 'personalized_video_add_contact',
  title: 'Add contacts to a personalized video project',
  description:
    'Add recipients (email, first_name and the project’s other variables) to a personalized video project ' +
    '(Enterprise). It does not render or send anything by itself. The project id comes from the HeyGen web app. ' +
    'v3 has no personalized video.',
  area: 'personalized-videos',
  method: 'POST',
  path: '/v1/personalized_video/add_contact',
  envelope: 'v1',
  replacement: personalizedReplacement,
  access: 'write',
  idempotent: false,
  portability: { accountScoped: ['project_id'] },
  input: strictInput({
    project_id: z.string().min(1),
    variables_list: z
      .array(z.record(z.string(), z.unknown()))
      .min(1)
      .describe('One object per contact: {email, first_name, …project variables}'),
  }),
  output: unknownResult(),
  request: { body: 'json' },
});

const personalizedVideoProjectDetail = defineLegacySeedTool({
  name: 'personalized_video_project_detail',
  title: 'Get a personalized video project',
  description:
    'Read a personalized video project’s status, settings and metadata (Enterprise). There is no API to list ' +
    'projects: copy the id from the project’s API setup page in the HeyGen web app. v3 has no personalized video.',
  area: 'personalized-videos',
  method: 'GET',
  path: '/v1/personalized_video/project/detail',
  envelope: 'v1',
  replacement: personalizedReplacement,
  access: 'read',
  idempotent: true,
  portability: { accountScoped: ['id'] },
  input: strictInput({ id: z.string().min(1).describe('Project id') }),
  output: unknownResult(),
  request: { query: ['id'] },
});

/** Seed tools for templates and personalized video. */
export const seedTemplateTools: readonly ToolDefinition[] = [
  personalizedVideoAddContact,
  personalizedVideoProjectDetail,
  retrieveTemplateDetailsV3,
  v2TemplateGenerate,
  v2TemplateId,
  v2Templates,
];
