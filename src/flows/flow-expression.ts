/**
 * The small expression language inside `{{ … }}` templates and `if:` conditions (docs/flows.md): paths into
 * the run's context (`steps.render.video_url`, `trigger.event.video_id`, `item.email`, `items[0]`), string,
 * number, boolean and null literals, comparison (`== != < <= > >=`), `!`, `&&`, `||`, `??` and parentheses.
 * Nothing else — no calls, no assignment — so a flow file can only read what the run already holds.
 */

/** A parsed expression. */
export type Expression =
  | { kind: 'literal'; value: unknown }
  | { kind: 'path'; segments: (string | number)[] }
  | { kind: 'not'; operand: Expression }
  | { kind: 'binary'; operator: BinaryOperator; left: Expression; right: Expression };

type BinaryOperator = '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||' | '??';

/** A syntax error in an expression, with the offending position. */
export class ExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpressionError';
  }
}

type Token =
  | { type: 'name'; value: string }
  | { type: 'number'; value: number }
  | { type: 'string'; value: string }
  | { type: 'punct'; value: string };

const punctuation = ['==', '!=', '<=', '>=', '&&', '||', '??', '<', '>', '!', '(', ')', '.', '[', ']'];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < source.length) {
    const rest = source.slice(index);
    const space = /^\s+/.exec(rest);
    if (space) {
      index += space[0].length;
      continue;
    }
    const name = /^[A-Za-z_$][A-Za-z0-9_$-]*/.exec(rest);
    if (name) {
      tokens.push({ type: 'name', value: name[0] });
      index += name[0].length;
      continue;
    }
    const number = /^\d+(\.\d+)?/.exec(rest);
    if (number) {
      tokens.push({ type: 'number', value: Number(number[0]) });
      index += number[0].length;
      continue;
    }
    const quote = rest[0];
    if (quote === "'" || quote === '"') {
      let value = '';
      let position = 1;
      while (position < rest.length && rest[position] !== quote) {
        if (rest[position] === '\\' && position + 1 < rest.length) position += 1;
        value += rest[position];
        position += 1;
      }
      if (position >= rest.length) throw new ExpressionError(`unterminated string in "${source}"`);
      tokens.push({ type: 'string', value });
      index += position + 1;
      continue;
    }
    const mark = punctuation.find((candidate) => rest.startsWith(candidate));
    if (!mark) throw new ExpressionError(`unexpected "${rest[0]}" in "${source}"`);
    tokens.push({ type: 'punct', value: mark });
    index += mark.length;
  }
  return tokens;
}

const precedence: Record<string, number> = {
  '??': 1,
  '||': 2,
  '&&': 3,
  '==': 4,
  '!=': 4,
  '<': 5,
  '<=': 5,
  '>': 5,
  '>=': 5,
};

/** Parses an expression; throws {@link ExpressionError} naming what is wrong. */
export function parseExpression(source: string): Expression {
  const tokens = tokenize(source);
  let position = 0;
  const peek = () => tokens[position];
  const isPunct = (value: string) => peek()?.type === 'punct' && peek()!.value === value;
  const expect = (value: string) => {
    if (!isPunct(value)) throw new ExpressionError(`expected "${value}" in "${source}"`);
    position += 1;
  };

  function primary(): Expression {
    const token = peek();
    if (!token) throw new ExpressionError(`"${source}" ends too early`);
    position += 1;
    if (token.type === 'number') return { kind: 'literal', value: token.value };
    if (token.type === 'string') return { kind: 'literal', value: token.value };
    if (token.type === 'punct' && token.value === '(') {
      const inner = binary(0);
      expect(')');
      return inner;
    }
    if (token.type === 'punct' && token.value === '!') return { kind: 'not', operand: primary() };
    if (token.type !== 'name') throw new ExpressionError(`unexpected "${token.value}" in "${source}"`);
    if (token.value === 'true' || token.value === 'false')
      return { kind: 'literal', value: token.value === 'true' };
    if (token.value === 'null') return { kind: 'literal', value: null };
    const segments: (string | number)[] = [token.value];
    for (;;) {
      if (isPunct('.')) {
        position += 1;
        const next = peek();
        if (next?.type === 'name' || next?.type === 'number') {
          segments.push(next.value);
          position += 1;
          continue;
        }
        throw new ExpressionError(`expected a field name after "." in "${source}"`);
      }
      if (isPunct('[')) {
        position += 1;
        const next = peek();
        if (next?.type !== 'number' && next?.type !== 'string')
          throw new ExpressionError(`expected an index or a quoted key inside [] in "${source}"`);
        segments.push(next.value);
        position += 1;
        expect(']');
        continue;
      }
      return { kind: 'path', segments };
    }
  }

  function binary(minimum: number): Expression {
    let left = primary();
    for (;;) {
      const token = peek();
      const level = token?.type === 'punct' ? precedence[token.value] : undefined;
      if (level === undefined || level < minimum) return left;
      position += 1;
      const right = binary(level + 1);
      left = { kind: 'binary', operator: token!.value as BinaryOperator, left, right };
    }
  }

  const expression = binary(0);
  if (position < tokens.length) {
    const token = tokens[position]!;
    throw new ExpressionError(`unexpected "${String(token.value)}" in "${source}"`);
  }
  return expression;
}

/** Reads a path from a value; undefined when any segment is missing. */
export function readPath(value: unknown, segments: readonly (string | number)[]): unknown {
  let current = value;
  for (const segment of segments) {
    if (current === null || current === undefined) return undefined;
    if (typeof current !== 'object') return undefined;
    // Own data only: templates never reach prototypes (`constructor`, `__proto__`).
    if (!Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

function compare(operator: BinaryOperator, left: unknown, right: unknown): boolean {
  switch (operator) {
    case '==':
      return JSON.stringify(left ?? null) === JSON.stringify(right ?? null);
    case '!=':
      return JSON.stringify(left ?? null) !== JSON.stringify(right ?? null);
    default: {
      if (typeof left !== typeof right || (typeof left !== 'number' && typeof left !== 'string'))
        return false;
      const a = left as number | string;
      const b = right as number | string;
      return operator === '<' ? a < b : operator === '<=' ? a <= b : operator === '>' ? a > b : a >= b;
    }
  }
}

/** Evaluates an expression against a context object. Missing paths are undefined; nothing throws. */
export function evaluateExpression(expression: Expression, context: unknown): unknown {
  switch (expression.kind) {
    case 'literal':
      return expression.value;
    case 'path':
      return readPath(context, expression.segments);
    case 'not':
      return !truthy(evaluateExpression(expression.operand, context));
    case 'binary': {
      const left = evaluateExpression(expression.left, context);
      if (expression.operator === '&&')
        return truthy(left) ? evaluateExpression(expression.right, context) : left;
      if (expression.operator === '||')
        return truthy(left) ? left : evaluateExpression(expression.right, context);
      if (expression.operator === '??') return left ?? evaluateExpression(expression.right, context);
      return compare(expression.operator, left, evaluateExpression(expression.right, context));
    }
  }
}

/** Truthiness as flow authors expect it: empty strings, empty lists, 0, null and false are false. */
export function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return Boolean(value);
}

/** Every path an expression reads. */
export function expressionPaths(expression: Expression): (string | number)[][] {
  switch (expression.kind) {
    case 'literal':
      return [];
    case 'path':
      return [expression.segments];
    case 'not':
      return expressionPaths(expression.operand);
    case 'binary':
      return [...expressionPaths(expression.left), ...expressionPaths(expression.right)];
  }
}
