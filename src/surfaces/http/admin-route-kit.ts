import type { Context } from 'hono';
import { InvalidInputError } from '../../catalog/errors.ts';
import type { AdminActor } from '../../gateway/admin-audit.ts';
import { PersonaAuthError, ScopeDeniedError } from '../../gateway/errors.ts';
import type { Gateway } from '../../gateway/gateway.ts';
import type { Persona } from '../../gateway/persona-manager.ts';
import { adminScope } from '../../gateway/scopes.ts';
import { presentError } from '../internal/present-error.ts';
import { readJsonBody } from '../internal/read-json-body.ts';
import { bearerToken, problem, problemOf } from './create-http-app.ts';

/**
 * What the admin API's route files share: who is calling (a persona bearer, re-checked on every request), the
 * admin-grant check, the mapping of thrown heygate errors to problem+json, and readers of JSON bodies that name
 * the field and what was expected.
 */

/**
 * problem+json for a thrown error, through the presenter every surface shares (status, code, hint); an invalid
 * body also lists its issues.
 */
export function adminErrorResponse(error: unknown): Response {
  const presented = presentError(error);
  const response = problemOf(presented);
  if (!(error instanceof InvalidInputError)) return response;
  return problem(response.status, error.code, error.message, {
    error: presented.error,
    hint: error.hint,
    issues: error.issues,
  });
}

function bodyError(message: string): InvalidInputError {
  return new InvalidInputError('admin', [{ field: '(body)', expected: 'a JSON object', message }]);
}

/** Largest admin request body: personas, account names and settings, never files. */
const maxAdminBodyBytes = 64 * 1024;

/** The request body as a JSON object (size-capped before it is read; see read-json-body.ts). */
export async function jsonBody(context: Context): Promise<Record<string, unknown>> {
  const body = await readJsonBody(context.req.raw, { maxBytes: maxAdminBodyBytes });
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw bodyError('The request body must be a JSON object.');
  return body as Record<string, unknown>;
}

function wrongType(field: string, expected: string): InvalidInputError {
  return new InvalidInputError('admin', [{ field, expected, message: `${field} must be ${expected}.` }]);
}

/** An optional array of strings. */
export function optionalStrings(body: Record<string, unknown>, field: string): string[] | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string'))
    throw wrongType(field, 'an array of strings');
  return value as string[];
}

/** An optional number, or null. */
export function optionalNumber(body: Record<string, unknown>, field: string): number | null | undefined {
  const value = body[field];
  if (value === undefined || value === null) return value;
  if (typeof value !== 'number') throw wrongType(field, 'a number or null');
  return value;
}

/** An optional string. */
export function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw wrongType(field, 'a string');
  return value;
}

/** An optional boolean. */
export function optionalBoolean(body: Record<string, unknown>, field: string): boolean | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw wrongType(field, 'true or false');
  return value;
}

/** A required string. */
export function requiredString(body: Record<string, unknown>, field: string, expected: string): string {
  const value = optionalString(body, field);
  if (value === undefined || value === '') {
    throw new InvalidInputError('admin', [{ field, expected, message: `${field} is required.` }]);
  }
  return value;
}

/** A path parameter of the matched route (always present: the route pattern requires it). */
export function routeParam(context: Context, name: string): string {
  return context.req.param(name) ?? '';
}

/** The admin API's caller checks and error mapping, bound to one gateway. */
export interface AdminGuard {
  /** The calling persona (any persona); throws `PersonaAuthError`. */
  caller(context: Context): Promise<Persona>;
  /** The calling persona, which must hold the `admin` grant; throws `ScopeDeniedError` otherwise. */
  admin(context: Context): Promise<Persona>;
  /** The audit actor of an admin persona acting over HTTP. */
  actor(persona: Persona): AdminActor;
  /** Wraps a handler so thrown heygate errors become problem+json. */
  handle(handler: (context: Context) => Promise<Response>): (context: Context) => Promise<Response>;
}

/** Creates the guard of the admin API over `gateway`. */
export function createAdminGuard(gateway: Gateway): AdminGuard {
  async function caller(context: Context): Promise<Persona> {
    const token = bearerToken(context.req.raw);
    if (!token)
      throw new PersonaAuthError('The admin API needs a persona bearer token (Authorization: Bearer hg_…).');
    const persona = await gateway.authenticate({ personaToken: token });
    if (!persona) throw new PersonaAuthError();
    return persona;
  }
  return {
    caller,
    async admin(context) {
      const persona = await caller(context);
      if (!persona.scopes.includes(adminScope)) {
        throw new ScopeDeniedError({
          persona: persona.name,
          tool: 'admin API',
          access: adminScope,
          area: 'admin',
        });
      }
      return persona;
    },
    actor: (persona) => ({ surface: 'http', persona: { id: persona.id, name: persona.name } }),
    handle: (handler) => async (context) => {
      try {
        return await handler(context);
      } catch (error) {
        return adminErrorResponse(error);
      }
    },
  };
}
