import { HeyGateError } from '../../catalog/errors.ts';
import { ScopeDeniedError } from '../../gateway/errors.ts';
import { luaScope } from '../../gateway/scopes.ts';

/** The caller of a Lua tool, as the surface knows it. */
export interface LuaCaller {
  personaToken?: string;
  personaId?: string;
}

/** The part of the gateway Lua access needs: who the caller is, and the grants it holds. */
export interface LuaAuthenticator {
  /** The persona (undefined: the local operator); throws when the token or persona is not valid. */
  authenticate(
    caller: LuaCaller,
  ): Promise<{ id: string; name: string; scopes: readonly string[] } | undefined>;
}

/** Options of {@link createLuaAccess}. */
export interface LuaAccessOptions {
  gateway: LuaAuthenticator;
  /** Scripts one persona may run at once (default 2); the operator counts as one persona. */
  concurrency?: number;
}

/** Who may run Lua on a server, and how many scripts at once. */
export interface LuaAccess {
  /** Throws `scope_denied` when the caller lacks the `lua` grant. */
  check(caller: LuaCaller, tool: string): Promise<void>;
  /** Whether the caller holds the `lua` grant (false for an invalid token too: the call would be refused). */
  allows(caller: LuaCaller): Promise<boolean>;
  /**
   * Checks the grant and takes one of the persona's script slots; throws `rate_limited` naming the cap when
   * they are all in use. Returns the function that gives the slot back.
   */
  enter(caller: LuaCaller, tool: string): Promise<() => void>;
  /** The per-persona cap. */
  readonly concurrency: number;
}

/** A persona already runs as many scripts as it may. */
export class LuaConcurrencyError extends HeyGateError {
  readonly persona: string;
  readonly limit: number;
  constructor(persona: string, limit: number) {
    super(
      `${persona === 'operator' ? 'The operator' : `Persona "${persona}"`} already runs ${limit} Lua ` +
        `script${limit === 1 ? '' : 's'} at once, the most it may (lua concurrency cap ${limit}).`,
      {
        code: 'rate_limited',
        retryable: true,
        retryAfterMs: 1_000,
        hint: 'Wait for a running script to finish, then retry. An operator can raise the cap with HEYGATE_LUA_CONCURRENCY.',
      },
    );
    this.name = 'LuaConcurrencyError';
    this.persona = persona;
    this.limit = limit;
  }
}

/**
 * Lua on a server (issue 10, ADR 0020): a persona needs the reserved `lua` grant to use the Lua tools (the
 * calls a script makes still need their own grants, checked by `execute()`), and may run at most
 * `concurrency` scripts at once. The persona is read from the store on every call, so a revoked persona or a
 * removed grant takes effect at once.
 */
export function createLuaAccess(options: LuaAccessOptions): LuaAccess {
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 2));
  const running = new Map<string, number>();

  async function persona(caller: LuaCaller, tool: string): Promise<{ key: string; name: string }> {
    const found = await options.gateway.authenticate(caller);
    if (!found) return { key: 'operator', name: 'operator' };
    if (!found.scopes.includes(luaScope)) {
      throw new ScopeDeniedError({ persona: found.name, tool, access: luaScope, area: luaScope });
    }
    return { key: found.id, name: found.name };
  }

  return {
    concurrency,
    async check(caller, tool) {
      await persona(caller, tool);
    },
    async allows(caller) {
      return persona(caller, 'execute_lua').then(
        () => true,
        () => false,
      );
    },
    async enter(caller, tool) {
      const { key, name } = await persona(caller, tool);
      const count = running.get(key) ?? 0;
      if (count >= concurrency) throw new LuaConcurrencyError(name, concurrency);
      running.set(key, count + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (running.get(key) ?? 1) - 1;
        if (left <= 0) running.delete(key);
        else running.set(key, left);
      };
    },
  };
}

/**
 * The per-persona cap from `HEYGATE_LUA_CONCURRENCY` (a whole number, 1 or more), or undefined for the default.
 * Throws naming the variable when it is set to anything else.
 */
export function luaConcurrencyFromEnv(env: Readonly<Record<string, string | undefined>>): number | undefined {
  const raw = env.HEYGATE_LUA_CONCURRENCY;
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`HEYGATE_LUA_CONCURRENCY must be a whole number, 1 or more (got "${raw}")`);
  }
  return value;
}
