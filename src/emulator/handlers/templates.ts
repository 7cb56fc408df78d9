import type { LibraryTemplate } from '../create-public-library.ts';
import { EmulatorError } from '../emulator-error.ts';
import { creditsFor, creditsPerMinute, speechSeconds } from '../pricing.ts';
import type { HandlerContext, HandlerMap } from './handler-context.ts';
import { requireLook, requireVoice } from './lookups.ts';
import { seconds, text, v3List, wantsFailure } from './shared.ts';
import { createVideoRecord, videoV3View } from './video-records.ts';

/** Finds a template (public library; 404 otherwise). */
export function requireTemplate(context: HandlerContext, id: string): LibraryTemplate {
  const template = context.core.library.templates.find((candidate) => candidate.id === id);
  if (!template) throw EmulatorError.notFound('Template', id);
  return template;
}

/** The v2/v3 `variables` map of a template: `{name: {name, type, properties}}`. */
export function templateVariables(template: LibraryTemplate): Record<string, unknown> {
  return Object.fromEntries(
    template.variables.map((variable) => [
      variable.name,
      { name: variable.name, type: variable.type, properties: { ...variable.properties } },
    ]),
  );
}

/** The v3 template summary. */
export function templateSummary(context: HandlerContext, template: LibraryTemplate): Record<string, unknown> {
  return {
    id: template.id,
    name: template.name,
    aspect_ratio: template.aspectRatio,
    thumbnail_url: context.url(`templates/${template.id}/thumbnail.png`),
    created_at: template.createdAt,
    updated_at: template.createdAt,
  };
}

/** The text content a variable value carries (v2 `{properties: {content}}` or a plain string). */
function variableContent(value: unknown): string | null {
  if (typeof value === 'string') return value;
  const properties = (value as { properties?: Record<string, unknown> } | null)?.properties;
  return typeof properties?.content === 'string' ? properties.content : null;
}

/**
 * Renders a template (v3 `POST /v3/templates/{id}`, v2 `/v2/template/{id}/generate`): checks the variable
 * names and the avatars/voices they reference, substitutes text variables into the scene scripts and starts
 * the render.
 */
export function generateFromTemplate(context: HandlerContext, template: LibraryTemplate, origin: string) {
  const input = context.input;
  const variables = (input.variables ?? {}) as Record<string, unknown>;
  const known = new Map(template.variables.map((variable) => [variable.name, variable]));
  const values = new Map<string, string>();
  for (const variable of template.variables) {
    const content = variable.properties.content;
    if (typeof content === 'string') values.set(variable.name, content);
  }
  for (const [name, value] of Object.entries(variables)) {
    const variable = known.get(name);
    if (!variable) {
      throw EmulatorError.invalid(`variables.${name}`, `Template ${template.id} has no variable "${name}".`);
    }
    const properties = ((value as { properties?: Record<string, unknown> } | null)?.properties ??
      {}) as Record<string, unknown>;
    if (variable.type === 'character' && typeof properties.character_id === 'string') {
      requireLook(context, properties.character_id, `variables.${name}.properties.character_id`);
    }
    if (variable.type === 'voice' && typeof properties.voice_id === 'string') {
      requireVoice(context, properties.voice_id, `variables.${name}.properties.voice_id`);
    }
    const content = variableContent(value);
    if (content !== null) values.set(name, content);
  }
  const sceneIds = Array.isArray(input.scene_ids) ? (input.scene_ids as string[]) : null;
  if (sceneIds) {
    sceneIds.forEach((id, index) => {
      if (!template.scenes.some((scene) => scene.id === id)) {
        throw EmulatorError.invalid(`scene_ids[${index}]`, `Template ${template.id} has no scene ${id}.`);
      }
    });
  }
  const script = template.scenes
    .filter((scene) => !sceneIds || sceneIds.includes(scene.id))
    .map((scene) => scene.script.replace(/\{\{(\w+)\}\}/g, (_, name: string) => values.get(name) ?? ''))
    .join(' ');
  const duration = speechSeconds(script);
  return createVideoRecord(context, {
    title: text(input.title) ?? template.name,
    script,
    duration,
    // Template renders use the template's avatars (Avatar III pricing assumed).
    credits: input.test === true ? 0 : creditsFor(duration, creditsPerMinute.avatarIii),
    folderId: text(input.folder_id),
    callbackId: text(input.callback_id),
    callbackUrl: text(input.callback_url),
    caption: Boolean(input.caption),
    includeGif: Boolean(input.include_gif),
    origin,
    type: 'template',
    forceFailure: wantsFailure(context, input.title, ...[...values.values()]),
  });
}

/** Handlers of the v3 template endpoints. */
export const templateHandlers: HandlerMap = {
  template_list(context) {
    return v3List(
      context.core.library.templates.map((template) => templateSummary(context, template)),
      context.input,
      { limit: 10, max: 100 },
    );
  },

  template_get(context) {
    const template = requireTemplate(context, context.input.template_id);
    return {
      data: {
        ...templateSummary(context, template),
        scene_ids: template.scenes.map((scene) => scene.id),
        scenes: template.scenes.map((scene) => ({
          scene_id: scene.id,
          script: scene.script,
          variables: scene.variables.map((name) => ({
            name,
            variable_type: template.variables.find((variable) => variable.name === name)?.type ?? 'text',
          })),
        })),
        variables: templateVariables(template),
      },
    };
  },

  template_generate(context) {
    const template = requireTemplate(context, context.input.template_id);
    const video = generateFromTemplate(context, template, 'template');
    return {
      data: {
        ...videoV3View(context, video),
        created_at: seconds(video.createdAt),
      },
    };
  },
};
