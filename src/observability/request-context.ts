import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What is known about the HTTP request a piece of work runs for. */
export interface RequestContext {
  /** The request's id: the caller's `X-Request-Id` when well formed, else one made here. */
  requestId: string;
}

/** The context of the request in progress, carried through awaits (the call log and spans read it). */
export const requestContext = new AsyncLocalStorage<RequestContext>();

/** Ids a caller may choose: short, printable, no spaces (anything else is replaced, never logged). */
const wellFormedId = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/**
 * The id of a request: the caller's `X-Request-Id` when it is well formed (a proxy's or a client's id, so a
 * call can be followed across systems), else a new UUID.
 */
export function requestIdOf(header: string | null | undefined): string {
  return header !== null && header !== undefined && wellFormedId.test(header) ? header : randomUUID();
}
