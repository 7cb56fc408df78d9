import type { CompositeContext, ToolDefinition } from '../define-tool.ts';
import { findTool } from '../index.ts';
import { checkOutput, parseInput } from '../validate.ts';

/**
 * Test support for the compatibility tools: a `CompositeContext` whose `call` checks every sub-call against
 * the real catalog (the tool must be a v3 tool, or the wait of a v3 job, and the translated input must pass
 * its strict schema) and
 * answers with canned v3 payloads, recording what was called. The translation is the unit under test, so
 * HeyGen itself is not needed; the v3 schemas are the real ones.
 */

/** Answers one sub-call: a fixed payload, or a function of the (validated) input. */
export type Responder = unknown | ((input: Record<string, unknown>) => unknown);

/** One recorded sub-call. */
export interface RecordedCall {
  tool: string;
  input: Record<string, unknown>;
}

/** A context plus the calls it saw. */
export interface RecordingContext {
  context: CompositeContext;
  calls: RecordedCall[];
}

/**
 * Creates the context. `responses[tool]` answers calls to `tool`; an array answers successive calls in order
 * (pages of a list). A call to a tool without a response, to a non-v3 tool, or with an input the v3 tool
 * rejects fails the test.
 */
export function createRecordingContext(responses: Record<string, Responder | Responder[]>): RecordingContext {
  const calls: RecordedCall[] = [];
  const used = new Map<string, number>();
  const context: CompositeContext = {
    async call(toolName, input) {
      const tool = findTool(toolName);
      if (!tool) throw new Error(`composite called unknown tool ${toolName}`);
      const waitsOnV3 =
        tool.implementation.kind === 'wait' && findTool(tool.implementation.job.statusTool)?.family === 'v3';
      if (tool.family !== 'v3' && !waitsOnV3)
        throw new Error(`composite called ${toolName}, a ${tool.family} tool, not a v3 tool or its wait`);
      const parsed = parseInput(tool, input) as Record<string, unknown>;
      calls.push({ tool: toolName, input });
      const configured = responses[toolName];
      if (configured === undefined) throw new Error(`no response configured for ${toolName}`);
      let responder: Responder = configured;
      if (Array.isArray(configured)) {
        const index = used.get(toolName) ?? 0;
        used.set(toolName, index + 1);
        if (index >= configured.length) throw new Error(`${toolName} called more often than configured`);
        responder = configured[index];
      }
      const answer = typeof responder === 'function' ? responder(parsed) : responder;
      if (answer instanceof Error) throw answer;
      return structuredClone(answer);
    },
  };
  return { context, calls };
}

/**
 * Runs a compat tool the way the client does: validates the input with the tool's schema, runs the
 * composite, and checks the result against the tool's output schema (which must match).
 */
export async function runCompatTool(
  name: string,
  input: unknown,
  recording: RecordingContext,
): Promise<Record<string, any>> {
  const tool: ToolDefinition | undefined = findTool(name);
  if (!tool) throw new Error(`no tool ${name}`);
  if (tool.implementation.kind !== 'composite') throw new Error(`${name} is not a composite tool`);
  const parsed = parseInput(tool, input);
  const result = await tool.implementation.run(parsed, recording.context);
  const check = checkOutput(tool, result);
  if (!check.ok)
    throw new Error(`${name} result does not match its output schema: ${JSON.stringify(check.issues)}`);
  return result as Record<string, any>;
}
