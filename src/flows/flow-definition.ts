import { z } from 'zod';

/**
 * The flow file format (docs/flows.md, ADR 0034): a trigger and a list of steps, written in YAML or JSON. This
 * schema is the single definition: the parser validates files with it, `heygate flows schema` and
 * `docs/flow.schema.json` publish it as JSON Schema for editor completion, and the types below are inferred
 * from it.
 *
 * ```yaml
 * name: render-and-notify
 * trigger: { manual: true }
 * steps:
 *   - id: render
 *     tool: video_create
 *     input: { type: avatar, avatar_id: "<look id>", voice_id: "<voice id>", script: "Hello from a flow" }
 *     wait: true
 *   - id: tell
 *     mcp: { connection: everything, tool: echo }
 *     input: { message: "{{ steps.render.video_url }}" }
 * ```
 */

/** Flow and step names: what the CLI, URLs and templates use. */
const namePattern = /^[a-z0-9][a-z0-9_-]{0,63}$/;
/** Step ids are referenced from templates (`steps.<id>`), so they are identifiers. */
const stepIdPattern = /^[a-z_][a-z0-9_]{0,63}$/;

/** A duration: seconds as a number, or a string such as `500ms`, `30s`, `5m`, `2h`, `1d`. */
export const durationSchema = z
  .union([
    z.number().min(0),
    z.string().regex(/^\d+(\.\d+)?\s*(ms|s|m|h|d)$/, 'a duration such as 500ms, 30s, 5m, 2h or 1d'),
  ])
  .describe('Seconds, or a string such as 500ms, 30s, 5m, 2h, 1d.');

/** Milliseconds of a {@link durationSchema} value. */
export function durationMs(value: number | string): number {
  if (typeof value === 'number') return value * 1000;
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(value)!;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'ms'];
  return Number(match[1]) * unit;
}

const retrySchema = z
  .union([
    z.number().int().min(1).max(20),
    z.strictObject({
      attempts: z.number().int().min(1).max(20).describe('Tries in all, the first included (default 3).'),
      backoff: durationSchema.optional().describe('Pause before the second try (default 2s).'),
      factor: z
        .number()
        .min(1)
        .max(10)
        .optional()
        .describe('Each pause is this many times the last (default 2).'),
      max_backoff: durationSchema.optional().describe('Longest pause (default 5m).'),
    }),
  ])
  .describe(
    'Retries of a failed step whose error is retryable (rate limits, 5xx, timeouts, lost connections): a number ' +
      'of tries, or { attempts, backoff, factor, max_backoff }. Default 3 tries, 2s doubling up to 5m.',
  );

const waitSchema = z
  .union([z.boolean(), z.strictObject({ timeout: durationSchema.describe('Give up after (default 2h).') })])
  .describe(
    'For a tool that starts a job (video_create, video_translation_create, …): wait until the job ends and ' +
      'make the finished resource the step output. The wait survives restarts.',
  );

/** Fields every step has. */
const stepBase = {
  id: z
    .string()
    .regex(stepIdPattern, 'lowercase letters, digits and _ (starting with a letter or _), at most 64')
    .describe('Unique id; later steps read its output as {{ steps.<id>… }}.'),
  name: z.string().max(200).optional().describe('Human label.'),
  if: z
    .string()
    .optional()
    .describe(
      'Run the step only when this expression is true, e.g. "{{ steps.render.status == \'completed\' }}".',
    ),
  retry: retrySchema.optional(),
  timeout: durationSchema
    .optional()
    .describe('Fail the step when one try takes longer (default 10m; waits excluded).'),
  on_failure: z
    .enum(['fail', 'continue'])
    .optional()
    .describe('`fail` (default) ends the run; `continue` records the error as the step output and goes on.'),
};

const jsonValue: z.ZodType<unknown> = z.unknown();

const toolStepSchema = z.strictObject({
  ...stepBase,
  tool: z.string().min(1).describe('A heygate catalog tool, e.g. video_create.'),
  input: z.record(z.string(), jsonValue).optional().describe('Tool input; strings may hold {{ templates }}.'),
  wait: waitSchema.optional(),
  account: z.string().min(1).optional().describe("HeyGen account for this step (default: the flow's)."),
});

const mcpStepSchema = z.strictObject({
  ...stepBase,
  mcp: z
    .strictObject({
      connection: z
        .string()
        .regex(namePattern)
        .describe('A connection added with `heygate connections add`.'),
      tool: z.string().min(1).describe('Tool name on that MCP server.'),
    })
    .describe('A tool call on another MCP server.'),
  input: z.record(z.string(), jsonValue).optional(),
});

const httpStepSchema = z.strictObject({
  ...stepBase,
  http: z
    .strictObject({
      method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('POST'),
      url: z.string().min(1).describe("http(s) URL; the host must pass the operator's allow-list."),
      headers: z.record(z.string(), z.string()).optional(),
      body: jsonValue.optional().describe('JSON body (objects and arrays are sent as application/json).'),
    })
    .describe('An HTTP request to another service, through the outbound URL guard.'),
});

const luaStepSchema = z.strictObject({
  ...stepBase,
  lua: z
    .string()
    .min(1)
    .describe('A Lua script; `input` is its argument table, its return value the output.'),
  input: z.record(z.string(), jsonValue).optional(),
});

/** Steps nest inside `if` and `for_each`, so the schema is recursive. */
export type FlowStep =
  | ToolStep
  | McpStep
  | HttpStep
  | LuaStep
  | (z.infer<z.ZodObject<typeof stepBase>> & { if: string; then: FlowStep[]; else?: FlowStep[] })
  | (z.infer<z.ZodObject<typeof stepBase>> & {
      for_each: string | unknown[];
      as?: string;
      concurrency?: number;
      steps: FlowStep[];
    });

const stepListSchema: z.ZodType<FlowStep[]> = z.lazy(() => z.array(stepSchema).min(1));

const branchStepSchema = z.strictObject({
  ...stepBase,
  if: z.string().describe('Expression choosing the branch.'),
  then: stepListSchema.describe('Steps run when `if` is true.'),
  else: stepListSchema.optional().describe('Steps run when `if` is false.'),
});

const forEachStepSchema = z.strictObject({
  ...stepBase,
  for_each: z
    .union([z.string(), z.array(jsonValue)])
    .describe('A list, or a template giving one ("{{ trigger.input.rows }}"). Each element is {{ item }}.'),
  as: z.string().regex(stepIdPattern).optional().describe('Name of the element in templates (default item).'),
  concurrency: z.number().int().min(1).max(50).optional().describe('Elements run at once (default 1).'),
  steps: stepListSchema.describe('Steps run for every element; their outputs form a list.'),
});

/** One step: exactly one of tool, mcp, http, lua, then (with if), for_each. */
export const stepSchema: z.ZodType<FlowStep> = z.lazy(() =>
  z.union([
    toolStepSchema,
    mcpStepSchema,
    httpStepSchema,
    luaStepSchema,
    branchStepSchema,
    forEachStepSchema,
  ]),
) as z.ZodType<FlowStep>;

const cronTriggerSchema = z.strictObject({
  cron: z.string().min(1).describe('Cron expression (5 or 6 fields, croner syntax), e.g. "0 9 * * MON".'),
  timezone: z.string().min(1).optional().describe('IANA time zone, e.g. Europe/Berlin (default UTC).'),
});

const eventTriggerSchema = z.strictObject({
  event: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .describe('HeyGen webhook event type(s), e.g. avatar_video.success; `*` suffix matches a family.'),
  account: z.string().min(1).optional().describe('Only events of this account (default: any).'),
  filter: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.unknown())]))
    .optional()
    .describe('Fields of the event that must match: path → value, or a list of accepted values.'),
});

const manualTriggerSchema = z.strictObject({
  manual: z.literal(true).describe('Runs only when asked: CLI, admin API, MCP.'),
});

const afterTriggerSchema = z.strictObject({
  after: z.strictObject({
    flow: z.string().regex(namePattern).describe('The flow whose end starts this one.'),
    status: z.enum(['succeeded', 'failed', 'any']).default('succeeded'),
  }),
});

/** The schema of each step kind, for precise errors (the parser picks one by the step's key). */
export const stepSchemas = {
  tool: toolStepSchema,
  mcp: mcpStepSchema,
  http: httpStepSchema,
  lua: luaStepSchema,
  if: branchStepSchema,
  for_each: forEachStepSchema,
} as const;

/** The schema of each trigger kind. */
export const triggerSchemas = {
  manual: manualTriggerSchema,
  cron: cronTriggerSchema,
  event: eventTriggerSchema,
  after: afterTriggerSchema,
} as const;

/** What starts a run; every flow can also be run by hand. */
export const triggerSchema = z.union([
  manualTriggerSchema,
  cronTriggerSchema,
  eventTriggerSchema,
  afterTriggerSchema,
]);

/** A whole flow file. */
export const flowDefinitionSchema = z.strictObject({
  $schema: z.string().optional().describe('JSON Schema of this format, for editors.'),
  name: z
    .string()
    .regex(namePattern, 'lowercase letters, digits, - and _ (starting with a letter or digit), at most 64')
    .describe('Unique flow name.'),
  description: z.string().max(2000).optional(),
  persona: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Persona the flow runs as (its scopes, budgets and accounts apply). Default: whoever saves it.',
    ),
  account: z
    .string()
    .min(1)
    .optional()
    .describe("HeyGen account for tool steps (default: the persona's routing)."),
  enabled: z
    .boolean()
    .optional()
    .describe('Scheduled and event triggers fire only when enabled (default true).'),
  trigger: triggerSchema,
  steps: stepListSchema,
  on_failure: stepListSchema
    .optional()
    .describe('Steps run when the run fails; {{ error.message }} and {{ error.step }} say what failed.'),
});

export type FlowDefinition = z.infer<typeof flowDefinitionSchema>;
export type FlowTrigger = z.infer<typeof triggerSchema>;
export type ToolStep = z.infer<typeof toolStepSchema>;
export type McpStep = z.infer<typeof mcpStepSchema>;
export type HttpStep = z.infer<typeof httpStepSchema>;
export type LuaStep = z.infer<typeof luaStepSchema>;
export type BranchStep = Extract<FlowStep, { then: FlowStep[] }>;
export type ForEachStep = Extract<FlowStep, { for_each: unknown }>;

/** The kind of a step, from the key that makes it. */
export type StepKind = 'tool' | 'mcp' | 'http' | 'lua' | 'if' | 'for_each';

/** Which kind a step is. */
export function stepKind(step: FlowStep): StepKind {
  if ('tool' in step) return 'tool';
  if ('mcp' in step) return 'mcp';
  if ('http' in step) return 'http';
  if ('lua' in step) return 'lua';
  if ('then' in step) return 'if';
  return 'for_each';
}

/** Which kind a trigger is. */
export function triggerKind(trigger: FlowTrigger): 'manual' | 'cron' | 'event' | 'after' {
  if ('manual' in trigger) return 'manual';
  if ('cron' in trigger) return 'cron';
  if ('event' in trigger) return 'event';
  return 'after';
}
