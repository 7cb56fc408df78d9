import { evaluateExpression, parseExpression, truthy, type Expression } from './flow-expression.ts';

/**
 * `{{ … }}` templates in step inputs, URLs, headers and bodies. A string that is one template and nothing
 * else (`"{{ steps.render }}"`) becomes the value itself — an object, a list or a number keeps its type; a
 * template inside other text is written into the text (objects as JSON, missing values as nothing).
 */

const templatePattern = /\{\{([\s\S]*?)\}\}/g;

/** One template found in a value, with where it sits (a field path as the catalog's errors write it). */
export interface FoundTemplate {
  /** `message`, `headers.authorization`, `items[2].url`; empty for the value itself. */
  field: string;
  /** The expression source between the braces. */
  source: string;
  expression: Expression;
  /** True when the template is the whole string (its value replaces the string). */
  whole: boolean;
}

function joinField(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

/** The expressions of a string, parsed (throws `ExpressionError` for a bad one). */
function templatesOf(text: string): { source: string; expression: Expression; whole: boolean }[] {
  const found: { source: string; expression: Expression; whole: boolean }[] = [];
  const whole = /^\{\{[\s\S]*?\}\}$/.test(text) && text.indexOf('{{', 2) === -1;
  for (const match of text.matchAll(templatePattern)) {
    const source = match[1]!.trim();
    found.push({ source, expression: parseExpression(source), whole });
  }
  return found;
}

/** Every template inside a value (strings in objects and lists, recursively). */
export function findTemplates(value: unknown, field = ''): FoundTemplate[] {
  if (typeof value === 'string') return templatesOf(value).map((template) => ({ field, ...template }));
  if (Array.isArray(value))
    return value.flatMap((item, index) => findTemplates(item, joinField(field, index)));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => findTemplates(item, joinField(field, key)));
  }
  return [];
}

/** True when a value holds a template anywhere. */
export function hasTemplate(value: unknown): boolean {
  return findTemplates(value).length > 0;
}

function renderString(text: string, context: unknown): unknown {
  const templates = templatesOf(text);
  if (templates.length === 0) return text;
  if (templates[0]!.whole) return evaluateExpression(templates[0]!.expression, context);
  return text.replace(templatePattern, (_match, source: string) => {
    const value = evaluateExpression(parseExpression(source.trim()), context);
    if (value === undefined || value === null) return '';
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  });
}

/** Renders every template in a value against the run's context; the value's shape is kept. */
export function renderTemplates(value: unknown, context: unknown): unknown {
  if (typeof value === 'string') return renderString(value, context);
  if (Array.isArray(value)) return value.map((item) => renderTemplates(item, context));
  if (value && typeof value === 'object') {
    const rendered: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const result = renderTemplates(item, context);
      // A missing value drops the field, so the tool's schema names it as missing rather than as `null`.
      if (result !== undefined) rendered[key] = result;
    }
    return rendered;
  }
  return value;
}

/** Evaluates a condition: `{{ expr }}` or a bare expression. */
export function evaluateCondition(condition: string, context: unknown): boolean {
  const trimmed = condition.trim();
  const source = /^\{\{[\s\S]*\}\}$/.test(trimmed) ? trimmed.slice(2, -2) : trimmed;
  return truthy(evaluateExpression(parseExpression(source), context));
}

/** The expression of a condition (`{{ expr }}` or bare), parsed. */
export function conditionExpression(condition: string): Expression {
  const trimmed = condition.trim();
  return parseExpression(/^\{\{[\s\S]*\}\}$/.test(trimmed) ? trimmed.slice(2, -2) : trimmed);
}
