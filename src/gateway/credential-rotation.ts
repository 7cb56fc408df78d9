import { HeyGateError, InvalidInputError } from '../catalog/errors.ts';
import type { Store } from '../store/store.ts';
import type { RotateMasterKeyOptions, RotationReport, Vault } from '../vault/vault.ts';
import { refreshWindowMs, type AccountManager } from './account-manager.ts';
import type { AdminActor, AdminAudit } from './admin-audit.ts';
import type { OAuthFlows } from './oauth-flows.ts';
import type { PersonaManager } from './persona-manager.ts';
import { accountPendingKeyId, webhookPreviousSecretId } from './secret-ids.ts';
import type { WebhookManager } from './webhook-manager.ts';

/** What a rotation schedule applies to. */
export type RotationSubject = 'master_key' | 'api_key' | 'webhook_secret';

/** Rotation schedules the operator set: every subject, optionally per account. */
export interface RotationPolicy {
  subject: RotationSubject;
  /** One account (api_key, webhook_secret); absent = every account without its own schedule. */
  account?: string;
  /** Interval in ms. */
  everyMs: number;
}

/** One credential and whether something is due. */
export interface RotationItem {
  kind: 'master_key' | 'api_key' | 'oauth_token' | 'webhook_secret' | 'persona_token';
  /** Account or persona name; null for the master key. */
  name: string | null;
  /** When it was last rotated (issued, connected, refreshed for OAuth tokens). */
  lastRotatedAt: string | null;
  /** The schedule in ms; null when none applies. */
  everyMs: number | null;
  /** When it is due (schedule, refresh window) or expires (persona tokens). */
  dueAt: string | null;
  /**
   * `ok`; `due` (the time has come); `pending` (a rotation is under way: a staged key, an unfinished master-key
   * rotation); `expired` (past its expiry); `failing` (an OAuth connection that cannot refresh).
   */
  state: 'ok' | 'due' | 'pending' | 'expired' | 'failing';
  /** True when heygate does it itself (`heygate serve` in the background, or `heygate vault rotate-due`). */
  automatic: boolean;
  /** What happens next, or what the operator should do. */
  note: string;
}

/** What one `runDue` did. */
export interface RotationAction {
  kind: RotationItem['kind'] | 'cleanup';
  name: string | null;
  outcome: 'done' | 'waiting' | 'skipped' | 'failed';
  detail?: string;
}

/** Options of {@link createCredentialRotation}. */
export interface CredentialRotationOptions {
  store: Store;
  vault: Vault;
  accounts: AccountManager;
  personas: PersonaManager;
  webhooks: WebhookManager;
  oauthFlows: OAuthFlows;
  audit: AdminAudit;
  clock?: { now(): number };
  /** A persona token is `due` this long before it expires (default 7 days, at most a quarter of its lifetime). */
  personaWarningMs?: number;
}

/**
 * Rotation on a schedule the operator sets (ADR 0031): schedules per subject in the store's settings, a status
 * of everything that is due, and `runDue`, which does what heygate can do by itself — refresh OAuth tokens
 * ahead of expiry, verify staged API keys, rotate webhook secrets and (with a key file) the master key — and
 * reports the rest (API keys are minted in HeyGen's dashboard; persona tokens must reach their agents).
 */
export interface CredentialRotation {
  /** Every schedule set. */
  policies(): Promise<RotationPolicy[]>;
  /** Sets (or clears, with `everyMs: null`) a schedule. */
  setPolicy(
    policy: { subject: RotationSubject; account?: string; everyMs: number | null },
    actor?: AdminActor,
  ): Promise<RotationPolicy[]>;
  /** Every credential with its schedule and state. */
  status(): Promise<RotationItem[]>;
  /** Does what is due and can be done without the operator. */
  runDue(actor?: AdminActor): Promise<RotationAction[]>;
  /** Rotates (or resumes rotating) the master key, as an audited admin action. */
  rotateMasterKey(options?: RotateMasterKeyOptions, actor?: AdminActor): Promise<RotationReport>;
}

const settingPrefix = 'rotation:';
const settingKey = (subject: RotationSubject, account?: string) =>
  `${settingPrefix}${subject}${account ? `:${account}` : ''}`;
const subjects: readonly RotationSubject[] = ['master_key', 'api_key', 'webhook_secret'];

/** Creates the rotation scheduler over the gateway's parts. */
export function createCredentialRotation(options: CredentialRotationOptions): CredentialRotation {
  const { store, vault, accounts, personas, webhooks, audit } = options;
  const clock = options.clock ?? Date;
  const iso = (ms: number) => new Date(ms).toISOString();

  async function policies(): Promise<RotationPolicy[]> {
    return (await store.listSettings(settingPrefix)).map(({ key, value }) => {
      const [subject, account] = key.slice(settingPrefix.length).split(':') as [RotationSubject, string?];
      const everyMs = (JSON.parse(value) as { every_ms: number }).every_ms;
      return { subject, ...(account ? { account } : {}), everyMs };
    });
  }

  function everyFor(all: RotationPolicy[], subject: RotationSubject, account?: string): number | null {
    const own = all.find((policy) => policy.subject === subject && policy.account === account);
    const general = all.find((policy) => policy.subject === subject && policy.account === undefined);
    return (own ?? general)?.everyMs ?? null;
  }

  /** `due` when `last + every` has passed. */
  function scheduled(last: string | null, everyMs: number | null): Pick<RotationItem, 'dueAt' | 'state'> {
    if (everyMs === null || last === null) return { dueAt: null, state: 'ok' };
    const dueAt = Date.parse(last) + everyMs;
    return { dueAt: iso(dueAt), state: dueAt <= clock.now() ? 'due' : 'ok' };
  }

  async function masterKeyItem(all: RotationPolicy[]): Promise<RotationItem> {
    const status = await vault.status();
    const active = (await store.listMasterKeys()).find((row) => row.version === status.activeVersion);
    const everyMs = everyFor(all, 'master_key');
    const automatic = status.keySource === 'file';
    const base = {
      kind: 'master_key' as const,
      name: null,
      lastRotatedAt: active?.activatedAt ?? null,
      everyMs,
      automatic,
    };
    if (status.pending) {
      return {
        ...base,
        dueAt: null,
        state: 'pending',
        note: `rotation to version ${status.pending.version} unfinished (${status.pending.rewrapped}/${status.pending.total}); run \`heygate vault rotate-master-key\``,
      };
    }
    return {
      ...base,
      ...scheduled(base.lastRotatedAt, everyMs),
      note: automatic
        ? 'rotated automatically when due (key file)'
        : 'due rotations need the new key: `heygate vault rotate-master-key --new-key-from-env VAR`',
    };
  }

  async function accountItems(all: RotationPolicy[]): Promise<RotationItem[]> {
    const items: RotationItem[] = [];
    for (const account of await accounts.list()) {
      if (account.source !== 'vault') continue;
      if (account.authKind === 'oauth') {
        const row = await store.getAccount(account.name);
        const expires = account.credentialExpiresAt ? Date.parse(account.credentialExpiresAt) : null;
        const failing =
          account.health === 'unauthorized' && (account.healthDetail ?? '').startsWith('oauth_');
        const dueAt = expires === null || !row ? null : expires - refreshWindowMs(row);
        items.push({
          kind: 'oauth_token',
          name: account.name,
          lastRotatedAt: account.lastVerifiedAt,
          everyMs: null,
          dueAt: dueAt === null ? null : iso(dueAt),
          state: failing
            ? 'failing'
            : expires !== null && expires <= clock.now()
              ? 'expired'
              : dueAt !== null && dueAt <= clock.now()
                ? 'due'
                : 'ok',
          automatic: !failing,
          note: failing
            ? `cannot refresh (${account.healthDetail}); connect again: \`heygate accounts connect ${account.name} --oauth\``
            : 'refreshed automatically before it expires',
        });
      } else {
        const everyMs = everyFor(all, 'api_key', account.name);
        const pending = account.pendingKey;
        items.push({
          kind: 'api_key',
          name: account.name,
          lastRotatedAt: account.credentialRotatedAt ?? account.createdAt,
          everyMs,
          ...(pending
            ? { dueAt: pending.expiresAt, state: 'pending' as const }
            : scheduled(account.credentialRotatedAt ?? account.createdAt, everyMs)),
          automatic: false,
          note: pending
            ? `new key staged ${pending.stagedAt}, verified automatically until ${pending.expiresAt ?? 'now'}; the current key keeps working`
            : `create a new key in HeyGen, then \`heygate accounts rotate ${account.name} --grace 1d\``,
        });
      }
    }
    for (const webhook of await webhooks.status()) {
      const everyMs = everyFor(all, 'webhook_secret', webhook.account);
      items.push({
        kind: 'webhook_secret',
        name: webhook.account,
        lastRotatedAt: webhook.rotatedAt,
        everyMs,
        ...scheduled(webhook.rotatedAt, everyMs),
        automatic: true,
        note: webhook.previousSecretUntil
          ? `previous secret accepted until ${webhook.previousSecretUntil}`
          : everyMs === null
            ? `rotate with \`heygate webhooks rotate ${webhook.account}\``
            : 'rotated automatically when due',
      });
    }
    return items;
  }

  async function personaItems(): Promise<RotationItem[]> {
    const items: RotationItem[] = [];
    for (const persona of await personas.list()) {
      if (persona.status !== 'active' || !persona.tokenExpiresAt) continue;
      const expires = Date.parse(persona.tokenExpiresAt);
      const warning = Math.min(
        options.personaWarningMs ?? 7 * 86_400_000,
        (persona.tokenTtlMs ?? Infinity) / 4,
      );
      const state = expires <= clock.now() ? 'expired' : expires - warning <= clock.now() ? 'due' : 'ok';
      items.push({
        kind: 'persona_token',
        name: persona.name,
        lastRotatedAt: persona.tokenTtlMs ? iso(expires - persona.tokenTtlMs) : null,
        everyMs: persona.tokenTtlMs ?? null,
        dueAt: persona.tokenExpiresAt,
        state,
        automatic: false,
        note: `issue the next token before it expires: \`heygate personas rotate-token ${persona.name} --grace 1h\``,
      });
    }
    return items;
  }

  const rotation: CredentialRotation = {
    policies,

    async setPolicy(policy, actor) {
      if (!subjects.includes(policy.subject)) {
        throw new InvalidInputError('rotation', [
          {
            field: 'subject',
            expected: subjects.join(' | '),
            message: `Unknown subject "${policy.subject}".`,
          },
        ]);
      }
      if (policy.everyMs !== null && (!Number.isFinite(policy.everyMs) || policy.everyMs < 60_000)) {
        throw new InvalidInputError('rotation', [
          {
            field: 'every',
            expected: 'a duration of at least 1m',
            message: `Invalid interval ${policy.everyMs}.`,
          },
        ]);
      }
      if (policy.account !== undefined) {
        if (policy.subject === 'master_key') {
          throw new InvalidInputError('rotation', [
            {
              field: 'account',
              expected: 'no account for the master key',
              message: 'The master key has no account.',
            },
          ]);
        }
        await accounts.get(policy.account);
      }
      const key = settingKey(policy.subject, policy.account);
      return audit.run({
        action: 'vault.schedule',
        actor,
        account: policy.account ?? null,
        details: { subject: policy.subject, account: policy.account ?? null, every_ms: policy.everyMs },
        work: async () => {
          if (policy.everyMs === null) await store.deleteSetting(key);
          else await store.putSetting(key, JSON.stringify({ every_ms: policy.everyMs }), iso(clock.now()));
          return policies();
        },
      });
    },

    async status() {
      const all = await policies();
      return [await masterKeyItem(all), ...(await accountItems(all)), ...(await personaItems())];
    },

    async runDue(actor) {
      const actions: RotationAction[] = [];
      const attempt = async (
        kind: RotationAction['kind'],
        name: string | null,
        work: () => Promise<RotationAction['outcome']>,
      ) => {
        try {
          actions.push({ kind, name, outcome: await work() });
        } catch (error) {
          actions.push({
            kind,
            name,
            outcome: 'failed',
            detail: HeyGateError.isInstance(error) ? `${error.code}: ${error.message}` : 'internal error',
          });
        }
      };
      for (const refreshed of await accounts.refreshDue()) {
        actions.push({
          kind: 'oauth_token',
          name: refreshed.name,
          outcome: refreshed.error ? 'failed' : refreshed.refreshed ? 'done' : 'skipped',
          ...(refreshed.error ? { detail: refreshed.error } : {}),
        });
      }
      for (const staged of await store.listSecrets(accountPendingKeyId(''))) {
        const name = staged.id.slice(accountPendingKeyId('').length);
        await attempt('api_key', name, async () => {
          const state = await accounts.verifyPending(name, actor);
          return state === 'rotated' ? 'done' : state === 'waiting' ? 'waiting' : 'skipped';
        });
      }
      const items = await rotation.status();
      for (const item of items) {
        if (item.kind === 'webhook_secret' && item.state === 'due' && item.name !== null) {
          const name = item.name;
          await attempt('webhook_secret', name, async () => {
            await webhooks.rotate(name, {}, actor);
            return 'done';
          });
        }
        if (
          item.kind === 'master_key' &&
          item.automatic &&
          (item.state === 'due' || item.state === 'pending')
        ) {
          await attempt('master_key', null, async () => {
            await rotation.rotateMasterKey({}, actor);
            return 'done';
          });
        }
      }
      await attempt('cleanup', null, async () => {
        const pruned = await options.oauthFlows.prune();
        for (const webhook of await webhooks.status()) {
          if (webhook.previousSecretUntil === null)
            await store.deleteSecret(webhookPreviousSecretId(webhook.account));
        }
        return pruned > 0 ? 'done' : 'skipped';
      });
      return actions;
    },

    async rotateMasterKey(rotateOptions = {}, actor) {
      const before = await vault.status();
      return audit.run({
        action: 'vault.rotate-master-key',
        actor,
        details: { from_key_id: before.activeKeyId, resume: before.pending !== undefined },
        work: () => vault.rotateMasterKey(rotateOptions),
        changes: (report) => ({
          to_key_id: report.toKeyId,
          version: report.version,
          rewrapped: report.rewrapped,
          total: report.total,
          env_update_required: report.envUpdateRequired,
        }),
      });
    },
  };
  return rotation;
}
