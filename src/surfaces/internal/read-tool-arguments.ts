import type { ToolDefinition } from '../../catalog/define-tool.ts';
import type { Surface } from '../../gateway/types.ts';
import { maxWaitInputSchema } from './max-wait-input-schema.ts';
import { presentedInputSchema } from './presented-input-schema.ts';
import {
  readRequestEnvelope,
  type EnvelopeOptionField,
  type RequestEnvelope,
} from './read-request-envelope.ts';
import { toolInputJsonSchema } from './tool-input-json-schema.ts';

/**
 * Reads an agent's tool arguments (MCP, AI SDK, OpenAI) as a request envelope: the options the presented
 * schema added beside the tool's own fields — `wait` on job-starting tools, and on MCP `max_wait_seconds` —
 * are taken out and validated (`wait: "yes"` is an input error naming `wait`); everything else is the input,
 * validated later against the catalog's strict schema. Options the schema did not add stay in the input, so
 * a tool whose own field is called `prompt` keeps it, and a stray `wait` on a read tool is named by the
 * catalog's validation. Throws `InvalidInputError`.
 */
export function readToolArguments(tool: ToolDefinition, args: unknown, surface: Surface): RequestEnvelope {
  const options: EnvelopeOptionField[] = [];
  const presented = presentedInputSchema(tool);
  if (presented !== toolInputJsonSchema(tool)) options.push('wait');
  if (surface === 'mcp' && maxWaitInputSchema(tool) !== presented) options.push('max_wait_seconds');
  return readRequestEnvelope(args ?? {}, { tool: tool.name, options, flat: true });
}
