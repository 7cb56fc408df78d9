import { parseDocument } from 'yaml';
import { z } from 'zod';
import { InvalidInputError, type InputIssue } from '../catalog/errors.ts';
import { describeIssues } from '../catalog/validate.ts';
import {
  flowDefinitionSchema,
  stepKind,
  stepSchemas,
  triggerSchemas,
  type FlowDefinition,
  type FlowStep,
} from './flow-definition.ts';

/** The error of a flow file that does not parse or does not match the format; `issues` name each field. */
export function flowFileError(issues: readonly InputIssue[]): InvalidInputError {
  return new InvalidInputError('flow', issues);
}

function prefixed(prefix: string, issues: readonly InputIssue[]): InputIssue[] {
  return issues.map((issue) => {
    const field =
      issue.field === '(root)'
        ? prefix
        : issue.field.startsWith('[')
          ? `${prefix}${issue.field}`
          : `${prefix}.${issue.field}`;
    return { ...issue, field, message: issue.message.replace(issue.field, field) };
  });
}

const stepKeys = ['tool', 'mcp', 'http', 'lua', 'then', 'for_each'] as const;

/** Checks one step with the schema of its kind, so errors name its real fields instead of "no union matched". */
function checkStep(raw: unknown, field: string): InputIssue[] {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    return [{ field, expected: 'a step object', message: `${field} must be an object with an id.` }];
  }
  const present = stepKeys.filter((key) => key in raw);
  if (present.length !== 1) {
    return [
      {
        field,
        expected: 'exactly one of tool, mcp, http, lua, then (with if), for_each',
        message:
          present.length === 0
            ? `${field} says nothing to do: give it one of tool, mcp, http, lua, then (with if) or for_each.`
            : `${field} has ${present.join(' and ')}; a step does one thing.`,
      },
    ];
  }
  const key = present[0]!;
  const kind = key === 'then' ? 'if' : key;
  const result = stepSchemas[kind].safeParse(raw);
  const issues = result.success ? [] : prefixed(field, describeIssues(result.error.issues, raw));
  const record = raw as Record<string, unknown>;
  for (const nested of ['then', 'else', 'steps'] as const) {
    if (Array.isArray(record[nested])) issues.push(...checkSteps(record[nested], `${field}.${nested}`));
  }
  return issues;
}

function checkSteps(raw: unknown, field: string): InputIssue[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    return [{ field, expected: 'a list of steps', message: `${field} must be a non-empty list of steps.` }];
  }
  return raw.flatMap((step, index) => checkStep(step, `${field}[${index}]`));
}

function checkTrigger(raw: unknown): InputIssue[] {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    return [
      {
        field: 'trigger',
        expected: 'an object',
        message: 'trigger must be an object, e.g. { manual: true }.',
      },
    ];
  }
  const kind = (['manual', 'cron', 'event', 'after'] as const).find((key) => key in raw);
  if (!kind) {
    return [
      {
        field: 'trigger',
        expected: 'one of manual, cron, event, after',
        message: 'trigger must have one of manual: true, cron, event or after.',
      },
    ];
  }
  const result = triggerSchemas[kind].safeParse(raw);
  return result.success ? [] : prefixed('trigger', describeIssues(result.error.issues, raw));
}

/**
 * Checks a parsed flow object against the format and returns it typed; throws `InvalidInputError` (tool
 * `flow`) listing every problem with its field path (`steps[1].mcp.connection`).
 */
export function parseFlowDefinition(raw: unknown): FlowDefinition {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw flowFileError([
      { field: '(root)', expected: 'an object', message: 'A flow file holds one object.' },
    ]);
  }
  const record = raw as Record<string, unknown>;
  const issues: InputIssue[] = [...checkTrigger(record.trigger), ...checkSteps(record.steps, 'steps')];
  if (record.on_failure !== undefined) issues.push(...checkSteps(record.on_failure, 'on_failure'));
  const top = flowDefinitionSchema
    .extend({ trigger: z.unknown(), steps: z.unknown(), on_failure: z.unknown().optional() })
    .safeParse(raw);
  if (!top.success) issues.unshift(...describeIssues(top.error.issues, raw));
  if (issues.length > 0) throw flowFileError(issues);
  const parsed = flowDefinitionSchema.safeParse(raw);
  if (!parsed.success) throw flowFileError(describeIssues(parsed.error.issues, raw));
  return parsed.data;
}

/**
 * Parses a flow file's text — YAML or JSON (YAML 1.2 reads JSON too) — and checks it against the format.
 * Syntax errors name the line and column.
 */
export function parseFlowFile(text: string, fileName = 'flow'): FlowDefinition {
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw flowFileError(
      document.errors.map((error) => {
        const where = error.linePos?.[0]
          ? ` at line ${error.linePos[0].line}, column ${error.linePos[0].col}`
          : '';
        return {
          field: '(file)',
          expected: 'valid YAML or JSON',
          message: `${fileName}${where}: ${error.message.split('\n')[0]}`,
        };
      }),
    );
  }
  return parseFlowDefinition(document.toJS({ maxAliasCount: 100 }));
}

/** Every step of a list, depth first, with its field path (for validation and run history). */
export function walkSteps(
  steps: readonly FlowStep[],
  field: string,
  visit: (step: FlowStep, field: string, enclosing: readonly FlowStep[]) => void,
  enclosing: readonly FlowStep[] = [],
): void {
  steps.forEach((step, index) => {
    const stepField = `${field}[${index}]`;
    visit(step, stepField, enclosing);
    const kind = stepKind(step);
    if (kind === 'if' && 'then' in step) {
      walkSteps(step.then, `${stepField}.then`, visit, [...enclosing, step]);
      if (step.else) walkSteps(step.else, `${stepField}.else`, visit, [...enclosing, step]);
    }
    if (kind === 'for_each' && 'steps' in step)
      walkSteps(step.steps, `${stepField}.steps`, visit, [...enclosing, step]);
  });
}
