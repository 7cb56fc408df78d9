import type { ToolDefinition } from '../../catalog/define-tool.ts';
import { deepFreeze } from './deep-freeze.ts';
import type { JsonSchema } from './json-schema.ts';
import { startsJob } from './starts-job.ts';
import { toolInputJsonSchema } from './tool-input-json-schema.ts';
import { waitToolFor } from './wait-tool-for.ts';

const cache = new WeakMap<ToolDefinition, JsonSchema>();

/**
 * The input schema agents see on MCP, the AI SDK and OpenAI: the tool's input schema plus, for a tool that
 * starts a job (a render, a translation, …), an optional `wait` flag. With `wait: true` the call holds until
 * the job is finished and returns the final resource (progress is reported where the surface can);
 * without it the call returns the job id at once, to be followed by the job's `*_wait` tool. The flag is
 * removed again before the gateway validates the input (see `readToolArguments`).
 */
export function presentedInputSchema(tool: ToolDefinition): JsonSchema {
  let schema = cache.get(tool);
  if (!schema) {
    const base = toolInputJsonSchema(tool);
    if (!startsJob(tool) || 'wait' in (base.properties as object)) {
      schema = base;
    } else {
      const waitTool = waitToolFor(tool) ?? 'the matching *_wait tool';
      schema = deepFreeze({
        ...base,
        properties: {
          ...(base.properties as object),
          wait: {
            type: 'boolean',
            description: `true: hold the call until the job finishes and return what ${waitTool} returns (can take minutes; progress is reported). Default false: return the job id at once.`,
          },
        },
      });
    }
    cache.set(tool, schema);
  }
  return schema;
}
