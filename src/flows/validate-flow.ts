import { Cron } from 'croner';
import { z } from 'zod';
import type { ToolDefinition } from '../catalog/define-tool.ts';
import type { InputIssue } from '../catalog/errors.ts';
import { webhookEventTypes } from '../catalog/generated/v3-operations.ts';
import { describeIssues } from '../catalog/validate.ts';
import { ExpressionError, expressionPaths, type Expression } from './flow-expression.ts';
import { stepKind, triggerKind, type FlowDefinition, type FlowStep } from './flow-definition.ts';
import { conditionExpression, findTemplates } from './flow-template.ts';
import { flowFileError, walkSteps } from './parse-flow-file.ts';
import { waitToolOf } from './wait-tool-of.ts';

/** A tool another MCP server offers, as `tools/list` describes it. */
export interface ConnectionTool {
  name: string;
  inputSchema?: Record<string, unknown>;
}

/** What validation may ask about a connection: its tools, or why they are not known. */
export type ConnectionLookup = (
  name: string,
) => Promise<{ tools: readonly ConnectionTool[] } | { missing: true } | { unreachable: string }>;

/** Options of {@link validateFlow}. */
export interface ValidateFlowOptions {
  /** The catalog the flow's tool steps call. */
  tools: readonly ToolDefinition[];
  /**
   * The persona the flow runs as: its name, whether it may call a tool, its allowed accounts (empty: every
   * account). Absent for the local operator, who may call everything.
   */
  persona?: {
    name: string;
    allows(tool: ToolDefinition): boolean;
    accounts: readonly string[];
    /** Whether it holds the `lua` grant that `lua:` steps need (ADR 0020); absent: not checked. */
    lua?: boolean;
  };
  /** Looks up connections for `mcp` steps; absent: connections are not checked. */
  connections?: ConnectionLookup;
  /** Validates a value against a JSON Schema (MCP tool inputs); absent: MCP inputs are not checked. */
  validateJsonSchema?: (schema: Record<string, unknown>, value: unknown) => string | undefined;
}

/** What validation found that does not stop the flow from being saved. */
export interface FlowValidation {
  /** E.g. a connection that could not be reached to check its tool's schema. */
  warnings: string[];
}

type JsonSchema = Record<string, unknown>;

const outputSchemas = new Map<string, JsonSchema>();

function jsonSchemaOf(tool: ToolDefinition, which: 'input' | 'output'): JsonSchema {
  const key = `${which}:${tool.name}`;
  let schema = outputSchemas.get(key);
  if (!schema) {
    schema = z.toJSONSchema(which === 'input' ? tool.input() : tool.output(), {
      io: which,
      unrepresentable: 'any',
    }) as JsonSchema;
    outputSchemas.set(key, schema);
  }
  return schema;
}

/** The branches of a schema (anyOf/oneOf flattened), without the null branch of a nullable field. */
function branches(schema: JsonSchema): JsonSchema[] {
  const union = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (union) return union.flatMap(branches).filter((branch) => branch.type !== 'null');
  return [schema];
}

/**
 * Follows a template path into a JSON Schema. Returns an error when a field is not among the properties the
 * schema lists (a typo such as `video_ur1`), undefined when the path is fine or the schema does not say.
 */
function checkSchemaPath(schema: JsonSchema, path: readonly (string | number)[]): string | undefined {
  let current: JsonSchema[] = [schema];
  for (const segment of path) {
    const next: JsonSchema[] = [];
    let known: string[] = [];
    let open = false;
    for (const branch of current.flatMap(branches)) {
      if (typeof segment === 'number' || /^\d+$/.test(String(segment))) {
        if (branch.items && typeof branch.items === 'object') next.push(branch.items as JsonSchema);
        else open = true;
        continue;
      }
      const properties = branch.properties as Record<string, JsonSchema> | undefined;
      if (!properties) {
        open = true;
        continue;
      }
      known = [...known, ...Object.keys(properties)];
      const property = properties[segment];
      if (property) next.push(property);
    }
    if (open) return undefined;
    if (next.length === 0) {
      return known.length > 0
        ? `has no field "${segment}" (fields: ${[...new Set(known)].sort().join(', ')})`
        : `cannot be indexed with "${segment}"`;
    }
    current = next;
  }
  return undefined;
}

/** The output schema of a tool step: the finished resource when it waits (a list when the create makes several). */
function stepOutputSchema(
  tool: ToolDefinition,
  waits: boolean,
  tools: readonly ToolDefinition[],
): JsonSchema {
  if (!waits || !tool.job) return jsonSchemaOf(tool, 'output');
  const wait = waitToolOf(tool, tools);
  const finished = wait ? jsonSchemaOf(wait, 'output') : {};
  const created = jsonSchemaOf(tool, 'output');
  const idSchema = (created.properties as Record<string, JsonSchema> | undefined)?.[tool.job.resultIdPath];
  const many = idSchema !== undefined && branches(idSchema).some((branch) => branch.type === 'array');
  return many ? { type: 'array', items: finished } : finished;
}

/** What templates may read at one place of the flow. */
interface Scope {
  /** Step ids done before this point, with their output schema when known. */
  steps: Map<string, JsonSchema | undefined>;
  /** Loop variables in scope (`item` or the `as` name, and `index`). */
  loopNames: Set<string>;
  inFailureHandler: boolean;
}

function checkPaths(
  expression: Expression,
  field: string,
  scope: Scope,
  definition: FlowDefinition,
  issues: InputIssue[],
): void {
  const trigger = triggerKind(definition.trigger);
  for (const path of expressionPaths(expression)) {
    const [root, second, ...rest] = path;
    const fail = (expected: string, message: string) =>
      issues.push({ field, expected, message: `${field}: ${message}` });
    if (root === 'steps') {
      if (typeof second !== 'string') {
        fail('steps.<id>', '`steps` must be followed by a step id, e.g. steps.render.video_url.');
        continue;
      }
      if (!scope.steps.has(second)) {
        fail(
          'a step that runs earlier',
          `"steps.${second}" is not a step that runs before this one` +
            (scope.steps.size > 0 ? ` (earlier steps: ${[...scope.steps.keys()].join(', ')}).` : '.'),
        );
        continue;
      }
      const schema = scope.steps.get(second);
      const problem = schema && rest.length > 0 ? checkSchemaPath(schema, rest) : undefined;
      if (problem) fail('a field of the step output', `steps.${second} ${problem}.`);
      continue;
    }
    if (root === 'trigger') {
      if (second === 'event' && trigger !== 'event') {
        fail('an event trigger', '`trigger.event` is only set for flows with an event trigger.');
      } else if (second === 'scheduled_for' && trigger !== 'cron') {
        fail('a cron trigger', '`trigger.scheduled_for` is only set for flows with a cron trigger.');
      } else if ((second === 'run' || second === 'flow') && trigger !== 'after') {
        fail(
          'an after trigger',
          `\`trigger.${String(second)}\` is only set for flows triggered after another flow.`,
        );
      }
      continue;
    }
    if (root === 'run' || root === 'flow') continue;
    if (root === 'error') {
      if (!scope.inFailureHandler) fail('on_failure steps', '`error` is only set inside on_failure steps.');
      continue;
    }
    if (typeof root === 'string' && scope.loopNames.has(root)) continue;
    fail(
      'steps, trigger, run, flow, item/index (in for_each) or error (in on_failure)',
      `unknown name "${String(root)}"; templates read steps.<id>, trigger, run, flow` +
        (scope.loopNames.size > 0 ? `, ${[...scope.loopNames].join(', ')}` : '') +
        (scope.inFailureHandler ? ', error' : '') +
        '.',
    );
  }
}

function checkTemplates(
  value: unknown,
  field: string,
  scope: Scope,
  definition: FlowDefinition,
  issues: InputIssue[],
) {
  let found;
  try {
    found = findTemplates(value);
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    issues.push({ field, expected: 'a valid {{ expression }}', message: `${field}: ${error.message}` });
    return [];
  }
  for (const template of found) {
    const where = template.field === '' ? field : `${field}.${template.field}`.replace('.[', '[');
    checkPaths(template.expression, where, scope, definition, issues);
  }
  return found;
}

/** Drops validation issues about templated fields: their values are only known when the step runs. */
function withoutTemplated(issues: readonly InputIssue[], templated: readonly string[]): InputIssue[] {
  return issues.filter(
    (issue) =>
      !templated.some(
        (field) =>
          field === '' ||
          issue.field === field ||
          issue.field.startsWith(`${field}.`) ||
          issue.field.startsWith(`${field}[`),
      ),
  );
}

function prefixIssues(prefix: string, issues: readonly InputIssue[]): InputIssue[] {
  return issues.map((issue) => {
    const field = issue.field === '(root)' ? prefix : `${prefix}.${issue.field}`;
    return { ...issue, field, message: issue.message.replace(`\`${issue.field}\``, `\`${field}\``) };
  });
}

/** A placeholder matching the declared type of a templated field, so the rest of an MCP input can be checked. */
function placeholderFor(schema: JsonSchema | undefined): unknown {
  const type = schema ? (branches(schema)[0]?.type as string | undefined) : undefined;
  if (type === 'number' || type === 'integer') return 0;
  if (type === 'boolean') return true;
  if (type === 'array') return [];
  if (type === 'object') return {};
  return 'x';
}

function substitutePlaceholders(input: Record<string, unknown>, schema: JsonSchema): Record<string, unknown> {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    result[key] = findTemplates(value).length > 0 ? placeholderFor(properties[key]) : value;
  }
  return result;
}

function checkToolStep(
  step: Extract<FlowStep, { tool: string }>,
  field: string,
  options: ValidateFlowOptions,
  definition: FlowDefinition,
  issues: InputIssue[],
  templated: readonly string[],
): void {
  const tool = options.tools.find((candidate) => candidate.name === step.tool);
  if (!tool) {
    const close = options.tools
      .map((candidate) => candidate.name)
      .filter((name) => name.startsWith(step.tool.split('_')[0] ?? '') && name !== step.tool)
      .slice(0, 5);
    issues.push({
      field: `${field}.tool`,
      expected: 'a heygate catalog tool',
      message:
        `${field}.tool: unknown tool "${step.tool}"` +
        (close.length > 0 ? ` (did you mean: ${close.join(', ')}?)` : '.'),
    });
    return;
  }
  const parsed = tool.input().safeParse(step.input ?? {});
  if (!parsed.success) {
    issues.push(
      ...prefixIssues(
        `${field}.input`,
        withoutTemplated(describeIssues(parsed.error.issues, step.input ?? {}), templated),
      ),
    );
  }
  if (step.wait && !tool.job) {
    issues.push({
      field: `${field}.wait`,
      expected: 'a tool that starts a job',
      message: `${field}.wait: ${tool.name} starts no job, so there is nothing to wait for.`,
    });
  }
  const persona = options.persona;
  if (!persona) return;
  if (!persona.allows(tool)) {
    issues.push({
      field: `${field}.tool`,
      expected: `a tool persona "${persona.name}" may call`,
      message: `${field}.tool: persona "${persona.name}" may not call ${tool.name} (access ${tool.access}, area ${tool.area}).`,
    });
  }
  const wait = step.wait && tool.job ? waitToolOf(tool, options.tools) : undefined;
  if (wait && !persona.allows(wait)) {
    issues.push({
      field: `${field}.wait`,
      expected: `persona "${persona.name}" may call ${wait.name}`,
      message: `${field}.wait: waiting polls ${wait.name} (read), which persona "${persona.name}" may not call.`,
    });
  }
  const account = step.account ?? definition.account;
  if (account && persona.accounts.length > 0 && !persona.accounts.includes(account)) {
    issues.push({
      field: step.account ? `${field}.account` : 'account',
      expected: `one of ${persona.accounts.join(', ')}`,
      message: `persona "${persona.name}" may not use account "${account}".`,
    });
  }
}

async function checkMcpStep(
  step: Extract<FlowStep, { mcp: unknown }>,
  field: string,
  options: ValidateFlowOptions,
  issues: InputIssue[],
  warnings: string[],
): Promise<void> {
  if (!options.connections) return;
  const found = await options.connections(step.mcp.connection);
  if ('missing' in found) {
    issues.push({
      field: `${field}.mcp.connection`,
      expected: 'a stored connection',
      message: `${field}.mcp.connection: no connection named "${step.mcp.connection}" (add it with heygate connections add).`,
    });
    return;
  }
  if ('unreachable' in found) {
    warnings.push(
      `${field}: connection "${step.mcp.connection}" could not be reached to check ${step.mcp.tool}: ${found.unreachable}`,
    );
    return;
  }
  const tool = found.tools.find((candidate) => candidate.name === step.mcp.tool);
  if (!tool) {
    issues.push({
      field: `${field}.mcp.tool`,
      expected: `a tool of ${step.mcp.connection}`,
      message: `${field}.mcp.tool: "${step.mcp.connection}" has no tool "${step.mcp.tool}" (tools: ${found.tools
        .map((candidate) => candidate.name)
        .slice(0, 20)
        .join(', ')}).`,
    });
    return;
  }
  if (!tool.inputSchema || !options.validateJsonSchema) return;
  const problem = options.validateJsonSchema(
    tool.inputSchema,
    substitutePlaceholders(step.input ?? {}, tool.inputSchema),
  );
  if (problem) {
    issues.push({
      field: `${field}.input`,
      expected: `the input schema of ${step.mcp.connection}/${step.mcp.tool}`,
      message: `${field}.input: ${problem}`,
    });
  }
}

function checkTrigger(definition: FlowDefinition, issues: InputIssue[]): void {
  const trigger = definition.trigger;
  if ('cron' in trigger) {
    const timezone = trigger.timezone ?? 'UTC';
    try {
      new Intl.DateTimeFormat('en', { timeZone: timezone });
    } catch {
      issues.push({
        field: 'trigger.timezone',
        expected: 'an IANA time zone such as Europe/Berlin',
        message: `trigger.timezone: unknown time zone "${timezone}".`,
      });
      return;
    }
    try {
      new Cron(trigger.cron, { timezone, paused: true }).stop();
    } catch (error) {
      issues.push({
        field: 'trigger.cron',
        expected: 'a cron expression such as "0 9 * * MON"',
        message: `trigger.cron: ${(error as Error).message}`,
      });
    }
  }
  if ('event' in trigger) {
    const types = Array.isArray(trigger.event) ? trigger.event : [trigger.event];
    for (const type of types) {
      const known = type.endsWith('*')
        ? webhookEventTypes.some((candidate) => candidate.startsWith(type.slice(0, -1)))
        : (webhookEventTypes as readonly string[]).includes(type);
      if (!known) {
        issues.push({
          field: 'trigger.event',
          expected: 'a HeyGen webhook event type',
          message: `trigger.event: "${type}" is not a HeyGen event type (e.g. ${webhookEventTypes.slice(0, 4).join(', ')}).`,
        });
      }
    }
  }
  if ('after' in trigger && trigger.after.flow === definition.name) {
    issues.push({
      field: 'trigger.after.flow',
      expected: 'another flow',
      message: 'trigger.after.flow: a flow cannot start itself.',
    });
  }
}

/**
 * Checks a parsed flow against everything known when it is saved (ADR 0034): trigger (cron syntax, time zone,
 * event types), unique step ids, tool names, every tool input against the tool's schema (templated fields are
 * checked when they run), `wait` only on tools that start a job, template references (a step that runs earlier,
 * a field its output has, `trigger.event` only on event flows, `item` only in `for_each`), the persona's scopes
 * and accounts, and each `mcp` step's connection, tool and input schema. Throws `InvalidInputError` (tool
 * `flow`) listing every problem; returns warnings that do not stop the save.
 */
export async function validateFlow(
  definition: FlowDefinition,
  options: ValidateFlowOptions,
): Promise<FlowValidation> {
  const issues: InputIssue[] = [];
  const warnings: string[] = [];
  checkTrigger(definition, issues);

  const seen = new Map<string, string>();
  const checkIds = (steps: readonly FlowStep[], field: string) =>
    walkSteps(steps, field, (step, stepField) => {
      const first = seen.get(step.id);
      if (first) {
        issues.push({
          field: `${stepField}.id`,
          expected: 'a unique step id',
          message: `${stepField}.id: "${step.id}" is already the id of ${first}.`,
        });
      } else {
        seen.set(step.id, stepField);
      }
    });
  checkIds(definition.steps, 'steps');
  if (definition.on_failure) checkIds(definition.on_failure, 'on_failure');

  const checkList = async (steps: readonly FlowStep[], field: string, scope: Scope): Promise<void> => {
    for (const [index, step] of steps.entries()) {
      const stepField = `${field}[${index}]`;
      if (step.if !== undefined) {
        try {
          checkPaths(conditionExpression(step.if), `${stepField}.if`, scope, definition, issues);
        } catch (error) {
          if (!(error instanceof ExpressionError)) throw error;
          issues.push({
            field: `${stepField}.if`,
            expected: 'an expression',
            message: `${stepField}.if: ${error.message}`,
          });
        }
      }
      const kind = stepKind(step);
      let output: JsonSchema | undefined;
      if (kind === 'tool' && 'tool' in step) {
        const templated = checkTemplates(
          step.input ?? {},
          `${stepField}.input`,
          scope,
          definition,
          issues,
        ).map((found) => found.field);
        checkToolStep(step, stepField, options, definition, issues, templated);
        const tool = options.tools.find((candidate) => candidate.name === step.tool);
        output = tool ? stepOutputSchema(tool, Boolean(step.wait), options.tools) : undefined;
      } else if (kind === 'mcp' && 'mcp' in step) {
        checkTemplates(step.input ?? {}, `${stepField}.input`, scope, definition, issues);
        await checkMcpStep(step, stepField, options, issues, warnings);
      } else if (kind === 'http' && 'http' in step) {
        checkTemplates(step.http, `${stepField}.http`, scope, definition, issues);
        if (findTemplates(step.http.url).length === 0 && !/^https?:\/\//i.test(step.http.url)) {
          issues.push({
            field: `${stepField}.http.url`,
            expected: 'an http(s) URL',
            message: `${stepField}.http.url: "${step.http.url}" is not an http(s) URL.`,
          });
        }
      } else if (kind === 'lua' && 'lua' in step) {
        checkTemplates(step.input ?? {}, `${stepField}.input`, scope, definition, issues);
        const persona = options.persona;
        if (persona?.lua === false) {
          issues.push({
            field: `${stepField}.lua`,
            expected: `a persona with the lua grant (heygate personas update ${persona.name} --add lua)`,
            message: `${stepField}.lua: persona "${persona.name}" may not run Lua: it lacks the lua grant.`,
          });
        }
      } else if (kind === 'if' && 'then' in step) {
        await checkList(step.then, `${stepField}.then`, { ...scope, steps: new Map(scope.steps) });
        if (step.else)
          await checkList(step.else, `${stepField}.else`, { ...scope, steps: new Map(scope.steps) });
      } else if (kind === 'for_each' && 'for_each' in step) {
        checkTemplates(step.for_each, `${stepField}.for_each`, scope, definition, issues);
        const loopNames = new Set([...scope.loopNames, step.as ?? 'item', 'index']);
        await checkList(step.steps, `${stepField}.steps`, {
          ...scope,
          steps: new Map(scope.steps),
          loopNames,
        });
        output = { type: 'array' };
      }
      scope.steps.set(step.id, output);
    }
  };

  await checkList(definition.steps, 'steps', {
    steps: new Map(),
    loopNames: new Set(),
    inFailureHandler: false,
  });
  if (definition.on_failure) {
    const all = new Map<string, JsonSchema | undefined>();
    walkSteps(definition.steps, 'steps', (step) => all.set(step.id, undefined));
    await checkList(definition.on_failure, 'on_failure', {
      steps: all,
      loopNames: new Set(),
      inFailureHandler: true,
    });
  }
  if (issues.length > 0) throw flowFileError(issues);
  return { warnings };
}
