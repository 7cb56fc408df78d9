import picomatch from 'picomatch';
import type { Access, ToolDefinition } from '../catalog/define-tool.ts';
import { editDistance } from '../catalog/edit-distance.ts';
import { InvalidScopeError } from './errors.ts';

/**
 * Persona scopes (ADR 0007). A persona holds a list of grants; a tool is allowed when at least one grant
 * matches it and no denial (`!grant`) does.
 *
 * ```
 * grant    := ["!"] selector ("+" selector)*      all selectors of one grant must match (intersection)
 * selector := "read" | "write" | "destructive"      access class from the catalog; each is separate:
 *                                                   `write` implies neither `read` nor `destructive`
 *           | "area:" AREA                          every tool of a catalog area, e.g. area:videos
 *           | GLOB                                  tool-name glob (picomatch), e.g. video_*, *_get
 *           | "*"                                   every tool
 * ```
 * ADR 0003's shorthand is accepted too: `write:videos` (= `write+area:videos`), `read:*` (= `read`),
 * `tool:avatar_look_*` (= `avatar_look_*`).
 *
 * Examples: `read` (look, never touch); `read write+area:videos` (read anything, create videos);
 * `* !destructive` (everything except deletes); `video_* !video_delete`.
 *
 * `admin` is a reserved grant that matches no tool: it lets the persona use the admin REST API. `flows` is
 * another: it lets the persona manage and run flows that run as itself. `lua` is a third: it lets the persona
 * run Lua scripts (`execute_lua` and the Lua doc tools, ADR 0020); each call a script makes still needs its
 * tool's own grant.
 */

/** Access classes in the order they widen what a persona can do. */
export const accessClasses: readonly Access[] = ['read', 'write', 'destructive'];

/** The reserved grant that opens the admin REST API. */
export const adminScope = 'admin';

/**
 * The reserved grant that lets a persona create, run, inspect and cancel flows that run as itself (issue 15,
 * ADR 0034). Like `admin` it matches no tool: the flow's steps still need the tools' own grants.
 */
export const flowsScope = 'flows';

/**
 * The reserved grant that lets a persona run Lua scripts on a server (issue 10, ADR 0020). Like `flows` it
 * matches no tool: the calls a script makes still need the tools' own grants.
 */
export const luaScope = 'lua';

/** Grants that match no tool but open a capability; each stands alone in a scope list. */
const reservedScopes: readonly string[] = [adminScope, flowsScope, luaScope];

const globPattern = /^[a-z0-9_*?{},[\]-]+$/;
const areaPattern = /^[a-z0-9_-]+$/;

/** A compiled scope list. */
export interface ScopeMatcher {
  /** True when the tool is allowed. */
  allows(tool: Pick<ToolDefinition, 'name' | 'area' | 'access'>): boolean;
  /** True when the list holds the `admin` grant. */
  readonly admin: boolean;
  /** True when the list holds the `flows` grant. */
  readonly flows: boolean;
  /** True when the list holds the `lua` grant. */
  readonly lua: boolean;
}

type Selector = (tool: Pick<ToolDefinition, 'name' | 'area' | 'access'>) => boolean;

/** What a scope is checked against when it is set (not when it is used: old scopes keep working). */
interface KnownNames {
  areas: ReadonlySet<string> | undefined;
  tools: readonly string[] | undefined;
}

/** The closest valid selector to a mistyped one, if one is close enough to be a typo. */
function closestSelector(selector: string, known: KnownNames): string | undefined {
  const candidates = [
    ...accessClasses,
    ...reservedScopes,
    ...[...(known.areas ?? [])].map((area) => `area:${area}`),
    ...(known.tools ?? []),
  ];
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    const distance = editDistance(selector, name);
    if (!best || distance < best.distance) best = { name, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(selector.length / 4)) ? best.name : undefined;
}

function compileSelector(scope: string, selector: string, known: KnownNames): Selector {
  const knownAreas = known.areas;
  if (selector === '') throw new InvalidScopeError(scope, 'empty selector');
  if ((accessClasses as readonly string[]).includes(selector)) return (tool) => tool.access === selector;
  if (selector === '*') return () => true;
  if (selector.startsWith('area:')) {
    const area = selector.slice('area:'.length);
    if (!areaPattern.test(area))
      throw new InvalidScopeError(scope, 'an area name is lowercase letters, digits, _ and -');
    if (knownAreas && !knownAreas.has(area)) {
      throw new InvalidScopeError(
        scope,
        `unknown area "${area}" (areas: ${[...knownAreas].sort().join(', ')})`,
      );
    }
    return (tool) => tool.area === area;
  }
  // ADR 0003's notation: `write:videos` = write+area:videos, `read:*` = read, `tool:video_*` = video_*.
  const shorthand = /^(read|write|destructive):(.+)$/.exec(selector);
  if (shorthand) {
    const access = compileSelector(scope, shorthand[1]!, known);
    if (shorthand[2] === '*') return access;
    const area = compileSelector(scope, `area:${shorthand[2]}`, known);
    return (tool) => access(tool) && area(tool);
  }
  if (selector.startsWith('tool:')) return compileSelector(scope, selector.slice('tool:'.length), known);
  if (reservedScopes.includes(selector))
    throw new InvalidScopeError(scope, `\`${selector}\` cannot be combined with other selectors`);
  if (!globPattern.test(selector)) {
    throw new InvalidScopeError(
      scope,
      'expected read, write, destructive, area:<area> or a tool-name glob (a-z 0-9 _ * ? { } [ ])',
    );
  }
  const matches = picomatch(selector);
  // A tool name or glob that reaches no catalog tool is a typo (`reed` for `read`): it would grant nothing.
  if (known.tools && !known.tools.some((name) => matches(name))) {
    const suggestion = closestSelector(selector, known);
    const wildcard = /[*?{[]/.test(selector);
    throw new InvalidScopeError(
      scope,
      `${wildcard ? `"${selector}" matches no tool` : `unknown scope "${selector}"`}` +
        (suggestion ? `, did you mean "${suggestion}"?` : ' (see heygate tools list)'),
    );
  }
  return (tool) => matches(tool.name);
}

/** Options of {@link compileScopes}. */
export interface CompileScopesOptions {
  /** Catalog areas: an `area:` selector naming another area is an error (a typo would grant nothing). */
  knownAreas?: Iterable<string>;
  /**
   * Catalog tool names: a tool name or glob that matches none of them is an error naming the closest valid
   * grant (`reed` → `read`). Given when scopes are set, not when stored scopes are used.
   */
  knownTools?: Iterable<string>;
}

/** Parses and compiles a scope list; throws `InvalidScopeError` naming the first bad grant. */
export function compileScopes(scopes: readonly string[], options: CompileScopesOptions = {}): ScopeMatcher {
  const known: KnownNames = {
    areas: options.knownAreas ? new Set(options.knownAreas) : undefined,
    tools: options.knownTools ? [...options.knownTools] : undefined,
  };
  const grants: Selector[][] = [];
  const denials: Selector[][] = [];
  let admin = false;
  let flows = false;
  let lua = false;
  for (const raw of scopes) {
    const scope = raw.trim();
    if (scope === adminScope) {
      admin = true;
      continue;
    }
    if (scope === flowsScope) {
      flows = true;
      continue;
    }
    if (scope === luaScope) {
      lua = true;
      continue;
    }
    const negated = scope.startsWith('!');
    const body = negated ? scope.slice(1) : scope;
    if (body === '') throw new InvalidScopeError(raw, 'empty grant');
    const selectors = body.split('+').map((selector) => compileSelector(raw, selector, known));
    (negated ? denials : grants).push(selectors);
  }
  const matchesAll = (selectors: Selector[], tool: Pick<ToolDefinition, 'name' | 'area' | 'access'>) =>
    selectors.every((selector) => selector(tool));
  return {
    admin,
    flows,
    lua,
    allows(tool) {
      return (
        grants.some((grant) => matchesAll(grant, tool)) && !denials.some((denial) => matchesAll(denial, tool))
      );
    },
  };
}

/**
 * Normalises scope arguments as the CLI and admin API receive them: repeated flags, commas or spaces,
 * duplicates removed, order kept.
 */
export function normalizeScopes(values: readonly string[]): string[] {
  const scopes: string[] = [];
  for (const value of values) {
    let depth = 0;
    let current = '';
    for (const character of value) {
      if (character === '{' || character === '[') depth += 1;
      if (character === '}' || character === ']') depth = Math.max(0, depth - 1);
      // Commas inside a brace glob (`video_{get,list}`) belong to the glob.
      if (depth === 0 && (character === ',' || /\s/.test(character))) {
        scopes.push(current);
        current = '';
      } else {
        current += character;
      }
    }
    scopes.push(current);
  }
  return [...new Set(scopes.filter((scope) => scope !== ''))];
}
