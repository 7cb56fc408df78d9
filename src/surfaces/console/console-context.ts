import type { Context, Hono } from 'hono';
import type { AdminActor } from '../../gateway/admin-audit.ts';
import type { Gateway } from '../../gateway/gateway.ts';
import type { Persona } from '../../gateway/persona-manager.ts';
import type { FlowActor } from '../../flows/create-flow-service.ts';
import type { OpenedFlows } from '../../flows/open-flows.ts';
import type { OAuthSessionBinding } from '../http/oauth-session-binding.ts';
import type { ConsoleSession } from './console-sessions.ts';
import type { ConsoleJobs } from './console-jobs.ts';
import { layout, type Html, type LayoutOptions } from './console-layout.ts';

/** Who is signed in, resolved on every request (a revoked admin persona is signed out at once). */
export interface ConsoleCaller {
  session: ConsoleSession;
  /** The admin persona, or undefined for the operator (sandbox on loopback). */
  persona: Persona | undefined;
  /** For admin actions: recorded in the audit chain. */
  actor: AdminActor;
  /** For flows. */
  flowActor: FlowActor;
  /** Shown in the header. */
  who: string;
}

/** The Hono app type of the console (the caller is set by the session middleware). */
export type ConsoleApp = Hono<{ Variables: { caller: ConsoleCaller } }>;
export type ConsoleRouteContext = Context<{ Variables: { caller: ConsoleCaller } }>;

/** What the pages share. */
export interface ConsoleDeps {
  gateway: Gateway;
  flows: OpenedFlows | undefined;
  jobs: ConsoleJobs;
  /** Base path, e.g. `/console`. */
  base: string;
  oauthSession: OAuthSessionBinding | undefined;
  publicUrl: string | undefined;
  clock: { now(): number };
}

/** Renders a page for the signed-in caller, showing (and clearing) the session's notice. */
export function page(
  context: ConsoleRouteContext,
  deps: ConsoleDeps,
  options: Omit<LayoutOptions, 'base' | 'csrf' | 'who'>,
  body: Html,
): Response | Promise<Response> {
  const caller = context.get('caller');
  const notice = caller.session.notice;
  delete caller.session.notice;
  if (context.req.header('x-heygate-fragment') === '1') return context.html(body);
  return context.html(
    layout({ ...options, base: deps.base, csrf: caller.session.csrf, who: caller.who, notice }, body),
  );
}

/** After a change: a notice for the next page, and a 303 to it (post/redirect/get). */
export function done(
  context: ConsoleRouteContext,
  location: string,
  notice?: { kind: 'ok' | 'error'; text: string },
): Response {
  if (notice) context.get('caller').session.notice = notice;
  return context.redirect(location, 303);
}

/** The form fields of a POST (already read and CSRF-checked by the middleware). */
export async function form(context: ConsoleRouteContext): Promise<Record<string, string | string[]>> {
  const body = await context.req.parseBody({ all: true });
  const fields: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'string') fields[key] = value;
    else if (Array.isArray(value))
      fields[key] = value.filter((item): item is string => typeof item === 'string');
  }
  return fields;
}

/** One field as a trimmed string ('' when absent). */
export const field = (fields: Record<string, string | string[]>, name: string): string => {
  const value = fields[name];
  return (Array.isArray(value) ? (value[0] ?? '') : (value ?? '')).trim();
};

/** A repeated field (checkboxes, or one comma/space separated text field). */
export const fieldList = (fields: Record<string, string | string[]>, name: string): string[] => {
  const value = fields[name];
  const items = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return items.flatMap((item) => item.split(/[\s,]+/)).filter((item) => item !== '');
};
