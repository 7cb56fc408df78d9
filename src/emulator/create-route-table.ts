import type { HttpMethod, ToolDefinition } from '../catalog/define-tool.ts';

/** One emulated endpoint: a (method, path) pair of the catalog and the tool that owns it. */
export interface Route {
  method: HttpMethod;
  /** Path as the catalog spells it, with `{name}` placeholders. */
  path: string;
  /** The first catalog tool with this (method, path): its input schema validates requests. */
  tool: ToolDefinition;
  /** Other HTTP tools on the same endpoint (e.g. a `heygen_` alias). */
  aliases: ToolDefinition[];
  segments: string[];
}

/** What matching a request found. */
export type RouteMatch =
  | { kind: 'route'; route: Route; params: Record<string, string> }
  | { kind: 'method_not_allowed'; allowed: string[] }
  | { kind: 'none' };

/** Routes derived from the catalog, matched with static segments before `{param}` segments. */
export interface RouteTable {
  routes: readonly Route[];
  match(method: string, pathname: string): RouteMatch;
}

function split(path: string): string[] {
  return path.split('/').filter(Boolean);
}

/**
 * Derives the routes from the catalog: every tool with an `http` implementation contributes its endpoint;
 * tools sharing a (method, path) are deduplicated (the first owns the route). Composite and wait tools call
 * other tools and need no route of their own.
 */
export function createRouteTable(tools: readonly ToolDefinition[]): RouteTable {
  const byKey = new Map<string, Route>();
  for (const tool of tools) {
    if (tool.implementation.kind !== 'http') continue;
    const key = `${tool.endpoint.method} ${tool.endpoint.path}`;
    const existing = byKey.get(key);
    if (existing) {
      existing.aliases.push(tool);
      continue;
    }
    byKey.set(key, {
      method: tool.endpoint.method,
      path: tool.endpoint.path,
      tool,
      aliases: [],
      segments: split(tool.endpoint.path),
    });
  }
  const routes = [...byKey.values()];

  const score = (route: Route, parts: string[]): number[] | undefined => {
    if (route.segments.length !== parts.length) return undefined;
    const ranks: number[] = [];
    for (let index = 0; index < parts.length; index++) {
      const segment = route.segments[index] as string;
      if (segment.startsWith('{') && segment.endsWith('}')) ranks.push(0);
      else if (segment === parts[index]) ranks.push(1);
      else return undefined;
    }
    return ranks;
  };
  const better = (left: number[], right: number[]) => {
    for (let index = 0; index < left.length; index++) {
      if (left[index] !== right[index]) return (left[index] as number) > (right[index] as number);
    }
    return false;
  };

  return {
    routes,
    match(method, pathname) {
      const parts = split(pathname).map((part) => {
        try {
          return decodeURIComponent(part);
        } catch {
          return part;
        }
      });
      let best: { route: Route; ranks: number[] } | undefined;
      const allowed = new Set<string>();
      for (const route of routes) {
        const ranks = score(route, parts);
        if (!ranks) continue;
        if (route.method !== method.toUpperCase()) {
          allowed.add(route.method);
          continue;
        }
        if (!best || better(ranks, best.ranks)) best = { route, ranks };
      }
      if (!best)
        return allowed.size > 0 ? { kind: 'method_not_allowed', allowed: [...allowed] } : { kind: 'none' };
      const params: Record<string, string> = {};
      best.route.segments.forEach((segment, index) => {
        if (segment.startsWith('{') && segment.endsWith('}'))
          params[segment.slice(1, -1)] = parts[index] as string;
      });
      return { kind: 'route', route: best.route, params };
    },
  };
}
