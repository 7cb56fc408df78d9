import type { ToolDefinition } from '../../catalog/define-tool.ts';
import { deepFreeze } from '../internal/deep-freeze.ts';
import { presentedInputSchema } from '../internal/presented-input-schema.ts';
import { strictJsonSchema, type StrictJsonSchema } from './strict-json-schema.ts';

const cache = new WeakMap<ToolDefinition, StrictJsonSchema>();

/** The strict-mode parameters schema of a tool and its decoder, built once per tool. */
export function openAIToolSchema(tool: ToolDefinition): StrictJsonSchema {
  let converted = cache.get(tool);
  if (!converted) {
    const { schema, decode } = strictJsonSchema(presentedInputSchema(tool));
    converted = { schema: deepFreeze(schema), decode };
    cache.set(tool, converted);
  }
  return converted;
}
