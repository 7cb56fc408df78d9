import { randomBytes } from 'node:crypto';
import type { ToolDefinition } from '../catalog/define-tool.ts';
import { InvalidInputError } from '../catalog/errors.ts';
import type { PersonaPatch, PersonaRow, Store, StoreReads } from '../store/store.ts';
import { createAdminAudit, type AdminActor, type AdminAudit } from './admin-audit.ts';
import { PersonaAuthError, PersonaNotFoundError, PersonaRevokedError } from './errors.ts';
import { generatePersonaToken, hashPersonaToken, looksLikePersonaToken } from './persona-token.ts';
import { compileScopes, normalizeScopes } from './scopes.ts';
import type { ScopeMatcher } from './scopes.ts';

/** A persona as shown to operators: everything but the token hash. */
export type Persona = Omit<PersonaRow, 'tokenHash'>;

/** Budget periods the router understands. */
export const personaBudgetPeriods = ['day', 'week', 'month'] as const;

/** What `create` takes. */
export interface CreatePersonaOptions {
  /** Unique name: letters, digits, `_`, `.`, `-` (1–64). */
  name: string;
  /** Scope grants (ADR 0007); default `['read']` — a new persona can look but not change anything. */
  scopes?: readonly string[];
  /** Allowed accounts in routing order; empty = every account. */
  accounts?: readonly string[];
  /** US dollars per budget period (enforced by the router); null = none. */
  budgetUsd?: number | null;
  /** `day`, `week` or `month` (default `month` when a budget is set). */
  budgetPeriod?: string | null;
  /** Lifetime of the token (and of every token a rotation issues) in ms; null or absent = no expiry. */
  tokenTtlMs?: number | null;
}

/** What `rotateToken` takes. */
export interface RotatePersonaTokenOptions {
  /**
   * How long the replaced token keeps working (ms), so agents can switch without an outage; default 0 — the
   * old token stops at once.
   */
  graceMs?: number;
}

/** What `update` takes; omitted fields stay. */
export interface UpdatePersonaOptions {
  name?: string;
  /** Replaces the scope list. */
  scopes?: readonly string[];
  /** Adds grants to the list. */
  addScopes?: readonly string[];
  /** Removes grants from the list (exact text). */
  removeScopes?: readonly string[];
  accounts?: readonly string[];
  budgetUsd?: number | null;
  budgetPeriod?: string | null;
  /** New token lifetime in ms (the current token then expires that long from now); null = no expiry. */
  tokenTtlMs?: number | null;
}

/** Options of {@link createPersonaManager}. */
export interface PersonaManagerOptions {
  store: Store;
  /** Catalog tools: their areas validate `area:` grants. */
  tools: readonly ToolDefinition[];
  /** Time source for timestamps and token expiry (default `Date.now`). */
  clock?: { now(): number };
  /** Where create, update, revoke and rotate are recorded (default: the store's audit chain). */
  audit?: AdminAudit;
}

/**
 * Creates, lists, changes and revokes personas; authenticates their tokens. Every change is an admin action in
 * the audit chain (`persona.create`, `persona.update`, `persona.revoke`, `persona.rotate`) naming the actor.
 */
export interface PersonaManager {
  /** Creates a persona; the token is returned here once and never again. */
  create(options: CreatePersonaOptions, actor?: AdminActor): Promise<{ persona: Persona; token: string }>;
  list(): Promise<Persona[]>;
  /** By id or name; throws `PersonaNotFoundError`. */
  get(idOrName: string): Promise<Persona>;
  update(idOrName: string, options: UpdatePersonaOptions, actor?: AdminActor): Promise<Persona>;
  /** Revokes: the next call with its token (or an open session's persona id) is refused. */
  revoke(idOrName: string, actor?: AdminActor): Promise<Persona>;
  /**
   * Issues a new token and re-activates nothing. The old token stops at once, or after `graceMs`; the new one
   * expires after the persona's token lifetime, if it has one.
   */
  rotateToken(
    idOrName: string,
    options?: RotatePersonaTokenOptions,
    actor?: AdminActor,
  ): Promise<{ persona: Persona; token: string }>;
  /**
   * Resolves a bearer token or a session's persona id to an active persona. Reads the store on every call —
   * `reads`, the call's `Store.freshReads` when it has them (default the store) — so a revocation takes effect
   * on the very next call. Throws `PersonaAuthError` (unknown, expired, or a replaced token past its grace
   * period) or `PersonaRevokedError`. `personaTokenHash` is the SHA-256 of a token a session keeps instead of
   * the token itself (the console), checked like the token.
   */
  authenticate(
    caller: { personaToken?: string; personaTokenHash?: string; personaId?: string },
    reads?: StoreReads,
  ): Promise<PersonaRow>;
  /** The compiled scopes of a persona (cached by scope list; the list itself is re-read every call). */
  matcher(persona: Pick<PersonaRow, 'scopes'>): ScopeMatcher;
}

const namePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const accountNamePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

function invalid(field: string, expected: string, message: string): InvalidInputError {
  return new InvalidInputError('personas', [{ field, expected, message }]);
}

function publicPersona(row: PersonaRow): Persona {
  const { tokenHash: _tokenHash, ...persona } = row;
  return persona;
}

/** Creates the persona manager over the store. */
export function createPersonaManager(options: PersonaManagerOptions): PersonaManager {
  const { store } = options;
  const clock = options.clock ?? Date;
  const now = () => new Date(clock.now()).toISOString();
  const audit = options.audit ?? createAdminAudit({ store, clock });
  const expiry = (ttlMs: number | null | undefined) =>
    ttlMs === null || ttlMs === undefined ? null : new Date(clock.now() + ttlMs).toISOString();
  const knownAreas = new Set(options.tools.map((tool) => tool.area));
  const knownTools = options.tools.map((tool) => tool.name);
  const matchers = new Map<string, ScopeMatcher>();

  function checkName(name: string): void {
    if (!namePattern.test(name)) {
      throw invalid(
        'name',
        'letters, digits, _ . - (1–64, starting with a letter or digit)',
        `Invalid persona name "${name}".`,
      );
    }
  }

  function checkScopes(scopes: readonly string[]): string[] {
    const normalized = normalizeScopes(scopes);
    compileScopes(normalized, { knownAreas, knownTools });
    return normalized;
  }

  function checkAccounts(accounts: readonly string[]): string[] {
    const normalized = [
      ...new Set(accounts.flatMap((account) => account.split(',')).map((account) => account.trim())),
    ].filter((account) => account !== '');
    for (const account of normalized) {
      if (!accountNamePattern.test(account))
        throw invalid('accounts', 'account names', `Invalid account name "${account}".`);
    }
    return normalized;
  }

  function checkBudget(
    credits: number | null | undefined,
    period: string | null | undefined,
  ): Pick<PersonaRow, 'budgetUsd' | 'budgetPeriod'> {
    if (credits !== undefined && credits !== null && (!Number.isFinite(credits) || credits < 0)) {
      throw invalid('budget', 'US dollars ≥ 0', `Invalid budget ${credits}.`);
    }
    if (
      period !== undefined &&
      period !== null &&
      !(personaBudgetPeriods as readonly string[]).includes(period)
    ) {
      throw invalid('budget_period', personaBudgetPeriods.join(' | '), `Invalid budget period "${period}".`);
    }
    return {
      budgetUsd: credits ?? null,
      budgetPeriod: credits === undefined || credits === null ? (period ?? null) : (period ?? 'month'),
    };
  }

  function checkDuration(field: string, value: number | null | undefined): void {
    if (value === undefined || value === null) return;
    if (!Number.isFinite(value) || value < 0) {
      throw invalid(field, 'a duration ≥ 0 (ms)', `Invalid ${field} ${value}.`);
    }
  }

  async function find(idOrName: string): Promise<PersonaRow> {
    const row = (await store.getPersona(idOrName)) ?? (await store.getPersonaByName(idOrName));
    if (!row) throw new PersonaNotFoundError(idOrName);
    return row;
  }

  return {
    async create(createOptions, actor) {
      checkName(createOptions.name);
      const scopes = checkScopes(
        createOptions.scopes && createOptions.scopes.length > 0 ? createOptions.scopes : ['read'],
      );
      const accounts = checkAccounts(createOptions.accounts ?? []);
      const budget = checkBudget(createOptions.budgetUsd, createOptions.budgetPeriod);
      checkDuration('token_ttl', createOptions.tokenTtlMs);
      return audit.run({
        action: 'persona.create',
        actor,
        details: {
          name: createOptions.name,
          scopes,
          accounts,
          budget_usd: budget.budgetUsd,
          budget_period: budget.budgetPeriod,
          token_ttl_ms: createOptions.tokenTtlMs ?? null,
        },
        work: async () => {
          const token = generatePersonaToken();
          const at = now();
          const row: PersonaRow = {
            id: `ps_${randomBytes(8).toString('hex')}`,
            name: createOptions.name,
            tokenHash: hashPersonaToken(token),
            scopes,
            accounts,
            ...budget,
            status: 'active',
            createdAt: at,
            updatedAt: at,
            revokedAt: null,
            tokenTtlMs: createOptions.tokenTtlMs ?? null,
            tokenExpiresAt: expiry(createOptions.tokenTtlMs),
          };
          await store.insertPersona(row);
          return { persona: publicPersona(row), token };
        },
        changes: ({ persona }) => ({ id: persona.id, token_expires_at: persona.tokenExpiresAt ?? null }),
      });
    },

    async list() {
      return (await store.listPersonas()).map(publicPersona);
    },

    async get(idOrName) {
      return publicPersona(await find(idOrName));
    },

    async update(idOrName, updateOptions, actor) {
      const row = await find(idOrName);
      const patch: PersonaPatch = {};
      if (updateOptions.name !== undefined) {
        checkName(updateOptions.name);
        patch.name = updateOptions.name;
      }
      if (
        updateOptions.scopes !== undefined ||
        updateOptions.addScopes !== undefined ||
        updateOptions.removeScopes !== undefined
      ) {
        const removed = new Set(normalizeScopes(updateOptions.removeScopes ?? []));
        const base = updateOptions.scopes !== undefined ? normalizeScopes(updateOptions.scopes) : row.scopes;
        patch.scopes = checkScopes(
          [...base, ...(updateOptions.addScopes ?? [])].filter((scope) => !removed.has(scope)),
        );
      }
      if (updateOptions.accounts !== undefined) patch.accounts = checkAccounts(updateOptions.accounts);
      if (updateOptions.budgetUsd !== undefined || updateOptions.budgetPeriod !== undefined) {
        Object.assign(
          patch,
          checkBudget(
            updateOptions.budgetUsd === undefined ? row.budgetUsd : updateOptions.budgetUsd,
            updateOptions.budgetPeriod === undefined ? row.budgetPeriod : updateOptions.budgetPeriod,
          ),
        );
      }
      if (updateOptions.tokenTtlMs !== undefined) {
        checkDuration('token_ttl', updateOptions.tokenTtlMs);
        patch.tokenTtlMs = updateOptions.tokenTtlMs;
        patch.tokenExpiresAt = expiry(updateOptions.tokenTtlMs);
      }
      return audit.run({
        action: 'persona.update',
        actor,
        details: { persona: row.name, id: row.id },
        work: async () => {
          const updated = await store.updatePersona(row.id, patch, now());
          if (!updated) throw new PersonaNotFoundError(idOrName);
          return publicPersona(updated);
        },
        // What changed, as before → after of each patched field.
        changes: (updated) =>
          Object.fromEntries(
            Object.keys(patch).map((field) => [
              field,
              {
                from: row[field as keyof PersonaPatch] ?? null,
                to: updated[field as keyof typeof updated] ?? null,
              },
            ]),
          ),
      });
    },

    async revoke(idOrName, actor) {
      const row = await find(idOrName);
      return audit.run({
        action: 'persona.revoke',
        actor,
        details: { persona: row.name, id: row.id },
        work: async () => {
          if (row.status === 'revoked') return publicPersona(row);
          const at = now();
          const updated = await store.updatePersona(row.id, { status: 'revoked', revokedAt: at }, at);
          if (!updated) throw new PersonaNotFoundError(idOrName);
          return publicPersona(updated);
        },
        changes: (persona) => ({
          status: { from: row.status, to: persona.status },
          revoked_at: persona.revokedAt,
        }),
      });
    },

    async rotateToken(idOrName, rotateOptions = {}, actor) {
      const row = await find(idOrName);
      const graceMs = rotateOptions.graceMs ?? 0;
      checkDuration('grace', graceMs);
      return audit.run({
        action: 'persona.rotate',
        actor,
        details: { persona: row.name, id: row.id, grace_ms: graceMs },
        work: async () => {
          const token = generatePersonaToken();
          const updated = await store.updatePersona(
            row.id,
            {
              tokenHash: hashPersonaToken(token),
              tokenExpiresAt: expiry(row.tokenTtlMs),
              previousTokenHash: graceMs > 0 ? row.tokenHash : null,
              previousTokenExpiresAt: graceMs > 0 ? new Date(clock.now() + graceMs).toISOString() : null,
            },
            now(),
          );
          if (!updated) throw new PersonaNotFoundError(idOrName);
          return { persona: publicPersona(updated), token };
        },
        changes: ({ persona }) => ({
          token_expires_at: persona.tokenExpiresAt ?? null,
          previous_token_valid_until: persona.previousTokenExpiresAt ?? null,
        }),
      });
    },

    async authenticate(caller, reads = store) {
      let row: PersonaRow | undefined;
      let tokenHash: string | undefined;
      if (caller.personaToken !== undefined) {
        if (!looksLikePersonaToken(caller.personaToken))
          throw new PersonaAuthError('The persona token is malformed.');
        tokenHash = hashPersonaToken(caller.personaToken);
        row = await reads.getPersonaByTokenHash(tokenHash);
      } else if (caller.personaTokenHash !== undefined) {
        tokenHash = caller.personaTokenHash;
        row = await reads.getPersonaByTokenHash(tokenHash);
      } else if (caller.personaId !== undefined) {
        row = await reads.getPersona(caller.personaId);
      } else {
        throw new PersonaAuthError('No persona token was given.');
      }
      if (!row) throw new PersonaAuthError();
      if (row.status !== 'active') throw new PersonaRevokedError(row.name);
      const at = clock.now();
      if (tokenHash !== undefined && tokenHash !== row.tokenHash) {
        // The token a rotation replaced: accepted only during its grace period.
        const until = row.previousTokenExpiresAt ? Date.parse(row.previousTokenExpiresAt) : 0;
        if (until <= at) {
          throw new PersonaAuthError(
            `This token of persona "${row.name}" was replaced by a rotation and no longer works.`,
          );
        }
      } else if (row.tokenExpiresAt && Date.parse(row.tokenExpiresAt) <= at) {
        throw new PersonaAuthError(
          `The token of persona "${row.name}" expired at ${row.tokenExpiresAt}; an operator can issue a new one ` +
            `with \`heygate personas rotate-token ${row.name}\`.`,
        );
      }
      return row;
    },

    matcher(persona) {
      const key = persona.scopes.join('\n');
      let matcher = matchers.get(key);
      if (!matcher) {
        // Stored scopes were validated when written; an area that later left the catalog just matches nothing.
        matcher = compileScopes(persona.scopes);
        if (matchers.size > 1000) matchers.clear();
        matchers.set(key, matcher);
      }
      return matcher;
    },
  };
}
