import { HeyGateError } from '../catalog/errors.ts';

/**
 * Gateway errors (DESIGN.md "Errors", kind 2): thrown by `execute()` and the managers, mapped once per
 * surface (exit code 3 in the CLI, 401/403 problem+json over HTTP, a protocol error in MCP). Messages name
 * personas and accounts, never tokens or keys.
 *
 * Codes:
 * - `unauthenticated`       the persona token (or session persona id) is unknown or malformed
 * - `persona_revoked`       the persona was revoked; takes effect on the very next call
 * - `scope_denied`          the persona's scopes do not allow the tool, or the account is not among its accounts
 * - `unknown_account`       no account of that name (and no `HEYGEN_API_KEY` for `default`)
 * - `unknown_persona`       no persona of that id or name (management commands)
 * - `invalid_scope`         a scope grant does not parse (ADR 0007)
 * - `account_verification_failed`  HeyGen did not accept a key being added or rotated in
 * - `audit_unavailable`     the audit record could not be written, so the call's result is withheld
 */

/** The persona token or session persona is not known. */
export class PersonaAuthError extends HeyGateError {
  constructor(message = 'The persona token is not valid.') {
    super(message, {
      code: 'unauthenticated',
      hint: 'Pass the bearer token `heygate personas create` printed, or ask an operator for a new one.',
    });
    this.name = 'PersonaAuthError';
  }
}

/** The persona was revoked. */
export class PersonaRevokedError extends HeyGateError {
  readonly persona: string;
  constructor(persona: string) {
    super(`Persona "${persona}" has been revoked.`, {
      code: 'persona_revoked',
      hint: 'An operator revoked this persona; nothing it asks is sent to HeyGen.',
    });
    this.name = 'PersonaRevokedError';
    this.persona = persona;
  }
}

/** The persona may not call the tool or use the account. */
export class ScopeDeniedError extends HeyGateError {
  readonly persona: string;
  readonly tool: string;
  /** Set when the account, not the tool, was refused. */
  readonly account: string | undefined;
  constructor(options: { persona: string; tool: string; access?: string; area?: string; account?: string }) {
    const message = options.account
      ? `Persona "${options.persona}" may not use account "${options.account}".`
      : `Persona "${options.persona}" may not call ${options.tool} (access ${options.access}, area ${options.area}).`;
    super(message, {
      code: 'scope_denied',
      hint: options.account
        ? `An operator can allow it: heygate personas update ${options.persona} --accounts …,${options.account}`
        : options.access !== undefined && options.access === options.area
          ? // A reserved grant (lua, flows, admin) is one word, not a tool or an access class.
            `An operator can grant it: heygate personas update ${options.persona} --add ${options.access}.`
          : `An operator can grant it: heygate personas update ${options.persona} --add ${options.tool} (this tool), or --add ${options.access}+area:${options.area} (its area).`,
    });
    this.name = 'ScopeDeniedError';
    this.persona = options.persona;
    this.tool = options.tool;
    this.account = options.account;
  }
}

/** No account of that name. */
export class AccountNotFoundError extends HeyGateError {
  readonly account: string;
  constructor(account: string) {
    super(`No HeyGen account named "${account}".`, {
      code: 'unknown_account',
      hint:
        account === 'default'
          ? 'Set HEYGEN_API_KEY, or add one with `heygate accounts add default` (key on stdin).'
          : 'List accounts with `heygate accounts list`.',
    });
    this.name = 'AccountNotFoundError';
    this.account = account;
  }
}

/** No persona of that id or name. */
export class PersonaNotFoundError extends HeyGateError {
  constructor(persona: string) {
    super(`No persona named or with id "${persona}".`, {
      code: 'unknown_persona',
      hint: 'List personas with `heygate personas list`.',
    });
    this.name = 'PersonaNotFoundError';
  }
}

/** A scope grant does not parse. */
export class InvalidScopeError extends HeyGateError {
  readonly scope: string;
  constructor(scope: string, reason: string) {
    super(`Invalid scope "${scope}": ${reason}${/[.?]$/.test(reason) ? '' : '.'}`, {
      code: 'invalid_scope',
      hint: 'A scope is read, write, destructive, area:<area>, a tool-name glob such as video_*, or `!` before any of them to deny; join selectors with + to intersect (write+area:videos).',
    });
    this.name = 'InvalidScopeError';
    this.scope = scope;
  }
}

/** HeyGen did not accept a key being added or rotated in (the old key, if any, stays). */
export class AccountVerificationError extends HeyGateError {
  readonly account: string;
  constructor(account: string, cause: unknown) {
    const reason = HeyGateError.isInstance(cause) ? `${cause.code}: ${cause.message}` : 'unexpected error';
    super(`HeyGen did not accept the key for account "${account}" (${reason}).`, {
      code: 'account_verification_failed',
      hint: "Check the key in HeyGen's settings (API tab); nothing was stored.",
      cause,
    });
    this.name = 'AccountVerificationError';
    this.account = account;
  }
}

/** The audit record of a call could not be written; the call's result is withheld (fail closed). */
export class AuditWriteError extends HeyGateError {
  constructor(cause: unknown) {
    super('The audit log could not be written, so the result of this call is withheld.', {
      code: 'audit_unavailable',
      retryable: true,
      hint: 'Check the database (disk space, connectivity). A create may have run on HeyGen: look it up before retrying.',
      cause,
    });
    this.name = 'AuditWriteError';
  }
}
