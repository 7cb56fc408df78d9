import { z } from 'zod';
import { InvalidInputError, parseInput, type ToolDefinition } from '../../src/catalog/index.ts';
import { BadRequestError, type CallResult, type HeyGenClient } from '../../src/heygen/index.ts';
import type { StartedEmulator } from '../../src/test/emulator.ts';
import type { Fixtures } from './create-fixtures.ts';
import { generateInput, type JsonSchema } from './generate-input.ts';

/**
 * Calls a tool with an input generated from its schema (ids from real fixtures), as the contract suite does;
 * shared with the fault matrix (test/security/paid-create-recovery.test.ts), which needs a valid input for every
 * paid create.
 */

/** Context of an input override. */
export interface OverrideContext {
  fixtures: Fixtures;
  started: StartedEmulator;
  client: HeyGenClient;
}

/**
 * Per-tool corrections of the generated input, merged over it, each for a reason the schema cannot express.
 * Keep this short: prefer a fixture resolver (keyed by field name) in contract/create-fixtures.ts.
 */
export const overrides: Record<string, (context: OverrideContext) => Promise<Record<string, unknown>>> = {
  // On v3 Avatar Realtime only `repeat` (say it verbatim) exists; the generator picks the first value, talk.
  streaming_task: async () => ({ task_type: 'repeat' }),
  // Like video_create, a batch item needs `script` + `voice_id` (or audio); HeyGen fails the item, not the
  // request, so no 400 names the missing fields for the generator to add.
  video_batch_create: async ({ started }) => {
    const library = started.emulator.inspect.library();
    return {
      videos: [
        {
          type: 'avatar',
          avatar_id: library.avatarId,
          voice_id: library.voiceId,
          script: 'Hello from a batch.',
        },
      ],
    };
  },
};

/** `video_inputs[0].voice.voice_id` → `video_inputs[].voice.voice_id` (generator paths have no indexes). */
function schemaPath(field: string): string {
  return field.replace(/\[\d+\]/g, '[]');
}

function valueAt(input: unknown, field: string): unknown {
  let current = input;
  for (const key of field.replace(/\[(\d+)\]/g, '.$1').split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/**
 * Optional fields a rejection names as missing: conditionally required ones (`script` with `voice_id`,
 * `output_language` or `output_languages`) that JSON Schema cannot express. Named either by the catalog's
 * own validation (`InvalidInputError`, before anything is sent) or by HeyGen's 400 `param`.
 */
function namedMissingFields(error: unknown, input: unknown): string[] {
  if (error instanceof InvalidInputError) {
    return error.issues
      .filter((issue) => valueAt(input, issue.field) === undefined)
      .map((issue) => issue.field);
  }
  if (error instanceof BadRequestError && error.param && valueAt(input, error.param) === undefined) {
    return [error.param];
  }
  return [];
}

/**
 * Generates the tool's input and calls it. When the call is rejected for an absent optional field, the field
 * is generated too and the call repeated (at most a few rounds; a rejected call changed nothing).
 */
export async function callWithGeneratedInput(
  tool: ToolDefinition,
  context: OverrideContext,
): Promise<{ input: Record<string, unknown>; result: CallResult }> {
  const schema = z.toJSONSchema(tool.input(), { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  // Optional id filters (`video_ids`, `batch_ids`) are filled too, so a statuses list has something to report.
  const include = new Set<string>(
    Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>)
      .filter(([name, property]) => /_ids$/.test(name) && property.type === 'string')
      .map(([name]) => name),
  );
  const override = overrides[tool.name];
  for (let round = 0; ; round++) {
    const generated = (await generateInput(schema, {
      include,
      resolve: (field) => context.fixtures.resolve({ ...field, tool }),
    })) as Record<string, unknown>;
    const input = override ? { ...generated, ...(await override(context)) } : generated;
    try {
      parseInput(tool, input);
      return { input, result: await context.client.call(tool, input) };
    } catch (error) {
      const named = namedMissingFields(error, input).map(schemaPath);
      const fresh = named.filter((field) => !include.has(field));
      if (round >= 4 || fresh.length === 0) throw error;
      for (const field of fresh) include.add(field);
    }
  }
}
