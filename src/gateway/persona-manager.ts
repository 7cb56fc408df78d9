import { randomBytes } from 'node:crypto';
import type { ToolDefinition } from '../catalog/define-tool.ts';
import { InvalidInputError } from '../catalog/errors.ts';
import type { PersonaPatch, PersonaRow, Store } from '../store/store.ts';
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
}

/** Options of {@link createPersonaManager}. */
export interface PersonaManagerOptions {
  store: Store;
  /** Catalog tools: their areas validate `area:` grants. */
  tools: readonly ToolDefinition[];
  /** Time source for timestamps (default `Date.now`). */
  clock?: { now(): number };
}

/** Creates, lists, changes and revokes personas; authenticates their tokens. */
export interface PersonaManager {
  /** Creates a persona; the token is returned here once and never again. */
  create(options: CreatePersonaOptions): Promise<{ persona: Persona; token: string }>;
  list(): Promise<Persona[]>;
  /** By id or name; throws `PersonaNotFoundError`. */
  get(idOrName: string): Promise<Persona>;
  update(idOrName: string, options: UpdatePersonaOptions): Promise<Persona>;
  /** Revokes: the next call with its token (or an open session's persona id) is refused. */
  revoke(idOrName: string): Promise<Persona>;
  /** Issues a new token (the old one stops working at once) and re-activates nothing. */
  rotateToken(idOrName: string): Promise<{ persona: Persona; token: string }>;
  /**
   * Resolves a bearer token or a session's persona id to an active persona. Reads the store on every call
   * (no cache), so a revocation takes effect on the very next call. Throws `PersonaAuthError` or
   * `PersonaRevokedError`.
   */
  authenticate(caller: { personaToken?: string; personaId?: string }): Promise<PersonaRow>;
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
  const knownAreas = new Set(options.tools.map((tool) => tool.area));
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
    compileScopes(normalized, { knownAreas });
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

  async function find(idOrName: string): Promise<PersonaRow> {
    const row = (await store.getPersona(idOrName)) ?? (await store.getPersonaByName(idOrName));
    if (!row) throw new PersonaNotFoundError(idOrName);
    return row;
  }

  return {
    async create(createOptions) {
      checkName(createOptions.name);
      const scopes = checkScopes(
        createOptions.scopes && createOptions.scopes.length > 0 ? createOptions.scopes : ['read'],
      );
      const accounts = checkAccounts(createOptions.accounts ?? []);
      const budget = checkBudget(createOptions.budgetUsd, createOptions.budgetPeriod);
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
      };
      await store.insertPersona(row);
      return { persona: publicPersona(row), token };
    },

    async list() {
      return (await store.listPersonas()).map(publicPersona);
    },

    async get(idOrName) {
      return publicPersona(await find(idOrName));
    },

    async update(idOrName, updateOptions) {
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
      const updated = await store.updatePersona(row.id, patch, now());
      if (!updated) throw new PersonaNotFoundError(idOrName);
      return publicPersona(updated);
    },

    async revoke(idOrName) {
      const row = await find(idOrName);
      if (row.status === 'revoked') return publicPersona(row);
      const at = now();
      const updated = await store.updatePersona(row.id, { status: 'revoked', revokedAt: at }, at);
      if (!updated) throw new PersonaNotFoundError(idOrName);
      return publicPersona(updated);
    },

    async rotateToken(idOrName) {
      const row = await find(idOrName);
      const token = generatePersonaToken();
      const updated = await store.updatePersona(row.id, { tokenHash: hashPersonaToken(token) }, now());
      if (!updated) throw new PersonaNotFoundError(idOrName);
      return { persona: publicPersona(updated), token };
    },

    async authenticate(caller) {
      let row: PersonaRow | undefined;
      if (caller.personaToken !== undefined) {
        if (!looksLikePersonaToken(caller.personaToken))
          throw new PersonaAuthError('The persona token is malformed.');
        row = await store.getPersonaByTokenHash(hashPersonaToken(caller.personaToken));
      } else if (caller.personaId !== undefined) {
        row = await store.getPersona(caller.personaId);
      } else {
        throw new PersonaAuthError('No persona token was given.');
      }
      if (!row) throw new PersonaAuthError();
      if (row.status !== 'active') throw new PersonaRevokedError(row.name);
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
