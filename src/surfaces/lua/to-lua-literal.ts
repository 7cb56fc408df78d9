const reserved = new Set(
  'and break do else elseif end false for function goto if in local nil not or repeat return then true until while'.split(
    ' ',
  ),
);

/** A Lua string literal: double quotes, with quotes, backslashes and control characters escaped. */
export function luaString(value: string): string {
  let out = '"';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (char === '"' || char === '\\') out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 32 || code === 127) out += `\\${code}`;
    else out += char;
  }
  return out + '"';
}

/**
 * Renders JSON data as Lua source (a table constructor for objects and arrays), indented like the seed's
 * examples: `{ video_id = "abc" }`, nested tables on their own lines. Used for generated doc examples.
 */
export function toLuaLiteral(value: unknown, indent = ''): string {
  if (value === null || value === undefined) return 'nil';
  if (typeof value === 'string') return luaString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '{}';
    if (value.every((item) => typeof item !== 'object' || item === null)) {
      return `{ ${value.map((item) => toLuaLiteral(item)).join(', ')} }`;
    }
    return `{\n${value.map((item) => `${inner}${toLuaLiteral(item, inner)}`).join(',\n')}\n${indent}}`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(
    ([, member]) => member !== undefined,
  );
  if (entries.length === 0) return '{}';
  const fields = entries.map(([key, member]) => {
    const name = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) && !reserved.has(key) ? key : `[${luaString(key)}]`;
    return `${inner}${name} = ${toLuaLiteral(member, inner)}`;
  });
  return `{\n${fields.join(',\n')}\n${indent}}`;
}
